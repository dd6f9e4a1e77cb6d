"""US duties of 2025-2026 that applied to nearly every good (the IEEPA reciprocal duties and
the IEEPA duties on Canada and Mexico) and the goods they spared by rule: Section 232 goods and
electronics still price without them, a USMCA claim is not charged the Canada/Mexico duty, and a
quote after they ended is untouched. (Their rates by country and line: tests/tariff/
test_us_ieepa.py; the Section 122 surcharge that followed: tests/tariff/test_us_section122.py.)
Bundled rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import Quote
from pricing_engine.rules import load_rules


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def _quote(hs: str, origin: str, on: str, **more: Any) -> Quote:
    line = {"sku": "A", "hs_code": hs, "origin": origin, "quantity": "10",
            "unit_price": "100", "unit_cost": "60", "unit_weight_kg": "5"}
    return Quote.model_validate({
        "id": "Q", "date": on, "currency": "USD", "seller": {"name": "S", "country": origin},
        "buyer": {"name": "B", "country": "US", "type": "business"}, "mode": "sea",
        "incoterm": "FCA", "named_place": "port", "lines": [{**line, **more}]})


def _additional(engine: LandedCostEngine, quote: Quote) -> dict[str, Decimal]:
    line = engine.quote(quote).lines[0]
    return {c.name: c.amount.amount for c in line.charges if c.kind == "additional"}


@pytest.mark.parametrize(("hs", "origin", "on", "due"), [
    ("9504.50.00", "CA", "2025-06-01", "250.00"),  # 25 % before 2025-08-01
    ("9504.50.00", "CA", "2025-09-01", "350.00"),  # 35 % from 2025-08-01
    ("8413.70.20", "MX", "2025-09-01", "250.00"),
])
def test_goods_of_canada_and_mexico_not_claimed_under_usmca_pay_the_duty(
        engine: LandedCostEngine, hs: str, origin: str, on: str, due: str) -> None:
    assert _additional(engine, _quote(hs, origin, on))[
        "IEEPA fentanyl (Canada, Mexico)"] == Decimal(due)


def test_the_goods_those_duties_exempted_still_price(engine: LandedCostEngine) -> None:
    # flat-rolled steel under Section 232 on 2025-06-01: 25 % (50 % from 2025-06-04), and
    # neither the reciprocal duty nor, in 2026, the Section 122 surcharge
    duties = _additional(engine, _quote("7208.51.00", "DE", "2025-06-01"))
    assert duties == {"IEEPA reciprocal": Decimal("0.00"),
                      "Section 232 metals": Decimal("250.00")}
    assert _additional(engine, _quote("7208.51.00", "DE", "2026-05-01"))[
        "Section 122 surcharge"] == Decimal("0.00")
    # a computer from China: the fentanyl duty, not the reciprocal one
    china = _additional(engine, _quote("8471.30.01", "CN", "2025-06-01"))
    assert china["IEEPA fentanyl (China)"] == Decimal("200.00")
    assert china["IEEPA reciprocal"] == Decimal("0.00")


def test_a_usmca_claim_is_not_refused_and_a_later_quote_is_untouched(
        engine: LandedCostEngine) -> None:
    claimed = _quote("9504.50.00", "CA", "2025-06-01",
                     preference={"agreement": "USMCA", "proof": True})
    assert "IEEPA fentanyl (Canada, Mexico)" not in _additional(engine, claimed)
    # after them (and after the Section 122 surcharge), the forced-labour duty: the EU's
    # goods are brought up to 10 % (video game consoles: free)
    assert _additional(engine, _quote("9504.50.00", "DE", "2026-11-20")) == {
        "Section 301 forced labour": Decimal("100.00")}
    assert _additional(engine, _quote("9504.50.00", "KE", "2026-11-20")) == {}
