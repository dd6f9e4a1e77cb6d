"""EU Financial Sanctions File, CSV form: ``;``-separated, usually with a UTF-8 BOM.

One row per entity and name, address, birth date, identification or citizenship, with the
entity's columns repeated (``Entity_*``, then ``NameAlias_*``, ``Address_*``, ``BirthDate_*``,
``Identification_*``, ``Citizenship_*``, 118 columns in recent files). Columns are found by
header name; rows are grouped by ``Entity_LogicalId``. The first name of an entity is its
primary name. ``NameAlias_Strong`` is read when present (the published column list has no
such column; then every alias is strong). No real file was available: the tests use a
hand-made file written to the published column order (the European Commission's FSF CSV
export, as third-party readers document it; see tests/fixtures/lists/).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists._common import (
    csv_records,
    dedupe,
    group_records,
    make_list,
    one_file,
    squash,
)
from pricing_engine.screening.lists._dates import parse_date, parse_dates
from pricing_engine.screening.lists._eu import ID_TYPES, KINDS, eu_country
from pricing_engine.screening.model import Alias, Entity, Identifier, SanctionsList

__all__ = ["REQUIRED", "load"]

REQUIRED = ("Entity_LogicalId", "Entity_SubjectType", "NameAlias_WholeName")
Record = Mapping[str, str]


def load(paths: Sequence[Path], *, list_id: str) -> SanctionsList:
    """Load one EU FSF CSV file."""
    path = one_file(paths, "eu_fsf_csv")
    records = csv_records(path, REQUIRED, delimiter=";")
    groups = group_records(records, "Entity_LogicalId", path)
    first = next(iter(groups.values()), [(0, {})])[0][1]
    published = parse_date(first.get("fileGenerationDate", "")) if first else None
    entities = [_entity(list_id, path, key, rows) for key, rows in groups.items()]
    return make_list(list_id, "eu_fsf_csv", paths, entities, published=published)


def _entity(list_id: str, path: Path, key: str, rows: Sequence[tuple[int, Record]]) -> Entity:
    line, first = rows[0]
    records = [r for _, r in rows]
    kind = KINDS.get(squash(first["Entity_SubjectType"]).lower()) or KINDS.get(
        squash(first.get("Entity_SubjectType_ClassificationCode")).lower()
    )
    names = dedupe(
        (squash(r["NameAlias_WholeName"]), squash(r.get("NameAlias_Strong")).lower() != "false")
        for r in records
        if squash(r["NameAlias_WholeName"])
    )
    if kind is None or not names:
        problem = "no name" if not names else f"subject type {first['Entity_SubjectType']!r}"
        raise ListFormatError(f"{path}:{line}: entity {key}: {problem}")
    primary = names[0][0]
    return Entity(
        list_id=list_id,
        entry_id=key,
        kind=kind,
        name=primary,
        aliases=dedupe(Alias(n, "strong" if s else "weak") for n, s in names[1:] if n != primary),
        countries=dedupe(c for c in _countries(records) if c),
        dates_of_birth=dedupe(d for r in records for d in _dob(r)),
        programs=dedupe(p for r in records if (p := squash(r.get("Entity_Regulation_Programme")))),
        identifiers=dedupe(_identifiers(records)),
        addresses=dedupe(a for a in map(_address, records) if a),
        remarks=squash(first.get("Entity_Remark")) or None,
    )


def _countries(records: Sequence[Record]) -> Iterator[str | None]:
    for column in ("Citizenship_CountryIso2Code", "Address_CountryIso2Code"):
        for record in records:
            yield eu_country(squash(record.get(column)))


def _dob(record: Record) -> tuple[str, ...]:
    if squash(record.get("BirthDate_BirthDate")):
        return parse_dates(squash(record.get("BirthDate_BirthDate")))
    low, high = (
        squash(record.get("BirthDate_YearRangeFrom")),
        squash(record.get("BirthDate_YearRangeTo")),
    )
    if low and high and low != "0":
        return parse_dates(f"{low} to {high}")
    year = squash(record.get("BirthDate_Year"))
    return (year,) if year and year != "0" else ()


def _identifiers(records: Sequence[Record]) -> Iterator[Identifier]:
    for record in records:
        number = squash(record.get("Identification_Number"))
        if number:
            code = squash(record.get("Identification_TypeCode"))
            country = eu_country(squash(record.get("Identification_CountryIso2Code")))
            yield Identifier(ID_TYPES.get(code, code or "id"), number, country)


def _address(record: Record) -> str:
    keys = ("Street", "PoBox", "City", "ZipCode", "Region", "Place", "CountryDescription")
    parts = [squash(record.get(f"Address_{k}")) for k in keys]
    return ", ".join(p for p in parts if p and p != "UNKNOWN")
