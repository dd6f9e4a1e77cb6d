"""Delta re-screening after a list update: the 2021-07-07 SDN (old) against the bundled lists.

    python bench/bench_rescreen.py [--parties 100000]   # --parties 1000000 for issue 11's figure

The register is generated as in bench_screening_batch.py (companies and persons of a CRM, no
listed names), with one party in 500 named like an entry added since 2021 and one in 500
like an entry removed since: those are the rows that may change status. The old version is
../shared/data/sanctions/ofac_sdn_2021-07-07.csv (with its alt and add files) as the SDN list;
the other bundled lists are taken as unchanged. Prints the diff, the time to build the small
screener over the changed entries, the time to re-screen the register (the old status of the parties
picked from screening them against the former lists in full, as the CLI does) (``--workers``
processes screen against the changed entries, as ``screen --changed-since`` does) and how many rows
changed status, by old -> new, with the CPU time of this process and of its workers, and the
time to take the sha256 of the register (what ``--output FILE`` costs to make a run
resumable: the checkpoint is bound to the input's digest). ``--check`` also screens every
party against both versions in full and counts the changes the delta re-screen missed: a
score can move without its entry changing, as the rest of the index changed (word rarity,
the cap on candidates per query).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

from pricing_engine.screening.batch import read_rows
from pricing_engine.screening.batch_input import raw_rows
from pricing_engine.screening.bundle import resolve_lists
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.rescreen import ListChanges, former_lists, rescreen
from pricing_engine.screening.screener import Screener

sys.path.insert(0, str(Path(__file__).parent))
from bench_screening_batch import write_input

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "sanctions"


def register(parties: int, changes: ListChanges, seed: int = 11) -> str:
    """Return the generated register as CSV text, with names of added and removed entries."""
    rng = random.Random(seed)
    added = [e.name for d in changes.diffs for e in d.added]
    removed = [e.name for d in changes.diffs for e in d.removed]
    path = Path("/dev/shm" if Path("/dev/shm").is_dir() else "/tmp") / f"rescreen-{seed}.csv"
    write_input(path, parties)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.unlink()
    for n in range(1, len(lines)):
        pool = added if n % 500 == 0 else removed if n % 500 == 250 else None
        if pool:
            name = rng.choice(pool).replace('"', "")
            lines[n] = f'X{n},"{name}",,\n'
    return "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="processes (as screen's default)")
    parser.add_argument("--check", action="store_true",
                        help="also screen every party against both versions in full and compare")
    args = parser.parse_args()
    old = load_list("ofac_csv", *(SHARED / f"ofac_{part}_2021-07-07.csv"
                                  for part in ("sdn", "alt", "add")), list_id="ofac_sdn")
    list_set = resolve_lists(None, user=False)
    new = list_set.load()
    start = time.perf_counter()
    changes = ListChanges.between((old,), new, complete=False)
    setup = time.perf_counter() - start
    for d in changes.diffs:
        moved = sum(c.affects_matching for c in d.changed)
        print(f"{d.new_list}: {len(d.added)} added, {len(d.removed)} removed, "
              f"{len(d.changed)} changed ({moved} for matching)")
    print(f"diff and the screener over the changed entries: {setup:.1f} s")
    full = list_set.screener()  # from the index cache when warm, as the CLI does
    before = former_lists((old,), new, complete=False)
    text = register(args.parties, changes)
    start = time.perf_counter()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    print(f"sha256 of the register ({len(text) / 2**20:.0f} MiB, binds a checkpoint): "
          f"{time.perf_counter() - start:.2f} s ({digest[:12]})")
    cpu = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    records = list(rescreen(raw_rows(io.StringIO(text)), changes, full, workers=args.workers,
                            former=lambda: Screener.from_lists(before), start_method="fork"))
    moves = Counter(f"{r['old_status']}->{r['new_status']}" for r in records)
    took = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (children.ru_utime + children.ru_stime) - (cpu[1].ru_utime + cpu[1].ru_stime)
    print(f"re-screened {args.parties:,} parties in {took:.1f} s "
          f"({args.parties / took:,.0f} parties/s, {args.workers} worker(s)): "
          f"{sum(moves.values())} changed status ({dict(sorted(moves.items()))}); CPU "
          f"{time.process_time() - cpu[0]:.1f} s here, {workers_cpu:.1f} s in the workers")
    if args.check:
        old_full = Screener.from_lists(before)
        brute = set()
        for row in read_rows(io.StringIO(text)):
            if not isinstance(row.query, str):
                pair = (old_full.screen(row.query).status, full.screen(row.query).status)
                if pair[0] != pair[1]:
                    brute.add((row.number, *pair))
        found = {(r["row"], r["old_status"], r["new_status"]) for r in records}
        missed = Counter(f"{old}->{new}" for _, old, new in brute - found)
        print(f"check against screening everyone twice: {len(brute)} changed; "
              f"{len(brute - found)} missed ({dict(sorted(missed.items()))}), "
              f"{len(found - brute)} extra")


if __name__ == "__main__":
    main()
