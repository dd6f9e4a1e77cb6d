"""A heading or chapter code over lines prices only where every HS2022 subheading of it has one.

The engine reads the national lines under a code as all of it: a table lists every line of a
subheading it gives. A code shorter than a subheading (a heading, a chapter) can cover
subheadings the rules give nothing for, a table read in part (Egypt's crawl) or lacking a
subheading (Nigeria's 2844.41-44). Then its lines are not all of it, and the code must not
take their duty, even where they agree: it names the subheadings without a rule, and
``highest`` cannot pick the dearest. The subheadings are those of the UN HS2022 table the
package ships. The other way round, where every subheading of a heading has an entry of its
own, a shorter prefix beside them (a general regime, a chapter entry) names none of its goods:
it is not the heading's "rest", neither a line to weigh nor a reason to fail.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook, load_rules
from tests.rules.conftest import SG_HEAD

ON = date(2026, 11, 30)
# heading 0101 has four HS2022 subheadings: 010121, 010129, 010130 and 010190
SOME = ['{hs: "010121", rate: "0.05"}', '{hs: "010129", rate: "0.05"}']
ALL = [*SOME, '{hs: "010130", rate: "0.05"}', '{hs: "01019000", rate: "0.05"}']


def book_of(tmp_path: Path, *entries: str) -> RuleBook:
    (tmp_path / "countries").mkdir(exist_ok=True)
    body = SG_HEAD + "duty:\n  mfn:\n" + "".join(f"    - {e}\n" for e in entries)
    (tmp_path / "countries" / "SG.yaml").write_text(body, encoding="utf-8")
    return load_rules(tmp_path, include_bundled=False)


def test_lines_that_agree_price_their_heading_when_they_are_all_of_it(tmp_path: Path) -> None:
    book = book_of(tmp_path, *ALL)
    assert book.duty("SG", "0101", "CN", ON).mfn.rate == Decimal("0.05")
    # chapter 01 holds other headings (0102 ...), whose subheadings the rules say nothing of
    with pytest.raises(AmbiguousHsCode, match=r"HS 01 covers .*010221 no rule"):
        book.duty("SG", "01", "CN", ON)


def test_a_heading_with_subheadings_no_entry_gives_names_them(tmp_path: Path) -> None:
    book = book_of(tmp_path, *SOME)
    with pytest.raises(AmbiguousHsCode) as err:
        book.duty("SG", "0101", "CN", ON)
    assert dict(err.value.candidates) == {"010121": "5 %", "010129": "5 %",
                                          "010130": "no rule", "010190": "no rule"}
    with pytest.raises(AmbiguousHsCode, match=r"dearest line is not known either.*010130, 010190"):
        book.duty("SG", "0101", "CN", ON, ambiguous_hs="highest")
    # the subheadings and lines themselves price, or fail closed, as before
    assert book.duty("SG", "010121", "CN", ON).mfn.rate == Decimal("0.05")
    with pytest.raises(MissingRule, match="no MFN duty rule for HS 010130"):
        book.duty("SG", "010130", "CN", ON)


def test_a_shorter_entry_stands_for_the_rest_of_the_heading(tmp_path: Path) -> None:
    # a general regime (or a heading entry) gives the subheadings no line gives: the code is
    # priced where it agrees with the lines, as before
    book = book_of(tmp_path, *SOME, '{hs: "*", rate: "0.05"}')
    assert book.duty("SG", "0101", "CN", ON).mfn.rate == Decimal("0.05")
    book = book_of(tmp_path, *SOME, '{hs: "0101", rate: "0.05"}')
    assert book.duty("SG", "0101", "CN", ON).mfn.rate == Decimal("0.05")


def test_lines_of_a_day_count_on_that_day_only(tmp_path: Path) -> None:
    # 010190's line ends before the day asked: that day the heading has a subheading without
    # a rule
    book = book_of(tmp_path, *ALL[:3], '{hs: "01019000", rate: "0.05", valid_to: 2026-06-30}')
    assert book.duty("SG", "0101", "CN", date(2026, 6, 30)).mfn.rate == Decimal("0.05")
    with pytest.raises(AmbiguousHsCode, match="010190 no rule"):
        book.duty("SG", "0101", "CN", ON)


# each subheading of 0101 given at six digits, beside a general regime or a chapter entry
OWN = ['{hs: "010121", rate: "0.05"}', '{hs: "010129", rate: "0.05"}',
       '{hs: "010130", rate: "0.05"}', '{hs: "010190", rate: "0.05"}']


@pytest.mark.parametrize("shorter", ['{hs: "*", rate: "0.1"}', '{hs: "01", rate: "0.1"}',
                                     '{hs: "*", not_covered: "the rest is not read"}'])
def test_a_shorter_entry_names_none_of_a_heading_its_subheadings_give(
        tmp_path: Path, shorter: str) -> None:
    # every HS2022 subheading of 0101 has its own entry: the shorter prefix names no goods of
    # the heading, so it is neither a line of it nor the reason it fails or prices dearer
    book = book_of(tmp_path, *OWN, shorter)
    assert book.duty("SG", "0101", "CN", ON).mfn.rate == Decimal("0.05")
    assert book.duty("SG", "0101", "CN", ON, ambiguous_hs="highest").mfn.rate == Decimal("0.05")
    # the chapter still holds headings (0102 ...) that only the shorter prefix gives
    with pytest.raises((AmbiguousHsCode, MissingRule), match=r"HS 01 .*\(rest of 01\)"):
        book.duty("SG", "01", "CN", ON)


def test_a_shorter_entry_stays_beside_a_heading_one_subheading_lacks(tmp_path: Path) -> None:
    # 010190 has no entry of its own: the general regime gives it, so it is the rest of 0101
    book = book_of(tmp_path, *OWN[:3], '{hs: "*", rate: "0.1"}')
    with pytest.raises(AmbiguousHsCode) as err:
        book.duty("SG", "0101", "CN", ON)
    assert dict(err.value.candidates)["* (rest of 0101)"] == "10 %"
    # a curated line under 010190 is not all of it (a table lists every line it gives; the
    # country file need not): the general regime still gives the rest of the subheading
    book = book_of(tmp_path, *OWN[:3], '{hs: "01019010", rate: "0.05"}', '{hs: "*", rate: "0.1"}')
    with pytest.raises(AmbiguousHsCode, match=r"\* \(rest of 0101\) 10 %"):
        book.duty("SG", "0101", "CN", ON)
    # on a day 010190's own entry is not in force, the general regime gives it again
    book = book_of(tmp_path, *OWN[:3], '{hs: "010190", rate: "0.05", valid_to: 2026-06-30}',
                   '{hs: "*", rate: "0.1"}')
    assert book.duty("SG", "0101", "CN", date(2026, 6, 30)).mfn.rate == Decimal("0.05")
    with pytest.raises(AmbiguousHsCode, match=r"rest of 0101"):
        book.duty("SG", "0101", "CN", ON)


def test_a_table_lists_all_lines_of_a_subheading() -> None:
    # the bundled Saudi table gives every subheading of 0101 (free), the country file a
    # general regime that is not covered: the heading prices from its lines
    book = load_rules()
    found = book.duty("SA", "0101", "CN", ON)
    assert found.mfn.rate == Decimal("0") and found.mfn.ref.file.endswith("tariffs/SA.yaml")
