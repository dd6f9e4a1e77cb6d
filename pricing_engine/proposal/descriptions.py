"""Line descriptions in the reader's language: a file of SKU -> locale -> text.

A proposal line has one ``description`` (the seller's own language); the customer reads the
document in theirs. A descriptions file gives the translations, per SKU, keyed by a language
(``fr``) or a locale (``fr_CA``, ``fr-CA``)::

    PUMP-200:
      de: Kreiselpumpe
      fr: Pompe centrifuge

:func:`describe` picks the most specific match: the locale, then its language, then the
line's own ``description``. Files are read through :mod:`pricing_engine.documents` (errors
name ``file:line:column``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field, RootModel, StringConstraints

from pricing_engine.documents import read_yaml, validate_document
from pricing_engine.locales import UnknownLocaleName, locale_name

__all__ = ["Descriptions", "describe", "load_descriptions"]


def _locale_key(value: object) -> str:
    try:
        return locale_name(str(value))
    except UnknownLocaleName as exc:
        raise ValueError(str(exc)) from None


LocaleKey = Annotated[str, BeforeValidator(_locale_key)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Descriptions(RootModel[dict[str, dict[LocaleKey, Text]]]):
    """SKU -> locale (babel's name, ``fr`` or ``fr_CA``) -> description."""

    root: dict[str, dict[LocaleKey, Text]] = Field(default_factory=dict)


def load_descriptions(path: str | Path) -> Descriptions:
    """Read a descriptions file (YAML or JSON): ``SKU: {locale: text, ...}``."""
    not_mapping = "a descriptions file maps SKUs to {locale: text}, e.g. 'PUMP-200: {fr: ...}'"
    return validate_document(read_yaml(path), Descriptions, not_mapping, list_others=True)


def describe(sku: str, own: str | None, locale: str,
             descriptions: Descriptions | None) -> str | None:
    """The description of ``sku`` for ``locale`` (babel's name), else the line's ``own``.

    >>> texts = Descriptions({"P-1": {"fr": "Pompe", "fr_CA": "Pompe (CA)"}})
    >>> describe("P-1", "Pump", "fr_FR", texts), describe("P-1", "Pump", "fr_CA", texts)
    ('Pompe', 'Pompe (CA)')
    >>> describe("P-1", "Pump", "de_DE", texts)
    'Pump'
    """
    texts = descriptions.root.get(sku, {}) if descriptions is not None else {}
    language = locale.split("_", 1)[0]
    return texts.get(locale) or texts.get(language) or own
