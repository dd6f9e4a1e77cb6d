"""A table's MFN lines are dated back over the unbroken run of earlier editions, newest
first, that charge them alike (:func:`pricing_engine.tariff.carry_back.carry_back`).

HTS 2025 Basic's JSON export lacks 4420.19.00, which 2025 Revision 32 and 2026 Revision 10
charge alike (3.2 %): the line holds from Revision 32, not from the table's own day only,
and not from Basic, which does not give it.
"""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import InputError, MissingRule
from pricing_engine.rules import load_rules
from pricing_engine.rules.model import TariffFile
from pricing_engine.tariff.carry_back import carry_back
from pricing_engine.tariff.table import render_table
from tests.rules.conftest import rules_with_table

BASIC, REV32, REV10 = date(2025, 1, 1), date(2025, 11, 15), date(2026, 6, 8)


def table(day: date, *lines: tuple[str, str]) -> TariffFile:
    return TariffFile.model_validate({
        "tariff": "US", "as_of": day, "valid_from": day, "sources": [{"id": "s", "title": "t"}],
        "mfn": [{"hs": hs, "rate": rate} for hs, rate in lines]})


def dates(out: TariffFile) -> dict[str, date | None]:
    return {e.hs: e.valid_from for e in out.mfn}


def test_each_line_is_dated_from_the_oldest_edition_of_its_run() -> None:
    now = table(REV10, ("44201100", "0.032"), ("44201900", "0.032"), ("44209080", "0.032"),
                ("44209045", "0.043"))
    rev32 = table(REV32, ("44201100", "0.032"), ("44201900", "0.032"), ("44209080", "0.032"),
                  ("44209045", "0.05"))
    basic = table(BASIC, ("44201100", "0.032"), ("44209080", "0.04"), ("44209045", "0.043"))
    # the editions in any order: they are taken newest first
    out, moved = carry_back(now, [basic, rev32])
    assert dates(out) == {
        "44201100": BASIC,   # alike in every edition
        "44201900": REV32,   # Basic lacks it
        "44209080": REV32,   # Basic charged 4 %
        "44209045": None,    # Revision 32 charged 5 %: the run breaks at once, though Basic
    }                        # charged 4.3 % again: the table's own day
    assert moved == 3
    assert [e.rate for e in out.mfn if not e.not_covered] == \
        [Decimal("0.032")] * 3 + [Decimal("0.043")]


def test_a_line_not_dated_back_as_far_as_its_neighbours_is_not_known_between(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 4420.90.45 keeps the table's day (Revision 32 charged 5 %), 4420.90.80 holds from
    # Revision 32: from then to the day before Revision 10, 4420.90.45 is not known, so
    # neither it nor 4420.90 is priced by 4420.90.80's 3.2 % (before, both were)
    now = table(REV10, ("44209080", "0.032"), ("44209045", "0.043"))
    rev32 = table(REV32, ("44209080", "0.032"), ("44209045", "0.05"))
    out, moved = carry_back(now, [rev32])
    assert moved == 1
    closed = [e for e in out.mfn if e.not_covered]
    assert [(e.hs, e.valid_from, e.valid_to) for e in closed] == \
        [("44209045", REV32, REV10 - timedelta(days=1))]
    assert "another duty, or no line" in str(closed[0].not_covered)
    book = load_rules(rules_with_table(tmp_path, monkeypatch, render_table(out)),
                      include_bundled=False)
    between = REV10 - timedelta(days=1)
    with pytest.raises(MissingRule, match="its duty before 2026-06-08 is not read here"):
        book.duty("US", "4420.90.45", "DE", between)
    with pytest.raises(MissingRule, match="44209045"):
        book.duty("US", "4420.90", "DE", between)
    assert book.duty("US", "4420.90.80", "DE", between).mfn.rate == Decimal("0.032")
    assert book.duty("US", "4420.90.45", "DE", REV10).mfn.rate == Decimal("0.043")


def test_an_edition_not_dated_before_the_table_is_refused() -> None:
    now = table(REV32, ("44201100", "0.032"))
    with pytest.raises(InputError, match="must be dated before the table"):
        carry_back(now, [table(REV10, ("44201100", "0.032"))])

