"""US special-programme codes of the HTS `special` column: agreement and partner origins.

The codes are defined in General Note 3(c)(i) of the HTS. A code that maps to no origin
preference in force is in :data:`NOT_ENCODED` with the reason: lapsed programmes (GSP after
2020-12-31) must not apply, and end-use agreements (civil aircraft, pharmaceuticals, dye
intermediates) are not origin preferences. Preference entries apply from the imported
revision's effective date: the table states the rates of that revision, not each agreement's
history.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NOT_ENCODED", "PROGRAMMES", "Programme"]


@dataclass(frozen=True, slots=True)
class Programme:
    """An agreement, its partner origins and how sure the mapping is.

    ``fta``: a free trade agreement that frees the partner's goods on nearly every line, so
    that the rules may hold a broader entry of it (the curated layer's ``*``). A dutiable
    line whose special column does not grant it then carries the MFN duty under it in the
    table, or that broader entry would free the line (KORUS on the sugar lines the US never
    freed). A partial or unilateral programme (CBERA, the US-Japan Trade Agreement) names
    only the lines it grants; a line it does not name is simply not under it.
    """

    agreement: str
    origins: tuple[str, ...]
    confidence: str | None = None
    note: str | None = None
    fta: bool = True


_CAFTA = Programme("CAFTA-DR", ("CR", "DO", "GT", "HN", "NI", "SV"))
_USMCA = Programme("USMCA", ("CA", "MX"))
_CBERA = Programme(
    "CBERA",
    ("AG", "AW", "BB", "BS", "BZ", "CW", "DM", "GD", "GY", "HT", "JM", "KN", "LC", "MS", "TT",
     "VC", "VG"),
    confidence="low",
    note="CBERA beneficiaries per General Note 7(a) as understood at import; the list was not "
         "checked against the revision (CAFTA-DR and Panama partners left out)",
    fta=False,
)

#: Bilateral agreements, whose programme code is the partner's country code.
_BILATERAL: dict[str, str] = {
    "AU": "AUSFTA", "BH": "US-Bahrain FTA", "CL": "US-Chile FTA", "CO": "US-Colombia TPA",
    "IL": "US-Israel FTA", "JO": "US-Jordan FTA", "JP": "US-Japan Trade Agreement",
    "KR": "KORUS", "MA": "US-Morocco FTA", "OM": "US-Oman FTA", "PA": "US-Panama TPA",
    "PE": "US-Peru TPA", "SG": "US-Singapore FTA",
}

#: Programme code -> agreement. ``S+``/``P+`` mark lines with extra conditions in the notes.
PROGRAMMES: dict[str, Programme] = {
    **{code: Programme(name, (code,), fta=code != "JP") for code, name in _BILATERAL.items()},
    "E": _CBERA, "E*": _CBERA, "P": _CAFTA, "P+": _CAFTA, "S": _USMCA, "S+": _USMCA,
}

#: Codes deliberately not written, with the reason the import summary prints.
NOT_ENCODED: dict[str, str] = {
    "A": "GSP: lapsed after 2020-12-31",
    "A*": "GSP: lapsed after 2020-12-31",
    "A+": "GSP: lapsed after 2020-12-31",
    "B": "Automotive Products Trade Act: end-use (Canadian OEM parts), not encoded",
    "C": "Agreement on Trade in Civil Aircraft: end-use, not an origin preference",
    "CA": "NAFTA: ended 2020-06-30",
    "D": "AGOA: authorization lapsed 2025-09-30; its status after that was not settled here",
    "J": "ATPA: expired 2013-07-31",
    "J*": "ATPA: expired 2013-07-31",
    "J+": "ATPA: expired 2013-07-31",
    "K": "Pharmaceutical agreement: product-based, not an origin preference",
    "L": "Dye intermediates concessions: product-based, not an origin preference",
    "NP": "Nepal Preference Program: authorized to 2025-12-31; status not settled here",
    "R": "CBTPA: authorization lapsed 2025-09-30; its status after that was not settled here",
}
