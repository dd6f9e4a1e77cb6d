"""pricing_engine.tariff.table.by_subheading: the national lines a table writes."""

from __future__ import annotations

import doctest
from decimal import Decimal

from pricing_engine.rules.fields import SpecificModel
from pricing_engine.rules.model import MfnEntry
from pricing_engine.tariff import table
from pricing_engine.tariff.table import by_subheading


def _line(hs: str, rate: str | None = None, **more: object) -> MfnEntry:
    return MfnEntry.model_validate({"hs": hs, **({"rate": rate} if rate else {}), **more})


def test_lines_that_charge_alike_become_one_six_digit_entry() -> None:
    out = by_subheading([_line("04069092", "0.1"), _line("04069010", "0.1", note="x")])
    assert [(e.hs, e.rate) for e in out] == [("040690", Decimal("0.1"))]
    assert out[0].note == "x"  # the first line by code gives the entry


def test_lines_of_different_duties_stay_lines() -> None:
    specific = SpecificModel(amount=Decimal("27.15"), currency="NOK", per="kg")
    out = by_subheading([_line("04069098", "2.77"), MfnEntry(hs="04069092", specific=specific),
                         _line("61091000", "0.107")])
    assert [e.hs for e in out] == ["04069092", "04069098", "610910"]


def test_a_line_not_covered_is_never_merged() -> None:
    out = by_subheading([MfnEntry(hs="19053100", not_covered="MX not encoded")])
    assert [(e.hs, e.not_covered) for e in out] == [("19053100", "MX not encoded")]


def test_the_docstring_example_holds() -> None:
    assert doctest.testmod(table).failed == 0
