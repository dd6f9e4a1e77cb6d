"""Goods of Russia and Belarus into the UK and the EU: duties by list that the bundled rules do
not encode (the UK's additional 35 percentage points from 2022-03-25, the EU's duties of
Regulations (EU) 2024/1484 and 2025/1227 from 2024-07-01). A quote fails closed naming them,
from those dates only, and goods of other origins are not affected."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import load_rules

from .conftest import make_quote


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def _quote(dest: str, origin: str, day: str, hs: str) -> Any:
    seller = {"name": "Seller", "country": "TR"}
    buyer = {"name": "Buyer", "country": dest, "type": "business"}
    line = {"sku": "A", "hs_code": hs, "origin": origin, "quantity": "10",
            "unit_price": "1000", "unit_cost": "600", "unit_weight_kg": "50"}
    return make_quote(date=day, currency="EUR", seller=seller, buyer=buyer, incoterm="DAP",
                      freight={"amount": "100", "currency": "EUR"}, lines=[line],
                      fx={"GBP/EUR": "0.87"})


@pytest.mark.parametrize(("dest", "hs", "start", "named"), [
    ("GB", "3105.10.00.10", date(2022, 3, 25), "35 percentage points"),  # fertiliser
    ("DE", "3102.10.10", date(2024, 7, 1), "Regulation (EU) 2025/1227"),
])
@pytest.mark.parametrize("origin", ["RU", "BY"])
def test_goods_of_russia_and_belarus_fail_closed_from_the_first_measure(
        engine: LandedCostEngine, dest: str, hs: str, start: date, named: str,
        origin: str) -> None:
    for day in (start, date(2026, 11, 20)):
        with pytest.raises(MissingRule, match="Russia") as raised:
            engine.quote(_quote(dest, origin, day.isoformat(), hs))
        assert named in str(raised.value)
        assert ("GB.yaml" if dest == "GB" else "EU.yaml") in str(raised.value)
    # the day before the first measure, and goods of another origin, price at the MFN duty
    before = (start - timedelta(days=1)).isoformat()
    for quote in (_quote(dest, origin, before, hs), _quote(dest, "KZ", "2026-11-20", hs)):
        result = engine.quote(quote)
        assert result.lines[0].charges[0].kind == "mfn"
        assert result.totals.duty.amount.amount > 0
