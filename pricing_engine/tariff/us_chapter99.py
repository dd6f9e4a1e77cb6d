"""Read the Section 301 product lists out of the Chapter 99 U.S. notes (USITC HTS text).

(The Section 232 lists of notes 16 (metals), 33 (vehicles and their parts), 35 (UK and Japanese
civil aircraft spared the metals duties), 37-38 (wood, trucks) and 39 (semiconductors), and the
Section 301 phases on Nicaragua of note 29, are read by their own modules in the same import.)

Section 301 duties on products of China are Chapter 99 headings whose product scope is a U.S.
note: note 20 to subchapter III lists the 8-digit subheadings of List 1 (heading 9903.88.01,
note 20(b)), List 2 (9903.88.02, 20(d)), List 3 (9903.88.03, 20(f); 9903.88.04, 20(g)), List 4A
(9903.88.15, 20(s)) and the suspended List 4B (9903.88.16, 20(u)); note 31 lists the lines of
the 2024 four-year review (9903.91.01-.14), each with its effective date. This module reads
those lists from the text layer of the official Chapter 99 PDF and writes one
:class:`~pricing_engine.rules.model.AdditionalEntry` timeline per line: ``name: Section 301``,
``origins: [CN]``, dated and sourced.

What the notes do not say is in :mod:`pricing_engine.tariff.us_section301`, sourced: the
rates over time (List 3 was 10 % before 2019-05-10, List 4A 15 % before 2020-02-14) come from
USTR's Federal Register notices; the rate each note states today is checked against it (a new
revision that changes a rate is a problem, not a silent old figure). A four-year-review rate
replaces the list rate of its line from its date (USTR raised the line's Section 301 rate to
it); where a line is on two lists at once the higher rate is written and the note says so.

Where the notes cannot settle a line's scope the entry says so instead of guessing: a list
item described at 10 digits ("provided for in 8517.62.00, except ... 8517.62.0010") gives the
8-digit entry ``confidence: medium`` and a 10-digit entry for each excepted line; a product
described within a line (intermodal chassis, ship-to-shore cranes) is written at that line with
``confidence: low``; List 4B is suspended and not written. USTR product exclusions (9903.88.69 /
.70, :mod:`pricing_engine.tariff.us_exclusions`) that name a whole 10-digit line are written in
that line's timeline: no duty of the list they exclude from while the exclusion is in force, the
list rate again after its last day; those that describe a product within a line need the
product's description and are named in the note, not applied.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from pricing_engine.rules.fields import Confidence, SourceModel
from pricing_engine.rules.model import AdditionalEntry
from pricing_engine.tariff._input import TariffFileError, gunzip, read_bytes
from pricing_engine.tariff.rates import plain
from pricing_engine.tariff.table import Problem
from pricing_engine.tariff.us_automobiles import SOURCES as SOURCES_AUTOS
from pricing_engine.tariff.us_automobiles import automobile_entries, read_note33
from pricing_engine.tariff.us_civil_aircraft import SOURCES as SOURCES_AIRCRAFT
from pricing_engine.tariff.us_civil_aircraft import aircraft_entries, read_note35
from pricing_engine.tariff.us_exclusions import (
    Excluded,
    Span,
    apply_exclusions,
    exclusion_entry,
    read_exclusions,
)
from pricing_engine.tariff.us_ieepa import SOURCES as SOURCES_IEEPA
from pricing_engine.tariff.us_ieepa import ieepa_entries, read_ieepa
from pricing_engine.tariff.us_section122 import SOURCES as SOURCES_122
from pricing_engine.tariff.us_section122 import read_note2aa, section122_entries
from pricing_engine.tariff.us_section232 import SOURCES as SOURCES_232
from pricing_engine.tariff.us_section232 import (
    read_note16,
    read_note37_38,
    section232_entries,
    wood_and_truck_entries,
)
from pricing_engine.tariff.us_section301 import (
    EXCLUSIONS,
    FRN_SOURCE,
    HEADINGS,
    NOTES_SOURCE,
    REVIEW,
    SOURCES,
    Heading,
)
from pricing_engine.tariff.us_section301_nicaragua import SOURCES as SOURCES_NICARAGUA
from pricing_engine.tariff.us_section301_nicaragua import nicaragua_entries, read_note29
from pricing_engine.tariff.us_semiconductors import SOURCES as SOURCES_CHIPS
from pricing_engine.tariff.us_semiconductors import read_note39, semiconductor_entries
from pricing_engine.tariff.us_vehicle_parts import SOURCES as SOURCES_PARTS
from pricing_engine.tariff.us_vehicle_parts import read_parts_lists, vehicle_parts_entries

__all__ = [
    "KNOWN_EDITIONS",
    "Chapter99Import",
    "import_chapter99",
    "import_section122",
    "parse_notes",
]

_C8 = re.compile(r"(?<![\d.:])(\d{4})\.(\d{2})\.(\d{2})(?!\.?\d)")
_C10 = re.compile(r"(?<![\d.:])(\d{4})\.(\d{2})\.(\d{4})(?!\d)")
_ITEM = re.compile(r"(?m)^\s*(\d{1,3})\.\s")
_PERCENT = re.compile(r"additional (\d+(?:\.\d+)?) percent ad valorem")
_EFFECTIVE = re.compile(r"on or after 12:01 a\.m\. eastern (?:daylight|standard) time on "
                        r"([A-Z][a-z]+ \d{1,2}, \d{4})")
#: The last day of any USTR exclusion heading (for the notes of lines it describes products of).
_EXCLUDED_UNTIL = max(e.until for e in EXCLUSIONS.values())
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(slots=True)
class _Scope:
    """What the notes put under one heading: whole lines, 10-digit lines, exceptions."""

    lines: set[str] = field(default_factory=set)
    excepted: dict[str, str] = field(default_factory=dict)  # 10-digit -> the 8-digit item
    partial: set[str] = field(default_factory=set)  # 8-digit lines with 10-digit exceptions


#: sha256 of a known notes text (uncompressed) -> (the date it was captured, what it is).
KNOWN_EDITIONS: dict[str, tuple[date, str]] = {
    "5495190b1c7d85eeed13c531a1a3512d03546e28fc82f45819175d588c320f68": (
        date(2026, 4, 28), "HTS 2026 Revision 6, Chapter 99 (text layer of the USITC PDF)"),
}


@dataclass(frozen=True, slots=True)
class Chapter99Import:
    """The additional-duty entries read from the notes, problems found, and counts."""

    additional: tuple[AdditionalEntry, ...]
    problems: tuple[Problem, ...]
    summary: dict[str, int]
    as_of: date
    file: str
    sha256: str
    sources: tuple[SourceModel, ...] = SOURCES


def _digits(match: re.Match[str]) -> str:
    return "".join(match.groups())


def _product(code: str) -> bool:
    return not code.startswith(("98", "99"))


#: Subdivision letters in order: a ... z, aa ... zz, aaa ... zzz.
_LABELS = tuple(chr(c) * n for n in (1, 2, 3) for c in range(ord("a"), ord("z") + 1))
_LABEL = re.compile(r"\(([a-z]{1,3})\)")
#: How many letters a subdivision may skip (deleted subdivisions leave no heading line).
_SKIP = 8
#: Item numbers that read as letters: a subdivision only when it is the very next letter.
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})


def _subdivisions(lines: list[str], number: int) -> dict[str, tuple[int, str]]:
    """Subdivision letter -> (first line number, text) of note ``number`` of the notes.

    A subdivision starts on a line that begins with its letter in brackets, the next ones in
    order (a few may be deleted); ``(i)`` or ``(ii)`` inside a subdivision are its own
    items, not a subdivision out of order.
    """
    start = next((i for i, line in enumerate(lines)
                  if re.match(rf"{number}\.\s*\(a\)", line.strip())), None)
    if start is None:
        return {}
    out: dict[str, tuple[int, str]] = {}
    at, first, body = 0, start, [lines[start]]
    for i in range(start + 1, len(lines)):
        if re.match(rf"{number + 1}\.\s", lines[i]):  # the next note starts at column 0
            break
        match = _LABEL.match(lines[i].strip())
        ahead = _LABELS[at + 1:at + 2 if match and match[1] in _ROMAN else at + 1 + _SKIP]
        if match and match[1] in ahead:
            out[_LABELS[at]] = (first + 1, "\n".join(body))
            at, first, body = _LABELS.index(match[1]), i, []
        body.append(lines[i])
    out[_LABELS[at]] = (first + 1, "\n".join(body))
    return out


def _scope(text: str) -> _Scope:
    """The lines a list subdivision covers: a table of codes, then items described in words
    (``1. Other printed books ..., provided for in subheading 4901.99.00, except for ...
    statistical reporting number 4901.99.0040``)."""
    scope = _Scope()
    table, _, described = text.partition("the following products of China:")
    scope.lines |= {c for m in _C8.finditer(table) if _product(c := _digits(m))}
    scope.lines |= {c for m in _C10.finditer(table) if _product(c := _digits(m))}
    marks = list(_ITEM.finditer(described))
    for k, mark in enumerate(marks):
        item = described[mark.start():marks[k + 1].start() if k + 1 < len(marks) else None]
        head, _, rest = item.partition("except")
        eight = [c for m in _C8.finditer(head) if _product(c := _digits(m))]
        if eight:
            scope.lines.add(eight[0])
            excepted = [_digits(m) for m in _C10.finditer(rest)]
            if excepted:
                scope.partial.add(eight[0])
            for code in excepted:
                scope.excepted[code] = eight[0]
        else:
            scope.lines |= {_digits(m) for m in _C10.finditer(head)}
    return scope


def _date(text: str) -> date:
    month, day, year = text.replace(",", "").split()
    return date(int(year), _MONTHS.index(month) + 1, int(day))


def parse_notes(text: str, name: str) -> tuple[dict[str, _Scope], list[Excluded],
                                               list[Problem]]:
    """Heading -> scope, the parts of the USTR exclusion notes, and problems found."""
    lines = text.splitlines()
    notes = {n: _subdivisions(lines, n) for n in (20, 31)}
    if not notes[20] or not notes[31]:
        raise TariffFileError(f"{name}: not the Chapter 99 U.S. notes (no note 20 and 31 "
                              "of subchapter III found)")
    problems: list[Problem] = []
    scopes: dict[str, _Scope] = {}
    for heading, facts in HEADINGS.items():
        number, letter = facts.note
        found = notes[number].get(letter)
        if found is None or heading not in found[1][:600].replace("9903:88", "9903.88"):
            problems.append(Problem(name, found[0] if found else 0, heading, "note",
                                    f"{number}({letter})", "subdivision not found"))
            continue
        row, body = found
        scopes[heading] = _scope(body)
        _check(problems, name, heading, facts, notes[number], row, body)
    excluded, unread = read_exclusions(text, notes[20], name)
    return scopes, excluded, [*problems, *unread]


def _check(problems: list[Problem], name: str, heading: str, facts: Heading,
           note: dict[str, tuple[int, str]], row: int, body: str) -> None:
    """Compare the rate and date the notes state with :data:`HEADINGS`."""
    if not facts.rates:
        return
    if facts.note[0] == 20:  # the rate is stated in the subdivision before the list
        before = chr(ord(facts.note[1]) - 1) if facts.note[1] != "g" else "g"
        at, text = note.get(before, (row, ""))
        stated = _PERCENT.search(text)
        if stated and Decimal(stated[1]) / 100 != facts.rates[-1][1]:
            problems.append(Problem(name, at, heading, "rate", stated[0],
                                    f"the notes state {stated[1]} %, the table "
                                    f"{plain(facts.rates[-1][1] * 100)} %: update HEADINGS"))
    elif ((when := _EFFECTIVE.search(" ".join(body.split()))) is not None
          and _date(when[1]) != facts.rates[0][0]):
        problems.append(Problem(name, row, heading, "effective", when[1],
                                    f"the notes give {when[1]}, the table "
                                    f"{facts.rates[0][0]}: update HEADINGS"))


def import_chapter99(path: Path, fmt: str = "us-ch99", *,
                     effective: date | None = None) -> Chapter99Import:
    """Read the Chapter 99 notes at ``path`` (text, gzip accepted) into Section 301 entries.

    ``effective`` dates the table (``as_of``); a known file needs none. The entries' dates
    are the headings' own.
    """
    del fmt
    text, digest = _read(path)
    as_of = _as_of(path, digest, effective)
    scopes, excluded, problems = parse_notes(text, path.name)
    spans: dict[str, list[Span]] = defaultdict(list)
    summary: Counter[str] = Counter()
    for heading, scope in scopes.items():
        facts = HEADINGS[heading]
        summary[f"{heading} {facts.label}: lines"] = len(scope.lines)
        if not facts.rates:
            continue  # suspended: nothing to write
        for code in scope.lines:
            spans[code] += _spans(facts, heading)
    for heading, scope in scopes.items():  # an excepted 10-digit line leaves its item's list
        for code, parent in scope.excepted.items():
            spans[code] += [s for s in spans.get(parent, ()) if s[3] != heading]
            summary["10-digit lines excepted from a list item"] += 1
    whole = {code for part in excluded for code in part.lines}
    added = whole - spans.keys()
    for code in whole:  # a line excluded whole gets its own timeline
        spans[code] += []
    for code in [c for c in spans if len(c) == 10]:  # inherit the 8-digit line's lists
        taken = {s[3] for s in spans[code]}
        excepted_from = {h for h, s in scopes.items() if code in s.excepted}
        spans[code] += [s for s in spans.get(code[:8], ())
                        if s[3] not in taken and s[3] not in excepted_from]
    taken_out = apply_exclusions(spans, excluded, added, summary)
    context = _Context(
        taken_out=taken_out,
        partial=frozenset(c for s in scopes.values() for c in s.partial),
        listed=frozenset(c for s in scopes.values() for c in s.lines),
        split=frozenset(c[:8] for c in spans if len(c) == 10 and c not in taken_out),
        excluded=frozenset(c for part in excluded for c in part.described))
    entries = [e for code in sorted(spans) for e in _entries(code, spans[code], context)]
    summary["entries written"] = len(entries)
    summary["lines written"] = len({e.hs for e in entries})
    section232, more_problems, counts = _section232(text, path.name)
    summary.update(counts)
    chips = read_note39(text, path.name)
    semiconductors, kept, counts = semiconductor_entries(chips, section232)
    summary.update(counts)
    aircraft = read_note35(text, path.name)
    kept, counts = aircraft_entries(aircraft, kept)
    summary.update(counts)
    phases, nicaragua_problems = read_note29(text, path.name)
    nicaragua = nicaragua_entries(phases)
    summary["Section 301 (Nicaragua): phases written"] = len(nicaragua)
    return Chapter99Import((*entries, *kept, *semiconductors, *nicaragua),
                           (*problems, *more_problems, *chips.problems, *aircraft.problems,
                            *nicaragua_problems),
                           dict(summary), as_of, path.name, digest,
                           (*SOURCES, *SOURCES_232, *SOURCES_PARTS, *SOURCES_AUTOS,
                            *SOURCES_CHIPS, *SOURCES_AIRCRAFT, *SOURCES_NICARAGUA))


def _as_of(path: Path, digest: str, effective: date | None) -> date:
    """The date of the notes read: ``effective``, or a known revision's."""
    known = KNOWN_EDITIONS.get(digest)
    as_of = effective or (known[0] if known else None)
    if as_of is None:
        raise TariffFileError(f"{path.name}: unknown Chapter 99 notes revision: give its date "
                              "with --effective")
    return as_of


def _section232(text: str, name: str) -> tuple[tuple[AdditionalEntry, ...],
                                               tuple[Problem, ...], Counter[str]]:
    """The Section 232 entries of the notes (metals, wood, trucks, vehicle parts, passenger
    vehicles and light trucks), the problems found reading them, and their counts."""
    summary: Counter[str] = Counter()
    metals = read_note16(text, name)
    more, counts = section232_entries(metals)
    summary.update(counts)
    wood = read_note37_38(text, name)
    others, counts = wood_and_truck_entries(wood, metals)
    summary.update(counts)
    parts = read_parts_lists(text, name)
    vehicle_parts, kept, counts = vehicle_parts_entries(parts, (*more, *others))
    summary.update(counts)
    vehicles = read_note33(text, name)
    autos, kept, counts = automobile_entries(vehicles, wood.lists.get("38(b)", ()), kept)
    summary.update(counts)
    return ((*kept, *vehicle_parts, *autos),
            (*metals.problems, *wood.problems, *parts.problems, *vehicles.problems), summary)


def import_section122(path: Path, fmt: str = "us-s122", *,
                       effective: date | None = None) -> Chapter99Import:
    """Read the Chapter 99 notes at ``path`` into Section 122 surcharge entries
    (:mod:`pricing_engine.tariff.us_section122`): the lists of note 2(aa), and the provisions
    the Section 232 entries of the same notes cover (:func:`_section232`), which the
    surcharge spares (the problems are note 2(aa)'s: those of the Section 232 lists are the
    ``us-ch99`` import's)."""
    del fmt
    text, digest = _read(path)
    as_of = _as_of(path, digest, effective)
    section232, _, _ = _section232(text, path.name)
    read = read_note2aa(text, path.name)
    entries, summary = section122_entries(read, section232)
    return Chapter99Import(tuple(entries), read.problems, dict(summary), as_of, path.name,
                           digest, SOURCES_122)


def import_ieepa(path: Path, fmt: str = "us-ieepa", *,
                 effective: date | None = None) -> Chapter99Import:
    """Read the Chapter 99 notes at ``path`` into the IEEPA reciprocal duties by country, and
    Brazil's and India's own IEEPA duties (:mod:`pricing_engine.tariff.us_ieepa`)."""
    del fmt
    text, digest = _read(path)
    as_of = _as_of(path, digest, effective)
    read = read_ieepa(text, path.name)
    entries, summary = ieepa_entries(read)
    return Chapter99Import(tuple(entries), read.problems, dict(summary), as_of, path.name,
                           digest, SOURCES_IEEPA)


def _read(path: Path) -> tuple[str, str]:
    """The notes' text and the sha256 of its bytes (gzip or not). The USITC text layer is
    Latin-1 (``¢`` is byte A2), so a file that is not UTF-8 is read as Windows-1252."""
    data = gunzip(read_bytes(path), path)  # each within _input.MAX_BYTES
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text, hashlib.sha256(data).hexdigest()


def _spans(facts: Heading, heading: str) -> list[Span]:
    out = []
    for i, (start, rate) in enumerate(facts.rates):
        end = facts.rates[i + 1][0] - timedelta(days=1) if i + 1 < len(facts.rates) \
            else facts.until
        out.append((start, end, rate, heading))
    return out


@dataclass(frozen=True, slots=True)
class _Context:
    """What the notes say across headings, for the notes of one line's entries."""

    taken_out: dict[str, frozenset[str]]  # line excluded whole -> the lists it left

    partial: frozenset[str]  # 8-digit lines with 10-digit exceptions in some list item
    listed: frozenset[str]  # codes a list names as such
    split: frozenset[str]  # 8-digit lines with 10-digit lines of their own timeline
    excluded: frozenset[str]  # 10-digit lines USTR exclusions describe products under


def _entries(code: str, spans: list[Span], context: _Context) -> list[AdditionalEntry]:
    """One line's timeline: at each day the highest rate of the headings then in force."""
    if not spans:  # excepted from its only list: no Section 301 duty on this line
        return []
    cuts = sorted({s[0] for s in spans} | {s[1] + timedelta(days=1) for s in spans if s[1]})
    out: list[AdditionalEntry] = []
    for k, start in enumerate(cuts):
        end = cuts[k + 1] - timedelta(days=1) if k + 1 < len(cuts) else None
        live = [s for s in spans if s[0] <= start and (s[1] is None or s[1] >= start)]
        if not live:
            continue
        rate, heading = max((s[2], s[3]) for s in live)
        entry = (exclusion_entry(code, heading, start, end, context.taken_out[code])
                 if heading in EXCLUSIONS
                 else _entry(code, heading, rate, start, end, live, context))
        if not out and heading in HEADINGS and HEADINGS[heading].label == REVIEW:
            entry = entry.model_copy(update={"note": f"{entry.note}; a list rate this line "
                                             "had before is no longer in the notes"})
        out.append(entry)
    return out


def _entry(code: str, heading: str, rate: Decimal, start: date, end: date | None,
           live: list[Span], context: _Context) -> AdditionalEntry:
    facts = HEADINGS[heading]
    number, letter = facts.note
    notes = [f"{facts.label}, heading {heading} (U.S. note {number}({letter}))"]
    confidence: Confidence = facts.confidence
    if facts.remark:
        notes.append(facts.remark)
    others = sorted({s[3] for s in live} - {heading} - EXCLUSIONS.keys())
    if others and all(HEADINGS[h].label != REVIEW for h in [heading]):
        notes.append(f"also listed under {', '.join(others)}: the higher rate is written")
    elif others:
        notes.append(f"replaces {', '.join(others)} from this date")
    if code in context.partial:
        confidence = "medium" if confidence == "high" else confidence
        notes.append("some 10-digit lines of it are excepted from the list: give the "
                     "10-digit code")
    if code in context.split:
        confidence = "medium" if confidence == "high" else confidence
        notes.append("10-digit lines under it carry another Section 301 timeline")
    carved = sorted(c for c in context.taken_out if c[:8] == code) if len(code) == 8 else []
    if carved:
        confidence = "medium" if confidence == "high" else confidence
        notes.append(f"a USTR exclusion takes {', '.join(carved[:4])}"
                     f"{' ...' if len(carved) > 4 else ''} out of the list for a time (its "
                     "own entries): give the 10-digit code")
    if code in context.taken_out:
        notes.append("10-digit line of a USTR exclusion: its 8-digit line's duty outside the "
                     "exclusion's days")
    elif len(code) == 10 and code not in context.listed:
        notes.append("10-digit line: the notes name it, not the whole 8-digit line")
    hit = sorted(c for c in context.excluded if c[:8] == code[:8] and c.startswith(code))
    if hit and start <= _EXCLUDED_UNTIL:
        notes.append(f"USTR exclusions until {_EXCLUDED_UNTIL} (9903.88.69/.70) cover "
                     f"products described under {', '.join(hit[:4])}"
                     f"{' ...' if len(hit) > 4 else ''}: not applied (they need the "
                     "product's description)")
    source = FRN_SOURCE if number == 20 else NOTES_SOURCE  # note 20 dates: USTR notices
    return AdditionalEntry(name="Section 301", hs=code, origins=("CN",), rate=rate,
                           valid_from=start, valid_to=end, source=source,
                           confidence=confidence, note="; ".join(notes))
