"""USTR product exclusions from the Section 301 duties, read from the Chapter 99 U.S. notes.

Note 20(vvv) (heading 9903.88.69) and note 20(www) (heading 9903.88.70) to subchapter III list
products of China that USTR took out of a list heading ("the additional duties provided for in
heading 9903.88.01 shall not apply to the following particular products"), each part of the
note naming the list heading(s) it excludes from. An item is one of two kinds:

- a bare statistical reporting number, ``(1) 8483.50.9040``: the whole 10-digit line is
  excluded. :func:`exclude` writes it into the line's own timeline: no duty of that list from
  the exclusion's first day through its last (:data:`~pricing_engine.tariff.us_section301.
  EXCLUSIONS`, checked against the heading's text), the list rate again after, so that an
  exclusion whose last day has passed no longer applies;
- a product described within a line, ``Pump casings and bodies (described in statistical
  reporting number 8413.91.9085 ...)``: it needs the product's description, which a quote line
  does not give, so it is not applied; the lines it names are returned for the entries' notes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pricing_engine.rules.model import AdditionalEntry
from pricing_engine.tariff.table import Problem
from pricing_engine.tariff.us_section301 import EXCLUSIONS, HEADINGS, NOTES_SOURCE

__all__ = [
    "Excluded", "Span", "apply_exclusions", "exclude", "exclusion_entry", "read_exclusions",
]

#: One heading's duty on a line: (first day, last day or None, rate, heading).
Span = tuple[date, date | None, Decimal, str]

_DAY = timedelta(days=1)
_PART = re.compile(r"^\s*(?:\([a-z]{3}\)\s*)?\((i|ii|iii|iv|v|vi|vii|viii|ix|x)\)\s+"
                   r"The U\.S\. Trade Representative determined to establish")
#: Where the last subdivision of note 20 runs into the next note: ``(21) (a)`` / ``21. (a)``.
_END = re.compile(r"^\s*(?:\(\d+\)|\d+\.)\s+\(a\)")
_ITEM = re.compile(r"^\s*\((\d{1,3})\)\s+(.*)$")
_LINE = re.compile(r"(\d{4})\.(\d{2})\.(\d{4})")
_C10 = re.compile(r"(?<![\d.])(\d{4})\.(\d{2})\.(\d{4})(?!\d)")
_LISTS = re.compile(r"excluded from the additional duties imposed by heading (9903\.\d\d\.\d\d)")
_DATE = r"([A-Z][a-z]+ \d{1,2}, \d{4})"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True, slots=True)
class Excluded:
    """What one part of an exclusion note (``vvv(i)``) takes out of which list headings."""

    heading: str  # the exclusion heading: 9903.88.69
    part: str  # the note's part: vvv(i)
    row: int  # the part's first line in the notes
    lists: frozenset[str]  # the list headings it excludes from
    lines: frozenset[str]  # 10-digit lines excluded whole (bare items)
    described: frozenset[str]  # 10-digit lines named in descriptions of products (not applied)


def _parse_date(text: str) -> date:
    month, day, year = text.replace(",", "").split()
    return date(int(year), _MONTHS.index(month) + 1, int(day))


def _check_dates(problems: list[Problem], text: str, name: str, heading: str) -> bool:
    """Whether the heading's text in the notes, where found, gives :data:`EXCLUSIONS` dates."""
    facts = EXCLUSIONS[heading]
    found = re.search(rf"(?m)^{re.escape(heading)}\s+1/\s+Effective with respect", text)
    if found is None:  # an excerpt without the heading rows: the table's dates stand
        return True
    row = text.count("\n", 0, found.start()) + 1
    words = " ".join(text[found.start():found.start() + 600].split())
    first = re.search(rf"on or after {_DATE}", words)
    last = re.search(rf"(through|before) {_DATE}", words)
    given = (_parse_date(first[1]) if first else None,
             None if last is None else _parse_date(last[2]) - (_DAY if last[1] == "before"
                                                                else timedelta()))
    if given != (facts.start, facts.until):
        problems.append(Problem(name, row, heading, "effective", words[:160],
                                f"the notes give {given[0]} to {given[1]}, the table "
                                f"{facts.start} to {facts.until}: update EXCLUSIONS"))
        return False
    return True


def _parts(body: str, letter: str) -> list[tuple[str, int, list[str]]]:
    """The note's parts ((i), (ii) ...; the whole note when it has none) with their offsets."""
    lines = body.splitlines()
    lines = lines[:next((i for i, line in enumerate(lines) if i and _END.match(line)),
                        len(lines))]
    starts = [(i, m[1]) for i, line in enumerate(lines) if (m := _PART.match(line))]
    if not starts or starts[0][0] != 0:
        starts.insert(0, (0, ""))
    bounds = [*(i for i, _ in starts), len(lines)]
    return [(f"{letter}({roman})" if roman else letter, at, lines[at:bounds[k + 1]])
            for k, (at, roman) in enumerate(starts)]


def _items(lines: list[str]) -> tuple[set[str], set[str]]:
    """The whole lines (bare items) and the lines named in descriptions of one part."""
    whole: set[str] = set()
    described: set[str] = set()
    item: list[str] = []
    for line in [*lines, "(0) end"]:
        match = _ITEM.match(line)
        if match is None:
            if item:
                item.append(line)
            continue
        if item:
            text = " ".join(" ".join(item).split())
            described |= {"".join(m.groups()) for m in _C10.finditer(text)}
        item = []
        if (bare := _LINE.fullmatch(match[2].strip())) is not None:
            whole.add("".join(bare.groups()))
        else:
            item = [match[2]]
    return whole, described


def read_exclusions(text: str, note: dict[str, tuple[int, str]],
                    name: str) -> tuple[list[Excluded], list[Problem]]:
    """The parts of the exclusion subdivisions of note 20 (``note``: letter -> (row, text)).

    A part whose list headings cannot be read, or a heading whose dates the notes give
    otherwise than :data:`EXCLUSIONS`, is a problem and is not applied.
    """
    out: list[Excluded] = []
    problems: list[Problem] = []
    for heading, facts in EXCLUSIONS.items():
        if facts.note not in note or not _check_dates(problems, text, name, heading):
            continue
        row, body = note[facts.note]
        for part, at, lines in _parts(body, facts.note):
            lists = frozenset(h for h in _LISTS.findall(" ".join(" ".join(lines).split()))
                              if HEADINGS.get(h) is not None and HEADINGS[h].rates)
            whole, described = _items(lines)
            if whole and not lists:
                problems.append(Problem(name, row + at, heading, "note", f"20({part})",
                                        "the list heading it excludes from not found: "
                                        "its lines are not excluded"))
                continue
            out.append(Excluded(heading, part, row + at, lists, frozenset(whole),
                                frozenset(described)))
    return out, problems


def exclude(spans: list[Span], excluded: Excluded) -> list[Span] | None:
    """A line's spans with those of ``excluded.lists`` cut out over the exclusion's days and a
    0 % span of the exclusion heading in their place; None when no span of those lists is in
    force on any of those days (the exclusion takes nothing out)."""
    facts = EXCLUSIONS[excluded.heading]
    out: list[Span] = []
    hit = False
    for first, last, rate, heading in spans:
        if heading not in excluded.lists or first > facts.until or (
                last is not None and last < facts.start):
            out.append((first, last, rate, heading))
            continue
        hit = True
        if first < facts.start:
            out.append((first, facts.start - _DAY, rate, heading))
        if last is None or last > facts.until:
            out.append((facts.until + _DAY, last, rate, heading))
    return [*out, (facts.start, facts.until, Decimal(0), excluded.heading)] if hit else None


def apply_exclusions(spans: dict[str, list[Span]], excluded: list[Excluded], added: set[str],
                     summary: Counter[str]) -> dict[str, frozenset[str]]:
    """Write each exclusion of a whole line into its timeline (:func:`exclude`); return line
    -> the list headings it was taken out of. A line an exclusion names that none of the lists
    it excludes from covers keeps no timeline of its own (``added``: the lines given one for
    the exclusions)."""
    applied: dict[str, frozenset[str]] = {}
    for part in excluded:
        for code in sorted(part.lines):
            lists = {s[3] for s in spans[code] if s[3] in part.lists}
            cut = exclude(spans[code], part)
            if cut is None:
                summary["USTR exclusions of 10-digit lines not on the list named"] += 1
                continue
            spans[code] = cut
            applied[code] = applied.get(code, frozenset()) | lists
            summary[f"USTR exclusions applied ({part.heading}, whole 10-digit lines)"] += 1
    for code in added - applied.keys():
        del spans[code]
    return applied


def exclusion_entry(code: str, heading: str, start: date, end: date | None,
                    lists: frozenset[str]) -> AdditionalEntry:
    """The line's Section 301 entry for days on which exclusion ``heading`` takes it out of
    ``lists``: no duty, the exclusion cited."""
    facts = EXCLUSIONS[heading]
    named = ", ".join(f"{h} ({HEADINGS[h].label})" for h in sorted(lists))
    return AdditionalEntry(
        name="Section 301", hs=code, origins=("CN",), rate=Decimal(0), valid_from=start,
        valid_to=end, source=NOTES_SOURCE,
        note=f"USTR product exclusion, heading {heading} (U.S. note 20({facts.note})): this "
             f"statistical reporting number is excluded from {named} from {facts.start} "
             f"through {facts.until}; the list rate applies again after")
