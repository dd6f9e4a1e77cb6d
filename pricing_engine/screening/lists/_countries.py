"""Country names and codes as the lists write them, mapped to ISO 3166-1 alpha-2.

OFAC writes short English names ("Korea, North", "Burma", "Bahamas, The"), the UN and the UK
write names and nationalities ("Iraqi"), the EU writes codes. pycountry's fuzzy search is slow,
so every name pycountry knows is put once into a dict, with the lists' own spellings added
below, and lookups are cached.

>>> country_to_alpha2("Korea, North")
'KP'
>>> country_to_alpha2("Region: Kafia Kingi") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import pycountry

__all__ = ["countries_to_alpha2", "country_to_alpha2"]

#: Spellings the lists use that pycountry does not know. Kosovo is not in ISO 3166; "XK" is the
#: user-assigned code the EU, UK and most screening data use for it.
LIST_SPELLINGS: dict[str, str] = {
    "bahamas, the": "BS",
    "bolivia": "BO",
    "brunei": "BN",
    "burma": "MM",
    "cape verde": "CV",
    "congo, democratic republic of the": "CD",
    "congo, republic of the": "CG",
    "cote d ivoire": "CI",
    "czech republic": "CZ",
    "democratic people s republic of korea": "KP",
    "democratic republic of the congo": "CD",
    "gambia, the": "GM",
    "gaza": "PS",
    "north gaza": "PS",
    "northern gaza": "PS",
    "state of palestine": "PS",
    "the gambia": "GM",
    "north macedonia, the republic of": "MK",
    "china, hong kong special administrative region": "HK",
    "st kitts nevis": "KN",
    # OFAC "Region: ..." values that lie within one country (disputed areas are left out)
    "crimea": "UA",
    "northern mali": "ML",
    "holy see": "VA",
    "iran": "IR",
    "iran (islamic republic of)": "IR",
    "ivory coast": "CI",
    "korea, north": "KP",
    "korea, south": "KR",
    "kosovo": "XK",
    "laos": "LA",
    "macau": "MO",
    "macedonia": "MK",
    "man, isle of": "IM",
    "micronesia, federated states of": "FM",
    "moldova": "MD",
    "north korea": "KP",
    "palestinian": "PS",
    "republic of korea": "KR",
    "russia": "RU",
    "south korea": "KR",
    "st. kitts and nevis": "KN",
    "st. vincent and the grenadines": "VC",
    "swaziland": "SZ",
    "syria": "SY",
    "taiwan": "TW",
    "tanzania": "TZ",
    "turkey": "TR",
    "united kingdom": "GB",
    "united states": "US",
    "usa": "US",
    "uk": "GB",
    "venezuela": "VE",
    "vietnam": "VN",
    "west bank": "PS",
    # nationalities written as adjectives (UK ConList, some UN entries)
    "dprk": "KP",
    "afghan": "AF",
    "bahraini": "BH",
    "bosnian": "BA",
    "emirati": "AE",
    "ethiopian": "ET",
    "kenyan": "KE",
    "nigerian": "NG",
    "omani": "OM",
    "qatari": "QA",
    "turkish": "TR",
    "algerian": "DZ",
    "belarusian": "BY",
    "british": "GB",
    "chinese": "CN",
    "egyptian": "EG",
    "eritrean": "ER",
    "french": "FR",
    "german": "DE",
    "indonesian": "ID",
    "iranian": "IR",
    "iraqi": "IQ",
    "jordanian": "JO",
    "kuwaiti": "KW",
    "lebanese": "LB",
    "libyan": "LY",
    "malian": "ML",
    "moroccan": "MA",
    "north korean": "KP",
    "pakistani": "PK",
    "philippine": "PH",
    "russian": "RU",
    "saudi": "SA",
    "saudi arabian": "SA",
    "somali": "SO",
    "sudanese": "SD",
    "syrian": "SY",
    "tunisian": "TN",
    "ukrainian": "UA",
    "yemeni": "YE",
    "zimbabwean": "ZW",
}

_NOISE = re.compile(r"[^a-z0-9,() ]+")


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(_NOISE.sub(" ", folded).split())


@cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_2)
        for attr in ("name", "official_name", "common_name", "alpha_3"):
            value = getattr(country, attr, None)
            if value:
                table.setdefault(_key(str(value)), code)
    table.update({_key(name): code for name, code in LIST_SPELLINGS.items()})
    return table


@lru_cache(maxsize=4096)
def country_to_alpha2(text: str | None) -> str | None:
    """Return the alpha-2 code for a country name, nationality or code, or None if unknown."""
    if not text:
        return None
    raw = text.strip().rstrip(".").removeprefix("Region: ")
    if len(raw) == 2 and raw.isalpha():
        upper = raw.upper()
        return "GB" if upper == "UK" else upper if upper == "XK" or _is_alpha2(upper) else None
    table = _table()
    key = _key(raw)
    found = table.get(key)
    if found is None and "," in key:  # "Korea, Republic of" style inversions
        head, _, tail = key.partition(",")
        found = table.get(f"{tail.strip()} {head.strip()}")
    return found


def countries_to_alpha2(texts: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Map several names to codes, dropping unknown ones and repeats, keeping order."""
    codes = (country_to_alpha2(t) for t in texts)
    return tuple(dict.fromkeys(c for c in codes if c))


@cache
def _alpha2_codes() -> frozenset[str]:
    return frozenset(str(c.alpha_2) for c in pycountry.countries)


def _is_alpha2(code: str) -> bool:
    return code in _alpha2_codes()
