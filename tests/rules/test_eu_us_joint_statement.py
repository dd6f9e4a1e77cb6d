"""The EU's side of the EU-US Joint Statement of 2025 in the bundled rules: US industrial goods
(chapters 25-97 without the WTO agricultural products) free when claimed from 2026-07-01 to
2029-12-31, and US lobster free from 2020-08-01 to 2030-07-31."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.rules import RuleBook, load_rules

CLAIM = "EU-US Joint Statement"
DAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rules()


def _preference(book: RuleBook, hs: str, on: date = DAY, origin: str = "US",
                country: str = "DE") -> tuple[Decimal, str | None] | None:
    found = book.duty(country, hs, origin, on, claimed_agreement=CLAIM)
    rules = [p for p in found.preferential if p.agreement == CLAIM]
    return (rules[0].rate, rules[0].ref.confidence) if rules else None


@pytest.mark.parametrize("hs", ["8413.70.35", "6109.10.00", "8703.23.19", "2933.99.80",
                                "3304.99.00"])
def test_us_industrial_goods_are_free_when_claimed(book: RuleBook, hs: str) -> None:
    assert _preference(book, hs) == (Decimal(0), "low")  # the annex itself was not read
    assert _preference(book, hs, country="FR") == (Decimal(0), "low")  # every member
    assert _preference(book, hs, origin="CA") is None  # US goods only


def test_from_2026_07_01_to_2029_12_31(book: RuleBook) -> None:
    assert _preference(book, "8413.70.35", on=date(2026, 6, 30)) is None
    assert _preference(book, "8413.70.35", on=date(2026, 7, 1)) is not None
    assert _preference(book, "8413.70.35", on=date(2029, 12, 31)) is not None
    assert _preference(book, "8413.70.35", on=date(2030, 1, 1)) is None


@pytest.mark.parametrize("hs", ["2204.21.09", "2905.44.11", "3301.12.10", "3505.10.10",
                                "5201.00.10", "4101.20.10"])
def test_agricultural_products_are_not_covered(book: RuleBook, hs: str) -> None:
    assert _preference(book, hs) is None


def test_lobster_is_free_from_2020_to_2030(book: RuleBook) -> None:
    assert _preference(book, "0306.12.10") == (Decimal(0), "medium")
    assert _preference(book, "1605.30.10", on=date(2030, 7, 31)) == (Decimal(0), "medium")
    assert _preference(book, "0306.32.10", on=date(2030, 8, 1)) is None
