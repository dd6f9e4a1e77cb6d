"""screen_many: serial in the caller's process by default; workers only when asked, safely."""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest

from pricing_engine.screening import screener as screener_module
from pricing_engine.screening.result import ScreeningQuery
from pricing_engine.screening.screener import Screener

NAMES: list[ScreeningQuery | str] = [
    "Banco Nacional de Cuba",
    "John Smith",
    ScreeningQuery(name="Dragan Djokic", kind="person", id="c-3"),
    "Bank of America",
    "Digital Invest LLC",
    "Aymen al Zawahiri",
] * 5


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_bundled()  # the session's index cache (tests/conftest.py)


def _names(results: list[Any]) -> list[str]:
    return [r.query.name for r in results]


def test_by_default_no_process_is_started(
    screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("screen_many started worker processes by default")

    monkeypatch.setattr(multiprocessing, "get_context", no_pool)
    monkeypatch.setattr(multiprocessing, "Pool", no_pool)
    results = list(screener.screen_many(NAMES))
    assert not multiprocessing.active_children()
    assert results == [screener.screen(n) for n in NAMES]
    assert _names(results) == [n if isinstance(n, str) else n.name for n in NAMES]


def test_workers_start_safely_and_give_the_same_results_in_order(
    screener: Screener, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[str | None] = []
    get_context = multiprocessing.get_context

    def spy(method: str | None = None) -> Any:
        chosen.append(method)
        return get_context(method)

    monkeypatch.setattr(multiprocessing, "get_context", spy)
    results = list(screener.screen_many(NAMES, workers=2, chunk_size=4))
    safe = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    assert chosen == [safe]
    assert results == [screener.screen(n) for n in NAMES]
    assert not multiprocessing.active_children()  # the pool is gone once the stream ends


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform"
)
def test_a_caller_that_owns_its_process_may_choose_fork(screener: Screener) -> None:
    results = list(screener.screen_many(NAMES[:12], workers=2, chunk_size=3, start_method="fork"))
    assert results == [screener.screen(n) for n in NAMES[:12]]


def test_the_index_shipped_to_workers_is_data_not_a_pickle(screener: Screener) -> None:
    data = screener._shipped()
    assert not data.startswith(b"\x80")  # a pickle protocol >= 2 opens with 0x80
    shipped = screener_module.index_format.loads(
        data, key=screener_module._SHIPPED, code=screener_module._SHIPPED
    )
    again = Screener(shipped, config=screener.config)
    assert again.screen("Banco Nacional de Cuba") == screener.screen("Banco Nacional de Cuba")
