"""Small real excerpts of the official files (tests/fixtures/tariffs/), never ../shared; and a
one-line US quote with the duties it pays, for the Chapter 99 tests."""

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import Quote
from pricing_engine.rules.model import AdditionalEntry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tariffs"
#: The curated duty on products of the economies of the 2026 forced-labour Section 301 action
#: (rules/countries/US.yaml): most US quotes dated from 2026-07-24 pay it.
FL = "Section 301 forced labour"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def notes_excerpt(name: str) -> str:
    """The text of an excerpt of the Chapter 99 notes (the text layer is cp1252)."""
    return (FIXTURES / name).read_bytes().decode("cp1252")


def us_quote(hs: str, origin: str, on: str = "2026-11-20", **line: Any) -> Quote:
    """Ten units at 100.00 (1,000.00 in all) of ``hs`` from ``origin`` to a US business."""
    return Quote.model_validate({
        "id": "Q", "date": on, "currency": "USD",
        "seller": {"name": "S", "country": origin}, "buyer": {"name": "B", "country": "US",
                                                               "type": "business"},
        "mode": "sea", "incoterm": "FCA", "named_place": "port",
        "lines": [{"sku": "A", "hs_code": hs, "origin": origin, "quantity": "10",
                   "unit_price": "100", "unit_cost": "60", "unit_weight_kg": "5", **line}]})


def duties(engine: LandedCostEngine, quote: Quote) -> dict[str, Decimal]:
    """The MFN and additional duties of the quote's first line, by name."""
    line = engine.quote(quote).lines[0]
    return {c.name: c.amount.amount for c in line.charges if c.kind in ("mfn", "additional")}


def entry_at(entries: list[AdditionalEntry], hs: str, on: date, origin: str) -> AdditionalEntry:
    """The one entry of code ``hs`` (exactly) that applies to ``origin`` on ``on``."""
    found = [e for e in entries if e.hs == hs
             and (e.valid_from is None or e.valid_from <= on)
             and (e.valid_to is None or on <= e.valid_to)
             and (origin in e.origins if e.origins else origin not in e.except_origins)]
    assert len(found) == 1, found
    return found[0]
