"""CSV for spreadsheets: text a spreadsheet would run as a formula gets a quote in front."""

from __future__ import annotations

import pytest

from pricing_engine._csvsafe import safe_row, spreadsheet_safe


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\r=x", "  =x", "\n@x", "\uff1dSUM(A1)"],
)
def test_formula_triggers_are_escaped(cell: str) -> None:
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["", "Banco Nacional de Cuba", "O'Brien", "a=b", "1-2", "'=x"])
def test_plain_text_is_left_alone(cell: str) -> None:
    assert spreadsheet_safe(cell) == cell


def test_numbers_and_none_are_not_text() -> None:
    assert safe_row([-0.5, 3, None, "-x"]) == [-0.5, 3, None, "'-x"]
