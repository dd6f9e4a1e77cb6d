"""Names as they look, not as they are encoded: look-alike letters and overridden direction.

A reader sees "ВАNСО NАСІОNАL" as BANCO NACIONAL, though five of its letters are Cyrillic, and
"\u202eHSAC ODANROT\u202c" as TORNADO CASH, though its letters are stored the other way round
behind a right-to-left override. Romanising by sound reads the first as "vanso nasional" and
the override is invisible, so a screen would see neither name. These functions give the
reading a person sees, which :func:`.normalize.normalize_name` adds to the others (never in
their place: a Cyrillic name is still read by sound).

Look-alikes (:func:`latin_look_alike`): a word whose letters are all Latin or Cyrillic, Greek
or Armenian letters drawn like a Latin one (Unicode's confusables for Latin letters, the
strong ones only), with at least one of the latter, is read with the Latin letters it shows.
A word with any other letter of those scripts ("Сергей": г, й) is a word of that script, and
keeps its reading by sound alone.
"""

from __future__ import annotations

import re

__all__ = ["displayed", "latin_look_alike"]

# Each pair: the look-alike letters, then the Latin letters they show (same order).
_PAIRS = (
    # Cyrillic capitals and small letters
    ("АВСЕНІЈКМОРЅТХУҮԚԜ", "ABCEHIJKMOPSTXYYQW"),
    ("асеһіјоԁрԛѕԝхуӏү", "acehijodpqswxyly"),
    # Greek capitals and small letters (ν reads v, ο o, ι i, κ k, ρ p, υ u, χ x, α a)
    ("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX"),
    ("αικνορυχ", "aikvopux"),
    # Armenian letters drawn like Latin ones
    ("ՕՍՏԼ", "OUSL"),
    ("օսհոցզ", "ouhngq"),
)
_LATIN_OF = {ord(c): latin for chars, latins in _PAIRS for c, latin in zip(chars, latins,
                                                                          strict=True)}
#: A word: a run of letters (of any script) and combining marks.
_WORD = re.compile(r"[^\W\d_]+")
#: Letters of the scripts the look-alikes come from (Greek, Cyrillic, Armenian).
_SCRIPTS = re.compile("[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u1f00-\u1fff]")
_OVERRIDE_SPAN = re.compile("\u202e([^\u202c\u2029\n]*)\u202c?")


def latin_look_alike(text: str) -> str | None:
    """``text`` with each word drawn in Latin-looking letters read as Latin; None if none is.

    >>> latin_look_alike("\u0412\u0410N\u0421\u041e")  # Cyrillic В, А, С, О around a Latin N
    'BANCO'
    >>> latin_look_alike("\u0421\u0435\u0440\u0433\u0435\u0439") is None  # Сергей: Cyrillic
    True
    """
    if text.isascii():
        return None
    changed = False

    def word(match: re.Match[str]) -> str:
        nonlocal changed
        letters = match.group(0)
        read = letters.translate(_LATIN_OF)
        if read == letters or _SCRIPTS.search(read):
            return letters  # no look-alike in it, or a letter that only its script has
        changed = True
        return read

    out = _WORD.sub(word, text)
    return out if changed else None


def displayed(text: str) -> str | None:
    """``text`` in the order a reader sees it after a right-to-left override; None if none.

    A run after U+202E (RIGHT-TO-LEFT OVERRIDE), up to U+202C (POP DIRECTIONAL FORMATTING)
    or the end of the line, is shown with its characters in reverse order, whatever they
    are: "\u202eHSAC ODANROT\u202c" shows TORNADO CASH.

    >>> displayed("\u202eHSAC ODANROT\u202c")
    'TORNADO CASH'
    """
    if "\u202e" not in text:
        return None
    return _OVERRIDE_SPAN.sub(lambda m: m.group(1)[::-1], text)
