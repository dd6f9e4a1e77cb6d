"""UN Security Council consolidated list XML (scsanctions.un.org, ``consolidated.xml``).

Root ``CONSOLIDATED_LIST dateGenerated=...``; ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY`` records with FIRST_NAME..FOURTH_NAME, REFERENCE_NUMBER (the entry id),
UN_LIST_TYPE (the regime), NATIONALITY/VALUE, ``*_ALIAS`` (QUALITY, ALIAS_NAME),
INDIVIDUAL_DATE_OF_BIRTH (DATE, YEAR or FROM_YEAR/TO_YEAR) and INDIVIDUAL_DOCUMENT.
An individual's alias QUALITY is "Good" (strong) or "Low" (weak); an entity's QUALITY holds
the alias type instead ("a.k.a.", "f.k.a.").
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists._common import ALIAS_TYPES, dedupe, make_list, one_file
from pricing_engine.screening.lists._countries import country_to_alpha2
from pricing_engine.screening.lists._dates import parse_dates
from pricing_engine.screening.lists._xml import (
    child_text,
    children,
    expect_root,
    iter_records,
    local,
)
from pricing_engine.screening.model import Alias, Entity, Identifier, SanctionsList

__all__ = ["DOCUMENT_TYPES", "load"]

#: UN document type (lower case, as written; some are French or Spanish) -> identifier type.
DOCUMENT_TYPES: dict[str, str] = {
    "passport": "passport", "numéro de passeport": "passport", "número de pasaporte": "passport",
    "national identification number": "national_id",
}


def load(paths: Sequence[Path], *, list_id: str) -> SanctionsList:
    """Load one UN consolidated.xml file."""
    path = one_file(paths, "un_xml", "consolidated.xml")
    attrs = expect_root(path, "CONSOLIDATED_LIST")
    published = attrs.get("dateGenerated", "")[:10] or None
    entities = [
        _entity(list_id, path, record) for record in iter_records(path, "INDIVIDUAL", "ENTITY")
    ]
    return make_list(list_id, "un_xml", paths, entities, published=published)


def _entity(list_id: str, path: Path, record: ET.Element) -> Entity:
    person = local(record.tag) == "INDIVIDUAL"
    ref = child_text(record, "REFERENCE_NUMBER") or child_text(record, "DATAID")
    parts = (
        child_text(record, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    )
    name = " ".join(p for p in parts if p)
    if not ref or not name:
        what = "REFERENCE_NUMBER" if not ref else "name"
        raise ListFormatError(f"{path}: {record.tag} {ref or '?'}: no {what}")
    alias_tag = "INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"
    return Entity(
        list_id=list_id,
        entry_id=ref,
        kind="person" if person else "entity",
        name=name,
        aliases=dedupe(_aliases(record, alias_tag)),
        countries=dedupe(c for c in _countries(record) if c),
        dates_of_birth=dedupe(
            d for e in children(record, "INDIVIDUAL_DATE_OF_BIRTH") for d in _dob(e)
        ),
        programs=(child_text(record, "UN_LIST_TYPE"),)
        if child_text(record, "UN_LIST_TYPE")
        else (),
        identifiers=dedupe(_documents(record)),
        addresses=dedupe(_addresses(record, "INDIVIDUAL_ADDRESS" if person else "ENTITY_ADDRESS")),
        remarks=child_text(record, "COMMENTS1") or None,
    )


def _aliases(record: ET.Element, tag: str) -> list[Alias]:
    found = [Alias(s, "strong", "original_script") for s in _texts(record, "NAME_ORIGINAL_SCRIPT")]
    for alias in children(record, tag):
        name = child_text(alias, "ALIAS_NAME")
        quality = child_text(alias, "QUALITY").lower()
        if name:
            # QUALITY "Low" marks a weak alias; "Good", "" and entity alias types are strong
            found.append(
                Alias(
                    name, "weak" if quality == "low" else "strong", ALIAS_TYPES.get(quality, "aka")
                )
            )
    return found


def _texts(record: ET.Element, tag: str) -> list[str]:
    return [t for t in (" ".join((c.text or "").split()) for c in children(record, tag)) if t]


def _countries(record: ET.Element) -> list[str | None]:
    codes = [
        country_to_alpha2(v) for n in children(record, "NATIONALITY") for v in _texts(n, "VALUE")
    ]
    for tag in ("INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS"):
        codes += [country_to_alpha2(child_text(a, "COUNTRY")) for a in children(record, tag)]
    return codes


def _dob(element: ET.Element) -> tuple[str, ...]:
    date = child_text(element, "DATE") or child_text(element, "YEAR")
    if date:
        return parse_dates(date)
    low, high = child_text(element, "FROM_YEAR"), child_text(element, "TO_YEAR")
    return parse_dates(f"{low} to {high}") if low and high else ()


def _documents(record: ET.Element) -> list[Identifier]:
    found = []
    for doc in children(record, "INDIVIDUAL_DOCUMENT"):
        kind = DOCUMENT_TYPES.get(child_text(doc, "TYPE_OF_DOCUMENT").lower().strip())
        number = child_text(doc, "NUMBER")
        if kind and number:
            country = child_text(doc, "ISSUING_COUNTRY") or child_text(doc, "COUNTRY_OF_ISSUE")
            found.append(Identifier(kind, number, country_to_alpha2(country)))
    return found


def _addresses(record: ET.Element, tag: str) -> list[str]:
    fields = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
    lines = (
        ", ".join(t for t in (child_text(a, f) for f in fields) if t) for a in children(record, tag)
    )
    return [line for line in lines if line]
