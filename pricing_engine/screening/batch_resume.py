"""Resuming a batch screen: the records an output file holds, each checked against its input row.

An output file of a batch (JSONL, or CSV under :data:`~pricing_engine.screening.batch.CSV_COLUMNS`)
holds one record per input record, in order, so its **complete records** (each ends with its
line break; a CSV record may span lines inside quotes) are those of input rows 1 to N; a
trailing incomplete one (a process killed mid-write) is cut off and its row screened again.

The file is another program's, so :func:`resume_output` keeps its records only when each one is
provably the record of the input row at its place, read again alongside it (one record and
one row at a time: memory does not grow with N): the same row number, id and (JSONL) line, a
status no lower than the band of its own matches, and the digest
(:func:`~pricing_engine.screening.batch.row_digest`) of that input row as screened now
with that status. Anything else (another input with the same ids, an edited record, an
output written before records had a digest) raises :class:`~pricing_engine.errors.InputError`
naming the output and the first record that differs, before the file is touched. The digest
is not keyed: it tells another input or an edit, not a forger who recomputes it.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pricing_engine import _jsonsafe as jsonsafe
from pricing_engine.errors import InputError
from pricing_engine.screening.batch import (
    CSV_COLUMNS,
    RENDERERS,
    error_record,
    row_digest,
    to_row,
)
from pricing_engine.screening.batch_input import RawRow

__all__ = ["NOTHING", "Completed", "check_unchanged", "resume_output"]

_RANK = {"clear": 0, "review": 1, "hit": 2}
_AGAIN = "run without --resume to screen the whole input again"


class Completed(NamedTuple):
    """The complete records of an output file: how many, their statuses, where they end."""

    rows: int
    tally: Counter[str]
    end: int  # bytes of the file up to the end of the last complete record
    stamp: tuple[int, ...] | None  # the file as it was read: device, inode, size, mtime


#: No records kept: the output is written from row 1.
NOTHING = Completed(0, Counter(), 0, None)


class _Record(NamedTuple):
    row: Any
    ident: Any
    line: Any  # None in CSV, which has no line column
    status: Any
    bands: list[Any] | None  # of its matches; None when they are not a list of matches
    digest: Any


def resume_output(
    path: str | Path, fmt: str, rows: Iterable[RawRow]
) -> tuple[Completed, Iterator[RawRow]]:
    """Return the complete records of the ``fmt`` output at ``path`` and the input rows after them.

    Each record is checked against the row of ``rows`` at its place (see the module); a
    missing output holds none.
    """
    iterator = iter(rows)
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below; OSError here is the open's)
    except FileNotFoundError:
        return NOTHING, iterator
    except OSError as exc:
        raise InputError(f"{path}: cannot read the output to resume: {exc.strerror}") from None
    with handle:
        stat = os.fstat(handle.fileno())
        lines = _Offsets(handle, path)
        records = _jsonl(lines) if fmt == "jsonl" else _csv(lines, path)
        count, tally, end = _check(records, lines, iterator, fmt, path)
    return Completed(count, tally, end, _stamp(stat)), iterator


def check_unchanged(fileno: int, done: Completed, path: str | Path) -> None:
    """Raise InputError if the output open as ``fileno`` is not the file ``done`` was read from."""
    if _stamp(os.fstat(fileno)) != done.stamp:
        raise InputError(f"cannot resume: {path} changed while its records were being checked; "
                         "run --resume again")


def _stamp(stat: os.stat_result) -> tuple[int, ...]:
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _check(
    records: Iterator[_Record], lines: _Offsets, rows: Iterator[RawRow], fmt: str, path: str | Path
) -> tuple[int, Counter[str], int]:
    count, tally, end = 0, Counter[str](), 0
    for record in records:
        if not lines.ended:
            break  # the last line has no line break: the record may be cut short
        count += 1
        if type(record.row) is not int or record.row != count:
            raise InputError(f"cannot resume: record {count} of {path} is row {record.row!r} "
                             "(not screen's output?)")
        raw = next(rows, None)
        if raw is None:
            raise InputError(f"cannot resume: {path} holds a record of row {count}, the input "
                             f"has {count - 1} rows (another input?); {_AGAIN}")
        why = _differs(record, raw, fmt)
        if why is not None:
            raise InputError(f"cannot resume: record {count} of {path} is not the record of "
                             f"input row {count}: {why}; {_AGAIN}")
        tally[record.status or "error"] += 1
        end = lines.offset
    return count, tally, end


def _differs(record: _Record, raw: RawRow, fmt: str) -> str | None:
    """Say how ``record`` differs from the record of ``raw``, or None when it is that record."""
    ident = _rendered_id(raw, fmt)
    if json.dumps(record.ident, sort_keys=True) != json.dumps(ident, sort_keys=True):
        return f"its id is {record.ident!r}, the input row's {ident!r} (another input?)"
    if fmt == "jsonl" and (type(record.line) is not int or record.line != raw.line):
        return f"it is of line {record.line!r}, the input row is on line {raw.line}"
    status = record.status
    if not (status is None or (isinstance(status, str) and status in _RANK)):
        return f"its status {status!r} is none that screen writes"
    if record.bands is None or not all(isinstance(b, str) and b in _RANK for b in record.bands):
        return "its matches are not screen's"
    worst = max(record.bands, key=_RANK.__getitem__, default=None)
    if worst is not None and (status is None or _RANK[status] < _RANK[worst]):
        return f"its status is {status!r} but its matches reach {worst!r}"
    if record.digest is None:
        return "it has no digest (written by an earlier version of pricing-engine)"
    if record.digest != row_digest(raw.cells.get("id"), to_row(raw).query, status):
        return ("its digest is not that of the input row (name, kind, country, dob, "
                "identifiers) with its status (another input, or an edited record?)")
    return None


def _rendered_id(raw: RawRow, fmt: str) -> Any:
    """Return the id of a row as an output record of ``fmt`` holds it once read back."""
    text = RENDERERS[fmt](error_record(raw.number, raw.cells.get("id"), ""))
    if fmt == "jsonl":
        return json.loads(text)["id"]
    return next(csv.reader(io.StringIO(text, newline="")))[0]


class _Offsets:
    """The lines of a binary file as text, and the offset after the last line given."""

    def __init__(self, handle: io.BufferedReader, path: str | Path) -> None:
        self._handle, self._path = handle, path
        self.offset = 0
        self.ended = True  # whether the last line given ends with a line break

    def __iter__(self) -> Iterator[str]:
        try:
            for line in self._handle:
                self.offset += len(line)
                self.ended = line.endswith(b"\n")
                yield line.decode("utf-8", "replace")
        except OSError as exc:
            raise InputError(f"{self._path}: cannot read the output to resume: "
                             f"{exc.strerror}") from None


def _jsonl(lines: _Offsets) -> Iterator[_Record]:
    for number, text in enumerate(lines, 1):
        try:
            record = jsonsafe.loads(text)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            if not lines.ended:  # a record cut short: not complete, not an error
                return
            raise InputError(f"cannot resume: output line {number} is not a JSON record")
        yield _Record(record.get("row"), record.get("id"), record.get("line"),
                      record.get("status"), _bands(record.get("matches")), record.get("digest"))


def _csv(lines: _Offsets, path: str | Path) -> Iterator[_Record]:
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
        if header is None:
            return
        if tuple(header) == CSV_COLUMNS[:-1]:  # no digest column
            raise InputError(f"cannot resume: {path} was written by an earlier version of "
                             f"pricing-engine (its records have no digest); {_AGAIN}")
        if tuple(header) != CSV_COLUMNS:
            raise InputError(f"cannot resume: {path} does not start with the CSV output header")
        for cells in reader:
            if len(cells) != len(CSV_COLUMNS):
                if not lines.ended:
                    return
                raise InputError(f"cannot resume: {path} line {reader.line_num} is not a "
                                 "record")
            number = int(cells[1]) if cells[1].isascii() and cells[1].isdigit() else None
            yield _Record(number, cells[0], None, cells[2] or None, _csv_bands(cells[5]),
                          cells[6] or None)  # fmt: skip
    except csv.Error as exc:  # a field over the csv module's limit, ...
        if not lines.ended:  # a record cut short: not complete, not an error
            return
        raise InputError(f"cannot resume: {path} line {reader.line_num} is not CSV: "
                         f"{exc}") from None


def _csv_bands(cell: str) -> list[Any] | None:
    if not cell:
        return []
    try:
        return _bands(jsonsafe.loads(cell))
    except ValueError:
        return None


def _bands(matches: Any) -> list[Any] | None:
    """Return the band of each match, or None if ``matches`` is not a list of matches."""
    if not isinstance(matches, list) or not all(isinstance(m, dict) for m in matches):
        return None
    return [m.get("band") for m in matches]
