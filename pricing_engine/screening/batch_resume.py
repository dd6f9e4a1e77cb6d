"""Resuming a batch screen: what an output file already holds, and the input rows after it.

An output file of a batch (JSONL, or CSV under :data:`~pricing_engine.screening.batch.CSV_COLUMNS`)
holds one record per input record, in order, so its **complete records** (each ends with its
line break; a CSV record may span lines inside quotes) are those of input rows 1 to N.
:func:`completed` reads them (the N-th must have row N, every one before it its own number:
anything else is not this command's output and raises
:class:`~pricing_engine.errors.InputError`), counts their statuses and says where the last
one ends, so that a trailing incomplete record (a process killed mid-write) is cut off.
:func:`rows_after` then skips the first N input rows, checking that row N has the id its
record has, so that an output is never continued from another input.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pricing_engine import _jsonsafe as jsonsafe
from pricing_engine.errors import InputError
from pricing_engine.screening.batch import CSV_COLUMNS, RENDERERS, error_record
from pricing_engine.screening.batch_input import RawRow

__all__ = ["Completed", "completed", "rows_after"]


class Completed(NamedTuple):
    """The complete records of an output file: how many, their statuses, where they end."""

    rows: int
    tally: Counter[str]
    end: int  # bytes of the file up to the end of the last complete record
    last_id: Any  # the id cell of the last record, as the file holds it


def completed(path: str | Path, fmt: str) -> Completed:
    """Return the complete records of the ``fmt`` output at ``path`` (none if it is missing)."""
    try:
        with open(path, "rb") as handle:
            lines = _Offsets(handle)
            records = _jsonl(lines) if fmt == "jsonl" else _csv(lines, path)
            return _count(records, lines, path)
    except FileNotFoundError:
        return Completed(0, Counter(), 0, None)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the output to resume: {exc.strerror}") from None


def rows_after(rows: Iterable[RawRow], done: Completed, fmt: str) -> Iterator[RawRow]:
    """Yield the input rows after the first ``done.rows``, once row N is checked against it."""
    iterator = iter(rows)
    if done.rows:
        for raw in iterator:
            if raw.number < done.rows:
                continue
            expected = _rendered_id(raw, fmt)
            if expected != done.last_id:
                raise InputError(
                    f"cannot resume: input row {raw.number} has id {expected!r} but the output's "
                    f"record of that row has {done.last_id!r} (another input?)"
                )
            break
        else:
            raise InputError(
                f"cannot resume: the output holds {done.rows} records, the input has fewer rows"
            )
    return iterator


def _rendered_id(raw: RawRow, fmt: str) -> Any:
    """Return the id of a row as an output record of ``fmt`` holds it once read back."""
    text = RENDERERS[fmt](error_record(raw.number, raw.cells.get("id"), ""))
    if fmt == "jsonl":
        return json.loads(text)["id"]
    return next(csv.reader(io.StringIO(text, newline="")))[0]


class _Offsets:
    """The lines of a binary file as text, and the offset after the last line given."""

    def __init__(self, handle: io.BufferedReader) -> None:
        self._handle = handle
        self.offset = 0
        self.ended = True  # whether the last line given ends with a line break

    def __iter__(self) -> Iterator[str]:
        for line in self._handle:
            self.offset += len(line)
            self.ended = line.endswith(b"\n")
            yield line.decode("utf-8", "replace")


def _jsonl(lines: _Offsets) -> Iterator[tuple[Any, Any, str]]:
    for number, text in enumerate(lines, 1):
        try:
            record = jsonsafe.loads(text)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            if not lines.ended:  # a record cut short: not complete, not an error
                return
            raise InputError(f"cannot resume: output line {number} is not a JSON record")
        yield record.get("row"), record.get("id"), record.get("status") or "error"


def _csv(lines: _Offsets, path: str | Path) -> Iterator[tuple[Any, Any, str]]:
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
        if header is None:
            return
        if tuple(header) != CSV_COLUMNS:
            raise InputError(f"cannot resume: {path} does not start with the CSV output header")
        for cells in reader:
            if len(cells) != len(CSV_COLUMNS):
                if not lines.ended:
                    return
                raise InputError(f"cannot resume: {path} line {reader.line_num} is not a "
                                 "record")
            number = int(cells[1]) if cells[1].isdigit() else None
            yield number, cells[0], cells[2] or "error"
    except csv.Error as exc:  # a field over the csv module's limit, ...
        if not lines.ended:  # a record cut short: not complete, not an error
            return
        raise InputError(f"cannot resume: {path} line {reader.line_num} is not CSV: "
                         f"{exc}") from None


def _count(records: Iterator[tuple[Any, Any, str]], lines: _Offsets, path: str | Path) -> Completed:
    rows, tally, end, last_id = 0, Counter[str](), 0, None
    for number, ident, status in records:
        if not lines.ended:
            break  # the last line has no line break: the record may be cut short
        rows += 1
        if number != rows:
            raise InputError(
                f"cannot resume: record {rows} of {path} is row {number!r} (not screen's output?)"
            )
        tally[status] += 1
        end, last_id = lines.offset, ident
    return Completed(rows, tally, end, last_id)
