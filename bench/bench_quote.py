"""Landed-cost speed: quotes of 1, 100 and 10,000 lines on one engine built once.

Run: python bench/bench_quote.py [--rules DIR] [--repeats N]   (default: the bundled rules)
Prints the time per quote and lines per second, best of several runs, then whether each
Incoterm meets the target: 10,000 lines in under 1 s of CPU time (median of --repeats runs),
and the per-quote cost of a loop of 1,000 five-line quotes. A run's time includes dropping the
result it made, as a caller's would. A quote computes every figure before it returns; each
line's Money amounts, charges with explanations and notes (some 40 objects a line) are written
out when the line is first read, so the bench also times a quote whose every line is read,
and the JSON step below reads them all. A fixed Decimal workload timed in the same run is the
baseline the figures are also given against (the machine is shared and noisy).

The library never switches the garbage collector; a caller that owns its process may run a
batch inside ``pricing_engine.gc_paused()`` (the quote CLI does). The target is judged both
ways, and the CPU time with the collector on and paused is printed side by side, with what
drives the collector's share (figures that do not depend on the machine's load): the
objects it tracks that a 10,000-line quote leaves alive (its result and computation), and
the collections of each generation a quote triggers (a full one walks every object of the
process, the rule book's included, and costs far more than the young ones).

Then the CPU time per line at 1,000 lines, 10,000 and the most a quote may hold
(quote.MAX_LINES), median of N runs, for each step of ``pricing-engine quote --format json``:
reading the YAML text (the one safe reader, with node marks) and validating it, the
computation and result, and the JSON document; flat figures mean the limit is safe to keep.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import yaml

from pricing_engine import gc_paused
from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import MAX_LINES, Quote, parse_quote

#: DAP: the buyer pays the import charges; DDP: the seller does, so each line's customs value
#: is solved out of the price (the costliest case).
INCOTERMS = ("DAP", "DDP")
TARGET_LINES, TARGET_SECONDS = 10_000, 1.0
#: US national lines (8 digits): a six-digit code over lines of different duties is an
#: AmbiguousHsCode in the shipped US tariff table
HS = ["8413.70.20", "6109.10.00", "8504.40.95", "9403.60.80", "8481.80.50", "6403.99.90"]
ORIGINS = ["DE", "CN", "US", "GB", "IT"]


def make_quote(lines: int, incoterm: str) -> Quote:
    """A DE -> US quote with ``lines`` varied lines (HS codes, origins, prices)."""
    return Quote.model_validate(quote_data(lines, incoterm))


def quote_data(lines: int, incoterm: str) -> dict[str, Any]:
    """The document of :func:`make_quote`, as plain data."""
    items: list[dict[str, Any]] = []
    for i in range(lines):
        items.append({
            "sku": f"SKU-{i:05d}", "hs_code": HS[i % len(HS)], "origin": ORIGINS[i % 5],
            "quantity": str(1 + i % 37), "unit_price": str(Decimal(100 + (i * 7919) % 900)),
            "unit_cost": str(Decimal(60 + (i * 104729) % 500) / 4),
            "unit_weight_kg": str(Decimal(1 + i % 40) / 2)})
    return {
        "id": f"BENCH-{lines}", "date": "2026-11-20", "currency": "EUR",
        "seller": {"name": "Acme", "country": "DE"},
        "buyer": {"name": "Northwind", "country": "US", "type": "business"},
        "mode": "sea", "incoterm": incoterm, "fx": {"EUR/USD": "1.0850"},
        "freight": {"amount": str(Decimal("2.40") * lines), "currency": "EUR"},
        "onward_freight": {"amount": str(Decimal("0.30") * lines), "currency": "EUR"},
        "insurance": {"amount": str(Decimal("0.12") * lines), "currency": "EUR"},
        "lines": items}


def best_of(runs: int, fn: Any) -> float:
    """The fastest of ``runs`` calls, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def median_cpu(runs: int, fn: Callable[[], object]) -> float:
    """The median CPU time of ``runs`` calls, in seconds (the result dropped inside each)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def baseline() -> Decimal:
    """A fixed Decimal workload (multiply, divide, round, as a quote's lines do)."""
    total, cent = Decimal(0), Decimal("0.01")
    for i in range(200_000):
        total += (Decimal(i) * Decimal("1.0850") / Decimal(7)).quantize(cent)
    return total


def paused(fn: Callable[[], object]) -> Callable[[], object]:
    """``fn`` run inside the opt-in gc_paused(), as a caller that owns its process may."""

    def run() -> object:
        with gc_paused():
            return fn()

    return run


def loop(times: int, fn: Callable[[], object]) -> None:
    """Call ``fn`` ``times`` times, dropping each result (per-quote overhead)."""
    for _ in range(times):
        fn()


def collector_load(engine: LandedCostEngine, quote: Quote, runs: int = 5) -> tuple[
        float, list[float]]:
    """Tracked objects a quote's result keeps alive, a line; collections a quote triggers by
    generation (mean of ``runs`` quotes, each result dropped as the timed runs drop it)."""
    gc.collect()
    before = len(gc.get_objects())
    result = engine.quote(quote)
    gc.collect()
    kept = (len(gc.get_objects()) - before) / len(quote.lines)
    del result
    gc.collect()
    counts = [0, 0, 0]

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            counts[info["generation"]] += 1

    gc.callbacks.append(count)
    try:
        for _ in range(runs):
            engine.quote(quote)
    finally:
        gc.callbacks.remove(count)
    return kept, [c / runs for c in counts]


def gc_effect(engine: LandedCostEngine, repeats: int) -> None:
    """Median CPU time with the collector on (the library's default) and inside gc_paused()."""
    print(f"\nGC on (library default) vs inside pricing_engine.gc_paused(), CPU time median of "
          f"{repeats} runs:")
    large, small = make_quote(TARGET_LINES, "DDP"), make_quote(5, "DDP")
    for incoterm in INCOTERMS:
        kept, counts = collector_load(engine, make_quote(TARGET_LINES, incoterm))
        print(f"  {TARGET_LINES:,}-line {incoterm} quote: {kept:.1f} tracked objects a line "
              f"kept alive by its result; collections a quote: {counts[0]:.0f} young, "
              f"{counts[1]:.1f} middle, {counts[2]:.1f} full")
    cases: list[tuple[str, Callable[[], object]]] = [
        (f"{TARGET_LINES:,}-line DDP quote", lambda: engine.quote(large)),
        ("1,000 quotes of 5 lines (DDP)", lambda: loop(1000, lambda: engine.quote(small))),
    ]
    for label, fn in cases:
        fn()
        on, off = median_cpu(repeats, fn), median_cpu(repeats, paused(fn))
        print(f"  {label:32} GC on {on:7.3f} s   paused {off:7.3f} s   "
              f"({on / off - 1:+.0%} with GC on)")
    one = median_cpu(repeats, lambda: engine.quote(small))
    thousand = median_cpu(repeats, lambda: loop(1000, lambda: engine.quote(small)))
    print(f"  per-quote cost of a 5-line quote in a loop of 1,000: {thousand * 1000:.0f} µs "
          f"CPU ({thousand * 1000 / 5:.0f} µs a line); one such quote alone {one * 1e6:.0f} µs")


def per_line(engine: LandedCostEngine, repeats: int) -> None:
    """CPU microseconds per line of each step of the CLI's quote path, at three sizes."""
    print(f"\nCPU time per line (median of {repeats} runs), the steps of `quote --format json`:")
    print(f"{'incoterm':8} {'lines':>7} {'read+validate':>14} {'compute+result':>15} "
          f"{'json':>8} {'total':>8}   JSON size")
    for incoterm in INCOTERMS:
        for size in sorted({1_000, 10_000, MAX_LINES}):
            text = yaml.safe_dump(quote_data(size, incoterm), sort_keys=False)
            quote = parse_quote(text, "bench.yaml")
            result = engine.quote(quote)
            dumped = json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False)
            read = median_cpu(repeats, lambda t=text: parse_quote(t, "bench.yaml"))
            compute = median_cpu(repeats, lambda q=quote: engine.quote(q))
            out = median_cpu(repeats, lambda r=result: json.dumps(
                r.model_dump(mode="json"), indent=2, ensure_ascii=False))
            us = [1e6 * t / size for t in (read, compute, out)]
            print(f"{incoterm:8} {size:>7,} {us[0]:>11.1f} µs {us[1]:>12.1f} µs "
                  f"{us[2]:>5.1f} µs {sum(us):>5.1f} µs   {len(dumped) / size / 1024:.1f} KiB "
                  "a line")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rules", help="rule directory (on top of the bundled rules)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="runs per size for the per-line medians (default 5)")
    args = parser.parse_args()
    start = time.perf_counter()
    engine = LandedCostEngine.load(args.rules)
    print(f"engine built once in {time.perf_counter() - start:.3f} s")
    target: dict[tuple[str, str], float] = {}
    for incoterm in INCOTERMS:
        for size, runs in ((1, 200), (100, 20), (TARGET_LINES, 3)):
            quote = make_quote(size, incoterm)
            engine.quote(quote)  # warm the engine's look-up caches
            full = best_of(runs, lambda q=quote: engine.quote(q))
            plain = best_of(runs, lambda q=quote: engine.compute(q))
            print(f"{incoterm} {size:>6} lines: quote {full * 1000:9.2f} ms "
                  f"({size / full:>9,.0f} lines/s); computation alone {plain * 1000:9.2f} ms")
        # the target is judged on CPU time (the machine is shared), median of the runs
        target[incoterm, "GC on"] = median_cpu(args.repeats, lambda q=quote: engine.quote(q))
        target[incoterm, "gc_paused()"] = median_cpu(
            args.repeats, paused(lambda q=quote: engine.quote(q)))
        target[incoterm, "every line read"] = median_cpu(
            args.repeats, lambda q=quote: [line.fields() for line in engine.quote(q).lines])
    base = median_cpu(args.repeats, baseline)
    print(f"baseline (a fixed Decimal workload): {base:.3f} s CPU")
    for (incoterm, how), seconds in target.items():
        verdict = "met" if seconds < TARGET_SECONDS else "MISSED"
        print(f"target {TARGET_LINES:,} lines in < {TARGET_SECONDS:g} s, {incoterm}, {how}: "
              f"{verdict} ({seconds:.3f} s, {seconds / TARGET_SECONDS:.0%} of the budget, "
              f"{seconds / base:.2f}x the baseline)")
    gc_effect(engine, args.repeats)
    per_line(engine, args.repeats)


if __name__ == "__main__":
    main()
