"""OFAC delimited files: sdn.csv + alt.csv + add.csv, and the non-SDN cons_prim/alt/add.

No header; ``-0-`` (often ``-0- `` with a space) means empty; cp1252 text ending with a DOS
EOF byte. Which file is which is told by its width, so files may be given in any order:
12 columns = primary records (ent_num, name, type, program, title, call_sign, vess_type,
tonnage, grt, vess_flag, vess_owner, remarks), 5 = aliases (ent_num, alt_num, alt_type,
alt_name, remarks), 6 = addresses (ent_num, add_num, address, city/state/zip, country,
remarks). Layout: OFAC "Consolidated Sanctions List Data Specification" (2014).

Aliases and addresses for an ent_num the primary file does not list are ignored: the bundled
alt/add files are a later snapshot than sdn.csv.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists._common import csv_rows, make_list
from pricing_engine.screening.lists._common import guess_ofac_id as guess_list_id
from pricing_engine.screening.lists._countries import country_to_alpha2
from pricing_engine.screening.lists.ofac_remarks import parse_remarks
from pricing_engine.screening.model import Alias, Entity, EntityKind, Identifier, SanctionsList

__all__ = ["KINDS", "guess_list_id", "load"]

#: OFAC sdn type -> model kind; a blank type (``-0-``) is an entity.
KINDS: dict[str, EntityKind] = {
    "individual": "person",
    "vessel": "vessel",
    "aircraft": "aircraft",
    "": "entity",
}
_WIDTHS = {12: "primary", 5: "alt", 6: "add"}


@dataclass(slots=True)
class _Parts:
    primary: list[tuple[Path, int, list[str]]] = field(default_factory=list)
    alt: dict[str, list[Alias]] = field(default_factory=lambda: defaultdict(list))
    add: dict[str, list[tuple[str, str | None]]] = field(default_factory=lambda: defaultdict(list))


def _v(cell: str) -> str:
    cell = cell.strip()
    return "" if cell == "-0-" else cell


def load(paths: Sequence[Path], *, list_id: str) -> SanctionsList:
    """Load one OFAC CSV set (primary file plus optional alias and address files)."""
    parts = _Parts()
    for path in paths:
        _read_file(path, parts)
    if not parts.primary:
        names = ", ".join(str(p) for p in paths)
        raise ListFormatError(
            f"{names}: no OFAC primary file (12 columns: sdn.csv / cons_prim.csv)"
        )
    entities = (_entity(list_id, path, line, row, parts) for path, line, row in parts.primary)
    return make_list(list_id, "ofac_csv", paths, entities)


def _read_file(path: Path, parts: _Parts) -> None:
    role = None
    for line, row in csv_rows(path):
        width_role = _WIDTHS.get(len(row))
        if width_role is None or (role is not None and width_role != role):
            raise ListFormatError(
                f"{path}:{line}: {len(row)} columns; OFAC CSV rows have 12 (sdn), 5 (alt), 6 (add)"
            )
        role = width_role
        if not row[0].strip().isdigit():
            raise ListFormatError(f"{path}:{line}: ent_num {row[0]!r} is not a number")
        ent_num = row[0].strip()
        if role == "primary":
            parts.primary.append((path, line, row))
        elif role == "alt":
            name = _v(row[3])
            if name:
                parts.alt[ent_num].append(Alias(name, "strong", _v(row[2]).lower() or "aka"))
        else:
            address = ", ".join(c for c in (_v(row[2]), _v(row[3]), _v(row[4])) if c)
            if address:
                parts.add[ent_num].append((address, country_to_alpha2(_v(row[4]))))


def _entity(list_id: str, path: Path, line: int, row: list[str], parts: _Parts) -> Entity:
    ent_num, name, sdn_type = row[0].strip(), _v(row[1]), _v(row[2]).lower()
    kind = KINDS.get(sdn_type)
    if kind is None or not name:
        problem = f"unknown type {sdn_type!r}" if kind is None else "empty name"
        raise ListFormatError(f"{path}:{line}: ent_num {ent_num}: {problem}")
    remarks = _v(row[11])
    facts = parse_remarks(remarks)
    addresses = parts.add.get(ent_num, [])
    countries = [*facts.countries, country_to_alpha2(_v(row[9]))]
    countries += [country for _, country in addresses]
    identifiers = list(facts.identifiers)
    if _v(row[5]):
        identifiers.append(Identifier("call_sign", _v(row[5])))
    return Entity(
        list_id=list_id,
        entry_id=ent_num,
        kind=kind,
        name=name,
        aliases=tuple(dict.fromkeys([*parts.alt.get(ent_num, []), *facts.aliases])),
        countries=tuple(dict.fromkeys(c for c in countries if c)),
        dates_of_birth=facts.dates_of_birth,
        programs=_programs(_v(row[3])),
        identifiers=tuple(identifiers),
        addresses=tuple(dict.fromkeys(address for address, _ in addresses)),
        remarks=remarks or None,
    )


def _programs(field_text: str) -> tuple[str, ...]:
    """Split ``SDNTK] [FTO] [SDGT`` (OFAC's bracketed program field) into its programs."""
    cleaned = field_text.strip().strip("[]")
    return tuple(p.strip() for p in cleaned.split("] [") if p.strip())
