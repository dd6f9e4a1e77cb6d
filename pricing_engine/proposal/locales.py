"""Where the compiled gettext catalogues live, and loading one for a locale.

``locale/<language>/LC_MESSAGES/pricing_engine.mo`` inside this package, compiled from the
``.po`` beside it by :mod:`pricing_engine.proposal.catalogs`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from babel.support import NullTranslations, Translations

__all__ = ["DOMAIN", "LANGUAGES", "locale_dir", "translations"]

#: The gettext domain of the catalogues.
DOMAIN = "pricing_engine"
#: The languages with a catalogue (other locales read the English labels).
LANGUAGES = ("ar", "de", "en", "es", "fr", "ja")


def locale_dir() -> Path:
    """The directory holding ``<language>/LC_MESSAGES/pricing_engine.{po,mo}``."""
    return Path(str(resources.files("pricing_engine.proposal"))) / "locale"


def translations(locale: str) -> NullTranslations:
    """The compiled catalogue for ``locale`` (``ar_AE`` finds ``ar``), else English."""
    return Translations.load(str(locale_dir()), [locale], DOMAIN)
