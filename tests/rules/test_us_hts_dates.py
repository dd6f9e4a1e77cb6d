"""The shipped US table's MFN lines hold from 2025-01-01 where HTS 2025 Basic and 2025
Revision 32 charge what 2026 Revision 10 does (bench/regen_tariffs.py, ``tariff import
--earlier``): a quote of early 2026 gets the national line, not a coarser curated rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook


def assert_table_rate(bundled: RuleBook, hs: str, rate: str, days: tuple[date, ...]) -> None:
    """On each of ``days`` the US table's line of ``hs`` charges ``rate`` (goods of DE)."""
    for day in days:
        rule = bundled.duty("US", hs, "DE", day).mfn
        assert rule.rate == Decimal(rate), day
        assert rule.ref.file.endswith("tariffs/US.yaml")


def test_a_line_is_priced_from_the_earliest_edition_that_charges_alike(
        bundled: RuleBook) -> None:
    # steel check valves, 8481.30.20: 5 % in every edition since 2025 Basic (the curated
    # heading 8481 says 2 %, most valves' rate)
    assert_table_rate(bundled, "8481302090", "0.05",
                      (date(2025, 1, 1), date(2026, 3, 1), date(2026, 11, 20)))
    # before 2025 Basic the table says nothing: the curated heading answers
    assert bundled.duty("US", "8481302090", "DE", date(2024, 12, 31)).mfn.ref.file.endswith(
        "countries/US.yaml")
    # the preferences of the special column are the table's own revision's only
    assert bundled.duty("US", "8481302090", "KR", date(2026, 11, 20),
                        claimed_agreement="KORUS").preferential is not None


def test_a_line_an_older_edition_lacks_holds_from_the_run_that_gives_it(
        bundled: RuleBook) -> None:
    # 4420.19.00 (wooden statuettes, other than of tropical wood): 3.2 % in 2025 Revision 32
    # and 2026 Revision 10; the 2025 Basic export lacks the line, so it holds from Revision 32
    # (2025-11-15), not only from Revision 10 (tests/tariff/test_carry_back_lines.py)
    assert_table_rate(bundled, "4420190000", "0.032",
                      (date(2025, 11, 15), date(2026, 3, 1), date(2026, 11, 20)))
    with pytest.raises(MissingRule):  # before it no edition read gives the line
        bundled.duty("US", "4420190000", "DE", date(2025, 11, 14))
