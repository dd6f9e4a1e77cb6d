"""Screening speed: index readiness, single-query latency and batch throughput vs a naive scan.

    python bench/bench_screening_speed.py [--batch 100000] [--naive-sample 500] [--workers 2]

Prints, in one run and side by side:
- per core, one thread each: the CPU time (``time.thread_time``) per query of
  ``Screener.screen`` and of the naive scan below, p50 / p99 / mean, over the development set's
  names (../shared/eval/sanctions_dev.jsonl, when present) and over generated names, best of
  ``--runs`` passes each, and the ratio of the means (the issue's target: >= 20x on the
  development set's names). The two take turns by blocks of ``--block`` names (the first on
  even blocks, the second on odd ones, each timed name by name), so a change in the load of
  the shared machine weighs on both alike; each pass gives a ratio (the naive scan's CPU over
  the screener's, on the whole set) and each block one, and the speed-up is printed as the
  median of the passes' ratios with their range, and the median of the blocks' ratios with
  their 10th-90th percentiles: the spread says how far one figure can be trusted on a noisy
  host. ``--batch 0`` stops there;
- index ready: the cold build (parsing the bundled lists, then building the index) and the warm
  load from the disk cache (what ``Screener.from_bundled()`` costs once the cache exists);
- single-query latency p50 / p99 of ``Screener.screen`` over generated names;
- batch throughput of ``Screener.screen_many`` over ``--batch`` generated names;
- the naive full scan (rapidfuzz ``process.extract`` with ``fuzz.token_sort_ratio``,
  ``score_cutoff=85``, one thread, over the same listed names normalised the same simple way)
  timed on ``--naive-sample`` names and extrapolated to the batch (a full naive run of 100,000
  names takes tens of minutes).

Generated names are half variants of listed names (typos, word order, dropped names,
transliteration, legal suffixes, joins) and half made-up innocent names.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz, process

from pricing_engine.screening import index_cache
from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.index import build_index
from pricing_engine.screening.normalize import simple_form
from pricing_engine.screening.screener import Screener

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_screening_accuracy import SHARED, innocent, variants


def generate(count: int, seed: int) -> list[str]:
    """Return ``count`` names: variants of listed names and innocent names, shuffled."""
    rng = random.Random(seed)
    entities = [e for lst in load_bundled() for e in lst.entities if e.kind in ("person", "entity")]
    names: list[str] = []
    while len(names) < count:
        if rng.random() < 0.5:
            options = list(variants(rng, rng.choice(entities)))
            names.append(rng.choice(options)[1])
        else:
            names.append(innocent(rng)[1])
    return names


def dev_names(path: Path) -> list[str]:
    """Return the query names of the development set, or none when the file is absent."""
    if not path.is_file():
        return []
    return [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines()]


def cpu_times(
    functions: list[Callable[[str], object]],
    names: list[str],
    runs: int,
    before_run: Callable[[], object] = lambda: None,
    block: int = 20,
) -> list[list[list[float]]]:
    """Return ``times[k][run][i]``: the CPU of this thread spent on ``functions[k](names[i])``.

    The functions take turns by blocks of ``block`` names (the first goes first on even blocks,
    last on odd ones), so a change in the load of a shared machine during the run weighs on all
    of them alike and their ratio stays fair, while each function runs a few names in a row,
    as it would in use (the CPU caches then hold its own data, not the other's). Every pass
    times all the names; ``before_run`` is called before each (the screener forgets the words
    it looked up, so a pass gains nothing from the one before).
    """
    order = list(enumerate(functions))
    clock = time.thread_time
    out: list[list[list[float]]] = [[] for _ in functions]
    for _ in range(runs):
        before_run()
        times: list[list[float]] = [[0.0] * len(names) for _ in functions]
        for number, first in enumerate(range(0, len(names), block)):
            chunk = range(first, min(first + block, len(names)))
            for k, function in order if number % 2 == 0 else order[::-1]:
                spent = times[k]
                for i in chunk:
                    t0 = clock()
                    function(names[i])
                    spent[i] = clock() - t0
        for k, spent in enumerate(times):
            out[k].append(spent)
    return out


def block_ratios(ours: list[list[float]], theirs: list[list[float]], block: int) -> list[float]:
    """Return, per pass and block of names, the CPU of ``theirs`` over that of ``ours``."""
    ratios = []
    for mine, other in zip(ours, theirs, strict=True):
        for first in range(0, len(mine), block):
            spent = sum(mine[first : first + block])
            if spent > 0:
                ratios.append(sum(other[first : first + block]) / spent)
    return ratios


def per_core(
    screener: Screener,
    choices: list[str],
    label: str,
    names: list[str],
    runs: int,
    block: int = 20,
) -> None:
    """Print CPU per query of the screener and of the naive scan, one thread each."""

    def naive(name: str) -> object:
        return process.extract(
            simple_form(name), choices, scorer=fuzz.token_sort_ratio, score_cutoff=85
        )

    ours, theirs = cpu_times([screener.screen, naive], names, runs, screener.matcher.forget, block)
    print(f"  {label} ({len(names)} names, best of {runs} runs each, taking turns by blocks "
          f"of {block} names):")  # fmt: skip
    best = [min(runs_of, key=sum) for runs_of in (ours, theirs)]
    for who, times in zip(("indexed screener", "naive full scan "), best, strict=True):
        print(f"    {who}: p50 {percentile(times, 0.5) * 1e3:.3f} ms  "
              f"p99 {percentile(times, 0.99) * 1e3:.3f} ms  "
              f"mean {statistics.fmean(times) * 1e3:.3f} ms CPU")  # fmt: skip
    print(f"    speed-up per core: {statistics.fmean(best[1]) / statistics.fmean(best[0]):.1f}x")
    passes = sorted(sum(other) / sum(mine) for mine, other in zip(ours, theirs, strict=True))
    print(f"    speed-up per pass (naive CPU / screener CPU, same pass): median "
          f"{statistics.median(passes):.1f}x, range {passes[0]:.1f}-{passes[-1]:.1f}x over "
          f"{runs} passes")  # fmt: skip
    blocks = block_ratios(ours, theirs, block)
    print(f"    speed-up per block of {block} names: median {statistics.median(blocks):.1f}x, "
          f"p10-p90 {percentile(blocks, 0.1):.1f}-{percentile(blocks, 0.9):.1f}x "
          f"({len(blocks)} blocks)")  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=100_000)
    parser.add_argument("--latency-sample", type=int, default=5_000)
    parser.add_argument("--naive-sample", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5, help="passes timed per core")
    parser.add_argument("--block", type=int, default=20, help="names per turn, per core")
    parser.add_argument("--eval", type=Path, default=SHARED / "eval" / "sanctions_dev.jsonl")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")

    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as data:
        # the cache's digests are kept in the lists data directory: a scratch one here, so the
        # bench never writes into the user's own
        os.environ["PRICING_ENGINE_LISTS_DIR"] = data
        start = time.perf_counter()
        lists = load_bundled()
        parsed = time.perf_counter()
        index = build_index(lists)
        built = time.perf_counter()
        from pricing_engine.screening.bundle import lists_hash

        index_cache.store(lists_hash(lists), index, Path(cache))
        start_warm = time.perf_counter()
        screener = Screener.from_bundled(cache=Path(cache))
        warm = time.perf_counter() - start_warm
    Screener.freeze_gc()  # as the CLI does: a screening process keeps GC passes off the index
    names_indexed = len(index.name_tokens)
    print(f"\nindex ready ({sum(len(lst.entities) for lst in lists)} entries, {names_indexed} "
          f"names, target < 1 s):")  # fmt: skip
    print(f"  cold: parse lists {parsed - start:.2f} s + build index {built - parsed:.2f} s")
    print(f"  warm: Screener.from_bundled() from the disk cache {warm:.3f} s")

    queries = generate(max(args.batch, args.latency_sample), args.seed)
    latencies = []
    for name in queries[: args.latency_sample]:
        t0 = time.perf_counter()
        screener.screen(name)
        latencies.append(time.perf_counter() - t0)
    p50, p99 = percentile(latencies, 0.5) * 1e3, percentile(latencies, 0.99) * 1e3
    print(f"\nsingle query ({args.latency_sample} names, targets p50 < 1 ms, p99 < 5 ms):")
    print(f"  indexed screener: p50 {p50:.3f} ms  p99 {p99:.3f} ms  "
          f"mean {statistics.fmean(latencies) * 1e3:.3f} ms")  # fmt: skip

    choices = sorted({simple_form(text) for text in index.name_text})
    print(f"\nCPU per query, one thread each, per core (naive: {len(choices)} names):")
    dev = dev_names(args.eval)
    if dev:
        per_core(
            screener,
            choices,
            f"development set {args.eval.name}",
            dev,
            args.runs,
            args.block,
        )
    per_core(
        screener,
        choices,
        "generated names",
        queries[: args.naive_sample],
        args.runs,
        args.block,
    )
    if not args.batch:
        return 0
    naive = []
    for name in queries[: args.naive_sample]:
        t0 = time.perf_counter()
        process.extract(simple_form(name), choices, scorer=fuzz.token_sort_ratio, score_cutoff=85)
        naive.append(time.perf_counter() - t0)
    naive_p50, naive_p99 = percentile(naive, 0.5) * 1e3, percentile(naive, 0.99) * 1e3
    naive_rate = len(naive) / sum(naive)
    print(f"  naive full scan:  p50 {naive_p50:.3f} ms  p99 {naive_p99:.3f} ms  "
          f"({len(choices)} names, {args.naive_sample} queries)")  # fmt: skip

    batch = queries[: args.batch]
    t0 = time.perf_counter()
    # fork, as `screen --input` does (the library default for workers is forkserver)
    count = sum(1 for _ in screener.screen_many(batch, workers=args.workers, start_method="fork"))
    elapsed = time.perf_counter() - t0
    rate = count / elapsed
    print(f"\nbatch of {count} names (target >= 20x the naive scan):")
    print(f"  screen_many(workers={args.workers}): {elapsed:.1f} s, {rate:,.0f} names/s")
    minutes = count / naive_rate / 60
    print(f"  naive scan, one thread: {naive_rate:,.0f} names/s, extrapolated from "
          f"{args.naive_sample} names to {minutes:.1f} min for the batch")  # fmt: skip
    print(f"  speed-up: {rate / naive_rate:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
