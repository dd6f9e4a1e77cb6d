"""Australia's Schedule 3 lines (rules/tariffs/AU.yaml) under the curated rules/countries/AU.yaml.

The table (bench/regen_au_tariff.py) holds the general rates of the ABF Working Tariff as a
third party's copy gave them on 2026-04-01: confidence low, so a quote on them goes to review.
Subheadings missing from the copy keep failing closed; the curated entries that are not
low-confidence stay as they are; a rate with a condition the engine does not price fails
closed naming the published text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_duty_terms, assert_table_line

TODAY = date(2026, 12, 1)



@pytest.mark.parametrize(("hs", "rate", "specific"), [
    ("848620", "0", None),                          # phased down to Free from 2019-07-01
    ("420310", "0.05", None),                       # leather apparel: 10 %, 5 % from 2015
    ("04064090", None, ("1.22", "kg")),             # blue-veined cheese: AUD 1.22 per kg
    ("910211", "0", None),                          # wrist-watches: free (curated 9102 low)
])
def test_table_lines_price_with_their_source(
    bundled: RuleBook, hs: str, rate: str | None, specific: tuple[str, str] | None
) -> None:
    rule = bundled.duty("AU", hs, "CN", TODAY).mfn
    assert_duty_terms(rule, rate, specific, "AUD")
    assert_table_line(rule, "AU", "low", "Working Tariff, Schedule 3")


def test_a_subheading_over_lines_of_different_rates_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("AU", "950300", "CN", TODAY)  # toys: free lines and 5 % lines
    named = dict(err.value.candidates)
    assert named["95030010"] == "free" and named["95030020"] == "5 %"


def test_a_conditioned_rate_fails_closed_naming_the_text(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="tobacco content") as err:
        bundled.duty("AU", "24031100", "CN", TODAY)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_hand_checked_curated_entries_stay(bundled: RuleBook) -> None:
    rule = bundled.duty("AU", "61091000", "CN", TODAY).mfn  # curated 6109, medium
    assert rule.ref.file.endswith("countries/AU.yaml") and rule.rate == Decimal("0.05")


def test_a_curated_heading_gives_way_where_the_lines_charge_otherwise(bundled: RuleBook) -> None:
    # cars 5 % (curated 8703, high) where every line of the subheading is 5 %; under 8703.60
    # one line is free, so the subheading's lines answer and its six-digit code names them
    assert bundled.duty("AU", "87032310", "JP", TODAY).mfn.ref.file.endswith("countries/AU.yaml")
    assert bundled.duty("AU", "87036012", "JP", TODAY).mfn.rate == 0
    assert bundled.duty("AU", "87036011", "JP", TODAY).mfn.rate == Decimal("0.05")
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("AU", "870360", "JP", TODAY)
    assert dict(err.value.candidates)["87036012"] == "free"
    assert bundled.duty("AU", "640312", "IT", TODAY).mfn.rate == 0  # ski boots


def test_a_subheading_missing_from_the_copy_comes_from_the_second_table(
    bundled: RuleBook
) -> None:
    # raw cotton: chapter 52 is not in the copy; AU.kcs.yaml (the Korea Customs Service's
    # 2025 table, from 2025-06-13) gives it, and before that day nothing does
    rule = bundled.duty("AU", "520100", "CN", TODAY).mfn
    assert rule.ref.file.endswith("tariffs/AU.kcs.yaml") and rule.rate == 0
    with pytest.raises(MissingRule, match="no MFN duty rule"):
        bundled.duty("AU", "520100", "CN", date(2025, 6, 12))


def test_an_excise_equivalent_rate_holds_until_its_indexation(bundled: RuleBook) -> None:
    # spirits: 5 % + AUD 107.99 a litre of alcohol as the copy gives it on 2026-04-01; the
    # rate is indexed on 1 August 2026 (or a few days later), so from then it is not read
    rule = bundled.duty("AU", "22082090", "CN", date(2026, 7, 31)).mfn
    assert_duty_terms(rule, "0.05", ("107.99", "litre_alcohol"), "AUD")
    with pytest.raises(MissingRule, match="indexed on or after 2026-08-01"):
        bundled.duty("AU", "22082090", "CN", date(2026, 8, 1))
    # cheese's AUD 1.22 a kg is not indexed: it stays, and KCS's table gives it too
    assert bundled.duty("AU", "04064090", "CN", TODAY).mfn.specific is not None
    assert bundled.duty("AU", "04064090", "CN", date(2025, 9, 1)).mfn.specific is not None


def test_a_line_the_copy_lacks_fails_closed_on_every_day(bundled: RuleBook) -> None:
    # the copy has one line of 2208.90 (5 %); KCS's table gives two more, with a duty per
    # litre of alcohol: they are not priced at the copy's 5 %, and the subheading names them
    for day in (date(2025, 9, 1), TODAY):
        with pytest.raises(MissingRule, match="the later table does not have"):
            bundled.duty("AU", "22089020", "CN", day)
        with pytest.raises(MissingRule) as err:
            bundled.duty("AU", "220890", "CN", day)
        assert "22089020" in str(err.value)
    assert bundled.duty("AU", "22089010", "CN", TODAY).mfn.rate == Decimal("0.05")


def test_lines_kcs_gives_alike_are_dated_back_to_its_table(bundled: RuleBook) -> None:
    # machinery for semiconductors: free in KCS's 2025 table and in the copy of 2026-04-01
    rule = bundled.duty("AU", "848620", "CN", date(2025, 9, 1)).mfn
    assert rule.rate == 0 and rule.ref.file.endswith("tariffs/AU.yaml")
    with pytest.raises(MissingRule):
        bundled.duty("AU", "848620", "CN", date(2025, 6, 12))
    # engine parts: 5 % in KCS's table, free in the copy (a nuisance tariff removed in
    # between): the days between the two fail closed, naming what KCS gives
    with pytest.raises(MissingRule, match="KCS's 2025 table gives '5%'"):
        bundled.duty("AU", "84091000", "CN", date(2025, 9, 1))
    assert bundled.duty("AU", "84091000", "CN", TODAY).mfn.rate == 0
