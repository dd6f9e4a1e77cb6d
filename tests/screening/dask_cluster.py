"""The 2-worker Dask LocalCluster the distributed-screening tests run on (loopback only)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest


@contextmanager
def local_client() -> Iterator[Any]:
    """A client of a fresh 2-worker LocalCluster (one thread a worker), closed on exit."""
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        host="127.0.0.1",
    )  # fmt: skip
    client = distributed.Client(cluster)
    try:
        yield client
    finally:  # generous timeouts: on a busy machine a worker with its index takes a while
        client.close(timeout=120)
        cluster.close(timeout=120)
    assert cluster.status.name == "closed"
