"""Canada's surtaxes in the bundled rules: the countermeasures to the US metals and automobile
tariffs (25 % on US steel, aluminium and vehicles, kept after the other US goods were relieved
on 2025-09-01) and the China surtax on steel and aluminium, each flagged for a check of the
order's list (confidence low)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.rules import RuleBook, load_rules

DAY = date(2026, 11, 20)
METALS = "United States surtax (steel and aluminium)"
VEHICLES = "United States surtax (motor vehicles)"


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules()


def _extra(book: RuleBook, hs: str, origin: str, on: date = DAY,
           claim: str | None = None) -> dict[str, tuple[Decimal | None, str | None]]:
    found = book.duty("CA", hs, origin, on, claimed_agreement=claim)
    return {a.name: (a.rate, a.ref.confidence) for a in found.additional}


@pytest.mark.parametrize(("hs", "name"), [
    ("7208.51.00", METALS),    # hot-rolled flat steel
    ("7604.10.00", METALS),    # aluminium bars
    ("8703.23.00", VEHICLES),  # cars
])
def test_us_metals_and_vehicles_pay_the_countermeasure(book: RuleBook, hs: str,
                                                       name: str) -> None:
    assert _extra(book, hs, "US") == {name: (Decimal("0.25"), "low")}
    assert _extra(book, hs, "US", claim="CUSMA") == {name: (Decimal("0.25"), "low")}
    assert _extra(book, hs, "DE") == {}  # US goods only


@pytest.mark.parametrize(("hs", "name", "start"), [
    ("7208.51.00", METALS, date(2025, 3, 13)), ("8703.23.00", VEHICLES, date(2025, 4, 9))])
def test_the_countermeasures_start_on_their_day(book: RuleBook, hs: str, name: str,
                                                start: date) -> None:
    assert name not in _extra(book, hs, "US", on=start.replace(day=start.day - 1))
    assert name in _extra(book, hs, "US", on=start)


def test_other_us_goods_pay_none(book: RuleBook) -> None:
    assert _extra(book, "9403.60.10", "US") == {}  # wooden furniture: relieved 2025-09-01


def test_chinese_aluminium_pays_the_china_surtax(book: RuleBook) -> None:
    assert _extra(book, "7604.10.00", "CN") == {"China surtax": (Decimal("0.25"), "low")}
