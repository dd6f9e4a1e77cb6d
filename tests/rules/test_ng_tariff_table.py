"""Nigeria's tariff lines (rules/tariffs/NG.yaml): the ECOWAS CET duty and Nigeria's levies.

rules/countries/NG.yaml has no curated duty: the table (bench/regen_ng_tariff.py, from
bench/data/NG_ncs_cet.tsv: the Nigeria Customs Service's export of mid-2024) gives each line's
import duty and import adjustment levy from the date the export gives it, with confidence low
(a quote goes to review). A six-digit code over lines of different duties names them; over
lines of one duty but different levies too (each line's duty and levy); a code or date without
a line has no duty (MissingRule).
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
    quote_with_hs,
    write_xlsx,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 1)
LEVY = "Nigeria import adjustment levy"


def levies(book: RuleBook, hs: str, on: date = TODAY) -> dict[str, Decimal | None]:
    return {a.name: a.rate for a in book.duty("NG", hs, "CN", on).additional}


@pytest.mark.parametrize(("hs", "rate", "levy"), [
    ("847130", "0.05", None),          # laptops: 5 %, no levy
    ("030639", "0.2", None),           # crustaceans: 20 %
    ("100630", "0.1", "0.5"),          # milled rice: 10 % + 50 % levy
    ("1006.30.10.00", "0.1", "0.5"),   # its 10-digit line
    ("8703231900", "0.2", "0.2"),      # cars 1.5-3 l, new: 20 % + 20 %
    ("8703231100", "0.05", "0"),       # the same, CKD for assembly: 5 %, its levy 0 %
    ("1701991000", "0.2", "0"),        # sugar in powder: 20 %, its levy 0 % (line by line)
    ("1701999000", "0.2", "0.5"),      # other sugar: 20 % + 50 %
])
def test_lines_price_with_duty_and_levy(
    bundled: RuleBook, hs: str, rate: str, levy: str | None
) -> None:
    rule = bundled.duty("NG", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate)
    assert_table_line(rule, "NG", "low", "Nigeria Customs Service")
    assert levies(bundled, hs).get(LEVY) == (None if levy is None else Decimal(levy))


def test_a_code_over_lines_of_different_duties_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("NG", "870323", "CN", TODAY)
    assert sorted(dict(err.value.candidates)) == ["8703231100", "8703231900", "8703232000"]


def test_a_six_digit_code_never_misses_a_lines_levy(bundled: RuleBook, tmp_path: Path) -> None:
    # 1701.99's two lines both pay 20 %, but only one pays the 50 % levy: the duty alone
    # would price, so the code fails closed naming each line's duty and levy
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("NG", "170199", "CN", TODAY)
    assert dict(err.value.candidates) == {"1701991000": f"20 % + {LEVY} free",
                                          "1701999000": f"20 % + {LEVY} 50 %"}
    done_quote = quote_with_hs(tmp_path, "ng-sugar.yaml", QUOTE, "1701.99")
    assert done_quote.returncode == 2
    assert "HS 170199 covers 2 national tariff line(s)" in done_quote.stderr
    assert f"1701999000 20 % + {LEVY} 50 %" in done_quote.stderr


def test_before_a_lines_date_or_without_a_line_no_duty_is_known(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule):
        bundled.duty("NG", "100630", "CN", date(2023, 1, 20))  # its rates date from 01-21
    assert bundled.duty("NG", "100630", "CN", date(2023, 1, 21)).mfn.rate == Decimal("0.1")
    with pytest.raises(MissingRule, match="gives this line no import duty"):
        bundled.duty("NG", "0802990000", "CN", TODAY)


def test_a_line_dated_after_its_neighbours_is_not_priced_by_them(bundled: RuleBook) -> None:
    # the export dates 0101.30.10.00 (5 %) from 2020-02-12 and 0101.30.90.00 (10 %) from
    # 2020-06-21: between, neither the line nor its subheading takes 0101.30.10.00's 5 %
    assert_late_line_stands_alone(bundled, "NG", "0101309000", "0101301000", ("0.05", "0.1"),
                                  date(2020, 6, 21))


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    assert_remade(tmp_path, ROOT / "bench" / "regen_ng_tariff.py",
                  "6515 lines read, 6495 with an import duty, 270 with a levy", "NG.yaml")


def test_a_new_export_rewrites_the_lines_and_the_table(tmp_path: Path) -> None:
    export = tmp_path / "tariff.xlsx"
    write_xlsx(export, [
        ["CET Code", "Description", "SU", "ID", "VAT", "LVY", "EXC", "DOV"],
        ["1006301000", "Rice, in bulk", "KG", 10, "", 50, "", "21/01/2023"],
        ["1006309000", "Rice, in packings of < 5 kg", "KG", 10, "", 50, "", "14/04/2020"],
        ["8471300000", "Portable computers", "U", 5, 7, "", "", "08/06/2015"],
    ])
    lines = tmp_path / "lines.tsv"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "regen_ng_tariff.py"),
                           str(lines), "--from-xlsx", str(export), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    kept = [row for row in lines.read_text("utf-8").splitlines() if not row.startswith("#")]
    assert kept == ["1006301000\t10\t50\t2023-01-21", "1006309000\t10\t50\t2020-04-14",
                    "8471300000\t5\t\t2015-06-08"]
    table = (tmp_path / "tariffs" / "NG.yaml").read_text("utf-8")
    assert '{hs: "100630", rate: "0.1", valid_from: 2023-01-21}' in table
    assert f'{{name: "{LEVY}", hs: "100630", rate: "0.5", valid_from: 2023-01-21}}' in table


def test_a_duty_the_script_does_not_understand_stops_it(tmp_path: Path) -> None:
    lines = tmp_path / "lines.tsv"
    lines.write_text("1006301000\t10%\t50\t2023-01-21\n", encoding="utf-8")
    assert_stops(tmp_path, ROOT / "bench" / "regen_ng_tariff.py", "ID '10%' not understood",
                 lines)


QUOTE = dap_quote(quote_id="Q-NG-RICE", day="2026-12-01", currency="EUR", place="Lagos",
                  seller=("Reis Test GmbH", "DE"), buyer=("Lagos Foods Ltd", "NG"),
                  fx={"EUR/NGN": "1700"}, lines="""\
  - {sku: RICE, hs_code: "HS", origin: DE, quantity: 100, unit_weight_kg: "1",
     unit_price: "10", unit_cost: "4"}
""")


def test_a_nigeria_quote_stacks_the_levy_and_the_import_charges(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "ng-rice.yaml", QUOTE, "1006.30.10.00")
    # EUR 1,000 at 1,700 = NGN 1,700,000 (CIF and FOB alike: no freight, no insurance):
    # duty 10 % (170,000) + levy 50 % (850,000) + the surcharge, 7 % of the duty (11,900)
    assert line["duty"]["amount"] == {"amount": "1031900.00", "currency": "NGN"}
    charges = {c["name"]: c["amount"]["amount"] for c in line["charges"] if c["kind"] != "tax"}
    assert charges == {"MFN duty": "170000.00", LEVY: "850000.00",
                       "Surcharge (cost of collection)": "11900.00",
                       "ETLS levy (ECOWAS)": "8500.00",  # 0.5 % of the CIF value
                       "CISS fee": "17000.00"}           # 1 % of the FOB value
    # VAT 7.5 % of CIF + duty + levy + surcharge + ETLS + CISS (2,757,400)
    (vat,) = [c for c in line["charges"] if c["kind"] == "tax"]
    assert vat["amount"]["amount"] == "206805.00"
