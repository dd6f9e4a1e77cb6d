"""An HS2017 code finds no rule in an HS2022 tariff, and the message says what it became."""

from __future__ import annotations

import doctest

import pytest

from pricing_engine import hs_editions
from pricing_engine.hs_editions import edition_note


def test_doctests() -> None:
    result = doctest.testmod(hs_editions)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(("hs", "note"), [
    # HS2022 split office chairs (HS2017 9401.30) into 9401.31 (wooden) and 9401.39
    ("9401.30", "HS 940130 is an HS2017 subheading that HS2022 does not have: it became "
                "940131, 940139"),
    ("9401.30.10", "HS 940130 is an HS2017 subheading that HS2022 does not have: it became "
                   "940131, 940139"),
    # HS2022 moved smartphones' HS2017 8517.12 to 8517.13 and 8517.14 (and slivers elsewhere)
    ("851712", "HS 851712 is an HS2017 subheading that HS2022 does not have: it became "
               "851713, 851714, 852411, 852412 and 13 more"),
    ("0105.00", "HS 010500 is not a subheading of HS2022 (nor of HS2017)"),
    # codes of HS2022, and codes too short to be a subheading: nothing to say
    ("9401.31", ""), ("8517.13.00.00", ""), ("9401", ""), ("", ""),
])  # fmt: skip
def test_edition_note(hs: str, note: str) -> None:
    assert edition_note(hs) == note

