"""Import the official tariff files of ../shared/data/tariffs and print what parsed, and how fast.

Run from the repository root: ``python bench/bench_tariff_import.py [DATA_DIR]``. For each file:
rows, MFN rate texts, the parsed share (the issue's bar: >= 99.5 %), unparsed counts by
reason, preference entries and the time of the import (read, parse, build; CPU and wall) and
of rendering the table. Nothing is written.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from pricing_engine.tariff import import_tariff, render_table
from pricing_engine.tariff.importers import MIN_SHARE

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


def main() -> None:
    """Import every file and print the figures."""
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED
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
        print(f"  table: {len(result.table.mfn)} MFN lines, {len(result.table.preferential)} "
              f"preference entries, {len(text) / 1e6:.2f} MB")
        reasons = Counter(f"{p.column.split()[0]}: {p.reason.split(':')[0]}"
                          for p in result.problems)
        for reason, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  unparsed {count:5d}  {reason}")
        print(f"  import {wall:.2f} s wall / {cpu:.2f} s CPU, render {render:.2f} s")


if __name__ == "__main__":
    main()
