"""Reading request bodies: bounded in size and time; a streamed body as a blocking file.

A document body (a quote, a proposal, a party) is read whole, refused at once when its
Content-Length is over the limit, or as soon as more bytes than that have come. A batch is
read as it arrives: :class:`StreamReader` gives the worker thread that screens it a
``readline`` over the request stream, which the event loop feeds.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import anyio
import anyio.from_thread
from starlette.requests import ClientDisconnect, Request
from starlette.types import Scope

from pricing_engine.server.problems import HttpProblem

__all__ = ["StreamReader", "check_length", "read_body"]


def check_length(request: Request, limit: int) -> None:
    """Refuse a body whose Content-Length is over ``limit`` before reading any of it."""
    declared = _content_length(request.scope)
    if declared is not None:
        if not declared.isdigit():
            raise HttpProblem(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise HttpProblem(413, f"the body is {int(declared)} bytes; the limit is {limit}")


def _content_length(scope: Scope) -> str | None:
    """``request.headers.get("content-length")`` without making the Headers: the first one."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            return str(value.decode("latin-1"))
    return None


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The whole body, at most ``limit`` bytes, read within ``timeout`` seconds.

    The time limit works as ``asyncio.timeout`` does (the task is cancelled when it passes,
    and that cancellation becomes a 408), with one timer for all the reads of the event
    loop instead of a timer set and cancelled for every request (see :class:`_Deadlines`).
    """
    check_length(request, limit)
    task = asyncio.current_task()
    if task is None:  # not in a task: asyncio.timeout's own error
        async with asyncio.timeout(timeout):
            pass
    assert task is not None
    watch = _deadlines(asyncio.get_running_loop())
    entry = watch.enter(timeout, task)
    data = bytearray()
    receive = request.receive  # the messages as Request.stream() reads them, without its
    try:                       # generator (a document body mostly comes in one message)
        while True:
            message = await receive()
            if message["type"] != "http.request":  # http.disconnect
                raise ClientDisconnect
            data += message.get("body", b"")
            if len(data) > limit:
                raise HttpProblem(413, f"the body is over the limit of {limit} bytes")
            if not message.get("more_body", False):
                break
    except BaseException as exc:
        # asyncio.timeout's exit: our cancel alone (no new one) is the time limit
        if watch.leave(entry) and task.uncancel() <= entry[3] \
                and isinstance(exc, asyncio.CancelledError):
            raise HttpProblem(408, f"the body did not arrive within {timeout:g} s") from None
        if isinstance(exc, TimeoutError):  # as the except TimeoutError around it had it
            raise HttpProblem(408, f"the body did not arrive within {timeout:g} s") from None
        raise
    if watch.leave(entry):  # expired as the last piece came: the cancel is taken back
        task.uncancel()
    return bytes(data)


class _Deadlines:
    """The time limits of the body reads on one event loop, with one timer.

    A read :meth:`enter`\\ s with its deadline and task, and :meth:`leave`\\ s when done.
    The timer is set for the earliest deadline of the reads under way; when it goes off,
    each read past its deadline has its task cancelled (as ``asyncio.timeout`` does, and
    :meth:`leave` says so), and the timer is set again for the earliest one left. With the
    service's one timeout, deadlines come in order: a request only stores and removes its
    entry, and the timer goes off about once a timeout.
    """

    __slots__ = ("loop", "reads", "timer", "when")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        # id(entry): [deadline, task, expired, the task's cancel requests when it began]
        self.reads: dict[int, list[Any]] = {}
        self.timer: asyncio.TimerHandle | None = None
        self.when = 0.0

    def enter(self, timeout: float, task: asyncio.Task[Any]) -> list[Any]:
        deadline = self.loop.time() + timeout
        entry = [deadline, task, False, task.cancelling()]
        self.reads[id(entry)] = entry
        if self.timer is None or deadline < self.when:
            self._arm(deadline)
        return entry

    def leave(self, entry: list[Any]) -> bool:
        """Forget a read; True if its deadline passed and its task was cancelled for it."""
        self.reads.pop(id(entry), None)
        expired: bool = entry[2]
        return expired

    def _arm(self, when: float) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.when = when
        self.timer = self.loop.call_at(when, self._expire)

    def _expire(self) -> None:
        self.timer = None
        now = self.loop.time()
        earliest = None
        for key, entry in list(self.reads.items()):
            if entry[0] <= now:  # as asyncio.timeout's timer: cancel the task once
                del self.reads[key]
                entry[2] = True
                entry[1].cancel()
            elif earliest is None or entry[0] < earliest:
                earliest = entry[0]
        if earliest is not None:
            self._arm(earliest)


_last: list[_Deadlines | None] = [None]


def _deadlines(loop: asyncio.AbstractEventLoop) -> _Deadlines:
    """The :class:`_Deadlines` of the loop: the last one made, or a new one for another loop.

    A server runs one loop a process, so there is one. Where loops take turns (tests, loops
    in threads), a read started on a loop that was not the last one gets a new one: each
    read leaves the one it entered, whose timer, on its own loop, still keeps its limit.
    """
    watch = _last[0]
    if watch is None or watch.loop is not loop:
        watch = _last[0] = _Deadlines(loop)
    return watch


class StreamReader:
    """A blocking, line-reading view of a request stream, for a worker thread.

    Each read the buffer cannot answer asks the event loop for the next piece of the body
    (:func:`anyio.from_thread.run`), within ``timeout`` seconds; more than ``limit`` bytes
    in all is an error.
    """

    def __init__(self, stream: AsyncIterator[bytes], *, limit: int, timeout: float) -> None:
        self._stream = stream
        self._buffer = bytearray()
        self._done = False
        self._read = 0
        self._limit = limit
        self._timeout = timeout

    async def _next(self) -> bytes | None:
        try:
            with anyio.fail_after(self._timeout):
                return await self._stream.__anext__()
        except StopAsyncIteration:
            return None
        except TimeoutError:
            raise HttpProblem(408, f"no part of the body arrived within {self._timeout:g} s"
                              ) from None

    def _fill(self) -> bool:
        piece = anyio.from_thread.run(self._next)
        if piece is None:
            self._done = True
            return False
        self._read += len(piece)
        if self._read > self._limit:
            raise HttpProblem(413, f"the batch is over the limit of {self._limit} bytes")
        self._buffer += piece
        return True

    def readline(self, limit: int = -1) -> bytes:
        """One line (with its newline), at most ``limit`` bytes; b"" at the end."""
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0 and (limit < 0 or end < limit):
                size = end + 1
                break
            if 0 <= limit <= len(self._buffer):
                size = limit
                break
            if self._done or not self._fill():
                size = len(self._buffer)
                break
        line = bytes(self._buffer[:size])
        del self._buffer[:size]
        return line
