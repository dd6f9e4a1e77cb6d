"""Locale names: a POSIX (``de_DE``) or BCP-47 (``de-DE``) name, as babel names it.

``de_DE``, ``de-DE``, ``de``, ``pt-BR`` and ``zh-Hant-TW`` all name CLDR locales; every part of
the package that takes a locale (the CLI's ``--locale``, a descriptions file's keys) reads it
here, so each accepts the same names and refuses the others with the same message.

>>> locale_name("de-DE"), locale_name("zh-Hant-TW"), locale_name("fr")
('de_DE', 'zh_Hant_TW', 'fr')
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from pricing_engine.errors import InputError

__all__ = ["UnknownLocaleName", "locale_name"]


class UnknownLocaleName(InputError):
    """A locale name babel does not know (or one mixing ``-`` and ``_``)."""


def locale_name(value: str) -> str:
    """Return babel's name of the locale ``value`` (POSIX ``de_DE`` or BCP-47 ``de-DE``).

    BCP-47 names separate their subtags with ``-``, POSIX names with ``_``; a name that mixes
    both is neither and is refused. Raises :class:`UnknownLocaleName`.
    """
    sep = "-" if "-" in value and "_" not in value else "_"
    try:
        return str(Locale.parse(value, sep=sep))
    except (ValueError, UnknownLocaleError):
        raise UnknownLocaleName(
            f"unknown locale {value!r} (give a POSIX or BCP-47 name babel knows, such as "
            "de_DE, de-DE, pt-BR or zh-Hant-TW)") from None
