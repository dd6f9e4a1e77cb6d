"""Colombia, Malaysia, Peru and Thailand's tariff lines (rules/tariffs/{CO,MY,PE,TH}.yaml) and
Australia's second table (rules/tariffs/AU.kcs.yaml); the script's output for every KCS table
(the Philippines' and Mexico's lines: tests/rules/test_kcs_ph_mx_tables.py).

None of the four has a curated duty: each table (bench/regen_kcs_tariff.py, from
bench/data/XX_kcs_tariff_2025.tsv: the MFN column of the Korea Customs Service's 2025 table of
the country's tariff, saved 2025-06-13) gives each line's duty from 2025-06-13 with confidence
low (a quote goes to review). Lines the table gives no duty, or a duty the rules cannot price
(Colombia's Andean price band, a Malaysian specific duty without its unit, a tariff quota),
fail closed with the table's words; a six-digit code over lines of different duties names
them. Australia's second table, from the same source, gives only the subheadings its first
table (a copy of the ABF Working Tariff) has no line in.
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
    assert_duty_terms,
    assert_quota,
    assert_remade,
    assert_table_line,
    dap_quote,
    priced_line,
    write_xlsx,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 3)
SCRIPT = ROOT / "bench" / "regen_kcs_tariff.py"
CURRENCY = {"CO": "COP", "MY": "MYR", "PE": "PEN", "TH": "THB"}


@pytest.mark.parametrize(("country", "hs", "rate"), [
    ("CO", "8703231090", "0.35"),   # cars 1.5-3 l, assembled: 35 %
    ("CO", "8703231020", "0.05"),   # the same, unassembled (CKD): 5 %
    ("CO", "610910", "0.15"),       # cotton T-shirts: 15 %
    ("CO", "847130", "0"),          # laptops: free
    ("PE", "2204210000", "0.06"),   # wine in bottles: 6 %
    ("PE", "610910", "0.11"),       # cotton T-shirts: 11 % on every line
    ("PE", "847130", "0"),
    ("MY", "8703231400", "0.35"),
    ("MY", "8703224700", "0.3"),    # sedans 1-1.5 l, completely built up: 30 %
    ("MY", "8471302000", "0"),
    ("TH", "87032312", "0.8"),      # cars 1.5-3 l: 80 %
    # no general rate in the table: the statutory rate (상한세율), which nothing lowers
    ("TH", "87112014", "0.6"),      # motorcycles 150-200 cc: 60 %
    ("TH", "22030011", "0.6"),      # beer: 60 %
    ("TH", "87042211", "0.4"),      # refrigerated lorries of 5-20 t: 40 %
    ("TH", "30024190", "0"),        # vaccines: free
    ("TH", "2208600050", "0.6"),    # vodka: the statutory line's 10-digit line, no rate either
    ("TH", "84713020", "0"),        # laptops: "Exempted"
])
def test_lines_price_with_the_mfn_duty(bundled: RuleBook, country: str, hs: str,
                                       rate: str) -> None:
    rule = bundled.duty(country, hs, "US", TODAY).mfn
    assert_duty_terms(rule, rate, None, CURRENCY[country])
    assert_table_line(rule, country, "low", "Korea Customs Service")
    assert rule.valid_from == date(2025, 6, 13)


def test_thai_duties_per_kilogram_and_litre(bundled: RuleBook) -> None:
    # "30% or 3.14 baht/Kilogram": whichever is the higher, a minimum per kg
    shallots = bundled.duty("TH", "07039010", "US", TODAY).mfn
    assert shallots.rate == Decimal("0.3") and shallots.min is not None
    assert (shallots.min.amount, shallots.min.currency, shallots.min.per) == (
        Decimal("3.14"), "THB", "kg")
    soya_oil = bundled.duty("TH", "15071000", "US", TODAY).mfn
    assert_duty_terms(soya_oil, None, ("1.32", "litre"), "THB")


def test_malaysian_duties_per_litre_of_alcohol_and_per_unit(bundled: RuleBook) -> None:
    cider = bundled.duty("MY", "2206002000", "US", TODAY).mfn
    assert_duty_terms(cider, None, ("25.50", "litre_alcohol"), "MYR")
    fans = bundled.duty("MY", "8414804200", "US", TODAY).mfn
    assert fans.rate == Decimal("0.3") and fans.min is not None
    assert (fans.min.amount, fans.min.per) == (Decimal("60.00"), "unit")


@pytest.mark.parametrize(("country", "hs", "reason"), [
    ("CO", "0203110000", "'20% (Andean Price)': the Andean Price Band System adds a variable"),
    ("CO", "1001110000", "'0% (2024.08.28~2026.08.27)' is a temporary rate; the rate after "
                         "2026-08-27 is not given"),
    ("MY", "2204211100", "'RM7.00': a specific duty whose unit the table does not give"),
    ("MY", "2208400000", "'RM55.00': a specific duty whose unit the table does not give"),
    ("TH", "0302990051", "no MFN duty is given for this line"),  # no statutory rate either
    # a statutory rate the rules cannot price (per kilogram of solids or per litre)
    ("TH", "15162011", "no lower rate for this line, and its statutory rate is '1.65 baht/"),
    # wine: the 2024 exemption against KCS's 54 % and 60 % (rules/countries/TH.yaml)
    ("TH", "22042111", "exempt the wines of headings 22.04 and 22.05"),
    ("TH", "22042113", "exempt the wines of headings 22.04 and 22.05"),
])
def test_lines_the_rules_cannot_price_fail_closed_with_the_tables_words(
    bundled: RuleBook, country: str, hs: str, reason: str
) -> None:
    with pytest.raises(MissingRule, match="is not covered by the duty rules") as err:
        bundled.duty(country, hs, "US", TODAY)
    assert reason in str(err.value)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_a_tariff_quota_line_gives_its_in_and_out_of_quota_rates(bundled: RuleBook) -> None:
    swine = bundled.duty("MY", "0103910000", "US", TODAY).mfn  # 'In: 15% Out: 20%'
    assert_quota(swine, "0.15", "0.2")


def test_a_temporary_rate_prices_to_its_last_day(bundled: RuleBook) -> None:
    wheat = bundled.duty("CO", "1001110000", "US", date(2026, 8, 27)).mfn
    assert wheat.rate == 0 and wheat.valid_to == date(2026, 8, 27)


def test_a_code_over_lines_of_different_duties_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("TH", "870323", "US", TODAY)
    lines = dict(err.value.candidates)
    assert "87032311" in lines and "87032312" in lines


@pytest.mark.parametrize("country", ["CO", "MY", "PE", "TH"])
def test_before_the_tables_date_no_duty_is_known(bundled: RuleBook, country: str) -> None:
    with pytest.raises(MissingRule):
        bundled.duty(country, "847130", "US", date(2025, 6, 12))


@pytest.mark.parametrize(("hs", "rate"), [
    ("72085100", "0.05"),   # flat-rolled iron or steel: chapter 72 is not in AU.yaml's copy
    ("520100", "0"),        # raw cotton: free
    ("551311", "0.05"),
])
def test_australia_s_second_table_fills_the_subheadings_its_first_lacks(
    bundled: RuleBook, hs: str, rate: str
) -> None:
    rule = bundled.duty("AU", hs, "US", TODAY).mfn
    assert rule.ref.file.endswith("tariffs/AU.kcs.yaml")
    assert rule.rate == Decimal(rate) and rule.specific is None
    assert rule.ref.confidence == "low" and rule.valid_from == date(2025, 6, 13)


def test_australia_s_second_table_leaves_the_first_and_the_curated_entries_alone() -> None:
    first = (ROOT / "rules" / "tariffs" / "AU.yaml").read_text("utf-8")
    second = (ROOT / "rules" / "tariffs" / "AU.kcs.yaml").read_text("utf-8")
    codes = {line.split('"')[1][:6] for line in first.splitlines()
             if line.startswith('  - {hs: "')}
    filled = {line.split('"')[1][:6] for line in second.splitlines()
              if line.startswith('  - {hs: "')}
    assert len(filled) > 1000 and not codes & filled
    assert not any(code.startswith(("6109", "8703")) for code in filled)  # curated, medium


@pytest.mark.parametrize(("country", "read"), [
    # whisky and rum not priced: KCS's excise-equivalent figure predates 2025
    ("AU", "8843 lines read, 1676 written: {'ad valorem': 1672, 'not covered': 4}"),
    ("CO", "7982 lines read, 7982 written: {'ad valorem': 7826, 'not covered': 156}"),
    ("MY", "11434 lines read, 11434 written: {'ad valorem': 11288, 'tariff quota': 27, "
           "'not covered': 104, 'specific or minimum': 15}"),
    ("PE", "8002 lines read, 8002 written: {'ad valorem': 8002}"),
    ("TH", "14128 lines read, 12503 written: {'ad valorem': 11324, 'not covered': 232, "
           "'specific or minimum': 947}"),
    # every line: the 2025 lines renumbered on 2026-01-01 are in JP.yaml to 2025-12-31
    ("JP", "9655 lines read, 9655 priced by rules/tariffs/JP.yaml or rules/countries/JP.yaml"),
    ("PH", "11414 lines read, 11383 written: {'ad valorem': 11284, 'not covered': 99}"),
    ("MX", "13069 lines read, 11195 written: {'ad valorem': 11089, 'not covered': 43, "
           "'specific or minimum': 63}"),
    # the Finance Act 2025's amendments worked in: 178 lines added, 63 replaced items gone
    ("IN", "12406 lines read, 12114 written: {'ad valorem': 11407, 'specific or minimum': 672, "
           "'not covered': 35}"),
])
def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path, country: str,
                                                        read: str) -> None:
    names = {"AU": ["AU.kcs.yaml"], "JP": ["JP.kcs.yaml", "JP.kcs2.yaml"]}.get(
        country, [f"{country}.yaml"])
    assert_remade(tmp_path, SCRIPT, read, *names, args=(country,))


def _regen(tmp_path: Path, country: str, rows: list[list[str | int]]
           ) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run the script on a workbook of ``rows``; its result and the TSV lines it kept."""
    export = tmp_path / "table.xlsx"
    write_xlsx(export, rows)
    lines = tmp_path / "lines.tsv"
    done = subprocess.run([sys.executable, str(SCRIPT), country, str(lines), "--from-xlsx",
                           str(export), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    kept = [row for row in lines.read_text("utf-8").splitlines()
            if not row.startswith("#")] if lines.exists() else []
    return done, kept


def test_a_new_thai_table_rewrites_the_lines_and_the_table(tmp_path: Path) -> None:
    done, kept = _regen(tmp_path, "TH", [
        ["순번", "년도", "국가코드", "세번", "영문품명", "한글품명", "기본세율",
         "아세안-한국 협정세율", "상한세율", "RECP"],
        ["1", "2025", "THA", "22071000", "Ethyl alcohol", "에틸알코올", "\u3000", "", "", ""],
        ["1", "2025", "THA", "22086000", "Vodka", "보드카", "\u3000", "", "60%", ""],
        ["1", "2025", "THA", "2208600050", "Vodka", "보드카", "\u3000", "", "", ""],
        ["1", "2025", "THA", "87111015", "Motorcycles", "모터사이클", "\u3000", "Exempted",
         "60%", ""],
        ["2", "2025", "THA", "9503", "Toys", "완구", "", "", "", ""],
        ["3", "2025", "THA", "95030010", "Tricycles", "세발자전거", "Exempted", "Exempted",
         "20%", "Exempted"],
        ["4", "2025", "THA", "95030090", "Other", "기타", "\u3000", "", "20%", ""],
        ["5", "2025", "THA", "9503009001", "Dolls", "인형", "10%", "5%", "", "Exempted"],
        ["6", "2025", "THA", "9503009009", "Other", "기타", "10%", "5%", "", "\u3000"],
        ["8", "2025", "THA", "98010010", "Chapter 98", "98류", "5%", "", "", ""],
    ])
    assert done.returncode == 0, done.stderr
    assert kept == ["22071000\t(none)\t", "22086000\t(none)\t", "2208600050\t(none)\t",
                    "87111015\t(none)\t", "95030010\tExempted\t", "95030090\t(none)\t",
                    "9503009001\t10%\t", "9503009009\t10%\t"]
    # the statutory rates of the lines without a general rate are kept beside them
    statutory = (tmp_path / "lines.statutory.tsv").read_text("utf-8").splitlines()
    assert [r for r in statutory if not r.startswith("#")] == [
        "22086000\t60%", "87111015\t60%", "95030090\t20%"]
    made = (tmp_path / "tariffs" / "TH.yaml").read_text("utf-8")
    # a line without a general rate and with no line under it charges its statutory rate
    # (the only line of its subheading here, so written at six digits); so do the lines
    # under such a line where none of them gives a rate (vodka's statistical line)
    assert '{hs: "220860", rate: "0.6",' in made
    assert ('{hs: "871110", rate: "0.6", valid_from: 2025-06-13, note: "Thailand\'s tariff '
            'as KCS gives it: no lower rate for this line: the statutory rate \'60%\' applies"}'
            ) in made
    # the 8-digit line without a duty is written as its 10-digit lines
    assert '{hs: "95030090"' not in made and '{hs: "9503009001", rate: "0.1"' in made
    assert '{hs: "22071000", not_covered: "Thailand' in made and "98010010" not in made
    # the agreement texts are kept beside the lines; each agreement frees what it does not
    # list (Exempted), its rate where it gives one, and the MFN duty where it gives none
    agreed = (tmp_path / "lines.preferences.tsv").read_text("utf-8").splitlines()
    assert [r for r in agreed if not r.startswith("#")][-2:] == [
        "9503009001\t5%\tExempted", "9503009009\t5%\t"]
    assert '{agreement: "AKFTA", origins: [KR], hs: "*", rate: "0"' in made
    assert '{agreement: "AKFTA", origins: [KR], hs: "9503009001", rate: "0.05"' in made
    assert '{agreement: "AKFTA", origins: [KR], hs: "9503009009", rate: "0.05"' in made
    assert 'hs: "9503009001", rate: "0", valid' not in made.split("preferential:")[1]
    assert ('{agreement: "RCEP", origins: [KR], hs: "9503009009", excluded: "KCS\'s table '
            'gives no RCEP rate for this line", valid_from: 2025-06-13}') in made


def test_a_new_malaysian_table_leaves_out_the_second_block(tmp_path: Path) -> None:
    done, kept = _regen(tmp_path, "MY", [
        ["순번", "년도", "국가코드", "세번", "영문품명", "한글품명", "단위", "기본세율",
         "소비세율", "부가세율", "관세할당", "ATIGA", "AKFTA", "RCEP"],
        ["1", "2025", "MYS", "0103910000", "Swine", "돼지", "u", "", "", "", "In: 15% Out: 20%",
         "", "In : 0% Out : 20%", ""],
        ["2", "2025", "MYS", "9706100000", "Antiques", "골동품", "u", "0%", "", "", "", "0%",
         "0%", "0.0%"],
        ["3", "2025", "MYS", "0106110010", "For zoos", "동물원용", "u", "", "", "", "", "", "",
         ""],
    ])
    assert done.returncode == 0, done.stderr
    assert kept == ["0103910000\t(none)\tIn: 15% Out: 20%", "9706100000\t0%\t"]


def test_a_workbook_without_the_mfn_column_stops_the_script(tmp_path: Path) -> None:
    done, _ = _regen(tmp_path, "PE", [
        ["순번", "년도", "국가코드", "세번", "원문품명", "영문품명", "한글품명", "단위",
         "기본세율"],
        ["1", "2025", "PER", "0101210000", "Caballos", "Horses", "말", "u", "0%"],
    ])
    assert done.returncode != 0
    assert "row 1: no column headed ['종가세', '페루-대한민국 협정세율']" in done.stderr
    assert "Traceback" not in done.stderr


def _refused(tmp_path: Path, kept: str) -> str:
    """The script's error on Peru's kept lines ``kept`` (it must stop, writing nothing)."""
    lines = tmp_path / "lines.tsv"
    lines.write_text(kept, encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT), "PE", str(lines), "--out",
                           str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode != 0 and not (tmp_path / "tariffs").exists()
    assert "Traceback" not in done.stderr
    return done.stderr


def test_a_duty_the_script_does_not_understand_stops_it(tmp_path: Path) -> None:
    said = _refused(tmp_path, "9503000010\t20%\t\n9503000090\t20 pesos\t\n")
    assert "PE 9503000090: duty text not understood: '20 pesos'" in said


def test_a_row_of_another_shape_stops_the_script_naming_the_line(tmp_path: Path) -> None:
    said = _refused(tmp_path, "# header\n9503000010\t20%\t\n95030000\t20%\t\n")
    assert f"{tmp_path / 'lines.tsv'}:3: not 'CODE<TAB>DUTY<TAB>QUOTA'" in said


QUOTE = dap_quote(quote_id="Q-TH-SHALLOTS", day="2026-12-03", currency="USD", place="Bangkok",
                  seller=("Produce Test Inc", "US"), buyer=("Bangkok Foods Co", "TH"),
                  fx={"USD/THB": "35"}, lines="""\
  - {sku: SHALLOTS, hs_code: "HS", origin: US, quantity: 1000, unit_weight_kg: "1",
     unit_price: "0.1", unit_cost: "0.05"}
""")


def test_a_thai_quote_charges_the_higher_of_the_rate_and_the_amount_per_kg(
    tmp_path: Path
) -> None:
    line = priced_line(tmp_path, "th-shallots.yaml", QUOTE, "0703.90.10")
    # USD 100 at 35 = THB 3,500: 30 % is THB 1,050, less than THB 3.14 x 1,000 kg
    assert line["duty"]["amount"]["currency"] == "THB"
    assert Decimal(line["duty"]["amount"]["amount"]) == Decimal("3140")
    charge = next(c for c in line["charges"] if c["name"] == "MFN duty")
    assert charge["rule"]["file"] == "rules/tariffs/TH.yaml"


def test_australia_s_staged_agreement_rates_are_dated_stage_by_stage(tmp_path: Path) -> None:
    done, _ = _regen(tmp_path, "AU", [
        ["순번", "년도", "국가코드", "세번", "영문품명", "한글품명", "단위", "기본세율",
         "대한민국 협정세율", "RCEP"],
        ["1", "2025", "AUS", "39011000", "Polyethylene", "폴리에틸렌", "kg", "5% CA:Free",
         "5% - From 12 December 2014 4% - From 1 January 2017 Free - From 1 January 2021",
         "5% From 1 January 2032: 4% From 1 January 2034 Free."],
        ["2", "2025", "AUS", "3901200010", "Polyethylene", "폴리에틸렌", "kg", "5%", "Free",
         "From 1 January 2022: 4% From 1 January 2024: 3% From 1 January 2026: Free"],
        ["3", "2025", "AUS", "39013000", "Copolymers", "공중합체", "kg", "5% CA:Free", "Free",
         "4% From 1 January 2024: 3% From 1 January 2026: Free - Goods for use in tyres "
         "5% From 1 January 2032: Free - Other goods"],
    ])
    assert done.returncode == 0, done.stderr
    made = (tmp_path / "tariffs" / "AU.kcs.yaml").read_text("utf-8")
    rcep = '{agreement: "RCEP", origins: [BN, CN, ID, JP, KH, KR, LA, MY, NZ, PH, SG, TH, VN], '
    # the first rate holds until the first date; stages ended before 2025-06-13 are left out
    # (each line alone in its subheading, whose MFN entry the first table gives: written there)
    assert rcep + 'hs: "390110", rate: "0.05", valid_from: 2025-06-13, valid_to: 2031-12-31' \
        in made
    assert rcep + 'hs: "390110", rate: "0.04", valid_from: 2032-01-01, valid_to: 2033-12-31' \
        in made
    assert rcep + 'hs: "390110", rate: "0", valid_from: 2034-01-01' in made
    assert rcep + 'hs: "390120", rate: "0.03", valid_from: 2025-06-13, valid_to: 2025-12-31' \
        in made
    assert rcep + 'hs: "390120", rate: "0", valid_from: 2026-01-01' in made
    # KAFTA's stages are all past: free, so the curated zero answers (no entry)
    assert '{agreement: "KAFTA"' not in made
    # rates by kind of goods within a line are not read: the MFN duty
    assert rcep + 'hs: "390130", rate: "0.05", valid_from: 2025-06-13, note: "KCS\'s RCEP ' \
        "rate '4% From 1 January 2024: 3% From 1 January 2026: Free - Goods" in made
