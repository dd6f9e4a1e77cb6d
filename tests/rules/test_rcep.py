"""RCEP preferences in the bundled rules: offered to member origins only, on the sourced dates.

Expected figures: Australia's Schedule 14 note (RCEP originating goods are Free except the
listed subheadings; dates of entry into force per party); Japan's 2024 tariff RCEP columns
(2204.21 China/Korea 11.3 % or JPY 93.75/l, min JPY 50.25/l; 0902.30 ASEAN/AU/NZ Free).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.rules import RuleBook
from pricing_engine.rules.results import DutyRule


def _rcep(book: RuleBook, country: str, hs: str, origin: str, on: date) -> list[DutyRule]:
    return [r for r in book.duty(country, hs, origin, on).preferential if r.agreement == "RCEP"]


@pytest.mark.parametrize("origin", ["VN", "TH", "NZ", "CN", "KR", "MY"])
def test_australia_rcep_free_for_members(bundled: RuleBook, origin: str) -> None:
    (rule,) = _rcep(bundled, "AU", "610910", origin, date(2026, 6, 1))
    assert rule.rate == Decimal("0")
    assert rule.requires == "proof_of_origin"
    assert bundled.duty("AU", "610910", origin, date(2026, 6, 1)).mfn.rate == Decimal("0.05")


@pytest.mark.parametrize("origin", ["IN", "US", "GB", "MM"])
def test_australia_rcep_not_for_non_members(bundled: RuleBook, origin: str) -> None:
    assert _rcep(bundled, "AU", "610910", origin, date(2026, 6, 1)) == []


@pytest.mark.parametrize(("origin", "before", "from_"), [
    ("KR", date(2022, 1, 31), date(2022, 2, 1)),
    ("MY", date(2022, 3, 17), date(2022, 3, 18)),
    ("ID", date(2023, 1, 1), date(2023, 1, 2)),
    ("PH", date(2023, 6, 1), date(2023, 6, 2)),
])
def test_australia_rcep_starts_per_party(
    bundled: RuleBook, origin: str, before: date, from_: date
) -> None:
    assert _rcep(bundled, "AU", "940360", origin, before) == []
    assert [r.rate for r in _rcep(bundled, "AU", "940360", origin, from_)] == [Decimal("0")]


def test_japan_wine_rcep_china_fy2024(bundled: RuleBook) -> None:
    (rule,) = _rcep(bundled, "JP", "220421", "CN", date(2024, 6, 1))
    assert rule.rate == Decimal("0.113")
    assert rule.max is not None and rule.max.amount == Decimal("93.75")
    assert rule.min is not None and rule.min.amount == Decimal("50.25")
    assert rule.max.currency == "JPY" and rule.max.per == "litre"


def test_japan_wine_rcep_current_year_is_lower(bundled: RuleBook) -> None:
    (rule,) = _rcep(bundled, "JP", "2204.21.020", "KR", date(2026, 11, 1))
    assert rule.rate == Decimal("0.094")
    assert rule.valid_from == date(2026, 4, 1)
    assert rule.ref.confidence == "low"


@pytest.mark.parametrize("origin", ["TH", "AU", "US", "FR"])
def test_japan_wine_rcep_only_china_and_korea(bundled: RuleBook, origin: str) -> None:
    # no RCEP rate for other origins: none at all, or (tariffs/JP.kcs.yaml, whose RCEP
    # column for ASEAN, AU and NZ the curated entry overrides) the MFN duty (of each line:
    # fortified wine 112 yen/l, the others 15 % or 125 yen/l, whichever is the lower)
    for hs in ("220421010", "220421020"):
        found = bundled.duty("JP", hs, origin, date(2026, 6, 1))
        for rule in _rcep(bundled, "JP", hs, origin, date(2026, 6, 1)):
            assert (rule.rate, rule.min, rule.max) == (found.mfn.rate, found.mfn.min,
                                                       found.mfn.max)


def test_japan_black_tea_rcep_asean_not_china(bundled: RuleBook) -> None:
    # Japan's schedule (in force from 2025-04-01) splits 0902.30 into packings of 3 kg or
    # less (12 %) and the others (17 %): a quote gives the line
    (rule,) = _rcep(bundled, "JP", "090230010", "VN", date(2026, 6, 1))
    assert rule.rate == Decimal("0")
    for origin in ("CN", "MM"):  # China excluded (the MFN duty), Myanmar not a party here
        for hs in ("090230010", "090230090"):
            found = bundled.duty("JP", hs, origin, date(2026, 6, 1))
            assert all(r.rate == found.mfn.rate and r.rate > 0
                       for r in _rcep(bundled, "JP", hs, origin, date(2026, 6, 1)))
