"""Library calls leave process-wide state alone: the garbage collector's switch in particular.

A host that runs the library in threads (a web server) must not find its collector switched
off, or on, by a quote or a screener being built; only :func:`pricing_engine.gc_paused`, which
a caller that owns its process opts into, pauses it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import pricing_engine
from pricing_engine.engine import Engine
from pricing_engine.quote import load_quote
from pricing_engine.screening import index_cache
from pricing_engine.screening.bundle import lists_hash, load_bundled
from pricing_engine.screening.index import NameIndex, build_index
from pricing_engine.screening.model import SanctionsList
from pricing_engine.screening.screener import Screener

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "de-us-ddp.yaml"


@pytest.fixture(params=[True, False], ids=["gc-on", "gc-off"])
def collector(request: pytest.FixtureRequest) -> Iterator[bool]:
    """The collector's state before the call (restored after the test)."""
    before = gc.isenabled()
    if request.param:
        gc.enable()
    else:
        gc.disable()
    try:
        yield request.param
    finally:
        if before:
            gc.enable()
        else:
            gc.disable()


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()  # the index from the session's cache directory (tests/conftest.py)


@pytest.fixture(scope="module")
def lists() -> tuple[SanctionsList, ...]:
    return load_bundled()


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("index-cache")


def _leaves_gc_alone(collector: bool, call: Callable[[], object]) -> None:
    assert gc.isenabled() is collector
    call()
    assert gc.isenabled() is collector


def test_a_quote_leaves_the_collector_as_it_was(collector: bool, engine: Engine) -> None:
    quote = load_quote(EXAMPLE)
    _leaves_gc_alone(collector, lambda: engine.quote(quote))
    _leaves_gc_alone(collector, lambda: engine.landed.compute(quote))
    _leaves_gc_alone(collector, lambda: engine.landed.compare_incoterms(quote))


def test_building_and_loading_an_index_leave_the_collector_as_it_was(
    collector: bool, lists: tuple[SanctionsList, ...], tmp_path: Path
) -> None:
    built: list[NameIndex] = []
    _leaves_gc_alone(collector, lambda: built.append(build_index(lists)))
    key = lists_hash(lists)
    _leaves_gc_alone(collector, lambda: index_cache.store(key, built[0], tmp_path))
    loaded: list[NameIndex | None] = []
    _leaves_gc_alone(collector, lambda: loaded.append(index_cache.load_cached(key, tmp_path)))
    assert loaded[0] is not None  # the cache was really read


def test_screener_from_bundled_leaves_the_collector_as_it_was(
    collector: bool, cache: Path
) -> None:
    # the first run builds the index and stores it, every later one loads it from the cache
    _leaves_gc_alone(collector, lambda: Screener.from_bundled(cache=cache))
    assert list(cache.glob("index-*.idx"))
    _leaves_gc_alone(collector, lambda: Screener.from_bundled(cache=cache))


def test_gc_paused_is_the_opt_in_and_restores_the_state(collector: bool) -> None:
    with pricing_engine.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is collector
    with pytest.raises(RuntimeError), pricing_engine.gc_paused():
        raise RuntimeError("restored on the way out too")
    assert gc.isenabled() is collector


def test_a_frozen_pause_moves_what_it_built_out_of_the_collectors_reach(
    collector: bool,
) -> None:
    before = gc.get_freeze_count()
    try:
        with pricing_engine.gc_paused(freeze=True):
            kept = [[index] for index in range(1_000)]  # containers: tracked by the collector
            assert not gc.isenabled()
        assert gc.isenabled() is collector
        assert gc.get_freeze_count() >= before + len(kept)
        assert all(gc.is_tracked(item) for item in kept)  # still tracked, only frozen
    finally:
        gc.unfreeze()  # the test's own process keeps collecting
    assert gc.get_freeze_count() == 0
