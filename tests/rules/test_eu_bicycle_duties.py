"""The EU anti-dumping duty on bicycles of China and its extension to bicycles consigned from
seven countries (Regulations (EU) No 501/2013 and 2015/776), read by origin in the bundled
union rules: who pays it, from which day, with a preference claimed, and flagged for a check
of the producer where exempted producers exist."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import Quote
from pricing_engine.rules import load_rules

AD = "EU anti-dumping duty, bicycles"
D = Decimal


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def _line(engine: LandedCostEngine, origin: str, on: str, **line: object) -> object:
    """Ten bicycles of 8712.00.30 at 100.00 EUR from ``origin`` to a German business."""
    quote = Quote.model_validate({
        "id": "Q", "date": on, "currency": "EUR",
        "seller": {"name": "S", "country": origin},
        "buyer": {"name": "B", "country": "DE", "type": "business"},
        "mode": "sea", "incoterm": "FCA", "named_place": "port",
        "lines": [{"sku": "BIKE", "hs_code": "8712.00.30", "origin": origin, "quantity": "10",
                   "unit_price": "100", "unit_cost": "60", "unit_weight_kg": "14", **line}]})
    return engine.quote(quote).lines[0]


def _duties(line: object) -> dict[str, Decimal]:
    return {c.name: c.amount.amount for c in line.charges  # type: ignore[attr-defined]
            if c.kind in ("mfn", "additional")}


@pytest.mark.parametrize(("origin", "on"), [
    ("CN", "2026-11-20"),
    ("ID", "2013-06-06"), ("MY", "2026-11-20"), ("LK", "2026-11-20"), ("TN", "2026-11-20"),
    ("KH", "2015-05-20"), ("PK", "2026-11-20"), ("PH", "2026-11-20"),
])
def test_bicycles_of_china_and_of_the_seven_pay_the_residual_duty(
        engine: LandedCostEngine, origin: str, on: str) -> None:
    assert _duties(_line(engine, origin, on)) == {"MFN duty": D("140.00"), AD: D("485.00")}


@pytest.mark.parametrize(("origin", "on"), [
    ("KH", "2015-05-19"),   # before Regulation (EU) 2015/776
    ("ID", "2013-06-05"),   # before Regulation (EU) No 501/2013
    ("VN", "2026-11-20"),   # not extended to Viet Nam
    ("TW", "2026-11-20"),
])
def test_not_due(engine: LandedCostEngine, origin: str, on: str) -> None:
    assert AD not in _duties(_line(engine, origin, on))


def test_a_preference_does_not_take_it_off() -> None:
    # an anti-dumping duty is due whatever preference the goods claim (Cambodia's EBA, the
    # EU-Tunisia agreement, GSP+ of Pakistan and the Philippines)
    for origin in ("KH", "TN", "PK", "CN"):
        (duty,) = [a for a in load_rules().duty("DE", "8712.00.30", origin,
                                                date(2026, 11, 20)).additional if a.name == AD]
        assert duty.applies_with_preference


def test_the_extension_is_for_a_person_to_check(engine: LandedCostEngine) -> None:
    # the regulations list producers that pay none: LOW_CONFIDENCE_RULE sends it to review
    line = _line(engine, "KH", "2026-11-20")
    (charge,) = [c for c in line.charges if c.name == AD]  # type: ignore[attr-defined]
    assert charge.rule is not None and charge.rule.confidence == "low"
    assert charge.rule.file == "rules/unions/EU.yaml"
