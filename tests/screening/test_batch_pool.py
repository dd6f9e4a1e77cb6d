"""map_chunks' worker processes: a dead worker is an error, never a hang; nothing outlives it."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest

from pricing_engine.screening.batch_pool import WorkerError, map_chunks
from pricing_engine.screening.screener import Screener

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_bundled()  # the session's index cache (tests/conftest.py)


def _statuses(screener: Screener, chunk: list[str]) -> list[str]:
    return [screener.screen(name).status for name in chunk]


def _dies_on_poison(screener: Screener, chunk: list[str]) -> list[str]:
    if "poison" in chunk:
        os.kill(os.getpid(), signal.SIGKILL)
    return _statuses(screener, chunk)


def _raises_on_poison(screener: Screener, chunk: list[str]) -> list[str]:
    if "poison" in chunk:
        raise ValueError("a row the work refuses")
    return _statuses(screener, chunk)


NAMES = ["Banco Nacional de Cuba", "John Smith", "Aymen al Zawahiri", "Bank of America"] * 6


def test_workers_give_the_serial_results_in_order(screener: Screener) -> None:
    serial = list(map_chunks(screener, _statuses, NAMES, chunk_rows=5))
    parallel = list(map_chunks(screener, _statuses, NAMES, workers=2, chunk_rows=5,
                               start_method="fork"))  # fmt: skip
    assert parallel == serial
    assert [s for chunk in serial for s in chunk] == [screener.screen(n).status for n in NAMES]
    assert not multiprocessing.active_children()


def test_a_killed_worker_is_an_error_not_a_hang(screener: Screener) -> None:
    names = [*NAMES[:8], "poison", *NAMES[8:]]
    with pytest.raises(WorkerError, match=r"worker \d of 2 died \(exit code -9\)"):
        list(map_chunks(screener, _dies_on_poison, names, workers=2, chunk_rows=4,
                        start_method="fork"))  # fmt: skip
    assert not multiprocessing.active_children()


def test_an_error_in_the_work_is_raised_in_the_caller(screener: Screener) -> None:
    names = [*NAMES[:8], "poison"]
    with pytest.raises(ValueError, match="a row the work refuses"):
        list(map_chunks(screener, _raises_on_poison, names, workers=2, chunk_rows=4,
                        start_method="fork"))  # fmt: skip
    assert not multiprocessing.active_children()


def test_workers_killed_while_idle_still_let_the_caller_stop(screener: Screener) -> None:
    """SIGTERM to idle workers (as to a process group) then closing: returns, nothing left."""
    chunks = map_chunks(screener, _statuses, iter(NAMES), workers=2, chunk_rows=2,
                        start_method="fork")  # fmt: skip
    first = next(chunks)
    assert first == _statuses(screener, NAMES[:2])
    for child in multiprocessing.active_children():
        os.kill(child.pid or 0, signal.SIGTERM)
    chunks.close()
    assert not multiprocessing.active_children()
