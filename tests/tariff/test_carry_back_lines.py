"""A table's MFN lines are dated back over the unbroken run of earlier editions, newest
first, that charge them alike (:func:`pricing_engine.tariff.carry_back.carry_back`).

HTS 2025 Basic's JSON export lacks 4420.19.00, which 2025 Revision 32 and 2026 Revision 10
charge alike (3.2 %): the line holds from Revision 32, not from the table's own day only,
and not from Basic, which does not give it.
"""

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import InputError
from pricing_engine.rules.model import TariffFile
from pricing_engine.tariff.carry_back import carry_back

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
    assert [e.rate for e in out.mfn] == [Decimal("0.032")] * 3 + [Decimal("0.043")]


def test_an_edition_not_dated_before_the_table_is_refused() -> None:
    now = table(REV32, ("44201100", "0.032"))
    with pytest.raises(InputError, match="must be dated before the table"):
        carry_back(now, [table(REV10, ("44201100", "0.032"))])

