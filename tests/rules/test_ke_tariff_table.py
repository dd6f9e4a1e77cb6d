"""Kenya's tariff (rules/tariffs/KE.yaml): the EAC Common External Tariff 2022, June 2023.

KE had no duty rules (every lookup failed closed). The table (bench/regen_ke_tariff.py, from
bench/data/KE_eac_cet_2022.tsv) gives each line's duty from 2023-07-01 at confidence low: the
bands, the sensitive items at their Schedule 2 rate ("75% or $345/MT whichever is higher": a
minimum in US dollars per tonne). Lines the rendering read gives no trusted rate fail closed.
rules/countries/KE.yaml adds the EAC Customs Union's zero for Partner State goods and the
import declaration fee and railway development levy, which EAC goods do not pay.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.engine import Engine
from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_remade, assert_table_line, check_proposal, regen

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "regen_ke_tariff.py"
TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(("hs", "rate"), [
    ("851713", "0"),          # smartphones: raw materials and capital goods band, free
    ("61091000", "0.25"),     # cotton T-shirts: finished goods, 25 %
    ("0402.10", "0.60"),      # milk powder: a sensitive item, 60 %
    ("22030090", "0.35"),     # beer: the 35 % band of 2022
])
def test_lines_price_with_the_cet_rate(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("KE", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate) and rule.specific is None and rule.min is None
    assert_table_line(rule, "KE", "low", "Common External Tariff 2022")


@pytest.mark.parametrize(("hs", "rate", "amount", "per"), [
    ("10063000", "0.75", "345", "tonne"),     # milled rice: 75% or $345/MT
    ("17019990", "1", "460", "tonne"),        # sugar: 100% or $460/MT
    ("63090010", "0.35", "0.40", "kg"),       # worn clothing: 35% or USD 0.40/kg
    ("72139110", "0.25", "200", "tonne"),     # wire rod: 25% or $200/MT (wrapped in the PDF)
    ("72284000", "0.25", "200", "tonne"),     # forged bars: the same rate's words, scattered
])
def test_the_higher_of_two_is_a_minimum_in_dollars(bundled: RuleBook, hs: str, rate: str,
                                                  amount: str, per: str) -> None:
    rule = bundled.duty("KE", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate) and rule.min is not None
    assert (rule.min.amount, rule.min.currency, rule.min.per) == (Decimal(amount), "USD", per)


def test_a_subheading_over_lines_of_different_rates_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("KE", "870323", "CN", TODAY)
    assert dict(err.value.candidates) == {"87032310": "free", "87032390": "25 %"}


@pytest.mark.parametrize(("hs", "words"), [
    ("30059011", "gives no rate for this line"),
    ("17049000", "prints no rate on this line ('35%' is the next row's"),
])
def test_lines_without_a_trusted_rate_fail_closed(bundled: RuleBook, hs: str,
                                                 words: str) -> None:
    with pytest.raises(MissingRule, match=words.replace("(", r"\(")) as err:
        bundled.duty("KE", hs, "CN", TODAY)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_before_the_2023_measures_there_is_no_rule(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule):
        bundled.duty("KE", "851713", "CN", date(2023, 6, 30))


RICE = """\
id: Q-KE-RICE
date: 2026-11-20
currency: USD
seller: {name: "Bangkok Rice Exporters Co., Ltd.", country: TH}
buyer: {name: "Mombasa Grain Traders Ltd", country: KE, type: business}
mode: sea
incoterm: DAP
named_place: "Nairobi"
freight: {amount: "2000", currency: USD}
insurance: {amount: "100", currency: USD}
fx: {"USD/KES": "129.25"}
lines:
  - {sku: RICE, hs_code: "1006.30.00", origin: TH, quantity: 100000, unit_price: "0.40",
     unit_cost: "0.30", unit_weight_kg: "1"}
"""


def test_cheap_rice_pays_the_dollar_minimum_and_both_levies(engine: Engine) -> None:
    # CIF USD 42,100 = KES 5,441,425; 75 % of it (KES 4,081,068.75) is less than 100 t at
    # USD 345 (USD 34,500 = KES 4,459,125)
    result, charges = check_proposal(engine, RICE)
    duty = charges["MFN duty"]
    assert duty.amount.amount == Decimal("4459125.00")
    assert "minimum 345 USD/tonne applied" in duty.explanation
    cif = duty.base
    assert cif is not None
    assert charges["Import declaration fee"].amount.amount == Decimal("0.025") * cif.amount
    assert charges["Railway development levy"].amount.amount == Decimal("0.02") * cif.amount
    assert "LOW_CONFIDENCE_RULE" in [r.code for r in result.reasons]


def test_dearer_rice_pays_the_ad_valorem_rate(engine: Engine) -> None:
    _, charges = check_proposal(engine, RICE, line={"unit_price": "1.20"})
    duty = charges["MFN duty"]
    assert duty.base is not None
    assert duty.amount.amount == Decimal("0.75") * duty.base.amount
    assert "minimum" not in duty.explanation


def test_the_levy_rates_follow_the_finance_acts(engine: Engine) -> None:
    # railway development levy 1.5 % from the Finance Act 2023 to 2024-12-26
    _, charges = check_proposal(engine, RICE, date="2024-06-03")
    levy, cif = charges["Railway development levy"], charges["MFN duty"].base
    assert cif is not None and levy.amount.amount == Decimal("0.015") * cif.amount


def test_eac_goods_pay_neither_duty_nor_levies(engine: Engine) -> None:
    line = {"origin": "UG", "preference": {"agreement": "EAC Customs Union", "proof": True}}
    _, charges = check_proposal(engine, RICE, line=line)
    assert charges["Preferential duty (EAC Customs Union)"].amount.amount == Decimal(0)
    assert "Import declaration fee" not in charges
    assert "Railway development levy" not in charges


def test_the_table_is_remade_from_the_kept_lines(tmp_path: Path) -> None:
    assert_remade(tmp_path, SCRIPT, "5943 lines read (5604 subheadings; schedule 2: 50)",
                  "KE.yaml")


MD = """\
| Heading | H.S. Code / Tariff No. | Description | Unit of Quantity | Rate |
|---|---|---|---|---|
| 04.02 | | Milk and cream, concentrated. | | |
| | 0402.10.00 | - In powder | kg | SI |
| | 0402.21.00 | -- Not containing added sugar | kg | 25% |
| 17.04 | | Sugar confectionery | | |
| | 1704.90.00 | - Other | kg | |
| | | | | 35% |
| 72.28 | | Other bars and rods of other alloy steel | | |
| | 7228.30.00 | - Other bars, hot-rolled | kg | 25% or |
| | | | | $200/MT whichever |
| | | | | is higher |
| | 7228.40.00 | - Other bars, forged | kg | 25% or |
| | 7228.70.00 | - Angles | kg | 25% or $200/MT is higher |
| | 7228.80.00 | - Hollow drill bars | kg | 25 % |

## SCHEDULE 2

| Heading No. | H.S. Code / Tariff No. | Description | Rate |
|---|---|---|---|
| | 0402.10.00 | - In powder | 60% |

## EAST AFRICAN COMMUNITY GAZETTE
"""


def test_the_rendering_is_read_with_its_wrapped_and_displaced_cells(tmp_path: Path) -> None:
    md, lines = tmp_path / "cet.md", tmp_path / "lines.tsv"
    md.write_text(MD, encoding="utf-8")
    done = regen(SCRIPT, lines, "--from-md", md, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    rows = {r.split("\t")[0]: r.split("\t")[1:] for r in lines.read_text("utf-8").splitlines()
            if not r.startswith("#")}
    steel = "25% or $200/MT whichever is higher"
    assert rows == {
        "04021000": ["60%", "2", ""],                 # SI: its Schedule 2 rate
        "04022100": ["25%", "1", ""],
        "17049000": ["35%", "1", "adjacent"],         # the rate on the row below: not trusted
        "72283000": [steel, "1", "joined"],
        "72284000": [steel, "1", "joined,rebuilt"],
        "72287000": [steel, "1", "joined,rebuilt"],
        "72288000": ["25%", "1", ""],
    }
    table = (tmp_path / "tariffs" / "KE.yaml").read_text("utf-8")
    assert '{hs: "17049000", not_covered: "the rendering of the EAC tariff read prints no rate' \
        in table
