"""Facts OFAC writes into the free-text remarks of sdn.csv: weak a.k.a.s, DOBs, documents.

OFAC's delimited files keep strong aliases in alt.csv and write the **weak** ones (OFAC FAQ
"weak AKAs": broad or generic names) only in the remarks, quoted with single quotes:
``a.k.a. 'BNC'``. In the 2024-05 sdn.csv, 3,575 quoted a.k.a./f.k.a./n.k.a. appear in remarks
and none of them is repeated in the matching alt.csv, which is what that convention predicts.
So: alt.csv aliases are strong, remark aliases are weak.

>>> facts = parse_remarks("a.k.a. 'BNC'; DOB 01 Jan 1970; nationality Iran; Passport A1 (Iran).")
>>> facts.aliases[0].name, facts.aliases[0].strength, facts.dates_of_birth, facts.countries
('BNC', 'weak', ('1970-01-01',), ('IR',))
>>> facts.identifiers[0]
Identifier(type='passport', value='A1', country='IR')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pricing_engine.screening.lists._countries import country_to_alpha2
from pricing_engine.screening.lists._dates import parse_dates
from pricing_engine.screening.model import Alias, Identifier

__all__ = ["IDENTIFIER_PREFIXES", "RemarkFacts", "parse_remarks"]

#: Remark prefixes that introduce an identifier, and the identifier type they give.
IDENTIFIER_PREFIXES: tuple[tuple[str, str], ...] = (
    ("Vessel Registration Identification IMO ", "imo"),
    ("Identification Number IMO ", "imo"),
    ("Company Number IMO ", "imo"),
    ("IMO ", "imo"),
    ("Passport ", "passport"),
    ("National ID No. ", "national_id"),
    ("Tax ID No. ", "tax_id"),
    ("SWIFT/BIC ", "swift_bic"),
    ("Cedula No. ", "cedula"),
    ("Registration Number ", "registration"),
    ("Registration ID ", "registration"),
    ("Aircraft Manufacturer's Serial Number (MSN) ", "aircraft_msn"),
    ("Aircraft Tail Number ", "aircraft_tail"),
)

_ALIAS = re.compile(r"([afn])\.k\.a\.,? '(.+)'$")
_PREFIX = re.compile("|".join(re.escape(p) for p, _ in IDENTIFIER_PREFIXES))
_PREFIX_TYPES = dict(IDENTIFIER_PREFIXES)
#: What may follow a document number: "Passport K754050 issued 26 May 1999 expires ...".
_AFTER_NUMBER = re.compile(r"\s+(?:issued|expires|expiration|issue date|valid)\b", re.IGNORECASE)

_SPLIT = re.compile(r";\s+")


@dataclass(frozen=True, slots=True)
class RemarkFacts:
    """What could be read out of one remarks field."""

    aliases: tuple[Alias, ...] = ()
    dates_of_birth: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()


_EMPTY = RemarkFacts()


def parse_remarks(remarks: str) -> RemarkFacts:
    """Read weak aliases, DOBs, nationalities and identifiers out of an OFAC remarks field."""
    if not remarks:
        return _EMPTY
    aliases: list[Alias] = []
    dobs: list[str] = []
    countries: list[str] = []
    ids: list[Identifier] = []
    for raw in _SPLIT.split(remarks.strip().removesuffix(".")):
        segment = raw.strip().removeprefix("alt. ")
        alias = _ALIAS.match(segment)
        if alias:
            aliases.append(Alias(alias.group(2).strip(), "weak", f"{alias.group(1)}ka"))
        elif segment.startswith("DOB "):
            dobs.extend(parse_dates(segment[4:]))
        elif segment.startswith(("nationality ", "citizen ")):
            code = country_to_alpha2(segment.partition(" ")[2])
            if code:
                countries.append(code)
        else:
            found = _identifier(segment)
            if found:
                ids.append(found)
    return RemarkFacts(
        tuple(aliases),
        tuple(dict.fromkeys(dobs)),
        tuple(dict.fromkeys(countries)),
        tuple(dict.fromkeys(ids)),
    )


def _identifier(segment: str) -> Identifier | None:
    prefix = _PREFIX.match(segment)  # alternatives are tried in order: longest prefixes first
    if prefix is None:
        return None
    value, _, tail = segment[prefix.end() :].partition(" (")
    country = country_to_alpha2(tail.partition(")")[0]) if tail else None
    value = _AFTER_NUMBER.split(value, maxsplit=1)[0].strip()
    return Identifier(_PREFIX_TYPES[prefix.group()], value, country) if value else None
