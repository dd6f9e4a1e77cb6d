"""The UK lists' shared shape: one CSV row per name, grouped into entries by an id column.

Both OFSI's ConList.csv and the FCDO UK Sanctions List CSV repeat an entry's data on one row
per name (and ConList also per date of birth); the columns differ, so this module names each
list's columns in a :class:`Layout` (:data:`CONLIST`, :data:`UK_SANCTIONS_LIST`), its loader
passes that layout in, and this module does the grouping.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists._common import dedupe, group_records, squash
from pricing_engine.screening.lists._countries import country_to_alpha2
from pricing_engine.screening.lists._dates import parse_dates
from pricing_engine.screening.model import Alias, Entity, EntityKind, Identifier

__all__ = [
    "CONLIST", "KINDS", "UK_SANCTIONS_LIST", "Layout", "Row", "group_rows", "split_values",
]

Row = tuple[int, Mapping[str, str]]  # (line number, column name -> value)

KINDS: dict[str, EntityKind] = {"individual": "person", "entity": "entity", "ship": "vessel"}
_NUMBERED = re.compile(r"\(\d+\)\s*")
_PARENS = re.compile(r"\s*\(([^)]*)\)")


#: OFSI ConList.csv (both layouts): field -> column name. Columns are found by header name.
_CONLIST_COLUMNS = {
    "id": "Group ID",
    "kind": "Group Type",
    "name_type": "Alias Type",
    "quality": "Alias Quality",
    "dob": "DOB",
    "nationality": "Nationality",
    "passport": "Passport Number",
    "national_id": "National Identification Number",
    "regime": "Regime",
    "country": "Country",
    "remarks": "Other Information",
    "non_latin": "Name Non-Latin Script",
}
#: FCDO UK Sanctions List CSV: field -> column name; it also has ships' IMO numbers and flags.
_UK_SANCTIONS_LIST_COLUMNS = {
    "id": "Unique ID",
    "kind": "Designation Type",
    "name_type": "Name type",
    "quality": "Alias strength",
    "dob": "D.O.B",
    "nationality": "Nationality(/ies)",
    "passport": "Passport number",
    "national_id": "National Identifier number",
    "regime": "Regime Name",
    "country": "Address Country",
    "remarks": "Other Information",
    "non_latin": "Name non-latin script",
    "imo": "IMO number",
    "flag": "Current believed flag of ship",
}


@dataclass(frozen=True, slots=True)
class Layout:
    """Which column holds what, in one UK CSV layout."""

    columns: Mapping[str, str]  # field ("id", "dob", ...) -> column name, where the list has it
    primary_types: frozenset[str]  # name types (lower case) that mark the primary name
    separator: str | None = None  # multi-value separator ("|"), or None for "(1) a (2) b"

    def cell(self, row: Mapping[str, str], field: str) -> str:
        """Return the squashed cell of ``field``'s column ("" where the layout has none)."""
        column = self.columns.get(field)
        return squash(row.get(column)) if column else ""


#: OFSI ConList.csv: the "Prime Alias" (or "Primary name") row names the entry.
CONLIST = Layout(_CONLIST_COLUMNS, frozenset({"prime alias", "primary name"}))
#: FCDO UK Sanctions List CSV: the "Primary name" row names the entry; cells join with "|".
UK_SANCTIONS_LIST = Layout(_UK_SANCTIONS_LIST_COLUMNS, frozenset({"primary name"}), "|")


def split_values(text: str, separator: str | None) -> list[str]:
    """Split a multi-valued cell: ``a|b`` (FCDO) or ``(1) a (2) b`` (OFSI)."""
    parts = text.split(separator) if separator else _NUMBERED.split(text)
    return [p for p in (squash(x) for x in parts) if p]


def _person_name(row: Mapping[str, str]) -> str:
    last = squash(row.get("Name 6"))
    given = " ".join(squash(row.get(f"Name {i}")) for i in range(1, 6)).strip()
    given = squash(given)
    return f"{last}, {given}" if last and given else last or given


def _document(text: str, kind: str) -> Identifier | None:
    """Read ``12345 (Syria) issued ...`` as a number and the country in brackets."""
    bracket = _PARENS.search(text)
    head = text[: bracket.start()] if bracket else text
    tokens = [t for t in head.replace(",", " ").split() if any(c.isdigit() for c in t)]
    if not tokens:
        return None
    country = country_to_alpha2(bracket.group(1)) if bracket else None
    return Identifier(kind, tokens[0].rstrip("."), country)


def _country(text: str) -> str | None:
    return country_to_alpha2(_PARENS.sub("", text)) if text else None


def group_rows(rows: Iterator[Row], layout: Layout, list_id: str, path: Path) -> Iterator[Entity]:
    """Group rows by the layout's id column (in first-seen order) and build one entry each."""
    for key, members in group_records(rows, layout.columns["id"], path).items():
        yield _entity(key, members, layout, list_id, path)


def _entity(key: str, members: Sequence[Row], layout: Layout, list_id: str, path: Path) -> Entity:
    line, first = members[0]
    kind = KINDS.get(layout.cell(first, "kind").lower())
    if kind is None:
        column = layout.columns["kind"]
        raise ListFormatError(f"{path}:{line}: {column} {first.get(column)!r} unknown")
    rows = [row for _, row in members]
    primary = next(
        (r for r in rows if layout.cell(r, "name_type").lower() in layout.primary_types), rows[0]
    )
    name = _person_name(primary)
    if not name:
        raise ListFormatError(f"{path}:{line}: {layout.columns['id']} {key} has no name")
    return Entity(
        list_id, key, kind, name,
        aliases=dedupe(a for a in _aliases(rows, layout) if a.name != name),
        countries=dedupe(c for c in _countries(rows, layout) if c),
        dates_of_birth=dedupe(
            d for r in rows for v in _values(r, "dob", layout) for d in parse_dates(v)
        ),
        programs=dedupe(v for r in rows for v in _values(r, "regime", layout)),
        identifiers=dedupe(i for i in _identifiers(rows, layout) if i),
        addresses=dedupe(a for a in (_address(r, layout) for r in rows) if a),
        remarks=layout.cell(first, "remarks") or None,
    )


def _values(row: Mapping[str, str], field: str, layout: Layout) -> list[str]:
    return split_values(layout.cell(row, field), layout.separator)


def _aliases(rows: Sequence[Mapping[str, str]], layout: Layout) -> Iterator[Alias]:
    for row in rows:
        low = layout.cell(row, "quality").lower().startswith("low")
        name_type = layout.cell(row, "name_type").lower()
        kind = "variation" if "variation" in name_type else "aka"
        yield Alias(_person_name(row), "weak" if low else "strong", kind)
        for script in _values(row, "non_latin", layout):
            yield Alias(script, "strong", "non_latin")


def _countries(rows: Sequence[Mapping[str, str]], layout: Layout) -> Iterator[str | None]:
    for field in ("nationality", "flag", "country"):
        for row in rows:
            yield from (_country(v) for v in _values(row, field, layout))


def _identifiers(rows: Sequence[Mapping[str, str]], layout: Layout) -> Iterator[Identifier | None]:
    for row in rows:
        yield from (_document(v, "passport") for v in _values(row, "passport", layout))
        yield from (_document(v, "national_id") for v in _values(row, "national_id", layout))
        yield from (
            Identifier("imo", v.removeprefix("IMO").strip())
            for v in _values(row, "imo", layout)
        )


def _address(row: Mapping[str, str], layout: Layout) -> str:
    prefix = "Address Line " if "Address Line 1" in row else "Address "
    parts = [squash(row.get(f"{prefix}{i}")) for i in range(1, 7)]
    parts += [squash(row.get("Post/Zip Code") or row.get("Address Postal Code"))]
    if not any(parts):
        return ""  # a country alone is kept in the entry's countries, not as an address
    parts += [layout.cell(row, "country")]
    return ", ".join(p for p in parts if p)
