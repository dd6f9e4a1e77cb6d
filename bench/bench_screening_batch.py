"""Batch screening through the real CLI: peak memory by input size, throughput by workers.

    python bench/bench_screening_batch.py [--rss-rows 100000 1000000] [--rows 5000]
                                          [--workers 1 2] [--repeats 3]

Each run is ``pricing-engine screen --input FILE --output FILE --workers W`` in a child
process of its own; its resources come from ``os.wait4`` (``ru_maxrss`` is the largest
resident set of that process and the workers it waited for, CPU is user + system of all of
them). Prints:
- peak RSS for each ``--rss-rows`` size (2 workers): flat when the input is streamed;
- throughput with each ``--workers`` count on ``--rows`` rows: median rows/s over
  ``--repeats`` runs, with the start-up (a one-row run: loading the index) taken off, the
  CPU per row, and rows/s per core used;
- the parent's CPU per row with 2 forked workers (``time.process_time`` in this process:
  reading rows, sending chunks, receiving and writing records), for the streamed path
  (rows out, rendered JSONL lines back) and for the path it replaced (``screen_many`` sending
  queries and receiving result models, the records built and dumped in the parent).

The input is generated: company names (two words and a legal form) and person names (given
names and one or two surnames), in a CRM's shape, with no listed names on purpose.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GIVEN = ("Maria", "Jose", "Anna", "Pieter", "Olga", "Kenji", "Fatima", "Luis", "Ingrid", "Omar",
         "Chloe", "Rahul", "Sven", "Aisha", "Tomasz", "Mei", "Diego", "Leila", "Jonas", "Yuki")
SURNAMES = ("Garcia", "Novak", "Jansen", "Ivanova", "Tanaka", "Haddad", "Moreno", "Berg",
            "Okafor", "Schmidt", "Rossi", "Nguyen", "Kowalski", "Dubois", "Larsen", "Silva")
WORDS = ("Nordic", "Atlas", "Harbor", "Greenfield", "Pacific", "Union", "Summit", "Meridian",
         "Blue", "River", "Granite", "Orchard", "Falcon", "Cedar", "Vertex", "Alpine")
FORMS = ("Ltd", "GmbH", "S.A.", "LLC", "B.V.", "Trading Co", "S.r.l.", "AG", "Inc.", "Oy")


def write_input(path: Path, rows: int, seed: int = 5) -> None:
    """Write ``rows`` generated parties to ``path`` as CSV (id, name, kind, country)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write("id,name,kind,country\n")
        for n in range(rows):
            if n % 2:
                surnames = " ".join(rng.sample(SURNAMES, rng.choice((1, 1, 2))))
                name = f"{rng.choice(GIVEN)} {surnames}"
                out.write(f"P{n},{name},person,{rng.choice(('DE', 'ES', 'NL', 'PL', ''))}\n")
            else:
                name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(FORMS)}"
                out.write(f"C{n},{name},,\n")


def run(source: Path, workers: int) -> tuple[float, float, int]:
    """Screen ``source`` once; return wall seconds, CPU seconds and peak RSS in KiB."""
    output = source.with_suffix(".out.jsonl")
    command = [sys.executable, "-m", "pricing_engine", "screen", "--input", str(source),
               "--output", str(output), "--workers", str(workers)]  # fmt: skip
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command}: exit {process.returncode}")
    output.unlink()
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def parent_cost(source: Path, repeats: int) -> tuple[float, float]:
    """Return the parent's median CPU seconds per row: streamed path, then the old one."""
    import io

    from pricing_engine.screening.batch import (
        read_rows,
        render_jsonl,
        result_record,
        screen_rendered,
    )
    from pricing_engine.screening.batch_input import raw_rows
    from pricing_engine.screening.screener import Screener

    screener = Screener.from_bundled()
    rows = sum(1 for _ in raw_rows(source.open("rb")))

    def streamed() -> None:
        sink = io.StringIO()
        with source.open("rb") as handle:
            chunks = screen_rendered(screener, raw_rows(handle), render_jsonl, workers=2,
                                     start_method="fork")  # fmt: skip
            for chunk in chunks:
                sink.write("".join(text for _, text in chunk))

    def before() -> None:
        sink = io.StringIO()
        with source.open("rb") as handle:
            read = [row for row in read_rows(handle) if not isinstance(row.query, str)]
            results = screener.screen_many((r.query for r in read), workers=2,
                                           start_method="fork")  # fmt: skip
            for row, result in zip(read, results, strict=True):
                sink.write(render_jsonl(result_record(row.number, row.ident, result)))

    costs = []
    for path in (streamed, before):
        times = []
        for _ in range(repeats):
            start = time.process_time()
            path()
            times.append(time.process_time() - start)
        costs.append(statistics.median(times) / rows)
    return costs[0], costs[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rss-rows", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench_batch_"))
    print(f"cores: {os.cpu_count()}")
    for rows in args.rss_rows:
        source = folder / f"rss_{rows}.csv"
        write_input(source, rows)
        wall, cpu, rss = run(source, 2)
        print(f"peak RSS, {rows:>9,} rows, 2 workers: {rss / 1024:7.1f} MiB "
              f"({wall:.0f} s wall, {cpu / rows * 1000:.2f} ms CPU per row)")  # fmt: skip
        source.unlink()
    one, source = folder / "one.csv", folder / "rows.csv"
    write_input(one, 1)
    write_input(source, args.rows)
    for workers in args.workers:
        start_wall, start_cpu = [], []
        walls, cpus = [], []
        for _ in range(args.repeats):
            wall, cpu, _ = run(one, workers)
            start_wall.append(wall)
            start_cpu.append(cpu)
            wall, cpu, _ = run(source, workers)
            walls.append(wall)
            cpus.append(cpu)
        wall = statistics.median(walls) - statistics.median(start_wall)
        cpu = statistics.median(cpus) - statistics.median(start_cpu)
        rate = args.rows / wall
        print(f"{workers} worker(s), {args.rows:,} rows, median of {args.repeats}: "
              f"{rate:7.0f} rows/s ({rate / workers:.0f} per core), "
              f"{cpu / args.rows * 1000:.2f} ms CPU per row; start-up "
              f"{statistics.median(start_wall):.1f} s")  # fmt: skip
    streamed, before = parent_cost(source, args.repeats)
    print(f"parent CPU per row, 2 forked workers: {streamed * 1000:.3f} ms streamed "
          f"(rows out, JSONL lines back); {before * 1000:.3f} ms screen_many "
          "(queries out, result models back)")  # fmt: skip


if __name__ == "__main__":
    main()
