"""Reading a document body: whole, bounded in size, and within the time limit (no server)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.server.conftest import needs_server

needs_server()

from starlette.requests import Request  # noqa: E402 - after the skip

from pricing_engine.server.body import read_body  # noqa: E402
from pricing_engine.server.problems import HttpProblem  # noqa: E402


def request(pieces: list[bytes], *, stall: bool = False,
            length: int | None = None) -> Request:
    """A request whose body comes in ``pieces``; with ``stall`` the last never comes."""
    headers = [] if length is None else [(b"content-length", str(length).encode())]
    scope = {"type": "http", "method": "POST", "path": "/v1/quote", "headers": headers,
             "query_string": b""}
    queue = list(pieces)

    async def receive() -> dict[str, Any]:
        if stall and len(queue) == 1:
            await asyncio.sleep(3600)
        piece = queue.pop(0)
        return {"type": "http.request", "body": piece, "more_body": bool(queue)}

    return Request(scope, receive)


def read(req: Request, limit: int = 1000, timeout: float = 5.0) -> bytes:
    return asyncio.run(read_body(req, limit, timeout))


def test_a_body_in_pieces_is_read_whole() -> None:
    assert read(request([b'{"name": ', b'"Acme"', b"}"])) == b'{"name": "Acme"}'


def test_a_body_that_stops_coming_is_a_408() -> None:
    with pytest.raises(HttpProblem) as info:
        read(request([b'{"name": ', b"never"], stall=True), timeout=0.2)
    assert info.value.status == 408
    assert info.value.detail == "the body did not arrive within 0.2 s"


def test_a_body_over_the_limit_is_a_413_declared_or_not() -> None:
    with pytest.raises(HttpProblem) as declared:
        read(request([b"x" * 10], length=2000))
    assert (declared.value.status, declared.value.detail) == (
        413, "the body is 2000 bytes; the limit is 1000")
    with pytest.raises(HttpProblem) as streamed:
        read(request([b"x" * 600, b"x" * 600]))
    assert (streamed.value.status, streamed.value.detail) == (
        413, "the body is over the limit of 1000 bytes")


def test_time_limits_of_reads_under_way_together() -> None:
    """Each read has its own limit (one timer for the loop): a shorter one started later
    ends first, a longer one still gets its body, and one cancelled from outside stays
    cancelled."""

    async def together() -> list[Any]:
        long_one = asyncio.ensure_future(
            read_body(request([b"x", b"never"], stall=True), 1000, 30.0))
        short_one = asyncio.ensure_future(
            read_body(request([b"x", b"never"], stall=True), 1000, 0.2))
        await asyncio.sleep(0.3)
        late = await read_body(request([b"a", b"b"]), 1000, 5.0)
        await asyncio.sleep(0.2)
        long_one.cancel()  # still waiting for its 30 s
        done = await asyncio.gather(long_one, short_one, return_exceptions=True)
        return [*done, late]

    long_one, short_one, late = asyncio.run(together())
    assert isinstance(short_one, HttpProblem) and short_one.status == 408
    assert short_one.detail == "the body did not arrive within 0.2 s"
    assert isinstance(long_one, asyncio.CancelledError)
    assert late == b"ab"


def test_a_cancel_from_outside_is_not_a_timeout() -> None:
    async def cancelled() -> None:
        reading = asyncio.ensure_future(read_body(request([b"x", b"y"], stall=True), 1000, 0.5))
        await asyncio.sleep(0.1)
        reading.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reading
        # and a read after it on the same loop still has its limit
        with pytest.raises(HttpProblem) as info:
            await read_body(request([b"x", b"y"], stall=True), 1000, 0.2)
        assert info.value.status == 408

    asyncio.run(cancelled())


def test_loops_in_threads_keep_their_own_limits() -> None:
    """Reads on event loops in two threads at once (each loop its own timer)."""
    import threading

    results: dict[int, object] = {}

    def reader(n: int) -> None:
        async def both() -> list[Any]:
            return list(await asyncio.gather(
                read_body(request([b"x", b"never"], stall=True), 1000, 0.2 + n / 10),
                read_body(request([b"a", b"b"]), 1000, 5.0), return_exceptions=True))

        results[n] = asyncio.run(both())

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    for n in range(2):
        stalled, whole = results[n]  # type: ignore[misc]
        assert isinstance(stalled, HttpProblem) and stalled.status == 408
        assert stalled.detail == f"the body did not arrive within {0.2 + n / 10:g} s"
        assert whole == b"ab"
