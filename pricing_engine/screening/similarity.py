"""How alike two name tokens are: the rules the matcher aligns tokens by.

Equal spellings, spellings the variant table unifies (:mod:`.name_variants`), romanisations of
one sound, initials, consonant skeletons, swapped letters and typing slips each have a
documented similarity; anything below :data:`SIMILARITY_FLOOR` counts as unrelated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz.distance import OSA, Indel, JaroWinkler, Levenshtein

from pricing_engine.screening.name_variants import (
    canonical,
    consonantal,
    consonants,
    folded,
    skeleton,
)

__all__ = [
    "doubled_slip",
    "short_slip",
    "syllable_slip",
    "token_similarities",
    "token_similarity",
    "two_slips",
]

#: Token pairs less alike than this count as unrelated.
SIMILARITY_FLOOR = 0.78
#: The same for pairs where either token has four letters or fewer (two edits change a lot).
SHORT_FLOOR = 0.86
#: Similarity of two spellings of a name the variant table knows (Mohamed / Muhammad).
VARIANT_SIMILARITY = 0.96
#: Similarity of two spellings that differ only by how a sound is romanised (:func:`.folded`).
FOLDED_SIMILARITY = 0.92
#: Similarity of an initial and a word it begins ("R" / "Roberto").
INITIAL_SIMILARITY = 0.8
#: Share of their weight two four-letter words one slip apart explain in an alignment.
SHORT_SLIP_CREDIT = 0.6
#: Share of their weight two syllables of two or three letters one slip apart explain.
SYLLABLE_SLIP_CREDIT = 0.6
#: Share of their weight two words of five letters or more, two typing slips apart, explain.
TWO_SLIP_CREDIT = 0.6
#: The shorter word of such a pair has at least this many letters.
TWO_SLIP_LENGTH = 5
#: Similarity of a three-letter word and a four-letter one a letter away.
SHORT_EDIT_SIMILARITY = 0.8
#: Tokens at least SKELETON_MIN alike with the same consonant skeleton are raised to this.
SKELETON_MIN = 0.76
SHORT_SKELETON_MIN = 0.75
SKELETON_SIMILARITY = 0.88
#: Similarity of words that differ by two adjacent letters swapped ("Shad" / "Sahd").
SWAP_SIMILARITY = 0.9
#: Similarity of a word written without vowels and one with the same consonants ("mhmd").
ABJAD_SIMILARITY = 0.86

#: The least Indel similarity a pair needs for the mean with Jaro-Winkler (at most 1) to reach
#: the lowest raise, :data:`SHORT_SKELETON_MIN`.
_INDEL_NEEDED = 2 * SHORT_SKELETON_MIN - 1
_VOWELS = re.compile("[aeiouy]")
_DOUBLED = re.compile(r"(.)\1+")


def token_similarity(a: str, b: str) -> float:
    """Return how alike two tokens are (0..1), 0 below :data:`SIMILARITY_FLOOR`.

    Spellings the variant table unifies are alike. Tokens of three letters or fewer must be
    equal (or a letter longer, or spelt with the same consonants); an initial matches a token it
    begins. Otherwise the mean of Jaro-Winkler and Indel similarity, raised to
    :data:`SKELETON_SIMILARITY` when both tokens have the same consonant skeleton (a
    transliteration variant such as Yusuf / Youssef).
    """
    return token_similarities(a, (b,))[0]


def token_similarities(a: str, choices: Sequence[str]) -> list[float]:
    """Return :func:`token_similarity` of ``a`` and each of ``choices``, in order.

    What depends on ``a`` alone (its canonical spelling, folded form, skeleton, vowels) is
    worked out once, and a pair whose Indel similarity is under :data:`_INDEL_NEEDED` is not
    given to Jaro-Winkler: their mean is then under every floor and every raise (two letters
    swapped in a word of four letters or more keep an Indel similarity of 0.75 or more).
    """
    ca, la, ska = canonical(a), len(a), skeleton(a)
    fa = folded(a) if la >= 3 else None
    a_abjad = la >= 4 and a.isalpha() and not _VOWELS.search(a)
    # a word read from Arabic script: consonants, an onset vowel at most (.translit)
    a_consonantal = consonantal(a)
    ska_vowel_w = skeleton(a[0] + a[1:].replace("w", "")) if a_consonantal and "w" in a[1:] else ""
    ska_fine = _fine_skeleton(a, written=True) if a_consonantal else ""
    out: list[float] = []
    append = out.append
    for b in choices:
        if a == b:
            append(1.0)
            continue
        if ca == canonical(b):
            append(VARIANT_SIMILARITY)
            continue
        lb = len(b)
        if la == 1 or lb == 1:
            append(INITIAL_SIMILARITY if a[0] == b[0] else 0.0)
        elif lb >= 3 and fa is not None and fa == folded(b):
            append(FOLDED_SIMILARITY)  # one sound romanised two ways: "Eksim" / "Exim"
        elif a_consonantal and lb >= la and (
            similar := _consonantal(la, ska, ska_fine, ska_vowel_w, b)
        ):
            append(similar)  # read from Arabic script: "hsyn" / "hussein", "dwry" / "duri"
        elif la <= 3 or lb <= 3:
            append(_short_similarity(a, b, ska))
        elif (
            (a_abjad and lb < la) or (b.isalpha() and not _VOWELS.search(b))
        ) and ska == skeleton(b):
            # written without vowels (the listed word, or a query word longer than the listed
            # one); otherwise perhaps a typo that hit the only vowel ("Chlng"), compared as any
            # other pair
            append(ABJAD_SIMILARITY)
        else:
            append(_spelling_similarity(a, b, ska))
    return out


def _fine_skeleton(token: str, *, written: bool = False) -> str:
    """The consonants of ``token`` with kh and z kept apart from h and s (the romanisations of
    an Arabic letter agree on them) and each consonant sound once: a letter written twice in
    a romanised word is one sound ("Saddam"), two letters alike in a consonantal word
    (``written``) are two ("adnn": Adnan, not Aydin)."""
    text = token.replace("kh", "1").replace("z", "2")
    return consonants(text if written else _DOUBLED.sub(r"\1", text))


def _consonantal(la: int, ska: str, ska_fine: str, ska_vowel_w: str, b: str) -> float:
    """Similarity of a word of ``la`` letters written in consonants (skeleton ``ska``;
    ``ska_vowel_w``, its skeleton with w read as a vowel, or "") and a romanised word ``b``
    with its vowels: as close as a vowel-less word comes when the skeletons agree, less for
    two consonants written two ("hd" / "huda") and for a waw read as a vowel."""
    skb = skeleton(b)
    if skb == ska:
        if ska_fine != _fine_skeleton(b):  # kh, z or a doubled consonant tell them apart
            return 0.0
        return ABJAD_SIMILARITY if len(ska) >= 3 or la >= 3 else SHORT_EDIT_SIMILARITY
    if skb == ska_vowel_w:  # waw written for the u or o: "dwry" / "duri", "mhmwd" / "mahmoud"
        return SHORT_EDIT_SIMILARITY
    return 0.0


def _short_similarity(a: str, b: str, ska: str) -> float:
    """Similarity of two tokens one of which has three letters or fewer (``ska``: a's skeleton)."""
    la, lb = len(a), len(b)
    # a doubled or dropped letter in a short word ("YYIP" / "YIP", "EDB" / "EDBI")
    if abs(la - lb) == 1 and min(la, lb) == 3 and Levenshtein.distance(a, b) == 1:
        return SHORT_EDIT_SIMILARITY
    # a short word spelt another way: "nev" / "new", "kom" / "qom" (not vowel-initial)
    if min(la, lb) == 3 and len(ska) >= 2 and ska[0] != "a":
        return SHORT_EDIT_SIMILARITY if ska == skeleton(b) else 0.0
    return 0.0


def _spelling_similarity(a: str, b: str, ska: str) -> float:
    """Similarity of two tokens of four letters or more no rule above relates."""
    indel = Indel.normalized_similarity(a, b)
    if indel < _INDEL_NEEDED:
        return 0.0
    la, lb = len(a), len(b)
    s = (JaroWinkler.normalized_similarity(a, b) + indel) / 2
    if s < SWAP_SIMILARITY and la == lb and OSA.distance(a, b) == 1 < Levenshtein.distance(a, b):
        s = SWAP_SIMILARITY  # two letters swapped: one slip, however short the word
    least = SKELETON_MIN if len(ska) >= 3 else SHORT_SKELETON_MIN
    if least <= s < SKELETON_SIMILARITY and ska == skeleton(b):
        s = SKELETON_SIMILARITY
    return s if s >= (SHORT_FLOOR if min(la, lb) <= 4 else SIMILARITY_FLOOR) else 0.0


def short_slip(a: str, b: str) -> float:
    """Return :data:`SHORT_SLIP_CREDIT` if two words of four letters or more, the shorter of
    exactly four, are one typing slip apart ("Anid" / "Acid"), else 0.

    :func:`token_similarity` does not call such words alike: too many short names differ by one
    letter (Omar / Amar). When the rest of a name matches, though, the slip is likelier a typo,
    so the alignment lets the pair explain part of its weight; alone it never reaches review.
    """
    if min(len(a), len(b)) != 4 or not a.isalpha() or not b.isalpha():
        return 0.0
    return SHORT_SLIP_CREDIT if OSA.distance(a, b) == 1 else 0.0


def doubled_slip(a: str, b: str) -> float:
    """Return :data:`SHORT_SLIP_CREDIT` if query word ``a`` has a letter typed twice and, that
    letter once, is one slip from a listed word of four or five letters ("Abnnk" / "Bank",
    "Johha" / "John", "PPert" / "Petr"), else 0.

    Two slips in a short word leave too little of it for any similarity, but a doubled key is
    the commonest slip there is; as with :func:`short_slip`, the pair explains only part of
    its weight, when the rest of a name matches.

    >>> doubled_slip("abnnk", "bank"), doubled_slip("oosft", "soft"), doubled_slip("anna", "ana")
    (0.6, 0.6, 0.0)
    """
    squeezed = _DOUBLED.sub(r"\1", a)
    if squeezed in (a, b) or not 4 <= len(b) <= 5 or not 4 <= len(squeezed) <= 5:
        return 0.0
    if not a.isalpha() or not b.isalpha():
        return 0.0
    return SHORT_SLIP_CREDIT if OSA.distance(squeezed, b) == 1 else 0.0


def syllable_slip(a: str, b: str) -> float:
    """Return :data:`SYLLABLE_SLIP_CREDIT` if two syllables of two or three letters that begin
    alike are one typing slip apart ("Um" / "Un", "Kih" / "Kim"), else 0.

    Names written in short syllables (Korean, Chinese, Vietnamese, Burmese) have nothing else
    to slip in; as with :func:`short_slip`, the pair only explains part of its weight when the
    rest of a name matches, and alone never reaches review.

    >>> syllable_slip("um", "un"), syllable_slip("kim", "kin"), syllable_slip("il", "un")
    (0.6, 0.6, 0.0)
    """
    if not (2 <= len(a) <= 3 and 2 <= len(b) <= 3) or a[0] != b[0]:
        return 0.0
    if not a.isalpha() or not b.isalpha():
        return 0.0
    return SYLLABLE_SLIP_CREDIT if OSA.distance(a, b) == 1 else 0.0


def two_slips(a: str, b: str) -> float:
    """Return :data:`TWO_SLIP_CREDIT` if two words of five letters or more are exactly two typing
    slips apart (a swap of neighbours counting as one: "Barzes" / "Barzan", "Abbdullrh" /
    "Abdullah"), else 0.

    Two slips leave too little of a word of five to eight letters for :func:`token_similarity`
    to call it alike (Jaro-Winkler and Indel both fall), yet they are what a hurried typist
    makes; as with :func:`short_slip`, the pair explains only part of its weight, when the rest
    of a name matches, and alone never reaches review.

    >>> two_slips("barzes", "barzan"), two_slips("daniel", "danilo"), two_slips("maria", "mark")
    (0.6, 0.6, 0.0)
    """
    if min(len(a), len(b)) < TWO_SLIP_LENGTH or abs(len(a) - len(b)) > 1:
        return 0.0
    if not a.isalpha() or not b.isalpha():
        return 0.0
    return TWO_SLIP_CREDIT if OSA.distance(a, b, score_cutoff=2) == 2 else 0.0
