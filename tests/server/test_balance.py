"""ConnectionBalance: when a worker of ``serve --workers N`` sends a client to reconnect.

The counts are a plain list here (the server shares a ctypes array between processes, read
and written the same way); the protocol class is checked against a stand-in base protocol.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from typing import Any

import pytest

from pricing_engine.server.balance import ABSENT, ConnectionBalance, shared_counts


def test_a_worker_within_one_of_the_least_loaded_keeps_its_connections() -> None:
    counts = [0, 0]
    balance = ConnectionBalance(counts, 0)
    for _ in range(3):
        balance.opened()
    counts[1] = 2
    assert balance.connections == 3
    assert not balance.should_close()  # 3 against 2
    counts[1] = 3
    assert not balance.should_close()


def test_a_worker_two_over_the_least_loaded_closes_one_connection_at_a_time() -> None:
    counts = [0, 0, 0]
    balance = ConnectionBalance(counts, 1)
    for _ in range(6):
        balance.opened()
    counts[0], counts[2] = 5, 4
    assert balance.should_close()  # 6 against 4
    assert not balance.should_close()  # that close is outstanding: no second one yet
    balance.closed()  # it is gone (6 -> 5)
    assert counts[1] == 5
    assert not balance.should_close()  # 5 against 4
    counts[2] = 3
    assert balance.should_close()


def test_an_outstanding_close_that_never_came_stops_blocking_after_a_while(
        monkeypatch: pytest.MonkeyPatch) -> None:
    counts = [0, 0]
    balance = ConnectionBalance(counts, 0)
    for _ in range(4):
        balance.opened()
    clock = [100.0]
    monkeypatch.setattr("pricing_engine.server.balance.time.monotonic", lambda: clock[0])
    assert balance.should_close()
    clock[0] += 0.5
    assert not balance.should_close()
    clock[0] += 1.0
    assert balance.should_close()


def test_one_worker_or_one_connection_never_closes() -> None:
    alone = ConnectionBalance([0], 0)
    for _ in range(10):
        alone.opened()
    assert not alone.should_close()
    counts = [0, 0]
    balance = ConnectionBalance(counts, 0)
    balance.opened()
    assert not balance.should_close()  # 1 against 0: nothing to gain


def test_a_worker_counts_from_zero_once_serving_and_is_absent_before_and_after() -> None:
    counts = [ABSENT, ABSENT]
    first = ConnectionBalance(counts, 0)
    assert counts == [ABSENT, ABSENT]  # building its engine: not serving yet
    first.serving()
    for _ in range(5):
        first.opened()
    assert not first.should_close()  # no other worker serves: none to hand a client to
    second = ConnectionBalance(counts, 1)
    second.serving()
    assert counts == [5, 0]
    assert first.should_close()
    first.closed()
    second.leaving()  # stopping (or dead, as the main process marks it)
    assert counts == [4, ABSENT]
    assert not first.should_close()
    with pytest.raises(ValueError, match="slot 2"):
        ConnectionBalance(counts, 2)


def test_shared_counts_start_absent_and_a_balance_writes_its_own() -> None:
    counts = shared_counts(multiprocessing.get_context("spawn"), 3)
    assert list(counts) == [ABSENT] * 3
    balance = ConnectionBalance(counts, 2)
    balance.serving()
    balance.opened()
    balance.opened()
    assert list(counts) == [ABSENT, ABSENT, 2]


class _Base(asyncio.Protocol):
    def __init__(self) -> None:
        self.events: list[str] = []

    def connection_made(self, transport: Any) -> None:
        if transport == "refused":
            raise OSError("refused")
        self.events.append("made")

    def connection_lost(self, exc: Exception | None) -> None:
        self.events.append("lost")


def test_the_protocol_counts_each_connection_once_from_made_to_lost() -> None:
    counts = [0, 0]
    balance = ConnectionBalance(counts, 0)
    counted = balance.protocol(_Base)
    assert counted.__name__ == "Counted_Base" and issubclass(counted, _Base)
    first: Any = counted()
    second: Any = counted()
    first.connection_made("transport")
    second.connection_made("transport")
    assert counts[0] == 2 and first.events == ["made"]
    first.connection_lost(None)
    first.connection_lost(None)  # a second call does not count twice
    assert counts[0] == 1 and first.events == ["made", "lost", "lost"]
    refused: Any = counted()
    with pytest.raises(OSError):
        refused.connection_made("refused")
    refused.connection_lost(None)  # never counted, so not taken off
    assert counts[0] == 1
