"""Reading request bodies: bounded in size and time; a streamed body as a blocking file.

A document body (a quote, a proposal, a party) is read whole, refused at once when its
Content-Length is over the limit, or as soon as more bytes than that have come. A batch is
read as it arrives: :class:`StreamReader` gives the worker thread that screens it a
``readline`` over the request stream, which the event loop feeds.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import anyio
import anyio.from_thread
from starlette.requests import ClientDisconnect, Request

from pricing_engine.server.problems import HttpProblem

__all__ = ["StreamReader", "check_length", "read_body"]


def check_length(request: Request, limit: int) -> None:
    """Refuse a body whose Content-Length is over ``limit`` before reading any of it."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise HttpProblem(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise HttpProblem(413, f"the body is {int(declared)} bytes; the limit is {limit}")


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The whole body, at most ``limit`` bytes, read within ``timeout`` seconds."""
    check_length(request, limit)
    data = bytearray()
    receive = request.receive  # the messages as Request.stream() reads them, without its
    try:                       # generator (a document body mostly comes in one message)
        # asyncio's own timeout: a third of the CPU of anyio.fail_after, on every request
        async with asyncio.timeout(timeout):
            while True:
                message = await receive()
                if message["type"] != "http.request":  # http.disconnect
                    raise ClientDisconnect
                data += message.get("body", b"")
                if len(data) > limit:
                    raise HttpProblem(413, f"the body is over the limit of {limit} bytes")
                if not message.get("more_body", False):
                    break
    except TimeoutError:
        raise HttpProblem(408, f"the body did not arrive within {timeout:g} s") from None
    return bytes(data)


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
