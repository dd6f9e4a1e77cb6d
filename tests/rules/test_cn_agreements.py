"""China's agreement rates (rules/tariffs/CN.agreements*.yaml): the agreement column of the
2026 tariff.

Each line of 中华人民共和国进出口税则（2026） gives its agreement rates as groups of a rate and the
agreements that grant it (``0东盟AS,... 1.5巴PK 4塞RS``), kept in
bench/data/CN_tariff_2026.preferences.tsv and read by bench/cn_agreements.py: each agreement
frees the lines it names at 0, charges its rate where it names another, and gives nothing (a
claim pays the MFN duty, saying why) where it does not name the line, where the parse lost
part of the cell, or on a tariff-quota line. RCEP's rates go by the RCEP origin. ChAFTA keeps
the curated zero of rules/countries/CN.yaml, with its special safeguard on beef and milk
powder failing closed.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_stops, dap_quote, priced_line, regen

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "regen_cn_tariff.py"
TODAY = date(2026, 12, 5)


def _claimed(book: RuleBook, hs: str, origin: str, agreement: str,
             on: date = TODAY) -> tuple[str, str | None, str, str]:
    """The MFN rate, the claimed agreement's rate (None: no entry), the prefix and file
    of its entry, or the ``excluded`` entry's reason in place of the file."""
    found = book.duty("CN", hs, origin, on, claimed_agreement=agreement)
    rules = [r for r in found.preferential if r.agreement == agreement]
    if not rules and found.excluded is not None:
        return str(found.mfn.rate), None, found.excluded.hs, found.excluded.excluded or ""
    if not rules:
        return str(found.mfn.rate), None, "", ""
    return str(found.mfn.rate), str(rules[0].rate), rules[0].hs, rules[0].ref.file


@pytest.mark.parametrize(("hs", "origin", "agreement", "rate", "prefix"), [
    # barium sulphate, MFN 5 %: "0 ... 2.8韩RKRR 3日RJPR": RCEP by the RCEP origin
    ("28332700", "JP", "RCEP", "0.03", "283327"),
    ("28332700", "KR", "RCEP", "0.028", "283327"),
    ("28332700", "TH", "RCEP", "0", "*"),
    ("28332700", "KR", "Korea-China FTA", "0", "*"),
    # horses, MFN 10 %: "0 ... 1.5巴PK 4塞RS 5韩RKRR 5.5日RJPR 7尼NI 8.5厄EC"
    ("01012900", "PK", "China-Pakistan FTA", "0.015", "010129"),
    ("01012900", "RS", "China-Serbia FTA", "0.04", "010129"),
    ("01012900", "EC", "China-Ecuador FTA", "0.085", "010129"),
    ("01012900", "AU", "ChAFTA", "0", "*"),  # named at 0: the curated zero of CN.yaml
    # cars 1.5-2 l, MFN 15 %: the Korea-China FTA's 22.5 % (its base rate) is dearer
    ("87032342", "KR", "Korea-China FTA", "0.225", "87032342"),
])
def test_each_agreement_charges_the_rate_the_line_gives_it(
        bundled: RuleBook, hs: str, origin: str, agreement: str, rate: str, prefix: str) -> None:
    _, found, where, file = _claimed(bundled, hs, origin, agreement)
    assert (found, where) == (rate, prefix)
    if prefix != "*" or agreement != "ChAFTA":
        assert file.startswith("rules/tariffs/CN.agreements")


def test_an_agreement_the_line_does_not_name_gives_nothing(bundled: RuleBook) -> None:
    # cars: RCEP and ACFTA leave them out of China's schedules
    for origin, agreement in (("JP", "RCEP"), ("TH", "ACFTA")):
        mfn, rate, prefix, why = _claimed(bundled, "87032342", origin, agreement)
        assert (mfn, rate, prefix) == ("0.15", None, "87032342")
        assert why == f"China's 2026 tariff's table gives no {agreement} rate for this line"


def test_a_line_whose_cell_the_parse_cut_pays_the_mfn_duty(bundled: RuleBook) -> None:
    # 16041300: "0东盟AS,...,哥CR, RASR,澳RAUR,...": the line naming Switzerland to RCEP's
    # ASEAN name is lost, so what follows may belong to another group: not read
    mfn, rate, _, why = _claimed(bundled, "16041300", "TH", "RCEP")
    assert rate is None and mfn != "0"
    assert "not read: a line of the cell lost by the parse" in why
    assert _claimed(bundled, "16041300", "TH", "ACFTA")[1] == "0"  # named before the loss


def test_a_tariff_quota_line_pays_the_mfn_duty_under_a_claim(bundled: RuleBook) -> None:
    mfn, rate, prefix, why = _claimed(bundled, "10011100", "VN", "ACFTA")  # wheat
    assert (mfn, rate, prefix) == ("0.01", None, "100111")
    assert "its terms on a tariff-quota line" in why


@pytest.mark.parametrize("hs", ["02013000", "02023000", "04022100"])
def test_chafta_beef_and_milk_powder_fail_closed(bundled: RuleBook, hs: str) -> None:
    # the special safeguard levies the duty once the year's trigger level is reached
    with pytest.raises(MissingRule, match="special safeguard"):
        bundled.duty("CN", hs, "AU", TODAY, claimed_agreement="ChAFTA")
    assert bundled.duty("CN", hs, "AU", TODAY).preferential == ()  # not offered unclaimed
    bundled.duty("CN", hs, "NZ", TODAY, claimed_agreement="China-New Zealand FTA")


def test_a_duty_per_kilogram_from_the_page_footnote(bundled: RuleBook) -> None:
    found = bundled.duty("CN", "02071200", "KR", TODAY, claimed_agreement="Korea-China FTA")
    rule = next(r for r in found.preferential if r.agreement == "Korea-China FTA")
    assert rule.specific is not None and rule.rate is None
    assert (str(rule.specific.amount), rule.specific.currency, rule.specific.per) == (
        "0.2", "CNY", "kg")


def test_an_agreement_of_a_few_lines_covers_only_those(bundled: RuleBook) -> None:
    # APTA names 05040021 at 10 % ("10亚太AP,..."), not the horses of 01012900
    assert _claimed(bundled, "05040021", "IN", "APTA")[1:3] == ("0.1", "05040021")
    assert _claimed(bundled, "01012900", "IN", "APTA") == ("0.1", None, "", "")


def test_the_tables_start_with_the_2026_tariff(bundled: RuleBook) -> None:
    before = bundled.duty("CN", "8703", "JP", date(2025, 12, 31), claimed_agreement="RCEP")
    assert not [r for r in before.preferential if r.agreement == "RCEP"]


QUOTE = dap_quote(quote_id="Q-CN-RCEP", day="2026-12-05", currency="CNY", place="Shanghai",
                  seller=("Osaka Chemical Test KK", "JP"),
                  buyer=("Shanghai Test Pigments Co", "CN"), lines="""\
  - {sku: BASO4, hs_code: "HS", origin: JP, quantity: 1000, unit_weight_kg: "1",
     unit_price: "20", unit_cost: "12", preference: {agreement: RCEP, proof: true}}
""")


def test_a_quote_claiming_rcep_pays_the_rate_of_its_rcep_origin(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "jp-cn-rcep.yaml", QUOTE, "2833.27.00")
    # CNY 20,000 customs value at RCEP's 3 % for Japanese goods (MFN 5 %)
    assert Decimal(line["duty"]["amount"]["amount"]) == Decimal("600")
    assert "Preferential duty (RCEP)" in json.dumps(line["charges"], ensure_ascii=False)


ROWS = [
    {"no": "1", "code": "28332700", "mfn": "5", "page": 320,
     "agr": "0东盟AS,智CL 2.8韩RKRR 3日RJPR"},
    {"no": "2", "code": "28333090", "mfn": "5", "page": 321,
     "agr": "0东盟AS,秘PE,哥 MV,港HK 3日RJPR"},
    {"no": "3", "code": "02071200", "mfn": "20", "page": 36,
     "agr": "0东盟AS 10东 盟RASR ①韩KR"},
]


def test_a_new_parse_rewrites_the_agreement_cells_and_tables(tmp_path: Path) -> None:
    raw, meta = tmp_path / "import_raw.json", tmp_path / "meta.json"
    raw.write_text(json.dumps(ROWS, ensure_ascii=False), encoding="utf-8")
    meta.write_text(json.dumps({"notes": {"36": {"①": "协定税率：0.2元/千克。"}}},
                               ensure_ascii=False), encoding="utf-8")
    lines = tmp_path / "lines.tsv"
    lines.write_text("28332700\t5\t\n28333090\t5\t\n02071200\t20\t\n", encoding="utf-8")
    done = regen(SCRIPT, lines, "--preferences-from-json", raw, meta, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "MFN cells that differ from lines.tsv: 0" in done.stdout
    kept = [row for row in (tmp_path / "lines.preferences.tsv").read_text("utf-8").splitlines()
            if not row.startswith("#")]
    assert kept[2] == "02071200\t0东盟AS 10东 盟RASR ①韩KR\t协定税率：0.2元/千克。"
    made = "".join(p.read_text("utf-8") for p in (tmp_path / "tariffs").glob("CN.agree*"))
    assert '{agreement: "RCEP", origins: [JP], hs: "283327", rate: "0.03"' in made
    assert '{agreement: "RCEP", origins: [KR], hs: "283327", rate: "0.028"' in made
    # 东 盟 is one name broken over two lines; ① the footnote's duty per kg
    assert ('{agreement: "RCEP", origins: [BN, ID, KH, LA, MM, MY, PH, SG, TH, VN], '
            'hs: "020712", rate: "0.1"') in made
    assert ('{agreement: "Korea-China FTA", origins: [KR], hs: "020712", specific: {amount: '
            '"0.2", currency: CNY, per: kg}') in made
    # "哥 MV": a line of the cell is lost after Costa Rica's name. Peru, named before it, is
    # read; Chile, named on the other lines, may have been on the lost one: not read
    assert '{agreement: "China-Peru FTA", origins: [PE], hs: "283330", rate: "0"' in made
    assert ('{agreement: "China-Chile FTA", origins: [CL], hs: "283330", excluded: "China\'s '
            '2026 tariff\'s China-Chile FTA rate for this line is not read: a line of the cell '
            'lost by the parse: the MFN duty"') in made
    assert '"China-Maldives FTA"' not in made  # after the loss: not read


@pytest.mark.parametrize("cell", ["0东盟XX", "东盟AS", "0东盟AS,东盟AS"])
def test_an_agreement_cell_the_script_does_not_read_stops_it(tmp_path: Path, cell: str) -> None:
    lines = tmp_path / "lines.tsv"
    lines.write_text("28332700\t5\t\n", encoding="utf-8")
    (tmp_path / "lines.preferences.tsv").write_text(f"28332700\t{cell}\t\n", encoding="utf-8")
    assert_stops(tmp_path, SCRIPT, "lines.preferences.tsv: 28332700: agreement", lines)
