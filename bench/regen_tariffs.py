"""Regenerate the shipped tariff tables (rules/tariffs/US.yaml, GB.yaml, EU.yaml) from the
official files in ../shared/data/tariffs, as ``pricing-engine tariff import`` does.

Run from the repository root: ``python bench/regen_tariffs.py [DATA_DIR] [--out DIR]``
(default DATA_DIR: ../shared/data, default DIR: rules). The tables are committed data; this
script is how they were made and how they are made again when a revision is published:

- US: the newest ``us/hts_2026_rev_N.json.gz`` (USITC HTS JSON export), ``us-hts-json``;
- GB: ``uk/global-uk-tariff.csv``, the UKGT column (``uk-gt-csv``);
- EU: the CET column of the same file (``eu-cet``), as the issue says: the only EU
  third-country duty data there is.

The UK file uses CN2020 codes (HS2017); both of its tables are carried over to HS2022 with
the UN correlation table (``tariffs/concordance/hs2022_hs2017_correlations.csv``,
:func:`pricing_engine.tariff.concordance.to_hs2022`). Hand-curated entries (preferences,
additional duties, sourced corrections) stay in rules/countries/*.yaml and
rules/unions/EU.yaml: they win over a table line of the same HS code, so a re-import never
erases them. Prints, per table, the parsed share, the unparsed rate texts by reason, the
HS2022 subheadings carried over and those split over lines of different duties (a ``split``
entry names those lines: a lookup of the new code names them, never picks one).
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from pricing_engine.rules.model import MfnEntry, TariffFile
from pricing_engine.tariff import Problem, import_tariff, write_table
from pricing_engine.tariff.concordance import read_correlations, to_hs2022

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def newest_hts(directory: Path, year: int = 2026) -> Path:
    """The HTS JSON export of ``year`` with the highest revision number."""
    found = [(int(m[1]), p) for p in directory.glob(f"hts_{year}_rev_*.json.gz")
             if (m := re.fullmatch(rf"hts_{year}_rev_(\d+)\.json\.gz", p.name))]
    if not found:
        raise SystemExit(f"no hts_{year}_rev_N.json.gz in {directory}")
    return max(found)[1]


def _not_covered(table: TariffFile, problems: Iterable[Problem]) -> list[MfnEntry]:
    """A not_covered entry for each line whose MFN rate text did not parse (none is written),
    so that its code fails closed rather than falling back to a shorter prefix."""
    written = {e.hs for e in table.mfn}
    out: dict[str, MfnEntry] = {}
    for p in problems:
        if p.column.startswith("special") or p.hs in written or p.hs in out:
            continue
        # as printed, on one line, without the characters the table would have to escape
        text = " ".join(p.text.replace('"', "'").replace("\\", "/").split())
        out[p.hs] = MfnEntry(hs=p.hs, not_covered=f"the published rate '{text}' is not "
                             f"priced by the rules: {p.reason}")
    return list(out.values())


def main() -> None:
    """Import the three files, carry the UK ones to HS2022, write the tables, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    tariffs = args.data / "tariffs"
    correlations = read_correlations(tariffs / "concordance" / "hs2022_hs2017_correlations.csv")
    runs = [("us-hts-json", newest_hts(tariffs / "us")),
            ("uk-gt-csv", tariffs / "uk" / "global-uk-tariff.csv"),
            ("eu-cet", tariffs / "uk" / "global-uk-tariff.csv")]
    for fmt, path in runs:
        start = time.process_time()
        result = import_tariff(fmt, path)
        parsed, lines = result.counts
        table = result.table
        print(f"{fmt} {path.name}: parsed {parsed} of {lines} MFN rate texts "
              f"({result.share:.2%}); {len(table.preferential)} preference entries")
        reasons = Counter(f"{p.column.split()[0]}: {p.reason}" for p in result.problems)
        for reason, count in reasons.most_common():
            print(f"  unparsed {count:6d}  {reason}")
        blocked = _not_covered(table, result.problems)
        table = table.model_copy(update={"mfn": (*table.mfn, *blocked)})
        print(f"  not_covered entries: {len(blocked)} (unparsed lines: lookups there fail "
              "closed instead of reading a shorter prefix)")
        if table.imported is not None and table.imported.nomenclature == "CN2020":
            # the unparsed lines are not_covered entries of the table by now: a new code
            # carved from one of them is a split naming it, never given its siblings' duty
            mapped = to_hs2022(table, correlations)
            table = mapped.table
            print(f"  HS2022: {len(mapped.added)} new subheadings carried over from HS2017 "
                  f"lines of one duty; {len(mapped.splits)} split entries naming the HS2017 "
                  f"lines of different duties they were carved from; {len(mapped.uncovered)} "
                  "without any HS2017 line")
            for split in mapped.splits[:5]:
                shown = "; ".join(f"{c} {d}" for c, d in split.lines[:4])
                print(f"    {split.hs} <- {', '.join(split.hs2017)}: {shown} ...")
        target = write_table(table, args.out)
        print(f"  wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target} "
              f"({target.stat().st_size / 1e6:.2f} MB, {time.process_time() - start:.1f} s CPU)")


if __name__ == "__main__":
    main()
