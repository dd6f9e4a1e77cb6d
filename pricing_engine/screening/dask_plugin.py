"""The worker plugin that carries a screener to the workers of a ``dask.distributed`` cluster.

Imported by :mod:`.distributed` only when a frame is screened (and by each worker when it
receives the plugin), as it needs the optional extra ``pricing-engine[dask]``. The plugin
holds :meth:`Screener.worker_seed`: the index in the strings-and-numbers layout of
:mod:`.index_format` and the config, never a pickle of the index. Its name is
:data:`PLUGIN_PREFIX` and the content digest of both (:func:`seed_digest`): the same lists
and config give the same name on any client, other lists another name, so that after a
list update a worker can never take the old plugin for the new one (and
:func:`~.distributed.screen_dask` removes the old one from the cluster).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from pricing_engine import __version__
from pricing_engine._fingerprint import source_fingerprint
from pricing_engine.screening.frame import EXTRA, MissingExtra
from pricing_engine.screening.index_cache import INDEX_VERSION, code_sources
from pricing_engine.screening.index_format import IndexFormatError
from pricing_engine.screening.screener import Screener

try:
    from distributed import WorkerPlugin
except ImportError as exc:  # pragma: no cover - the extra is installed where this is tested
    raise MissingExtra(f"{exc.name or 'distributed'} is not installed; screening on a "
                       f"cluster needs the optional extra: {EXTRA}") from exc  # fmt: skip

__all__ = ["PLUGIN_PREFIX", "ScreenerPlugin", "seed_digest"]

#: The prefix of the plugins' names; the fingerprint of the lists and config follows.
PLUGIN_PREFIX = "pricing-engine-screener-"


class ScreenerPlugin(WorkerPlugin):
    """A worker plugin holding a screener's index as data; the worker builds it once.

    ``idempotent``: registering a plugin of the same name again (same lists, same config) is
    ignored by the scheduler, so the workers keep the screener they built.
    """

    idempotent = True

    def __init__(self, screener: Screener) -> None:
        """Take ``screener``'s seed; ``code`` is checked on the workers before building."""
        factory, args = screener.worker_seed()
        self.seed: tuple[Callable[..., Screener], tuple[object, ...]] | None = (factory, args)
        self.name = PLUGIN_PREFIX + seed_digest(args)[:16]
        self.code = _code()
        self._built: Screener | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the seed only: never a built screener (its index) nor the lock."""
        return {"seed": self.seed, "name": self.name, "code": self.code}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.seed, self.name, self.code = state["seed"], state["name"], tuple(state["code"])
        self._built, self._lock = None, threading.Lock()

    def setup(self, worker: Any) -> None:
        """Start building the screener in a thread of its own, off the worker's event loop.

        A build takes seconds, which would stall the event loop (heartbeats, transfers);
        started here, the screener is ready, or nearly, when the first partition comes. A
        build that fails here is tried again, and its error raised, by the first partition.
        """
        threading.Thread(target=self._build_quietly, name=self.name, daemon=True).start()

    def teardown(self, worker: Any) -> None:
        """Let go of the screener (and its index) when the plugin is removed from the worker."""
        with self._lock:
            self._built = self.seed = None

    def _build_quietly(self) -> None:
        with contextlib.suppress(Exception):  # the first partition builds again and raises
            self.screener()

    def screener(self) -> Screener:
        """Return this worker's screener, built from the seed the first time (once)."""
        if self._built is None:
            with self._lock:
                if self._built is None:
                    if self.seed is None:
                        raise RuntimeError(f"plugin {self.name} was removed from this worker "
                                           "(screen_dask was called with other lists)")
                    if self.code != _code():
                        raise IndexFormatError(
                            f"plugin {self.name}: this worker runs pricing_engine "
                            f"{_describe(_code())}, the client {_describe(self.code)}: "
                            "install the same version on every host"
                        )
                    factory, args = self.seed
                    self._built = factory(*args)
                    self.seed = None  # the index's bytes are not needed any more
        return self._built


def seed_digest(args: tuple[object, ...]) -> str:
    """Return the sha256 (hex) of a screener's seed: its index's bytes and its config."""
    digest = hashlib.sha256()
    for arg in args:
        if isinstance(arg, bytes):
            data = arg
        elif isinstance(arg, BaseModel):
            data = arg.model_dump_json().encode()
        else:
            data = repr(arg).encode()
        digest.update(len(data).to_bytes(8, "big") + data)  # no two seeds run together alike
    return digest.hexdigest()


def _code() -> tuple[str, ...]:
    """The version of this code and the fingerprint of the code an index depends on."""
    return __version__, source_fingerprint(INDEX_VERSION, code_sources())


def _describe(code: tuple[str, ...]) -> str:
    return f"{code[0]} (index code {code[1][:8]})"
