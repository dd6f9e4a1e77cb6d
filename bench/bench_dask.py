"""screen_dask on a 2-worker dask.distributed LocalCluster against screen_many with 2 workers.

    python bench/bench_dask.py [--names 1000000] [--blocksize 512kB]

One run of each on the same generated input (bench_screening_batch.write_input: company and
person names in a CRM's shape, none listed), in the same process, one after the other:
- screen_many: the CSV read row by row (batch.read_rows), the queries screened by
  ``Screener.screen_many(workers=2, start_method="fork")`` (as the CLI starts them: forked
  workers are this process's children, so their CPU is counted), the results counted by
  status in this process;
- screen_dask: ``dd.read_csv`` in partitions of ``--blocksize``, ``screen_dask`` on a
  ``LocalCluster(n_workers=2, threads_per_worker=1, processes=True)``, written to Parquet by
  the workers (the multi-node recipe's path); timed after a 100-row warm-up that ships the
  screener and lets each worker build it (its time is printed as the start-up).

Prints names/s (wall), CPU per name (this process, the pool's workers or the cluster's
worker processes: user + system), the ratios dask / screen_many, and the status counts of
both (the same, or the script fails). Bounded: both paths stream; 1M names take about 5
minutes each on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import resource
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
    parser.add_argument("--blocksize", default="512kB", help="dd.read_csv partition size")
    args = parser.parse_args()
    from pricing_engine.screening.screener import Screener

    folder = Path(tempfile.mkdtemp(prefix="bench_dask_"))
    source = folder / "parties.csv"
    write_input(source, args.names)
    screener = Screener.from_bundled()
    print(
        f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; "
        f"{args.names:,} generated names"
    )
    many_wall, many_cpu, many_statuses = run_screen_many(screener, source)
    print(
        f"screen_many, 2 workers:      {args.names / many_wall:7.0f} names/s "
        f"({many_wall:.0f} s wall), {many_cpu / args.names * 1000:.2f} ms CPU per name"
    )
    startup, wall, cpu, parts, statuses = run_screen_dask(screener, source, args.blocksize,
                                                          folder)  # fmt: skip
    print(f"screen_dask, LocalCluster 2x1: {args.names / wall:7.0f} names/s "
          f"({wall:.0f} s wall, {parts} partitions, to Parquet), "
          f"{cpu / args.names * 1000:.2f} ms CPU per name; start-up {startup:.1f} s "
          "(cluster, screener shipped and built)")  # fmt: skip
    print(
        f"dask / screen_many: throughput x{many_wall / wall:.2f}, "
        f"CPU per name x{cpu / many_cpu:.2f}"
    )
    print(f"statuses: {dict(sorted(statuses.items()))}; load average {os.getloadavg()[0]:.1f}")
    if statuses != many_statuses:
        raise SystemExit(f"status counts differ: screen_many gave {dict(many_statuses)}")


if __name__ == "__main__":
    main()
