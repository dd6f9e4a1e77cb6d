"""Print how long loading and validating the bundled rules takes, cold and cached, and lookups.

Run from the repository root with the project installed: ``python bench/bench_rules.py
[--cold-repeats N]``. The bundled rules include the tariff tables (rules/tariffs/: tens of
thousands of national lines). Targets (issue 10): load + validate of all bundled rules under
1 s from the compiled cache, the cold figure reported; a duty lookup's median under 20 us.

- cold: a fresh process's first load: every file read, parsed, validated and compiled, then
  the compiled book written to the cache (an empty cache directory of this run); then the
  same with the cyclic garbage collector paused, as the CLI loads the rules (a library never
  switches it off: it acts on the whole process);
- cached: a fresh process with the cache in place (in-process memos cleared): the book read
  back from the cache, ``validate`` answered by the record of the validated build. A cached
  book decodes a country's rules (its tariff's section) when the country is first asked for,
  so this figure holds no tariff; the next lines say what the first lookup in the US, the EU
  and GB costs (their tables, tens of thousands of entries), and all 59 countries;
- in-process: ``load_rules()`` again in the same process (the book is kept).

Lookups: national lines, curated headings, and six-digit codes over several national lines of
one duty (the engine checks every line under the code). "again" is the median of one code
looked up again and again (its index entries are kept per code); "first" is the median over
distinct codes each looked up once (every US, GB and DE line of a chapter, then the six-digit
codes over those lines), the entries gathered each time. The baseline is a fixed piece of
pure-Python work (sorting 200 integers) timed in the same run, so that runs on machines of
other speeds compare as ratios.

Times are CPU seconds of this process (wall in brackets: the machine may be shared), medians
of the repeats. The cache and its digests go to a temporary directory, never the user's.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from pathlib import Path

_TMP = tempfile.TemporaryDirectory(prefix="bench-rules-")
os.environ["PRICING_ENGINE_CACHE"] = str(Path(_TMP.name, "cache"))
os.environ["PRICING_ENGINE_LISTS_DIR"] = str(Path(_TMP.name, "data"))

from pricing_engine._gc import gc_paused  # noqa: E402
from pricing_engine.errors import PricingEngineError  # noqa: E402
from pricing_engine.rules import RuleBook, iter_rule_errors, load_rules  # noqa: E402
from pricing_engine.rules import build as build_module  # noqa: E402
from pricing_engine.rules import loader as loader_module  # noqa: E402
from pricing_engine.rules import parse as parse_module  # noqa: E402

ON = date(2026, 11, 20)
#: (country, HS code, origin): national lines of the US, EU, GB and JP tables, a code
#: over lines of one duty; goods of origins denied MFN (US column 2, Canada's General Tariff).
LOOKUPS = [
    ("US", "6403.99.60", "CN"), ("US", "8471.30.01", "CN"), ("DE", "2204.21.09", "US"),
    ("GB", "9503.00.99", "CN"), ("JP", "6109.10.020", "GB"), ("US", "8413.70", "DE"),
    ("CN", "2205.10.00", "IT"), ("KR", "0808.10.0000", "NZ"), ("US", "6403.99.60", "RU"),
    ("CA", "6403.99.30", "BY"),
]
#: six-digit codes over several national lines of one duty (7, 6, 4 and 3 lines)
SIX_DIGITS = [("US", "0309.90", "CN"), ("US", "2208.20", "CN"), ("GB", "0105.11", "CN"),
              ("DE", "0102.21", "CN")]
#: chapters whose every national line is looked up once, for the "first" figure
CHAPTERS = [("US", "84", "CN"), ("GB", "61", "CN"), ("DE", "22", "US")]


def _fresh(clear_disk: bool) -> None:
    """Forget what this process has loaded (and, with ``clear_disk``, the disk cache)."""
    parse_module._CACHE.clear()
    loader_module._BOOKS.clear()
    build_module._COMPILED.clear()  # a cold load compiles every country again
    build_module._TABLE_ERRORS.clear()
    if clear_disk:
        for directory in ("cache", "data"):
            for path in Path(_TMP.name, directory).glob("*"):
                path.unlink()


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def _load_and_validate() -> None:
    load_rules()
    errors = list(iter_rule_errors())
    if errors:
        raise SystemExit(f"the bundled rules have errors: {errors[0]}")


def _median(runs: list[tuple[float, float]]) -> str:
    cpu = statistics.median(r[0] for r in runs)
    wall = statistics.median(r[1] for r in runs)
    return f"{cpu * 1000:8.0f} ms CPU  [{wall * 1000:6.0f} ms wall]"


def _per_call_us(fn: Callable[[], object], n: int = 5_000, repeats: int = 5) -> float:
    runs = []
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(n):
            fn()
        runs.append((time.process_time() - start) / n * 1e6)
    return statistics.median(runs)


def _baseline() -> float:
    """Microseconds of a fixed pure-Python task (the same on every run of this script)."""
    numbers = [(i * 7919) % 1009 for i in range(200)]
    return _per_call_us(lambda: sorted(numbers), n=2_000)


def _first_lookups(book: RuleBook, six: bool = False) -> tuple[float, int]:
    """The median of lookups of codes never looked up before (their entries gathered): the
    national lines of :data:`CHAPTERS`, or (``six``) the six-digit codes over them, which
    look each of their lines up where a duty is keyed at the lines."""
    codes = []
    for country, chapter, origin in CHAPTERS:
        rules = book.country(country)
        keys = [key for key in rules.mfn_keys if key.startswith(chapter) and len(key) >= 8]
        if six:
            keys = sorted({key[:6] for key in keys})
        codes += [(country, key, origin) for key in keys]
    runs = []
    for _ in range(5):
        for country, _, _ in CHAPTERS:
            book.country(country)._prefixes.clear()
        start, done = time.process_time(), 0
        for country, hs, origin in codes:
            with contextlib.suppress(PricingEngineError):  # a line not covered: still looked up
                book.duty(country, hs, origin, ON)
            done += 1
        runs.append((time.process_time() - start) / done * 1e6)
    return statistics.median(runs), len(codes)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cold-repeats", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    cold = []
    for _ in range(args.cold_repeats):
        _fresh(clear_disk=True)
        cold.append(_timed(_load_and_validate))
    paused = []  # as the CLI loads: the cyclic collector off (it owns its process)
    for _ in range(args.cold_repeats):
        _fresh(clear_disk=True)
        with gc_paused():
            paused.append(_timed(_load_and_validate))
    cached = []
    for _ in range(args.repeats):
        _fresh(clear_disk=False)
        cached.append(_timed(_load_and_validate))
    loads = []
    for _ in range(args.repeats):
        _fresh(clear_disk=False)
        loads.append(_timed(load_rules))
    warm = [_timed(load_rules) for _ in range(args.repeats)]
    tariffs, everything = [], []
    for _ in range(args.repeats):
        _fresh(clear_disk=False)
        book = load_rules()
        tariffs.append(_timed(partial(_ask, book, ("US", "DE", "GB"))))
        everything.append(_timed(partial(_ask, book, book.countries())))
    book = load_rules()
    tables = [f for f in book.files if "/tariffs/" in f]
    size = sum((Path(__file__).resolve().parents[1] / f).stat().st_size for f in tables)
    print(f"bundled rules: {len(book.files)} files ({len(tables)} tariff tables, "
          f"{size / 1e6:.1f} MB), {len(book.countries())} countries")
    print(f"{'load + validate, cold (nothing cached):':48} {_median(cold)}")
    print(f"{'  the same, collector paused (as the CLI):':48} {_median(paused)}")
    print(f"{'load + validate, cached (target < 1 s):':48} {_median(cached)}")
    print(f"{'  of which load_rules() alone:':48} {_median(loads)}")
    print(f"{'load_rules() again in the same process:':48} {_median(warm)}")
    print(f"{'then the first use of US, DE and GB:':48} {_median(tariffs)}")
    print(f"{'  and of the other countries:':48} {_median(everything)}")
    ratio = statistics.median(c[0] for c in cold) / statistics.median(c[0] for c in cached)
    print(f"cold / cached: {ratio:.1f}x")
    base = _baseline()
    print(f"baseline (sorting 200 integers) median {base:6.2f} us")
    for country, hs, origin in LOOKUPS + SIX_DIGITS:
        try:
            found = book.duty(country, hs, origin, ON).mfn
            what = f"{found.hs} {found.ref.file}"
        except PricingEngineError as exc:  # the figure is what matters; say what failed
            print(f"duty({country}, {hs}, {origin}): {type(exc).__name__}: {exc}")
            continue
        cost = _per_call_us(partial(book.duty, country, hs, origin, ON))
        print(f"duty({country!r}, {hs!r}, {origin!r}) again median {cost:6.2f} us "
              f"({cost / base:4.2f}x baseline)  ({what})")
    first, count = _first_lookups(book)
    print(f"duty(), first lookup of each of {count} national lines: median {first:6.2f} us "
          f"({first / base:4.2f}x baseline)")
    first, count = _first_lookups(book, six=True)
    print(f"duty(), first lookup of each of {count} six-digit codes over them: median "
          f"{first:6.2f} us ({first / base:4.2f}x baseline)")
    cost = _per_call_us(lambda: book.tax_rates("DE", "standard", ON))
    print(f"tax_rates('DE', 'standard') median {cost:6.2f} us")


def _ask(book: RuleBook, codes: Iterable[str]) -> None:
    for code in codes:
        book.country(code)


if __name__ == "__main__":
    main()
