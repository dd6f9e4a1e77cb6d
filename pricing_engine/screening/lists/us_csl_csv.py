"""US Consolidated Screening List (trade.gov) CSV: 29 columns, one row per entry, UTF-8.

Columns ``_id, source, entity_number, type, programs, name, title, addresses, ...,
alt_names, citizenships, dates_of_birth, nationalities, places_of_birth, ..., ids``;
multi-valued cells are joined with ``; ``; quoted cells may hold line breaks. The CSL merges
13 lists (SDN, Entity List, DPL, ...): the entry id is ``_id`` (the Treasury lists' rows use the
ent_num there; BIS/State rows a hash), and the source list's short name, e.g. ``DPL``, is
added to the programs. A row without a type (the BIS and State lists) is taken as an entity.
Each ``ids`` item reads ``[CC, ]number, type``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists._common import (
    OFAC_ID_TYPES,
    OFAC_KINDS,
    csv_records,
    dedupe,
    make_list,
    one_file,
    squash,
)
from pricing_engine.screening.lists._countries import country_to_alpha2
from pricing_engine.screening.lists._dates import parse_dates
from pricing_engine.screening.model import Alias, Entity, EntityKind, Identifier, SanctionsList

__all__ = ["ID_TYPES", "KINDS", "REQUIRED", "load"]

#: OFAC's kinds; a row without a type (the BIS and State lists) is an entity.
KINDS: dict[str, EntityKind] = {**OFAC_KINDS, "": "entity"}
ID_TYPES: dict[str, str] = {**OFAC_ID_TYPES, "unified social credit code (uscc)": "registration"}
REQUIRED = ("_id", "source", "type", "name", "alt_names")
_ABBREVIATION = re.compile(r"\(([A-Z][A-Z-]+)[^)]*\)")


def load(paths: Sequence[Path], *, list_id: str) -> SanctionsList:
    """Load one Consolidated Screening List CSV file."""
    path = one_file(paths, "us_csl_csv")
    # header names are matched as written, untrimmed (the other CSV loaders trim them)
    records = csv_records(path, REQUIRED, strip_header=False)
    entities = [_entity(list_id, path, line, row) for line, row in records]
    return make_list(list_id, "us_csl_csv", paths, entities)


def _split(text: str | None) -> list[str]:
    return [v for v in (squash(x) for x in (text or "").split(";")) if v]


def _entity(list_id: str, path: Path, line: int, row: Mapping[str, str]) -> Entity:
    entry_id, name = squash(row["_id"]), squash(row["name"])
    kind = KINDS.get(squash(row["type"]).lower())
    if not entry_id or not name or kind is None:
        problem = "no _id" if not entry_id else "no name" if not name else "unknown type"
        raise ListFormatError(f"{path}:{line}: {problem} ({row['type']!r})")
    source = _ABBREVIATION.search(row["source"])
    addresses = _split(row.get("addresses"))
    codes = [*_split(row.get("nationalities")), *_split(row.get("citizenships"))]
    codes += [a.rpartition(", ")[2] for a in addresses] + [squash(row.get("vessel_flag"))]
    return Entity(
        list_id=list_id,
        entry_id=entry_id,
        kind=kind,
        name=name,
        aliases=dedupe(Alias(a) for a in _split(row["alt_names"]) if a != name),
        countries=dedupe(c for c in map(country_to_alpha2, codes) if c),
        dates_of_birth=dedupe(d for v in _split(row.get("dates_of_birth")) for d in parse_dates(v)),
        programs=dedupe([*_split(row.get("programs")), *([source.group(1)] if source else [])]),
        identifiers=dedupe(_identifiers(row)),
        addresses=tuple(addresses),
        remarks=squash(row.get("remarks")) or None,
    )


def _identifiers(row: Mapping[str, str]) -> Iterator[Identifier]:
    for item in _split(row.get("ids")):
        head, _, kind_text = item.rpartition(", ")
        kind = ID_TYPES.get(kind_text.lower())
        if kind is None or not head:
            continue
        country, _, number = (
            head.partition(", ") if re.match(r"[A-Z]{2}, ", head) else ("", "", head)
        )
        yield Identifier(kind, number.removeprefix("IMO ").strip(), country_to_alpha2(country))
    if squash(row.get("call_sign")):
        yield Identifier("call_sign", squash(row.get("call_sign")))
