"""Shared fixtures: the landed-cost test rule set, quote builders, per-test rule directories."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from copy import deepcopy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine, QuoteResult
from pricing_engine.quote import Quote
from pricing_engine.rules import load_rules

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "landed_rules"

BASE: dict[str, Any] = {
    "id": "T-1",
    "date": "2026-11-20",
    "currency": "EUR",
    "seller": {"name": "Seller GmbH", "country": "DE", "vat_id": "DE123456788"},
    "buyer": {"name": "Buyer Inc.", "country": "US", "type": "business"},
    "mode": "sea",
    "incoterm": "EXW",
    "lines": [{"sku": "A", "hs_code": "8413.70", "origin": "DE", "quantity": "1",
               "unit_price": "1000", "unit_cost": "600"}],
}


#: The head of a small US country file for a test's own rule directory (no tax, FOB): a
#: test adds its ``duty:`` section.
US_FILE_HEAD = """
country: US
currency: USD
as_of: 2026-11-01
sources: [{id: t, title: test}]
customs: {valuation: FOB, tax_base: [customs_value, duty], fee_base: entered_value}
tax: null
no_tax_reason: none federal
"""


def merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``base`` with ``changes`` merged in (dicts merge, the rest replaces)."""
    out = deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = deepcopy(value)
    return out


def make_quote(**changes: Any) -> Quote:
    """A quote from BASE with top-level ``changes`` merged in."""
    return Quote.model_validate(merge(BASE, changes))


def D(text: str) -> Decimal:
    """A Decimal literal."""
    return Decimal(text)


@pytest.fixture(scope="session")
def engine() -> LandedCostEngine:
    """An engine on the test rule set only (stable against the evolving bundled rules)."""
    return LandedCostEngine(load_rules(FIXTURES, include_bundled=False))


@pytest.fixture
def quote_of(engine: LandedCostEngine) -> Callable[..., QuoteResult]:
    """Quote with the test rule set: ``quote_of(incoterm="DDP", ...)``."""

    def run(**changes: Any) -> QuoteResult:
        return engine.quote(make_quote(**changes))

    return run


@pytest.fixture
def rules_dir(tmp_path: Path) -> Callable[[dict[str, str]], LandedCostEngine]:
    """An engine on a rule directory of a test's own: ``{"countries/IE.yaml": "..."}``."""

    def build(files: dict[str, str]) -> LandedCostEngine:
        shutil.copy(FIXTURES / "incoterms2020.yaml", tmp_path / "incoterms2020.yaml")
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return LandedCostEngine(load_rules(tmp_path, include_bundled=False))

    return build
