"""India's tariff lines (rules/tariffs/IN.yaml), read by bench/regen_kcs_tariff.py from the
Korea Customs Service's 2025 table of India's tariff, under the curated entries of
rules/countries/IN.yaml.

The table gives the First Schedule's tariff rates, the upper bound of the basic customs duty
(exemption notifications lower many lines: not applied), with confidence low, from
2025-06-13. The KCS table predates the Finance Act 2025: the Act's amendments to the First
Schedule (the Finance Bill's Second and Third Schedules, bench/data/IN_finance_bill_2025_
schedules.txt) are worked in, each amended line naming the item and the source
in-finance-bill-2025; the items the Act replaced give way to the lines it inserted; a line it
does not name keeps the table's rate. ``N% or Rs. N per kg / piece / sq. m,
whichever is higher`` is a rate with a minimum (``lower``: a maximum). The curated entries
that are not low, or that give a rate from 2025-02-02 on, win over the table's lines. The
table's Korea-India CEPA column gives Korean goods their rate, free where it lists no other,
and the MFN duty where it gives none (the curated duty where that prices the line).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import DutyRule, RuleBook
from tests.rules.conftest import assert_duty_terms, assert_table_line, dap_quote, priced_line
from tests.rules.test_kcs_tariff_tables import _regen

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(("hs", "rate", "specific"), [
    ("48191010", "0.10", None),           # cartons of corrugated paper: 10 %
    ("84099111", "0.15", None),           # engine parts: 15 %
    ("01012910", "0.30", None),           # polo horses: 30 % (an agricultural chapter)
    ("22042110", "1.50", None),           # port wine: 150 % (an agricultural chapter)
    ("08021100", None, ("42", "kg")),     # almonds in shell: Rs. 42 per kg
])
def test_lines_price_with_the_tariff_rate(bundled: RuleBook, hs: str, rate: str | None,
                                          specific: tuple[str, str] | None) -> None:
    rule = bundled.duty("IN", hs, "CN", TODAY).mfn
    assert_duty_terms(rule, rate, specific, "INR")
    assert_table_line(rule, "IN", "low", "Korea Customs Service")
    assert rule.valid_from == date(2025, 6, 13)


def test_before_the_tables_day_a_line_no_curated_entry_covers_has_no_duty(
    bundled: RuleBook
) -> None:
    with pytest.raises(MissingRule):
        bundled.duty("IN", "01012910", "CN", date(2025, 6, 12))


def test_the_higher_of_the_rate_and_the_amount_per_unit(bundled: RuleBook) -> None:
    shirts = bundled.duty("IN", "61091000", "CN", TODAY).mfn  # 20% or Rs. 45 per piece
    assert shirts.rate == Decimal("0.2") and shirts.max is None
    assert shirts.min is not None and (shirts.min.amount, shirts.min.currency,
                                       shirts.min.per) == (Decimal(45), "INR", "unit")
    fabric = bundled.duty("IN", "51111110", "CN", TODAY).mfn  # 10% or Rs. 115 per sq. m.
    assert fabric.min is not None and (fabric.min.amount, fabric.min.per) == (Decimal(115), "m2")


@pytest.mark.parametrize(("hs", "said"), [
    ("08021200", "'Rs. 120% per kg.': a form of duty the rules do not price"),  # a misprint
    ("55142100", "whichever is highest': a form of duty the rules do not price"),  # of three
])
def test_lines_the_rules_cannot_price_fail_closed_saying_why(bundled: RuleBook, hs: str,
                                                             said: str) -> None:
    with pytest.raises(MissingRule, match="is not covered by the duty rules") as err:
        bundled.duty("IN", hs, "CN", TODAY)
    assert said in str(err.value) and not isinstance(err.value, AmbiguousHsCode)


@pytest.mark.parametrize(("hs", "rate", "rate_text", "item"), [
    ("73181500", "0.15", "15%", "item (17), Chapter 73"),   # screws and bolts (KCS: 25 %)
    ("87120010", "0.2", "20%", "item (22), Chapter 87"),    # bicycles (35 %)
    ("87111010", "0.7", "70%", "item (22), Chapter 87"),    # motorcycles, "the heading 8711"
    ("25151220", "0.2", "20%", "item (4), Chapter 25"),     # marble blocks (40 %)
    ("71131911", "0.2", "20%", "item (15), Chapter 71"),    # gold jewellery, heading 7113
    ("60041000", "0.2", "20% or Rs. 115 per kg, whichever is higher",  # from 2025-02-02
     "Second Schedule, item (i), Chapter 60"),
])
def test_the_finance_act_2025_gives_the_lines_it_amended_their_new_rate(
    bundled: RuleBook, hs: str, rate: str, rate_text: str, item: str
) -> None:
    rule = bundled.duty("IN", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate) and rule.ref.file.endswith("tariffs/IN.yaml")
    assert rule.ref.source is not None and "The Finance Bill, 2025" in rule.ref.source
    note = rule.ref.note or ""  # kept: the table is confidence low
    assert f"{item}: {rate_text}" in note and "the KCS table gives the rate before it" in note


def test_the_finance_acts_knitted_fabrics_take_its_minimum_per_kg(bundled: RuleBook) -> None:
    fabric = bundled.duty("IN", "60063100", "CN", TODAY).mfn  # 20% or Rs. 115 per kg
    assert fabric.rate == Decimal("0.2") and fabric.min is not None
    assert (fabric.min.amount, fabric.min.currency, fabric.min.per) == (Decimal(115), "INR",
                                                                       "kg")


def test_the_lines_the_finance_act_inserted_replace_the_items_it_took_out(
    bundled: RuleBook
) -> None:
    # makhana: 2008 19 20 to 2008 19 90 replaced by 2008 19 21 to 2008 19 99
    popped = bundled.duty("IN", "20081921", "CN", TODAY).mfn
    assert popped.rate == Decimal("1.5") and "a line it inserts" in (popped.ref.note or "")
    other = bundled.duty("IN", "20081999", "CN", TODAY).mfn
    assert other.rate == Decimal("0.3")
    with pytest.raises(AmbiguousHsCode) as err:  # the six-digit code names its new lines
        bundled.duty("IN", "200819", "CN", TODAY)
    assert "20081921" in str(err.value) and "20081920" not in str(err.value)


def test_a_line_the_finance_act_does_not_name_keeps_the_tables_rate(bundled: RuleBook) -> None:
    # imitation jewellery (heading 7117) is not in the Act: "25% or Rs. 600 per kg, whichever
    # is higher" as the table gives it
    bangles = bundled.duty("IN", "71171100", "CN", TODAY).mfn
    assert bangles.rate == Decimal("0.25") and "Finance Bill" not in (bangles.ref.source or "")
    assert bangles.min is not None and bangles.min.amount == Decimal(600)


def test_the_curated_entries_win_where_they_know_better(bundled: RuleBook) -> None:
    phones = bundled.duty("IN", "85171300", "CN", TODAY).mfn  # the table: 20 %
    assert phones.rate == Decimal("0.15") and phones.ref.file.endswith("countries/IN.yaml")
    cars = bundled.duty("IN", "87032291", "CN", TODAY).mfn  # the table: 125 % (before 2025)
    assert cars.rate == Decimal("0.70") and cars.ref.file.endswith("countries/IN.yaml")
    assert cars.valid_from == date(2025, 2, 2)
    # a low curated heading without a date gives way to the table's lines
    cartons = bundled.duty("IN", "48191010", "CN", TODAY).mfn
    assert cartons.ref.file.endswith("tariffs/IN.yaml")


def _cepa(bundled: RuleBook, hs: str) -> tuple[DutyRule, DutyRule]:
    """The MFN rule and the Korea-India CEPA rule of a Korean good on ``hs`` (its
    ``excluded`` entry where the agreement grants the line nothing)."""
    found = bundled.duty("IN", hs, "KR", TODAY, claimed_agreement="Korea-India CEPA")
    if found.excluded is not None:
        assert not found.preferential
        return found.mfn, found.excluded
    assert len(found.preferential) == 1
    return found.mfn, found.preferential[0]


@pytest.mark.parametrize(("hs", "rate", "at"), [
    ("01012910", "0.05", "010129"),   # polo horses: "5.00% - All Goods" (MFN 30 %)
    ("85171300", "0", "*"),           # smartphones: "0.00% - All goods", the table's zero
    ("84713010", "0", "*"),
])
def test_korean_goods_get_the_cepa_rate(bundled: RuleBook, hs: str, rate: str,
                                        at: str) -> None:
    _, cepa = _cepa(bundled, hs)
    assert cepa.rate == Decimal(rate) and cepa.hs == at
    assert cepa.ref.file.endswith("tariffs/IN.yaml") and cepa.ref.confidence == "low"


@pytest.mark.parametrize("hs", ["61091000", "87032291", "64031200"])
def test_a_line_the_cepa_gives_no_rate_pays_the_mfn_duty_under_it(bundled: RuleBook,
                                                                   hs: str) -> None:
    # T-shirts (the table's 20 % or INR 45 a piece), cars and leather footwear (the curated
    # 70 % and 20 %, which the table's lines give way to): excluded from the CEPA, never its
    # '*' zero
    mfn, cepa = _cepa(bundled, hs)
    assert cepa.hs != "*" and cepa.ref.file.endswith("tariffs/IN.yaml")
    assert cepa.excluded is not None and "gives no Korea-India CEPA rate" in cepa.excluded
    assert mfn.rate is not None and mfn.rate > 0


QUOTE = dap_quote(quote_id="Q-IN-SHIRTS", day="2026-12-05", currency="USD", place="Mumbai",
                  seller=("Apparel Test Ltd", "CN"), buyer=("Mumbai Retail Pvt Ltd", "IN"),
                  fx={"USD/INR": "85"}, lines="""\
  - {sku: TEE, hs_code: "HS", origin: CN, quantity: 100, unit_weight_kg: "0.2",
     unit_price: "2", unit_cost: "1"}
""")


def test_an_indian_quote_charges_the_minimum_and_the_surcharge_on_it(tmp_path: Path) -> None:
    line = priced_line(tmp_path, "in-shirts.yaml", QUOTE, "6109.10.00")
    # USD 200 at 85 = INR 17,000: 20 % is INR 3,400, less than INR 45 x 100 pieces; the
    # social welfare surcharge is 10 % of it
    assert line["duty"]["amount"] == {"amount": "4950.00", "currency": "INR"}
    charge = next(c for c in line["charges"] if c["name"] == "MFN duty")
    assert charge["amount"] == {"amount": "4500.00", "currency": "INR"}
    assert charge["rule"]["file"] == "rules/tariffs/IN.yaml"
    assert charge["rule"]["confidence"] == "low"  # a check of the quote sends it to review
    sws = next(c for c in line["charges"] if c["name"] == "SWS")
    assert sws["amount"] == {"amount": "450.00", "currency": "INR"}


def test_a_new_indian_table_reads_each_form(tmp_path: Path) -> None:
    done, kept = _regen(tmp_path, "IN", [
        ["순번", "년도", "국가코드", "세번", "영문품명", "한글품명", "단위", "기본세율",
         "특혜세율", "인도-대한민국 \n협정세율"],
        ["1", "2025", "IND", "0101", "LIVE HORSES", "말", "", "", "", ""],
        ["2", "2025", "IND", "01012100", "Pure-bred", "번식용", "u", "Free", "", "5.00%"],
        ["3", "2025", "IND", "01012910", "Polo", "폴로", "u", "30%", "", ""],
        ["4", "2025", "IND", "27160000", "Electrical energy", "전력", "",
         "Rs.20%00 per 1000 kwh", "", ""],
        ["4", "2025", "IND", "40051000", "Rubber", "고무", "kg",
         "15% or Rs. 30 per kg., whichever is lower", "", ""],
        ["5", "2025", "IND", "52081110", "Fabric", "직물", "m2",
         "10% or Rs.12 per sq.m. whichever is higher", "", ""],
        ["6", "2025", "IND", "61091000", "T-shirts", "티셔츠", "u", "FREE%", "", ""],
        ["7", "2025", "IND", "73181500", "Screws", "나사", "kg", "25%", "", ""],
    ])
    assert done.returncode == 0, done.stderr
    assert kept[:2] == ["01012100\tFree\t", "01012910\t30%\t"] and len(kept) == 7
    assert kept[-1] == "73181500\t25%\t"
    made = (tmp_path / "tariffs" / "IN.yaml").read_text("utf-8")
    # a subheading's one line is written at six digits
    assert '{hs: "010129", rate: "0.3"' in made
    assert '{hs: "400510", rate: "0.15", max: {amount: "30", currency: INR, per: kg}' in made
    assert '{hs: "520811", rate: "0.1", min: {amount: "12", currency: INR, per: m2}' in made
    # a table read from another file than the kept 2025 one is taken as it is (a newer
    # table has the Finance Act's amendments)
    assert '{hs: "731815", rate: "0.25"' in made and 'source: "in-finance-bill-2025"' not in made
    assert '{hs: "27160000", not_covered:' in made
    assert '{hs: "610910", rate: "0"' in made
    # the Korea-India CEPA column: free but where it gives a rate, the MFN duty where it
    # gives none
    assert ('{agreement: "Korea-India CEPA", origins: [KR], hs: "*", rate: "0"' in made)
    assert '{agreement: "Korea-India CEPA", origins: [KR], hs: "010121", rate: "0.05"' in made
    assert ('{agreement: "Korea-India CEPA", origins: [KR], hs: "010129", excluded: "KCS\'s '
            'table gives no Korea-India CEPA rate for this line", valid_from: 2025-06-13}') in made
