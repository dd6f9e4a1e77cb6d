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

from pricing_engine.errors import AmbiguousHsCode
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
