"""``serve --workers N``: N server processes, each with its own engine and listening socket.

Each worker listens on the same address with ``SO_REUSEPORT``, so the kernel spreads new
connections over the workers by their addresses. With one socket shared by every worker
(uvicorn's own multiprocess mode), the worker that woke first took every connection of a
burst: 8 keep-alive clients were all served by one process while the other idled. The
kernel's spread is a draw per connection, so the workers count their connections in shared
memory and one holding more than its share sends clients to reconnect
(:mod:`pricing_engine.server.balance`).

The main process holds the port (bound, not listening, so it takes no connection), starts
the workers (``spawn``: no fork of a process with threads), starts a new one when one dies,
and stops them on SIGINT/SIGTERM (each finishes the requests in flight). A reload reaches
every worker and each reloads in place, its new engine built aside and swapped in (no
process restarted, no connection dropped): SIGHUP to the main process is passed to every
worker; a worker that reloads for ``POST /v1/admin/reload`` tells the main process, which
passes SIGHUP to the others. A worker whose main process is gone stops itself.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, MutableSequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

from pricing_engine.errors import PricingEngineError
from pricing_engine.server.balance import ABSENT, ConnectionBalance, shared_counts
from pricing_engine.server.config import ServerConfig

__all__ = ["WorkerFailed", "reuse_port_supported", "serve_workers"]

_log = logging.getLogger("pricing_engine.server")
#: What a worker tells the main process (over its pipe).
_READY, _RELOADED, _FAILED = "ready", "reloaded", "failed"
#: How long a worker may take to build its engine and listen (seconds).
_START_SECONDS = 300.0


class WorkerFailed(PricingEngineError):
    """A worker could not start (its data did not load, its socket could not listen)."""


def reuse_port_supported() -> bool:
    """Whether this platform balances connections over ``SO_REUSEPORT`` sockets (Linux)."""
    return hasattr(socket, "SO_REUSEPORT") and sys.platform.startswith("linux")


def _socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` with SO_REUSEADDR and SO_REUSEPORT (not listening)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


@dataclasses.dataclass
class _Worker:
    process: BaseProcess
    messages: Connection
    slot: int  # its place in the shared connection counts
    ready: bool = False


class _Pool:
    """The worker processes, started, watched, signalled and stopped by the main process."""

    def __init__(self, config: ServerConfig, host: str, port: int,
                 options: dict[str, Any], setup: Callable[[], None] | None,
                 workers: int) -> None:
        self.context = multiprocessing.get_context("spawn")
        self.counts = shared_counts(self.context, workers)
        self.args = (dataclasses.asdict(config), host, port, options, setup)
        self.workers: list[_Worker] = []
        self.timeout = config.timeout

    def start(self, slot: int) -> _Worker:
        receive, send = self.context.Pipe(duplex=False)
        process = self.context.Process(target=_worker_main,
                                       args=(*self.args, self.counts, slot, send),
                                       name="pricing-engine-worker", daemon=False)
        process.start()
        send.close()  # the worker holds the sending end
        worker = _Worker(process, receive, slot)
        self.workers.append(worker)
        return worker

    def poll(self, timeout: float) -> None:
        """Handle what the workers said and any that died within ``timeout`` seconds."""
        by_pipe = {id(w.messages): w for w in self.workers}
        by_sentinel = {w.process.sentinel: w for w in self.workers}
        ready = wait([*(w.messages for w in self.workers), *by_sentinel], timeout)
        for item in ready:
            if isinstance(item, int):
                self._died(by_sentinel[item])
            else:
                self._heard(by_pipe[id(item)])

    def _heard(self, worker: _Worker) -> None:
        try:
            kind, detail = worker.messages.recv()
        except (EOFError, OSError):  # the worker is going; its sentinel says so next
            return
        if kind == _READY:
            worker.ready = True
        elif kind == _RELOADED:
            others = [w for w in self.workers if w is not worker and w.ready]
            _log.info("worker %s reloaded over HTTP: reloading %d other worker(s)",
                      worker.process.pid, len(others))
            self.signal(signal.SIGHUP, others)
        elif kind == _FAILED:
            raise WorkerFailed(f"a worker could not start: {detail}")

    def _died(self, worker: _Worker) -> None:
        worker.process.join()
        self.workers.remove(worker)
        worker.messages.close()
        if not worker.ready:
            raise WorkerFailed(f"a worker exited while starting (exit code "
                               f"{worker.process.exitcode})")
        _log.warning("worker %s exited (exit code %s): starting another", worker.process.pid,
                     worker.process.exitcode)
        self.counts[worker.slot] = ABSENT  # its connections went with it; none until the next
        self.start(worker.slot)

    def wait_ready(self) -> None:
        """Return when every worker listens; raise WorkerFailed if one could not start."""
        deadline = time.monotonic() + _START_SECONDS
        while not all(w.ready for w in self.workers):
            if time.monotonic() > deadline:
                raise WorkerFailed(f"the workers did not start within {_START_SECONDS:g} s")
            self.poll(0.5)

    def signal(self, signum: int, workers: list[_Worker] | None = None) -> None:
        for w in self.workers if workers is None else workers:
            if w.process.pid is not None and w.process.exitcode is None:
                with contextlib.suppress(ProcessLookupError):  # died: poll() sees to it
                    os.kill(w.process.pid, signum)

    def stop(self) -> None:
        """SIGTERM every worker, wait for the requests in flight, then kill what remains."""
        self.signal(signal.SIGTERM)
        deadline = time.monotonic() + self.timeout + 5
        for w in self.workers:
            w.process.join(max(0.1, deadline - time.monotonic()))
            if w.process.exitcode is None:
                w.process.kill()
                w.process.join()
            w.messages.close()


def serve_workers(config: ServerConfig, *, host: str, port: int, workers: int,
                  options: dict[str, Any], setup: Callable[[], None] | None = None) -> None:
    """Run ``workers`` server processes on ``host:port`` until SIGINT or SIGTERM.

    ``options`` are passed to each worker's ``uvicorn.Config`` (not host, port or workers);
    ``setup`` (a module-level function: it is pickled) runs first in each worker, e.g. to
    configure logging. The main process's SIGHUP handler is installed while this runs and
    restored after. Raises WorkerFailed when a worker cannot start (the others are stopped),
    OSError when the address cannot be bound.
    """
    holder = _socket(host, port)  # holds the port; not listening, so it takes no connection
    pool = _Pool(config, host, holder.getsockname()[1], options, setup, workers)
    hup = threading.Event()

    def on_hup(signum: int, frame: FrameType | None) -> None:
        hup.set()

    previous = signal.signal(signal.SIGHUP, on_hup)
    try:
        for slot in range(workers):
            pool.start(slot)
        pool.wait_ready()
        _log.info("serving on http://%s:%d (%d workers, pids %s)", host,
                  holder.getsockname()[1], workers,
                  " ".join(str(w.process.pid) for w in pool.workers))
        while True:
            pool.poll(0.5)
            if hup.is_set():
                hup.clear()
                _log.info("SIGHUP: reloading %d worker(s)", len(pool.workers))
                pool.signal(signal.SIGHUP)
    finally:
        signal.signal(signal.SIGHUP, previous)
        pool.stop()
        holder.close()


def _orphaned(parent: int) -> None:
    """Stop this worker (SIGTERM, a graceful stop) once its main process is gone."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)


def _worker_main(fields: dict[str, Any], host: str, port: int, options: dict[str, Any],
                 setup: Callable[[], None] | None, counts: MutableSequence[int], slot: int,
                 messages: Connection) -> None:
    """One worker: its engine, its listening socket, uvicorn; reports to the main process."""
    import uvicorn
    from uvicorn.config import HTTP_PROTOCOLS
    from uvicorn.importer import import_from_string

    from pricing_engine.server.app import create_app

    if setup is not None:
        setup()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # until uvicorn takes it: the main stops us
    threading.Thread(target=_orphaned, args=(os.getppid(),), daemon=True,
                     name="orphan-watch").start()
    try:
        sock = _socket(host, port)
        sock.listen(options.get("backlog", 2048))
        balance = ConnectionBalance(counts, slot)
        app = create_app(ServerConfig(**fields), sighup=True, freeze_gc=True,
                         on_reload=lambda: messages.send((_RELOADED, None)), balance=balance)
    except (PricingEngineError, OSError) as exc:
        messages.send((_FAILED, str(exc)))
        sys.exit(2)
    http = options.get("http", "auto")  # the class uvicorn would use, counting connections
    if isinstance(http, str):
        http = import_from_string(HTTP_PROTOCOLS.get(http, http))
    messages.send((_READY, None))
    uvicorn.Server(uvicorn.Config(app, **{**options, "http": balance.protocol(http)})).run(
        sockets=[sock])
