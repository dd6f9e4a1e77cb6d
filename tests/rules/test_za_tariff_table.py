"""South Africa's tariff (rules/tariffs/ZA.yaml): SARS Schedule 1 Part 1 as at 2025-05-09.

ZA had no duty rules (every lookup failed closed). The table (bench/regen_za_tariff.py) gives
the General rate of each line read from the text of the SARS schedule: ad valorem, cents per
kg or litre, a specific rate with an ad valorem maximum, and the alternatives "40% or
240c/kg" and "30% or 500c/2u" as the greater of the two (the specific amount a minimum; before
2026-12-06 they failed closed). The forms with "less N%" fail closed naming the text; a
six-digit code over lines of different rates names them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from pricing_engine.engine import Engine
from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_table_line, check_proposal, regen

ROOT = Path(__file__).resolve().parents[2]

TODAY = date(2026, 12, 1)



@pytest.mark.parametrize(("hs", "rate"), [
    ("610910", "0.45"),      # cotton T-shirts: 45 %
    ("87032390", "0.25"),    # motor cars 1,500-3,000 cc: 25 %
    ("64039990", "0.30"),    # leather footwear: 30 %
    ("847130", "0"),         # laptops: free
    ("95030010", "0.20"),    # tricycles, scooters, pedal cars: 20 %
    # lines whose MERCOSUR cell names the members it frees ("free to Argentina, Brazil"):
    # not read before 2026-12-07
    ("330610", "0.10"),      # toothpaste: 10 %
    ("34023120", "0.15"),    # anionic surface-active agents in packings over 10 kg: 15 %
    ("340290", "0.20"),      # washing and cleaning preparations, other: 20 %
])
def test_table_lines_price_with_their_source(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("ZA", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate)
    assert_table_line(rule, "ZA", "medium", "Schedule 1 Part 1")


def test_a_specific_rate_with_an_ad_valorem_maximum(bundled: RuleBook) -> None:
    rule = bundled.duty("ZA", "040690", "CN", TODAY).mfn  # cheese: 500c/kg, at most 95 %
    assert rule.specific is not None
    assert (rule.specific.amount, rule.specific.currency, rule.specific.per) == (
        Decimal("5"), "ZAR", "kg")
    assert rule.max_rate == Decimal("0.95")


@pytest.mark.parametrize(("hs", "rate", "amount", "per"), [
    ("020110", "0.4", "2.4", "kg"),      # beef carcasses: 40% or 240c/kg
    ("020311", "0.15", "1.3", "kg"),     # pork carcasses: 15% or 130c/kg
    ("63090013", "0.6", "25", "kg"),     # worn clothing: 60% or 2500c/kg
    ("640299", "0.3", "5", "pair"),      # rubber or plastic footwear: 30% or 500c/2u
])
def test_an_alternative_rate_is_the_greater_of_the_two(bundled: RuleBook, hs: str, rate: str,
                                                       amount: str, per: str) -> None:
    rule = bundled.duty("ZA", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate) and rule.specific is None
    assert rule.min is not None
    assert (rule.min.amount, rule.min.currency, rule.min.per) == (Decimal(amount), "ZAR", per)
    assert_table_line(rule, "ZA", "medium", "Schedule 1 Part 1")


@pytest.mark.parametrize(("hs", "text"), [
    ("240120", "'15% or 860c/kg less 85%'"),                    # tobacco, partly stemmed
    ("240110", "'860c/kg less 85% with a maximum of 44%'"),     # tobacco, not stemmed
])
def test_a_rate_less_a_share_of_the_value_fails_closed_naming_it(
        bundled: RuleBook, hs: str, text: str) -> None:
    with pytest.raises(MissingRule, match=text) as err:
        bundled.duty("ZA", hs, "CN", TODAY)
    assert not isinstance(err.value, AmbiguousHsCode)


BEEF = """\
id: Q-ZA-BEEF
date: 2026-11-20
currency: ZAR
seller: {name: "Pampas Carnes SA", country: AR}
buyer: {name: "Karoo Foods (Pty) Ltd", country: ZA, type: business}
mode: sea
incoterm: DAP
named_place: "Durban"
freight: {amount: "0", currency: ZAR}
insurance: {amount: "0", currency: ZAR}
lines:
  - {sku: BEEF, hs_code: "0201.10", origin: AR, quantity: 1000, unit_price: "60",
     unit_cost: "30", unit_weight_kg: "1"}
"""


@pytest.mark.parametrize(("price", "duty", "minimum"), [
    ("60", "24000.00", False),   # 40 % of ZAR 60,000 is more than 1,000 kg at 240c
    ("5", "2400.00", True),      # 40 % of ZAR 5,000 (2,000) is less: 1,000 kg at 240c
])
def test_beef_pays_the_ad_valorem_or_the_specific_duty_whichever_is_greater(
        engine: Engine, price: str, duty: str, minimum: bool) -> None:
    result, charges = check_proposal(engine, BEEF, line={"unit_price": price})
    charge = charges["MFN duty"]
    assert (charge.amount.amount, str(charge.amount.currency)) == (Decimal(duty), "ZAR")
    assert ("minimum 2.4 ZAR/kg applied" in charge.explanation) is minimum
    assert result.status != "REJECTED"


def test_a_subheading_over_lines_of_different_rates_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("ZA", "950300", "CN", TODAY)
    assert dict(err.value.candidates) == {"95030010": "20 %", "95030090": "free"}


def test_before_the_schedule_date_there_is_no_rule(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule):
        bundled.duty("ZA", "610910", "CN", date(2025, 5, 8))


def test_the_script_reads_the_lines_the_text_extraction_garbles(tmp_path: Path) -> None:
    # an excerpt of the SARS text: toothpaste and 3402.90 have "free toArgentina, Brazil" and
    # "free to Brazil" in their MERCOSUR cell; 4414.00 is an HS 2017 line printed with its
    # General cell only, beside the HS 2022 lines 4414.10 and 4414.90
    done = regen(ROOT / "bench" / "regen_za_tariff.py",
                 ROOT / "tests" / "fixtures" / "tariffs" / "za_sars_excerpt.txt", "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    table = yaml.safe_load((tmp_path / "tariffs" / "ZA.yaml").read_text(encoding="utf-8"))
    entries = {e["hs"]: e for e in table["mfn"]}
    assert entries["330610"]["rate"] == "0.1"
    assert entries["340290"]["rate"] == "0.2"
    assert entries["330620"]["rate"] == "0"
    assert entries["441410"]["rate"] == entries["441490"]["rate"] == "0.1"
    assert "could not be read" in entries["441400"]["not_covered"]
    # "2527.002528.00": the code of a deleted subheading run into the next line's code
    assert entries["252620"]["rate"] == entries["252800"]["rate"] == "0"
    assert "252700" not in entries
