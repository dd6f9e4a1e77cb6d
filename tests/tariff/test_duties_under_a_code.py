"""A code shorter than the national lines it stands for, whose lines' MFN duties agree: the
additional duties and preferences keyed at the lines count too (a Section 301 list names
8-digit lines). One line, or lines that all charge alike: the code pays what they pay. Lines
whose other duties differ: the ambiguity error naming each line's duties, or the dearest line
under ``ambiguous_hs: highest``. A list given at 10 digits under an 8-digit line counts the
same way: its 10-digit lines beside the rest of the 8-digit line. (Before, the lookup read
only the code's own prefixes, and Chinese coffee quoted as 0901.21 paid no Section 301 duty
where 0901.21.00 paid 7.5 %.)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode
from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import RuleBook, load_rules
from pricing_engine.rules.results import CandidateLines
from tests.rules.conftest import rules_with_table
from tests.tariff.conftest import FL, duties, us_quote

DAY = date(2026, 11, 20)
D = Decimal


@pytest.fixture(scope="module")
def bundled() -> RuleBook:
    return load_rules()


@pytest.mark.parametrize("hs", ["0901.21", "090121", "0901.21.00", "0901.21.00.20"])
def test_a_code_of_one_line_pays_that_lines_section_301_duty(bundled: RuleBook, hs: str) -> None:
    # 0901.21.00 (roasted coffee) is on List 4A (9903.88.15): + 7.5 % for products of China
    # (beside the forced-labour duty of every line from China, + 12.5 %)
    found = bundled.duty("US", hs, "CN", DAY)
    assert [(a.name, a.rate) for a in found.additional] == [("Section 301", D("0.075")),
                                                            (FL, D("0.125"))]
    assert found.mfn.hs == "09012100"
    engine = LandedCostEngine(bundled)
    assert duties(engine, us_quote(hs, "CN")) == {"MFN duty": D("0.00"), "Section 301": D("75.00"),
                                                  FL: D("125.00")}


def test_lines_alike_in_every_duty_price_at_the_shorter_code(bundled: RuleBook) -> None:
    # 8471.80's lines are all free and all on List 3 (+ 25 %); the Section 232 duties on
    # semiconductor articles and vehicle parts are keyed at 8471.80 itself (charged on goods
    # declared so). (8473.30, once the example, now names its lines: two of them are on the
    # aluminium extrusions AD order's list, tests/rules/test_us_adcvd.py.)
    chips = ("Section 232 semiconductors", D("0.25"))
    parts = "Section 232 vehicle parts"
    found = bundled.duty("US", "847180", "CN", DAY)
    assert [(a.name, a.rate) for a in found.additional] == [
        ("Section 301", D("0.25")), chips, (parts, D("0.25")), (FL, D("0.125"))]
    assert [(a.name, a.rate) for a in bundled.duty("US", "847180", "DE", DAY).additional] == [
        chips, (parts, None), (FL, None)]  # the EU's: up to 10 % / 15 % with the line's duty


def test_lines_of_one_mfn_duty_but_different_additional_duties_are_named(
        bundled: RuleBook) -> None:
    # 0304.72's two lines are free; only 0304.72.50 is on a Section 301 list
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("US", "030472", "CN", DAY)
    forced = f"{FL} 12.5 % (not with a Section 232 duty)"
    assert dict(err.value.candidates) == {"03047210": f"free + {forced}",
                                          "03047250": f"free + Section 301 25 % + {forced}"}
    assert "give the full 8-digit line" in str(err.value)
    # the same lines from Germany pay the same duties: the code prices
    assert bundled.duty("US", "030472", "DE", DAY).mfn.rate == 0


def test_highest_takes_the_dearest_line_and_says_so(bundled: RuleBook) -> None:
    found = bundled.duty("US", "030472", "CN", DAY, ambiguous_hs="highest")
    assert isinstance(found, CandidateLines)
    assert [lookup.mfn.hs for lookup in found.lookups] == ["03047210", "03047250"]
    (line,) = LandedCostEngine(bundled).quote(
        us_quote("030472", "CN", ambiguous_hs="highest")).lines
    charges = {c.name: c.amount.amount for c in line.charges if c.kind in ("mfn", "additional")}
    assert charges == {"MFN duty": D("0.00"), "Section 301": D("250.00"), FL: D("125.00")}
    assert "national line 03047250 assumed" in line.charges[0].explanation


TABLE = """\
# yaml-language-server: $schema=../schema/rules.schema.json
tariff: US
as_of: 2026-06-08
sources:
  - {id: "hts", title: "A test table", url: "https://hts.usitc.gov/"}
imported: {format: us-hts-json, file: "hts.json.gz", lines: 3, parsed: 3, nomenclature: HS2022}
confidence: high
valid_from: 2026-06-08
mfn:
  - {hs: "61091010", rate: "0.165"}
  - {hs: "61091080", rate: "0.165"}
  - {hs: "61099010", rate: "0.12"}
preferential:
  - {agreement: "USMCA", origins: [CA, MX], hs: "61091080", rate: "0.05"}
  - {agreement: "USMCA", origins: [CA, MX], hs: "61099010", rate: "0.02"}
"""


def test_a_claimed_preference_keyed_at_the_lines_counts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = load_rules(rules_with_table(tmp_path, monkeypatch, TABLE), include_bundled=False)
    # one line: the claim finds the line's preference, not the general "*" zero
    found = book.duty("US", "610990", "MX", DAY, claimed_agreement="USMCA")
    assert [(p.hs, p.rate) for p in found.preferential] == [("61099010", D("0.02"))]
    # two lines whose MFN duty agrees but whose USMCA rate differs: named when claimed ...
    with pytest.raises(AmbiguousHsCode) as err:
        book.duty("US", "610910", "MX", DAY, claimed_agreement="USMCA")
    assert dict(err.value.candidates) == {"61091010": "16.5 % + USMCA free",
                                          "61091080": "16.5 % + USMCA 5 %"}
    # ... and no matter without a claim (an unclaimed preference charges nothing)
    assert book.duty("US", "610910", "MX", DAY).mfn.rate == D("0.165")


def test_a_line_whose_list_names_ten_digit_lines_names_them(bundled: RuleBook) -> None:
    # 4009.12.00 (hoses): only 4009.12.00.20, hoses for vehicles, is on the Section 232
    # vehicle parts list; the 8-digit line used to pay nothing from Germany, silently
    with pytest.raises(AmbiguousHsCode) as err:
        bundled.duty("US", "4009.12.00", "DE", DAY)
    forced = f"{FL} up to 10 % with the line's duty (not with a Section 232 duty)"
    assert dict(err.value.candidates) == {
        "40091200 (its other lines)": f"2.5 % + {forced}",
        "4009120020": f"2.5 % + Section 232 vehicle parts 25 % + {forced}"}
    assert "give the full 10-digit line" in str(err.value)
    assert [a.rate for a in bundled.duty("US", "4009.12.00.20", "DE", DAY).additional] == [
        D("0.25"), None]
    assert [a.name for a in bundled.duty("US", "4009.12.00.50", "DE", DAY).additional] == [FL]
    found = bundled.duty("US", "4009.12.00", "DE", DAY, ambiguous_hs="highest")
    assert isinstance(found, CandidateLines)
    assert len(found.lookups) == 2
