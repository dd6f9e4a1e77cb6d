"""Regenerate the shipped tariff tables (rules/tariffs/US.yaml, GB.yaml, EU.yaml) from the
official files in ../shared/data/tariffs, as ``pricing-engine tariff import`` does.

Run from the repository root: ``python bench/regen_tariffs.py [DATA_DIR] [--out DIR]``
(default DATA_DIR: ../shared/data, default DIR: rules). The tables are committed data; this
script is how they were made and how they are made again when a revision is published:

- US: the newest ``us/hts_2026_rev_N.json.gz`` (USITC HTS JSON export), ``us-hts-json``,
  its MFN lines that ``hts_2025_basic.json.gz`` and ``hts_2025_rev_32.json.gz`` charge alike
  dated from 2025-01-01 (those only Revision 32 charges alike from 2025-11-15), and so are
  the preferences they give alike (the others are ``not_covered`` until the revision: a claim
  there fails closed rather than meeting a broad curated zero), as ``tariff import
  --earlier`` does
  (:mod:`pricing_engine.tariff.carry_back`);
- GB: ``uk/global-uk-tariff.csv``, the UKGT column (``uk-gt-csv``);
- EU: the CET column of the same file (``eu-cet``), as the issue says: the only EU
  third-country duty data there is.

The UK file uses CN2020 codes (HS2017); both of its tables are carried over to HS2022 with
the UN correlation table (the copy bundled in pricing_engine/tariffdata,
:func:`pricing_engine.tariff.concordance.to_hs2022`). Each table is made by
:func:`pricing_engine.tariff.importers.import_table`, the function ``pricing-engine tariff
import`` writes with, so the CLI gives the same table. Hand-curated entries (preferences,
additional duties, sourced corrections) stay in rules/countries/*.yaml and
rules/unions/EU.yaml: they win over a table line of the same HS code, so a re-import never
erases them. Prints, per table, the parsed share, the unparsed rate texts by reason, the
HS2022 subheadings carried over and those split over lines of different duties (a ``split``
entry names those lines: a lookup of the new code names them, never picks one), and the
seasonal lines (those whose periods leave days without a rate get dated ``not_covered``
entries for those days: a lookup then fails closed).
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from datetime import date
from pathlib import Path

from pricing_engine.tariff import write_tables
from pricing_engine.tariff.importers import import_table

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
#: The day a table's figures were last confirmed against the schedule in force (``tariff
#: import --checked``), where a check has been made since its revision: the CET column's
#: percentages against the TARIC third-country duty of June 2026 (bench/crosscheck_eu_taric.py,
#: rules/SOURCES.md: 13,700 of the 13,798 codes compared give the same percentage). The UK
#: table has had no such check (the KCS table of July 2025 differs on 215 lines), so a quote
#: priced on it counts its age from 2021-01-01.
CHECKED = {"eu-cet": date(2026, 6, 17)}


def newest_hts(directory: Path, year: int = 2026) -> Path:
    """The HTS JSON export of ``year`` with the highest revision number."""
    found = [(int(m[1]), p) for p in directory.glob(f"hts_{year}_rev_*.json.gz")
             if (m := re.fullmatch(rf"hts_{year}_rev_(\d+)\.json\.gz", p.name))]
    if not found:
        raise SystemExit(f"no hts_{year}_rev_N.json.gz in {directory}")
    return max(found)[1]


def main() -> None:
    """Import the three files, carry the UK ones to HS2022, write the tables, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    tariffs = args.data / "tariffs"
    runs = [("us-hts-json", newest_hts(tariffs / "us")),
            ("uk-gt-csv", tariffs / "uk" / "global-uk-tariff.csv"),
            ("eu-cet", tariffs / "uk" / "global-uk-tariff.csv")]
    for fmt, path in runs:
        start = time.process_time()
        earlier = [(tariffs / "us" / name, None) for name in ("hts_2025_basic.json.gz",
                                                               "hts_2025_rev_32.json.gz")]
        result = import_table(fmt, path, earlier=earlier if fmt == "us-hts-json" else ())
        if fmt in CHECKED:
            result = result.checked_on(CHECKED[fmt])
        parsed, lines = result.counts
        table = result.table
        print(f"{fmt} {path.name}: parsed {parsed} of {lines} MFN rate texts "
              f"({result.share:.2%}); {len(table.preferential)} preference entries")
        reasons = Counter(f"{p.column.split()[0]}: {p.reason}" for p in result.problems)
        for reason, count in reasons.most_common():
            print(f"  unparsed {count:6d}  {reason}")
        for key, count in result.summary.items():
            if key.startswith(("not_covered", "HS2022", "seasonal", "MFN entries dated",
                               "preferen")):
                print(f"  {key}: {count}")
        for split in [e for e in table.mfn if e.split][:5]:
            print(f"    {split.hs} <- {', '.join(split.split or ())}: {split.note}")
        for key, count in result.summary.items():
            if key.startswith("column 2"):
                print(f"  {key}: {count}")
        for target in write_tables(result.tables, args.out):
            shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
            print(f"  wrote {shown} ({target.stat().st_size / 1e6:.2f} MB)")
        print(f"  {time.process_time() - start:.1f} s CPU")


if __name__ == "__main__":
    main()
