"""South Africa's tariff (rules/tariffs/ZA.yaml): SARS Schedule 1 Part 1 as at 2025-05-09.

ZA had no duty rules (every lookup failed closed). The table (bench/regen_za_tariff.py) gives
the General rate of each line read from the text of the SARS schedule: ad valorem, cents per
kg or litre, a specific rate with an ad valorem maximum. Alternative rates ("40% or 240c/kg")
fail closed naming the text; a six-digit code over lines of different rates names them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_table_line

TODAY = date(2026, 12, 1)



@pytest.mark.parametrize(("hs", "rate"), [
    ("610910", "0.45"),      # cotton T-shirts: 45 %
    ("87032390", "0.25"),    # motor cars 1,500-3,000 cc: 25 %
    ("64039990", "0.30"),    # leather footwear: 30 %
    ("847130", "0"),         # laptops: free
    ("95030010", "0.20"),    # tricycles, scooters, pedal cars: 20 %
])
def test_table_lines_price_with_their_source(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("ZA", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate)
    assert_table_line(rule, "ZA", "medium", "Schedule 1 Part 1")


def test_a_specific_rate_with_an_ad_valorem_maximum(bundled: RuleBook) -> None:
    rule = bundled.duty("ZA", "040690", "CN", TODAY).mfn  # cheese: 500c/kg, at most 95 %
    assert rule.specific is not None
    assert (rule.specific.amount, rule.specific.currency, rule.specific.per) == (
        Decimal("5"), "ZAR", "kg")
    assert rule.max_rate == Decimal("0.95")


def test_an_alternative_rate_fails_closed_naming_it(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match=r"'40% or 240c/kg'") as err:
        bundled.duty("ZA", "020110", "CN", TODAY)  # beef carcasses
    assert not isinstance(err.value, AmbiguousHsCode)


def test_a_subheading_over_lines_of_different_rates_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("ZA", "950300", "CN", TODAY)
    assert dict(err.value.candidates) == {"95030010": "20 %", "95030090": "free"}


def test_before_the_schedule_date_there_is_no_rule(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule):
        bundled.duty("ZA", "610910", "CN", date(2025, 5, 8))
