"""Screening a file of parties: CSV or JSONL rows in, one output record per row out, in order.

A row that cannot become a query (bad quoting or JSON, bytes that are not UTF-8, a missing
name, an unknown kind...) is not dropped: it gives a record with ``status`` None and an
``error``, so an output file always has as many records as its input has records (what a
record is, and why a stray quote cannot hide the rows after it, is in
:mod:`pricing_engine.screening.batch_input`). :func:`record_writer` writes the records as
JSONL or as CSV safe to open in a spreadsheet. Every record carries a ``digest``
(:func:`row_digest`) of what was screened and the status it got, so that ``--resume`` can
tell the records of its input from another input's.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Callable, Generator, Iterable, Iterator
from functools import partial
from typing import IO, Any, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pricing_engine._csvsafe import safe_row
from pricing_engine.contract import SCHEMA_VERSION, SchemaVersion
from pricing_engine.screening.batch_input import RawRow, raw_rows
from pricing_engine.screening.batch_pool import map_chunks
from pricing_engine.screening.result import Band, Match, ScreeningQuery, ScreeningResult
from pricing_engine.screening.screener import Screener, StartMethod

__all__ = [
    "CSV_COLUMNS",
    "FIELDS",
    "RENDERERS",
    "Row",
    "ScreenRecord",
    "error_record",
    "query_from_row",
    "read_rows",
    "record_writer",
    "render_csv",
    "render_jsonl",
    "result_record",
    "row_digest",
    "screen_rendered",
    "screen_rows",
    "screen_stream",
    "to_row",
]

#: The input columns (JSON keys) a query is built from; others are ignored.
FIELDS = ("id", "name", "kind", "country", "dob")
T = TypeVar("T")

#: The header of the CSV output.
CSV_COLUMNS = ("id", "row", "status", "error", "best_score", "matches", "digest")
#: What a record digest hashes first: another layout of what it hashes gets another tag.
_DIGEST_TAG = b"pricing-engine screen record 1\n"


class ScreenRecord(BaseModel):
    """The shape of one output record of a batch screen (JSONL), screened or malformed.

    :func:`result_record` and :func:`error_record` write it as plain dicts (a batch has many);
    this model documents it and gives its JSON Schema.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: SchemaVersion
    id: Any = Field(description="the input record's id, as given (null without one)")
    row: int = Field(description="the record's number in the input, from 1")
    line: int | None = Field(default=None, description="the input line it starts on, from 1")
    status: Band | None = Field(description="null for a malformed record (see error)")
    matches: tuple[Match, ...] = Field(description="best first, each with its explanation "
                                       "(as screen NAME gives it); empty for an error")
    unread_scripts: tuple[str, ...] = Field(
        default=(), description="scripts of the name the screener cannot read (then at "
        "least review); absent when none")
    error: str | None = Field(default=None, description="why a malformed record has no status")
    digest: str | None = Field(
        default=None, description="sha256 (hex) of the input record as screened (its id and "
        "query, or its error) and the status it got: screen --resume keeps a record only when "
        "it is that of the input row at its place; absent in outputs of earlier versions")


class Row(NamedTuple):
    """A record read: its number, the line it starts on, its id, its query or why it has none."""

    number: int
    line: int
    ident: Any
    query: ScreeningQuery | str


def query_from_row(row: dict[str, Any], identifiers: tuple[str, ...] = ()) -> ScreeningQuery | str:
    """Return the query of a row, or the reason it is malformed.

    An optional ``identifiers`` column holds IMO, passport... numbers separated by ``;`` (or,
    in JSONL, a list of strings).
    """
    extra = row.get("identifiers")
    if isinstance(extra, str):
        identifiers += tuple(v.strip() for v in extra.split(";") if v.strip())
    elif isinstance(extra, list) and all(isinstance(v, str) for v in extra):
        identifiers += tuple(extra)
    elif extra is not None:
        return "identifiers: a list of strings or a ';'-separated string expected"
    fields = {k: (v if v not in ("", None) else None) for k, v in row.items() if k in FIELDS}
    for key, value in fields.items():
        if value is None or isinstance(value, str):
            continue
        # a JSONL number is its text (a year of birth, an IMO number as a name); true, false
        # and a number too large to be finite are no party's data: the row is an error,
        # never a "clear" screen of the word "True" or "inf"
        if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
            return f"{key}: a string expected, not {json.dumps(value)}"
        if isinstance(value, int | float):
            fields[key] = str(value)
    try:
        return ScreeningQuery(**{k: v for k, v in fields.items() if v is not None},
                              identifiers=identifiers)  # fmt: skip
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'row'}: {err['msg']}" for err in exc.errors()
        )
        return problems


def read_rows(handle: IO[bytes] | IO[str]) -> Iterator[Row]:
    """Yield a :class:`Row` for every record of a CSV or JSONL stream, malformed ones included.

    A stream whose first line starts with ``{`` (or is blank) is JSONL, else CSV with a
    header; a header that cannot be read (no ``name`` column, a column named twice, a binary
    file...) raises :class:`~pricing_engine.errors.InputError` before this returns.
    """
    return map(to_row, raw_rows(handle))


def to_row(raw: RawRow) -> Row:
    """Return the :class:`Row` of a raw record: its query, or why it is malformed."""
    query = raw.error if raw.error is not None else query_from_row(raw.cells)
    return Row(raw.number, raw.line, raw.cells.get("id"), query)


def screen_stream(
    screener: Screener, handle: IO[bytes] | IO[str], *, workers: int = 1,
    start_method: StartMethod | None = None,
) -> Iterator[dict[str, Any]]:
    """Screen every record of a CSV or JSONL stream, yielding one output record each, in order.

    A CSV header is read before this returns, so a file that cannot be read as input fails
    at once, before any screening. ``workers`` and ``start_method`` are as for
    :func:`screen_rendered` (by default: no worker process). The stream is read as it is
    screened: memory does not grow with its length.
    """
    return screen_rows(screener, raw_rows(handle), workers=workers, start_method=start_method)


def screen_rows(
    screener: Screener, rows: Iterable[Row | RawRow], *, workers: int = 1,
    start_method: StartMethod | None = None,
) -> Iterator[dict[str, Any]]:
    """Screen the rows :func:`read_rows` (or ``raw_rows``) gives: a record each, in order."""
    chunks = screen_rendered(screener, rows, _as_is, workers=workers, start_method=start_method)
    return (record for chunk in chunks for _, record in chunk)


def screen_rendered(
    screener: Screener, rows: Iterable[Row | RawRow], render: Callable[[dict[str, Any]], T],
    *, workers: int = 1, start_method: StartMethod | None = None,
) -> Generator[list[tuple[str, T]], None, None]:
    """Screen rows in chunks, yielding for each chunk its records' status and rendering, in order.

    A record's status is ``"error"`` for a malformed row. ``render`` (a module-level function,
    such as :func:`render_jsonl`, as it may be sent to worker processes) turns each output
    record into what the caller writes: with workers, the records are rendered there and only
    the renderings come back, which costs the parent far less than result models would.
    Worker processes (``workers`` > 1, started by ``start_method``) get chunks of rows, a
    few at a time (:func:`pricing_engine.screening.batch_pool.map_chunks`); closing the
    generator stops them.
    """
    work = partial(_screen_chunk, render=render)
    return map_chunks(screener, work, rows, workers=workers, start_method=start_method)


def _as_is(record: dict[str, Any]) -> dict[str, Any]:
    return record


def _screen_chunk(
    screener: Screener, rows: list[Row | RawRow], *, render: Callable[[dict[str, Any]], T]
) -> list[tuple[str, T]]:
    done: list[tuple[str, T]] = []
    for row in rows:
        record = _record(screener, to_row(row) if isinstance(row, RawRow) else row)
        done.append((record["status"] or "error", render(record)))
    return done


def _record(screener: Screener, row: Row) -> dict[str, Any]:
    if isinstance(row.query, str):
        return error_record(row.number, row.ident, row.query, line=row.line)
    return result_record(row.number, row.ident, screener.screen(row.query), line=row.line)


def result_record(
    number: int, ident: Any, result: ScreeningResult, *, line: int | None = None
) -> dict[str, Any]:
    """Return the output record of a screened row: its status and matches, best first.

    A match has the shape of :class:`~pricing_engine.screening.result.Match`, explanation
    (aligned tokens, features) included, as a single screen gives it.

    ``line`` is the line of the input file the row starts on, when known.
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "id": ident,
        "row": number,
        **({"line": line} if line is not None else {}),
        "status": result.status,
        "matches": [m.model_dump(mode="json") for m in result.matches],
        **({"unread_scripts": list(result.unread_scripts)} if result.unread_scripts else {}),
        "digest": row_digest(ident, result.query, result.status),
    }


def error_record(number: int, ident: Any, error: str, *, line: int | None = None) -> dict[str, Any]:
    """Return the output record of a malformed row: no status, no matches, the error."""
    where = {"line": line} if line is not None else {}
    return {"schema_version": SCHEMA_VERSION, "id": ident, "row": number, **where,
            "status": None, "matches": [], "error": error,
            "digest": row_digest(ident, error, None)}


def row_digest(ident: Any, query: ScreeningQuery | str, status: str | None) -> str:
    """Return the digest of a record: sha256 of the row's id and query (or error) and its status.

    It ties a record to the content of the input row screened (name, kind, country, dob,
    identifiers: every field of the query) and to the status it got, so that a record kept
    from another input with the same ids, or whose status was edited, is told apart. It is
    not keyed: a writer that recomputes it can forge it.
    """
    screened = query if isinstance(query, str) else query.model_dump(mode="json")
    text = json.dumps([ident, screened, status], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(_DIGEST_TAG + text.encode("utf-8")).hexdigest()


def render_jsonl(record: dict[str, Any]) -> str:
    """Return a record as one JSONL line (non-ASCII letters as they are)."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def render_csv(record: dict[str, Any]) -> str:
    """Return a record as one CSV row under :data:`CSV_COLUMNS`, safe to open in a spreadsheet.

    Per record: id, row, status, error, the best score, the matches as a JSON array and the
    digest (:func:`row_digest`); a
    text cell a spreadsheet would run as a formula gets a single quote in front
    (:func:`pricing_engine._csvsafe.spreadsheet_safe`). Rows end with CRLF (RFC 4180).
    """
    matches = record["matches"]
    text = io.StringIO()
    csv.writer(text).writerow(safe_row([
        record["id"] if record["id"] is not None else "", record["row"],
        record["status"] or "", record.get("error", ""),
        matches[0]["score"] if matches else "",
        json.dumps(matches, ensure_ascii=False) if matches else "", record.get("digest", ""),
    ]))  # fmt: skip
    return text.getvalue()


#: The renderer of each output format.
RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {"csv": render_csv, "jsonl": render_jsonl}


def record_writer(out: IO[str], fmt: str) -> Callable[[dict[str, Any]], None]:
    """Return a function writing one record to ``out`` as ``jsonl`` or ``csv`` (``fmt``).

    The CSV form writes its header (:data:`CSV_COLUMNS`) at once; records are rendered by
    :data:`RENDERERS`.
    """
    if fmt == "csv":
        csv.writer(out).writerow(CSV_COLUMNS)
    render = RENDERERS[fmt]

    def write(record: dict[str, Any]) -> None:
        out.write(render(record))

    return write
