"""USTR product exclusions (9903.88.69 / .70): a whole 10-digit line pays no Section 301 duty of
its list while the exclusion is in force, and the list rate again after its last day."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.rules import load_rules
from pricing_engine.tariff.us_chapter99 import Chapter99Import, import_chapter99
from pricing_engine.tariff.us_section301 import EXCLUSIONS

D = Decimal
REV6 = date(2026, 4, 28)
#: A real row of note 20(b) (List 1) that the excerpt leaves out: 8483.50.90 is on List 1, and
#: note 20(vvv)(i) excludes its statistical line 8483.50.9040.
_LIST1_ROW = b"                   8483.40.80  8483.40.90  8483.50.60  8483.50.90\n"
#: The heading row of 9903.88.69 as the notes print it (two columns of the rate table).
_HEADING = (b"9903.88.69 1/ Effective with respect to entries on or after June 15, 2024 and"
            b"                                                       applicable\n"
            b"                      through November 9, 2026, articles the product of China, "
            b"as                                                   subheading\n")


def _notes(fixtures: Path, tmp_path: Path, heading: bytes = _HEADING) -> Path:
    """The excerpt with List 1's row of 8483.50.90 and the exclusion heading's row."""
    text = (fixtures / "ch99_notes_sample.txt").read_bytes()
    anchor = b"8413.70.20  8413.81.00  8413.82.00  8413.91.10\n"
    assert text.count(anchor) == 1
    path = tmp_path / "notes.txt"
    path.write_bytes(text.replace(anchor, anchor + _LIST1_ROW) + heading)
    return path


def _timeline(result: Chapter99Import, hs: str) -> list[tuple[date | None, date | None,
                                                                Decimal | None]]:
    return [(e.valid_from, e.valid_to, e.rate) for e in result.additional if e.hs == hs]


def test_a_whole_line_exclusion_is_no_list_duty_while_in_force(fixtures: Path,
                                                               tmp_path: Path) -> None:
    result = import_chapter99(_notes(fixtures, tmp_path), effective=REV6)
    assert result.problems == ()
    assert _timeline(result, "8483509040") == [
        (date(2018, 7, 6), date(2024, 6, 14), D("0.25")),
        (date(2024, 6, 15), date(2026, 11, 9), D("0")),  # 9903.88.69, note 20(vvv)(i)
        (date(2026, 11, 10), None, D("0.25"))]  # ended: List 1 applies again
    (excluded,) = [e for e in result.additional if e.hs == "8483509040" and e.rate == 0]
    assert "heading 9903.88.69 (U.S. note 20(vvv))" in (excluded.note or "")
    assert "excluded from 9903.88.01 (List 1)" in (excluded.note or "")
    # the 8-digit line keeps List 1 and says that a 10-digit line of it is excluded
    assert _timeline(result, "84835090") == [(date(2018, 7, 6), None, D("0.25"))]
    (line,) = [e for e in result.additional if e.hs == "84835090"]
    assert line.confidence == "medium" and "8483509040" in (line.note or "")
    # 8607.21.1000 is excluded too, but 8607.21.10 is not on the excerpt's List 1: no entry
    assert not [e for e in result.additional if e.hs.startswith("86072110")]
    assert result.summary["USTR exclusions applied (9903.88.69, whole 10-digit lines)"] == 1


def test_an_exclusion_dated_otherwise_by_the_notes_is_a_problem_not_applied(
        fixtures: Path, tmp_path: Path) -> None:
    later = _HEADING.replace(b"November 9, 2026", b"November 30, 2026")
    result = import_chapter99(_notes(fixtures, tmp_path, later), effective=REV6)
    (problem,) = result.problems
    assert (problem.hs, problem.column) == ("9903.88.69", "effective")
    assert "the notes give 2024-06-15 to 2026-11-30, the table 2024-06-15 to 2026-11-09: " \
           "update EXCLUSIONS" in str(problem)
    assert not _timeline(result, "8483509040")  # fails closed: the list rate of 84835090


@pytest.mark.parametrize(("hs", "day", "line", "rate"), [
    # soap 3401.19.0000 (List 4A, 7.5 %), excluded whole by 9903.88.69 (note 20(vvv)(iv))
    ("3401.19.0000", date(2026, 9, 1), "3401190000", D("0")),
    ("3401.19.0000", date(2026, 11, 9), "3401190000", D("0")),
    ("3401.19.0000", date(2026, 11, 10), "3401190000", D("0.075")),  # the exclusion ended
    ("3401.19.00", date(2026, 9, 1), "34011900", D("0.075")),  # 8 digits: not the line
    # 8483.50.9040 (List 1, 25 %), note 20(vvv)(i); 8483.50.9080 beside it is not excluded
    ("8483.50.9040", date(2026, 9, 1), "8483509040", D("0")),
    ("8483.50.9040", date(2026, 11, 10), "8483509040", D("0.25")),
    ("8483.50.9080", date(2026, 9, 1), "84835090", D("0.25")),
])
def test_the_shipped_rules_apply_an_exclusion_only_while_in_force(
        hs: str, day: date, line: str, rate: Decimal) -> None:
    found = load_rules().duty("US", hs, "CN", day).additional
    assert [(a.hs, a.rate) for a in found if a.name == "Section 301"] == [(line, rate)]
    assert EXCLUSIONS["9903.88.69"].until == date(2026, 11, 9)
