"""Screening a file of parties: CSV or JSONL rows in, one output record per row out, in order.

A row that cannot become a query (bad JSON, a missing name, an unknown kind...) is not
dropped: it gives a record with ``status`` None and an ``error``, so an output file always
has as many records as its input has rows. :func:`record_writer` writes the records as JSONL
or CSV.
"""

from __future__ import annotations

import csv
import json
from collections import deque
from collections.abc import Callable, Iterator
from itertools import chain
from typing import IO, Any

from pydantic import ValidationError

from pricing_engine.errors import InputError
from pricing_engine.screening.result import ScreeningQuery, ScreeningResult
from pricing_engine.screening.screener import Screener

__all__ = [
    "FIELDS",
    "Row",
    "error_record",
    "query_from_row",
    "read_rows",
    "record_writer",
    "result_record",
    "screen_stream",
]

#: The input columns (JSON keys) a query is built from; others are ignored.
FIELDS = ("id", "name", "kind", "country", "dob")
#: (row number, the row's id, its query or the reason it is malformed)
Row = tuple[int, Any, ScreeningQuery | str]


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
        if value is not None and not isinstance(value, str):
            fields[key] = str(value) if isinstance(value, int | float) else value
    try:
        return ScreeningQuery(**{k: v for k, v in fields.items() if v is not None},
                              identifiers=identifiers)  # fmt: skip
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'row'}: {err['msg']}" for err in exc.errors()
        )
        return problems


def read_rows(handle: IO[str]) -> Iterator[Row]:
    """Yield (row number, id, query or error) for every row of a CSV or JSONL stream.

    A stream whose first line starts with ``{`` (or is blank) is JSONL, else CSV with a
    header; a CSV header without a ``name`` column raises :class:`InputError`.
    """
    first = handle.readline()
    if first.lstrip().startswith("{") or not first.strip():
        lines: Iterator[str] = iter([first, *handle]) if first.strip() else iter(handle)
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                yield number, None, f"not valid JSON: {exc}"
                continue
            if not isinstance(row, dict):
                yield number, None, "a JSONL row must be a JSON object"
                continue
            yield number, row.get("id"), query_from_row(row)
        return
    reader = csv.DictReader(iter([first, *handle]))
    if "name" not in (reader.fieldnames or ()):
        raise InputError("CSV input has no 'name' column (expected id, name, kind, country, dob)")
    for number, row in enumerate(reader, 1):
        if None in row or any(v is None for v in row.values()):
            yield number, row.get("id"), "row has a different number of fields than the header"
            continue
        yield number, row.get("id"), query_from_row(row)


def screen_stream(
    screener: Screener, handle: IO[str], *, workers: int = 2
) -> Iterator[dict[str, Any]]:
    """Screen every row of a CSV or JSONL stream, yielding one record per row, in order.

    The first row (and so a CSV header) is read before this returns, so a file that cannot
    be read as input fails at once, before any screening. ``workers`` is passed to
    :meth:`Screener.screen_many`; only the well-formed rows are screened.
    """
    rows = read_rows(handle)
    first = next(rows, None)
    return _records(screener, chain([first] if first else [], rows), workers)


def _records(screener: Screener, rows: Iterator[Row], workers: int) -> Iterator[dict[str, Any]]:
    pending: deque[Row] = deque()

    def queries() -> Iterator[ScreeningQuery]:
        # runs in the pool's feeder thread: every row is queued, only valid ones are screened
        for item in rows:
            pending.append(item)
            if not isinstance(item[2], str):
                yield item[2]

    for result in screener.screen_many(queries(), workers=workers):
        while True:
            number, ident, query = pending.popleft()
            if isinstance(query, str):
                yield error_record(number, ident, query)
                continue
            break
        yield result_record(number, ident, result)
    while pending:
        number, ident, error = pending.popleft()
        yield error_record(number, ident, str(error))


def result_record(number: int, ident: Any, result: ScreeningResult) -> dict[str, Any]:
    """Return the output record of a screened row: its status and matches, best first."""
    return {
        "id": ident,
        "row": number,
        "status": result.status,
        "matches": [
            {
                "list": m.list,
                "entry_id": m.entry_id,
                "name": m.name,
                "score": m.score,
                "band": m.band,
            }
            for m in result.matches
        ],
    }


def error_record(number: int, ident: Any, error: str) -> dict[str, Any]:
    """Return the output record of a malformed row: no status, no matches, the error."""
    return {"id": ident, "row": number, "status": None, "matches": [], "error": error}


def record_writer(out: IO[str], fmt: str) -> Callable[[dict[str, Any]], None]:
    """Return a function writing one record to ``out`` as ``jsonl`` or ``csv`` (``fmt``).

    The CSV form writes its header at once, then per record id, row, status, error, the best
    score and the matches as a JSON array.
    """
    if fmt == "jsonl":

        def write_json(record: dict[str, Any]) -> None:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

        return write_json
    table = csv.writer(out)
    table.writerow(["id", "row", "status", "error", "best_score", "matches"])

    def write_csv(record: dict[str, Any]) -> None:
        matches = record["matches"]
        table.writerow([
            record["id"] if record["id"] is not None else "", record["row"],
            record["status"] or "", record.get("error", ""),
            matches[0]["score"] if matches else "",
            json.dumps(matches, ensure_ascii=False) if matches else "",
        ])  # fmt: skip

    return write_csv
