"""Reading a screening batch: every record of a CSV or JSONL file, none swallowed.

A file is read as bytes, one physical line at a time, so that nothing in one line can change
how the next one is read. A **record** is one line, with a single exception: RFC 4180 lets a
quoted cell hold line breaks, and such a cell is read as part of one record spanning those
lines when it sits in a column the screen does not read (an address, a note), closes within
:data:`MAX_RECORD_LINES` lines, none of its following lines holds a comma (not even after
the quote closes) and leaves a well-formed record. Anything else that leaves a quote open at
the end of a line (a stray quote in a name) makes that line an error record, and reading
resumes at the next line. So one bad row can never hide the rows after it: a line that could
be a row of its own (it has a comma, as every row of a file with a ``name`` and another
column does) is never read as part of another row. Blank lines are not records.

Every record becomes a :class:`RawRow`; a malformed one carries an ``error`` naming the line
(and, for bytes that are not UTF-8 or a NUL, their offset in the file) instead of being
dropped: a quoting error, a cell over the CSV reader's field size limit, a line longer than
:data:`MAX_LINE_BYTES`, a row with the wrong number of cells, a JSONL line that is not a
JSON object or names a key twice. A header that cannot be read (a binary file, bytes that
are not UTF-8, a column named twice, no ``name`` column, a first line over
:data:`MAX_LINE_BYTES`) raises :class:`~pricing_engine.errors.InputError` before any record
is read; so does a first line holding a NUL byte however long it is (``/dev/zero``). A line
running on past :data:`MAX_SKIPPED_BYTES` with no line break raises InputError where it is
met: memory and time stay bounded whatever the input.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from pricing_engine.errors import InputError

__all__ = [
    "MAX_LINE_BYTES", "MAX_RECORD_LINES", "MAX_SKIPPED_BYTES", "SCREENED_COLUMNS", "RawRow",
    "raw_rows",
]

#: A longer line is an error record (its bytes are skipped, not held in memory).
MAX_LINE_BYTES = 1 << 20
#: A line that runs on further than this refuses the input (InputError): a device or a stream
#: with no line break (``/dev/zero``) must not be skipped without end.
MAX_SKIPPED_BYTES = 64 << 20
#: The most physical lines one record may span through quoted line breaks.
MAX_RECORD_LINES = 20
#: The columns a query is built from: none of them may hold a line break.
SCREENED_COLUMNS = frozenset({"id", "name", "kind", "country", "dob", "identifiers"})

_BOM = b"\xef\xbb\xbf"
_OPEN_QUOTE = "unexpected end of data"  # what the csv module says about a quote left open
_FIELD_LIMIT = re.compile(r"field larger than field limit \((\d+)\)")


class RawRow(NamedTuple):
    """One record: its number, the line it starts on, its cells by column, or its error.

    ``number`` counts records from 1 (after the header of a CSV; a JSONL record's number is
    its line). ``cells`` may be partial for an error record (its ``id`` when it was read).
    """

    number: int
    line: int
    cells: dict[str, Any]
    error: str | None


class _Line(NamedTuple):
    number: int
    offset: int  # of the line's first byte in the file
    data: bytes  # of a line too long: its first MAX_LINE_BYTES + 1 bytes
    too_long: bool


def raw_rows(handle: IO[bytes] | IO[str]) -> Iterator[RawRow]:
    """Yield the records of a CSV or JSONL stream (bytes, or text for convenience).

    A stream whose first line starts with ``{`` (or is blank) is JSONL, else CSV with a
    header line. The header is read, and checked, before this returns.
    """
    lines = _Lines(_physical_lines(handle))
    first = next(lines, None)
    if first is None:
        return iter(())
    if first.data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("the input is UTF-16 (it starts with a byte order mark): save it as UTF-8")
    if b"\x00" in first.data:
        offset = first.offset + first.data.index(b"\x00")
        raise InputError(
            f"the input is a binary file, not CSV or JSONL (NUL byte at offset {offset})"
        )
    if first.data.removeprefix(_BOM).lstrip().startswith(b"{") or not first.data.strip():
        lines.push_back([first])
        return _jsonl_rows(lines)
    header = _header(first)
    return _csv_rows(header, lines)


def _physical_lines(handle: IO[bytes] | IO[str]) -> Iterator[_Line]:
    number = offset = 0
    while raw := _read_line(handle, MAX_LINE_BYTES + 1):
        number += 1
        too_long = len(raw) > MAX_LINE_BYTES
        # A line too long keeps its first bytes, for a look only (a binary file is refused on
        # them), and the rest is skipped once the line is done with: the reader of the first
        # line refuses /dev/zero before any of its endless line is skipped.
        yield _Line(number, offset, raw, too_long)
        offset += len(raw)
        if too_long and not raw.endswith(b"\n"):
            offset += _skip_line(handle, number)


def _skip_line(handle: IO[bytes] | IO[str], number: int) -> int:
    """Skip the rest of line ``number`` (never holding it); return the bytes skipped."""
    skipped = 0
    while raw := _read_line(handle, 1 << 16):
        skipped += len(raw)
        if raw.endswith(b"\n"):
            break
        if skipped > MAX_SKIPPED_BYTES:
            raise InputError(
                f"line {number}: no line break in {MAX_SKIPPED_BYTES:,} bytes: not CSV or "
                "JSONL text (a binary file, or a stream with no end?)"
            )
    return skipped


def _read_line(handle: IO[bytes] | IO[str], limit: int) -> bytes:
    try:
        data = handle.readline(limit)
    except OSError as exc:
        raise InputError(f"cannot read input: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:  # a text stream that decodes itself
        raise InputError(f"input is not UTF-8: {exc}") from None
    return data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data


class _Lines:
    """An iterator of lines that can be handed back lines it gave (read again, in order)."""

    def __init__(self, source: Iterator[_Line]) -> None:
        self._source = source
        self._back: list[_Line] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> _Line:
        return self._back.pop() if self._back else next(self._source)

    def push_back(self, lines: list[_Line]) -> None:
        self._back.extend(reversed(lines))


def _decode(line: _Line) -> tuple[str, str | None]:
    """Return the text of a line, or "" and why it has none."""
    if line.too_long:
        return "", f"line {line.number}: longer than {MAX_LINE_BYTES:,} bytes"
    data, offset = line.data, line.offset
    if line.number == 1 and data.startswith(_BOM):
        data, offset = data[len(_BOM) :], offset + len(_BOM)
    if (nul := data.find(b"\x00")) >= 0:
        return "", f"line {line.number}: NUL byte at offset {offset + nul} of the file"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return "", (
            f"line {line.number}: not UTF-8: byte 0x{data[exc.start]:02x} at offset "
            f"{offset + exc.start} of the file (byte {exc.start + 1} of the line)"
        )


def _is_blank(line: _Line) -> bool:
    return not line.too_long and line.data in (b"", b"\n", b"\r\n")


def _parse(texts: list[str]) -> list[str]:
    """Return the cells of the one record ``texts`` hold (the csv module, strict)."""
    return next(csv.reader(texts, strict=True), [])


def _csv_problem(exc: csv.Error) -> str:
    message = str(exc)
    if limit := _FIELD_LIMIT.match(message):
        return f"a cell is longer than {int(limit.group(1)):,} characters (the CSV reader's limit)"
    if message.startswith("new-line character"):
        return "a carriage return inside an unquoted cell"
    if message == _OPEN_QUOTE:
        return "a quote opened on this line is not closed on it"
    if "expected after" in message:
        return "text after the closing quote of a cell (a stray quote?)"
    return message


def _header(first: _Line) -> tuple[str, ...]:
    text, problem = _decode(first)
    if problem:
        raise InputError(f"{problem} (the CSV header)")
    try:
        names = tuple(_parse([text]))
    except csv.Error as exc:
        raise InputError(f"line 1: CSV header: {_csv_problem(exc)}") from None
    seen: dict[str, int] = {}
    for column, name in enumerate(names, 1):
        key = name.strip().casefold()
        if key and key in seen:
            raise InputError(
                f"line 1: CSV header names column {name!r} twice (columns {seen[key]} and {column})"
            )
        seen[key] = column
    if "name" not in names:
        raise InputError("CSV input has no 'name' column (expected id, name, kind, country, dob)")
    return names


def _csv_rows(header: tuple[str, ...], lines: _Lines) -> Iterator[RawRow]:
    number = 0
    for line in lines:
        if _is_blank(line):
            continue
        number += 1
        yield _csv_record(number, line, header, lines)


def _csv_record(number: int, line: _Line, header: tuple[str, ...], lines: _Lines) -> RawRow:
    text, problem = _decode(line)
    if problem:
        return RawRow(number, line.number, {}, problem)
    try:
        cells = _parse([text])
    except csv.Error as exc:
        if str(exc) == _OPEN_QUOTE:
            return _quoted_lines(number, line, text, header, lines)
        return RawRow(number, line.number, {}, f"line {line.number}: {_csv_problem(exc)}")
    row = dict(zip(header, cells, strict=False))
    if len(cells) != len(header):
        return RawRow(
            number, line.number, row, "row has a different number of fields than the header"
        )
    return RawRow(number, line.number, row, None)


def _quoted_lines(
    number: int, line: _Line, text: str, header: tuple[str, ...], lines: _Lines
) -> RawRow:
    """Read a record whose quoted cell holds line breaks, or make its first line an error.

    The lines read ahead for a record that does not come out well formed are handed back, to
    be read as records of their own.
    """
    try:
        partial = next(csv.reader([text]))  # not strict: the cell left open is the last one
    except csv.Error:
        partial = []
    column = header[len(partial) - 1] if 0 < len(partial) <= len(header) else None
    known = {k: v for k, v in zip(header, partial[:-1], strict=False) if k == "id"}
    opened = f"line {line.number}: a quote opened in column {column!r}"
    if column is None or column in SCREENED_COLUMNS:
        return RawRow(number, line.number, known, f"{opened} is not closed on this line")
    texts, taken = [text], list[_Line]()
    while len(texts) < MAX_RECORD_LINES and (following := next(lines, None)) is not None:
        taken.append(following)
        more, problem = _decode(following)
        if problem or "," in more:
            break  # a line that could be a row of its own is never part of another row
        texts.append(more)
        try:
            cells = _parse(texts)
        except csv.Error as exc:
            if str(exc) == _OPEN_QUOTE:
                continue  # still inside the cell
            break
        if _spans_cleanly(header, cells):
            return RawRow(number, line.number, dict(zip(header, cells, strict=True)), None)
        break
    lines.push_back(taken)
    return RawRow(
        number, line.number, known,
        f"{opened} is not closed on this line (a cell that holds line breaks must close "
        f"within {MAX_RECORD_LINES} lines, with no comma on its following lines)",
    )  # fmt: skip


def _spans_cleanly(header: tuple[str, ...], cells: list[str]) -> bool:
    """Whether a record read over several lines is well formed and hides no row.

    Its line breaks must all be in columns the screen does not read, and no text after a
    line break may hold a comma: a line that could be a row of its own is never part of
    another row.
    """
    if len(cells) != len(header):
        return False
    return not any(
        ("\n" in value or "\r" in value)
        and (key in SCREENED_COLUMNS or "," in value.partition("\n")[2])
        for key, value in zip(header, cells, strict=True)
    )


def _jsonl_rows(lines: _Lines) -> Iterator[RawRow]:
    for line in lines:
        cells, problem = _json_object(line)
        if cells is not None or problem is not None:
            yield RawRow(line.number, line.number, cells or {}, problem)


def _json_object(line: _Line) -> tuple[dict[str, Any] | None, str | None]:
    """Return the object of a JSONL line, or why there is none (None, None: a blank line)."""
    text, problem = _decode(line)
    if problem or not text.strip():
        return None, problem
    try:
        value = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_not_json)
    except _DuplicateKey as exc:
        return None, f"line {line.number}: key {exc} appears twice"
    except RecursionError:
        return None, "not valid JSON: nested too deeply"
    except ValueError as exc:
        return None, f"not valid JSON: {exc}"
    if not isinstance(value, dict):
        return None, "a JSONL row must be a JSON object"
    return value, None


class _DuplicateKey(Exception):
    pass


def _not_json(word: str) -> Any:
    """NaN, Infinity and -Infinity: Python's json reads them, JSON has no such values."""
    raise ValueError(f"{word} is not a JSON value")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(repr(key))
        result[key] = value
    return result
