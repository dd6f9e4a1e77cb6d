"""Section 232 duties on vehicle parts (U.S. notes 33 and 38 to subchapter III of chapter 99).

Two lists of HTS provisions pay 25 % on top of the line's duty: the automobile parts of note
33(g) (heading 9903.94.05, from 2025-05-03, Proclamation 10908) and the parts of medium- and
heavy-duty vehicles of note 38(i) (9903.74.08, from 2025-11-01, Proclamation 10984). Both are
written under one duty name, ``Section 232 vehicle parts``, so a provision on both lists is
charged once. By origin:

- Canada and Mexico: parts that qualify for USMCA are not charged (9903.94.06(i),
  9903.74.10): the entry for CA and MX does not apply where the line claims a preference;
- the deals for automobile parts: the United Kingdom 10 % on the lines of note 33(j)
  (9903.94.32/.33, from 2025-06-30; its other lines pay 25 %), the European Union
  (9903.94.44/.45, .52/.53, from 2025-08-01), Japan (.42/.43, .54/.55, from 2025-09-16) and
  Korea (.62-.65, from 2025-11-01) 15 % in all: the line's own duty brought up to that rate
  (``top_up_to``), nothing where it is already higher;
- every other origin: + 25 %, with any preference it claims (notes 33(f), 38(h)).

What a quote cannot tell is said in the entry, never assumed away; the dearer case is written:

- A listed provision pays only on parts of the vehicles the note names (9903.94.06(ii),
  9903.74.11). The provisions whose tariff text confines them to vehicles
  (:data:`VEHICLE_TEXT`: chapter 87, "of a kind used for motor vehicles", "for the
  propulsion of vehicles of chapter 87", tyres "of a kind used on motor cars", ...) are
  charged. The others (bearings, electric motors, batteries, computers, pumps) hold goods of
  every use, and charging all of them 25 % would be wrong far more often than right: their
  entries are ``only_for_use: vehicle_part``, charged where the quote line declares the
  goods vehicle parts (``uses: [vehicle_part]``); a line that does not declare its uses is
  not charged and its result says so (GOODS_USE_UNDECLARED). On those provisions the metals
  and wood entries are ``except_for_use: vehicle_part`` from the day the parts duty began.
- A line on both lists (a provision of one, or under a provision of the other): a part of a
  medium- or heavy-duty vehicle pays 25 % whatever its origin; from 2025-11-01 that is
  written, the deals of the automobile parts not.
- A part charged here is not subject to the Section 232 metals or wood duties (notes
  33(f)(1), (4) and 38(h)(1), (4)): on those provisions the metals and wood entries are cut
  at the day the parts duty began, and nothing is due under them afterwards, except for
  goods of Canada and Mexico claimed under USMCA (``applies_without_preference: false``): a
  USMCA part pays the metals duty instead of the parts duty, one not claimed the parts duty
  alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from pricing_engine.rules.fields import SourceModel
from pricing_engine.rules.model import AdditionalEntry, GoodsUse
from pricing_engine.tariff.us_section232 import (
    NAME,
    WOOD,
    Section232,
    ended_before,
    noted,
    read_subdivisions,
)

__all__ = ["PARTS", "SOURCE", "VEHICLE_TEXT", "read_parts_lists", "vehicle_parts_entries"]

PARTS = "Section 232 vehicle parts"
SOURCE = "usitc-hts-ch99-parts"
SOURCES = (
    SourceModel(id=SOURCE, title="USITC Harmonized Tariff Schedule, Chapter 99, subchapter III "
                "U.S. notes 33(f)-(h), (j) (automobile parts: headings 9903.94.05-.07, UK "
                "9903.94.32/.33, EU .44/.45/.52/.53, Japan .42/.43/.54/.55, Korea .62-.65) "
                "and 38(h)-(l) (parts of medium- and heavy-duty vehicles: 9903.74.08-.11); "
                "Proclamations 10908 (automobile parts from 2025-05-03) and 10984 (truck parts "
                "from 2025-11-01); deals in force for automobile parts from 2025-06-30 (UK), "
                "2025-08-01 (EU), 2025-09-16 (Japan), 2025-11-01 (Korea)",
                url="https://hts.usitc.gov/"),
)

D = Decimal
AUTO_START = date(2025, 5, 3)
TRUCK_START = date(2025, 11, 1)
USMCA = ("CA", "MX")
#: The use a quote line declares for goods of a provision of every use to pay the duty.
USE: GoodsUse = "vehicle_part"


@dataclass(frozen=True, slots=True)
class _Deal:
    origin: str
    start: date
    rate: Decimal
    headings: str


#: The automobile-parts deals: the line's duty brought up to ``rate`` in all.
DEALS = (
    _Deal("GB", date(2025, 6, 30), D("0.10"), "9903.94.32/.33 (10 %)"),
    _Deal("EU", date(2025, 8, 1), D("0.15"), "9903.94.44/.45, .52/.53 (15 % in all)"),
    _Deal("JP", date(2025, 9, 16), D("0.15"), "9903.94.42/.43, .54/.55 (15 % in all)"),
    _Deal("KR", date(2025, 11, 1), D("0.15"), "9903.94.62-.65 (15 % in all)"),
)

#: HTS provisions whose tariff text confines the goods to vehicles (the heading, subheading
#: or statistical line says so: "of a kind used for motor vehicles", "for the propulsion of
#: vehicles of chapter 87", "brake hoses for the vehicles of ...", "suitable for motor
#: vehicles", "of a kind used on motor cars", "... on buses or trucks"), with chapter 87.
#: ``bench/bench_tariff_import.py`` checks the listed provisions it selects against the
#: descriptions of the HTS JSON export.
VEHICLE_TEXT = (
    "87", "4009120020", "4009220020", "4009320020", "4009420020", "401110", "401120",
    "40122060", "401310", "4016996010", "700721", "700910", "73201030", "73201060",
    "73202010", "830120", "83021030", "830230", "84073", "840820", "8409911040",
    "8409991040", "8414308030", "8414596540", "841520", "842549", "842691", "8483101030",
    "8512", "85198120", "852721", "852729", "8539100010", "8539100050", "854430", "940120",
)

#: Note subdivision -> the text that opens it and the one that opens the next.
_SUBDIVISIONS = {
    "33(g)": ("(g) Subject to a manufacturer's import adjustment offset amount",
              "(h) Heading 9903.94.06"),
    "33(j)": ("(j) Heading 9903.94.32 sets forth", "Any automotive part, except those eligible"),
    "38(i)": ("(i) The rates of duty set forth in heading 9903.74.08", "(j) Heading 9903.74.09"),
}
_HEADINGS = {"33(g)": "9903.94.05", "33(j)": "9903.94.32", "38(i)": "9903.74.08"}


def read_parts_lists(text: str, name: str) -> Section232:
    """The provisions of notes 33(g) (automobile parts), 33(j) (the automobile parts of the
    UK's deal, 10-digit lines) and 38(i) (truck parts)."""
    return read_subdivisions(text, name, _SUBDIVISIONS, _HEADINGS.__getitem__)


def vehicle_parts_entries(read: Section232, others: Iterable[AdditionalEntry]
                          ) -> tuple[list[AdditionalEntry], list[AdditionalEntry],
                                     Counter[str]]:
    """The ``Section 232 vehicle parts`` entries of the lists, ``others`` (the metals and wood
    entries) with the provisions the parts duty takes over cut (see the module), and counts
    for the import summary."""
    auto, truck = set(read.lists.get("33(g)", ())), set(read.lists.get("38(i)", ()))
    uk = set(read.lists.get("33(j)", ()))
    summary: Counter[str] = Counter()
    written: dict[str, date] = {}  # provisions of vehicles only: the day their duty began
    every: dict[str, date] = {}  # provisions of every use: the same, for declared parts
    out: list[AdditionalEntry] = []
    for code in sorted(auto | truck):
        use = None if code.startswith(VEHICLE_TEXT) else USE
        summary["Section 232 vehicle parts: provisions written" if use is None else
                "Section 232 vehicle parts: provisions of every use, written for goods "
                "declared vehicle parts"] += 1
        # a provision of the automobile list under one of the truck list is on both (a truck
        # list provision under one of the automobile list has nothing of its own before the
        # truck duty began: the shorter one answers for those days)
        deals = tuple(d for d in DEALS if d.origin != "GB" or code in uk) \
            if code in auto else ()
        out += _timeline(code, code in auto, _on(code, truck), deals, use)
        (written if use is None else every)[code] = AUTO_START if code in auto else TRUCK_START
    # the UK's 10 % is for the lines of note 33(j): each its own entry, where it is not a
    # provision of the automobile list (whose timeline has it); other lines pay 25 %
    uk_deal = next(d for d in DEALS if d.origin == "GB")
    for line in sorted(uk - auto):
        use = None if line.startswith(VEHICLE_TEXT) else USE
        out.append(AdditionalEntry(
            name=PARTS, hs=line, source=SOURCE, confidence="medium", origins=("GB",),
            top_up_to=uk_deal.rate, valid_from=uk_deal.start, only_for_use=use,
            valid_to=TRUCK_START - timedelta(days=1) if _on(line, truck) else None,
            note=f"note 33(j), 9903.94.32: a UK line, {uk_deal.headings}{_use_note(use)}"))
    kept, cut, shared = _cut(list(others), written, every)
    summary["Section 232 vehicle parts entries written"] = len(out)
    summary["Section 232 metals and wood: provisions left to the vehicle parts duty"] = cut
    summary["Section 232 metals and wood: provisions left to the vehicle parts duty on "
            "goods declared vehicle parts"] = shared
    return out, kept, summary


def _use_note(use: str | None) -> str:
    """What an entry of a provision of every use adds to its note."""
    return "" if use is None else (
        f"; goods of every use: only on those declared vehicle parts (uses: [{use}])")


def _on(code: str, provisions: set[str]) -> bool:
    """Whether ``code`` is one of ``provisions`` or under one (then its own entries, which win
    over shorter ones, must say what the shorter one charges)."""
    return any(code.startswith(p) for p in provisions)


def _timeline(code: str, auto: bool, truck: bool, deals: tuple[_Deal, ...],
              use: GoodsUse | None = None) -> list[AdditionalEntry]:
    start = AUTO_START if auto else TRUCK_START
    where = " and ".join(text for flag, text in ((auto, "note 33(g), 9903.94.05"),
                                                  (truck, "note 38(i), 9903.74.08")) if flag)
    outside = ", ".join(h for flag, h in ((auto, "9903.94.06(ii)"), (truck, "9903.74.11"))
                        if flag)
    named = (f"; charged unless not a part of the vehicles named ({outside})" if use is None
             else _use_note(use))
    common: dict[str, Any] = {"name": PARTS, "hs": code, "source": SOURCE,
                              "confidence": "medium", "only_for_use": use}
    # a provision on both lists: from the truck duty's first day a part of a heavy vehicle
    # pays 25 % from every origin, the dearer case
    last = TRUCK_START - timedelta(days=1) if auto and truck else None
    bounds = sorted({start, *(d.start for d in deals if last is None or d.start <= last),
                     *((TRUCK_START,) if last is not None else ())})
    out = []
    for k, begin in enumerate(bounds):
        end = bounds[k + 1] - timedelta(days=1) if k + 1 < len(bounds) else None
        dealt = tuple(d.origin for d in deals if d.start <= begin
                      and (last is None or begin <= last))
        both = ("; a truck part pays 25 % from every origin: the deals are not written"
                if auto and truck and end is None else "")
        out.append(AdditionalEntry(**common, rate=D("0.25"), valid_from=begin, valid_to=end,
                                   except_origins=(*USMCA, *dealt),
                                   note=f"{where}: + 25 %{both}{named}"))
    for deal in deals:
        if last is not None and deal.start > last:
            continue
        out.append(AdditionalEntry(
            **common, origins=(deal.origin,), top_up_to=deal.rate, valid_from=deal.start,
            valid_to=last, note=f"{where}; {deal.origin}: {deal.headings}{named}"))
    out.append(AdditionalEntry(
        **common, origins=USMCA, rate=D("0.25"), applies_with_preference=False,
        valid_from=start, note=f"{where}: + 25 %, not on USMCA parts (9903.94.06(i), "
                               f"9903.74.10): not where the line claims the preference{named}"))
    return out


def _cut(entries: list[AdditionalEntry], written: dict[str, date], every: dict[str, date]
         ) -> tuple[list[AdditionalEntry], int, int]:
    """``entries`` with the metals and wood duties taken off the provisions ``written`` from
    the day the parts duty began, and off goods declared vehicle parts under the provisions
    of ``every`` use; the number of provisions of each kind cut."""
    by_key: dict[tuple[str, str], list[AdditionalEntry]] = defaultdict(list)
    for entry in entries:
        by_key[entry.name, entry.hs].append(entry)
    codes = sorted(written)
    out: list[AdditionalEntry] = []
    cut = shared = 0
    for (name, hs), group in by_key.items():
        if name not in (NAME, WOOD):
            out += group
            continue
        # the longest written provision a line of ``hs`` is under, if any
        under = [c for c in codes if hs.startswith(c)]
        # a provision of every use: from the first day a line of ``hs`` paid as a part
        any_use = [start for c, start in every.items() if hs.startswith(c)]
        if under:
            cut += 1
            out += _spliced(group, written[max(under, key=len)])
        elif any_use:
            shared += 1
            out += _spliced(group, min(any_use), USE)
        else:
            out += group
        # written provisions under ``hs`` whose lines no longer code of the duty holds
        for code in codes:
            if code.startswith(hs) and code != hs and not _held(by_key, name, hs, code):
                cut += 1
                out += _zero(name, code, written[code])
    return out, cut, shared


def _held(by_key: dict[tuple[str, str], list[AdditionalEntry]], name: str, hs: str,
          code: str) -> bool:
    """Whether a longer code than ``hs`` of duty ``name`` is a prefix of ``code`` (then that
    code's own entries are cut)."""
    return any(code.startswith(other) and len(other) > len(hs) for (n, other) in by_key
               if n == name)


def _spliced(group: list[AdditionalEntry], start: date, use: GoodsUse | None = None
             ) -> list[AdditionalEntry]:
    """One code's entries of a duty, ended the day before ``start``; from then on nothing
    is due but for goods of Canada and Mexico, which keep the entries' terms. With ``use``
    (a provision of every use), the other origins keep them too, except on goods a line
    declares of that use."""
    out: list[AdditionalEntry] = []
    for entry in group:
        if entry.valid_to is not None and entry.valid_to < start:
            out.append(entry)
            continue
        out += ended_before(entry, start)
        begin = max(start, entry.valid_from or start)
        kept = tuple(o for o in USMCA if o not in entry.except_origins) \
            if entry.origins is None else tuple(o for o in entry.origins if o in USMCA)
        if kept:  # of a vehicle-only provision, only a USMCA part (claimed) pays it
            usmca = {} if use is not None else {
                "applies_without_preference": False, "note": noted(entry.note, _USMCA_NOTE)}
            out.append(_copy(entry, origins=kept, except_origins=(), valid_from=begin,
                             **usmca))
        if use is None:
            continue
        declared = {"valid_from": begin, "except_for_use": use,
                    "note": noted(entry.note, _DECLARED_NOTE)}
        if entry.origins is None:
            out.append(_copy(entry, except_origins=tuple(sorted({*entry.except_origins,
                                                                  *USMCA})), **declared))
        elif others := tuple(o for o in entry.origins if o not in USMCA):
            out.append(_copy(entry, origins=others, **declared))
    if use is None:
        out += _zero(group[0].name, group[0].hs, start)
    return out


#: What the note of a metals or wood entry adds: kept by CA and MX on a vehicle part ...
_USMCA_NOTE = (f"CA, MX: only on a part claimed under USMCA, which pays no {PARTS} "
               "(9903.94.06(i), 9903.74.10); one not claimed pays that duty instead")
#: ... and not due on goods declared vehicle parts.
_DECLARED_NOTE = (f"not on goods declared vehicle parts (uses: [{USE}]): {PARTS} instead "
                  "(notes 33(f), 38(h))")


def _zero(name: str, code: str, start: date) -> list[AdditionalEntry]:
    """Nothing of duty ``name`` at ``code`` from ``start`` but for goods of CA and MX: notes
    33(f) and 38(h) say so, hence their source."""
    return [AdditionalEntry(
        name=name, hs=code, rate=D("0"), except_origins=USMCA, valid_from=start, source=SOURCE,
        confidence="medium",
        note=f"{PARTS} instead (notes 33(f), 38(h)); CA, MX keep it (USMCA parts)")]


def _copy(entry: AdditionalEntry, **update: Any) -> AdditionalEntry:
    data = entry.model_dump(exclude_unset=True)
    data.update(update)
    return AdditionalEntry.model_validate(data)
