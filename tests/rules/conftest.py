"""Shared fixtures: the small rule set under tests/fixtures/rules_good."""

from __future__ import annotations

from pathlib import Path

import pytest

from pricing_engine.rules import RuleBook, load_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOOD = FIXTURES / "rules_good"
BAD = FIXTURES / "rules_bad"


@pytest.fixture(scope="session")
def book() -> RuleBook:
    """The fixture rule set alone (no bundled rules), loaded once."""
    return load_rules(GOOD, include_bundled=False)
