"""US antidumping and countervailing duties on goods of China (rules/tariffs/US.adcvd.yaml).

Before 2026-12-06 the US rules had none: a quote of Chinese tyres, nails or bedroom furniture
was priced on MFN and Section 301 alone and could be approved on a margin the AD/CVD deposits
would wipe out. The table (bench/regen_us_adcvd.py, from bench/data/US_adcvd_china.tsv) charges
an order's China-wide (AD) or all-others (CVD) rate where one order of the kind lists the HTS
number and its rate was read, at confidence low; elsewhere it flags the orders (not priced).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.engine import Engine
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_remade, check_proposal

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "regen_us_adcvd.py"
TODAY = date(2026, 12, 6)
AD, CVD = "US anti-dumping duty (China)", "US countervailing duty (China)"


def _additional(book: RuleBook, hs: str, origin: str = "CN", on: date = TODAY) -> dict:
    return {rule.name: rule for rule in book.duty("US", hs, origin, on).additional}


@pytest.mark.parametrize(("hs", "ad", "cvd"), [
    ("4011101010", "0.8799", "0.3087"),   # passenger car tyres: A-570-016 and C-570-017
    ("9403509045", "2.1601", None),       # wooden bedroom furniture: A-570-890
    ("7317001000", "1.1804", None),       # steel nails: A-570-909
    ("0306170003", "1.1281", None),       # frozen warmwater shrimp: A-570-893 (2023 review)
])
def test_the_china_wide_rates_are_charged_at_low_confidence(
        bundled: RuleBook, hs: str, ad: str, cvd: str | None) -> None:
    duties = _additional(bundled, hs)
    assert duties[AD].rate == Decimal(ad)
    assert duties[AD].ref.confidence == "low"
    assert duties[AD].ref.note is not None and "written scope" in duties[AD].ref.note
    if cvd is None:
        assert CVD not in duties
    else:
        assert duties[CVD].rate == Decimal(cvd)


def test_the_duties_start_with_the_order(bundled: RuleBook) -> None:
    assert AD not in _additional(bundled, "4011101010", on=date(2015, 8, 9))
    assert AD in _additional(bundled, "4011101010", on=date(2015, 8, 10))


def test_other_origins_pay_none(bundled: RuleBook) -> None:
    duties = _additional(bundled, "4011101010", origin="VN")
    assert AD not in duties and CVD not in duties


@pytest.mark.parametrize(("hs", "words"), [
    ("4802561000", "A-570-022 Certain Uncoated Paper"),            # only a preliminary rate
    ("9404291005", "A-570-092 Mattresses"),                        # 1,731.75 %: over the bound
])
def test_orders_without_a_rate_to_charge_are_flagged(bundled: RuleBook, hs: str,
                                                     words: str) -> None:
    duty = _additional(bundled, hs)[AD]
    assert duty.not_priced is not None and words in duty.not_priced
    assert duty.rate is None


def test_a_number_two_orders_list_names_both(bundled: RuleBook) -> None:
    duty = _additional(bundled, "4412410000")[AD]  # plywood and wood mouldings
    assert duty.not_priced is not None
    assert "A-570-051" in duty.not_priced and "A-570-117" in duty.not_priced
    assert "more than one order lists it" in duty.not_priced


TYRES = """\
id: Q-US-TYRES
date: 2026-11-20
currency: USD
seller: {name: "Shandong Radial Tyre Export Co., Ltd.", country: CN}
buyer: {name: "Great Lakes Tire Supply Inc.", country: US, type: business}
mode: sea
incoterm: DDP
freight: {amount: "3000", currency: USD}
insurance: {amount: "100", currency: USD}
lines:
  - {sku: TYRE, hs_code: "4011.10.10.10", origin: CN, quantity: 1000, unit_price: "95",
     unit_cost: "40", unit_weight_kg: "9"}
targets: {margin_floor: "0.15"}
"""


def test_a_ddp_tyre_quote_carries_the_deposits_into_its_margin(engine: Engine) -> None:
    result, charges = check_proposal(engine, TYRES)
    ad, cvd = charges[AD], charges[CVD]
    assert ad.base is not None and ad.base == cvd.base
    assert abs(ad.amount.amount - Decimal("0.8799") * ad.base.amount) <= Decimal("0.01")
    assert abs(cvd.amount.amount - Decimal("0.3087") * cvd.base.amount) <= Decimal("0.01")
    codes = [r.code for r in result.reasons]
    assert "MARGIN_BELOW_FLOOR" in codes and "LOW_CONFIDENCE_RULE" in codes
    assert result.status != "APPROVED"


def test_the_table_is_remade_from_the_kept_orders(tmp_path: Path) -> None:
    assert_remade(tmp_path, SCRIPT, "3361 rows, 236 orders", "US.adcvd.yaml")
