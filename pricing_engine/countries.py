"""ISO 3166 country and subdivision codes, raising instead of returning None.

Quirks of trade data live here and nowhere else: ``EL`` is Greece in EU VAT usage and ``XI``
is Northern Ireland in UK/EU customs usage; both are accepted as aliases. Kosovo is not in
ISO 3166; ``XK`` (alpha-3 ``XKX``) is the user-assigned code the EU, the UK and the
sanctions lists use for it, so a party there can be screened and named in a policy.

>>> country_code("de")
'DE'
>>> country_name("EL")
'Greece'
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pycountry

from pricing_engine.errors import UnknownCountry

__all__ = ["country_code", "country_name", "is_country", "is_subdivision", "subdivision_code"]

#: Codes used in trade and tax data that ISO 3166-1 does not list, mapped to the ISO code.
ALIASES: dict[str, str] = {"EL": "GR", "UK": "GB", "XI": "GB"}
#: User-assigned codes in common use that ISO 3166-1 does not list: alpha-2 -> (alpha-3, name).
USER_ASSIGNED: dict[str, tuple[str, str]] = {"XK": ("XKX", "Kosovo")}
_USER_ALPHA3 = {alpha3: alpha2 for alpha2, (alpha3, _name) in USER_ASSIGNED.items()}


@lru_cache(maxsize=512)
def country_code(code: str) -> str:
    """Return the ISO 3166-1 alpha-2 code for ``code`` (alpha-2, alpha-3 or an alias)."""
    key = code.strip().upper()
    key = ALIASES.get(key, _USER_ALPHA3.get(key, key))
    if key in USER_ASSIGNED:
        return key
    found = pycountry.countries.get(alpha_2=key) if len(key) == 2 else None
    if found is None and len(key) == 3:
        found = pycountry.countries.get(alpha_3=key)
    if found is None:
        raise UnknownCountry(f"unknown country code {code!r} (ISO 3166-1)")
    return str(found.alpha_2)


def country_name(code: str) -> str:
    """Return the English short name of a country code."""
    key = country_code(code)
    if key in USER_ASSIGNED:
        return USER_ASSIGNED[key][1]
    found = pycountry.countries.get(alpha_2=key)
    assert found is not None  # country_code() has checked it
    return str(found.name)


def is_country(code: str) -> bool:
    """Tell whether ``code`` is a known country code or alias."""
    return _reads(country_code, code)


@lru_cache(maxsize=2048)
def subdivision_code(code: str) -> str:
    """Return the ISO 3166-2 code (``CA-ON``) for ``code``, or raise UnknownCountry."""
    key = code.strip().upper()
    if pycountry.subdivisions.get(code=key) is None:  # type: ignore[no-untyped-call]
        raise UnknownCountry(f"unknown subdivision code {code!r} (ISO 3166-2)")
    return key


def is_subdivision(code: str) -> bool:
    """Tell whether ``code`` is a known ISO 3166-2 subdivision code."""
    return _reads(subdivision_code, code)


def _reads(read: Callable[[str], str], code: str) -> bool:
    try:
        read(code)
    except UnknownCountry:
        return False
    return True
