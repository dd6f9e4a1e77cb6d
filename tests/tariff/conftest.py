"""Small real excerpts of the official files (tests/fixtures/tariffs/), never ../shared."""

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tariffs"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
