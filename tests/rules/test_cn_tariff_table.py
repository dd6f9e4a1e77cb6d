"""China's tariff lines (rules/tariffs/CN.yaml): the MFN column of the 2026 tariff.

The table (bench/regen_cn_tariff.py, from bench/data/CN_tariff_2026.tsv: the code,
MFN cell and footnotes of each line of 中华人民共和国进出口税则（2026） as a third party parsed
the book) gives each line's duty from 2026-01-01 with confidence low (a quote goes
to review): the 2026 provisional rates to 2026-12-31 and the MFN rate after,
specific duties per kg or m2 from the footnotes, tariff-quota lines with their in-
quota and out-of-quota rates. The hand-collected heading rates of
rules/countries/CN.yaml end on 2025-12-31. Goods of the United States fail closed
(China's additional tariffs on them are by line and not listed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from pricing_engine.rules.duty_terms import describe_terms
from tests.rules.conftest import (
    assert_duty_terms,
    assert_quota,
    assert_remade,
    assert_stops,
    assert_table_line,
    dap_quote,
    quote_with_hs,
    regen,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 5)
SCRIPT = ROOT / "bench" / "regen_cn_tariff.py"
IN_FORCE = date(2026, 1, 1)


@pytest.mark.parametrize(("hs", "rate"), [
    ("22042100", "0.14"),     # still wine in containers of 2 l or less: 14 %
    ("220421", "0.14"),       # its subheading: one line
    ("87032342", "0.15"),     # four-wheel-drive cars 1.5-2 l: 15 %
    ("61091000", "0.06"),     # cotton T-shirts: 6 %
    ("847130", "0"),          # laptops and tablets (84713010, 84713090): free
    ("84689000", "0.03"),     # welding-machine parts: 7 %, provisional 3 % in 2026
])
def test_lines_price_with_the_mfn_or_provisional_duty(bundled: RuleBook, hs: str,
                                                      rate: str) -> None:
    rule = bundled.duty("CN", hs, "DE", TODAY).mfn
    assert_duty_terms(rule, rate, None, "CNY")
    assert_table_line(rule, "CN", "low", "2026")


def test_a_provisional_rate_holds_for_2026_only(bundled: RuleBook) -> None:
    vermouth = "22051000"  # MFN 65 %, provisional 30 % ("65∆30")
    assert str(bundled.duty("CN", vermouth, "IT", TODAY).mfn.rate) == "0.3"
    later = bundled.duty("CN", vermouth, "IT", date(2027, 1, 4)).mfn
    assert str(later.rate) == "0.65" and later.valid_from == date(2027, 1, 1)


@pytest.mark.parametrize(("hs", "amount", "per"), [
    ("02071411", "0.6", "kg"),     # frozen chicken cuts with bone: CNY 0.6/kg (note ①)
    ("02071422", "1", "kg"),       # chicken feet: CNY 1/kg (note ⑨)
    ("37025620", "13", "m2"),      # colour film: CNY 13/m2 (the parse's merged note ⑩/⑪)
])
def test_specific_duties_come_from_the_pages_footnotes(bundled: RuleBook, hs: str,
                                                       amount: str, per: str) -> None:
    rule = bundled.duty("CN", hs, "BR", TODAY).mfn
    assert_duty_terms(rule, None, (amount, per), "CNY")


def test_a_provisional_rate_capped_per_tonne(bundled: RuleBook) -> None:
    rubber = bundled.duty("CN", "40011000", "TH", TODAY).mfn  # 10 % or CNY 900/t, the lower
    assert_duty_terms(rubber, "0.1", None, "CNY")
    assert rubber.max is not None and (rubber.max.amount, rubber.max.per) == (900, "tonne")


@pytest.mark.parametrize(("hs", "on", "inside", "beyond"), [
    ("10011100", TODAY, "0.01", "0.65"),     # wheat: 1 % in quota, 65 % out of quota
    ("17011200", TODAY, "0.15", "0.5"),      # beet sugar: 15 %, 50 %
    ("31021000", TODAY, "0.01", "0.5"),      # urea: the 2026 provisional 1 % in quota
    ("31021000", date(2027, 1, 1), "0.04", "0.5"),  # then the tariff's 4 %
])
def test_tariff_quota_lines_give_both_rates(bundled: RuleBook, hs: str, on: date,
                                            inside: str, beyond: str) -> None:
    mfn = bundled.duty("CN", hs, "CA", on).mfn
    assert mfn.ref.file == "rules/tariffs/CN.yaml"
    assert_quota(mfn, inside, beyond)
    assert describe_terms(mfn).endswith(" out of quota")


def test_a_chafta_claim_on_a_tariff_quota_line_fails_closed(bundled: RuleBook) -> None:
    # the quota lines price since their rates are written; ChAFTA's curated "*" zero must not
    # free them (what the agreement gives Australia there is not encoded)
    with pytest.raises(MissingRule, match="ChAFTA's terms on these goods: China's tariff-quota"):
        bundled.duty("CN", "10019900", "AU", TODAY, claimed_agreement="ChAFTA")
    assert bundled.duty("CN", "10019900", "AU", TODAY).preferential == ()  # not offered
    wine = bundled.duty("CN", "220421", "AU", TODAY, claimed_agreement="ChAFTA")
    assert [(p.hs, p.rate) for p in wine.preferential] == [("*", 0)]


def test_a_code_over_lines_of_different_duties_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("CN", "020714", "BR", TODAY)
    assert {"02071411", "02071421"} <= set(dict(err.value.candidates))


def test_the_curated_heading_rates_answer_before_2026_only(bundled: RuleBook) -> None:
    before = bundled.duty("CN", "8703", "DE", date(2025, 12, 31)).mfn
    assert before.ref.file == "rules/countries/CN.yaml" and str(before.rate) == "0.15"
    with pytest.raises(MissingRule):  # a heading: the table answers by subheading
        bundled.duty("CN", "9999", "DE", TODAY)
    assert bundled.duty("CN", "870323", "DE", IN_FORCE).mfn.ref.file == "rules/tariffs/CN.yaml"


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    assert_remade(tmp_path, SCRIPT, "8972 lines read: {'ad valorem': 8295, 'provisional': 600, "
                  "'specific': 30, 'tariff quota': 47}", "CN.yaml", "CN.agreements.yaml",
                  "CN.agreements2.yaml", "CN.agreements3.yaml")


def test_a_new_parse_rewrites_the_lines_and_the_table(tmp_path: Path) -> None:
    raw, meta = tmp_path / "import_raw.json", tmp_path / "meta.json"
    raw.write_text(json.dumps([
        {"no": "1", "code": "22051000", "mfn": "65∆30", "gen": "180", "page": 258},
        {"no": "2", "code": "37025610", "mfn": "⑨", "gen": "⑩", "page": 479},
        {"no": "3", "code": "37025620", "mfn": "⑪", "gen": "⑫", "page": 479},
        {"no": "4", "code": "10011100", "mfn": "65①", "gen": "180", "page": 168},
    ], ensure_ascii=False), encoding="utf-8")
    meta.write_text(json.dumps({"notes": {
        "479": {"⑨": "最惠国税率：27元/平方米。",
                "⑩": "普通税率：433元/平方米。最惠国税率：13元/平方米。",
                "⑪": "", "⑫": "普通税率：232元/平方米。"},
        "168": {"①": "关税配额税率：1。"}}}, ensure_ascii=False), encoding="utf-8")
    lines = tmp_path / "lines.tsv"
    done = regen(SCRIPT, lines, "--from-json", raw, meta, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    kept = [row for row in lines.read_text("utf-8").splitlines() if not row.startswith("#")]
    cells = (tmp_path / "lines.preferences.tsv").read_text("utf-8").splitlines()
    assert [row for row in cells if not row.startswith("#")] == [  # no agreement cell given
        "22051000\t\t", "37025610\t\t", "37025620\t\t", "10011100\t\t"]
    assert kept == ["22051000\t65∆30\t", "37025610\t⑨\t最惠国税率：27元/平方米。",
                    "37025620\t⑪\t最惠国税率：13元/平方米。", "10011100\t65①\t关税配额税率：1。"]
    made = (tmp_path / "tariffs" / "CN.yaml").read_text("utf-8")
    assert ('{hs: "22051000", rate: "0.3", valid_from: 2026-01-01, valid_to: 2026-12-31'
            in made)
    assert '{hs: "37025620", specific: {amount: "13", currency: CNY, per: m2}' in made
    assert ('{hs: "100111", rate: "0.01", out_of_quota: {rate: "0.65"}, valid_from: '
            '2026-01-01, note: "a tariff-quota line' in made)


@pytest.mark.parametrize("cell", ["12%", "①", "7∆"])
def test_a_cell_the_script_does_not_read_stops_it(tmp_path: Path, cell: str) -> None:
    lines = tmp_path / "lines.tsv"
    lines.write_text(f"22042100\t14\t\n22051000\t{cell}\t\n", encoding="utf-8")
    assert_stops(tmp_path, SCRIPT, f"{lines}:2: 22051000:", lines)


QUOTE = dap_quote(quote_id="Q-CN-WINE", day="2026-12-05", currency="EUR", place="Shanghai",
                  seller=("Domaine Test SARL", "FR"), buyer=("Shanghai Test Trading Co", "CN"),
                  fx={"EUR/CNY": "8"}, lines="""\
  - {sku: WINE, hs_code: "HS", origin: ORIGIN, quantity: 1000, unit_weight_kg: "1.3",
     unit_price: "10", unit_cost: "4"}
""")


def test_a_china_quote_charges_the_mfn_duty_and_goes_to_review(tmp_path: Path) -> None:
    path = tmp_path / "cn-wine.yaml"
    path.write_text(QUOTE.replace("ORIGIN", "FR").replace('"HS"', '"2204.21.00"'), "utf-8")
    script = Path(sys.executable).with_name("pricing-engine")
    env = {k: v for k, v in os.environ.items() if k != "PRICING_ENGINE_RULES"}
    done = subprocess.run([str(script), "check", str(path), "--format", "json"],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 3, done.stderr  # review
    result = json.loads(done.stdout)
    assert result["status"] == "REVIEW"
    low = [r for r in result["reasons"] if r["code"] == "LOW_CONFIDENCE_RULE"]
    assert low and "rules/tariffs/CN.yaml" in low[0]["message"]
    line = result["quote"]["lines"][0]
    # EUR 10,000 at 8 = CNY 80,000 (DAP, no freight): 14 %
    assert line["duty"]["amount"] == {"amount": "11200.00", "currency": "CNY"}


def test_goods_of_the_united_states_fail_closed(tmp_path: Path) -> None:
    done = quote_with_hs(tmp_path, "us-cn-wine.yaml", QUOTE.replace("ORIGIN", "US"),
                         "2204.21.00")
    assert done.returncode == 2, done.stdout
    assert "HS 22042100, a rule for every code (rules/countries/CN.yaml" in done.stderr
    assert "importer's broker" in done.stderr
