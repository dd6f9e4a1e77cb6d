"""Egypt's tariff lines (rules/tariffs/EG.yaml): the taxes of each line as customs.gov.eg shows
them, read from a crawl of the site (August 2026), in part.

EG had no duty rules (every lookup failed closed). The table (bench/regen_eg_tariff.py, from
bench/data/EG_customs_tariff_lines.tsv) gives the lines read their import duty from
2026-08-29 at confidence low: the first "ضريبة الوارد" entry of the line's taxes, never an
agreement's rate listed after the agreement's name. A table tax or an industry-chamber fee is
named and not priced. The lines read are part of the tariff: a code the table has no line for
fails closed, and so do a line not read in a subheading whose lines were read in part and the
six-digit code itself (it names the lines read).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.engine import Engine
from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_remade, assert_table_line, check_proposal, regen

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "regen_eg_tariff.py"
TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(("hs", "rate"), [
    ("6101200000", "0.40"),   # cotton coats: 40 % (the line's Mercosur rate, 3 %, comes after)
    ("610120", "0.40"),       # the subheading's one line
    ("0101210000", "0.05"),   # pure-bred horses
    ("9403600010", "0.60"),   # wooden furniture
])
def test_lines_price_with_the_sites_import_duty(bundled: RuleBook, hs: str, rate: str) -> None:
    rule = bundled.duty("EG", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate) and rule.specific is None
    assert_table_line(rule, "EG", "low", "customs.gov.eg")


def test_tobacco_pays_pounds_per_kilogram(bundled: RuleBook) -> None:
    rule = bundled.duty("EG", "2401100010", "CN", TODAY).mfn
    assert rule.rate is None and rule.specific is not None
    assert (rule.specific.amount, rule.specific.currency, rule.specific.per) == (
        Decimal(9), "EGP", "kg")


@pytest.mark.parametrize(("hs", "words"), [
    ("0401100000", "lists no import duty for this line"),           # only its VAT is listed
    ("2205900000", "gives '3000%': a form of duty the rules do not price"),
    ("0106120050", "may not be all of them: give the 10-digit line"),  # a line not read
    ("8471300000", "no MFN duty rule for HS 8471300000"),             # a subheading not read
])
def test_what_the_table_does_not_give_fails_closed(bundled: RuleBook, hs: str,
                                                   words: str) -> None:
    with pytest.raises(MissingRule, match=words.replace("(", r"\(")):
        bundled.duty("EG", hs, "CN", TODAY)


def test_a_six_digit_code_over_lines_read_in_part_names_them(bundled: RuleBook) -> None:
    # both lines read charge 5 %, but the subheading's six-digit entry says they may not be
    # all of it: the code fails closed naming them, never priced on a partial read
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("EG", "010612", "CN", TODAY)
    assert dict(err.value.candidates) == {"0106120010": "5 %", "0106120090": "5 %",
                                          "010612 (rest of 010612)": "not covered"}


def test_before_the_crawl_there_is_no_rule(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule):
        bundled.duty("EG", "6101200000", "CN", date(2026, 8, 28))


def test_a_table_tax_is_named_not_priced(bundled: RuleBook) -> None:
    found = bundled.duty("EG", "2201100020", "CN", TODAY)
    taxes = [a for a in found.additional if a.name == "Egypt table tax"]
    assert len(taxes) == 1 and taxes[0].not_priced is not None
    assert "ضريبة الجدول : 8%" in taxes[0].not_priced


COATS = """\
id: Q-EG-COATS
date: 2026-11-20
currency: USD
seller: {name: "Ningbo Garments Co., Ltd.", country: CN}
buyer: {name: "Cairo Fashion Trading SAE", country: EG, type: business}
mode: sea
incoterm: DAP
named_place: "Cairo"
freight: {amount: "500", currency: USD}
insurance: {amount: "20", currency: USD}
fx: {"USD/EGP": "48.50"}
lines:
  - {sku: COAT, hs_code: "6101.20.00.00", origin: CN, quantity: 100, unit_price: "30",
     unit_cost: "18", unit_weight_kg: "1.2"}
"""


def test_an_egyptian_quote_charges_the_duty_and_goes_to_review(engine: Engine) -> None:
    result, charges = check_proposal(engine, COATS)
    duty = charges["MFN duty"]
    assert duty.base is not None and duty.amount.amount == Decimal("0.40") * duty.base.amount
    assert "LOW_CONFIDENCE_RULE" in [r.code for r in result.reasons]


def test_the_table_is_remade_from_the_kept_lines(tmp_path: Path) -> None:
    assert_remade(tmp_path, SCRIPT, "1896 lines read (1324 subheadings)", "EG.yaml")


def _line(code: str, taxes: list[str]) -> dict[str, object]:
    return {"code": code, "taxes_verbatim": taxes, "taxes": {"ID": {"raw": "3%"}}}


def test_a_crawl_is_read_into_the_kept_lines(tmp_path: Path) -> None:
    crawl, lines = tmp_path / "crawl", tmp_path / "lines.tsv"
    crawl.mkdir()
    (crawl / "EGY_official_progress_61.json").write_text(json.dumps({"chapter": 61, "data": [
        _line("61/09/10/00/10", ["ضريبة الوارد :  40%",
                                 "ضريبة قيمه مضافه :  14% (من القيمة + ر.ض.جمركية)",
                                 "اتفاقية أمريكا اللاتينية الميركسور", "ضريبة الوارد :  3%"]),
        _line("61/09/10/00/90", ["ضريبة الوارد :  صفر", "رسم محصلة لحساب غرفة نسيج :  1%"]),
    ]}, ensure_ascii=False), encoding="utf-8")
    done = regen(SCRIPT, lines, "--from-crawl", crawl, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [r for r in lines.read_text("utf-8").splitlines() if not r.startswith("#")]
    assert rows[0].startswith("6109100010\tضريبة الوارد : 40% | ")
    table = (tmp_path / "tariffs" / "EG.yaml").read_text("utf-8")
    assert '{hs: "6109100010", rate: "0.4"}' in table  # never the Mercosur 3 %
    assert '{hs: "6109100090", rate: "0"}' in table
    assert '{hs: "610910", not_covered: "the lines of this subheading' in table
    assert ('{name: "Egypt industry chamber fee", hs: "6109100090", not_priced: "Egypt\'s '
            "tariff as customs.gov.eg shows it lists 'رسم محصلة لحساب غرفة نسيج : 1%'") in table


def test_a_heading_read_in_part_fails_closed_though_its_lines_agree(bundled: RuleBook) -> None:
    # the crawl read the lines of 8471.80 and 8471.90 (both free), not 8471.30 (laptops):
    # heading 8471 names the subheadings without a rule (tests/rules/test_heading_gaps.py)
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("EG", "8471", "CN", TODAY)
    candidates = dict(err.value.candidates)
    assert candidates["847130"] == "no rule"
    assert {k for k, v in candidates.items() if v != "no rule"} >= {"847180", "847190"}
