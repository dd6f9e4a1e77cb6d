"""VAT and GST numbers: normalised and checked (format and check digits) with python-stdnum.

A number with an EU VAT prefix (``DE``, ``FR``, ``EL`` for Greece, ``XI`` for Northern
Ireland...) is checked as that member state's VAT number, wherever its holder is. A number
without a prefix is checked against its holder's country: an EU member's (the prefix is
added), or one of the countries in :data:`NATIONAL` whose stdnum module checks the very
number a VAT/GST invoice carries. Anything else (a US sales-tax permit, Japan's ``T`` invoice
number) is kept as given: stdnum has no check for it, and refusing it would refuse real
numbers. A valid number is only well formed: nothing here asks VIES or any register whether
it is issued and live.

>>> vat_id(" de 123 456 788 ")
'DE123456788'
>>> vat_id("980780684", country="GB")
'980780684'
>>> vat_id("DE123456789")
Traceback (most recent call last):
...
pricing_engine.errors.InputError: vat_id 'DE123456789': not a valid VAT number of Germany \
(check digit)
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from types import ModuleType

from stdnum.eu import vat as eu_vat
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.util import clean

from pricing_engine.countries import country_code, country_name
from pricing_engine.errors import InputError

__all__ = ["NATIONAL", "vat_id"]

#: Countries outside the EU whose VAT/GST number stdnum checks: country -> (module, name).
NATIONAL: dict[str, tuple[str, str]] = {
    "AU": ("stdnum.au.abn", "ABN"),
    "CA": ("stdnum.ca.bn", "GST/HST number (BN)"),
    "CH": ("stdnum.ch.vat", "VAT number (UID MWST)"),
    "GB": ("stdnum.gb.vat", "VAT number"),
    "IN": ("stdnum.in_.gstin", "GSTIN"),
    "NO": ("stdnum.no.mva", "MVA number"),
    "NZ": ("stdnum.nz.ird", "GST number (IRD)"),
}
# The one quirk: Greece's VAT prefix is EL, not its ISO code.
_EU_PREFIX = {"GR": "EL"}
_REASONS: tuple[tuple[type[ValidationError], str], ...] = (
    (InvalidChecksum, "check digit"),
    (InvalidLength, "length"),
    (InvalidFormat, "format"),
    (InvalidComponent, "unknown prefix or part"),
)


def vat_id(value: object, *, country: str | None = None) -> str:
    """``value`` compacted (upper case, no blanks, dots or dashes), or InputError.

    ``country`` (alpha-2) is the holder's: it decides the check of a number without an EU
    prefix; without it, such a number is kept as given (stripped).
    """
    return _checked(str(value), country)


@lru_cache(maxsize=1024)
def _checked(given: str, country: str | None) -> str:
    """:func:`vat_id` of a text: pure, so a number a service sees again is checked once.

    Bounded (the least recently used go first); a number that fails raises each time (an
    exception is not cached).
    """
    text = given.strip()
    compact = clean(text, " -./,:").upper()
    if not compact:
        raise InputError("vat_id is empty: give the number or leave vat_id out")
    if compact[:2].lower() in eu_vat.MEMBER_STATES or compact[:2] == "EL":
        return _check(eu_vat, compact, text, country_code(compact[:2]), "VAT number")
    if country is None:
        return text
    if country.lower() in eu_vat.MEMBER_STATES:
        prefixed = _EU_PREFIX.get(country, country) + compact
        return _check(eu_vat, prefixed, text, country, "VAT number")
    if country in NATIONAL:
        module, name = NATIONAL[country]
        checked = _check(import_module(module), compact, text, country, name)
        # Keep a prefix the number was given with (GB980780684): stdnum drops it.
        return country + checked if compact.startswith(country) else checked
    return text


def _check(module: ModuleType, number: str, text: str, country: str, name: str) -> str:
    try:
        return str(module.validate(number))
    except ValidationError as exc:
        reason = next((why for kind, why in _REASONS if isinstance(exc, kind)), "format")
        raise InputError(f"vat_id {text!r}: not a valid {name} of {country_name(country)} "
                         f"({reason})") from None
