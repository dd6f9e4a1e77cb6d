"""Singapore's import duty on cars and motorcycles on the bundled rules: the excise duty of
20 % (passenger and classic cars) or 12 % (motorcycles and scooters) of the customs value
that Singapore Customs' duty-rate page charges on import, with its two worked examples
(customs value = FOB price plus freight, handling and insurance); GST is on the customs value
plus that duty. Goods vehicles and buses, which the page does not rate, still fail closed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.landed import LandedCostEngine, QuoteResult
from pricing_engine.rules import load_rules

from .conftest import make_quote

D = Decimal


@pytest.fixture(scope="module")
def bundled() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def _import(engine: LandedCostEngine, hs: str, fob: str, freight: str,
            date: str = "2026-11-20") -> QuoteResult:
    """One vehicle bought FOB in Japan for ``fob`` SGD, ``freight`` SGD to Singapore."""
    return engine.quote(make_quote(
        date=date, currency="SGD", incoterm="FOB", named_place="Nagoya",
        seller={"name": "Nagoya Motors K.K.", "country": "JP"},
        buyer={"name": "Lion City Autos Pte Ltd", "country": "SG", "type": "business"},
        freight={"amount": freight, "currency": "SGD"},
        lines=[{"sku": "V", "hs_code": hs, "origin": "JP", "quantity": "1",
                "unit_price": fob, "unit_cost": "1"}]))


def _charges(result: QuoteResult) -> dict[str, Decimal]:
    return {c.kind: c.amount.amount for c in result.lines[0].charges}


@pytest.mark.parametrize(("hs", "fob", "freight", "value", "duty"), [
    # the page's examples: a car of S$100,000 FOB with S$1,000 of freight, handling and
    # insurance pays S$20,200; a motorcycle of S$19,000 with S$100 pays S$2,292
    ("8703.23", "100000", "1000", "101000.00", "20200.00"),
    ("8711.20", "19000", "100", "19100.00", "2292.00"),
    ("8703.80", "100000", "1000", "101000.00", "20200.00"),   # electric cars too
])
def test_the_duty_pages_examples(bundled: LandedCostEngine, hs: str, fob: str, freight: str,
                                 value: str, duty: str) -> None:
    result = _import(bundled, hs, fob, freight)
    line = result.lines[0]
    assert line.customs_value.amount == D(value)
    charges = _charges(result)
    assert charges["mfn"] == D(duty)
    # GST 9 % of the customs value plus the duty
    assert charges["tax"] == ((D(value) + D(duty)) * D("0.09")).quantize(D("0.01"))
    mfn = next(c for c in line.charges if c.kind == "mfn")
    assert mfn.rule is not None and mfn.rule.file.endswith("countries/SG.yaml")
    assert mfn.rule.source is not None and "excise duty" in mfn.rule.source
    assert mfn.rule.confidence == "medium"


@pytest.mark.parametrize("hs", ["8703.10", "8711.60", "8711.90"])
def test_subheadings_the_page_does_not_name_price_at_low_confidence(
        bundled: LandedCostEngine, hs: str) -> None:
    # golf cars, power-assisted bicycles beside electric motorcycles, side-cars: charged
    # like the vehicles beside them, but flagged so that the quote is reviewed
    mfn = next(c for c in _import(bundled, hs, "10000", "0").lines[0].charges
               if c.kind == "mfn")
    assert mfn.rule is not None and mfn.rule.confidence == "low"
    assert mfn.rule.note
    assert mfn.amount.amount == (D("2000.00") if hs == "8703.10" else D("1200.00"))


@pytest.mark.parametrize("hs", ["8702.10", "8704.21", "2204.21", "2402.20"])
def test_what_the_page_does_not_rate_still_fails_closed(bundled: LandedCostEngine,
                                                        hs: str) -> None:
    with pytest.raises(MissingRule, match="not covered"):
        _import(bundled, hs, "10000", "0")


def test_before_coverage_there_is_no_rule(bundled: LandedCostEngine) -> None:
    with pytest.raises(MissingRule):
        _import(bundled, "8703.23", "100000", "1000", date="2019-12-31")
