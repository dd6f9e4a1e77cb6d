"""Türkiye's tariff lines (rules/tariffs/TR.yaml): the 2026 Import Regime Decision's duties.

rules/countries/TR.yaml has no curated duty: the table (bench/regen_tr_tariff.py, from
bench/data/TR_import_regime_2026.tsv: per 12-digit GTİP line the 'other countries' customs duty,
additional customs duty (İGV) and fish EMY of the Ministry of Trade's 2026 lists) gives each
10-digit code's duty with confidence low (a quote goes to review). The İGV and EMY stack as
additional duties for every origin; a line the lists give no duty, or an agricultural EMY the
lists do not explain, fails closed; a six-digit code never misses a line's İGV.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, InputError, MissingRule
from pricing_engine.rules import RuleBook
from pricing_engine.rules.results import CandidateLines
from tests.rules.conftest import assert_remade, assert_table_line, dap_quote, priced_line

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 3)
SCRIPT = ROOT / "bench" / "regen_tr_tariff.py"
IGV = "Türkiye additional customs duty (İGV)"
EMY = "Türkiye additional financial obligation (EMY)"


def extras(book: RuleBook, hs: str) -> dict[str, Decimal | None]:
    return {a.name: a.rate for a in book.duty("TR", hs, "CN", TODAY).additional}


@pytest.mark.parametrize(("hs", "rate", "added"), [
    ("847130", "0", {}),                                  # laptops: free
    ("851713", "0", {}),                                  # smartphones: free
    ("8703231990", "0.1", {}),                            # cars 1.5-3 l: 10 %
    ("2515110000", "0", {IGV: "0.25"}),                   # marble: free + 25 % İGV
    ("610910", "0.12", {IGV: "0.39"}),                    # cotton T-shirts: 12 % + 39 % İGV
    ("030211", "0.3", {EMY: "0.14"}),                     # fresh trout: 30 % + 14 % EMY
])
def test_lines_price_with_duty_and_additional_duties(
    bundled: RuleBook, hs: str, rate: str, added: dict[str, str]
) -> None:
    rule = bundled.duty("TR", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate)
    assert_table_line(rule, "TR", "low", "Import Regime Decision")
    assert extras(bundled, hs) == {k: Decimal(v) for k, v in added.items()}


def test_the_igv_is_charged_whatever_the_origin(bundled: RuleBook) -> None:
    # a partner's lower İGV needs proof of origin, which a quote cannot claim for TR here
    for origin in ("DE", "US", "CN"):
        added = {a.name: a.rate for a in bundled.duty("TR", "610910", origin, TODAY).additional}
        assert added == {IGV: Decimal("0.39")}


@pytest.mark.parametrize(("hs", "reason"), [
    ("8703231911", "give no duty for 'other countries'"),
    ("2905430000", "different duties (list A: 9.6, list I: 0)"),  # mannitol
    ("0405201000", "an additional financial obligation (EMY) of 'T1'"),
])
def test_lines_the_lists_do_not_price_fail_closed(
    bundled: RuleBook, hs: str, reason: str
) -> None:
    with pytest.raises(MissingRule, match="is not covered by the duty rules") as err:
        bundled.duty("TR", hs, "CN", TODAY)
    assert reason in str(err.value)


def test_a_code_over_lines_of_different_duties_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("TR", "870323", "CN", TODAY)
    assert "8703231990" in dict(err.value.candidates)


def test_a_code_whose_12_digit_lines_differ_names_them_and_each_line_prices(
        bundled: RuleBook) -> None:
    # live ducks (0105.13): the lists charge line 11 nothing and line 12
    # 49 %; a quote may give the full GTİP line, dotted or not
    with pytest.raises(AmbiguousHsCode, match="give the full 12-digit line") as err:
        bundled.duty("TR", "0105130000", "CN", TODAY)
    assert dict(err.value.candidates) == {"010513000011": "free", "010513000012": "49 %"}
    for given, rate in (("010513000011", "0"), ("0105.13.00.00.12", "0.49")):
        rule = bundled.duty("TR", given, "CN", TODAY).mfn
        assert rule.rate == Decimal(rate)
        assert_table_line(rule, "TR", "low", "Import Regime Decision")
    dearest = bundled.duty("TR", "0105130000", "CN", TODAY, ambiguous_hs="highest")
    assert isinstance(dearest, CandidateLines)
    assert [c.mfn.rate for c in dearest.lookups] == [Decimal(0), Decimal("0.49")]


def test_a_quote_gives_at_most_12_digits(bundled: RuleBook) -> None:
    with pytest.raises(InputError, match="must be 2-12 digits"):
        bundled.duty("TR", "0105130000123", "CN", TODAY)


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    assert_remade(tmp_path, SCRIPT,
                  "15704 lines read, 15093 with a duty, 4508 with an İGV", "TR.yaml")


def _lists(folder: Path) -> None:
    """Small JSON lists in the shape of the Ministry's parsed sets."""
    other = "Diğer Ülkeler (Çin, ABD, Japonya, Rusya…)"
    files = {
        "gtip-vergi-ulke": {"6109.10.00.10.00": [0, 0, 0, 0, 0, 12, 12],
                            "6109.10.00.90.00": [0, 0, 0, 0, 0, 12, 12],
                            "8703.23.19.11.00": [0, 0, 0, 0, 0, 10, None]},
        "gtip-vergi-tarim": {"0101.29.10.00.00": {"AB / İngiltere": 30, other: 30}},
        "gtip-balik": {"kodlar": str({"0302.11.10.00.00": {"emy": [0, 14], "gv": [0, 30]}})},
        "gtip-igv-ulke": {"6109.10.00.10.00": [0, 0, 0, 0, 0, 39, 39],
                          "6109.10.00.90.00": [0, 0, 0, 0, 0, 20, 20]},
        "gtip-emy-tarim": {},
    }
    for name, data in files.items():
        (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def test_new_lists_rewrite_the_lines_and_the_table(tmp_path: Path) -> None:
    folder = tmp_path / "veri"
    folder.mkdir()
    _lists(folder)
    lines = tmp_path / "lines.tsv"
    done = subprocess.run([sys.executable, str(SCRIPT), str(lines), "--from-json", str(folder),
                           "--out", str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    kept = [row for row in lines.read_text("utf-8").splitlines() if not row.startswith("#")]
    assert kept == ["010129100000\tA:30\t\t\t", "030211100000\tF:30\t\t14\t",
                    "610910001000\tI:12\t39\t\t", "610910009000\tI:12\t20\t\t",
                    "870323191100\tI:\t\t\t"]
    made = (tmp_path / "tariffs" / "TR.yaml").read_text("utf-8")
    # both T-shirt lines pay 12 %: one six-digit duty; their İGV differs: a six-digit entry
    # that fails closed naming them, and one per 10-digit code
    assert '{hs: "610910", rate: "0.12", valid_from: 2026-07-12}' in made
    assert "differs between the lines of this subheading (6109100010 39 %, 6109100090 20 %)" in made
    assert f'{{name: "{IGV}", hs: "6109100010", rate: "0.39", valid_from: 2026-07-12}}' in made
    assert f'{{name: "{EMY}", hs: "030211", rate: "0.14", valid_from: 2026-07-12}}' in made


QUOTE = dap_quote(quote_id="Q-TR-TSHIRTS", day="2026-12-03", currency="EUR", place="Istanbul",
                  seller=("Apparel Test Ltd", "CN"), buyer=("Istanbul Giyim A.S.", "TR"),
                  fx={"EUR/TRY": "50"}, lines="""\
  - {sku: TSHIRT, hs_code: "HS", origin: CN, quantity: 1000, unit_weight_kg: "0.2",
     unit_price: "4", unit_cost: "2"}
""")


def test_a_turkiye_quote_stacks_the_igv_on_the_duty(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "tr-tshirts.yaml", QUOTE, "6109.10.00")
    # EUR 4,000 at 50 = TRY 200,000: 12 % (24,000) + İGV 39 % (78,000)
    charges = {c["name"]: c["amount"]["amount"] for c in line["charges"] if c["kind"] != "tax"}
    assert charges["MFN duty"] == "24000.00" and charges[IGV] == "78000.00"
    assert line["duty"]["amount"] == {"amount": "102000.00", "currency": "TRY"}


def test_a_turkiye_quote_may_give_the_12_digit_line(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "tr-ducks.yaml", QUOTE, "0105.13.00.00.12")
    # TRY 200,000 at the line's 49 %; the other line of its code is free
    charges = {c["name"]: c["amount"]["amount"] for c in line["charges"] if c["kind"] != "tax"}
    assert charges["MFN duty"] == "98000.00"


def test_a_list_of_another_shape_stops_naming_the_file_and_code(tmp_path: Path) -> None:
    folder = tmp_path / "veri"
    folder.mkdir()
    _lists(folder)
    (folder / "gtip-igv-ulke.json").write_text('{"6109.10.00.10.00": [39]}', "utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "lines.tsv"),
                           "--from-json", str(folder), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert "gtip-igv-ulke.json: 6109.10.00.10.00: not in the list's shape" in done.stderr
    assert "Traceback" not in done.stderr
