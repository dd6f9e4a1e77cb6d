"""``--locale``: a POSIX or BCP-47 locale name, checked with babel before any work is done.

``de_DE``, ``de-DE``, ``de``, ``pt-BR`` and ``zh-Hant-TW`` all name CLDR locales; the option
gives the commands babel's own name (``de_DE``, ``zh_Hant_TW``) for display formatting. An
unknown name is a usage error (exit 2) shown as one line, never a traceback or an internal
error:

>>> LOCALE.convert("de-DE", None, None)
'de_DE'
>>> parse_locale("zh-Hant-TW")
'zh_Hant_TW'
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

import click

from pricing_engine.locales import UnknownLocaleName, locale_name

__all__ = ["LOCALE", "LocaleType", "UnknownLocale", "parse_locale"]

if TYPE_CHECKING:
    _StrParamType = click.ParamType[str, str]
else:  # older click (pyproject allows 8.1) may not subscript ParamType at run time
    _StrParamType = click.ParamType


class UnknownLocale(click.BadParameter):
    """A ``--locale`` babel does not know: a usage error (exit 2), shown as one line."""

    def format_message(self) -> str:
        return self.message

    def show(self, file: IO[str] | None = None) -> None:
        # one line, in the form every other invalid input takes (cli/main.py), not click's
        # usage block: the value is what is wrong, the command line is otherwise fine
        click.echo(f"pricing-engine: error: {self.format_message()}", file=file, err=True)


def parse_locale(value: str) -> str:
    """Return babel's name of the locale ``value`` (POSIX ``de_DE`` or BCP-47 ``de-DE``).

    BCP-47 names separate their subtags with ``-``, POSIX names with ``_``; a name that mixes
    both is neither and is refused. Raises :class:`UnknownLocale`.
    """
    try:
        return locale_name(value)
    except UnknownLocaleName as exc:
        raise UnknownLocale(str(exc)) from None


class LocaleType(_StrParamType):
    """A click parameter type for ``--locale``: the value is babel's locale name."""

    name = "locale"

    def convert(self, value: str, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        return parse_locale(value)


#: The type of every command's ``--locale`` option.
LOCALE = LocaleType()
