"""SIGINT and SIGTERM in the CLI: the main process unwinds, its workers die quietly.

Only the CLI installs these (a library never touches signals). In the main process either
signal raises :class:`Stopped`, which unwinds like an error: every file being written is
removed by :func:`pricing_engine._atomic.atomic_write`, a process pool is terminated, and
:func:`pricing_engine.cli.main.main` prints one line and exits 128 + the signal number
(130, 143). A second signal while the first is being handled stops the process at once.
Inside :func:`signals_held` (a batch writing one chunk of records) a signal is held and
:class:`Stopped` raised as the block ends, so that a file never gets half a record.

A process the CLI forks (a screening pool's worker) starts with SIGINT ignored (the main
process stops its workers) and SIGTERM at its default, so that a SIGTERM to the process
group kills it at once and it prints nothing. Both are set at the kernel level around the
fork, with the two signals blocked meanwhile: a Python-level handler inherited by the child
would lose a SIGTERM that arrives before the interpreter has finished forking (it clears
pending signals), leaving a worker that the parent then waits for forever.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import ClassVar

__all__ = ["Stopped", "handle_signals", "signals_held"]

_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


class Stopped(BaseException):
    """SIGINT or SIGTERM arrived: raised in the main process to unwind it, cleaning up.

    A BaseException (as KeyboardInterrupt is), so that no ``except Exception`` swallows it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _Forks:
    """The fork hooks' state: registered once per process, active while the CLI runs."""

    registered: ClassVar[bool] = False
    active: ClassVar[bool] = False
    mask: ClassVar[set[int | signal.Signals]] = set()  # the forking thread's mask before


class _Held:
    """Whether a block is holding signals, and the signal it holds."""

    depth: ClassVar[int] = 0
    pending: ClassVar[int | None] = None


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM during the block: :class:`Stopped` is raised when it ends.

    The handler still runs at once (a second signal still stops the process at once); it only
    waits for the end of the block to unwind. Without :func:`handle_signals` this changes
    nothing.
    """
    _Held.depth += 1
    try:
        yield
    finally:
        _Held.depth -= 1
    if _Held.depth == 0 and _Held.pending is not None:
        signum, _Held.pending = _Held.pending, None
        raise Stopped(signum)


def _before_fork() -> None:
    if _Forks.active:
        _Forks.mask = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)


def _after_fork_in_parent() -> None:
    if _Forks.active:
        signal.pthread_sigmask(signal.SIG_SETMASK, _Forks.mask)


def _after_fork_in_child() -> None:
    if _Forks.active:
        _Forks.active = False
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, _Forks.mask)  # a pending SIGTERM kills now


def handle_signals() -> Callable[[], None]:
    """Turn SIGINT and SIGTERM into :class:`Stopped`; return a function undoing it.

    Outside the main thread (an embedding program calling ``main``) nothing is changed. A
    SIGINT that is ignored (a shell's background job) stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    owner = os.getpid()
    seen: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a child forked some other way: never unwind it
            if signum == signal.SIGTERM:
                os._exit(128 + signum)
            return
        if seen:  # a second signal while unwinding: stop now
            os._exit(128 + seen[0])
        seen.append(signum)
        if _Held.depth:
            _Held.pending = signum
            return
        raise Stopped(signum)

    wanted = [sig for sig in sorted(_SIGNALS)
              if sig != signal.SIGINT or signal.getsignal(sig) is not signal.SIG_IGN]  # fmt: skip
    old = {sig: signal.signal(sig, handler) for sig in wanted}
    if hasattr(signal, "pthread_sigmask") and hasattr(os, "register_at_fork"):
        if not _Forks.registered:
            os.register_at_fork(
                before=_before_fork,
                after_in_parent=_after_fork_in_parent,
                after_in_child=_after_fork_in_child,
            )
            _Forks.registered = True
        _Forks.active = True

    def restore() -> None:
        _Forks.active = False
        for sig, previous in old.items():
            signal.signal(sig, previous)

    return restore
