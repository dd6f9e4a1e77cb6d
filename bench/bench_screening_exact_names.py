"""Every listed name, screened exactly as listed: does its own entry come back?

    python bench/bench_screening_exact_names.py [--show 20] [--no-kind]

Screens each name and alias of every bundled list (all lists in one screener, each query with
its entry's kind, or with none as ``check`` screens a party: ``--no-kind``) and counts those
whose own entry is not among the matches, per list, with the first few shown. A name made only
of legal forms or particles ("PTE OOO", "Ben") is out of reach by design; anything else missed
is a name the screener cannot find even when it is given letter for letter. Prints the CPU
time too.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.result import ScreeningQuery
from pricing_engine.screening.screener import Screener


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20, help="missed names to print")
    parser.add_argument("--no-kind", action="store_true", help="screen without the entry's kind")
    args = parser.parse_args(argv)
    lists = load_bundled()
    screener = Screener.from_lists(lists)
    missed: Counter[str] = Counter()
    shown: list[str] = []
    total = 0
    start = time.process_time()
    for lst in lists:
        list_id = lst.info.list_id
        for entity in lst.entities:
            kind = entity.kind if entity.kind in ("person", "entity") else None
            if args.no_kind:
                kind = None
            for name, strength in entity.names():
                total += 1
                result = screener.screen(ScreeningQuery(name=name, kind=kind))
                if any(m.entry_id == entity.entry_id and m.list == list_id
                       for m in result.matches):  # fmt: skip
                    continue
                missed[list_id] += 1
                if len(shown) < args.show:
                    top = [m.matched_name for m in result.matches[:2]]
                    shown.append(f"  {list_id} {entity.entry_id} {name!r} ({strength}) -> {top}")
    cpu = time.process_time() - start
    print(f"{total} listed names screened as listed in {cpu:.1f} s CPU "
          f"({1000 * cpu / max(total, 1):.2f} ms each)")  # fmt: skip
    print(f"own entry not returned: {sum(missed.values())} ({dict(missed)})")
    print("\n".join(shown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
