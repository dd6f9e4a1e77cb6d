"""Chunks of a batch through a screener, in this process or in worker processes, in bounded memory.

:func:`map_chunks` cuts a stream into chunks and yields what a function makes of each, in
order. Worker processes get whole chunks (not one item at a time) and hand back whatever the
function returns for them (a batch sends rows and gets rendered output lines, so that the
parent does not pay for pickling result models). At most :data:`IN_FLIGHT` chunks per worker
are queued or being worked on: the stream is read only as fast as it is screened, so memory
does not grow with its length.

The workers are plain processes, each with a pipe of its own for chunks and one for results
(chunk *k* goes to worker *k* mod *n*, so results come back in order without sorting). No lock
is shared between processes: a worker killed at any moment (SIGTERM to the process group, the
OOM killer) can never leave the parent waiting forever, as ``multiprocessing.Pool`` can (its
``terminate`` waits for a queue lock that a killed idle worker still holds). A worker that
dies is an error in the parent; closing the iterator early kills the workers at once.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from itertools import islice
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from queue import SimpleQueue
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from pricing_engine.screening.screener import Screener

__all__ = [
    "CHUNK_ROWS",
    "IN_FLIGHT",
    "LOCAL_CHUNK_ROWS",
    "StartMethod",
    "WorkerError",
    "map_chunks",
    "safe_start_method",
]

#: How worker processes start (see :mod:`multiprocessing`).
StartMethod = Literal["fork", "forkserver", "spawn"]
#: Items sent to a worker at once: large enough that sending costs little per item.
CHUNK_ROWS = 512
#: Items screened at once without workers: small, so that a caller acts on them soon.
LOCAL_CHUNK_ROWS = 32
#: Chunks per worker queued or being screened at any time.
IN_FLIGHT = 2

T = TypeVar("T")
R = TypeVar("R")


class WorkerError(RuntimeError):
    """A worker process died, or its work raised an error that could not be sent back."""


def safe_start_method() -> StartMethod:
    """Return "forkserver" where the platform has it, else "spawn": safe with threads."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def map_chunks(
    screener: Screener,
    work: Callable[[Screener, list[T]], list[R]],
    items: Iterable[T],
    *,
    workers: int = 1,
    chunk_rows: int | None = None,
    start_method: StartMethod | None = None,
) -> Generator[list[R], None, None]:
    """Yield ``work(screener, chunk)`` for consecutive chunks of ``items``, in order.

    ``work`` must be a module-level function (it is sent to the workers by name). With
    ``workers`` <= 1 it runs in this process on chunks of :data:`LOCAL_CHUNK_ROWS`; else
    ``workers`` processes screen chunks of :data:`CHUNK_ROWS`, started by ``start_method``:
    by default "forkserver" where the platform has it, else "spawn" (each worker then builds
    its screener from :meth:`Screener.worker_seed`, never from a pickle of the index); "fork"
    (the CLI's choice) shares the built index without copying it. An error raised by ``work``
    in a worker is raised here; closing the iterator early kills the workers.
    """
    if workers <= 1:
        for chunk in _chunks(items, chunk_rows or LOCAL_CHUNK_ROWS):
            yield work(screener, chunk)
        return
    method = start_method or safe_start_method()
    seed = (_same, (screener,)) if method == "fork" else screener.worker_seed()
    pool = _Workers(multiprocessing.get_context(method), workers, seed)
    try:
        waiting: deque[int] = deque()
        for number, chunk in enumerate(_chunks(items, chunk_rows or CHUNK_ROWS)):
            pool.send(number % workers, (work, chunk))
            waiting.append(number % workers)
            if len(waiting) >= workers * IN_FLIGHT:
                yield pool.receive(waiting.popleft())
        while waiting:
            yield pool.receive(waiting.popleft())
        pool.close()
    finally:
        pool.kill()


def _same(screener: Screener) -> Screener:
    return screener


class _Workers:
    """Worker processes, each with its own pipes: chunks in, results out."""

    def __init__(
        self, context: Any, count: int, seed: tuple[Callable[..., Any], tuple[Any, ...]]
    ) -> None:
        self.processes: list[BaseProcess] = []
        self.tasks: list[Connection] = []
        self.results: list[Connection] = []
        try:
            for _ in range(count):
                task_out, task_in = context.Pipe(duplex=False)
                result_out, result_in = context.Pipe(duplex=False)
                process = context.Process(
                    target=_serve, args=(task_out, result_in, seed), daemon=True
                )
                process.start()
                task_out.close()  # the worker's ends: only the worker holds them now,
                result_in.close()  # so its death is end-of-file here
                self.processes.append(process)
                self.tasks.append(task_in)
                self.results.append(result_out)
        except BaseException:
            self.kill()
            raise

    def send(self, worker: int, task: object) -> None:
        try:
            self.tasks[worker].send(task)
        except (BrokenPipeError, ConnectionResetError):
            raise self._died(worker) from None

    def receive(self, worker: int) -> Any:
        try:
            kind, value = self.results[worker].recv()
        except (EOFError, ConnectionResetError):
            raise self._died(worker) from None
        if kind == "error":
            raise value
        return value

    def _died(self, worker: int) -> WorkerError:
        process = self.processes[worker]
        process.join(timeout=1)
        return WorkerError(f"screening worker {worker + 1} of {len(self.processes)} died "
                           f"(exit code {process.exitcode})")  # fmt: skip

    def close(self) -> None:
        """Tell every worker to stop once its work is done, and wait for it."""
        for connection in self.tasks:
            connection.send(None)
        for process in self.processes:
            process.join()

    def kill(self) -> None:
        """Stop every worker at once (those already stopped are left as they are)."""
        for process in self.processes:
            if process.exitcode is None:
                process.kill()
        for process in self.processes:
            process.join()
        for connection in (*self.tasks, *self.results):
            connection.close()


def _serve(
    tasks: Connection, results: Connection, seed: tuple[Callable[..., Any], tuple[Any, ...]]
) -> None:
    """A worker's life: build the screener, then screen chunks until told to stop.

    A thread takes chunks off the pipe as soon as they arrive, so that the parent never
    waits to send while this worker waits to send it a result.
    """
    inbox: SimpleQueue[Any] = SimpleQueue()

    def take() -> None:
        try:
            while (task := tasks.recv()) is not None:
                inbox.put(task)
        except EOFError:  # the parent is gone
            pass
        inbox.put(None)

    threading.Thread(target=take, daemon=True).start()
    screener: Any = None
    failure: Exception | None = None
    try:
        factory, args = seed
        screener = factory(*args)
    except Exception as error:  # every chunk gets the error: the parent raises it
        failure = error
    while (task := inbox.get()) is not None:
        work, chunk = task
        reply: tuple[str, Any]
        if failure is not None:
            reply = ("error", failure)
        else:
            try:
                reply = ("done", work(screener, chunk))
            except Exception as error:
                reply = ("error", error)
        try:
            results.send(reply)
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception as error:  # an error (or result) that cannot be pickled
            results.send(("error", WorkerError(f"{type(error).__name__}: {error}")))


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
