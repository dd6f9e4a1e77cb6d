"""The countries a sanctions programme is about, from the programme's code.

A listed entry often has no country of its own but a programme named after one ("CUBA",
"IRAN-EO13846", "DPRK3", "CAATSA - RUSSIA"). A party in that country is not a mismatch for such
an entry: :func:`program_countries` gives the ISO 3166 alpha-2 codes a programme code names,
read from the words of the code, so new executive-order suffixes need no new line here.

>>> sorted(program_countries(("CUBA", "SDGT")))
['CU']
>>> sorted(program_countries(("CAATSA - IRAN", "HRIT-SY", "DPRK4")))
['IR', 'KP', 'SY']
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["PROGRAM_WORDS", "program_countries"]

#: A word of a programme code -> the countries it names (OFAC, UN and UK/EU regime names).
PROGRAM_WORDS: dict[str, tuple[str, ...]] = {
    "cuba": ("CU",), "iran": ("IR",), "irgc": ("IR",), "ifsr": ("IR",), "ifca": ("IR",),
    "ir": ("IR",), "syria": ("SY",), "sy": ("SY",), "dprk": ("KP",), "dprk2": ("KP",),
    "dprk3": ("KP",), "dprk4": ("KP",), "nksanctions": ("KP",), "venezuela": ("VE",),
    "russia": ("RU",), "ukraine": ("UA", "RU"), "belarus": ("BY",), "burma": ("MM",),
    "myanmar": ("MM",), "car": ("CF",), "darfur": ("SD",), "sudan": ("SD",),
    "southsudan": ("SS",), "drc": ("CD",), "drcongo": ("CD",), "ethiopia": ("ET",),
    "hk": ("HK", "CN"), "cmic": ("CN",), "haiti": ("HT",), "iraq": ("IQ",), "iraq2": ("IQ",),
    "iraq3": ("IQ",), "lebanon": ("LB",), "libya": ("LY",), "libya2": ("LY",),
    "libya3": ("LY",), "mali": ("ML",), "nicaragua": ("NI",), "somalia": ("SO",),
    "yemen": ("YE",), "taliban": ("AF",), "afghanistan": ("AF",), "zimbabwe": ("ZW",),
    "balkans": ("AL", "BA", "HR", "ME", "MK", "RS", "XK"), "west": ("PS",),
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1024)
def program_countries(programs: tuple[str, ...]) -> frozenset[str]:
    """Return the countries the programme codes ``programs`` are about (often none)."""
    text = " ".join(programs).lower().replace("south sudan", "southsudan")
    return frozenset(c for word in _WORD.findall(text) for c in PROGRAM_WORDS.get(word, ()))
