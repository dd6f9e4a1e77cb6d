"""Indonesia's tariff lines (rules/tariffs/ID.yaml): the MFN import duties of the BTKI 2022.

rules/countries/ID.yaml has no curated duty: the table (bench/regen_id_tariff.py, from
bench/data/ID_btki_2022.tsv: a copy of the BTKI 2022's 8-digit lines) gives each line's duty
from 2022-04-01 with confidence low (a quote goes to review). Ad valorem and rupiah-per-kg or
per-litre duties price; a duty per minute of film fails closed with its text; a six-digit
code over lines of different duties names them; a date before 2022-04-01 has no duty.
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
    assert_duty_terms,
    assert_remade,
    assert_stops,
    assert_table_line,
    dap_quote,
    priced_line,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 3)
SCRIPT = ROOT / "bench" / "regen_id_tariff.py"


@pytest.mark.parametrize(("hs", "rate", "specific"), [
    ("847130", "0", None),                  # laptops: free (ITA)
    ("220421", "0.9", None),                # wine in bottles: 90 %
    ("2204.21.11", "0.9", None),            # its 8-digit line
    ("87038017", "0.1", None),              # electric cars, CKD: 10 %
    ("87038097", "0.5", None),              # electric sedans, CBU: 50 %
    ("610910", "0.25", None),               # cotton T-shirts: 25 %
    ("42021190", "0.175", None),            # trunks, outer surface of leather: 17,5 %
    ("100630", None, ("450", "kg")),        # milled rice: Rp 450 per kg
    ("22030011", None, ("14000", "litre")),  # beer: Rp 14.000 per litre
])
def test_lines_price_with_the_btki_duty(
    bundled: RuleBook, hs: str, rate: str | None, specific: tuple[str, str] | None
) -> None:
    rule = bundled.duty("ID", hs, "CN", TODAY).mfn
    assert_duty_terms(rule, rate, specific, "IDR")
    assert_table_line(rule, "ID", "low", "BTKI")
    assert rule.valid_from == date(2022, 4, 1)


def test_a_code_over_lines_of_different_duties_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("ID", "870380", "CN", TODAY)
    candidates = dict(err.value.candidates)
    assert len(candidates) == 18
    assert "87038017" in candidates and "87038097" in candidates


def test_a_duty_per_minute_of_film_fails_closed_with_its_text(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule, match=r"Rp 21,450 per minute of film") as err:
        bundled.duty("ID", "37061090", "CN", TODAY)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_before_the_btki_2022_no_duty_is_known(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule):
        bundled.duty("ID", "847130", "CN", date(2022, 3, 31))


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    assert_remade(tmp_path, SCRIPT, "11552 lines read: {'ad valorem': 11522, 'specific': 24, "
                  "'not covered': 6}", "ID.yaml")


def test_a_new_table_rewrites_the_lines_and_the_table(tmp_path: Path) -> None:
    table = tmp_path / "btki.csv"
    table.write_text(
        "hs_code,chapter,description_id,description_en,import_duty,export_duty,ppn,ppnbm,"
        "hs_level\n"
        "42.02,42,Peti,Trunks,,,,,4\n"
        "42.02.11.10,42,Koper,Suitcases,\"17,5\",-,11,-,8\n"
        "42.02.11.90,42,Lain-lain,Other,17.5,-,11,-,8\n"
        "10.06.30.30,10,Beras ketan,Glutinous rice,\"450,-/kg\",-,-,-,8\n",
        encoding="utf-8")
    lines = tmp_path / "lines.tsv"
    done = subprocess.run([sys.executable, str(SCRIPT), str(lines), "--from-csv", str(table),
                           "--out", str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    kept = [row for row in lines.read_text("utf-8").splitlines() if not row.startswith("#")]
    assert kept == ["42021110\t17,5", "42021190\t17.5", "10063030\t450,-/kg"]
    made = (tmp_path / "tariffs" / "ID.yaml").read_text("utf-8")
    # the two trunk lines agree (17,5 and 17.5 are the same rate): one six-digit entry
    assert '{hs: "420211", rate: "0.175", valid_from: 2022-04-01}' in made
    assert ('{hs: "100630", specific: {amount: "450", currency: IDR, per: kg}, '
            'valid_from: 2022-04-01}') in made


def test_a_duty_the_script_does_not_understand_stops_it(tmp_path: Path) -> None:
    lines = tmp_path / "lines.tsv"
    lines.write_text("10063030\t450,-/kg\n10063040\t5%\n", encoding="utf-8")
    assert_stops(tmp_path, SCRIPT, "10063040: duty text not understood: '5%'", lines)


QUOTE = dap_quote(quote_id="Q-ID-RICE", day="2026-12-03", currency="EUR", place="Jakarta",
                  seller=("Reis Test GmbH", "DE"), buyer=("PT Pangan Jakarta", "ID"),
                  fx={"EUR/IDR": "18000", "USD/IDR": "16500"}, lines="""\
  - {sku: RICE, hs_code: "HS", origin: DE, quantity: 1000, unit_weight_kg: "1",
     unit_price: "1", unit_cost: "0.5"}
""")


def test_an_indonesia_quote_charges_rupiah_per_kg(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "id-rice.yaml", QUOTE, "1006.30.99")
    # 1,000 kg at Rp 450 per kg
    assert line["duty"]["amount"] == {"amount": "450000", "currency": "IDR"}
    charge = next(c for c in line["charges"] if c["name"] == "MFN duty")
    assert charge["rule"]["file"] == "rules/tariffs/ID.yaml"
