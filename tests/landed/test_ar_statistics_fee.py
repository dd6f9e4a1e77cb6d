"""Argentina's statistics fee (tasa de estadística, Decreto 1140/2024) on the bundled rules:
3 % of the customs value with a maximum by band of the consignment's taxable base (USD 180
under USD 10,000, 3,000 to 100,000, 30,000 to 1,000,000, 150,000 above), not charged on lines
that claim the Mercosur preference; amounts computed by hand below.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import load_rules

from .conftest import make_quote

D = Decimal
FX = "1000"  # ARS per USD: 1 USD = 1,000 ARS


@pytest.fixture(scope="module")
def bundled() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def _fee(engine: LandedCostEngine, price: str, *, origin: str = "CN",
         **line: Any) -> tuple[Decimal, list[Decimal]]:
    """The fee of a CIF consignment of wooden furniture (9403.60) worth ``price`` USD to
    Argentina, and each line's share."""
    lines = [{"sku": "F", "hs_code": "9403.60.00", "origin": origin, "quantity": "1",
              "unit_price": price, "unit_cost": "1", **line}]
    quote = make_quote(date="2026-12-01", currency="USD", incoterm="CIF",
                       named_place="Buenos Aires",
                       buyer={"name": "Muebles SA", "country": "AR", "type": "business"},
                       fx={"USD/ARS": FX}, lines=lines)
    result = engine.quote(quote)  # CIF with no freight or insurance: the price is the base
    fees = [c for ln in result.lines for c in ln.charges if c.kind == "fee"]
    assert all(c.name == "Tasa de estadística (statistics fee)" for c in fees)
    return sum((c.amount.amount for c in fees), D(0)), [c.amount.amount for c in fees]


@pytest.mark.parametrize(("price", "fee"), [
    ("5000", "150000.00"),        # 3 % of USD 5,000: USD 150, under the USD 180 cap
    ("9000", "180000.00"),        # 3 % = 270, capped at USD 180 (a base under 10,000)
    ("10000", "300000.00"),       # the next band: 3 % = 300, under its USD 3,000 cap
    ("50000", "1500000.00"),
    ("200000", "6000000.00"),     # under USD 30,000
    ("2000000", "60000000.00"),   # 3 % = 60,000, under USD 150,000
    ("6000000", "150000000.00"),  # 3 % = 180,000, capped at USD 150,000
])
def test_three_percent_capped_by_the_band_of_the_base(bundled: LandedCostEngine, price: str,
                                                     fee: str) -> None:
    total, _ = _fee(bundled, price)
    assert total == D(fee)


def test_a_mercosur_claim_leaves_the_fee_off(bundled: LandedCostEngine) -> None:
    claimed = {"preference": {"agreement": "Mercosur", "proof": True}}
    total, shares = _fee(bundled, "5000", origin="BR", **claimed)
    assert total == 0 and shares == []
    # the same Brazilian goods without the claim pay it
    assert _fee(bundled, "5000", origin="BR")[0] == D("150000.00")
