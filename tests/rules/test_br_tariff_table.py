"""Brazil's tariff (rules/tariffs/BR.yaml): the Gecex TEC workbook of 2026-03-16.

BR had 44 curated duty entries (6 % of the HS2022 subheadings priced, most of them `low`).
The table (bench/regen_br_tariff.py) gives every NCM code its import duty: the Brazilian rate
of Anexo II where Brazil departs from the Mercosur TEC, else the TEC of Anexo I, and for their
periods the whole-code entries of the national exception lists (LETEC, LEBIT/BK, DCC). Ex and
quota entries are not written: the code's general rate stands for the goods outside them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_table_line

DAY = date(2026, 6, 1)
TABLE = Path(__file__).resolve().parents[2] / "rules" / "tariffs" / "BR.yaml"


@pytest.mark.parametrize(("hs", "rate"), [
    ("0101.21.00", "0"),       # pure-bred breeding horses: TEC 0 %
    ("0402.10.10", "0.28"),    # milk powder: Anexo II 28 % (TEC 16 %)
    ("7308.90.90", "0.126"),   # structures of steel: Anexo II 12.6 % (TEC 14 %, less 10 %)
    ("6109.10.00", "0.35"),    # cotton T-shirts: 35 %
])
def test_the_applied_rate_of_each_code(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("BR", hs, "CN", DAY).mfn
    assert rule.rate == Decimal(rate)
    assert_table_line(rule, "BR", "medium", "Gecex")


def test_an_exception_list_rate_holds_for_its_period(bundled: RuleBook) -> None:
    # LETEC: garlic 0703.20.90 at 35 % (TEC 9 %) from 2022-04-01, open-ended
    assert bundled.duty("BR", "0703.20.90", "CN", DAY).mfn.rate == Decimal("0.35")
    # DCC: phosphoric acid 2809.20.11 at 17.5 % to 2026-10-16, then its TEC 9 % again
    acid = bundled.duty("BR", "2809.20.11", "US", DAY).mfn
    assert (acid.rate, acid.valid_to) == (Decimal("0.175"), date(2026, 10, 16))
    line = TABLE.read_text(encoding="utf-8").splitlines()[acid.ref.line - 1]
    assert "DCC from 2025-10-17 to 2026-10-16" in line
    assert bundled.duty("BR", "2809.20.11", "US", date(2026, 12, 1)).mfn.rate == Decimal("0.09")


def test_the_curated_electric_car_steps_stay(bundled: RuleBook) -> None:
    # 8703 80 is left to rules/countries/BR.yaml, which dates the yearly steps the workbook
    # of 2026-03-16 cannot (25 % from 2025-07-01, 35 % from 2026-07-01)
    ev = bundled.duty("BR", "8703.80.00", "CN", date(2026, 3, 20)).mfn
    assert ev.rate == Decimal("0.25") and ev.ref.file.endswith("countries/BR.yaml")
    assert bundled.duty("BR", "8703.80.00", "CN", date(2026, 8, 1)).mfn.rate == Decimal("0.35")


def test_a_heading_over_codes_of_different_rates_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode, match=r"HS 8703 covers \d+ national tariff line"):
        bundled.duty("BR", "8703", "CN", DAY)


def test_before_the_workbook_the_curated_rules_answer(bundled: RuleBook) -> None:
    # the table is valid from the workbook's date; an earlier quote keeps the curated heading
    before = bundled.duty("BR", "8471.30.12", "CN", date(2025, 6, 1)).mfn
    assert before.ref.file.endswith("countries/BR.yaml")
    assert bundled.duty("BR", "8471.30.12", "CN", DAY).mfn.ref.file.endswith("tariffs/BR.yaml")


def test_codes_kcs_gives_alike_are_dated_back_to_its_table(bundled: RuleBook) -> None:
    # the Korea Customs Service's table of 2025-06-13 gives breeding horses 0 %, as the
    # workbook does: the code prices on the days between, from the table
    horses = bundled.duty("BR", "0101.21.00", "CN", date(2025, 9, 1)).mfn
    assert horses.rate == 0 and horses.ref.file.endswith("tariffs/BR.yaml")
    # KCS gives steel structures the TEC's 14 %, not Brazil's 12.6 %; but Anexo II names the
    # resolutions that set the 12.6 % (272/2021, 391/2022), none of 2025: it held already
    steel = bundled.duty("BR", "7308.90.90", "CN", date(2025, 9, 1)).mfn
    assert steel.rate == Decimal("0.126")
    # compactors: 14 % by Res. Gecex 749/2025 (after KCS's table, which gives 12.6 %): the
    # days between fail closed, naming what KCS gives
    with pytest.raises(MissingRule, match=r"gives '12\.6%'"):
        bundled.duty("BR", "8429.40.00", "CN", date(2025, 9, 1))
    assert bundled.duty("BR", "8429.40.00", "CN", DAY).mfn.rate == Decimal("0.14")


def test_an_exception_list_rate_holds_from_its_own_start(bundled: RuleBook) -> None:
    # garlic's LETEC entry runs from 2022-04-01: 35 % on the days before the workbook too
    garlic = bundled.duty("BR", "0703.20.90", "CN", date(2025, 9, 1)).mfn
    assert garlic.rate == Decimal("0.35")
    # exposed and developed plates 3705.00.10: LEBIT/BK 7.2 % from 2026-03-01, 0 % before it (the
    # code's own rate, which KCS's table gives too)
    assert bundled.duty("BR", "3705.00.10", "CN", date(2026, 3, 5)).mfn.rate == Decimal("0.072")
    assert bundled.duty("BR", "3705.00.10", "CN", date(2026, 2, 1)).mfn.rate == 0
