"""Costs before the border that the buyer bears (an ex-works sale), in the customs value.

FOB and CIF destinations alike value the goods with the costs up to loading at origin: a
buyer who pays them on top of an ex-works price has them added (Australia, the EU). The
US values the transaction: packing the buyer pays is added (19 U.S.C. 1401a(b)(1)(A)), the
foreign inland freight, loading and handling it pays on an ex-factory price are not (19 CFR
152.103(a)(5)(i)); the bundled US rules say so with ``pre_border_added: [export_packing]``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine, QuoteResult
from pricing_engine.quote import Quote

from .conftest import BASE, merge

PRICE = Decimal("20000")
COSTS = {"export_packing": "120", "loading_at_origin": "100", "export_clearance": "80",
         "origin_terminal_handling": "150"}


@pytest.fixture(scope="module")
def bundled() -> LandedCostEngine:
    return LandedCostEngine.load()


def _exw(engine: LandedCostEngine, destination: str, currency: str,
         **changes: Any) -> QuoteResult:
    data = merge(BASE, {
        "currency": currency, "incoterm": "EXW", "buyer": {"country": destination},
        "freight": {"amount": "1000", "currency": currency},
        "insurance": {"amount": "50", "currency": currency},
        "costs": {k: {"amount": v, "currency": currency} for k, v in COSTS.items()},
        "lines": [{"sku": "VALVE", "hs_code": "8481.30.20.90" if destination == "US"
                   else "8481.30", "origin": "DE", "quantity": "100", "unit_price": "200",
                   "unit_cost": "100"}], **changes})
    return engine.quote(Quote.model_validate(data))


def test_the_us_adds_the_buyers_packing_only(bundled: LandedCostEngine) -> None:
    # Incoterms 2020 put packing on the seller under every rule (in its price); a quote may
    # say the buyer pays for it, as it does here, and then the US adds it
    result = _exw(bundled, "US", "USD", cost_bearers={"export_packing": "buyer"})
    assert result.lines[0].customs_value.amount == PRICE + Decimal("120")
    (duty,) = [c for c in result.lines[0].charges if c.kind == "mfn"]
    assert duty.amount.amount == Decimal("0.05") * (PRICE + 120)  # 8481.30.20: 5 %
    # the seller's packing is in its price: the loading, clearance and handling the buyer
    # pays on the ex-works price are not added
    assert _exw(bundled, "US", "USD").lines[0].customs_value.amount == PRICE


def test_the_us_keeps_costs_the_seller_bears_in_the_price(bundled: LandedCostEngine) -> None:
    # FCA at the seller's premises: the seller loads and clears for export (in its price,
    # part of the transaction value); the buyer's terminal handling is not added
    result = _exw(bundled, "US", "USD", incoterm="FCA")
    assert result.lines[0].customs_value.amount == PRICE


@pytest.mark.parametrize(("destination", "currency"), [("AU", "AUD"), ("DE", "EUR")])
def test_fob_and_cif_destinations_add_every_cost_up_to_loading(
        bundled: LandedCostEngine, destination: str, currency: str) -> None:
    result = _exw(bundled, destination, currency, seller={"country": "US", "vat_id": None})
    pre = sum((Decimal(v) for k, v in COSTS.items() if k != "export_packing"), Decimal(0))
    carriage = Decimal(1050) if destination == "DE" else Decimal(0)  # the EU values CIF
    assert result.lines[0].customs_value.amount == PRICE + pre + carriage
