"""South Africa's import VAT: customs value + 10 % of it + duty (VAT Act 89 of 1991, s. 13(2)).

The bundled ZA rules list ``uplift`` in the import-tax base with its rate in
``tax_base_uplift``: 10 % of the value for customs duty purposes, except for goods that
originate in Botswana, eSwatini, Lesotho or Namibia and are imported from such a country
(s. 13(2)(b)). The expected figures are worked here from the customs value and duty the
quote reports, as SARS computes the value for VAT.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.landed import LandedCostEngine, QuoteResult
from pricing_engine.money import round_minor
from pricing_engine.quote import Quote
from pricing_engine.rules import load_rules

from .conftest import BASE, merge


@pytest.fixture(scope="module")
def bundled() -> LandedCostEngine:
    return LandedCostEngine.load()


def _to_za(engine: LandedCostEngine, origin: str, ship_from: str,
           **changes: Any) -> QuoteResult:
    # A centrifugal pump (HS 8413.70: free in ZA) and cotton T-shirts (6109.10: dutiable),
    # sold FOB in ZAR: the customs value is the price (ZA values goods FOB).
    lines = [{"sku": "PUMP", "hs_code": "8413.70", "origin": origin, "quantity": "2",
              "unit_price": "9000", "unit_cost": "6000"},
             {"sku": "TEE", "hs_code": "6109.10", "origin": origin, "quantity": "100",
              "unit_price": "80.35", "unit_cost": "40"}]
    data = merge(BASE, {"currency": "ZAR", "incoterm": "FOB", "ship_from": ship_from,
                        "seller": {"country": ship_from, "vat_id": None},
                        "buyer": {"country": "ZA"}, "lines": lines, **changes})
    return engine.quote(Quote.model_validate(data))


def _vat_and_base_parts(result: QuoteResult, i: int) -> tuple[Any, Decimal, Decimal]:
    line = result.lines[i]
    (vat,) = [c for c in line.charges if c.kind == "tax"]
    duty = sum((c.amount.amount for c in line.charges if c.kind in ("mfn", "preferential")),
               Decimal(0))
    return vat, line.customs_value.amount, duty


def test_import_vat_adds_ten_percent_of_the_customs_value(bundled: LandedCostEngine) -> None:
    result = _to_za(bundled, "US", "US")
    for i in range(2):
        vat, cv, duty = _vat_and_base_parts(result, i)
        base = cv + cv * Decimal("0.10") + duty
        assert vat.base.amount == base
        assert vat.amount.amount == round_minor(Decimal("0.15") * base, "ZAR")
        assert "uplift 10% of the customs value" in vat.explanation
    vat, cv, duty = _vat_and_base_parts(result, 1)
    assert duty > 0  # the T-shirts pay duty: the uplift is of the value, not of the duty
    # 100 x 80.35 = 8,035.00; the uplift 803.50; VAT 15 % of 8,838.50 + duty
    assert cv == Decimal("8035.00")
    assert vat.base.amount == Decimal("8838.50") + duty
    assert "uplift" in result.tax_base


def test_goods_of_blns_origin_shipped_from_there_have_no_uplift(
        bundled: LandedCostEngine) -> None:
    result = _to_za(bundled, "BW", "BW")
    for i in range(2):
        vat, cv, duty = _vat_and_base_parts(result, i)
        assert vat.base.amount == cv + duty
        assert "uplift 0: goods of BW shipped from BW" in vat.explanation
    # Botswanan goods shipped from Germany, or German goods shipped from Namibia: uplifted
    for origin, ship_from in (("BW", "DE"), ("DE", "NA")):
        vat, cv, duty = _vat_and_base_parts(_to_za(bundled, origin, ship_from), 0)
        assert vat.base.amount == cv + cv * Decimal("0.10") + duty, (origin, ship_from)


def test_a_base_listing_an_uplift_with_none_in_force_fails_closed() -> None:
    # the uplift is dated from the VAT Act's start (1991-09-30): a day before, no rule
    za = load_rules().country("ZA")
    uplift = za.uplift_on(date(1991, 9, 30))
    assert uplift is not None and uplift.rate == Decimal("0.10")
    assert set(uplift.except_origins) == {"BW", "LS", "NA", "SZ"}
    with pytest.raises(MissingRule, match="uplift"):
        za.uplift_on(date(1991, 9, 29))
    assert load_rules().country("NZ").uplift_on(date(2026, 1, 1)) is None  # none listed
