"""Chile's tariff lines the general 6 % misses (rules/tariffs/CL.kcs.yaml), from the Korea
Customs Service's 2025 table of Chile's tariff.

rules/countries/CL.yaml charges the general 6 % and, for the headings its sources say hold
duty-free items without naming the lines (books, maps, stamps, reactors, tanks, aircraft,
ships), fails closed. The table (bench/regen_cl_kcs_tariff.py, from
bench/data/CL_kcs_tariff_2025.tsv) gives those headings' lines from 2025-06-13 at confidence
low, and the subheadings elsewhere where KCS gives a line another rate (drones, fire engines),
whole: a six-digit quote over lines of different duties names them. Poultry, which the curated
source says pays more than 6 % where KCS gives 6 %, stays closed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook
from tests.rules.conftest import assert_remade, assert_table_line

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 6)
BEFORE = date(2025, 6, 12)  # the day before KCS saved its table


@pytest.mark.parametrize(("hs", "rate"), [
    ("49019940", "0"),     # a duty-free line of heading 4901
    ("49019911", "0.06"),  # its neighbour pays the general rate
    ("871000", "0"),       # tanks: every line free
    ("880211", "0"),       # helicopters
    ("89011010", "0"),     # cruise ships of one kind free ...
    ("89011090", "0.06"),  # ... the rest 6 %
])
def test_a_heading_the_curated_rules_could_not_split_now_prices_by_line(
    bundled: RuleBook, hs: str, rate: str
) -> None:
    rule = bundled.duty("CL", hs, "CN", TODAY).mfn
    assert rule.rate == Decimal(rate) and rule.specific is None
    assert_table_line(rule, "CL.kcs", "low", "Korea Customs Service")
    # before the table, the curated heading entry fails closed
    with pytest.raises(MissingRule, match="the line split is not encoded"):
        bundled.duty("CL", hs, "CN", BEFORE)


def test_a_six_digit_code_over_lines_of_different_duties_names_them(bundled: RuleBook) -> None:
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("CL", "490199", "CN", TODAY)
    assert ("49019940", "free") in [(c, str(d).split(" (")[0]) for c, d in err.value.candidates]


def test_a_subheading_elsewhere_is_written_whole(bundled: RuleBook) -> None:
    # drones of 8806 21: KCS gives 8806.21.90 free and 8806.21.10 the general 6 %; the table
    # has both lines, so the six-digit code is named, never priced at the free line's 0 %
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("CL", "880621", "CN", TODAY)
    assert [code for code, _ in err.value.candidates] == ["88062110", "88062190"]
    assert bundled.duty("CL", "88062190", "CN", TODAY).mfn.rate == Decimal(0)
    kept = bundled.duty("CL", "88062110", "CN", TODAY).mfn
    assert kept.rate == Decimal("0.06")
    # before the table the general regime's 6 %
    earlier = bundled.duty("CL", "88062190", "CN", BEFORE).mfn
    assert earlier.hs == "*" and earlier.rate == Decimal("0.06")


def test_a_line_at_the_general_rate_elsewhere_keeps_the_general_regime(
    bundled: RuleBook,
) -> None:
    rule = bundled.duty("CL", "847130", "CN", TODAY).mfn
    assert rule.hs == "*" and rule.rate == Decimal("0.06")


@pytest.mark.parametrize(("hs", "reason"), [
    ("020711", "poultry"),        # KCS's 6 % contradicts the curated source: left closed
    ("100199", "price band"),     # wheat
    ("170199", "price band"),     # sugar
])
def test_the_other_carve_outs_stay_closed(bundled: RuleBook, hs: str, reason: str) -> None:
    with pytest.raises(MissingRule, match=reason) as err:
        bundled.duty("CL", hs, "CN", TODAY)
    assert not isinstance(err.value, AmbiguousHsCode)


def test_the_table_is_what_its_script_makes_of_its_data(tmp_path: Path) -> None:
    assert_remade(tmp_path, ROOT / "bench" / "regen_cl_kcs_tariff.py",
                  "0207: KCS gives all 29 lines the general 6 %", "CL.kcs.yaml")
