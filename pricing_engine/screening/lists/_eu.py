"""What the EU Financial Sanctions File's XML and CSV forms share: kinds and identifier types."""

from __future__ import annotations

from pricing_engine.screening.lists._countries import country_to_alpha2
from pricing_engine.screening.model import EntityKind

__all__ = ["ID_TYPES", "KINDS", "eu_country"]

#: subjectType code (or classification code) -> kind; the EU lists no vessels as such.
KINDS: dict[str, EntityKind] = {
    "person": "person", "p": "person", "enterprise": "entity", "e": "entity",
}
#: identificationTypeCode -> identifier type; other codes are kept as written.
ID_TYPES: dict[str, str] = {"passport": "passport", "id": "national_id", "tin": "tax_id"}


def eu_country(code: str) -> str | None:
    """Return the alpha-2 code of an EU ``countryIso2Code`` ("00" means unknown)."""
    return None if code in ("", "00") else country_to_alpha2(code)
