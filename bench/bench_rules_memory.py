"""Print the memory a first use of the bundled rules takes, and what a process keeps after.

Run from the repository root with the project installed: ``python bench/bench_rules_memory.py
[--repeats N] [--code DIR ...] [--user]``. Each figure comes from a fresh Python process, as a
user's first run: ``load_rules()`` on an empty cache (parse, check, compile, write the cache),
then in another process with that cache in place, each followed by a duty lookup in every
country (the cache decodes a country's rules when it is first asked for). Printed per run: the
process's peak resident memory (``ru_maxrss``), its resident memory after the load and the
lookups, and the Python objects' memory blocks still allocated then (``sys.getallocatedblocks``
after a collection: what the process holds, whatever the allocator has not given back to the
system). With ``--user``, a user's copy of ``rules/`` too: ``validate`` of it on an empty
cache, then ``load_rules(copy)`` over the cached bundled book (every country touched, so
compiled again).

``--code DIR`` (repeatable) measures another checkout's package too (put first on the child's
``PYTHONPATH``; a ``git worktree`` of an earlier commit), alternated with this one, to compare.
Memory does not depend on how busy the machine is; the CPU seconds printed beside it do.
The caches go to temporary directories, never the user's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import contextlib, gc, json, resource, sys, time
from datetime import date
from pricing_engine.errors import PricingEngineError
from pricing_engine.rules import load_rules

def rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")

from pricing_engine.rules import iter_rule_errors

mode, user = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
start = time.process_time()
if mode == "validate":  # `pricing-engine validate DIR`: checked against the bundled rules
    errors = list(iter_rule_errors([user]))
    assert not errors, errors[:3]
    loaded = time.process_time() - start
else:
    book = load_rules(user) if mode == "over" else load_rules()
    loaded = time.process_time() - start
    for country in book.countries():
        with contextlib.suppress(PricingEngineError):
            book.duty(country, "8471.30", "CN", date(2026, 11, 20))
gc.collect()
print(json.dumps({"cpu": loaded, "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rss": rss(), "blocks": sys.getallocatedblocks(),
                  "package": __import__("pricing_engine").__file__}))
"""


def _run(code: Path, cache: Path, *mode: str) -> dict[str, float | str]:
    env = dict(os.environ, PYTHONPATH=str(code), PRICING_ENGINE_CACHE=str(cache / "cache"),
               PRICING_ENGINE_LISTS_DIR=str(cache / "data"))
    done = subprocess.run([sys.executable, "-c", CHILD, *(mode or ("load",))], env=env,
                          cwd=tempfile.gettempdir(), capture_output=True, text=True, check=True)
    result: dict[str, float | str] = json.loads(done.stdout.splitlines()[-1])
    return result


def _line(label: str, found: dict[str, float | str]) -> str:
    peak, rss = float(found["peak"]), float(found["rss"])
    blocks, cpu = float(found["blocks"]) / 1e6, float(found["cpu"])
    return (f"{label:34} peak {peak:7.0f} MB  after {rss:6.0f} MB  blocks {blocks:5.2f} M  "
            f"load {cpu:6.2f} s CPU")


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--code", type=Path, action="append", default=[],
                        help="another checkout's root, measured alternately with this one")
    parser.add_argument("--user", action="store_true",
                        help="also a user's copy of rules/: `validate DIR` on an empty cache, "
                             "then `load_rules(DIR)` over the cached bundled book")
    args = parser.parse_args()
    codes = [ROOT, *args.code]
    for run in range(args.repeats):
        for code in codes:
            name = "this checkout" if code == ROOT else str(code)
            with tempfile.TemporaryDirectory(prefix="bench-rules-memory-") as tmp:
                cold = _run(code, Path(tmp))
                cached = _run(code, Path(tmp))
                if args.user:  # (its own name: a copy's labels are not the bundled ones)
                    copy = Path(tmp, "mine")
                    shutil.copytree(code / "rules", copy)
                    validated = _run(code, Path(tmp, "v"), "validate", str(copy))
                    over = _run(code, Path(tmp), "over", str(copy))
            if not str(cold["package"]).startswith(str(code.resolve())):
                raise SystemExit(f"{name}: the child imported {cold['package']}")
            print(_line(f"run {run + 1}, {name}: cold", cold))
            print(_line(f"run {run + 1}, {name}: cached", cached))
            if args.user:
                print(_line(f"run {run + 1}, {name}: validate copy", validated))
                print(_line(f"run {run + 1}, {name}: copy over cached", over))


if __name__ == "__main__":
    main()
