"""Viet Nam's tariff lines (rules/tariffs/VN.yaml): the preferential (MFN) import duties of 2026.

rules/countries/VN.yaml has no curated duty: the table (bench/regen_vn_tariff.py, from
bench/data/VN_tariff_2026-01.tsv: the MFN column of a compilation of the 2026 tariff, Decree
26/2023/ND-CP as amended) gives each line's duty from 2026-01-07 with confidence low (a quote
goes to review). Tariff-quota lines give their in-quota and out-of-quota rates; lines whose
duty chapter 98 sets fail closed with the tariff's words; a six-digit code over lines of
different duties names them.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import (
    assert_dated_from_kcs_day,
    assert_duty_terms,
    assert_quota,
    assert_remade,
    assert_stops,
    assert_table_line,
    dap_quote,
    priced_line,
    write_xlsx,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 3)
SCRIPT = ROOT / "bench" / "regen_vn_tariff.py"


@pytest.mark.parametrize(("hs", "rate"), [
    ("847130", "0"),          # laptops: free
    ("8471.30.20", "0"),      # its 8-digit line
    ("22042111", "0.5"),      # wine up to 15 % vol: 50 %
    ("87032357", "0.5"),      # cars 2-2.5 l: 64 % to 50 % by Decree 73/2025
    ("87032451", "0.32"),     # four-wheel drive over 3 l: 45 % to 32 % by Decree 73/2025
    ("080810", "0.05"),       # fresh apples: 8 % to 5 % by Decree 73/2025
    ("940360", "0"),          # wooden furniture: 25 % to 0 % by Decree 73/2025
    ("61091010", "0.2"),      # cotton T-shirts: 20 %
])
def test_lines_price_with_the_mfn_duty(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("VN", hs, "US", TODAY).mfn
    assert_duty_terms(rule, rate, None, "VND")
    assert_table_line(rule, "VN", "low", "Decree 26/2023")
    # from the compilation's day, or from KCS's 2025 table's where it gives the same rate
    assert rule.valid_from in (date(2026, 1, 7), date(2025, 6, 13))


def test_a_code_over_lines_of_different_duties_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("VN", "870323", "US", TODAY)
    assert "87032357" in dict(err.value.candidates)


@pytest.mark.parametrize(("hs", "inside", "beyond"), [
    ("04072100", "0.4", "0.8"),    # '40 (NHN: 80)': 40 % in quota, 80 % out of quota
    ("17019910", "0.4", "0.85"),   # '40 (NHN: 85)'
])
def test_quota_lines_give_their_in_and_out_of_quota_rates(
    bundled: RuleBook, hs: str, inside: str, beyond: str
) -> None:
    rule = bundled.duty("VN", hs, "US", TODAY).mfn
    assert_quota(rule, inside, beyond)


def test_chapter_98_lines_fail_closed_with_the_tariffs_words(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="is not covered by the duty rules") as err:
        bundled.duty("VN", "87032311", "US", TODAY)
    assert "by the notes of its chapter 98" in str(err.value)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_lines_kcs_gave_alike_in_2025_are_dated_from_its_table(bundled: RuleBook) -> None:
    # laptops free and T-shirts at 20 % in KCS's table of 2025-06-13 as in the compilation
    assert_dated_from_kcs_day(bundled, "VN", "US", {"847130": "0", "61091010": "0.2"},
                              until=date(2026, 1, 6))
    # apples: KCS still gives 8 % (the rate before Decree 73/2025), the compilation 5 %: the
    # days between are not covered, never priced at either
    with pytest.raises(MissingRule, match="'8%'"):
        bundled.duty("VN", "080810", "US", date(2025, 9, 1))


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    # the days before the compilation's: dated from KCS's kept column where it agrees
    assert_remade(tmp_path, SCRIPT, "11414 lines read: {'ad valorem': 11119, 'tariff quota': 31, "
                  "'chapter 98': 264}", "VN.yaml", also_printed=(
                      "the days from 2025-06-13: {'dated back': 11066, "
                      "'differ or not compared': 348}",))


def test_a_new_compilation_rewrites_the_lines_and_the_table(tmp_path: Path) -> None:
    export = tmp_path / "Tariff.xlsx"
    write_xlsx(export, [
        ["Level", "HSCode", "Description_VN", "Description_EN", "Standard import duty rate",
         "MFN rate"],
        ["0", "9503", "Đồ chơi", "Toys", "", ""],
        ["2", "95030010", "Xe đạp ba bánh", "Tricycles", "30", "20"],
        ["2", "95030099", "Loại khác", "Other", "30", "20"],
        ["2", "98010010", "Chương 98", "Chapter 98 line", "0", "0"],
        ["2", "17011200", "Đường củ cải", "Beet sugar", "", "25 (NHN: 80)"],
    ])
    lines = tmp_path / "lines.tsv"
    done = subprocess.run([sys.executable, str(SCRIPT), str(lines), "--from-xlsx", str(export),
                           "--out", str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    kept = [row for row in lines.read_text("utf-8").splitlines() if not row.startswith("#")]
    assert kept == ["95030010\t20", "95030099\t20", "17011200\t25 (NHN: 80)"]
    made = (tmp_path / "tariffs" / "VN.yaml").read_text("utf-8")
    # (KCS's 2025 table gives tricycles 10 %: the days before the compilation's are not
    # covered, so the lines are written each, from 2026-01-07)
    assert '{hs: "95030010", rate: "0.2", valid_from: 2026-01-07}' in made
    assert ('{hs: "95030010", not_covered: "KCS\'s 2025 table of Viet Nam\'s tariff gives '
            "'10%': the duty from 2025-06-13 to 2026-01-06 is not read\"") in made
    assert '"98010010"' not in made
    assert ('{hs: "17011200", rate: "0.25", out_of_quota: {rate: "0.8"}, valid_from: 2026-01-07, '
            'note: "a tariff-quota line' in made)


def test_a_duty_the_script_does_not_understand_stops_it(tmp_path: Path) -> None:
    lines = tmp_path / "lines.tsv"
    lines.write_text("95030010\t20\n95030099\t20%\n", encoding="utf-8")
    assert_stops(tmp_path, SCRIPT, "95030099: duty text not understood: '20%'", lines)


QUOTE = dap_quote(quote_id="Q-VN-TSHIRTS", day="2026-12-03", currency="USD", place="Hanoi",
                  mode="air", seller=("Apparel Test Inc", "US"), buyer=("Cong ty Hanoi Tech", "VN"),
                  fx={"USD/VND": "26000"}, lines="""\
  - {sku: TSHIRT, hs_code: "HS", origin: US, quantity: 1000, unit_weight_kg: "0.2",
     unit_price: "5", unit_cost: "2"}
""")


def test_a_viet_nam_quote_charges_the_mfn_duty(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "vn-tshirts.yaml", QUOTE, "6109.10.10")
    # USD 5,000 at 26,000 = VND 130,000,000: 20 %
    assert line["duty"]["amount"] == {"amount": "26000000", "currency": "VND"}
    charge = next(c for c in line["charges"] if c["name"] == "MFN duty")
    assert charge["rule"]["file"] == "rules/tariffs/VN.yaml"
