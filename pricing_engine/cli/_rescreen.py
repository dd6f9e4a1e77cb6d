"""``screen --input PARTIES --changed-since OLD``: the rows whose status a list update changed.

Stopped by SIGINT or SIGTERM, the run keeps the complete records written (those of input rows
1 to N) in ``--output FILE`` and writes a checkpoint beside it
(:mod:`pricing_engine.screening.rescreen_checkpoint`); ``--resume`` checks the checkpoint
against the input, the lists and the output, and goes on at row N + 1. A run that ends
removes the checkpoint.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import click

from pricing_engine._atomic import atomic_write
from pricing_engine.cli._files import open_input
from pricing_engine.cli._signals import Stopped, signals_held
from pricing_engine.errors import InputError
from pricing_engine.screening.batch import render_jsonl
from pricing_engine.screening.batch_input import RawRow, raw_rows
from pricing_engine.screening.bundle import resolve_lists
from pricing_engine.screening.list_version import load_version
from pricing_engine.screening.rescreen import (
    ListChanges,
    RescreenChunk,
    former_lists,
    read_previous,
    rescreen_chunks,
)
from pricing_engine.screening.rescreen_checkpoint import (
    Binding,
    CheckpointError,
    RescreenCheckpoint,
    binding,
    checkpoint_path,
    read_checkpoint,
    regular_file,
    write_checkpoint,
)
from pricing_engine.screening.screener import Screener, StartMethod

__all__ = ["run_rescreen"]


def run_rescreen(
    input_path: str, output_path: str, *, old_dir: str, lists_dir: str | None,
    previous_path: str | None, workers: int = 1, resume: bool = False,
) -> None:  # fmt: skip
    """Write the records of the rows whose status changed since ``old_dir``'s lists; summarise."""
    if resume and "-" in (input_path, output_path):
        raise click.UsageError("--resume needs --input FILE and --output FILE")
    resumable = "-" not in (input_path, output_path)
    if resumable:  # bound to the run, so read twice: refused before either is read
        for path in (input_path, previous_path):
            if path is not None:
                regular_file(path)
    previous = None
    if previous_path is not None:
        try:
            with open(previous_path, encoding="utf-8") as handle:
                previous = read_previous(handle)
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{previous_path}: cannot read previous results: {exc}") from None
        except InputError as exc:
            raise InputError(f"{previous_path}: {exc}") from None
    list_set = resolve_lists(lists_dir)
    version = load_version(Path(old_dir))
    new = list_set.load()
    bound = None
    if resumable:  # a stopped run can be resumed: bind it
        bound = binding(input_path=input_path, lists=new, old=version.lists,
                        previous_path=previous_path)  # fmt: skip
    sink = _Sink(output_path, bound)
    if resume:
        assert bound is not None
        sink.resume_from(bound)
    changes = ListChanges.between(version.lists, new, complete=version.complete)
    before = former_lists(version.lists, new, complete=version.complete)
    with open_input(input_path) as source:
        counted = _Counted(raw_rows(source))  # a bad header fails here
        rows = (row for row in counted if row.number > sink.rows)
        # the CLI's process runs no other thread: its workers fork (where the platform can)
        fork: StartMethod | None = (
            "fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        chunks = rescreen_chunks(rows, changes, list_set.screener, previous=previous,
                                 former=lambda: Screener.from_lists(before), workers=workers,
                                 start_method=fork)  # fmt: skip
        with contextlib.closing(chunks):
            sink.write(chunks)
    if sink.stopped is not None:
        sink.stop(sink.stopped)
    if bound is not None:  # ended: nothing to resume
        checkpoint_path(output_path).unlink(missing_ok=True)
    moves = ", ".join(f"{n} {move}" for move, n in sorted(sink.moves.items()))
    click.echo(f"re-screened against {_delta(changes)}: {sum(sink.moves.values())} of "
               f"{max(counted.count, sink.rows)} rows changed status"
               f"{': ' + moves if moves else ''}; {sink.screened} rows matched a changed "
               "entry and were screened again", err=True)  # fmt: skip


class _Sink:
    """The output of a delta re-screen: records written whole, and where the run stands."""

    def __init__(self, path: str, bound: Binding | None) -> None:
        self.path, self.bound = path, bound
        self.rows = self.screened = self.end = 0  # rows done, of which screened, bytes kept
        self.moves: Counter[str] = Counter()
        self.digest = hashlib.sha256()
        self.stopped: Stopped | None = None

    def resume_from(self, bound: Binding) -> None:
        """Take up where a stopped run's checkpoint says it stood, once checked."""
        at = checkpoint_path(self.path)
        if not at.is_file():
            if Path(self.path).exists() and Path(self.path).stat().st_size:
                raise CheckpointError(
                    f"cannot resume: no checkpoint {at} beside {self.path} (a run that ended "
                    "leaves none); run without --resume to start again"
                )
            return  # nothing written yet: from row 1
        checkpoint = read_checkpoint(at)
        self.digest = checkpoint.check(bound, Path(self.path), at.name)
        self.rows, self.screened = checkpoint.rows, checkpoint.screened
        self.end, self.moves = checkpoint.output_bytes, Counter(checkpoint.moves)

    def write(self, chunks: Iterable[RescreenChunk]) -> None:
        """Write every chunk's records; a signal stops it between chunks (:attr:`stopped`)."""
        try:
            if self.path == "-":
                self._write_all(chunks, sys.stdout.buffer)
            elif self.end:
                with open(self.path, "r+b") as raw:
                    raw.truncate(self.end)  # records of rows after the checkpoint's
                    raw.seek(self.end)
                    try:
                        self._write_all(chunks, raw)
                    except OSError:  # keep only the complete records written
                        with contextlib.suppress(OSError):
                            raw.truncate(self.end)
                        raise
            else:
                with atomic_write(self.path, "wb") as out:  # appears whole, or stopped
                    self._write_all(chunks, out)
        except Stopped as stop:  # before the output was opened
            self.stopped = stop
        except OSError as exc:  # reading the input raises InputError: this is the output
            where = "standard output" if self.path == "-" else self.path
            raise InputError(f"{where}: cannot write: {exc.strerror or exc}") from None

    def _write_all(self, chunks: Iterable[RescreenChunk], out: IO[bytes]) -> None:
        with contextlib.suppress(Stopped):  # the records written so far are kept
            try:
                for chunk in chunks:
                    with signals_held():
                        data = "".join(render_jsonl(r) for r in chunk.records).encode("utf-8")
                        out.write(data)
                        out.flush()
                        self.digest.update(data)
                        self.end += len(data)
                        self.rows, self.screened = chunk.last_row, self.screened + chunk.screened
                        self.moves.update(f"{r['old_status']}->{r['new_status']}"
                                          for r in chunk.records)  # fmt: skip
            except Stopped as stop:
                self.stopped = stop
                raise

    def stop(self, stop: Stopped) -> None:
        """Write the checkpoint (when the run can be resumed), say where it stopped, exit."""
        where = "standard output" if self.path == "-" else self.path
        resume = "; it cannot be resumed (--input or --output is -)"
        if self.bound is not None:
            checkpoint = RescreenCheckpoint(
                **self.bound.model_dump(), rows=self.rows, screened=self.screened,
                output_bytes=self.end, output_sha256=self.digest.hexdigest(),
                moves=dict(self.moves),
            )  # fmt: skip
            write_checkpoint(checkpoint_path(self.path), checkpoint)
            resume = (f"; checkpoint {checkpoint_path(self.path)}: --resume continues from row "
                      f"{self.rows + 1}")  # fmt: skip
        click.echo(f"pricing-engine: stopped by {stop} after row {self.rows}: {where} holds "
                   f"the records of rows 1 to {self.rows}{resume}", err=True)  # fmt: skip
        sys.exit(128 + stop.signum)


def _delta(changes: ListChanges) -> str:
    added = sum(len(d.added) for d in changes.diffs)
    removed = sum(len(d.removed) for d in changes.diffs)
    changed = sum(c.affects_matching for d in changes.diffs for c in d.changed)
    return f"{added} added, {removed} removed, {changed} changed entries"


class _Counted:
    """Counts the rows read while passing them on."""

    def __init__(self, rows: Iterable[RawRow]) -> None:
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[RawRow]:
        for row in self.rows:
            self.count += 1
            yield row

