"""OFSI Consolidated List (ConList.csv), the 29-column layout (to 2022) and the 36-column one.

Line 1 is ``Last Updated,dd/mm/yyyy``; line 2 the header; then one row per name (and, in the
older layout, per date of birth), grouped into entries by ``Group ID``. The row whose Alias
Type is "Prime Alias" (or "Primary name") gives the primary name; Alias Quality "Low" (2022
layout) marks a weak alias. Multi-valued cells read ``(1) a (2) b``. Columns are found by
header name, so both layouts (and small column reorderings) read. cp1252 text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists._common import csv_rows, header_records, make_list, one_file
from pricing_engine.screening.lists._dates import parse_date
from pricing_engine.screening.lists._uk import CONLIST, Row, group_rows
from pricing_engine.screening.model import SanctionsList

__all__ = ["LAYOUT", "REQUIRED", "load"]

#: The columns this loader reads (the table is in _uk.py, beside the FCDO layout).
LAYOUT = CONLIST
#: Columns both layouts have and the loader cannot do without.
REQUIRED = ("Name 6", "Group Type", "Alias Type", "Group ID")
#: Older-layout column names standing in for newer ones.
_FALLBACKS = {"Passport Number": "Passport Details", "National Identification Number": "NI Number"}


def load(paths: Sequence[Path], *, list_id: str) -> SanctionsList:
    """Load one ConList.csv file."""
    path = one_file(paths, "uk_conlist_csv", "ConList.csv")
    rows = csv_rows(path)
    published = _published(path, next(rows, None))
    entities = list(group_rows(_records(path, rows), LAYOUT, list_id, path))
    return make_list(list_id, "uk_conlist_csv", paths, entities, published=published)


def _published(path: Path, first: tuple[int, list[str]] | None) -> str | None:
    if first is None or first[1][0].strip() != "Last Updated":
        raise ListFormatError(f"{path}:1: expected 'Last Updated,dd/mm/yyyy' (OFSI ConList.csv)")
    return parse_date(first[1][1]) if len(first[1]) > 1 else None


def _records(path: Path, rows: Iterator[tuple[int, list[str]]]) -> Iterator[Row]:
    for line, record in header_records(path, rows, REQUIRED, header_line=2):
        for new, old in _FALLBACKS.items():
            record.setdefault(new, record.get(old, ""))
        yield line, record
