"""Section 232 semiconductors: the provisions of U.S. note 39(b) read from the real notes text,
the entries written for them (charged only on goods declared semiconductor articles), the
other Section 232 duties such an article is spared, and what a quote pays with the bundled
tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.landed.duty import UNDECLARED
from pricing_engine.rules import load_rules
from pricing_engine.rules.model import AdditionalEntry
from pricing_engine.tariff.us_section232 import NAME as METALS
from pricing_engine.tariff.us_section232 import WOOD
from pricing_engine.tariff.us_semiconductors import (
    NAME,
    START,
    USE,
    read_note39,
    semiconductor_entries,
)
from pricing_engine.tariff.us_vehicle_parts import PARTS
from tests.tariff.conftest import FL, duties, notes_excerpt, us_quote

D = Decimal


def _text() -> str:
    return notes_excerpt("ch99_note39_sample.txt")


@pytest.fixture(scope="module")
def read() -> Any:
    return read_note39(_text(), "sample")


def test_the_list_is_read_whole(read: Any) -> None:
    assert read.problems == ()
    assert read.lists == {"39(b)": ("847150", "847180", "847330")}


def test_a_text_naming_the_heading_without_its_list_is_a_problem() -> None:
    text = _text()
    cut = text[:text.index("8471.50")] + text[text.index("To be included within"):]
    problems = read_note39(cut, "cut").problems
    assert [(p.hs, p.column, p.text) for p in problems] == [("9903.79.01", "list", "39(b)")]


def test_a_revision_stating_another_rate_is_a_problem() -> None:
    text = _text()
    assert "+25%" in text
    problems = read_note39(text.replace("+25%", "+50%"), "edited").problems
    assert [(p.hs, p.column, p.text) for p in problems] == [("9903.79.01", "rate", "+ 50%")]
    assert "25" in problems[0].reason


def test_another_revision_without_the_note_writes_nothing() -> None:
    read = read_note39("33. (a) another revision's notes, without note 39\n", "old")
    assert read.problems == ()
    assert semiconductor_entries(read, ())[0] == []


def test_the_entries_are_for_declared_semiconductor_articles(read: Any) -> None:
    written, kept, counts = semiconductor_entries(read, ())
    assert kept == [] and counts["Section 232 semiconductors: provisions"] == 3
    assert {e.hs for e in written} == {"847150", "847180", "847330"}
    for entry in written:
        assert (entry.name, entry.rate, entry.valid_from, entry.valid_to) == (
            NAME, D("0.25"), date(2026, 1, 15), None)
        assert entry.only_for_use == USE and entry.except_for_use is None
        assert entry.origins is None and entry.except_origins == ()  # every country
        assert entry.applies_with_preference  # 39(a): on top of any special rate
        assert "9903.79.03-.09" in (entry.note or "")  # the exempt uses are named


def _entry(name: str, hs: str, start: date, end: date | None = None, **more: Any
           ) -> AdditionalEntry:
    return AdditionalEntry(name=name, hs=hs, rate=D("0.25"), valid_from=start, valid_to=end,
                           source="s", **more)


def test_the_duties_note_39a_names_spare_semiconductor_articles(read: Any) -> None:
    parts = _entry(PARTS, "8471", date(2025, 5, 3), only_for_use="vehicle_part")
    late = _entry(PARTS, "847330", date(2026, 3, 1))
    metals = _entry(METALS, "84715001", date(2026, 4, 6), except_for_use="vehicle_part")
    wood = _entry(WOOD, "8471", date(2025, 10, 14))  # not among the duties of 39(a)
    ended = _entry(PARTS, "847180", date(2025, 5, 3), date(2025, 12, 31))
    elsewhere = _entry(PARTS, "8501", date(2025, 5, 3), only_for_use="vehicle_part")
    _, kept, counts = semiconductor_entries(read, [parts, late, metals, wood, ended, elsewhere])
    # the parts duty on computers: as before until the day before, then not on the chips
    before, after = [e for e in kept if e.name == PARTS and e.hs == "8471"]
    assert (before.valid_from, before.valid_to, before.except_for_use) == (
        date(2025, 5, 3), date(2026, 1, 14), None)
    assert (after.valid_from, after.valid_to, after.except_for_use, after.only_for_use) == (
        START, None, (USE,), "vehicle_part")
    assert "note 39(a)" in (after.note or "")
    # an entry beginning after the day is excepted whole
    assert [(e.valid_from, e.except_for_use) for e in kept if e.hs == "847330"] == [
        (date(2026, 3, 1), (USE,))]
    # one excepting another use already excepts both; the others untouched
    assert [e.except_for_use for e in kept if e.name == METALS] == [("vehicle_part", USE)]
    assert wood in kept and ended in kept and elsewhere in kept
    assert counts["Section 232 semiconductors: entries of another duty not charged on "
                  "semiconductor articles"] == 3


@pytest.fixture(scope="module")
def bundled_engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


@pytest.mark.parametrize(("hs", "origin", "line", "expected"), [
    # a processing unit of Taiwan declared a semiconductor article of 9903.79.01: + 25 %; it
    # is not charged the vehicle parts duty even where it is a vehicle part (39(a)(2))
    ("8471.50.01", "TW", {"uses": [USE]}, {"MFN duty": D("0.00"), NAME: D("250.00")}),
    ("8471.50.01", "TW", {"uses": [USE, "vehicle_part"]},
     {"MFN duty": D("0.00"), NAME: D("250.00")}),
    # a vehicle part that is not such a chip pays the parts duty
    ("8471.50.01", "TW", {"uses": ["vehicle_part"]},
     {"MFN duty": D("0.00"), PARTS: D("250.00")}),
    # goods declared neither (most processing units, or chips for an exempt use): no Section
    # 232 duty, so the forced-labour duty (Taiwan: up to 10 %)
    ("8471.80.10", "TW", {"uses": []}, {"MFN duty": D("0.00"), FL: D("100.00")}),
    # China: the Section 301 duty stacks on it
    ("8473.30.11", "CN", {"uses": [USE]},
     {"MFN duty": D("0.00"), "Section 301": D("250.00"), NAME: D("250.00")}),
    # Mexico under USMCA: with any preference claimed
    ("8473.30.11", "MX", {"uses": [USE], "preference": {"agreement": "USMCA", "proof": True}},
     {NAME: D("250.00")}),
    # China before 2026-01-15: no such duty, the IEEPA fentanyl duty of those days (computers
    # were exempt from the reciprocal one)
    ("8471.50.01", "CN", {"uses": [USE], "on": "2026-01-14"},
     {"MFN duty": D("0.00"), "Section 301": D("250.00"), "IEEPA fentanyl (China)": D("100.00"),
      "IEEPA reciprocal": D("0.00")}),
    # from 2026-01-15 a semiconductor article is spared the fentanyl duty (39(a)(8)) ...
    ("8471.50.01", "CN", {"uses": [USE], "on": "2026-02-23"},
     {"MFN duty": D("0.00"), "Section 301": D("250.00"), "IEEPA reciprocal": D("0.00"),
      NAME: D("250.00")}),
    # ... other goods of the line are not
    ("8471.50.01", "CN", {"uses": [], "on": "2026-02-23"},
     {"MFN duty": D("0.00"), "Section 301": D("250.00"), "IEEPA fentanyl (China)": D("100.00"),
      "IEEPA reciprocal": D("0.00")}),
])
def test_what_a_bundled_quote_pays(bundled_engine: LandedCostEngine, hs: str, origin: str,
                                   line: dict[str, Any], expected: dict[str, Decimal]) -> None:
    on = line.pop("on", "2026-11-20")
    got = duties(bundled_engine, us_quote(hs, origin, on=on, **line))
    assert got == expected


def test_a_line_that_does_not_declare_its_uses_is_told(bundled_engine: LandedCostEngine
                                                       ) -> None:
    line = bundled_engine.quote(us_quote("8471.50.01", "TW")).lines[0]
    chips = [c for c in line.charges if c.name == NAME]
    assert len(chips) == 1 and chips[0].amount.amount == 0
    assert chips[0].explanation.startswith(UNDECLARED)
    assert f"uses: [{USE}]" in chips[0].explanation
