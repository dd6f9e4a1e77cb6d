"""Tariff schedules from official files: parse rate texts, import, write and diff tables.

:func:`import_tariff` reads a file in a published format (``us-hts-json``, ``us-hts-csv``,
``uk-gt-csv``, ``eu-cet``), returning an :class:`ImportResult` (the table, every problem
with file and row, and counts), and :func:`write_table` writes ``DIR/tariffs/<CODE>.yaml``.
"""

from __future__ import annotations

from pricing_engine.tariff._input import TariffFileError
from pricing_engine.tariff.diff import Change, TariffDiff, diff_tables
from pricing_engine.tariff.importers import import_tariff
from pricing_engine.tariff.rates import ParsedRate, Specific, Unparsed, parse_rate
from pricing_engine.tariff.table import (
    Imported,
    ImportResult,
    MfnLine,
    PreferenceLine,
    Problem,
    TariffTable,
    render_table,
    write_table,
)

__all__ = [
    "Change",
    "ImportResult",
    "Imported",
    "MfnLine",
    "ParsedRate",
    "PreferenceLine",
    "Problem",
    "Specific",
    "TariffDiff",
    "TariffFileError",
    "TariffTable",
    "Unparsed",
    "diff_tables",
    "import_tariff",
    "parse_rate",
    "render_table",
    "write_table",
]
