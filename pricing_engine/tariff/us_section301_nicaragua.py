"""The Section 301 duty on products of Nicaragua (U.S. note 29 to subchapter III of chapter 99,
heading 9903.89.01).

USTR's action of December 2025 (implemented by its notice of 2025-12-29) adds a duty to every
product of Nicaragua entered at the column 1-general rate, phased in by subdivision (b) of the
note: 0 % in 2026, 10 % in 2027, 15 % from 2028-01-01. Originating goods under CAFTA-DR are
not subject to it (29(a)): the entry applies only where the line claims no preference
(``applies_with_preference: false``), as the note's "column 1-general" says.

The phases are read from the note's text, so that a revision that changes them changes the
table: a text naming heading 9903.89.01 whose phases cannot be read is an import problem,
never a silent nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

from pricing_engine.rules.fields import SourceModel
from pricing_engine.rules.model import AdditionalEntry
from pricing_engine.tariff.rates import plain
from pricing_engine.tariff.table import Problem
from pricing_engine.tariff.us_section232 import flat_text

__all__ = ["HEADING", "NAME", "SOURCE", "SOURCES", "Phase", "nicaragua_entries", "read_note29"]

NAME = "Section 301 (Nicaragua)"
HEADING = "9903.89.01"
SOURCE = "usitc-hts-ch99-note29"
SOURCES = (
    SourceModel(id=SOURCE, title="USITC Harmonized Tariff Schedule, Chapter 99, subchapter III "
                "U.S. note 29 and heading 9903.89.01 (Section 301 action on Nicaragua: USTR "
                "determination of December 2025, notice of 2025-12-29; CAFTA-DR originating "
                "goods excepted)", url="https://hts.usitc.gov/"),
)

_OPENING = "(b) The additional rates of duty that apply to articles the product of Nicaragua"
_DAY = r"([A-Z][a-z]+ \d{1,2}, \d{4})"
#: "from January 1, 2027, though December 31, 2027, ...... 10%" (sic: "though")
_PERIOD = re.compile(rf"from {_DAY},? (?:through|though|to) {_DAY},?[ .]*(\d+(?:\.\d+)?)%")
_FROM = re.compile(rf"on or after {_DAY},?[ .]*(\d+(?:\.\d+)?)%")


@dataclass(frozen=True, slots=True)
class Phase:
    start: date
    end: date | None
    rate: Decimal


def _day(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def read_note29(text: str, name: str) -> tuple[tuple[Phase, ...], tuple[Problem, ...]]:
    """The phases of note 29(b), in order, and the problems found: none where the text does
    not name heading 9903.89.01 (another revision); one where it does and the phases cannot
    be read, or do not follow one another day after day."""
    if HEADING not in text:
        return (), ()
    flat = flat_text(text)
    start = flat.find(_OPENING)
    body = flat[start:start + 1500] if start >= 0 else ""
    end = re.search(r" \d{2}\. \(a\)", body)  # the next note
    body = body[:end.start()] if end else body
    phases = [Phase(_day(a), _day(b), Decimal(r) / 100) for a, b, r in _PERIOD.findall(body)]
    phases += [Phase(_day(a), None, Decimal(r) / 100) for a, r in _FROM.findall(body)]
    phases.sort(key=lambda p: p.start)
    ordered = all(p.end is not None and p.end + timedelta(days=1) == q.start
                  for p, q in pairwise(phases))
    if not phases or not ordered or phases[-1].end is not None:
        return (), (Problem(name, 0, HEADING, "note", "29(b)",
                            "phases of the Nicaragua duty not read: nothing written"),)
    return tuple(phases), ()


def nicaragua_entries(phases: tuple[Phase, ...]) -> list[AdditionalEntry]:
    """One entry at ``*`` for products of Nicaragua per phase."""
    return [AdditionalEntry(
        name=NAME, hs="*", origins=("NI",), rate=p.rate, valid_from=p.start, valid_to=p.end,
        applies_with_preference=False, source=SOURCE,
        note=f"U.S. note 29, heading {HEADING}: + {plain(p.rate * 100)} % on products "
             "of Nicaragua at the column 1-general rate; not on goods originating under "
             "CAFTA-DR (where the line claims the preference)")
        for p in phases]
