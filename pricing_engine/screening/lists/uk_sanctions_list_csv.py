"""UK Sanctions List (FCDO) CSV: line 1 ``Report Date: DD-Mon-YYYY``, then a 58-column header.

One row per name, grouped into entries by ``Unique ID``; ``Name type`` says "Primary name",
"Primary name variation" or "Alias", ``Alias strength`` marks low-quality (weak) aliases;
multi-valued cells are joined with ``|``; dates are dd/mm/yyyy. Layout: the header FCDO
published with the February 2022 format change (gov.uk, "UK Sanctions List: change to the
list's format"); no real file was available to test on, so the
tests use hand-made files written to that layout. Columns are found by header name.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists._common import csv_rows, header_records, make_list, one_file
from pricing_engine.screening.lists._dates import parse_date
from pricing_engine.screening.lists._uk import UK_SANCTIONS_LIST, group_rows
from pricing_engine.screening.model import SanctionsList

__all__ = ["LAYOUT", "REQUIRED", "load"]

#: The columns this loader reads (the table is in _uk.py, beside the OFSI layout).
LAYOUT = UK_SANCTIONS_LIST
REQUIRED = ("Unique ID", "Name 6", "Name type", "Designation Type")


def load(paths: Sequence[Path], *, list_id: str) -> SanctionsList:
    """Load one UK Sanctions List CSV file."""
    path = one_file(paths, "uk_sanctions_list_csv")
    rows = csv_rows(path)
    first = next(rows, None)
    if first is None or not first[1][0].startswith("Report Date:"):
        raise ListFormatError(f"{path}:1: expected 'Report Date: DD-Mon-YYYY' (UK Sanctions List)")
    published = parse_date(first[1][0].removeprefix("Report Date:").replace("-", " "))
    records = header_records(path, rows, REQUIRED, header_line=2)
    entities = list(group_rows(records, LAYOUT, list_id, path))
    return make_list(list_id, "uk_sanctions_list_csv", paths, entities, published=published)
