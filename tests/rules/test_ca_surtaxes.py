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
    # US goods only: German goods pay none, only the steel measures of 2025 on steel
    # (tests/rules/test_steel_and_cbam_measures.py)
    steel = {"Steel surtax (tariff-rate quota)": (Decimal(0), "low"),
             "Steel surtax (melted and poured in China)": (None, "low")}
    assert _extra(book, hs, "DE") == (steel if hs.startswith("72") else {})


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


@pytest.mark.parametrize("hs", [
    "8703.80.00",  # fully electric cars
    "8703.60.10",  # plug-in hybrids (spark ignition), a subheading the order lists whole
    "8703.40.90",  # non-plug-in hybrids
    "8702.40.10",  # electric buses
    "8704.41.90",  # the one item of its subheading the order lists
    "8704.60.00",  # electric trucks
])
def test_chinese_electric_and_hybrid_vehicles_pay_the_100_percent_surtax(
        book: RuleBook, hs: str) -> None:
    # the schedule of the China Surtax Order (2024), SOR/2024-187: 23 tariff items
    assert _extra(book, hs, "CN") == {"China surtax": (Decimal(1), "medium")}
    if hs.startswith("8703"):  # the days before the order (other vehicles: no MFN rule then)
        assert _extra(book, hs, "CN", on=date(2024, 9, 30)) == {}
        assert _extra(book, hs, "CN", on=date(2024, 10, 1)) != {}
    assert _extra(book, hs, "KR") == {}


def test_vehicles_the_order_does_not_list_pay_none(book: RuleBook) -> None:
    assert _extra(book, "8703.23.00", "CN") == {}  # petrol cars
    assert _extra(book, "8704.41.10", "CN") == {}  # the other item of 8704.41


@pytest.mark.parametrize("hs", ["7209.16.00", "7213.10.00", "7306.30.00"])
def test_chinese_steel_of_the_listed_headings_pays_the_surtax_flagged(book: RuleBook,
                                                                      hs: str) -> None:
    # and, beyond its quota, the steel surtax of 2025 (0 within it: see
    # tests/rules/test_steel_and_cbam_measures.py)
    assert _extra(book, hs, "CN") == {"China surtax": (Decimal("0.25"), "low"),
                                      "Steel surtax (tariff-rate quota)": (Decimal(0), "low")}
    assert _extra(book, "7318.15.00", "CN") == {}  # screws and bolts: not a listed heading
    assert _extra(book, "7208.51.00", "CN", on=date(2024, 10, 21)) == {}
    assert _extra(book, "7208.51.00", "CN", on=date(2024, 10, 22)) == {
        "China surtax": (Decimal("0.25"), "low")}
