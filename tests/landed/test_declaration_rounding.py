"""Where the law sets the declaration's rounding, the duty and tax follow it (bundled rules).

Japan (Customs Answer 1111; Act on General Rules for National Taxes arts. 118-119): the
taxable value is cut to the 1,000 yen and the duty to the 100 yen; the consumption tax base
(value + duty) to the 1,000 yen, and the tax declared as its national part (7.8 %) and the
local consumption tax (22/78 of the national amount), each cut to the 100 yen. South Africa
(Customs and Excise Act s. 65(2)): the value for duty is taken to the nearest rand, 50 cents
counting as less than half a rand, and a value under one rand as one rand. Expected figures
are worked here.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine, QuoteResult
from pricing_engine.quote import Quote

from .conftest import BASE, merge


@pytest.fixture(scope="module")
def bundled() -> LandedCostEngine:
    return LandedCostEngine.load()


def _quote(engine: LandedCostEngine, destination: str, currency: str, price: str,
           incoterm: str, hs_code: str = "6109.10") -> QuoteResult:
    # cotton T-shirts (6109.10: ZA 45 %; JP's line 6109.10.010, yarn-dyed or printed, 10.9 %)
    # from China, priced in the destination's currency; with no carriage given the customs
    # value is the price
    data: dict[str, Any] = merge(BASE, {
        "currency": currency, "incoterm": incoterm, "seller": {"country": "CN",
                                                               "vat_id": None},
        "buyer": {"country": destination},
        "lines": [{"sku": "TEE", "hs_code": hs_code, "origin": "CN", "quantity": "1",
                   "unit_price": price, "unit_cost": "1"}]})
    return engine.quote(Quote.model_validate(data))


def _down(value: Decimal, step: int) -> Decimal:
    return (value / step).quantize(Decimal(1), ROUND_DOWN) * step


def _charges(result: QuoteResult) -> tuple[Any, Any]:
    charges = result.lines[0].charges
    (duty,) = [c for c in charges if c.kind == "mfn"]
    (tax,) = [c for c in charges if c.kind == "tax"]
    return duty, tax


@pytest.mark.parametrize("price", ["1234567", "534795", "10999", "2000999"])
def test_japan_cuts_the_bases_to_the_1000_yen_and_the_amounts_to_the_100(
        bundled: LandedCostEngine, price: str) -> None:
    duty, tax = _charges(_quote(bundled, "JP", "JPY", price, "CIF", "6109.10.010"))
    value = Decimal(price)
    expected_duty = _down(_down(value, 1000) * Decimal("0.109"), 100)
    assert duty.base.amount == _down(value, 1000)
    assert duty.amount.amount == expected_duty
    tax_base = _down(value + expected_duty, 1000)
    assert tax.base.amount == tax_base
    # declared as the national consumption tax (7.8 %) and the local one (22/78 of it),
    # each cut to the 100 yen
    national = _down(tax_base * Decimal("0.078"), 100)
    assert tax.amount.amount == national + _down(national * 22 / 78, 100)
    assert "rounded as the declaration rounds" in tax.explanation
    # 1,234,567 yen: duty 1,234,000 x 10.9 % = 134,506 -> 134,500; tax base 1,369,067 ->
    # 1,369,000; national 106,782 -> 106,700; local 30,094.87 -> 30,000: 136,700 (one 10 %
    # would say 136,900)
    if price == "1234567":
        assert (duty.amount.amount, tax.amount.amount) == (Decimal(134500), Decimal(136700))


@pytest.mark.parametrize(("price", "value"), [
    ("1000.49", "1000"), ("1000.50", "1000"), ("1000.51", "1001"), ("0.60", "1"),
])
def test_south_africa_takes_the_value_for_duty_to_the_nearest_rand(
        bundled: LandedCostEngine, price: str, value: str) -> None:
    result = _quote(bundled, "ZA", "ZAR", price, "FOB")
    duty, tax = _charges(result)
    rands = Decimal(value)
    assert result.lines[0].customs_value.amount == Decimal(price)  # the value as invoiced
    assert duty.base.amount == rands
    assert duty.amount.amount == (rands * Decimal("0.45")).quantize(Decimal("0.01"))
    # VAT on the value for duty + 10 % of it + duty (VAT Act s. 13(2)(a))
    assert tax.base.amount == rands + rands / 10 + duty.amount.amount


def test_a_country_without_a_rounding_rule_rounds_each_charge_to_the_cent(
        bundled: LandedCostEngine) -> None:
    duty, tax = _charges(_quote(bundled, "GB", "GBP", "1000.49", "CIF"))
    assert duty.base.amount == Decimal("1000.49")
    assert duty.amount.amount == (Decimal("1000.49") * Decimal("0.12")).quantize(
        Decimal("0.01"))
    assert tax.base.amount == Decimal("1000.49") + duty.amount.amount


def test_a_tax_split_is_a_share_of_the_rate_written_as_a_fraction() -> None:
    from pydantic import ValidationError

    from pricing_engine.rules.model import TaxSplit

    assert TaxSplit(national="78/100", local_of_national="22/78").ratio("22/78") == (22, 78)
    with pytest.raises(ValidationError, match="more than the whole rate"):
        TaxSplit(national="101/100", local_of_national="22/78")
    with pytest.raises(ValidationError):
        TaxSplit(national="0.78", local_of_national="22/78")  # a fraction N/D, not a decimal
