"""Reading a catalogue (CSV or YAML) and a markets file (YAML or JSON).

A catalogue row that is malformed does not stop the book: it is kept as its error message
(``catalogue.csv:7: unit_cost: ...``) and becomes an INVALID_INPUT row in every market, so
the book has one row per catalogue row and market whatever the input. A catalogue that cannot
be read at all (no header, an unknown column, not UTF-8, too large) or a malformed markets
file is an error naming the file, line and field.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pricing_engine.documents import (
    Document,
    Loc,
    decode_utf8,
    read_file,
    read_yaml,
    validate_document,
)
from pricing_engine.errors import RuleFileError
from pricing_engine.pricebook.model import CatalogueItem, Markets

__all__ = ["CATALOGUE_COLUMNS", "MAX_CATALOGUE_BYTES", "Catalogue", "load_catalogue",
           "load_markets"]

#: A catalogue row: the item, or why the row is not one (``file:line: field: message``).
Catalogue = tuple[CatalogueItem | str, ...]
#: The columns a CSV catalogue may have (the first four and list_price are required).
CATALOGUE_COLUMNS = tuple(CatalogueItem.model_fields)
#: A catalogue file larger than this is refused (about 500,000 rows); a device or a pipe is
#: never read past it.
MAX_CATALOGUE_BYTES = 64 * 1024 * 1024
_REQUIRED = tuple(n for n, f in CatalogueItem.model_fields.items() if f.is_required())


def load_markets(path: str | Path) -> Markets:
    """The markets file at ``path``; a problem raises RuleFileError at its line and column."""
    return validate_document(read_yaml(path), Markets, "a markets file is a mapping (seller:, "
                             "currency:, date:, markets:)", list_others=True)


def load_catalogue(path: str | Path) -> Catalogue:
    """The catalogue at ``path``: CSV (``.csv``) or YAML/JSON (a list, or ``items:``)."""
    if str(path).lower().endswith(".csv"):
        return _csv(path)
    doc = read_yaml(path)
    data = doc.data.get("items") if isinstance(doc.data, dict) else doc.data
    if not isinstance(data, list):
        raise RuleFileError(doc.path, 1, 1, "a catalogue is a list of items (sku, hs_code, "
                            "origin, unit_cost, unit_weight_kg, list_price), or items: [...]")
    prefix: Loc = ("items",) if isinstance(doc.data, dict) else ()
    return tuple(_item(doc, (*prefix, i), value) for i, value in enumerate(data))


def _item(doc: Document, loc: Loc, value: Any) -> CatalogueItem | str:
    if not isinstance(value, dict):
        return str(doc.error(loc, "a catalogue item is a mapping (sku:, hs_code:, ...)"))
    try:
        return CatalogueItem.model_validate(value)
    except ValidationError as exc:
        return "; ".join(_messages(exc, lambda where, message: str(doc.error(
            (*loc, *where), message))))


def _messages(exc: ValidationError, at: Any) -> list[str]:
    out = []
    for err in exc.errors():
        where = tuple(err["loc"])
        field = ".".join(str(p) for p in where)
        message = str(err["msg"]).removeprefix("Value error, ")
        out.append(at(where, f"{field}: {message}" if field else message))
    return out


def _csv(path: str | Path) -> Catalogue:
    name = str(path)
    raw = read_file(path, name, limit=MAX_CATALOGUE_BYTES, hint=" (split the catalogue)")
    text = decode_utf8(raw, name)
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader, [])]
        _check_header(name, header)
        rows: list[CatalogueItem | str] = []
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(_csv_item(name, reader.line_num, header, cells))
    except csv.Error as exc:
        raise RuleFileError(name, reader.line_num, 1, f"malformed CSV: {exc}") from None
    return tuple(rows)


def _check_header(name: str, header: list[str]) -> None:
    unknown = [c for c in header if c not in CATALOGUE_COLUMNS]
    if unknown:
        column = header.index(unknown[0]) + 1
        raise RuleFileError(name, 1, column, f"unknown column {unknown[0]!r} (columns: "
                            f"{', '.join(CATALOGUE_COLUMNS)})")
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise RuleFileError(name, 1, 1, f"missing column(s): {', '.join(missing)}")
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise RuleFileError(name, 1, 1, f"column given twice: {', '.join(twice)}")


def _csv_item(name: str, line: int, header: list[str], cells: list[str]) -> CatalogueItem | str:
    if len(cells) != len(header):
        return f"{name}:{line}:1: {len(cells)} cells where the header has {len(header)}"
    values = {k: v.strip() for k, v in zip(header, cells, strict=True) if v.strip()}
    try:
        return CatalogueItem.model_validate(values)
    except ValidationError as exc:
        def at(where: Loc, message: str) -> str:
            column = header.index(str(where[0])) + 1 if where and where[0] in header else 1
            return f"{name}:{line}:{column}: {message}"
        return "; ".join(_messages(exc, at))
