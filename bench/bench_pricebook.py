"""Price-book speed: 1,000 SKUs x 30 markets on one engine, in this process and on workers.

Run: python bench/bench_pricebook.py [--skus 1000] [--markets 30] [--repeats 3] [--workers 2]

The catalogue cycles real HS codes and origins that the bundled rules price (with a few that
they do not: an HS code that spans US national lines, a per-pair duty) through costs and
weights; the markets are those of examples/pricebook/markets.yaml (the embargoed one left
out) at several target margins. Prints the CPU time of the in-process run (median of
--repeats, the engine built once beforehand: its load is printed apart), rows per second,
what a row costs in one-line quotes timed in the same run (the machine's load moves
both alike), and the wall time with --workers worker processes (a
ProcessPoolExecutor: each worker loads its engine once). Target: well under a minute.
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

from pricing_engine.landed import LandedCostEngine
from pricing_engine.policy import load_policy
from pricing_engine.pricebook import CatalogueItem, Markets, load_markets, price_book
from pricing_engine.quote import load_quote

ROOT = Path(__file__).resolve().parents[1]
GOODS = [("8413.70", "DE"), ("8414.30", "IT"), ("8504.40", "CN"), ("8471.30", "CN"),
         ("8517.13", "CN"), ("6109.10", "PT"), ("9401.30", "PL"), ("0901.21", "BR"),
         ("8421.21", "DE"), ("9503.00", "CN"), ("8507.60", "CN"), ("9403.30", "PL"),
         ("8481.80", "DE"), ("6403.99", "IT")]
TARGETS = ("0.22", "0.30", "0.38", "0.45")


def catalogue(n: int) -> list[CatalogueItem]:
    """``n`` SKUs over GOODS with costs from 2 to about 4,000 EUR and weights to match."""
    items = []
    for i in range(n):
        hs, origin = GOODS[i % len(GOODS)]
        cost = Decimal(2 + (i * 37) % 4000) + Decimal(i % 100) / 100
        items.append(CatalogueItem(sku=f"SKU-{i:05d}", hs_code=hs, origin=origin,
                                   unit_cost=cost, unit_weight_kg=(cost / 100 + 1).quantize(
                                       Decimal("0.01")),
                                   list_price=(cost * Decimal("1.6")).quantize(Decimal("0.01"))))
    return items


def markets(n: int) -> Markets:
    """``n`` markets: the example's (not Cuba, not Argentina) at each target in turn."""
    base = load_markets(ROOT / "examples" / "pricebook" / "markets.yaml")
    usable = [m for m in base.markets if m.destination not in ("CU", "AR")]
    out = [usable[i % len(usable)].model_copy(update={
        "id": f"{usable[i % len(usable)].id}-{i}",
        "target_margin": Decimal(TARGETS[(i // len(usable)) % len(TARGETS)])})
        for i in range(n)]
    return base.model_copy(update={"markets": tuple(out)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=1000)
    parser.add_argument("--markets", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    items, book = catalogue(args.skus), markets(args.markets)
    start = time.process_time()
    engine, policy = LandedCostEngine.load(), load_policy()
    print(f"engine and policy load: {time.process_time() - start:.2f} s CPU (once)")
    times = []
    for _ in range(args.repeats):
        start = time.process_time()
        result = price_book(items, book, engine=engine, policy=policy)
        times.append(time.process_time() - start)
    rows = len(result.rows)
    median = statistics.median(times)
    quote = load_quote(ROOT / "examples" / "de-us-ddp.yaml")  # the baseline: one quote
    one = quote.model_copy(update={"lines": quote.lines[:1], "incoterm": "DAP"})
    base = []
    for _ in range(args.repeats):
        start = time.process_time()
        for _ in range(1000):
            engine.compute(one)
        base.append((time.process_time() - start) / 1000)
    baseline = statistics.median(base)
    print(f"{args.skus} SKUs x {args.markets} markets = {rows} rows "
          f"({result.priced} priced, {result.not_priced} with a reason)")
    print(f"in process: {median:.2f} s CPU (median of {args.repeats}: "
          + ", ".join(f"{t:.2f}" for t in times) + f"), {rows / median:,.0f} rows/s, "
          f"{median / rows * 1e3:.2f} ms per row")
    print(f"baseline, same run: a one-line DAP quote (examples/de-us-ddp.yaml's first line) "
          f"takes {baseline * 1e6:.0f} us CPU; a price-book row costs "
          f"{median / rows / baseline:.1f} of them")
    if args.workers > 1:
        start = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            spread = price_book(items, book, policy=policy, executor=pool)
        wall = time.perf_counter() - start
        differ = [(a, b) for a, b in zip(result.rows, spread.rows, strict=True) if a != b]
        print(f"{args.workers} worker processes: {wall:.2f} s wall (engine loads included); "
              f"rows that differ from the in-process run: {len(differ)}")
        for a, b in differ[:3]:  # the workers load the rules later: a rule file changed?
            print(f"  {a.market} {a.sku}: {a.unit_price} {a.reason} / {b.unit_price} {b.reason}")
    full = median / rows * 30_000
    verdict = "well under" if full < 30 else "NOT well under"
    print(f"target: 1,000 x 30 well under a minute of CPU: {full:.1f} s for 30,000 rows "
          f"at this rate, {verdict}")


if __name__ == "__main__":
    main()
