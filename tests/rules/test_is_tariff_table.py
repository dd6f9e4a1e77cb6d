"""Iceland's tariff lines of chapters 1-24 (rules/tariffs/IS.yaml) under rules/countries/IS.yaml.

Iceland charges no customs duty outside food and agricultural products (the curated general
regime); chapters 1-24 are charged line by line, ad valorem, in ISK per kg or per piece, or both.
The table (bench/regen_is_tariff.py, from bench/data/IS_tollskra_ch01-24.tsv) gives those lines
from 2025-06-13, the day of the Korea Customs Service's table they reproduce line for line, with
confidence low: they price, and a quote on them goes to review. Before the table, and for a
code it has no line for, the chapter entry fails closed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import (
    assert_duty_terms,
    assert_remade,
    assert_stops,
    assert_table_line,
    dap_quote,
    priced_line,
    regen,
    write_xlsx,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("hs", "rate", "specific"), [
    ("040690", "0.3", ("972", "kg")),     # other cheese: 30 % + ISK 972 per kg
    ("0406.90.00", "0.3", ("972", "kg")),  # the national line under it
    ("02013002", "0.3", ("1462", "kg")),  # beef tenderloin, boneless
    ("040510", "0.3", ("623", "kg")),     # butter
    ("060311", "0.3", ("95", "unit")),    # cut roses: 30 % + ISK 95 a piece
    ("070951", None, ("80", "kg")),       # Agaricus mushrooms: ISK 80 per kg only
    ("070200", "0.1", None),              # tomatoes: 10 %
    ("03078790", "0", None),              # molluscs, not smoked: free
    ("03078710", "0.1", None),            # the same, smoked: 10 %
])
def test_table_lines_price_with_their_source(
    bundled: RuleBook, hs: str, rate: str | None, specific: tuple[str, str] | None
) -> None:
    rule = bundled.duty("IS", hs, "CN", TODAY).mfn
    assert_duty_terms(rule, rate, specific, "ISK")
    assert_table_line(rule, "IS", "low", "Icelandic customs tariff")


def test_a_code_over_lines_of_different_duties_names_the_lines(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("IS", "020130", "CN", TODAY)  # boneless beef: ISK 510 to 1,462 per kg
    named = [code for code, _ in err.value.candidates]
    assert named == ["02013001", "02013002", "02013003", "02013004", "02013005", "02013006",
                     "02013009"]
    assert "1462 ISK/kg + 30 %" in str(err.value)


def test_the_lines_price_from_the_day_of_kcs_table(bundled: RuleBook) -> None:
    # the compilation's lines are KCS's table of 2025-06-13 (bench/regen_is_tariff.py
    # --kcs-xlsx): from that day, not from the compilation's year
    for on in (date(2025, 6, 13), date(2025, 9, 1), date(2025, 12, 31)):
        rule = bundled.duty("IS", "040690", "CN", on).mfn
        assert_duty_terms(rule, "0.3", ("972", "kg"), "ISK")


def test_before_the_table_the_chapters_fail_closed(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="agricultural and food products") as err:
        bundled.duty("IS", "040690", "CN", date(2025, 6, 12))
    assert "countries/IS.yaml:" in str(err.value)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_a_code_the_table_does_not_list_still_fails_closed(bundled: RuleBook) -> None:
    # no Icelandic line starts 0101 99: the curated chapter entry answers, never the general 0 %
    with pytest.raises(MissingRule, match="agricultural and food products"):
        bundled.duty("IS", "01019999", "CN", TODAY)


def test_industrial_goods_keep_the_general_regime(bundled: RuleBook) -> None:
    rule = bundled.duty("IS", "847130", "CN", TODAY).mfn
    assert rule.hs == "*" and rule.rate == Decimal(0)


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    # the shipped table is regenerated from the lines kept in the repository, byte for byte
    assert_remade(tmp_path, ROOT / "bench" / "regen_is_tariff.py",
                  "2847 lines read, all parsed", "IS.yaml")



def _kcs_workbook(path: Path, cheese: str) -> Path:
    """A KCS workbook of Iceland's tariff in the released layout: a heading row, a line of
    chapter 4 and one of chapter 84 (outside the lines compared)."""
    write_xlsx(path, [
        ["순번", "년도", "국가코드", "세번", "원문품명", "영문품명", "한글품명", "기본세율",
         "협정세율"],
        ["1", "2025", "ISL", "0406", "Cheese", "Cheese", "치즈", "", ""],
        ["2", "2025", "ISL", "04069000", "- Other cheese", "- Other cheese", "기타", cheese, ""],
        ["3", "2025", "ISL", "84713000", "Laptops", "Laptops", "노트북", "0%", ""],
    ])
    return path


def test_the_script_checks_the_lines_are_kcs_table(tmp_path: Path) -> None:
    lines = tmp_path / "lines.tsv"
    lines.write_text("# a line of the compilation\n04069000\t30% + 972 ISK/Kg\n", "utf-8")
    same = _kcs_workbook(tmp_path / "same.xlsx", "30%  +  972 ISK/Kg")
    done = regen(ROOT / "bench" / "regen_is_tariff.py", lines, "--kcs-xlsx", same,
                 "--out", tmp_path / "ok")
    assert done.returncode == 0, done.stderr
    assert "gives all 1 lines of chapters 1-24 the same text" in done.stdout
    assert "valid_from: 2025-06-13" in (tmp_path / "ok" / "tariffs" / "IS.yaml").read_text()
    # a line KCS gives another duty: the lines are not KCS's table, nothing is written
    other = _kcs_workbook(tmp_path / "other.xlsx", "30% + 836 ISK/Kg")
    assert_stops(tmp_path, ROOT / "bench" / "regen_is_tariff.py",
                 "1 lines differ (04069000 '30% + 972 ISK/Kg' (KCS: '30% + 836 ISK/Kg'))",
                 lines, "--kcs-xlsx", other)


QUOTE = dap_quote(quote_id="Q-IS-BUTTER", day="2026-12-01", currency="EUR", place="Reykjavik",
                  seller=("Laiterie Test SARL", "FR"), buyer=("Reykjavik Matvara ehf", "IS"),
                  fx={"EUR/ISK": "146.9"}, lines="""\
  - {sku: BUTTER, hs_code: "HS", origin: FR, quantity: 100, unit_weight_kg: "1",
     unit_price: "5", unit_cost: "3"}
""")


def test_an_iceland_quote_prices_ad_valorem_plus_isk_per_kg(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "is-butter.yaml", QUOTE, "0405.10.00")
    # 30 % of EUR 500 at 146.9 (ISK 22,035) + ISK 623 per kg on 100 kg (ISK 62,300)
    assert line["duty"]["amount"] == {"amount": "84335", "currency": "ISK"}
