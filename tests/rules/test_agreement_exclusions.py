"""What a free trade agreement leaves out, against the '*' zero of the same agreement.

Sugar and the automotive sector are outside the Mercosur free-trade zone (rules/countries
BR.yaml and AR.yaml): a Mercosur claim on sugar gets the MFN duty, one on vehicles or their
parts fails closed (bilateral regimes not encoded). NAFTA kept Mexico's tariffs on Canadian
dairy, poultry, eggs and sugar (MX.yaml): a USMCA claim there fails closed. CETA keeps EU
tariffs or quotas on Canadian beef, pork, chicken and turkey meat, eggs and sweet corn
(unions/EU.yaml): a claim there fails closed. Before, the '*' zero freed all of them. The EU's
TARIC has no EU-Japan or EU-Korea preference on rice: a claim pays the MFN duty; and it dates
the EU's car stages under both (EU-Japan each 1 February to 2026, EU-Korea each 1 July to
2016), where the rules had assumed 1 January stages for Japan and none for Korea."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook

DAY = date(2026, 11, 30)


@pytest.mark.parametrize(("country", "origin", "hs"), [
    ("BR", "AR", "17019900"), ("AR", "BR", "170199"), ("BR", "UY", "170113")])
def test_sugar_pays_the_mfn_duty_under_a_mercosur_claim(
        bundled: RuleBook, country: str, origin: str, hs: str) -> None:
    found = bundled.duty(country, hs, origin, DAY, claimed_agreement="Mercosur")
    assert found.preferential == ()
    assert found.excluded is not None and "sugar" in (found.excluded.excluded or "")
    assert found.mfn.rate is not None and found.mfn.rate > 0


@pytest.mark.parametrize(("country", "origin", "hs"), [
    ("BR", "AR", "87032310"), ("BR", "PY", "87089990"), ("AR", "BR", "87089990")])
def test_a_mercosur_claim_on_vehicles_fails_closed(
        bundled: RuleBook, country: str, origin: str, hs: str) -> None:
    with pytest.raises(MissingRule, match="automotive sector is outside"):
        bundled.duty(country, hs, origin, DAY, claimed_agreement="Mercosur")


def test_other_goods_keep_the_free_trade_zone(bundled: RuleBook) -> None:
    (pref,) = bundled.duty("BR", "84713012", "AR", DAY,
                           claimed_agreement="Mercosur").preferential
    assert pref.rate == Decimal(0)


@pytest.mark.parametrize(("country", "hs", "origin", "agreement", "what"), [
    ("MX", "04061001", "CA", "USMCA", "cheese"),
    ("MX", "17019999", "CA", "USMCA", "cane or beet sugar"),
    ("DE", "02013000", "CA", "CETA", "fresh or chilled beef"),
    ("FR", "04071100", "CA", "CETA", "eggs"),
])
def test_a_claim_on_goods_an_agreement_keeps_tariffs_on_fails_closed(
        bundled: RuleBook, country: str, hs: str, origin: str, agreement: str,
        what: str) -> None:
    with pytest.raises(MissingRule, match=f"{agreement}'s terms on these goods: {what}"):
        bundled.duty(country, hs, origin, DAY, claimed_agreement=agreement,
                     ambiguous_hs="highest")


def test_the_partners_goods_elsewhere_and_other_partners_keep_the_zero(
        bundled: RuleBook) -> None:
    # US cheese into Mexico: USMCA frees it; Canadian machines into Mexico and Germany too
    for country, hs, origin, agreement in (("MX", "04069099", "US", "USMCA"),
                                           ("MX", "84713001", "CA", "USMCA"),
                                           ("DE", "84713000", "CA", "CETA")):
        (pref,) = bundled.duty(country, hs, origin, DAY,
                               claimed_agreement=agreement).preferential
        assert pref.rate == Decimal(0), (country, hs)


@pytest.mark.parametrize(("origin", "agreement"), [("JP", "EU-Japan EPA"),
                                                   ("KR", "EU-Korea FTA")])
def test_rice_pays_the_mfn_duty_under_the_eu_s_japan_and_korea_agreements(
        bundled: RuleBook, origin: str, agreement: str) -> None:
    # TARIC holds no preference of either on heading 10.06 (its other cereals have one)
    found = bundled.duty("DE", "10063098", origin, DAY, claimed_agreement=agreement)
    assert found.preferential == ()
    assert found.excluded is not None and found.excluded.hs == "1006"
    # common wheat: TARIC has a measure, but the EU's EUR 95/t is a specific duty and the
    # export gives the measure's first figure only (tariffs/EU.preferences.yaml): fails closed
    with pytest.raises(MissingRule, match="has a specific part"):
        bundled.duty("DE", "1001990092", origin, DAY, claimed_agreement=agreement)


@pytest.mark.parametrize(("hs", "on", "rate"), [
    ("87032319", date(2019, 2, 1), "0.088"),   # the EU-Japan EPA's car stages, as TARIC
    ("87032319", date(2024, 1, 31), "0.038"),  # dates them: each from 1 February
    ("87032319", date(2024, 2, 1), "0.025"),
    ("87032319", date(2026, 1, 31), "0.013"),
    ("87032319", date(2026, 2, 1), "0"),
    ("87031011", date(2024, 2, 1), "0.013"),   # a 5 % line, its own stages
])
def test_japanese_cars_pay_the_eu_s_staged_rate_of_the_day(
        bundled: RuleBook, hs: str, on: date, rate: str) -> None:
    found = bundled.duty("FR", hs, "JP", on, claimed_agreement="EU-Japan EPA")
    assert [p.rate for p in found.preferential] == [Decimal(rate)]


def test_korean_cars_pay_the_eu_s_staged_rate_and_fail_closed_before_it_is_known(
        bundled: RuleBook) -> None:
    def rate(hs: str, on: date) -> Decimal | None:
        (pref,) = bundled.duty("IT", hs, "KR", on, claimed_agreement="EU-Korea FTA").preferential
        return pref.rate
    assert rate("87032319", date(2013, 3, 1)) == Decimal("0.04")
    assert rate("87032110", date(2015, 3, 1)) == Decimal("0.033")
    assert rate("87032319", date(2026, 3, 1)) == 0
    with pytest.raises(MissingRule, match="not in the TARIC export read"):
        bundled.duty("IT", "87032319", "KR", date(2011, 9, 1), claimed_agreement="EU-Korea FTA")


@pytest.mark.parametrize(("hs", "on", "rate"), [
    ("87032319", date(2019, 6, 1), "0.062"),   # CETA's car stages as TARIC gives them
    ("87032319", date(2023, 12, 31), "0.012"),
    ("87032319", date(2024, 1, 1), "0"),
    ("87039000", date(2020, 6, 1), "0.033"),   # six stages, free from 2022
    ("87032190", date(2018, 6, 1), "0"),       # used cars: free from the start
])
def test_canadian_cars_pay_the_eu_s_staged_ceta_rate(bundled: RuleBook, hs: str, on: date,
                                                     rate: str) -> None:
    found = bundled.duty("DE", hs, "CA", on, claimed_agreement="CETA")
    assert [p.rate for p in found.preferential] == [Decimal(rate)]


def test_a_ceta_claim_on_a_hybrid_car_line_fails_closed_while_its_subdivisions_differ(
        bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="by 10-digit subdivision"):
        bundled.duty("DE", "87034010", "CA", date(2020, 6, 1), claimed_agreement="CETA")
    later = bundled.duty("DE", "87034010", "CA", date(2025, 6, 1), claimed_agreement="CETA")
    assert [p.rate for p in later.preferential] == [0]
