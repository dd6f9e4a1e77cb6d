"""``recoverable`` on national and subdivision taxes reaches the tax hits (bundled CA.yaml)."""

from __future__ import annotations

from datetime import date

import pytest

from pricing_engine.rules import load_rules


@pytest.mark.parametrize(("subdivision", "expected"), [
    ("CA-BC", {"GST": True, "PST": False}),
    ("CA-MB", {"GST": True, "RST": False}),
    ("CA-SK", {"GST": True, "PST": False}),
    ("CA-QC", {"GST": True, "QST": True}),
    ("CA-ON", {"HST": True}),
])
def test_canadian_taxes_say_whether_they_are_recoverable(
        subdivision: str, expected: dict[str, bool]) -> None:
    hits = load_rules().tax_rates("CA", "standard", date(2026, 11, 20), subdivision=subdivision)
    assert {h.name: h.recoverable for h in hits} == expected
