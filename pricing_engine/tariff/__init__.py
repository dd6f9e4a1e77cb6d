"""Tariff schedules from official files: parse rate texts, import, write and diff tables.

:func:`import_tariff` reads a file in a published format (``us-hts-json``, ``us-hts-csv``,
``uk-gt-csv``, ``eu-cet``), returning an :class:`ImportResult` (the table, a rule file
:class:`~pricing_engine.rules.model.TariffFile`; every problem with file and row; counts), and
:func:`write_table` writes ``DIR/tariffs/<CODE>.yaml``, which the rule loader reads
(:func:`write_tables` the several tables of one import, all or none).
"""

from __future__ import annotations

from pricing_engine.tariff._input import TariffFileError
from pricing_engine.tariff.diff import Change, TariffDiff, diff_tables
from pricing_engine.tariff.importers import import_tariff
from pricing_engine.tariff.rates import Unparsed, describe, parse_rate
from pricing_engine.tariff.table import (
    ImportResult,
    Problem,
    render_table,
    write_table,
    write_tables,
)

__all__ = [
    "Change",
    "ImportResult",
    "Problem",
    "TariffDiff",
    "TariffFileError",
    "Unparsed",
    "describe",
    "diff_tables",
    "import_tariff",
    "parse_rate",
    "render_table",
    "write_table",
    "write_tables",
]
