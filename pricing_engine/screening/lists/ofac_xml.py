"""OFAC SDN.XML and CONSOLIDATED.XML (the ``sdnList`` schema, ``http://tempuri.org/sdnList.xsd``).

``publshInformation/Publish_Date`` (MM/DD/YYYY) and one ``sdnEntry`` per entry: uid,
firstName/lastName, sdnType (Individual / Entity / Vessel / Aircraft), programList, akaList
(``aka`` with type a.k.a./f.k.a./n.k.a. and category strong/weak), idList, dateOfBirthList,
nationalityList, citizenshipList, addressList, vesselInfo, remarks. Namespaces are ignored, so
older and newer copies of the schema both read. Names follow the CSV files' order, "LAST, First".
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists._common import (
    ALIAS_TYPES,
    OFAC_ID_TYPES,
    OFAC_KINDS,
    dedupe,
    make_list,
    one_file,
)
from pricing_engine.screening.lists._common import guess_ofac_id as guess_list_id
from pricing_engine.screening.lists._countries import country_to_alpha2
from pricing_engine.screening.lists._dates import parse_dates
from pricing_engine.screening.lists._xml import (
    child_text,
    children,
    expect_root,
    iter_records,
    local,
)
from pricing_engine.screening.model import Alias, Entity, EntityKind, Identifier, SanctionsList

__all__ = ["ID_TYPES", "KINDS", "guess_list_id", "load"]

KINDS: dict[str, EntityKind] = OFAC_KINDS
#: OFAC idType -> identifier type; other idTypes (Website, Gender, ...) are not identifiers.
ID_TYPES: dict[str, str] = {**OFAC_ID_TYPES, "cedula no.": "cedula"}


def load(paths: Sequence[Path], *, list_id: str) -> SanctionsList:
    """Load one SDN.XML or CONSOLIDATED.XML file."""
    path = one_file(paths, "ofac_xml", "SDN.XML or CONSOLIDATED.XML")
    expect_root(path, "sdnList")
    published: str | None = None
    entities = []
    for record in iter_records(path, "sdnEntry", "publshInformation"):
        if local(record.tag) == "publshInformation":
            published = _us_date(child_text(record, "Publish_Date"))
        else:
            entities.append(_entity(list_id, path, record))
    return make_list(list_id, "ofac_xml", paths, entities, published=published)


def _us_date(text: str) -> str | None:
    month, _, rest = text.partition("/")
    day, _, year = rest.partition("/")
    if not (month.isdigit() and day.isdigit() and year.isdigit()):
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _name(element: ET.Element) -> str:
    last, first = child_text(element, "lastName"), child_text(element, "firstName")
    return f"{last}, {first}" if last and first else last or first


def _entity(list_id: str, path: Path, record: ET.Element) -> Entity:
    uid, name = child_text(record, "uid"), _name(record)
    kind = KINDS.get(child_text(record, "sdnType").lower())
    if not uid or not name or kind is None:
        problem = "no uid" if not uid else "no name" if not name else "unknown sdnType"
        raise ListFormatError(f"{path}: sdnEntry {uid or '?'}: {problem}")
    return Entity(
        list_id=list_id,
        entry_id=uid,
        kind=kind,
        name=name,
        aliases=dedupe(_aliases(record)),
        countries=dedupe(c for c in _countries(record) if c),
        dates_of_birth=dedupe(
            d
            for item in _items(record, "dateOfBirthList")
            for d in parse_dates(child_text(item, "dateOfBirth"))
        ),
        programs=tuple(_texts(record, "programList")),
        identifiers=dedupe(_identifiers(record)),
        addresses=dedupe(_addresses(record)),
        remarks=child_text(record, "remarks") or None,
    )


def _items(record: ET.Element, list_tag: str) -> Iterator[ET.Element]:
    for holder in children(record, list_tag):
        yield from holder


def _texts(record: ET.Element, list_tag: str) -> list[str]:
    return [" ".join((e.text or "").split()) for e in _items(record, list_tag) if e.text]


def _aliases(record: ET.Element) -> Iterator[Alias]:
    for aka in _items(record, "akaList"):
        name = _name(aka)
        if name:
            weak = child_text(aka, "category").lower() == "weak"
            alias_type = ALIAS_TYPES.get(child_text(aka, "type").lower(), "aka")
            yield Alias(name, "weak" if weak else "strong", alias_type)


def _countries(record: ET.Element) -> Iterator[str | None]:
    for list_tag in ("nationalityList", "citizenshipList"):
        for item in _items(record, list_tag):
            yield country_to_alpha2(child_text(item, "country"))
    for vessel in children(record, "vesselInfo"):
        yield country_to_alpha2(child_text(vessel, "vesselFlag"))
    for address in _items(record, "addressList"):
        yield country_to_alpha2(child_text(address, "country"))


def _identifiers(record: ET.Element) -> Iterator[Identifier]:
    for item in _items(record, "idList"):
        kind = ID_TYPES.get(child_text(item, "idType").lower())
        number = child_text(item, "idNumber")
        if kind == "imo":
            number = number.removeprefix("IMO").strip()
        if kind and number:
            yield Identifier(kind, number, country_to_alpha2(child_text(item, "idCountry")))
    for vessel in children(record, "vesselInfo"):
        if child_text(vessel, "callSign"):
            yield Identifier("call_sign", child_text(vessel, "callSign"))


def _addresses(record: ET.Element) -> Iterator[str]:
    fields = ("address1", "address2", "address3", "city", "stateOrProvince", "postalCode")
    for address in _items(record, "addressList"):
        parts = [child_text(address, f) for f in (*fields, "country")]
        line = ", ".join(p for p in parts if p)
        if line:
            yield line
