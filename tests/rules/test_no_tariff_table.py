"""Norway's tariff lines (rules/tariffs/NO.yaml) under the curated rules/countries/NO.yaml.

The table (bench/regen_no_tariff.py, from the Norwegian Customs Tariff 2019) gives the lines of
the chapters the curated general regime carves out (agricultural and food products, textiles,
the agricultural goods of chapters 29-43) and every dutiable line elsewhere. Chapters 1-24 take
the 2019 lines until 2025-06-12 and, from 2025-06-13, the lines of a 2026 compilation
(bench/data/NO_tolltariff_ch01-24_2026.tsv), which are the Korea Customs Service's table of
that day line for line. Both are confidence low: their lines price, and a
quote on them goes to review. Lines whose duty depends on raw-material content (MX, 2019) fail
closed, and a six-digit code over lines of different duties names the lines, without the
curated chapter entry posing as one of them.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from pricing_engine.rules.results import CandidateLines
from tests.rules.conftest import assert_duty_terms, assert_table_line, dap_quote, quote_with_hs

TODAY = date(2026, 12, 1)



TARIFF_2019 = "Norwegian Customs Tariff 2019"
LINES_2026 = "Norwegian Customs Tariff (Tolltariffen), the MFN duties"
BEFORE = date(2025, 6, 12)


@pytest.mark.parametrize(("hs", "on", "rate", "specific", "source"), [
    ("610910", TODAY, "0.107", None, TARIFF_2019),       # cotton T-shirts: 10.7 %
    ("6109.10.00", TODAY, "0.107", None, TARIFF_2019),   # the national line under it
    ("38231110", TODAY, None, ("3.91", "kg"), TARIFF_2019),  # fatty acids for feed
    ("04069098", BEFORE, "2.77", None, TARIFF_2019),     # hard cheese: 277 % since 2013
    ("04069098", TODAY, "2.77", None, LINES_2026),       # ... still in 2026
    ("04069092", BEFORE, None, ("27.15", "kg"), TARIFF_2019),  # other cheese: NOK 27.15/kg
    ("04069093", TODAY, None, ("27.15", "kg"), LINES_2026),    # ... its 2026 line
    ("220300", BEFORE, None, ("1.28", "litre"), TARIFF_2019),  # beer: NOK 1.28 per litre
    ("220300", TODAY, None, ("1.28", "litre"), LINES_2026),    # its five 2026 lines alike
    ("010221", BEFORE, None, ("7500", "unit"), TARIFF_2019),   # breeding cattle: a head
    ("010221", TODAY, None, ("7500", "unit"), LINES_2026),     # "7500.00 pr.item"
])
def test_table_lines_price_with_their_source(
    bundled: RuleBook, hs: str, on: date, rate: str | None,
    specific: tuple[str, str] | None, source: str,
) -> None:
    rule = bundled.duty("NO", hs, "CN", on).mfn
    assert_duty_terms(rule, rate, specific, "NOK")
    assert_table_line(rule, "NO", "low", source)


def test_compound_duty_keeps_both_terms(bundled: RuleBook) -> None:
    rule = bundled.duty("NO", "35019010", "CN", TODAY).mfn  # caseinates: 15 % + NOK 40/kg
    assert rule.rate == Decimal("0.15")
    assert rule.specific is not None and rule.specific.amount == Decimal("40")


def test_a_code_over_lines_of_different_duties_names_only_the_lines(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("NO", "020130", "CN", TODAY)  # boneless beef: 344 % or NOK 119.01/kg
    named = [code for code, _ in err.value.candidates]
    assert named == ["02013001", "02013009"]
    assert "rest of" not in str(err.value)  # the chapter's not_covered entry is no line


def test_highest_prices_the_dearest_line(bundled: RuleBook) -> None:
    found = bundled.duty("NO", "020130", "CN", TODAY, ambiguous_hs="highest")
    assert isinstance(found, CandidateLines)
    assert [lookup.mfn.hs for lookup in found.lookups] == ["02013001", "02013009"]


def test_a_heading_whose_subheadings_the_table_gives_names_only_its_lines(
    bundled: RuleBook,
) -> None:
    # each HS2022 subheading of 0101 has the table's lines: the chapter's not_covered entry
    # names none of the heading's goods (tests/rules/test_heading_gaps.py: where one lacks
    # its own, the chapter entry stays the heading's rest)
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("NO", "0101", "CN", TODAY)
    assert [code for code, _ in err.value.candidates] == [
        "010121", "01012902", "01012908", "010130", "010190"]
    assert "rest of" not in str(err.value)


@pytest.mark.parametrize("hs", ["19053100", "190531", "17049099"])
def test_raw_material_duties_of_2019_fail_closed(bundled: RuleBook, hs: str) -> None:
    with pytest.raises(MissingRule, match="not covered") as err:
        bundled.duty("NO", hs, "CN", BEFORE)
    assert "MX" in str(err.value)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_the_2026_lines_give_those_goods_a_fixed_duty(bundled: RuleBook) -> None:
    # crispbread: '1,35+MX' in 2019, NOK 7.62 per kg in the compilation's lines, which are
    # KCS's table of 2025-06-13 (bench/regen_no_tariff.py --kcs-xlsx): from that day on
    for on in (date(2025, 6, 13), date(2025, 9, 1), TODAY):
        rule = bundled.duty("NO", "19053100", "CN", on).mfn
        assert_duty_terms(rule, None, ("7.62", "kg"), "NOK")
        assert_table_line(rule, "NO", "low", LINES_2026)


def test_a_2026_line_whose_unit_was_lost_fails_closed(bundled: RuleBook) -> None:
    # other horses: "5000.00" with no unit, where 0101.2100 reads "5000.00 pr.item" and the
    # 2019 line charged NOK 5,000 a head: not read as NOK 5,000 per kg
    with pytest.raises(MissingRule, match="without a unit") as err:
        bundled.duty("NO", "01012908", "CN", TODAY)
    assert "per unit" in str(err.value)
    rule = bundled.duty("NO", "01012908", "CN", BEFORE).mfn
    assert_duty_terms(rule, None, ("5000", "unit"), "NOK")


def test_a_code_the_table_does_not_list_still_fails_closed(bundled: RuleBook) -> None:
    # no 2019 line starts 01019: the curated chapter entry answers, never the general 0 %
    with pytest.raises(MissingRule, match="agricultural and food products") as err:
        bundled.duty("NO", "01019999", "CN", TODAY)
    assert "countries/NO.yaml:" in str(err.value)


def test_industrial_goods_keep_the_general_regime(bundled: RuleBook) -> None:
    rule = bundled.duty("NO", "847130", "CN", TODAY).mfn
    assert rule.hs == "*" and rule.rate == Decimal(0)


def test_before_2019_there_is_no_rule(bundled: RuleBook) -> None:
    with pytest.raises(MissingRule):
        bundled.duty("NO", "610910", "CN", date(2018, 12, 31))


QUOTE = dap_quote(quote_id="Q-NO-CHEESE", day="2026-12-01", currency="EUR", place="Oslo",
                  mode="road", seller=("Fromagerie Test SARL", "FR"),
                  buyer=("Oslo Delikatesser AS", "NO"), fx={"EUR/NOK": "11.5"}, lines="""\
  - {sku: CHEESE, hs_code: "HS", origin: FR, quantity: 100, unit_weight_kg: "1",
     unit_price: "20", unit_cost: "12"}
""")


def quote(tmp_path: Path, hs: str) -> subprocess.CompletedProcess[str]:
    """``pricing-engine quote --format json`` of 100 kg of cheese to Norway."""
    return quote_with_hs(tmp_path, "no-cheese.yaml", QUOTE, hs)


def test_a_norway_quote_prices_a_specific_duty_per_kg(tmp_path: Path) -> None:
    done = quote(tmp_path, "0406.90.93")
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stdout)["lines"][0]
    # NOK 27.15 per kg on 100 kg
    assert line["duty"]["amount"] == {"amount": "2715.00", "currency": "NOK"}


def test_a_norway_quote_of_a_six_digit_cheese_code_names_the_lines(tmp_path: Path) -> None:
    done = quote(tmp_path, "0406.90")
    assert done.returncode != 0
    assert "04069093 27.15 NOK/kg" in done.stderr and "04069098 277 %" in done.stderr
    assert "Traceback" not in done.stderr
