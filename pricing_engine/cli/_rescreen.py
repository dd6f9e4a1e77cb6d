"""``screen --input PARTIES --changed-since OLD``: the rows whose status a list update changed."""

from __future__ import annotations

import multiprocessing
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from pricing_engine._atomic import atomic_write
from pricing_engine.errors import InputError
from pricing_engine.screening.batch import render_jsonl
from pricing_engine.screening.batch_input import RawRow, raw_rows
from pricing_engine.screening.bundle import resolve_lists
from pricing_engine.screening.list_version import load_version
from pricing_engine.screening.rescreen import (
    ListChanges,
    former_lists,
    read_previous,
    rescreen,
)
from pricing_engine.screening.screener import Screener, StartMethod

__all__ = ["run_rescreen"]


def run_rescreen(
    source: IO[bytes], output_path: str, *, old_dir: str, lists_dir: str | None,
    previous_path: str | None, workers: int = 1,
) -> None:
    """Write the records of the rows whose status changed since ``old_dir``'s lists; summarise."""
    previous = None
    if previous_path is not None:
        try:
            with open(previous_path, encoding="utf-8") as handle:
                previous = read_previous(handle)
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{previous_path}: cannot read previous results: {exc}") from None
    list_set = resolve_lists(lists_dir)
    version = load_version(Path(old_dir))
    new = list_set.load()
    changes = ListChanges.between(version.lists, new, complete=version.complete)
    before = former_lists(version.lists, new, complete=version.complete)
    rows = raw_rows(source)  # a bad header fails here
    counted = _Counted(rows)
    # the CLI's process runs no other thread: its workers fork (where the platform can)
    fork: StartMethod | None = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    records = rescreen(counted, changes, list_set.screener, previous=previous,
                       former=lambda: Screener.from_lists(before), workers=workers,
                       start_method=fork)  # fmt: skip
    tally: Counter[str] = Counter()
    try:
        if output_path == "-":
            _write(records, sys.stdout, tally)
        else:
            with atomic_write(output_path, encoding="utf-8", newline="") as out:
                _write(records, out, tally)
    except OSError as exc:
        where = "standard output" if output_path == "-" else output_path
        raise InputError(f"{where}: cannot write: {exc.strerror or exc}") from None
    moves = ", ".join(f"{n} {move}" for move, n in sorted(tally.items()))
    click.echo(f"re-screened against {_delta(changes)}: {sum(tally.values())} of "
               f"{counted.count} rows changed status{': ' + moves if moves else ''}",
               err=True)  # fmt: skip


def _write(records: Iterable[dict[str, Any]], out: IO[str], tally: Counter[str]) -> None:
    for record in records:
        out.write(render_jsonl(record))
        tally[f"{record['old_status']}->{record['new_status']}"] += 1


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
