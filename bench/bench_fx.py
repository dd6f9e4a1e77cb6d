"""Print what reference FX rates cost: a quote that takes its rate from the table, and reading
a table the size of the ECB's whole history.

Run from the repository root: ``python bench/bench_fx.py [ECB_FILE]``. Figures are CPU-time
medians of repeats. The quote is examples/fx/us-gb-ecb-rates.yaml priced from the bundled
ECB rates, against the same quote giving its USD/GBP rate (the baseline, timed in the same
run). The large table is the ECB file given (e.g. eurofxref-hist.zip, 6,700+ days since
1999), or without one a synthetic history of the same size made by repeating the bundled
rows over consecutive dates (timing only: its rates are not real for those dates).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from pricing_engine.fx_ecb import bundled_reference_rates, read_ecb
from pricing_engine.fx_rates import ReferenceRates, load_reference_rates, write_reference_rates
from pricing_engine.landed import LandedCostEngine
from pricing_engine.quote import load_quote
from pricing_engine.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "fx" / "us-gb-ecb-rates.yaml"


def cpu(fn: Callable[[], object], repeats: int) -> float:
    """Median CPU seconds of ``fn`` over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def synthetic_history(days: int = 6747) -> ReferenceRates:
    """The bundled rows repeated over ``days`` consecutive weekdays (same size as the ECB's)."""
    ecb = bundled_reference_rates()
    rows = [ecb.rates[d] for d in ecb.days]
    start, out, day = ecb.days[0] - timedelta(days=days * 7 // 5), {}, None
    day = start
    while len(out) < days:
        if day.isoweekday() < 6:
            out[day] = rows[len(out) % len(rows)]
        day += timedelta(days=1)
    return ReferenceRates(ecb.source, "synthetic", "EUR", tuple(sorted(out)), out)


def main() -> None:
    rules = load_rules()
    quote = load_quote(EXAMPLE)
    given = quote.model_copy(update={"fx": {"USD/GBP": "0.753377"}})
    with_table, without = LandedCostEngine(rules), LandedCostEngine(rules, fx_table=None)
    with_table.quote(quote)  # the bundled table is read once per process
    loops = 300
    ref = cpu(lambda: [with_table.quote(quote) for _ in range(loops)], 5) / loops
    base = cpu(lambda: [without.quote(given) for _ in range(loops)], 5) / loops
    print(f"quote, rate from the ECB table: {ref * 1000:.3f} ms; rate given: "
          f"{base * 1000:.3f} ms (ratio {ref / base:.2f})")
    if len(sys.argv) > 1:
        source = Path(sys.argv[1])
        print(f"read {source.name}: {cpu(lambda: read_ecb(source), 3):.2f} s")
        table = read_ecb(source).table
    else:
        table = synthetic_history()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_reference_rates(table, Path(tmp) / "table.yaml")
        size = path.stat().st_size
        print(f"load a table file of {len(table.days)} days ({size:,} bytes): "
              f"{cpu(lambda: load_reference_rates(path), 3):.2f} s")


if __name__ == "__main__":
    main()
