"""A consignment the duty de minimis relieves needs no duty rate (issue 10).

A CN -> DE parcel of EUR 20 to a consumer, with an HS code the bundled EU tariff does not
hold: before 2026-07-01 it is under the EU's EUR 150 duty relief, so it prices with 0 duty
(import VAT still due) instead of failing on the missing rate; from 2026-07-01 the flat duty
per item category replaces the tariff, again without a rate. Over the threshold the rate is
needed, and its absence is still a MissingRule naming the code.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pricing_engine import MissingRule
from pricing_engine.landed import LandedCostEngine

from .conftest import make_quote

HANDBAG = "4202.22"  # not in the bundled EU duty table (checked below)


@pytest.fixture(scope="module")
def bundled() -> LandedCostEngine:
    return LandedCostEngine.load()


def _parcel(day: str, price: str) -> Any:
    return make_quote(
        date=day, seller={"country": "CN", "name": "Shop", "vat_id": None},
        buyer={"name": "Ana", "country": "DE", "type": "consumer"}, mode="post",
        incoterm="DAP", fx={"EUR/CNY": "7.80"},
        lines=[{"sku": "BAG", "hs_code": HANDBAG, "origin": "CN", "quantity": "1",
                "unit_price": price, "unit_cost": "8"}])


def test_the_code_is_outside_the_bundled_table(bundled: LandedCostEngine) -> None:
    with pytest.raises(MissingRule, match="420222"):
        bundled.rules.duty("DE", HANDBAG, "CN", _parcel("2026-03-02", "20").date)


def test_relieved_parcel_prices_without_a_duty_rate(bundled: LandedCostEngine) -> None:
    result = bundled.quote(_parcel("2026-03-02", "20"))
    line = result.lines[0]
    assert line.duty.amount.amount == 0
    assert "DE_MINIMIS_RELIEVED" in [n.code for n in result.de_minimis]  # the duty relief
    assert line.import_tax.amount.amount == Decimal("3.80")  # 19 % import VAT on EUR 20


def test_flat_duty_parcel_prices_without_a_duty_rate(bundled: LandedCostEngine) -> None:
    result = bundled.quote(_parcel("2026-08-03", "20"))
    assert result.lines[0].duty.amount.amount == Decimal("3.00")
    assert result.lines[0].charges[0].kind == "flat"


def test_over_the_threshold_the_missing_rate_still_fails(bundled: LandedCostEngine) -> None:
    with pytest.raises(MissingRule, match="420222"):
        bundled.quote(_parcel("2026-03-02", "400"))
