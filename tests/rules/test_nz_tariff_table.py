"""New Zealand's Working Tariff Document of 2022 (rules/tariffs/NZ.yaml).

NZ had no duty rules. The table (bench/regen_nz_tariff.py) gives each tariff item's Normal
Tariff (free or a percentage) as of 2022-01-01, confidence low (the tariff has changed since):
a quote on it goes to review. Specific and "rate of the machine" forms fail closed naming
the text; a six-digit code over items of different rates names them.
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
    ("610910", "0.10"),     # cotton T-shirts: 10 %
    ("940360", "0.05"),     # wooden furniture: 5 %
    ("847130", "0"),        # laptops: free
    ("64039911", "0.10"),   # footwear, an 8-digit item
])
def test_items_price_with_their_source(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("NZ", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate)
    assert_table_line(rule, "NZ", "low", "Working Tariff Document")


def test_a_subheading_over_items_of_different_rates_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("NZ", "640399", "CN", TODAY)
    assert dict(err.value.candidates) == {
        "64039901": "free", "64039911": "10 %", "64039919": "10 %"}


def test_a_specific_form_fails_closed_naming_it(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="per l al") as err:
        bundled.duty("NZ", "22042113", "CN", TODAY)  # fortified wine: 5 % + NZD per l al
    assert not isinstance(err.value, AmbiguousHsCode)


def test_before_2022_there_is_no_rule(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule):
        bundled.duty("NZ", "610910", "CN", date(2021, 12, 31))
