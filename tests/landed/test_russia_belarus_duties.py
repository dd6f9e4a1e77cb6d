"""Goods of Russia and Belarus into the UK and the EU: duties by list that the bundled rules do
not encode (the UK's additional 35 percentage points from 2022-03-25, the EU's duties of
Regulations (EU) 2024/1484 and 2025/1227 from 2024-07-01). A quote fails closed naming them,
from those dates only, and goods of other origins are not affected. Australia's 35 % of the
value on every good of theirs (Customs Tariff Act 1995 s 18A, 2022-04-25 to 2027-10-24) is
priced, and fails closed after its last known end."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
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
                      fx={"GBP/EUR": "0.87", "AUD/EUR": "1.65"})


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
        # the line's own code, and that the rule is one for every code of the origin
        assert f"HS {hs.replace('.', '')}, a rule for every code" in str(raised.value)
        assert ("GB.yaml" if dest == "GB" else "EU.yaml") in str(raised.value)
    # the day before the first measure, and goods of another origin, price at the MFN duty
    before = (start - timedelta(days=1)).isoformat()
    for quote in (_quote(dest, origin, before, hs), _quote(dest, "KZ", "2026-11-20", hs)):
        result = engine.quote(quote)
        assert result.lines[0].charges[0].kind == "mfn"
        assert result.totals.duty.amount.amount > 0


def test_australia_adds_35_percent_of_the_value_on_goods_of_russia_and_belarus(
        engine: LandedCostEngine) -> None:
    # 8413.70 pumps: AU general rate 5 % on the customs value (FOB), + 35 % for RU / BY
    plain = engine.quote(_quote("AU", "KZ", "2026-11-20", "8413.70.00"))
    russian = engine.quote(_quote("AU", "RU", "2026-11-20", "8413.70.00"))
    value = plain.lines[0].customs_value.amount
    assert russian.lines[0].customs_value.amount == value
    extra = russian.totals.duty.amount.amount - plain.totals.duty.amount.amount
    assert extra == (value * Decimal("0.35")).quantize(Decimal("0.01"))
    (added,) = [c for c in russian.lines[0].charges if c.kind == "additional"]
    assert (added.name, added.rate, added.base.amount) == (
        "Additional duty (Russia and Belarus)", Decimal("0.35"), value)
    assert "section 18A" in added.rule.source
    # not before 2022-04-25; after the last known end (2027-10-24) a quote fails closed
    before = engine.quote(_quote("AU", "BY", "2022-04-24", "8413.70.00"))
    assert before.totals.duty.amount.amount == engine.quote(
        _quote("AU", "KZ", "2022-04-24", "8413.70.00")).totals.duty.amount.amount
    with pytest.raises(MissingRule, match="2027-10-24"):
        engine.quote(_quote("AU", "RU", "2027-10-25", "8413.70.00"))
