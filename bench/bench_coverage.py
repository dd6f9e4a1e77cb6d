"""Print, per shipped tariff jurisdiction, how many HS2022 subheadings of chapters 1-97 price.

Run from the repository root: ``python bench/bench_coverage.py [--on YYYY-MM-DD]
[--hs PATH]``. Reads the six-digit codes of ../shared/data/hs/hs_harmonized-system.csv (the
HS 2022 nomenclature, chapters 1-97) and looks up each one's MFN duty in every shipped country
on the date (default today) with the bundled rules. Per country: the codes that price, those
that raise AmbiguousHsCode (the national lines under the code differ: give the full line), and
those that raise MissingRule, split into `not covered` (an entry that says why its duty is not
given) and the rest (no rule at all); `general` counts the priced codes that the general regime
(``hs: "*"``) gives. The members of a customs union share its tariff: one row for the union.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from datetime import date
from pathlib import Path

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import load_rules
from pricing_engine.rules.fields import HS_ANY

HS_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "hs" / "hs_harmonized-system.csv"


def subheadings(path: Path) -> list[str]:
    """The six-digit HS codes of chapters 1-97 in the nomenclature file."""
    with path.open(encoding="utf-8", newline="") as f:
        return [row["hscode"] for row in csv.DictReader(f)
                if len(row["hscode"]) == 6 and row["hscode"].isdigit()
                and 1 <= int(row["hscode"][:2]) <= 97]


def count(book: object, country: str, codes: list[str], on: date) -> Counter[str]:
    """Outcome counts of the MFN lookup of every code in ``country`` on ``on``."""
    out: Counter[str] = Counter()
    for hs in codes:
        try:
            lookup = book.duty(country, hs, "CN", on)  # type: ignore[attr-defined]
        except AmbiguousHsCode:
            out["ambiguous"] += 1
        except MissingRule as exc:
            out["not covered" if "is not covered by the duty rules" in str(exc)
                else "no rule"] += 1
        else:
            out["priced"] += 1
            out["general"] += lookup.mfn.hs == HS_ANY
    return out


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--on", type=date.fromisoformat, default=date.today())
    parser.add_argument("--hs", type=Path, default=HS_CSV)
    args = parser.parse_args()
    codes = subheadings(args.hs)
    book = load_rules()
    rows: dict[str, list[str]] = {}
    for country in book.countries():
        union = book.country(country).union
        rows.setdefault(union or country, []).append(country)
    cpu = time.process_time()
    print(f"HS2022 subheadings of chapters 1-97: {len(codes)}; MFN on {args.on}")
    head = ("tariff", "priced", "%", "general", "ambiguous", "not covered", "no rule")
    print("{:<16}{:>8}{:>8}{:>9}{:>11}{:>13}{:>9}".format(*head))
    for tariff, members in sorted(rows.items()):
        c = count(book, members[0], codes, args.on)
        label = tariff if len(members) == 1 else f"{tariff} ({len(members)})"
        share = 100 * c["priced"] / len(codes)
        print(f"{label:<16}{c['priced']:>8}{share:>7.1f}%{c['general']:>9}"
              f"{c['ambiguous']:>11}{c['not covered']:>13}{c['no rule']:>9}")
    print(f"CPU {time.process_time() - cpu:.2f} s for {len(rows)} tariffs x {len(codes)} codes")


if __name__ == "__main__":
    main()
