"""The EU countervailing duty on new battery electric vehicles of China (Implementing
Regulation (EU) 2024/2754) in the bundled union rules: on which line, from which day, at
which rate, in the import VAT base, and flagged for a check of the producer's rate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import AmbiguousHsCode
from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import Quote
from pricing_engine.rules import load_rules

NAME = "EU countervailing duty, battery electric vehicles"
D = Decimal


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def _quote(hs: str, origin: str, on: str) -> Quote:
    """One car at 1,000.00 EUR from ``origin`` to a German business."""
    return Quote.model_validate({
        "id": "Q", "date": on, "currency": "EUR",
        "seller": {"name": "S", "country": origin},
        "buyer": {"name": "B", "country": "DE", "type": "business"},
        "mode": "sea", "incoterm": "FCA", "named_place": "port",
        "lines": [{"sku": "EV", "hs_code": hs, "origin": origin, "quantity": "1",
                   "unit_price": "1000", "unit_cost": "600", "unit_weight_kg": "1800"}]})


def _charges(engine: LandedCostEngine, hs: str, origin: str, on: str) -> dict[str, Decimal]:
    line = engine.quote(_quote(hs, origin, on)).lines[0]
    return {c.name: c.amount.amount for c in line.charges
            if c.kind in ("mfn", "additional", "tax")}


def test_a_new_chinese_bev_pays_the_residual_rate_on_top_of_the_mfn_duty(
        engine: LandedCostEngine) -> None:
    got = _charges(engine, "8703.80.10", "CN", "2026-12-01")
    assert got[NAME] == D("353.00") and got["MFN duty"] == D("100.00")
    # the import VAT base holds the duties: (1,000 + 100 + 353) x 19 %
    assert got["VAT"] == D("276.07")


@pytest.mark.parametrize(("hs", "origin", "on"), [
    ("8703.80.10", "CN", "2024-10-29"),   # before the definitive duty
    ("8703.80.90", "CN", "2026-12-01"),   # a used car: not the product concerned
    ("8703.80.10", "JP", "2026-12-01"),   # another origin
])
def test_not_due(engine: LandedCostEngine, hs: str, origin: str, on: str) -> None:
    assert NAME not in _charges(engine, hs, origin, on)


def test_the_producer_s_rate_is_for_a_person_to_check(engine: LandedCostEngine) -> None:
    line = engine.quote(_quote("8703.80.10", "CN", "2026-12-01")).lines[0]
    (charge,) = [c for c in line.charges if c.name == NAME]
    assert charge.rule is not None and charge.rule.confidence == "low"  # LOW_CONFIDENCE_RULE
    assert charge.rule.file == "rules/unions/EU.yaml"


def test_the_six_digit_code_names_new_and_used_cars() -> None:
    with pytest.raises(AmbiguousHsCode, match="87038010 10 % \\+ EU countervailing duty"):
        load_rules().duty("DE", "870380", "CN", date(2026, 12, 1))
