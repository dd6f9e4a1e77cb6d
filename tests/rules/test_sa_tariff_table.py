"""Saudi Arabia's tariff lines (rules/tariffs/SA.yaml) under rules/countries/SA.yaml.

Saudi Arabia left the GCC's general 5 % in 2020 (Cabinet Decision 559), so the curated file has
no general rate from 2020-06-10. The table (bench/regen_sa_tariff.py, from
bench/data/SA_zatca_tariff.tsv: ZATCA's export of its tariff) gives every line's duty from the
date ZATCA gives it, gathered from the 12-digit lines to 8 or 6 digits where they charge
alike, else written line by line (an 8-digit code over lines of different duties names them);
lines whose import is banned fail closed with the reason. Before a line's date the curated
rules answer (fail closed).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import (
    assert_late_line_stands_alone,
    assert_remade,
    assert_stops,
    assert_table_line,
    dap_quote,
    priced_line,
    write_xlsx,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("hs", "rate"), [
    ("847130", "0"),            # laptops and tablets: "Exempted"
    ("8471.30.00", "0"),        # the same under a longer code
    ("95030090", "0.15"),       # puzzles and other toys: 15 % (from 2020-06-20 / 2025-01-01)
    ("95030020", "0.05"),       # dolls: 5 %
    ("720851", "0.15"),         # hot-rolled steel plate: raised in 2020
    ("392610", "0.065"),        # plastic office supplies: 6.5 % from 2025-11-27
    ("240220", "1"),            # cigarettes: 100 %
    ("030211", "0"),            # fresh trout: exempt
])
def test_table_lines_price_with_their_source(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("SA", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate) and rule.specific is None
    assert_table_line(rule, "SA", "medium", "ZATCA")


def test_a_code_over_lines_of_different_duties_names_the_lines(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("SA", "950300", "CN", TODAY)
    named = dict(err.value.candidates)
    assert sorted(named) == ["95030010", "95030020", "95030030", "95030040", "95030090"]
    assert "15 %" in str(err.value) and "5 %" in str(err.value)


@pytest.mark.parametrize(("hs", "reason"), [
    ("020312", "'Prohibited from Importing': its import is banned"),   # pork
    ("22042100", "'Prohibited from Importing'"),                        # wine
    # a 12-digit line that gives only an export ban
    ("220110100002", "'Prohibited from Exporting' (the export is banned)"),
])
def test_banned_and_split_lines_fail_closed_with_the_reason(
    bundled: RuleBook, hs: str, reason: str
) -> None:
    with pytest.raises(MissingRule, match="is not covered by the duty rules") as err:
        bundled.duty("SA", hs, "CN", TODAY)
    assert reason in str(err.value)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_an_8_digit_code_whose_12_digit_lines_differ_names_them(bundled: RuleBook) -> None:
    # mineral waters 2201.10.10: two lines at 15 %, one with an export ban only; a quote may
    # give the 12-digit line
    with pytest.raises(AmbiguousHsCode, match="give the full 12-digit line") as err:
        bundled.duty("SA", "22011010", "CN", TODAY)
    assert dict(err.value.candidates) == {"220110100001": "15 %", "220110100002": "not covered",
                                          "220110109999": "15 %"}
    assert bundled.duty("SA", "2201.10.10.0001", "CN", TODAY).mfn.rate == Decimal("0.15")


def test_before_a_lines_date_the_earlier_export_gives_its_duty(bundled: RuleBook) -> None:
    # 3926.10 went from 5 % (since 2002 in the export of 2025-11-03) to 6.5 % on 2025-11-27
    before = bundled.duty("SA", "392610", "CN", date(2025, 11, 26)).mfn
    assert before.rate == Decimal("0.05") and before.valid_to == date(2025, 11, 26)
    assert before.valid_from == date(2002, 1, 1)
    after = bundled.duty("SA", "392610", "CN", date(2025, 11, 27)).mfn
    assert after.rate == Decimal("0.065") and after.valid_to is None


def test_before_a_lines_first_date_its_duty_is_not_known(bundled: RuleBook) -> None:
    # 0210.20's lines date from 2020-12-14 in both exports; the day before, no rate is given
    assert bundled.duty("SA", "021020", "CN", date(2020, 12, 14)).mfn.rate == Decimal("0.05")
    with pytest.raises(MissingRule, match=r"Cabinet Decision No\. 559") as err:
        bundled.duty("SA", "021020", "CN", date(2020, 12, 13))
    assert "countries/SA.yaml:" in str(err.value)


def test_a_line_dated_after_its_neighbours_is_not_priced_by_them(bundled: RuleBook) -> None:
    # ZATCA gives 0104.10.10 (0 %) from 2020-12-14 and 0104.10.90 (7 %) from 2025-01-01:
    # what 0104.10.90 charged before is not in the export, so neither the line nor its
    # subheading is priced by 0104.10.10 then (both were: 0 %)
    assert_late_line_stands_alone(bundled, "SA", "01041090", "01041010", ("0", "0.07"),
                                  date(2025, 1, 1))


def test_before_2020_the_gcc_general_rate_still_answers(bundled: RuleBook) -> None:
    # laptops' ZATCA line dates from 2015: it answers; a line dated later falls to the
    # curated GCC 5 % before Cabinet Decision 559
    assert bundled.duty("SA", "847130", "CN", date(2019, 6, 1)).mfn.rate == Decimal(0)
    assert bundled.duty("SA", "400220", "CN", date(2020, 12, 14)).mfn.hs == "400220"
    rule = bundled.duty("SA", "400220", "CN", date(2019, 6, 1)).mfn  # butadiene rubber
    assert rule.hs == "*" and rule.rate == Decimal("0.05")


def test_a_code_the_table_does_not_list_fails_closed(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match=r"Cabinet Decision No\. 559"):
        bundled.duty("SA", "100410", "CN", TODAY)  # oat seed: the tariff gives it no duty


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    # the shipped table is regenerated from the lines kept in the repository, byte for byte
    assert_remade(tmp_path, ROOT / "bench" / "regen_sa_tariff.py",
                  "13949 lines read, all understood", "SA.yaml")


def test_a_duty_text_the_script_does_not_know_stops_it(tmp_path: Path) -> None:
    lines = tmp_path / "lines.tsv"
    lines.write_text("950300900001\t15 %\t2020-06-20\n950300909999\tSee note 3\t2020-06-20\n",
                     encoding="utf-8")
    assert_stops(tmp_path, ROOT / "bench" / "regen_sa_tariff.py",
                 "950300909999: duty text not understood: 'See note 3'",
                 lines, "--earlier", lines)


def test_a_new_export_rewrites_the_lines_and_the_table(tmp_path: Path) -> None:
    export = tmp_path / "Tariff.xlsx"
    write_xlsx(export, [
        ["Harmonized Code", "Arabic", "English", "Arabic Duty Rate", "English Duty Rate",
         "Procedures", "Date"],
        ["950300900000", "", "- - - Other :", "", "", "", ""],
        ["950300900001", "", "Puzzles", "", "15 %", "", "6/20/2020 12:00:00 AM"],
        ["950300909999", "", "Other games", "", "15 %", "", "1/1/2025 12:00:00 AM"],
        ["847130000002", "", "Laptops", "", "Exempted", "", "12/27/2015 12:00:00 AM"],
    ])
    lines, earlier = tmp_path / "lines.tsv", tmp_path / "earlier.tsv"
    earlier.write_text("", encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "regen_sa_tariff.py"),
                           str(lines), "--from-xlsx", str(export), "--earlier", str(earlier),
                           "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    kept = [row for row in lines.read_text("utf-8").splitlines() if not row.startswith("#")]
    assert kept == ["950300900001\t15 %\t2020-06-20", "950300909999\t15 %\t2025-01-01",
                    "847130000002\tExempted\t2015-12-27"]
    table = (tmp_path / "tariffs" / "SA.yaml").read_text("utf-8")
    # the two toy lines agree: one six-digit entry from the later of their dates
    assert '{hs: "950300", rate: "0.15", valid_from: 2025-01-01}' in table
    assert '{hs: "847130", rate: "0", valid_from: 2015-12-27}' in table



def test_an_earlier_export_dates_the_duties_before_the_current_ones(tmp_path: Path) -> None:
    lines, earlier = tmp_path / "lines.tsv", tmp_path / "earlier.tsv"
    lines.write_text("950300900001\t15 %\t2025-11-27\n"  # raised on 2025-11-27
                     "847130000002\tExempted\t2026-01-01\n"  # re-dated, the same duty
                     "420221000001\t10 %\t2024-01-01\n"  # earlier export, a later date
                     "420222000001\t12 %\t2020-07-01\n", encoding="utf-8")  # not earlier
    earlier.write_text("950300900001\t5 %\t2020-06-20\n847130000002\tExempted\t2015-12-27\n"
                       "420221000001\t5 %\t2024-01-01\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "regen_sa_tariff.py"),
                           str(lines), "--earlier", str(earlier), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "earlier duties: 1" in done.stdout
    table = (tmp_path / "tariffs" / "SA.yaml").read_text("utf-8")
    entries = [row.strip() for row in table.splitlines() if row.strip().startswith("- {hs:")]
    assert entries == [
        '- {hs: "420221", rate: "0.1", valid_from: 2024-01-01}',
        '- {hs: "420222", rate: "0.12", valid_from: 2020-07-01}',
        '- {hs: "847130", rate: "0", valid_from: 2015-12-27}',
        '- {hs: "950300", rate: "0.05", valid_from: 2020-06-20, valid_to: 2025-11-26}',
        '- {hs: "950300", rate: "0.15", valid_from: 2025-11-27}',
    ]

QUOTE = dap_quote(quote_id="Q-SA-PUZZLE", day="2026-12-01", currency="EUR", place="Riyadh",
                  seller=("Spielwaren Test GmbH", "DE"), buyer=("Riyadh Toys Trading", "SA"),
                  fx={"EUR/SAR": "4.3"}, lines="""\
  - {sku: PUZZLE, hs_code: "HS", origin: DE, quantity: 100, unit_weight_kg: "0.6",
     unit_price: "10", unit_cost: "4"}
""")


def test_a_saudi_quote_prices_the_line(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "sa-puzzle.yaml", QUOTE, "9503.00.90")
    # 15 % of EUR 1,000 at 4.3 (SAR 4,300)
    assert line["duty"]["amount"] == {"amount": "645.00", "currency": "SAR"}
    [charge] = [c for c in line["charges"] if c["kind"] == "mfn"]
    assert charge["rule"]["file"] == "rules/tariffs/SA.yaml"
