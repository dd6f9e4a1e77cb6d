"""Start-up of the CLI: ``pricing-engine --help`` against ``pricing-engine --version``.

Runs each command as a fresh process, several times, and prints the median CPU time (user +
system of the child) and wall time, and the ratio of --help to --version (issue 9: at most 2x).
CPU time is what the noisy shared machine disturbs least.

    python bench/bench_cli_startup.py [--repeats 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _run(args: list[str]) -> tuple[float, float]:
    """CPU seconds (children's user + system) and wall seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    script = str(Path(sys.executable).with_name("pricing-engine"))
    print(f"machine: {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}; "
          f"{args.repeats} runs each, interleaved; medians")
    runs: dict[str, list[tuple[float, float]]] = {"--version": [], "--help": []}
    _run([script, "--version"])  # warm the file cache
    for _ in range(args.repeats):
        for flag, samples in runs.items():
            samples.append(_run([script, flag]))
    medians = {flag: (statistics.median(c for c, _ in s), statistics.median(w for _, w in s))
               for flag, s in runs.items()}
    for flag, (cpu, wall) in medians.items():
        print(f"  pricing-engine {flag:<9}  CPU {cpu * 1000:6.1f} ms   wall {wall * 1000:6.1f} ms")
    ratio = medians["--help"][0] / medians["--version"][0]
    print(f"  --help / --version CPU ratio: {ratio:.2f} (target <= 2): "
          f"{'met' if ratio <= 2 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
