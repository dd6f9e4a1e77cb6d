"""The common entity model every sanctions list loader produces.

Plain frozen, slotted dataclasses: a full OFAC list is tens of thousands of entries and the
matcher's hot loop reads them, so they are kept light (pydantic is used for results only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Alias", "Entity", "EntityKind", "Identifier", "ListInfo", "SanctionsList"]

EntityKind = Literal["person", "entity", "vessel", "aircraft"]
AliasStrength = Literal["strong", "weak"]


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name of an entry. OFAC marks some a.k.a.s as weak (low quality)."""

    name: str
    strength: AliasStrength = "strong"
    type: str = "aka"  # aka | fka (formerly known as) | nka (now known as) | as published


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifying document or number: IMO, passport, national ID, tax ID, SWIFT/BIC..."""

    type: str
    value: str
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """One entry of one sanctions list, in the list's own identity (``entry_id``)."""

    list_id: str  # e.g. "ofac_sdn", "un_sc"
    entry_id: str  # the list's own id (OFAC ent_num, UN reference number, ...)
    kind: EntityKind
    name: str
    aliases: tuple[Alias, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 where known
    dates_of_birth: tuple[str, ...] = ()  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    programs: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[str, ...] = ()
    remarks: str | None = None

    def names(self) -> tuple[tuple[str, AliasStrength], ...]:
        """Every name of the entry with its strength, the primary name first."""
        return ((self.name, "strong"), *((a.name, a.strength) for a in self.aliases))


@dataclass(frozen=True, slots=True)
class ListInfo:
    """Where a list came from: what a manifest records about it."""

    list_id: str
    format: str
    source: str
    published: str | None  # ISO date of publication, as the list or its source states it
    sha256: str
    entries: int
    files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SanctionsList:
    """A loaded list: its provenance and its entries."""

    info: ListInfo
    entities: tuple[Entity, ...] = field(default=())
