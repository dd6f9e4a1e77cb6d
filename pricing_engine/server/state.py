"""The engine in service and its reload: a new engine is built aside, then swapped whole.

A request takes :attr:`EngineState.current` once and uses that :class:`Served` to the end,
so a reload never changes the engine under a request: the swap is the assignment of one
attribute (atomic in Python), and the old engine lives on until its last request ends. A
reload that fails (a rule file with a mistake, lists that no longer verify, a bad policy)
leaves the engine in service as it was and says why; one reload runs at a time.
"""

from __future__ import annotations

import gc
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from pricing_engine.decision import AllowList, load_allow_list
from pricing_engine.engine import Engine
from pricing_engine.errors import InputError, PricingEngineError
from pricing_engine.screening.bundle import published_on, resolve_lists
from pricing_engine.screening.list_report import ListsStatus, lists_status
from pricing_engine.server.config import ServerConfig

__all__ = ["EngineState", "ReloadFailed", "Served", "build"]


class ReloadFailed(PricingEngineError):
    """A reload could not build a new engine; the one in service is unchanged."""


@dataclass(frozen=True, slots=True)
class Served:
    """An engine with what the service reports about it."""

    engine: Engine
    lists: ListsStatus | None
    allow_list: AllowList | None
    loaded_at: float
    seconds: float

    @property
    def loaded_at_iso(self) -> str:
        """When it was built, as UTC ISO 8601."""
        return datetime.fromtimestamp(self.loaded_at, UTC).isoformat(timespec="seconds")

    def unready(self, today: date) -> list[str]:
        """Why this engine cannot answer as its policy requires (empty: ready).

        The list checks of ``check`` (LIST_MISSING, STALE_LIST) against today: lists not
        loaded, a required list absent or empty, a list older than ``max_list_age_days``.
        """
        engine = self.engine
        if engine.lists_error is not None:
            return [f"sanctions lists unavailable: {engine.lists_error}"]
        loaded = {info.list_id: info.entries for info in engine.lists}
        reasons = [f"the policy requires list {list_id!r}, which is "
                   + ("empty" if list_id in loaded else "not loaded")
                   for list_id in engine.policy.screening.required_lists
                   if not loaded.get(list_id)]
        limit = engine.policy.freshness.max_list_age_days
        for info in engine.lists:
            published = published_on(info.published)
            age = (today - published).days if published else None
            if age is None or not 0 <= age <= limit:
                reasons.append(f"list {info.list_id} is dated {info.published or 'nowhere'}: "
                               f"not within {limit} days of {today}")
        return reasons


def build(config: ServerConfig) -> Served:
    """Build an engine from ``config`` (the same as ``Engine.load`` with those paths).

    The FX reference table (``config.fx_table``) is read again on each build, so a reload
    keeps serving the table the server was started with, as it stands on disk then.

    Lists that fail their manifest check leave the engine without lists (every check then
    refuses, LIST_MISSING), as ``Engine.load`` does; a ``--lists`` directory the operator
    named that fails is an input error.
    """
    started = time.perf_counter()
    if config.lists is not None and not Path(config.lists).is_dir():
        raise InputError(f"--lists {config.lists}: not a directory")
    allow_list = load_allow_list(config.allow_list) if config.allow_list else None
    fx_table = None if config.no_fx_table else (
        Path(config.fx_table) if config.fx_table else "bundled")  # a Path: read as a file
    engine = Engine.load(config.rules, config.lists, config.policy, fx_table=fx_table)
    status = None
    if engine.lists_error is None:
        status = lists_status(resolve_lists(config.lists))
        if {r.sha256 for r in status.lists} != {i.sha256 for i in engine.lists}:
            raise ReloadFailed("the lists changed while they were being loaded; try again")
    elif config.lists is not None:
        raise InputError(f"--lists {config.lists}: {engine.lists_error}")
    return Served(engine, status, allow_list, time.time(), time.perf_counter() - started)


class EngineState:
    """The engine in service; :meth:`reload` replaces it with one built aside.

    With ``freeze_gc`` (for a process the server owns: ``gc.freeze`` acts on the whole
    process), every object alive once an engine is in service is moved out of the cyclic
    collector's reach (:meth:`Screener.freeze_gc
    <pricing_engine.screening.screener.Screener.freeze_gc>`): the engine's rules, lists and
    index are hundreds of thousands of long-lived objects that are never garbage, and a full
    collection passing over them stalled every request queued behind it (about 0.1 s). A
    replaced engine has no reference cycles, so reference counting still frees it.
    """

    def __init__(self, config: ServerConfig, served: Served, *, freeze_gc: bool = False) -> None:
        self.config = config
        self.current = served
        self.last_error: str | None = None
        self._reloading = threading.Lock()
        self._freeze_gc = freeze_gc
        if freeze_gc:
            gc.freeze()

    def reload(self) -> Served:
        """Build a new engine and put it in service; raise ReloadFailed and keep the old one.

        A reload that would serve without lists when the engine in service has them fails:
        the lists already verified are better than none.
        """
        with self._reloading:
            try:
                served = build(self.config)
            except Exception as exc:  # whatever went wrong, the engine in service stays
                why = str(exc) if isinstance(exc, PricingEngineError) else (
                    f"{type(exc).__name__}: {exc}")
                self.last_error = why
                raise ReloadFailed(f"reload failed, the engine in service is unchanged: "
                                   f"{why}") from None
            if served.engine.lists_error is not None and self.current.engine.lists_error is None:
                self.last_error = served.engine.lists_error
                raise ReloadFailed("reload failed, the engine in service is unchanged: "
                                   f"sanctions lists unavailable: {served.engine.lists_error}")
            self.current = served
            self.last_error = None
            if self._freeze_gc:
                gc.freeze()
            return served
