"""The EU interim flat duty: EUR 3 per item category on low-value consumer consignments.

Bundled rules (rules/unions/EU.yaml). Hand check of the main case: three lines, EUR 120,
HS 6109.10 (two lines, EUR 40 and EUR 20) and 6205.20 (EUR 60): two subheadings, EUR 6 of
duty; 6109.10's EUR 3 split 2:1 by value (2.00 / 1.00), 6205.20 carries 3.00. German import
VAT 19 % on customs value + duty = 19 % of 126 = 23.94 (7.98 + 3.99 + 11.97 per line). At
the tariff instead: 12 % (6109 and 6205 MFN) of the value.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.errors import InputError
from pricing_engine.landed import LandedCostEngine, QuoteResult
from pricing_engine.rules import load_rules

from .conftest import D, make_quote

CONSUMER = {"name": "Jane", "country": "DE", "type": "consumer"}
BUSINESS = {"name": "Shop GmbH", "country": "DE", "type": "business", "vat_id": "DE811111113"}


@pytest.fixture(scope="module")
def bundled() -> LandedCostEngine:
    """An engine on the bundled rules."""
    return LandedCostEngine(load_rules())


def _lines(a: str, b: str, c: str, *, c_hs: str = "6205.20") -> list[dict[str, Any]]:
    return [
        {"sku": "TEE-1", "hs_code": "6109.10", "origin": "CN", "quantity": "1",
         "unit_price": a, "unit_cost": "1"},
        {"sku": "TEE-2", "hs_code": "6109.10", "origin": "CN", "quantity": "1",
         "unit_price": b, "unit_cost": "1"},
        {"sku": "SHIRT", "hs_code": c_hs, "origin": "CN", "quantity": "1",
         "unit_price": c, "unit_cost": "1"},
    ]


def _quote(engine: LandedCostEngine, *, date: str = "2026-11-20",
           buyer: dict[str, Any] = CONSUMER, lines: list[dict[str, Any]] | None = None,
           incoterm: str = "DAP") -> QuoteResult:
    q = make_quote(date=date, seller={"country": "CN", "vat_id": None}, buyer=buyer, mode="post",
                   incoterm=incoterm, lines=lines or _lines("40", "20", "60"))
    return engine.quote(q)


def _duties(result: QuoteResult) -> list[Decimal]:
    return [ln.duty.amount.amount for ln in result.lines]


def test_consumer_consignment_of_two_subheadings_pays_eur_6(bundled: LandedCostEngine) -> None:
    r = _quote(bundled)
    assert r.totals.duty.amount.amount == D("6.00")
    assert _duties(r) == [D("2.00"), D("1.00"), D("3.00")]
    assert r.totals.import_tax.amount.amount == D("23.94")
    charge = next(c for c in r.lines[0].charges if c.kind == "flat")
    assert charge.rule is not None and charge.rule.entry == "customs.de_minimis[4]"
    assert charge.rule.file.endswith("EU.yaml") and charge.rule.confidence == "medium"
    assert "HS subheading 610910" in charge.explanation
    assert "split by value over lines 1, 2" in charge.explanation
    assert any(n.code == "FLAT_DUTY_APPLIED" and "flat duty 3 EUR per item category" in n.message
               for n in r.de_minimis)


def test_business_buyer_pays_the_tariff(bundled: LandedCostEngine) -> None:
    r = _quote(bundled, buyer=BUSINESS)
    assert _duties(r) == [D("4.80"), D("2.40"), D("7.20")]  # 12 % MFN
    assert r.totals.duty.amount.amount == D("14.40")


def test_over_150_pays_the_tariff(bundled: LandedCostEngine) -> None:
    r = _quote(bundled, lines=_lines("60", "20", "80"))
    assert r.totals.duty.amount.amount == D("19.20")  # 12 % of 160
    assert any(n.code == "FLAT_DUTY_NOT_APPLIED"
               and "not to a value of 160.00 EUR: tariff duty" in n.message for n in r.de_minimis)


def test_exactly_150_pays_the_flat_duty(bundled: LandedCostEngine) -> None:
    # Encoded "at or under", like the relief it replaces (sources also say "less than").
    r = _quote(bundled, lines=_lines("50", "50", "50"))
    assert r.totals.duty.amount.amount == D("6.00")
    assert _duties(r) == [D("1.50"), D("1.50"), D("3.00")]


def test_before_2026_07_01_the_150_relief_applies(bundled: LandedCostEngine) -> None:
    r = _quote(bundled, date="2026-06-30")
    assert r.totals.duty.amount.amount == D("0.00")
    r = _quote(bundled, date="2026-07-01")
    assert r.totals.duty.amount.amount == D("6.00")


def test_one_subheading_pays_once_and_residue_goes_to_the_largest_line(
        bundled: LandedCostEngine) -> None:
    # EUR 3 over 10 + 10 + 20 of one subheading: 0.75 / 0.75 / 1.50.
    r = _quote(bundled, lines=_lines("10", "10", "20", c_hs="6109.10"))
    assert _duties(r) == [D("0.75"), D("0.75"), D("1.50")]
    # EUR 3 over three equal lines: 1.00 each (no residue).
    r = _quote(bundled, lines=_lines("10", "10", "10", c_hs="610910"))
    assert r.totals.duty.amount.amount == D("3.00")


def test_preference_and_anti_dumping_do_not_apply_on_top(bundled: LandedCostEngine) -> None:
    # Bicycles from CN carry 14 % MFN + 48.5 % anti-dumping at the tariff; the flat duty
    # replaces both. A claimed preference is noted as not used.
    # (8712.00 spans the CET lines 8712.00.30, with ball bearings, 14 % and .70, 15 %)
    lines = [{"sku": "BIKE", "hs_code": "8712.00.30", "origin": "CN", "quantity": "1",
              "unit_price": "100", "unit_cost": "1"},
             {"sku": "TEE", "hs_code": "6109.10", "origin": "GB", "quantity": "1",
              "unit_price": "20", "unit_cost": "1",
              "preference": {"agreement": "EU-UK TCA", "proof": True}}]
    r = _quote(bundled, lines=lines)
    assert _duties(r) == [D("3.00"), D("3.00")]
    assert [c.kind for c in r.lines[0].charges if c.kind != "tax"] == ["flat"]
    assert "preference EU-UK TCA not used" in r.lines[1].charges[0].explanation
    tariff = _quote(bundled, buyer=BUSINESS, lines=lines)
    assert tariff.lines[0].duty.amount.amount == D("62.50")  # 14 % + 48.5 % of 100


def test_ddp_price_includes_the_flat_duty(bundled: LandedCostEngine) -> None:
    r = _quote(bundled, incoterm="DDP")
    assert r.totals.duty.amount.amount == D("6.00")
    # The customs values leave out the duty and the VAT: line 3 (60 including 3.00 duty and
    # 19 % VAT on cv + 3) has cv = 60 / 1.19 - 3 = 47.42.
    assert r.lines[2].customs_value.amount == D("47.42")


def test_a_4_digit_hs_code_cannot_be_put_in_a_category(bundled: LandedCostEngine) -> None:
    with pytest.raises(InputError, match=r"line 3 \('SHIRT'\).*6-digit HS subheading"):
        _quote(bundled, lines=_lines("40", "20", "60", c_hs="6205"))
