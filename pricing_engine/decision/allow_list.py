"""Cleared false positives: an allow-list file of reviewed screening matches.

```yaml
clearances:
  - party: "Rosoboronexport Trading GmbH"   # the name as the proposal gives it
    list: ofac_sdn
    entry_id: "18782"
    reviewer: "J. Meyer (compliance)"
    date: 2026-10-01
    expires: 2027-03-31
    note: "different company: Austrian registry FN 123456a, no link to the listed entry"
```

A clearance covers one party name and one list entry, and only up to its expiry date
(inclusive). A cleared match is never dropped: it becomes a SANCTIONS_CLEARED note.
"""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date as Date
from pathlib import Path

from pydantic import Field, model_validator

from pricing_engine.documents import read_yaml, validate_document
from pricing_engine.fields import FrozenModel, IsoDate

__all__ = ["AllowList", "Clearance", "load_allow_list", "party_key"]


class Clearance(FrozenModel):
    """One reviewed false positive."""

    party: str = Field(min_length=1)
    list: str = Field(min_length=1)
    entry_id: str = Field(min_length=1)
    reviewer: str = Field(min_length=1)
    date: IsoDate
    expires: IsoDate
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Clearance:
        if self.expires < self.date:
            raise ValueError("expires is before the review date")
        return self


class AllowList(FrozenModel):
    """Clearances, looked up by party name, list and entry id."""

    clearances: tuple[Clearance, ...] = ()

    def find(self, party: str, list_id: str, entry_id: str, on: Date) -> Clearance | None:
        """The clearance of this party and entry valid on ``on`` (not expired), if any."""
        key = party_key(party)
        valid = [c for c in self.clearances
                 if party_key(c.party) == key and c.list == list_id and c.entry_id == entry_id
                 and c.date <= on <= c.expires]
        return max(valid, key=lambda c: c.expires, default=None)

    def expired(self, party: str, list_id: str, entry_id: str, on: Date) -> Clearance | None:
        """An expired (or not yet valid) clearance of this party and entry, for the evidence."""
        key = party_key(party)
        return next((c for c in self.clearances
                     if party_key(c.party) == key and c.list == list_id
                     and c.entry_id == entry_id and not c.date <= on <= c.expires), None)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of the clearances (for audit records)."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


def party_key(name: str) -> str:
    """Compare party names without case, accents or spacing differences."""
    text = unicodedata.normalize("NFKD", name).casefold()
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


def load_allow_list(path: str | Path) -> AllowList:
    """Read an allow-list file; errors read ``file:line:column: message``."""
    not_mapping = "an allow-list is a mapping with 'clearances:'"
    return validate_document(read_yaml(path), AllowList, not_mapping)
