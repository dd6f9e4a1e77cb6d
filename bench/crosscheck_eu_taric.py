"""The shipped EU duty rules against a TARIC export of current third-country duties.

    python bench/crosscheck_eu_taric.py MFN_RATES_CSV [--on 2026-06-17] [--list]

MFN_RATES_CSV is a CSV with columns ``hs_code`` (10-digit CN/TARIC code) and ``mfn_rate``
(the third-country duty, TARIC measure type 103, as a fraction): for instance
``reference/tariff/mfn_rates.csv`` of github.com/Bal1979/Customs-Analytics @ 82df4e8, which
its PROVENANCE.md says was extracted from the Danish Customs Agency's full tariff export
(toldtarif_ext.zip, June 2026, CN 2026). That extraction keeps only the first figure of a
duty and drops its unit, so a specific or compound duty comes out wrong (0406 cheese
"1.852" for EUR 185.20/100 kg): only codes the rules charge with a plain percentage are
compared. The rules read the same export only where its figure is corroborated (the ITA
stages of unions/EU.yaml; tariffs/EU.cnlines.yaml, bench/regen_eu_cn_lines.py): those codes
agree by construction, so the check says most about the CET table's CN 2020 lines.

For every code it prints how the rules answer (priced, AmbiguousHsCode naming lines,
MissingRule), and for the priced ones with a plain ad valorem rate whether it equals the
export's; ``--list`` prints each code that differs.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from dataclasses import fields
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pricing_engine import AmbiguousHsCode, MissingRule
from pricing_engine.rules import load_rules
from pricing_engine.rules.results import DutyRule, Terms

CENT = Decimal("0.00001")


def plain(rule: DutyRule) -> bool:
    """Whether ``rule`` charges a percentage and nothing else (no other duty term set)."""
    return rule.rate is not None and all(
        getattr(rule, term.name) in (None, ()) for term in fields(Terms) if term.name != "rate")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--on", type=date.fromisoformat, default=date(2026, 6, 17))
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    book = load_rules()
    out: Counter[str] = Counter()
    differ: list[str] = []
    start = time.process_time()
    with args.csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row.get("hs_code", "")
            try:
                theirs = Decimal(row.get("mfn_rate", ""))
                mfn = book.duty("DE", code, "US", args.on).mfn
            except (InvalidOperation, ValueError):
                out["unreadable row"] += 1
                continue
            except AmbiguousHsCode:
                out["names its lines (ambiguous)"] += 1
                continue
            except MissingRule:
                out["MissingRule"] += 1
                continue
            if not plain(mfn):
                out["priced, not a plain percentage"] += 1
            elif mfn.rate is not None and mfn.rate.quantize(CENT) == theirs.quantize(CENT):
                out["priced, same percentage"] += 1
            else:
                out["priced, other percentage"] += 1
                differ.append(f"{code}: rules {mfn.rate} ({mfn.hs}, {mfn.ref}), export {theirs}")
    total = sum(out.values())
    print(f"{args.csv.name}: {total} codes, EU rules on {args.on} "
          f"({time.process_time() - start:.1f} s CPU)")
    for what, n in sorted(out.items(), key=lambda kv: -kv[1]):
        print(f"  {what:34} {n:6}  {n / total:6.1%}")
    if args.list:
        print("\n".join(differ))


if __name__ == "__main__":
    main()
