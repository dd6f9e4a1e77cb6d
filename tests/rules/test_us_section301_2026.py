"""The 2026 Section 301 actions in the bundled US rules: the forced-labour duty on the products of
59 economies and the EU member states from 2026-07-24 (U.S. note 52: a rate by economy, a
top-up for the EU, Japan, Korea, Switzerland and Taiwan, none on USMCA goods, on CAFTA-DR
textiles entered under the agreement, on goods under a Section 232 duty or on civil aircraft),
and the duty on products of Brazil from 2026-07-22 (U.S. note 50), priced through a quote."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import load_rules
from pricing_engine.rules.model import AdditionalEntry
from tests.tariff.conftest import FL, duties, us_quote

D = Decimal
BR = "Section 301 (Brazil)"
USMCA = {"agreement": "USMCA", "proof": True}


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def _duties(engine: LandedCostEngine, hs: str, origin: str, on: str = "2026-11-20",
            **line: Any) -> dict[str, Decimal]:
    return duties(engine, us_quote(hs, origin, on=on, **line))


@pytest.mark.parametrize(("origin", "due"), [
    ("VN", "125.00"), ("CN", "125.00"), ("TH", "125.00"), ("AU", "125.00"), ("HK", "125.00"),
    ("GB", "100.00"), ("IN", "100.00"), ("MY", "100.00"), ("CA", "100.00"), ("MX", "100.00"),
])
def test_the_rate_is_the_economy_of_origin(engine: LandedCostEngine, origin: str,
                                           due: str) -> None:
    # centrifugal pumps, HTS 8413.70 (free): 1,000.00 of goods
    assert _duties(engine, "8413.70.20", origin)[FL] == D(due)


def test_an_origin_outside_the_sixty_economies_pays_none(engine: LandedCostEngine) -> None:
    assert FL not in _duties(engine, "8413.70.20", "KE")


@pytest.mark.parametrize(("hs", "origin", "due"), [
    ("8413.70.20", "DE", "100.00"),  # free: the whole 10 %
    ("8481.30.20", "FR", "50.00"),   # 5 %: the difference up to 10 %
    ("6109.10.00", "IT", "0.00"),    # 16.5 %: already above 10 %, nothing more
    ("8413.70.20", "JP", "125.00"),  # Japan, Korea, Switzerland: up to 12.5 %
    ("8481.30.20", "CH", "75.00"),
    ("8481.30.20", "TW", "50.00"),   # Taiwan: up to 10 %
])
def test_the_eu_and_four_partners_pay_up_to_a_total(engine: LandedCostEngine, hs: str,
                                                    origin: str, due: str) -> None:
    assert _duties(engine, hs, origin)[FL] == D(due)


def test_korea_pays_up_to_the_total_on_the_korus_rate_too(engine: LandedCostEngine) -> None:
    got = _duties(engine, "8481.30.20", "KR", preference={"agreement": "KORUS", "proof": True})
    assert got[FL] == D("125.00") and sum(got.values()) == D("125.00")


def test_it_stacks_on_the_china_section_301_duty(engine: LandedCostEngine) -> None:
    got = _duties(engine, "8413.70.20", "CN")
    assert got["Section 301"] == D("250.00") and got[FL] == D("125.00")


def test_usmca_goods_of_mexico_and_canada_pay_none(engine: LandedCostEngine) -> None:
    for origin in ("MX", "CA"):
        assert FL not in _duties(engine, "8413.70.20", origin, preference=USMCA)


def test_cafta_dr_textiles_under_the_agreement_pay_none(engine: LandedCostEngine) -> None:
    cafta = {"agreement": "CAFTA-DR", "proof": True}
    assert FL not in _duties(engine, "6109.10.00", "HN", preference=cafta)
    assert _duties(engine, "6109.10.00", "HN")[FL] == D("100.00")  # not claimed
    assert _duties(engine, "6109.10.00", "DO")[FL] == D("125.00")
    # outside chapters 50-63 the claim does not take it off
    assert _duties(engine, "8413.70.20", "HN", preference=cafta)[FL] == D("100.00")


def test_goods_under_a_section_232_duty_pay_none(engine: LandedCostEngine) -> None:
    assert _duties(engine, "7208.51.00", "DE") == {"MFN duty": 0, "Section 232 metals": D("500.00")}
    # ball bearings (9 %) pay the vehicle parts duty only as a vehicle part: declared one,
    # that duty and not this one; declared not one, this one (up to 10 %) and not that
    part = _duties(engine, "8482.10.50.44", "DE", uses=["vehicle_part"])
    assert FL not in part and part["Section 232 vehicle parts"] == D("250.00")
    other = _duties(engine, "8482.10.50.44", "DE", uses=[])
    assert other == {"MFN duty": D("90.00"), FL: D("10.00")}


def test_civil_aircraft_declared_as_such_pay_none(engine: LandedCostEngine) -> None:
    assert FL not in _duties(engine, "8802.40.00", "GB", uses=["civil_aircraft"])
    assert _duties(engine, "8802.40.00", "GB")[FL] == D("100.00")


def test_the_duty_begins_the_day_after_the_section_122_surcharge_ends(
        engine: LandedCostEngine) -> None:
    before = _duties(engine, "8413.70.20", "DE", on="2026-07-23")
    assert FL not in before and before["Section 122 surcharge"] == D("100.00")
    after = _duties(engine, "8413.70.20", "DE", on="2026-07-24")
    assert after[FL] == D("100.00") and "Section 122 surcharge" not in after


def test_brazil_pays_its_own_duty_and_the_forced_labour_one(engine: LandedCostEngine) -> None:
    assert BR not in _duties(engine, "8413.70.20", "BR", on="2026-07-21")
    got = _duties(engine, "8413.70.20", "BR", on="2026-07-22")
    assert got[BR] == D("250.00") and FL not in got
    got = _duties(engine, "8413.70.20", "BR")
    assert got[BR] == D("250.00") and got[FL] == D("125.00")
    steel = _duties(engine, "7208.51.00", "BR")
    assert BR not in steel and FL not in steel and steel["Section 232 metals"] > 0


def test_the_brazil_duty_is_flagged_for_review(engine: LandedCostEngine) -> None:
    line = engine.quote(us_quote("8413.70.20", "BR")).lines[0]
    ref = next(c.rule for c in line.charges if c.name == BR)
    assert ref is not None and ref.confidence == "low"  # its exemption lists are not encoded


def test_not_with_cannot_name_the_duty_itself() -> None:
    with pytest.raises(ValidationError, match="names this duty itself"):
        AdditionalEntry(name="Section 232 metals", hs="72", rate=D("0.5"),
                        not_with="Section 232")
    entry = AdditionalEntry(name=FL, hs="*", rate=D("0.1"), not_with="Section 232")
    assert entry.not_with == "Section 232"
