"""Screening a Dask DataFrame of parties on a ``dask.distributed`` cluster, one machine or many.

:func:`screen_dask` returns a lazy Dask DataFrame whose partitions are :func:`.screen_frame`'s
output for the input's partitions (``map_partitions``): the same columns as a batch record,
the input's index, one row per input row, in order, malformed rows kept as error records::

    from dask.distributed import Client
    import dask.dataframe as dd
    from pricing_engine.screening import Screener
    from pricing_engine.screening.distributed import screen_dask

    client = Client("tcp://scheduler:8786")
    parties = dd.read_parquet("s3://crm/parties/")          # id, name, kind, country, dob
    screen_dask(parties, screener=Screener.from_bundled()).to_parquet("s3://crm/screened/")

How the lists reach the workers: the screener is built once, here, and shipped to each worker
once as a worker plugin holding its index in the strings-and-numbers layout of
:mod:`.index_format` (:meth:`Screener.worker_seed`: data, never a pickle of the index, and no
index file is read on a worker). A worker starts building its screener from it when the
plugin arrives, once, and keeps it for every partition and for later calls with the same
lists and config (the plugin is named after their content digest); a worker that joins the
cluster later gets the plugin from the scheduler. Called with other lists (after a list
update), :func:`screen_dask` registers their plugin and then removes every other screener
plugin from the scheduler and the workers (their screeners' memory goes with them): a
result built earlier for the old lists and computed afterwards raises (no screener plugin)
instead of screening on the old lists. One version of the lists per cluster at a time.
Workers need pricing_engine installed, the same version as here (checked before building),
not the list files.

Row numbers (column ``row``) run over the whole frame from 1, as in a batch file: to know
where each partition starts, :func:`screen_dask` counts the rows of every partition first
(one ``len`` per partition, computed on the cluster at once).

Everything here needs the optional extra ``pip install "pricing-engine[dask]"``; dask is
imported only when :func:`screen_dask` is called.
"""

from __future__ import annotations

import contextlib
from itertools import accumulate
from typing import Any

from pricing_engine.screening.frame import Frame, empty_frame, import_extra, records_frame
from pricing_engine.screening.screener import Screener

__all__ = ["screen_dask", "screener_plugins"]


def screen_dask(ddf: Any, *, screener: Screener | None = None, client: Any = None) -> Any:
    """Screen every row of the Dask DataFrame ``ddf``; return the output, lazily, as one.

    ``screener`` defaults to :meth:`Screener.from_bundled` (built here, then shipped).
    ``client`` is the ``distributed.Client`` of the cluster that will compute the result
    (by default the current one); the screener's plugin is registered on it now, and
    computing the result elsewhere (another cluster, Dask's local schedulers) raises an
    error naming the plugin. The partitions' row counts are computed now too.
    """
    distributed = import_extra("distributed")
    import_extra("dask.dataframe")
    from pricing_engine.screening.dask_plugin import ScreenerPlugin

    if client is None:
        client = distributed.default_client()  # ValueError: "No clients found"
    plugin = ScreenerPlugin(screener or Screener.from_bundled())
    client.register_plugin(plugin, name=plugin.name)  # ignored if the workers have it
    _retire_others(client, plugin.name)
    lengths = client.compute(ddf.map_partitions(len)).result().tolist()
    starts = list(accumulate(lengths[:-1], initial=1))  # each partition's first row
    return ddf.map_partitions(
        _screen_partition, plugin.name, list(zip(starts, lengths, strict=True)),
        meta=empty_frame(ddf._meta), enforce_metadata=False,
    )  # fmt: skip


def _retire_others(client: Any, keep: str) -> None:
    """Remove every screener plugin but ``keep`` from the cluster (stale lists)."""
    for name in client.run_on_scheduler(screener_plugins):
        if name != keep:
            with contextlib.suppress(KeyError, ValueError):  # a worker without it; gone
                client.unregister_worker_plugin(name)


def screener_plugins(dask_scheduler: Any) -> list[str]:
    """Return the names of the screener plugins a scheduler holds (run on the scheduler)."""
    from pricing_engine.screening.dask_plugin import PLUGIN_PREFIX

    return sorted(n for n in dask_scheduler.worker_plugins if n.startswith(PLUGIN_PREFIX))


def _screen_partition(
    part: Frame, name: str, counted: list[tuple[int, int]],
    partition_info: dict[str, Any] | None = None,
) -> Frame:  # fmt: skip
    """Screen one partition on a worker with the screener of plugin ``name``.

    ``counted`` holds each partition's first row number and row count: a partition whose
    length differs (the input changed between counting and screening, or Dask cut it
    differently) raises rather than number rows wrongly.
    """
    pd = import_extra("pandas")
    if partition_info is None and not len(part):  # dask making its meta: nothing to screen
        return records_frame(pd, part, None, 1)
    number = partition_info["number"] if partition_info else -1
    if not 0 <= number < len(counted) or counted[number][1] != len(part):
        raise RuntimeError(
            f"partition {number} of the screened frame has {len(part)} rows, not "
            "the number counted before: was the input changed in between?"
        )
    from pricing_engine.screening.dask_plugin import ScreenerPlugin

    try:
        worker = import_extra("distributed").get_worker()
    except ValueError:  # not on a distributed worker: Dask's local schedulers
        worker = None
    plugin = worker.plugins.get(name) if worker is not None else None
    if not isinstance(plugin, ScreenerPlugin):
        raise RuntimeError(f"no screener plugin {name} here: compute the result on the "
                           "cluster of the client screen_dask was given")  # fmt: skip
    return records_frame(pd, part, plugin.screener().screen, counted[number][0])
