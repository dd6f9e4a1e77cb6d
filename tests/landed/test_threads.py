"""One Engine shared by eight threads gives exactly the results of sequential runs."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pricing_engine.engine import Engine
from pricing_engine.quote import Quote, load_quote

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
THREADS = 8
ROUNDS = 6  # each thread prices every example this many times, in its own order


def _dump(engine: Engine, quote: Quote) -> dict[str, Any]:
    return engine.quote(quote).model_dump(mode="json")


def test_eight_threads_on_one_engine_match_sequential_runs() -> None:
    engine = Engine.load()  # built once, shared by every thread
    quotes = [load_quote(path) for path in sorted(EXAMPLES.glob("*.yaml"))]
    assert len(quotes) >= 6
    sequential = [_dump(engine, q) for q in quotes]

    def work(offset: int) -> list[tuple[int, dict[str, Any]]]:
        out = []
        for step in range(ROUNDS * len(quotes)):
            i = (offset + step) % len(quotes)  # threads start on different quotes
            out.append((i, _dump(engine, quotes[i])))
        return out

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, inside the look-up caches too
    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            runs = list(pool.map(work, range(THREADS)))
    finally:
        sys.setswitchinterval(interval)
    assert sum(len(run) for run in runs) == THREADS * ROUNDS * len(quotes)
    for run in runs:
        for i, dumped in run:
            assert dumped == sequential[i], f"thread result differs for {quotes[i].id}"
