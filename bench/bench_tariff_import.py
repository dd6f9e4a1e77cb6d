"""Import the official tariff files of ../shared/data/tariffs and print what parsed, and how fast.

Run from the repository root: ``python bench/bench_tariff_import.py [DATA_DIR]``. For each
schedule: rows, MFN rate texts, the parsed share (the issue's bar: >= 99.5 %), the unparsed
texts by category (for a unit the rule format has no ``per`` for, by the quantity it needs),
preference entries, and the time of the import (read, parse, build; CPU and wall) and of
rendering the table. Then the Chapter 99 notes: Section 301 lines per list and entries
written, checked against the HTS JSON's Chapter 99 rows (each heading's rate) and against the
derived product lists (us/derived/s301_product_lists.csv, not official). Nothing is written.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from pricing_engine.tariff import import_tariff, render_table
from pricing_engine.tariff.importers import MIN_SHARE, chapter99_table
from pricing_engine.tariff.rates import category, plain
from pricing_engine.tariff.us_automobiles import RATE as AUTO_RATE
from pricing_engine.tariff.us_automobiles import UK_RATE
from pricing_engine.tariff.us_chapter99 import import_chapter99
from pricing_engine.tariff.us_section232 import START as START_232
from pricing_engine.tariff.us_section301 import HEADINGS
from pricing_engine.tariff.us_semiconductors import HEADING as CHIPS_HEADING
from pricing_engine.tariff.us_semiconductors import RATE as CHIPS_RATE
from pricing_engine.tariff.us_vehicle_parts import VEHICLE_TEXT, read_parts_lists

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tariffs"

#: (format, file under the data dir, --effective when the file is not a known revision)
RUNS: list[tuple[str, str, date | None]] = [
    ("us-hts-json", "us/hts_2026_rev_10.json.gz", None),
    ("us-hts-json", "us/hts_2025_rev_32.json.gz", None),
    ("us-hts-json", "us/hts_2025_basic.json.gz", None),
    ("us-hts-csv", "us/hts_2026_revision_4_csv.csv.gz", date(2026, 2, 1)),
    ("uk-gt-csv", "uk/global-uk-tariff.csv", None),
    ("eu-cet", "uk/global-uk-tariff.csv", None),
]
NOTES = "us/chapter99_us_notes_2026_rev_6.txt.gz"
HTS = "us/hts_2026_rev_10.json.gz"
DERIVED = "us/derived/s301_product_lists.csv"
DERIVED_232 = "us/derived/s232_annex_products.csv"


def _kind(reason: str) -> str:
    """The category of a reason, with the quantity a unit needs (``... : litre_alcohol``)."""
    if reason.startswith("unit not in the rule format: "):
        return f"{category(reason)}: {reason.split(': ', 1)[1].split(' (')[0]}"
    return category(reason)


def schedules(data: Path) -> None:
    """Import every schedule and print its figures."""
    for fmt, name, effective in RUNS:
        wall, cpu = time.perf_counter(), time.process_time()
        result = import_tariff(fmt, data / name, effective=effective)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        start = time.perf_counter()
        text = render_table(result.table)
        render = time.perf_counter() - start
        parsed, lines = result.counts
        print(f"{fmt} {name}")
        print(f"  rows {result.summary.get('rows', 0)}, MFN rate texts {lines}, "
              f"parsed {parsed} ({result.share * 100:.2f} %), "
              f"{'PASS' if result.share >= MIN_SHARE else 'BELOW 99.5 %'}")
        print(f"  table: {len(result.table.mfn)} MFN entries, "
              f"{len(result.table.preferential)} preference entries, {len(text) / 1e6:.2f} MB")
        for key in sorted(k for k in result.summary if k.startswith("seasonal")):
            print(f"  {key}: {result.summary[key]}")
        reasons = Counter(f"{p.column.split()[0]}: {_kind(p.reason)}" for p in result.problems)
        for reason, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  unparsed {count:5d}  {reason}")
        print(f"  import {wall:.2f} s wall / {cpu:.2f} s CPU, render {render:.2f} s")


def chapter99(data: Path) -> None:
    """Read the Chapter 99 notes and check them against the HTS JSON and the derived lists."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = import_chapter99(data / NOTES)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    text = render_table(chapter99_table(result))
    print(f"us-ch99 {NOTES}")
    for key, count in sorted(result.summary.items()):
        print(f"  {key}: {count}")
    eight = {e.hs for e in result.additional if len(e.hs) == 8}
    confidence = Counter(e.confidence for e in result.additional)
    print(f"  8-digit lines {len(eight)}, 10-digit lines "
          f"{len({e.hs for e in result.additional}) - len(eight)}; entries by confidence "
          f"{dict(sorted(confidence.items()))}; problems {len(result.problems)}")
    for problem in result.problems:
        print(f"  problem: {problem}")
    print(f"  import {wall:.2f} s wall / {cpu:.2f} s CPU, table {len(text) / 1e6:.2f} MB")
    _check_rates(data / HTS)
    _check_vehicle_rates(data / HTS)
    _check_derived(data / DERIVED, result.additional)
    _check_232(data / DERIVED_232, result.additional)
    _check_vehicle_text(data / HTS, data / NOTES)


def _check_232(path: Path, entries: tuple[object, ...]) -> None:
    """The Section 232 metals provisions by list group against the derived (parsed, not
    official) annexes of the April 2026 proclamation: annex 1a ~ lists (i)-(v), 1b ~
    (vi)-(viii), 3 ~ (ix)-(x); codes compared with trailing zeros dropped."""
    def key(code: str) -> str:
        return code.rstrip("0") or "0"
    groups: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if getattr(entry, "name", "") != "Section 232 metals" or \
                getattr(entry, "valid_from", None) != START_232:
            continue
        note = getattr(entry, "note", "") or ""
        group = ("C" if "9903.82.10" in note else "B" if "9903.82.09" in note or
                 "9903.82.05" in note else "A")
        groups[group].add(key(entry.hs))  # type: ignore[attr-defined]
    annexes: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            annexes[row["annex"]].add(key(row["hts_prefix"]))
    for group, annex in (("A", "1a"), ("B", "1b"), ("C", "3")):
        ours, theirs = groups[group], annexes[annex]
        print(f"  Section 232 lists group {group} vs derived annex {annex}: ours {len(ours)}, "
              f"derived {len(theirs)}, both {len(ours & theirs)}, only ours "
              f"{len(ours - theirs)}, only derived {len(theirs - ours)}")


def _check_rates(path: Path) -> None:
    """Each heading's current rate against the HTS JSON's Chapter 99 row (``... + 25%``)."""
    rows = {r["htsno"]: r for r in json.loads(gzip.decompress(path.read_bytes()))}
    bad = []
    for heading, facts in HEADINGS.items():
        general = rows.get(heading, {}).get("general") or ""
        match = re.search(r"(?:\+|plus)\s*(\d+(?:\.\d+)?)%", general)
        stated = Decimal(match[1]) / 100 if match else None
        current = facts.rates[-1][1] if facts.rates else Decimal("0.15")  # 4B: as published
        if stated != current:
            bad.append(f"{heading}: HTS JSON {general!r}, table {current}")
    print(f"  headings vs {path.name}: {len(HEADINGS) - len(bad)} of {len(HEADINGS)} agree"
          + "".join(f"\n    {b}" for b in bad))


def _check_vehicle_rates(path: Path) -> None:
    """The passenger-vehicle headings the Section 232 autos entries are written from, against
    the HTS JSON's rows: 9903.94.01 (+ 25 %), .31 (UK, + 7.5 %), and the deals' pairs (.40/.41
    Japan, .50/.51 EU, .60/.61 Korea): the line's duty where it is 15 % or more, 15 % where
    it is less (``top_up_to: 0.15``); and the semiconductor articles' 9903.79.01 (+ 25 %)."""
    rows = {r["htsno"]: r.get("general") or "" for r in
            json.loads(gzip.decompress(path.read_bytes()))}
    expected = {heading: f"+{plain(rate * 100)}%"
                for heading, rate in (("9903.94.01", AUTO_RATE), ("9903.94.31", UK_RATE),
                                      (CHIPS_HEADING, CHIPS_RATE))}
    for at_least, below in (("9903.94.40", "9903.94.41"), ("9903.94.50", "9903.94.51"),
                            ("9903.94.60", "9903.94.61")):
        expected[at_least] = "the duty provided in the applicable subheading"
        expected[below] = "15%"
    bad = [f"{h}: HTS JSON {rows.get(h)!r}, expected {want!r}" for h, want in expected.items()
           if want not in " ".join(rows.get(h, "").lower().replace("+ ", "+").split())]
    print(f"  vehicle and semiconductor headings vs {path.name}: "
          f"{len(expected) - len(bad)} of {len(expected)} "
          "agree" + "".join(f"\n    {b}" for b in bad))


def _check_derived(path: Path, entries: tuple[object, ...]) -> None:
    """The 8-digit lines per list against the derived (parsed, not official) product lists."""
    derived: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            derived[row["ch99_code"]].add(row["hts8"])
    mine: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        note = getattr(entry, "note", "") or ""
        for heading in re.findall(r"heading (9903\.\d\d\.\d\d)", note):
            mine[heading].add(entry.hs[:8])  # type: ignore[attr-defined]
    for heading in ("9903.88.01", "9903.88.02", "9903.88.03", "9903.88.15"):
        ours, theirs = mine[heading], {c for c in derived[heading] if not c.startswith("98")}
        print(f"  {heading} vs derived list: ours {len(ours)}, derived {len(theirs)}, "
              f"only ours {len(ours - theirs)}, only derived {len(theirs - ours)}")


#: Words of a tariff description that confine the goods to vehicles.
_VEHICLE_WORDS = re.compile(r"vehicle|motor car|chapter 87|buses or trucks", re.IGNORECASE)


def vehicle_text_disagreements(hts: Path, notes: Path) -> tuple[int, int, list[str]]:
    """The parts-list provisions charged whatever the line declares (``VEHICLE_TEXT``; the
    others only on goods declared vehicle parts) against those whose description in the HTS
    JSON (the line and every level above it) names vehicles: (listed, charged always, the
    provisions where the two disagree)."""
    rows = json.loads(gzip.decompress(hts.read_bytes()))
    described: dict[str, str] = {}
    chain: list[str] = []
    for row in rows:
        indent = int(row.get("indent") or 0)
        chain = [*chain[:indent], row.get("description") or ""]
        code = (row.get("htsno") or "").replace(".", "")
        if code:
            described.setdefault(code, " | ".join(chain))
    read = read_parts_lists(gzip.decompress(notes.read_bytes()).decode("cp1252"), notes.name)
    listed = {c for key in ("33(g)", "38(i)") for c in read.lists.get(key, ())}
    in_order = sorted(described.items())  # a provision above the lines: its first line's text
    disagree = []
    for code in sorted(listed):
        text = described.get(code) or next(
            (d for c, d in in_order if c.startswith(code)), "")
        by_text = code.startswith("87") or bool(_VEHICLE_WORDS.search(text))
        if by_text != code.startswith(VEHICLE_TEXT):
            disagree.append(f"{code} charged always={not by_text}: {text[-90:]}")
    return len(listed), sum(c.startswith(VEHICLE_TEXT) for c in listed), disagree


def _check_vehicle_text(hts: Path, notes: Path) -> None:
    listed, always, disagree = vehicle_text_disagreements(hts, notes)
    print(f"  vehicle parts: {listed} listed provisions, {always} charged always, "
          f"{listed - always} only on goods declared vehicle parts; against the HTS "
          f"JSON descriptions: {len(disagree)} disagree"
          + "".join(f"\n    {d}" for d in disagree))


def main() -> None:
    """Import every file and print the figures."""
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED
    schedules(data)
    chapter99(data)


if __name__ == "__main__":
    main()
