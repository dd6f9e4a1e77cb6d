"""The EU anti-dumping and countervailing duties on electric bicycles of China (Implementing
Regulations (EU) 2019/73 and 2019/72, maintained by 2025/120 and 2025/114) in the bundled
union rules: on which lines, from which day, at which rates, stacked, and where the 8-digit
code cannot say whether the goods are electric bicycles, named rather than guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing_engine.errors import AmbiguousHsCode
from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import Quote
from pricing_engine.rules import load_rules

AD = "EU anti-dumping duty, electric bicycles"
CVD = "EU countervailing duty, electric bicycles"
D = Decimal


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def _charges(engine: LandedCostEngine, hs: str, origin: str, on: str,
             **line: object) -> dict[str, Decimal]:
    """The duties and VAT of ten e-bikes at 100.00 EUR from ``origin`` to a German business."""
    quote = Quote.model_validate({
        "id": "Q", "date": on, "currency": "EUR",
        "seller": {"name": "S", "country": origin},
        "buyer": {"name": "B", "country": "DE", "type": "business"},
        "mode": "sea", "incoterm": "FCA", "named_place": "port",
        "lines": [{"sku": "EB", "hs_code": hs, "origin": origin, "quantity": "10",
                   "unit_price": "100", "unit_cost": "60", "unit_weight_kg": "22", **line}]})
    found = engine.quote(quote).lines[0]
    return {c.name: c.amount.amount for c in found.charges
            if c.kind in ("mfn", "additional", "tax")}


@pytest.mark.parametrize("hs", ["8711.60.10", "8711.60.90.10"])
def test_a_chinese_e_bike_pays_both_duties_on_top_of_the_mfn_duty(
        engine: LandedCostEngine, hs: str) -> None:
    got = _charges(engine, hs, "CN", "2026-11-20")
    assert (got["MFN duty"], got[AD], got[CVD]) == (D("60.00"), D("621.00"), D("172.00"))
    # the VAT base holds the duties: (1,000 + 60 + 621 + 172) x 19 %
    assert got["VAT"] == D("352.07")


@pytest.mark.parametrize(("hs", "origin", "on"), [
    ("8711.60.10", "CN", "2019-01-17"),     # before the definitive duties
    ("8711.60.10", "VN", "2026-11-20"),     # another origin
    ("8711.60.90.90", "CN", "2026-11-20"),  # an electric motorcycle, not a pedal cycle
])
def test_not_due(engine: LandedCostEngine, hs: str, origin: str, on: str) -> None:
    got = _charges(engine, hs, origin, on)
    assert AD not in got and CVD not in got


def test_the_eight_digit_code_of_motorcycles_and_e_bikes_is_named_not_guessed(
        engine: LandedCostEngine) -> None:
    with pytest.raises(AmbiguousHsCode, match="8711609010") as err:
        _charges(engine, "8711.60.90", "CN", "2026-11-20")
    assert "give the full 10-digit line" in str(err.value)
    # the dearest line, where the quote asks for it
    got = _charges(engine, "8711.60.90", "CN", "2026-11-20", ambiguous_hs="highest")
    assert (got[AD], got[CVD]) == (D("621.00"), D("172.00"))
    # from elsewhere the lines charge alike: the code prices
    assert AD not in _charges(engine, "8711.60.90", "VN", "2026-11-20")


def test_the_exporters_rate_is_for_a_person_to_check(engine: LandedCostEngine) -> None:
    quote = Quote.model_validate({
        "id": "Q", "date": "2026-11-20", "currency": "EUR",
        "seller": {"name": "S", "country": "CN"},
        "buyer": {"name": "B", "country": "DE", "type": "business"},
        "mode": "sea", "incoterm": "FCA", "named_place": "port",
        "lines": [{"sku": "EB", "hs_code": "8711.60.10", "origin": "CN", "quantity": "1",
                   "unit_price": "100", "unit_cost": "60", "unit_weight_kg": "22"}]})
    line = engine.quote(quote).lines[0]
    duties = [c for c in line.charges if c.name in (AD, CVD)]
    assert len(duties) == 2
    for charge in duties:  # LOW_CONFIDENCE_RULE: check sends the proposal to review
        assert charge.rule is not None and charge.rule.confidence == "low"
        assert charge.rule.file == "rules/unions/EU.yaml"
