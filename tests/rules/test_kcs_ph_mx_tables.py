"""The Philippines' and Mexico's tariff lines (rules/tariffs/{PH,MX}.yaml), read by
bench/regen_kcs_tariff.py from the Korea Customs Service's 2025 tables, under the curated
entries of rules/countries/{PH,MX}.yaml.

The Philippine table divides some 8-digit lines into 11-digit subdivisions (tariff-quota rows,
kinds of goods) a quote cannot name: alike, the line takes their duty; different, it fails
closed naming them. Its ATIGA column's ``N% - Except VN.`` / ``N% - Only for TH and SG.``
rates are every member's but those named / those named only, the other members paying the MFN
duty. The curated entries correct what the table misses (EO 12's duty-free battery electric
cars, EO 62's rice). Mexico's 2025 lines in the sectors its decree of 2025-12-29 raised for
goods without a trade agreement end on 2025-12-31 and fail closed from 2026-01-01, but for the
lines of the part of the decree's list read (3303.00.01 to 3307.41.01), which take its rates,
and those before 3307.41.01 it does not name, which keep theirs; its curated headings with the
2026 rates keep their lines, and the table's lines win over the other (low) headings.
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
from tests.rules.conftest import assert_duty_terms, assert_table_line, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 4)
SCRIPT = ROOT / "bench" / "regen_kcs_tariff.py"


@pytest.mark.parametrize(("country", "hs", "rate", "specific"), [
    ("PH", "01012100", "0.03", None),          # pure-bred horses: 3 %
    ("PH", "610910", "0.15", None),            # cotton T-shirts: 15 % on every line
    ("PH", "84713010", "0", None),
    ("MX", "0101210100", "0.10", None),        # pure-bred horses: 10 %
    ("MX", "0402109900", "0.10", ("0.36", "kg")),   # milk powder: 10 % + USD 0.36/kg
    ("MX", "4012200100", None, ("2", "unit")),      # used tyres: USD 2 a piece
])
def test_lines_price_with_the_mfn_duty(bundled: RuleBook, country: str, hs: str,
                                       rate: str | None,
                                       specific: tuple[str, str] | None) -> None:
    rule = bundled.duty(country, hs, "US", TODAY).mfn
    currency = {"PH": "PHP", "MX": "USD"}[country]
    assert_duty_terms(rule, rate, specific, currency)
    assert_table_line(rule, country, "low", "Korea Customs Service")
    assert rule.valid_from == date(2025, 6, 13)


def test_a_line_whose_subdivisions_charge_differently_names_them(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="is not covered by the duty rules") as err:
        bundled.duty("PH", "01039100", "US", TODAY)  # swine: in-quota 30 %, out-quota 35 %
    assert "subdivisions of 11 digits that charge differently (In-Quota: 30% / " \
        "Out-Quota: 35%)" in str(err.value)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_the_curated_philippine_entries_win_over_the_table(bundled: RuleBook) -> None:
    ev = bundled.duty("PH", "87038011", "CN", TODAY).mfn  # the table: 30 %
    assert ev.rate == 0 and ev.ref.file.endswith("countries/PH.yaml")
    assert ev.valid_to == date(2027, 12, 31)
    with pytest.raises(MissingRule, match="EO 62"):
        bundled.duty("PH", "10063099", "TH", TODAY)
    with pytest.raises(MissingRule, match="after EO 12's five years"):
        bundled.duty("PH", "87038011", "CN", date(2028, 1, 1))


@pytest.mark.parametrize(("hs", "origin", "agreement", "rate"), [
    ("610910", "KR", "Korea-Philippines FTA", "0"),
    ("610910", "KR", "AKFTA", "0"),
    ("610910", "VN", "ATIGA", "0"),          # "0% - All."
    ("93011000", "KR", "RCEP", "0.07"),
    ("93011000", "TH", "ATIGA", "0.10"),     # a general exclusion: the MFN duty
    ("24011010", "TH", "ATIGA", "0"),        # "0% - Except VN.": every member but VN
    ("24011010", "VN", "ATIGA", "0.07"),     # ... and VN the MFN duty
    ("93070000", "SG", "ATIGA", "0"),        # "0% - Only for TH and SG."
    ("93070000", "MY", "ATIGA", "0.10"),     # ... the other members the MFN duty
    ("13019030", "KH", "ATIGA", "0.01"),     # "0% - Except KH and LA." in a subheading
    ("13019030", "SG", "ATIGA", "0"),        # whose lines differ
    # a battery electric car, whose line the curated EO 12 zero prices: the agreements' own
    # rates, not their '*' zero (the curated MFN zero undercuts them to 2027)
    ("87038011", "KR", "RCEP", "0.28"),
    ("87038011", "KR", "AKFTA", "0.05"),
])
def test_philippine_agreement_rates(bundled: RuleBook, hs: str, origin: str, agreement: str,
                                    rate: str) -> None:
    found = bundled.duty("PH", hs, origin, TODAY, claimed_agreement=agreement)
    rules = [r for r in found.preferential if r.agreement == agreement]
    if not rules and found.excluded is not None:  # granted nothing: the MFN duty
        assert found.mfn.rate == Decimal(rate)
        return
    assert len(rules) == 1 and rules[0].rate == Decimal(rate)


def test_mexican_lines_in_the_decrees_sectors_take_the_2026_tariff_read(
        bundled: RuleBook) -> None:
    # household refrigerators: 15 % in 2025; 25 % in SNICE's Base Única of 2026-03-30
    # (bench/data/MX_tigie_2026-03-30.tsv), charged from the decree's day
    fridge = bundled.duty("MX", "8418210100", "CN", date(2025, 12, 31)).mfn
    assert fridge.rate == Decimal("0.15") and fridge.valid_to == date(2025, 12, 31)
    fridge = bundled.duty("MX", "8418210100", "CN", date(2026, 1, 1)).mfn
    assert fridge.rate == Decimal("0.25") and fridge.valid_from == date(2026, 1, 1)
    assert fridge.ref.note is not None and "Base Única" in fridge.ref.note
    assert fridge.ref.confidence == "low"
    # road tractors, used: 50 % in 2026 too (the 2025 table's rate, confirmed)
    tractor = bundled.duty("MX", "8701210100", "CN", date(2026, 1, 1)).mfn
    assert tractor.rate == Decimal("0.50")
    # phenolic resins: the 2025 table's rate to 2025-12-31, then the Base Única's 10 % (read
    # 2026-12-07 with the rest of 3909.10-3909.50; before, not covered from 2026-01-01)
    resin = bundled.duty("MX", "3909400100", "CN", date(2026, 1, 1)).mfn
    assert resin.rate == Decimal("0.10") and resin.valid_from == date(2026, 1, 1)
    assert resin.ref.note is not None and "fracción 3909.40.01" in resin.ref.note
    assert bundled.duty("MX", "9405910200", "CN", TODAY).mfn.rate == Decimal("0.05")
    # a line outside the sectors the reports name keeps its 2025 rate
    assert bundled.duty("MX", "0101210100", "CN", TODAY).mfn.rate == Decimal("0.10")


@pytest.mark.parametrize(("hs", "before", "after"), [
    ("3304100100", "0.10", "0.36"),   # lipsticks: the decree's 3304.10.01
    ("3304200100", "0.10", "0.25"),   # eye make-up: 3304.20.01, 25 % (not the lipsticks' 36)
    ("3306100100", "0.10", "0.30"),   # toothpaste: 3306.10.01
    ("3307200100", "0.10", "0.10"),   # deodorants: before 3307.41.01, not in the list read
    ("3301900400", "0.15", "0.15"),   # essential oils: before the list's first fracción
])
def test_the_part_of_the_mexican_decree_read_prices_its_lines(
    bundled: RuleBook, hs: str, before: str, after: str
) -> None:
    assert bundled.duty("MX", hs, "CN", date(2025, 12, 31)).mfn.rate == Decimal(before)
    found = bundled.duty("MX", hs, "CN", date(2026, 1, 1)).mfn
    assert found.rate == Decimal(after)
    if before != after:  # the decree's entry, from its day
        assert found.valid_from == date(2026, 1, 1) and found.ref.file.endswith("tariffs/MX.yaml")
    # after the last fracción of the decree read, the 2026 tariff read gives the rate
    later = bundled.duty("MX", "3307499900", "CN", date(2026, 1, 1)).mfn
    assert later.rate == Decimal("0.25")
    assert later.ref.note is not None and "fracción 3307.49.99: 25 %" in later.ref.note


def test_mexican_lines_win_over_low_curated_headings(bundled: RuleBook) -> None:
    fan = bundled.duty("MX", "8414510101", "CN", TODAY).mfn  # the curated 8414 says 10 %
    assert fan.rate == Decimal("0.15") and fan.ref.file.endswith("tariffs/MX.yaml")


def test_mexican_curated_headings_with_2026_rates_keep_their_lines(bundled: RuleBook) -> None:
    toys = bundled.duty("MX", "9503000300", "CN", TODAY).mfn
    assert toys.rate == Decimal("0.30") and toys.ref.file.endswith("countries/MX.yaml")
    cars = bundled.duty("MX", "8703231000", "CN", TODAY).mfn
    assert cars.rate == Decimal("0.50") and cars.ref.file.endswith("countries/MX.yaml")


def test_a_prohibited_mexican_import_fails_closed(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match="the import of these goods is prohibited"):
        bundled.duty("MX", "0301990100", "US", TODAY)


def test_a_new_philippine_table_gathers_the_subdivisions_into_their_line(
    tmp_path: Path
) -> None:
    export = tmp_path / "table.xlsx"
    head = ["순번", "년도", "국가코드", "세번", "영문품명", "한글품명", "한-아세안 무역협정 AKFTA",
            "최혜국 MFN", "아세안 무역협정 ATIGA", "RCEP 협정세율 RCEP KOREA",
            "Korea-Philippines FTA"]
    write_xlsx(export, [
        head,
        ["1", "2025", "PHL", "01039100", "Swine", "돼지", "", "", "", "", ""],
        ["2", "2025", "PHL", "01039100100", "In-Quota", "할당", "24%", "30%", "5% - All.",
         "30%", "미양허"],
        ["3", "2025", "PHL", "01039100200", "Out-Quota", "초과", "28%", "35%", "5% - All.",
         "35%", "미양허"],
        ["8", "2025", "PHL", "17019910", "Sugar", "설탕", "5%", "65%",
         "5% - Except ID, MY and BN.", "65%", "65%"],
        ["9", "2025", "PHL", "17019990", "Other", "기타", "5%", "65%", "0% - Except PH.",
         "65%", "65%"],
        ["4", "2025", "PHL", "61091010", "T-shirts", "티셔츠", "0%", "15%", "0% - All.",
         "10%", "미양허"],
        ["5", "2025", "PHL", "84139190", "Parts", "부분품", "", "", "", "", ""],
        ["6", "2025", "PHL", "84139190100", "Electric", "전기", "0%", "1%", "0% - All.", "0%",
         "0%"],
        ["7", "2025", "PHL", "84139190200", "Other", "기타", "0%", "1%", "0% - Except VN.",
         "0%", "0%"],
    ])
    lines = tmp_path / "lines.tsv"
    done = subprocess.run([sys.executable, str(SCRIPT), "PH", str(lines), "--from-xlsx",
                           str(export), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    kept = [r for r in lines.read_text("utf-8").splitlines() if not r.startswith("#")]
    assert kept[:3] == ["01039100\t(none)\t", "01039100100\t30%\tIn-Quota",
                        "01039100200\t35%\tOut-Quota"]
    made = (tmp_path / "tariffs" / "PH.yaml").read_text("utf-8")
    assert '{hs: "01039100", not_covered: "Philippines\' tariff as KCS gives it: the table ' \
        'divides this line into national subdivisions of 11 digits that charge differently ' \
        '(In-Quota: 30% / Out-Quota: 35%)' in made
    assert '{hs: "841391", rate: "0.01"' in made  # alike: the line's duty
    assert "01039100100" not in made
    atiga = '{agreement: "ATIGA", origins: [BN, ID, KH, LA, MM, MY, SG, TH, VN], '
    assert atiga + 'hs: "*", rate: "0"' in made
    # the subdivisions' ATIGA texts differ ("All" / "Except VN"): not read, the MFN duty
    assert atiga + 'hs: "841391", rate: "0.01"' in made
    # the rate of the members not named, the MFN duty of those named; a member the column
    # does not serve (PH itself): not read, the MFN duty for all
    assert atiga.replace("BN, ID, KH, LA, MM, MY, SG, TH, VN", "KH, LA, MM, SG, TH, VN") + \
        'hs: "17019910", rate: "0.05"' in made
    assert atiga.replace("BN, ID, KH, LA, MM, MY, SG, TH, VN", "BN, ID, MY") + \
        'hs: "17019910", rate: "0.65"' in made
    assert atiga + 'hs: "17019990", rate: "0.65", valid_from: 2025-06-13, note: "KCS\'s ATIGA ' \
        "rate '0% - Except PH.' is not read" in made
    # 미양허: not conceded, excluded (the MFN duty); RCEP's own rate
    assert ('{agreement: "Korea-Philippines FTA", origins: [KR], hs: "610910", excluded: '
            '"KCS\'s table gives no Korea-Philippines FTA rate for this line (\'미양허\')"') in made
    assert '{agreement: "RCEP", origins: [KR], hs: "610910", rate: "0.1"' in made


def test_a_mexican_line_of_the_decrees_sectors_neither_list_gives_fails_closed(
        tmp_path: Path) -> None:
    # three lines of a workbook: one outside the decree's sectors (horses), one of them the
    # 2026 tariff read gives (3909.40.01), one neither the decree's list nor that tariff
    # gives (a fracción 3909.40.02 that is not in bench/data/MX_tigie_2026-03-30.tsv)
    export, lines = tmp_path / "table.xlsx", tmp_path / "lines.tsv"
    write_xlsx(export, [
        ["순번", "년도", "국가코드", "세번", "원문품명", "영문품명", "한글품명", "단위",
         "기본세율"],
        ["1", "2025", "MEX", "0101210100", "Reproductores", "Breeding", "번식용", "head", "10%"],
        ["2", "2025", "MEX", "3909400100", "Resinas", "Resins", "수지", "kg", "6%"],
        ["3", "2025", "MEX", "3909400200", "Resinas", "Resins", "수지", "kg", "6%"],
    ])
    done = subprocess.run([sys.executable, str(SCRIPT), "MX", str(lines), "--from-xlsx",
                           str(export), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    made = (tmp_path / "tariffs" / "MX.yaml").read_text("utf-8")
    assert '{hs: "010121", rate: "0.1", valid_from: 2025-06-13}' in made  # its only line
    for code in ("3909400100", "3909400200"):  # the 2025 rate, to the day before the decree
        assert f'{{hs: "{code}", rate: "0.06", valid_from: 2025-06-13, valid_to: 2025-12-31' \
            in made
    assert '{hs: "3909400100", rate: "0.1", valid_from: 2026-01-01' in made
    closed = next(row for row in made.splitlines()
                  if '"3909400200"' in row and "2026-01-01" in row)
    assert "not_covered" in closed and "1,463 TIGIE lines" in closed
