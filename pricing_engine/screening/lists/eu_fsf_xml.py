"""EU Financial Sanctions File, XML 1.1 (root ``export``, ``http://eu.europa.ec/fpi/fsd/export``).

One ``sanctionEntity`` per entry (attributes logicalId, euReferenceNumber, designationDate)
with ``regulation@programme``, ``subjectType@code`` (person / enterprise), ``nameAlias``
(wholeName, ``strong`` true/false), ``citizenship``, ``birthdate``, ``address`` and
``identification``, all carrying their data in attributes (schema:
eu_fsf_export_schema_1_1.xsd). The entry id is the ``logicalId`` (the same id as the CSV's
Entity_LogicalId); the EU reference number is kept in the remarks. The first nameAlias is
taken as the primary name.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists._common import dedupe, make_list, one_file, squash
from pricing_engine.screening.lists._dates import parse_dates
from pricing_engine.screening.lists._eu import ID_TYPES, KINDS, eu_country
from pricing_engine.screening.lists._xml import child_text, children, expect_root, iter_records
from pricing_engine.screening.model import Alias, Entity, Identifier, SanctionsList

__all__ = ["load"]


def load(paths: Sequence[Path], *, list_id: str) -> SanctionsList:
    """Load one EU FSF XML file."""
    path = one_file(paths, "eu_fsf_xml")
    attrs = expect_root(path, "export", "EU FSF XML")
    published = attrs.get("generationDate", "")[:10] or None
    entities = [_entity(list_id, path, r) for r in iter_records(path, "sanctionEntity")]
    return make_list(list_id, "eu_fsf_xml", paths, entities, published=published)


def _entity(list_id: str, path: Path, record: ET.Element) -> Entity:
    logical_id = record.get("logicalId", "")
    subject = next(children(record, "subjectType"), None)
    code = subject.get("code", "") if subject is not None else ""
    kind = KINDS.get(code.lower())
    names = [
        (squash(a.get("wholeName")), a.get("strong", "true").lower() != "false")
        for a in children(record, "nameAlias")
    ]
    names = [(n, strong) for n, strong in names if n]
    if not logical_id or kind is None or not names:
        problem = "no logicalId" if not logical_id else "no name" if names == [] else "subjectType"
        raise ListFormatError(f"{path}: sanctionEntity {logical_id or '?'}: bad {problem}")
    reference = record.get("euReferenceNumber", "")
    remark = child_text(record, "remark")
    return Entity(
        list_id=list_id,
        entry_id=logical_id,
        kind=kind,
        name=names[0][0],
        aliases=dedupe(
            Alias(n, "strong" if strong else "weak") for n, strong in names[1:] if n != names[0][0]
        ),
        countries=dedupe(c for c in _countries(record) if c),
        dates_of_birth=dedupe(d for b in children(record, "birthdate") for d in _dob(b)),
        programs=dedupe(p for r in children(record, "regulation") if (p := r.get("programme"))),
        identifiers=dedupe(_identifiers(record)),
        addresses=dedupe(a for a in map(_address, children(record, "address")) if a),
        remarks="; ".join(t for t in (f"EU ref {reference}" if reference else "", remark) if t),
    )


def _countries(record: ET.Element) -> Iterator[str | None]:
    for tag in ("citizenship", "address"):
        for element in children(record, tag):
            yield eu_country(element.get("countryIso2Code", ""))


def _dob(element: ET.Element) -> tuple[str, ...]:
    if element.get("birthdate"):
        return parse_dates(element.get("birthdate", ""))
    low, high = element.get("yearRangeFrom", ""), element.get("yearRangeTo", "")
    if low and high:
        return parse_dates(f"{low} to {high}")
    year, month = element.get("year", ""), element.get("monthOfYear", "")
    if year and month:
        return (f"{year}-{int(month):02d}",)
    return (year,) if year else ()


def _identifiers(record: ET.Element) -> Iterator[Identifier]:
    for element in children(record, "identification"):
        number = squash(element.get("number"))
        code = element.get("identificationTypeCode", "")
        if number:
            country = eu_country(element.get("countryIso2Code", ""))
            yield Identifier(ID_TYPES.get(code, code or "id"), number, country)


def _address(element: ET.Element) -> str:
    keys = ("street", "poBox", "city", "zipCode", "region", "place", "countryDescription")
    parts = [squash(element.get(k)) for k in keys]
    return ", ".join(p for p in parts if p and p != "UNKNOWN")
