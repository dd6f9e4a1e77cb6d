"""Chunks of a batch through a screener, in this process or a pool, in bounded memory.

:func:`map_chunks` cuts a stream into chunks and yields what a function makes of each, in
order. Worker processes get whole chunks (not one item at a time) and hand back whatever the
function returns for them (a batch sends rows and gets rendered output lines, so that the
parent does not pay for pickling result models). At most :data:`IN_FLIGHT` chunks per worker
are queued or being worked on: the stream is read only as fast as it is screened, so memory
does not grow with its length (``Pool.imap`` would read the whole stream into its queue).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import Any, TypeVar

from pricing_engine.screening import screener as _screener_module
from pricing_engine.screening.screener import Screener, StartMethod

__all__ = ["CHUNK_ROWS", "IN_FLIGHT", "LOCAL_CHUNK_ROWS", "map_chunks"]

#: Items sent to a worker at once: large enough that sending costs little per item.
CHUNK_ROWS = 512
#: Items screened at once without workers: small, so that a caller acts on them soon.
LOCAL_CHUNK_ROWS = 32
#: Chunks per worker queued or being screened at any time.
IN_FLIGHT = 2

T = TypeVar("T")
R = TypeVar("R")


def map_chunks(
    screener: Screener,
    work: Callable[[Screener, list[T]], list[R]],
    items: Iterable[T],
    *,
    workers: int = 1,
    chunk_rows: int | None = None,
    start_method: StartMethod | None = None,
) -> Generator[list[R], None, None]:
    """Yield ``work(screener, chunk)`` for consecutive chunks of ``items``, in order.

    ``work`` must be a module-level function (it is sent to the workers by name). With
    ``workers`` <= 1 it runs in this process on chunks of :data:`LOCAL_CHUNK_ROWS`; else a
    pool of ``workers`` processes, started as :meth:`Screener.screen_many` starts them (by
    default "forkserver" where the platform has it, else "spawn"; the CLI asks for "fork"),
    screens chunks of :data:`CHUNK_ROWS`. Closing the iterator early terminates the pool.
    """
    if workers <= 1:
        for chunk in _chunks(items, chunk_rows or LOCAL_CHUNK_ROWS):
            yield work(screener, chunk)
        return
    method = start_method or _screener_module._safe_start_method()
    initializer: Callable[..., None]
    initargs: tuple[object, ...]
    if method == "fork":  # the workers inherit the built index, nothing is copied
        initializer, initargs = _screener_module._init_worker, (screener,)
    else:  # each worker receives the index once, in the index_format layout
        initializer = _screener_module._init_worker_from_bytes
        initargs = (screener._shipped(), screener.config)
    context = multiprocessing.get_context(method)
    with context.Pool(workers, initializer=initializer, initargs=initargs) as pool:
        waiting: deque[AsyncResult[list[R]]] = deque()
        for chunk in _chunks(items, chunk_rows or CHUNK_ROWS):
            waiting.append(pool.apply_async(_in_worker, (work, chunk)))
            if len(waiting) >= workers * IN_FLIGHT:
                yield waiting.popleft().get()
        while waiting:
            yield waiting.popleft().get()


def _in_worker(work: Callable[[Screener, list[T]], list[R]], chunk: list[T]) -> list[R]:
    return work(_screener_module._worker[0], chunk)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
