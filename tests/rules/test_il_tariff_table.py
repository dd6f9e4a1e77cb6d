"""Israel's tariff lines (rules/tariffs/IL.yaml): the general customs duty of the customs book.

rules/countries/IL.yaml has no curated duty: the table (bench/regen_il_tariff.py, from
bench/data/IL_customs_book_2026-03.tsv: the general customs duty of each item as built from the
Israel Tax Authority's XML on 2026-03-10) gives each line's duty with confidence low (a quote
goes to review). Free, ad valorem, specific and compound duties with their ad valorem maximum
price; a text the script cannot read fails closed with it; a heading of the book is never a
line; a six-digit code over lines of different duties names them.
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
    assert_remade,
    assert_table_line,
    dap_quote,
    priced_line,
)

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 3)
SCRIPT = ROOT / "bench" / "regen_il_tariff.py"


@pytest.mark.parametrize(("hs", "rate", "specific"), [
    ("847130", "0", None),                  # laptops: free
    ("87032390", "0.07", None),             # cars 1.5-3 l: 7 %
    ("8703.23.90.00", "0.07", None),        # its 10-digit code
    ("64035190", "0.108", None),            # leather footwear line: 10.8 %
    ("220421", "0.12", ("1.41", "litre")),  # wine in bottles: 12 % + ILS 1.41 per litre
    ("04069099", None, ("8.19", "kg")),     # a cheese line: ILS 8.19 per kg
    ("051000", "0", None),                  # ambergris: 0510 00 00 00 heads no 0511 line
    ("490590", "0", None),                  # maps (HS2022), beside HS2017's 4905 91 and 99
])
def test_lines_price_with_the_customs_book_duty(
    bundled: RuleBook, hs: str, rate: str | None, specific: tuple[str, str] | None
) -> None:
    rule = bundled.duty("IL", hs, "CN", TODAY).mfn
    assert_duty_terms(rule, rate, specific, "ILS")
    assert_table_line(rule, "IL", "low", "customs book")


def test_a_specific_duty_keeps_its_ad_valorem_maximum(bundled: RuleBook) -> None:
    rule = bundled.duty("IL", "020410", "CN", TODAY).mfn  # lamb: ILS 7 per kg, at most 30 %
    assert_duty_terms(rule, None, ("7", "kg"), "ILS")
    assert rule.max_rate is not None and str(rule.max_rate) == "0.3"


def test_a_heading_of_the_book_is_not_a_line(bundled: RuleBook) -> None:
    # 6403 51 00 00 heads 6403 51 20 00 (free) and 6403 51 90 00 (10.8 %): its own entry
    # would price the subheading; the lines are named instead
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("IL", "640351", "CN", TODAY)
    assert sorted(dict(err.value.candidates)) == ["6403512", "6403519"]


@pytest.mark.parametrize(("hs", "reason"), [
    ("95030030", "'100% from general tax'"),
    ("15091010", "does not say how its amount per unit is charged ('12%', ILS 4.43 per Kilogram)"),
    ("07019011", "('Tax Free', ILS 0.88 per Kilogram)"),
])
def test_a_duty_the_script_cannot_read_fails_closed_with_its_text(
    bundled: RuleBook, hs: str, reason: str
) -> None:
    with pytest.raises(MissingRule, match="is not covered by the duty rules") as err:
        bundled.duty("IL", hs, "CN", TODAY)
    assert reason in str(err.value)


def test_lines_kcs_charged_alike_in_2025_are_dated_from_its_table(bundled: RuleBook) -> None:
    # laptops free and cars of 1.5-3 l at 7 % in KCS's table of 2025-06-13 as in the book
    assert_dated_from_kcs_day(bundled, "IL", "CN", {"847130": "0", "87032390": "0.07"},
                              until=date(2026, 3, 9))


@pytest.mark.parametrize(("hs", "said"), [
    ("0703900000", "'37.50%'"),         # onions and leeks: 37.5 % in 2025, 7.5 % in the book
    ("0102292000", "'25 ILS per Each'"),  # a form the dating does not compare
])
def test_a_line_kcs_charged_otherwise_is_not_covered_before_the_book(
    bundled: RuleBook, hs: str, said: str
) -> None:
    with pytest.raises(MissingRule, match=said):
        bundled.duty("IL", hs, "CN", date(2025, 9, 1))
    bundled.duty("IL", hs, "CN", date(2026, 3, 10))  # the book's own duty from its day


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    # the days before the book's: dated from KCS's kept column where it agrees
    assert_remade(tmp_path, SCRIPT,
                  "9571 items read, 161 headings, 9410 lines:", "IL.yaml", also_printed=(
                      "the days from 2025-06-13: {'dated back': 8414, 'differ or not "
                      "compared': 475, 'not in the snapshot': 378, 'dated back (split or "
                      "merged)': 143, 'only in the snapshot': 4}",))


def test_new_lines_are_read_as_data_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    source = tmp_path / "_tariff_supplements.py"
    source.write_text(
        f"open({str(marker)!r}, 'w').write('x')\n"
        "STATISTICAL_UNITS = {6: {'en': 'Kilogram'}}\n"
        "GENERAL_CUSTOMS = {\n"
        "    '6403510000': {'rate': 'Tax Free', 'calc_ref_en': ''},\n"
        "    '6403512000': {'rate': 'Tax Free', 'calc_ref_en': ''},\n"
        "    '6403519000': {'rate': '10.80%', 'calc_ref_en': '10.80%'},\n"
        "    '0204100000': {'rate': '7 ₪ per Kilogram) but no more than 30%',\n"
        "                   'calc_ref_en': '', 'mu_id': 6, 'per_unit': '7.000'},\n"
        "}\n", encoding="utf-8")
    lines = tmp_path / "lines.tsv"
    done = subprocess.run([sys.executable, str(SCRIPT), str(lines), "--from-supplements",
                           str(source), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    kept = [row for row in lines.read_text("utf-8").splitlines() if not row.startswith("#")]
    assert kept == ["0204100000\t7 ₪ per Kilogram) but no more than 30%\t7.000\t6",
                    "6403510000\tTax Free\t\t", "6403512000\tTax Free\t\t",
                    "6403519000\t10.80%\t\t"]
    made = (tmp_path / "tariffs" / "IL.yaml").read_text("utf-8")
    assert ('{hs: "020410", specific: {amount: "7", currency: ILS, per: kg}, max_rate: "0.3", '
            'valid_from: 2026-03-10}') in made
    # KCS's 2025 table has one line 6403 51 at 0 %: the free line is dated from its day,
    # the 10.8 % line is not covered before the book's
    assert '{hs: "6403512", rate: "0", valid_from: 2025-06-13}' in made
    assert '{hs: "6403519", rate: "0.108", valid_from: 2026-03-10}' in made
    assert ("{hs: \"6403519\", not_covered: \"KCS's 2025 table of Israel's tariff gives 640351 "
            "'0%': the duty from 2025-06-13 to 2026-03-09 is not read\"") in made
    assert '"640351"' not in made  # the heading is not written


def test_an_amount_the_text_does_not_give_is_not_read(tmp_path: Path) -> None:
    lines = tmp_path / "lines.tsv"
    lines.write_text("0204100000\t7 ₪ per Kilogram\t8.000\t6\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCRIPT), str(lines), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    made = (tmp_path / "tariffs" / "IL.yaml").read_text("utf-8")
    assert "not_covered" in made and "ILS 8 per Kilogram" in made


QUOTE = dap_quote(quote_id="Q-IL-WINE", day="2026-12-03", currency="EUR", place="Haifa",
                  seller=("Weinhaus Test GmbH", "DE"), buyer=("Tel Aviv Wines Ltd", "IL"),
                  fx={"EUR/ILS": "4", "USD/ILS": "3.6"}, lines="""\
  - {sku: WINE, hs_code: "HS", origin: DE, quantity: 1000, unit_weight_kg: "1.2",
     extra_units: {litre: "0.75"}, unit_price: "5", unit_cost: "2"}
""")


def test_an_israel_quote_charges_the_compound_duty(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "il-wine.yaml", QUOTE, "2204.21.00")
    # EUR 5,000 at 4 = ILS 20,000: 12 % (2,400) + 750 litres at ILS 1.41 (1,057.50)
    assert line["duty"]["amount"] == {"amount": "3457.50", "currency": "ILS"}
    charge = next(c for c in line["charges"] if c["name"] == "MFN duty")
    assert charge["rule"]["file"] == "rules/tariffs/IL.yaml"
