"""Common romanisation variants of names, each mapped to one canonical spelling.

The same Arabic, Persian or Russian name reaches a list in many Latin spellings (Mohammed,
Muhammad, Mohamed; Aleksandr, Alexander; Yusuf, Youssef). A screener that compares spellings
letter by letter sees these as different words. This table maps the frequent variants to one
form, which the matcher treats as equal to them (tokens keep their spelling: a list's own
spelling is the best evidence). Rarer variants are left to the consonant skeleton
(:func:`skeleton`), which reduces a token to its consonants so that "Yusuf" and "Youssef" both
read ``ysf``.

>>> canonical("mohamed"), canonical("alexander"), canonical("youssef")
('muhammad', 'aleksandr', 'yusuf')
>>> skeleton("mohammed") == skeleton("muhamad")
True
>>> folded("eksim") == folded("exim"), folded("dmitriy") == folded("dmitri")
(True, True)
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

__all__ = [
    "CANONICAL_FORMS",
    "PARTICLES",
    "canonical",
    "consonantal",
    "consonants",
    "folded",
    "skeleton",
    "slipped_compound",
    "slipped_structural",
    "structural",
]

_GROUPS = """
muhammad: mohammed mohammad mohamed mohamad muhammed muhamad muhammet mohamud mohammud mohd
  muhamed mohamet mukhammad mukhamed magomed mahomed mohamod muhamud
ahmad: ahmed ahmet akhmad akhmed ahmid
aleksandr: alexander aleksander alexandr alexandre aleksandar oleksandr oleksander alyaksandr
aleksey: alexey alexei aleksei alexiy oleksiy oleksii
yusuf: youssef yousef yusef yousuf yussuf youssouf yousif yusif usuf
husayn: hussein husein hussain husain hossein hosein hussien houssein huseyn huseyin
hasan: hassan hasen hassen
mustafa: mostafa moustafa mustapha mostapha
ibrahim: ebrahim ibraheem ibragim
umar: omar omer
usama: osama ousama
sulayman: suleiman sulaiman soleiman soleyman suleyman sulaimon
khalid: khaled halid
said: saeed sayed sayyid sayid saied
mahmud: mahmoud mahmood makhmud
ali: aly
yahya: yahia yehia yahiya
ismail: esmail ismael ismayil
sergey: sergei serguei sergiy serhiy
yuriy: yury yuri iurii yurii iouri
dmitriy: dmitry dmitri dmitrii dmytro
andrey: andrei andriy
nikolay: nikolai mykola
evgeniy: yevgeny evgeny yevgeniy evgenii yevgenii
vyacheslav: viacheslav vyacheslaw
mikhail: michail mikhael mykhailo
aleksandrovich: alexandrovich aleksandrovych oleksandrovych
air: airline airlines airways
"""

# Spellings of the parts of Arabic compound names, unified in the tokens themselves (the
# normaliser splits "abdulrahman" into "abd rahman" and needs "abd" to recognise the compound).
_STRUCTURAL_GROUPS = """
abdallah: abdullah abdulla abdalla abdoulah abdellah abdulah
abd: abdul abdel abdal abdol abdoul abdur
bin: ben ibn
"""


def _parse(text: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for group in re.split(r"\n(?=\S)", text.strip()):
        head, _, variants = group.partition(":")
        for variant in variants.split():
            table[variant] = head
    return table


_CANON = _parse(_GROUPS)
#: The canonical spellings themselves ("muhammad", "aleksandr", ...).
CANONICAL_FORMS: frozenset[str] = frozenset(_CANON.values())
_STRUCTURAL = _parse(_STRUCTURAL_GROUPS)


def _words(text: str) -> list[str]:
    return text.split()


#: Particles and connectors that carry almost no identifying weight.
PARTICLES: frozenset[str] = frozenset(
    _words(
        """
        al el ul ad ash as at az bin bint abu abou bu da de del della der di do dos das du e ed
        i la le li mac o of the and for y van von wa wal ve und et
        """
    )
)

_SKELETON_RULES = (
    ("dj", "j"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"),
    ("dh", "d"), ("sh", "s"), ("ch", "s"), ("ck", "k"), ("ts", "s"), ("tz", "s"), ("q", "k"),
    ("c", "k"), ("x", "ks"), ("w", "v"), ("z", "s"),
)  # fmt: skip
_VOWELS = re.compile(r"[aeiouy]")
#: Vowels a consonantal reading of Arabic script never writes (y there is the letter yeh).
_WRITTEN_VOWELS = re.compile("[aeiou]")
_REPEATS = re.compile(r"(.)\1+")


def canonical(token: str) -> str:
    """Return the canonical spelling of a name token (itself when the table has no entry)."""
    return _CANON.get(token, token)


def structural(token: str) -> str:
    """Return the one spelling of a compound-name part (abdul -> abd, ibn -> bin)."""
    return _STRUCTURAL.get(token, token)


#: Spellings of compound-name parts long enough for a typing slip in them to be read back.
_SLIPPABLE = tuple(sorted((v for v in _STRUCTURAL if len(v) >= 5), key=lambda v: (-len(v), v)))


@lru_cache(maxsize=65536)
def slipped_structural(token: str) -> str | None:
    """Return the one spelling of a compound-name part ``token`` is a typing slip of, else None.

    A slip in "Abdul" or "Abdullah" ("Adbul", "Abdulalh") hides the word :func:`structural`
    unifies, so the name no longer reads as its listed spelling; one slip is allowed (two in a
    word of eight letters or more), the longer spelling winning a tie ("abdula" is "abdulla").
    Words that are themselves a spelling are left to :func:`structural`.

    >>> slipped_structural("adbul"), slipped_structural("abbdullrh"), slipped_structural("abdul")
    ('abd', 'abdallah', None)
    """
    if len(token) < 5 or token in _STRUCTURAL or token in _STRUCTURAL.values():
        return None
    limit = 2 if len(token) >= 8 else 1
    best = process.extractOne(token, _SLIPPABLE, scorer=OSA.distance, score_cutoff=limit)
    return None if best is None else _STRUCTURAL[best[0]]


#: The "Abd" prefixes a compound name is written with, glued to the name that follows.
_ABD_PREFIXES = ("abdul", "abdel", "abdal", "abdol", "abdoul", "abdur")


@lru_cache(maxsize=65536)
def slipped_compound(token: str) -> tuple[str, str] | None:
    """Return ``("abd", rest)`` if ``token`` is an "Abdul..." compound typed with one slip in its
    prefix ("Abdlkarim", "Adulkarim", "Aabdulaziz"), else None.

    The normaliser splits "Abdulkarim" into "abd karim"; a slip in the prefix hides it, so
    the name no longer reads as its listed spelling. The rest must keep three letters or more.

    >>> slipped_compound("abdlkarim"), slipped_compound("adulkarim"), slipped_compound("abdulkarim")
    (('abd', 'karim'), ('abd', 'karim'), None)
    """
    if len(token) < 7 or token[0] != "a" or not token.isalpha():
        return None
    for prefix in _ABD_PREFIXES:
        if token.startswith(prefix):
            return None  # written as it should be: the normaliser's own business
    for prefix in _ABD_PREFIXES:
        size = len(prefix)
        for cut in (size - 1, size + 1, size):
            if len(token) - cut >= 3 and OSA.distance(token[:cut], prefix, score_cutoff=1) == 1:
                return "abd", token[cut:]
    return None


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Return a rough consonant skeleton: the first letter, then consonants, repeats collapsed.

    Digraphs that transliterations spell differently (kh/h, dj/j, q/k, w/v) are unified first.
    """
    return _REPEATS.sub(r"\1", consonants(token))


def consonants(token: str) -> str:
    """Return :func:`skeleton` without its last step: repeated consonants stay apart.

    >>> consonants("adnan"), skeleton("adnan")
    ('adnn', 'adn')
    """
    text = token
    for old, new in _SKELETON_RULES:
        text = text.replace(old, new)
    if not text:
        return text
    return ("a" if text[0] in "aeiouy" else text[0]) + _VOWELS.sub("", text[1:])


@lru_cache(maxsize=65536)
def consonantal(token: str) -> bool:
    """Whether ``token`` is written in consonants, with at most an onset vowel, as
    :mod:`.translit` reads a word of Arabic script ("hsyn", "abrhym")."""
    return len(token) >= 2 and token.isalpha() and not _WRITTEN_VOWELS.search(token, 1)


#: Spellings that romanisations of one sound differ by, unified by :func:`folded` (vowels kept).
_FOLD_RULES = (*_SKELETON_RULES, ("ee", "i"), ("oo", "u"), ("y", "i"))


@lru_cache(maxsize=65536)
def folded(token: str) -> str:
    """Return ``token`` with transliteration digraphs unified and repeats collapsed, vowels kept.

    Finer than :func:`skeleton`: "Eksim" / "Exim", "Dmitriy" / "Dmitri", "Kiya" / "Kia",
    "Hassan" / "Hasan", "Vazquez" / "Vazkuez", "Haleel" / "Halil" and "Noor" / "Nur" fold
    alike, "Hamid" / "Hamed" do not.
    """
    text = token
    for old, new in _FOLD_RULES:
        text = text.replace(old, new)
    return _REPEATS.sub(r"\1", text)
