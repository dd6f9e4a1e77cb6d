"""screen_dask on a 2-worker dask.distributed LocalCluster against screen_many with 2 workers.

    python bench/bench_dask.py [--names 1000000] [--baseline-names N] [--blocksize 512kB]

One run of each on generated input (bench_screening_batch.write_input: company and person
names in a CRM's shape, none listed; screen_many gets the first ``--baseline-names`` of the
same stream, all of them by default), in the same process, one after the other:
- screen_many, in a fresh child process: the CSV read row by row (batch.read_rows), the
  queries screened by ``Screener.screen_many(workers=2, start_method="fork")`` (as the CLI
  starts them; forked workers are that process's children, so their CPU is counted), the
  results counted by status;
- screen_dask: ``dd.read_csv`` in partitions of ``--blocksize``, ``screen_dask`` on a
  ``LocalCluster(n_workers=2, threads_per_worker=1, processes=True)``, written to Parquet by
  the workers (the multi-node recipe's path); timed after a 100-row warm-up that ships the
  screener and lets each worker build it (its time is printed as the start-up).

Prints names/s (wall), CPU per name (this process, the pool's workers or the cluster's
worker processes: user + system), the ratios dask / screen_many, and the status counts of
both (the same, or the script fails, when both screen the same names). Bounded: both paths
stream; at 0.7-1.1 ms of CPU a name, 1M names take 6-10 minutes each on an idle 2-core machine
(far longer when it is shared: then give screen_many fewer names; the ratios are per name).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_screening_batch import write_input


def children_cpu() -> float:
    """CPU seconds of the child processes waited for so far (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_screen_many(screener: Any, source: Path) -> tuple[float, float, Counter[str]]:
    """Screen ``source`` with screen_many, 2 workers; return wall, CPU and status counts."""
    from pricing_engine.screening.batch import read_rows

    statuses: Counter[str] = Counter()
    start, cpu = time.perf_counter(), time.process_time() + children_cpu()
    with source.open("rb") as handle:
        queries = (row.query for row in read_rows(handle))
        results = screener.screen_many(queries, workers=2, start_method="fork")
        for result in results:  # every generated row is valid
            statuses[result.status] += 1
    wall = time.perf_counter() - start
    return wall, time.process_time() + children_cpu() - cpu, statuses


def baseline_in_child(source: Path) -> tuple[float, float, Counter[str]]:
    """Run :func:`run_screen_many` in a fresh process (no thread of dask's in it to fork)."""
    command = [sys.executable, __file__, "--baseline-of", str(source)]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    wall, cpu, statuses = json.loads(done.stdout.splitlines()[-1])
    return wall, cpu, Counter(statuses)


def workers_cpu(client: Any) -> float:
    """CPU seconds of the cluster's worker processes so far."""
    import psutil

    def cpu() -> float:
        times = psutil.Process().cpu_times()
        return float(times.user + times.system)

    return sum(client.run(cpu).values())


def built(dask_worker: Any) -> None:
    """Wait on a worker until the screener of its plugin is built."""
    from pricing_engine.screening.dask_plugin import PLUGIN_PREFIX

    for name, plugin in dask_worker.plugins.items():
        if name.startswith(PLUGIN_PREFIX):
            plugin.screener()


def run_screen_dask(
    screener: Any, source: Path, blocksize: str, folder: Path
) -> tuple[float, float, float, int, Counter[str]]:
    """Screen ``source`` on a LocalCluster; return start-up, wall, CPU, partitions, counts."""
    import dask.dataframe as dd
    import pandas as pd
    from dask.distributed import Client, LocalCluster

    from pricing_engine.screening.distributed import screen_dask

    started = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None, host="127.0.0.1")  # fmt: skip
    with cluster, Client(cluster) as client:
        warm = pd.DataFrame({"id": ["w1"], "name": ["Warm Up Ltd"]}).iloc[[0] * 100]
        screen_dask(dd.from_pandas(warm, npartitions=2), screener=screener).compute()
        client.run(built)  # both workers, even if one got no warm-up partition
        startup = time.perf_counter() - started
        start, cpu = time.perf_counter(), time.process_time() + workers_cpu(client)
        parties = dd.read_csv(source, blocksize=blocksize, dtype=str, keep_default_na=False)
        out = folder / "screened.parquet"
        screen_dask(parties, screener=screener).to_parquet(out, write_index=False)
        wall = time.perf_counter() - start
        cpu = time.process_time() + workers_cpu(client) - cpu
    statuses = Counter(
        "error" if pd.isna(s) else s for s in pd.read_parquet(out, columns=["status"])["status"]
    )
    return startup, wall, cpu, parties.npartitions, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=1_000_000)
    parser.add_argument(
        "--baseline-names",
        type=int,
        default=None,
        help="names for screen_many (default: --names; fewer to save time)",
    )
    parser.add_argument("--blocksize", default="512kB", help="dd.read_csv partition size")
    parser.add_argument("--baseline-of", type=Path, help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args()
    if args.baseline_of:
        from pricing_engine.screening.screener import Screener

        print(json.dumps(run_screen_many(Screener.from_bundled(), args.baseline_of)))
        return
    args.baseline_names = args.baseline_names or args.names
    from pricing_engine.screening.screener import Screener

    folder = Path(tempfile.mkdtemp(prefix="bench_dask_"))
    source, baseline = folder / "parties.csv", folder / "baseline.csv"
    write_input(source, args.names)
    write_input(baseline, args.baseline_names)  # the first rows of the same stream
    screener = Screener.from_bundled()
    print(f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; "
          f"{args.names:,} generated names", flush=True)  # fmt: skip
    startup, wall, cpu, parts, statuses = run_screen_dask(screener, source, args.blocksize,
                                                          folder)  # fmt: skip
    print(f"screen_dask, LocalCluster 2x1: {args.names / wall:7.0f} names/s "
          f"({wall:.0f} s wall for {args.names:,}, {parts} partitions, to Parquet), "
          f"{cpu / args.names * 1000:.2f} ms CPU per name; start-up {startup:.1f} s "
          "(cluster, screener shipped and built)", flush=True)  # fmt: skip
    print(f"statuses: {dict(sorted(statuses.items()))}; load average {os.getloadavg()[0]:.1f}",
          flush=True)  # fmt: skip
    many_wall, many_cpu, many_statuses = baseline_in_child(baseline)
    names = args.baseline_names
    print(f"screen_many, 2 workers:        {names / many_wall:7.0f} names/s "
          f"({many_wall:.0f} s wall for {names:,}), {many_cpu / names * 1000:.2f} ms CPU per name"
          f"; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    rate, many_rate = args.names / wall, names / many_wall
    print(
        f"dask / screen_many: names/s x{rate / many_rate:.2f}, "
        f"CPU per name x{(cpu / args.names) / (many_cpu / names):.2f}"
    )
    if args.baseline_names == args.names and statuses != many_statuses:
        raise SystemExit(f"status counts differ: screen_many gave {dict(many_statuses)}")


if __name__ == "__main__":
    main()
