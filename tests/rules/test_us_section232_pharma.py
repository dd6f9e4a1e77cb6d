"""The US Section 232 duty on patented pharmaceuticals (Proclamation of 2026-04-02) in the bundled
rules: due on the articles of its Annex I, which a code of chapter 29 or 30 does not tell from
generics, so only on lines that declare uses: [patented_pharmaceutical]; 100 %, the agreement
partners 15 % in all; such goods leave the forced-labour duty; a line that does not say is
told so."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.landed.duty import UNDECLARED
from pricing_engine.rules import load_rules
from tests.tariff.conftest import FL, duties, us_quote

D = Decimal
NAME = "Section 232 pharmaceuticals"
DECLARED = {"uses": ["patented_pharmaceutical"]}


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def _duties(engine: LandedCostEngine, hs: str, origin: str, on: str = "2026-11-20",
            **line: Any) -> dict[str, Decimal]:
    return duties(engine, us_quote(hs, origin, on=on, **line))


@pytest.mark.parametrize(("hs", "origin", "expected"), [
    # a medicament in measured doses (free) from India: 100 %, and no forced-labour duty
    ("3004.90.92", "IN", {"MFN duty": D("0.00"), NAME: D("1000.00")}),
    # an active ingredient of chapter 29 (6.5 %) from China: the same, on top of its duty
    ("2933.99.79", "CN", {"MFN duty": D("65.00"), NAME: D("1000.00")}),
    # from Germany or Japan: 15 % in all
    ("3004.90.92", "DE", {"MFN duty": D("0.00"), NAME: D("150.00")}),
    ("3002.15.01", "JP", {"MFN duty": D("0.00"), NAME: D("150.00")}),
    # from the UK: none reported, and still no forced-labour duty
    ("3004.90.92", "GB", {"MFN duty": D("0.00"), NAME: D("0.00")}),
])
def test_a_declared_patented_pharmaceutical_pays(engine: LandedCostEngine, hs: str, origin: str,
                                                 expected: dict[str, Decimal]) -> None:
    assert _duties(engine, hs, origin, **DECLARED) == expected


def test_a_line_that_does_not_say_is_told_and_pays_the_forced_labour_duty(
        engine: LandedCostEngine) -> None:
    line = engine.quote(us_quote("3004.90.92", "IN")).lines[0]
    charges = {c.name: c for c in line.charges if c.kind == "additional"}
    assert charges[NAME].amount.amount == 0
    assert charges[NAME].explanation.startswith(UNDECLARED)
    assert "patented_pharmaceutical" in charges[NAME].explanation
    assert charges[FL].amount.amount == D("100.00")  # India: + 10 %
    # a generic, declared not one: only the forced-labour duty
    assert _duties(engine, "3004.90.92", "IN", uses=[]) == {"MFN duty": D("0.00"),
                                                           FL: D("100.00")}


def test_before_2026_07_31_there_is_none(engine: LandedCostEngine) -> None:
    assert NAME not in _duties(engine, "3004.90.92", "IN", on="2026-07-30", **DECLARED)


def test_the_rates_are_flagged_for_review(engine: LandedCostEngine) -> None:
    line = engine.quote(us_quote("3004.90.92", "IN", **DECLARED)).lines[0]
    ref = next(c.rule for c in line.charges if c.name == NAME)
    assert ref is not None and ref.confidence == "low"  # company agreements may lower them
