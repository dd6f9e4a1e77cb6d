"""Print how long loading and validating the bundled rules takes, and one lookup's cost.

Run from the repository root with the project installed: ``python bench/bench_rules.py``.
Targets: load + validate all bundled rules under 0.5 s (about 60 files) on a 2-core machine;
lookups in microseconds.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pricing_engine.errors import PricingEngineError
from pricing_engine.rules import iter_rule_errors, load_rules
from pricing_engine.rules import loader as loader_module
from pricing_engine.rules import parse as parse_module

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "rules_good"


def _cold(fn: Callable[[], object]) -> float:
    parse_module._CACHE.clear()  # parse every file again: the cost of a fresh process
    loader_module._BOOKS.clear()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _per_call_us(fn: Callable[[], object], n: int = 20_000) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    """Measure and print."""
    start = time.perf_counter()
    book = load_rules()  # first call also imports pycountry data and builds caches
    first = time.perf_counter() - start
    files = len(book.files)
    cold = [_cold(load_rules) for _ in range(5)]
    validate = [_cold(lambda: list(iter_rule_errors())) for _ in range(5)]
    warm = []
    for _ in range(5):
        warm_start = time.perf_counter()
        load_rules()
        warm.append(time.perf_counter() - warm_start)
    print(f"bundled rules: {files} files, {len(book.countries())} countries")
    print(f"first load (process start, incl. lazy ISO data): {first * 1000:8.1f} ms")
    for label, times in (("load_rules(), files re-parsed", cold),
                         ("iter_rule_errors(), files re-parsed", validate),
                         ("load_rules(), unchanged files (cache)", warm)):
        print(f"{label + ' (median of 5):':50} {statistics.median(times) * 1000:8.1f} ms")

    on = date(2026, 1, 1)
    country = "DE" if "DE" in book.countries() else book.countries()[0]
    print(f"tax_rates({country!r}, 'standard'):      "
          f"{_per_call_us(lambda: book.tax_rates(country, 'standard', on)):7.2f} us")
    duty_book, where = book, "bundled"
    try:
        book.duty("US", "8471300100", "CN", on)
    except PricingEngineError as exc:  # the bundled tariff may not cover it: use the fixtures
        duty_book, where = load_rules(FIXTURES, include_bundled=False), f"fixtures ({exc})"
    print(f"duty('US', '8471300100', 'CN') [{where}]: "
          f"{_per_call_us(lambda: duty_book.duty('US', '8471300100', 'CN', on)):7.2f} us")
    if "CA" in book.countries():
        cost = _per_call_us(lambda: book.de_minimis("CA", on, mode="courier", ship_from="US"))
        print(f"de_minimis('CA', courier, from US): {cost:7.2f} us")


if __name__ == "__main__":
    main()
