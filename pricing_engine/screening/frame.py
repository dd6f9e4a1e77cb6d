"""Screening a pandas DataFrame of parties: one output row per input row, in order.

:func:`screen_frame` reads the columns a batch file has (``id``, ``name``, ``kind``,
``country``, ``dob``, ``identifiers``; others are ignored) and returns a frame with the index
of its input and the fields of a batch output record (:class:`~.batch.ScreenRecord`) as
columns, :data:`COLUMNS`. A row that cannot become a query gets ``status`` None and an
``error``, as in a batch file; nothing is dropped. The nested values (``matches``,
``unread_scripts``) are JSON text, so that every frame, and every Parquet file written from
one, has the same flat column types whatever its rows hold.

pandas comes with the optional extra ``pip install "pricing-engine[dask]"``; it is imported
only when a frame is screened.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, TypeAlias

from pricing_engine.contract import SCHEMA_VERSION
from pricing_engine.errors import InputError, PricingEngineError
from pricing_engine.screening.batch import FIELDS, query_from_row
from pricing_engine.screening.result import ScreeningQuery, ScreeningResult
from pricing_engine.screening.screener import Screener

__all__ = [
    "COLUMNS",
    "EXTRA",
    "INPUT_COLUMNS",
    "Frame",
    "MissingExtra",
    "empty_frame",
    "import_extra",
    "records_frame",
    "screen_frame",
]

#: A pandas DataFrame (pandas ships no type information, so the API says Any).
Frame: TypeAlias = Any
#: The install command of the optional extra this module and :mod:`.distributed` need.
EXTRA = 'pip install "pricing-engine[dask]"'
#: The columns of a screened frame, in order: the batch record's fields but ``line`` and
#: ``digest`` (what `screen --resume` checks a file's records by).
COLUMNS = ("schema_version", "id", "row", "status", "matches", "unread_scripts", "error")
#: The input columns read: those of a batch file.
INPUT_COLUMNS = (*FIELDS, "identifiers")


class MissingExtra(PricingEngineError, ImportError):
    """A module of the optional extra ``pricing-engine[dask]`` is not installed."""


def import_extra(name: str) -> ModuleType:
    """Import ``name`` (pandas, dask.dataframe, distributed...), or say which extra has it."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise MissingExtra(f"{name} is not installed; screening data frames needs the "
                           f"optional extra: {EXTRA}") from exc  # fmt: skip


def screen_frame(df: Frame, *, screener: Screener | None = None, first_row: int = 1) -> Frame:
    """Screen every row of ``df``; return the output records as a frame with ``df``'s index.

    ``screener`` defaults to :meth:`Screener.from_bundled`. Rows are numbered (column
    ``row``) from ``first_row``, as a batch file numbers its records from 1. A frame without
    a ``name`` column gives an error record for every row.
    """
    pd = import_extra("pandas")
    screener = screener or Screener.from_bundled()
    return records_frame(pd, df, screener.screen, first_row)


def records_frame(
    pd: ModuleType, df: Frame, screen: Callable[[ScreeningQuery], ScreeningResult] | None,
    first_row: int,
) -> Frame:  # fmt: skip
    """Return the output frame of ``df`` screened by ``screen`` (a Screener's ``screen``).

    ``screen`` may be None for a frame without rows. An input column named twice raises
    :class:`~pricing_engine.errors.InputError`, as a batch file's header does.
    """
    twice = sorted({str(c) for c in df.columns[df.columns.duplicated()]} & set(INPUT_COLUMNS))
    if twice:
        raise InputError(f"column {twice[0]!r} appears more than once in the frame")
    present = [column for column in INPUT_COLUMNS if column in df.columns]
    cells = df[present].astype(object)
    cells = cells.where(cells.notna(), None)  # NaN, NA and NaT are "not given", as "" is
    out: dict[str, list[Any]] = {column: [] for column in COLUMNS if column != "id"}
    for number, values in enumerate(cells.itertuples(index=False, name=None), first_row):
        query = query_from_row(dict(zip(present, values, strict=True)))
        if isinstance(query, str):
            _append(out, number, None, [], (), query)
        elif screen is None:
            raise ValueError("records_frame: a frame with rows needs a screen function")
        else:
            result = screen(query)
            matches = [m.model_dump(mode="json") for m in result.matches]
            _append(out, number, result.status, matches, result.unread_scripts, None)
    ids = df["id"].to_numpy() if "id" in df.columns else [None] * len(df)
    frame = pd.DataFrame({"id": ids, **out}, index=df.index, columns=list(COLUMNS))
    return frame.astype(_dtypes(pd, df))


def _append(
    out: dict[str, list[Any]],
    number: int,
    status: str | None,
    matches: list[Any],
    unread: Sequence[str],
    error: str | None,
) -> None:
    out["schema_version"].append(SCHEMA_VERSION)
    out["row"].append(number)
    out["status"].append(status)
    out["matches"].append(json.dumps(matches, ensure_ascii=False))
    out["unread_scripts"].append(json.dumps(list(unread), ensure_ascii=False))
    out["error"].append(error)


def _dtypes(pd: ModuleType, df: Frame) -> dict[str, Any]:
    """The column types of the output of ``df``: the same for every frame of one input.

    Text columns are pandas' nullable string type (missing: ``pd.NA``) whatever the version
    of pandas and whatever the rows hold (a column of None alone would be typed object).
    """
    types: dict[str, Any] = dict.fromkeys(COLUMNS, pd.StringDtype())
    types["id"] = df["id"].dtype if "id" in df.columns else object
    types["schema_version"] = types["row"] = "int64"
    return types


def empty_frame(df: Frame) -> Frame:
    """Return an output frame with no rows, for ``df``'s columns (a Dask ``meta``)."""
    pd = import_extra("pandas")
    return records_frame(pd, df.iloc[:0], None, 1)
