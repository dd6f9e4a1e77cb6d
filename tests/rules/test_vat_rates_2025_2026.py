"""The 2025-2026 VAT rate changes in the bundled rules, read through RuleBook.tax_rates.

Each case is a dated rate change checked on the day before and the day it took effect, through
the product class a quote line names (so the class mapping is checked with the rate); the
sources are in the country files and rules/SOURCES.md (VAT review of 2026-11-30).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook

# (country, tax class, last day of the old rate, old rate, first day of the new rate, new rate)
CHANGES = [
    ("EE", "standard", date(2025, 6, 30), "0.22", date(2025, 7, 1), "0.24"),
    ("FI", "food", date(2025, 12, 31), "0.14", date(2026, 1, 1), "0.135"),
    ("FI", "books", date(2024, 12, 31), "0.10", date(2025, 1, 1), "0.14"),
    ("FI", "books", date(2025, 12, 31), "0.14", date(2026, 1, 1), "0.135"),
    ("SK", "standard", date(2024, 12, 31), "0.20", date(2025, 1, 1), "0.23"),
    ("SK", "reduced", date(2024, 12, 31), "0.10", date(2025, 1, 1), "0.19"),
    ("SK", "books", date(2024, 12, 31), "0.10", date(2025, 1, 1), "0.05"),
    ("RO", "standard", date(2025, 7, 31), "0.19", date(2025, 8, 1), "0.21"),
    ("RO", "food", date(2025, 7, 31), "0.09", date(2025, 8, 1), "0.11"),
    ("RO", "books", date(2025, 7, 31), "0.05", date(2025, 8, 1), "0.11"),
    ("LT", "reduced", date(2025, 12, 31), "0.09", date(2026, 1, 1), "0.12"),
    ("LT", "books", date(2025, 12, 31), "0.09", date(2026, 1, 1), "0.05"),
    ("LV", "books", date(2021, 12, 31), "0.12", date(2022, 1, 1), "0.05"),
    ("LV", "food_basic", date(2026, 6, 30), "0.21", date(2026, 7, 1), "0.12"),
    ("LV", "food_basic", date(2027, 6, 30), "0.12", date(2027, 7, 1), "0.21"),
    ("CY", "books", date(2023, 7, 20), "0.05", date(2023, 7, 21), "0.03"),
    ("ES", "food_basic", date(2022, 12, 31), "0.04", date(2023, 1, 1), "0"),
    ("ES", "food_basic", date(2024, 12, 31), "0.02", date(2025, 1, 1), "0.04"),
    ("ES", "food_pasta_oils", date(2024, 12, 31), "0.075", date(2025, 1, 1), "0.10"),
    ("SE", "food", date(2026, 3, 31), "0.12", date(2026, 4, 1), "0.06"),
    ("IN", "medicines", date(2025, 9, 21), "0.12", date(2025, 9, 22), "0.05"),
]



def _rate(book: RuleBook, country: str, tax_class: str, day: date) -> Decimal:
    (hit,) = book.tax_rates(country, tax_class, day)
    return hit.rate


@pytest.mark.parametrize(
    ("country", "tax_class", "before", "old", "after", "new"),
    CHANGES,
    ids=[f"{c[0]}-{c[1]}-{c[4].isoformat()}" for c in CHANGES],
)
def test_rate_change(
    bundled: RuleBook,
    country: str,
    tax_class: str,
    before: date,
    old: str,
    after: date,
    new: str,
) -> None:
    assert _rate(bundled, country, tax_class, before) == Decimal(old)
    assert _rate(bundled, country, tax_class, after) == Decimal(new)


def test_austria_basic_food_rate_starts_2026_07_01(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule):
        bundled.tax_rates("AT", "super_reduced", date(2026, 6, 30))
    assert _rate(bundled, "AT", "super_reduced", date(2026, 7, 1)) == Decimal("0.049")
    # food in general stays at 10 %: only listed basic foods take 4.9 %
    assert _rate(bundled, "AT", "food", date(2026, 7, 1)) == Decimal("0.10")


def test_czech_reduced_rates_merged_2024(bundled: RuleBook) -> None:
    assert _rate(bundled, "CZ", "reduced", date(2023, 12, 31)) == Decimal("0.15")
    assert _rate(bundled, "CZ", "reduced", date(2024, 1, 1)) == Decimal("0.12")
    assert _rate(bundled, "CZ", "reduced_low", date(2023, 12, 31)) == Decimal("0.10")
    with pytest.raises(MissingRule):  # the 10 % rate was abolished, not carried on
        bundled.tax_rates("CZ", "reduced_low", date(2024, 1, 1))


def test_vietnam_temporary_8_percent_ends_2026(bundled: RuleBook) -> None:
    assert _rate(bundled, "VN", "reduced_temporary", date(2026, 12, 31)) == Decimal("0.08")
    with pytest.raises(MissingRule):  # no extension beyond 2026-12-31 is encoded
        bundled.tax_rates("VN", "reduced_temporary", date(2027, 1, 1))


def test_thailand_rate_after_last_confirmed_decree_is_low_confidence(bundled: RuleBook) -> None:
    (confirmed,) = bundled.tax_rates("TH", "standard", date(2026, 9, 30))
    (assumed,) = bundled.tax_rates("TH", "standard", date(2026, 10, 1))
    assert confirmed.rate == assumed.rate == Decimal("0.07")
    assert confirmed.ref.confidence == "medium"
    assert assumed.ref.confidence == "low"
