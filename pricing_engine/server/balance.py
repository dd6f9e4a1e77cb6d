"""Even connections over the ``serve --workers N`` processes.

``SO_REUSEPORT`` places each new connection on a worker by a hash of its addresses: a fair
draw for each connection, made once. A quoting tool keeps a few keep-alive connections open
for as long as it runs, so a few draws decide the split for good: 8 connections over 2
workers land 6/2 or worse about 3 times in 10 (2 x (1 + 8 + 28) / 256), and the worker with
6 queues every request behind half as many again as it would with 4.

So each worker counts its open connections in its own slot of an array all the workers
share (:class:`ConnectionBalance`, counted by the HTTP protocol class :meth:`protocol`
makes). A worker holding two or more connections more than the least loaded worker answers
its next response with ``Connection: close`` (one such connection at a time, until it is
gone); the client opens a new one, which the kernel places afresh, until the split is within
one. No request is refused or cut: the response is whole, and every HTTP/1.1 client opens a
new connection after ``Connection: close`` (RFC 9112, section 9.6).
"""

from __future__ import annotations

import asyncio
import ctypes
import time
from collections.abc import MutableSequence
from typing import Any

__all__ = ["ABSENT", "ConnectionBalance", "shared_counts"]

#: The count of a worker that is not serving (starting, or dead and about to be replaced):
#: never the least loaded, so no connection is closed for a worker that cannot take it.
ABSENT = 2**62

#: How long one close may stay outstanding before the next is allowed (seconds): a closed
#: connection is normally gone within a millisecond of its response.
_CLOSE_WAIT = 1.0


def shared_counts(context: Any, workers: int) -> MutableSequence[int]:
    """An array of ``workers`` connection counts in shared memory, each :data:`ABSENT` until
    its worker serves (``context``: a multiprocessing context; the array is passed to each
    worker process as it starts)."""
    counts: MutableSequence[int] = context.RawArray(ctypes.c_longlong, [ABSENT] * workers)
    return counts


class ConnectionBalance:
    """One worker's view of the shared counts: its own slot ``index``, which only it writes
    (:data:`ABSENT` until :meth:`serving`), and the others', which it reads (a stale reading
    only delays a close)."""

    __slots__ = ("_closing", "_counts", "_index", "_others")

    def __init__(self, counts: MutableSequence[int], index: int) -> None:
        if not 0 <= index < len(counts):
            raise ValueError(f"worker slot {index} is outside the {len(counts)} shared")
        self._counts = counts
        self._index = index
        self._others = tuple(i for i in range(len(counts)) if i != index)
        self._closing = 0.0  # when the outstanding close was asked for (0: none)

    def serving(self) -> None:
        """This worker now serves (its app started), with no connection yet."""
        self._counts[self._index] = 0

    def leaving(self) -> None:
        """This worker stops serving: the others no longer send clients its way."""
        self._counts[self._index] = ABSENT

    @property
    def connections(self) -> int:
        """This worker's open connections."""
        return self._counts[self._index]

    def opened(self) -> None:
        self._counts[self._index] += 1

    def closed(self) -> None:
        self._counts[self._index] -= 1
        self._closing = 0.0

    def should_close(self) -> bool:
        """Whether the response being sent should close its connection (and if so, it is
        counted as outstanding: no other is asked for until a connection is gone)."""
        counts = self._counts
        mine = counts[self._index]
        if mine < 2 or not self._others:
            return False
        if self._closing and time.monotonic() - self._closing < _CLOSE_WAIT:
            return False
        if mine - min(counts[i] for i in self._others) < 2:
            return False
        self._closing = time.monotonic()
        return True

    def protocol(self, base: type[asyncio.Protocol]) -> type[asyncio.Protocol]:
        """``base`` (the server's HTTP protocol class) counting its connections here."""
        balance = self

        class Counted(base):  # type: ignore[valid-type,misc]
            _counted = False

            def connection_made(self, transport: Any) -> None:
                super().connection_made(transport)
                balance.opened()
                self._counted = True

            def connection_lost(self, exc: Exception | None) -> None:
                if self._counted:
                    self._counted = False
                    balance.closed()
                super().connection_lost(exc)

        Counted.__name__ = Counted.__qualname__ = f"Counted{base.__name__}"
        return Counted
