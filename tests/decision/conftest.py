"""Engines built once per session on the real bundled rules and lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from pricing_engine.decision import Proposal, load_proposal
from pricing_engine.engine import Engine

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PROPOSALS = FIXTURES / "proposals"
ALLOW_LISTS = FIXTURES / "allow_lists"
LENIENT = FIXTURES / "policies" / "lenient_freshness.yaml"


def proposal(name: str) -> Proposal:
    """Load a proposal fixture by file name."""
    return load_proposal(PROPOSALS / name)


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The bundled rules and lists under a policy that accepts the bundled lists' age."""
    return Engine.load(policy=LENIENT)


@pytest.fixture(scope="session")
def default_engine() -> Engine:
    """The bundled rules, lists and default policy."""
    return Engine.load()
