"""Name normalisation: from a name as written to the tokens the matcher compares.

Rules, in the order they apply (each has a test in tests/screening/test_normalize.py or, for
the tricks of rules 1 and 6, tests/screening/test_adversarial_names.py):

1. Invisible characters go and every kind of space becomes a plain one: Unicode format
   characters (category Cf: zero-width spaces and joiners, soft hyphens, bidi marks, the BOM,
   the word joiner, tag characters), the other default-ignorable code points (variation
   selectors, the combining grapheme joiner, Hangul fillers), control characters and private-use
   or unassigned code points, none of which a reader sees ("T\u200bo\u200br\u200bn..." is
   "Torn..."). Listed names and queries both pass here, so the index and the query agree.
2. camelCase words are split ("AliBADAAS" -> "ali badaas"): joined names typed in a hurry.
3. "LAST, First" becomes "First LAST", unless the part after the comma is a legal form
   ("NARANJO ABAJO, S.A.") or a generational suffix or post-nominal ("Igor Sechin, Jr.":
   :mod:`.suffixes`).
4. Every script is romanised, case is folded and accents are removed (:mod:`.translit`);
   a Korean name is read twice, in the Revised Romanization and in the McCune-Reischauer
   spelling sanctions lists give North Korean names (:mod:`.hangul`: 김정은 -> "gim jeong eun"
   and "kim jong un").
5. Dotted abbreviations are joined ("S.A." -> "sa", "G.m.b.H." -> "gmbh"); apostrophes vanish
   ("Esma'ilpur" -> "esmailpur"); any other punctuation separates words.
6. A run of :data:`SPACED_RUN` or more single letters one separator apart ("T O R N A D O",
   "T. O. R.", "T_O_R", "T・O・R" with any middle dot or bullet) gives a second reading with the
   run written as one word: a word spelt out letter by letter. A wider gap (two spaces, a comma)
   ends a run, so "T O R N A D O  C A S H" reads "tornado cash"; a run with no wider gap
   ("K i m J o n g U n") is one word, which the screener also splits into listed words
   (:attr:`NormalizedName.spelt`). The letters are kept as a reading too: they may be initials
   ("A B C Trading"); two letters ("J P Morgan") are read as initials only.
7. Hyphenated words are split ("Char-White" -> "char white"); a second variant keeps them joined
   ("charwhite"), since writers do both.
8. Arabic compound names take one spelling (:func:`.name_variants.structural`): "Abdul Rahim",
   "Abd al-Rahim" and "Abdulrahim" all become "abd rahim". (Other romanisation variants such
   as Mohammed / Muhammad keep their spelling; the matcher treats them as equal.)
9. Any run of legal-form words becomes the single token :data:`LEGAL_FORM`, after words one or
   two typing errors from a legal word are snapped to it ("Jolnt Stock Company"; two errors in
   words of nine letters or more, or of seven or more at the end of a name: "Day Compatt"),
   and legal words glued to a name are cut off ("FlavicFZE", "StarCompany"); a word of seven
   letters or more beside a legal word may also have two ("Closed Joint Stock Complan"), since
   only a whole legal phrase is recognised.
10. A query also gets readings without its leading titles, without a repeated word, with a
   garbled legal form absorbed, with dotted initials apart ("A.K."), with digits read as
   letters ("B4nco") and with a slip in a compound-name part read back ("Adbul" is "abd"), in
   :func:`query_variants` (listed names keep their words).
11. A query is also read as it looks (:mod:`.look_alike`): in the order shown after a
   right-to-left override ("\u202eHSAC ODANROT" shows TORNADO CASH), with words drawn in
   Latin-looking Cyrillic, Greek or Armenian letters read as Latin ("ВАNСО" is BANCO, not
   "vanso"), and, where rule 2 split a word, as typed ("SveTlaNa" is also "svetlana").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from pricing_engine._text import visible
from pricing_engine.screening.hangul import KoreanSystem, has_hangul
from pricing_engine.screening.legal_forms import (
    AMBIGUOUS,
    GLUED,
    GLUED_END,
    LEADING,
    LEGAL_FORM,
    LEGAL_WORDS,
    NEVER_SNAPPED,
    PHRASES,
    SINGLE,
)
from pricing_engine.screening.look_alike import displayed, latin_look_alike
from pricing_engine.screening.name_variants import (
    consonantal,
    slipped_compound,
    slipped_structural,
    structural,
)
from pricing_engine.screening.suffixes import is_suffix
from pricing_engine.screening.titles import TITLES
from pricing_engine.screening.translit import has_table, to_latin

__all__ = [
    "LEGAL_FORM",
    "SPACED_RUN",
    "NormalizedName",
    "normalize_name",
    "query_variants",
    "simple_form",
    "unread_scripts",
    "visible",
]

#: Fewest single letters in a row, one separator apart, read also as one spelt-out word.
SPACED_RUN = 3

_CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][A-Za-z])")
_DOTTED = re.compile(r"\b[a-z](?:\.[a-z]\b)+\.?")
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4\u02bb\u02bc]")
_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Dots written between letters or words: the middle dot, the Greek ano teleia, bullets, the
#: hyphenation point, the bullet and dot operators, the word-separator and Katakana middle dots
#: (U+FF65, the half-width one, folds to U+30FB), the runic punctuation dot, the Z notation spot.
_MIDDLE_DOTS = "\u00b7\u2022\u2027\u2219\u22c5\u2e31\u2e33\u30fb\u16eb\u2981"
# a separator between spelt-out letters: one space or mark, or a dot and a space ("T. O. R.")
_LETTER_GAP = rf"(?:\. ?|[ ._*+~/|{_MIDDLE_DOTS}-])"
_SPACED = re.compile(rf"(?<![a-z0-9])[a-z](?:{_LETTER_GAP}[a-z](?![a-z0-9])){{{SPACED_RUN - 1},}}")
_NOT_LETTER = re.compile("[^a-z]")
#: "Abdulrahman" is "abd rahman"; not "Abdullah", nor a slip of it ("Abdallrh", "Abdullnah":
#: an "l" and two or three letters left), which stays one word.
_ABD_PREFIX = re.compile(
    r"^(?:abdul|abdel|abdal|abdol|abdoul|abdur|abdu(?!l))(?=[a-z]{3})(?!l?lah)(?!l[a-z]{2,3}$)"
)
_ARTICLES = frozenset({"al", "el", "ul", "ar", "ur", "an", "as", "ash", "ad", "az"})
_MAX_PHRASE = max(len(p) for p in PHRASES)
_GLUE = "|".join(sorted(GLUED, key=len, reverse=True))
_GLUE_END = "|".join(sorted(GLUED | GLUED_END, key=len, reverse=True))
_GLUED = re.compile(rf"^(?:({_GLUE})([a-z0-9]{{3,}})|([a-z0-9]{{3,}}?)({_GLUE_END}))$")
#: "KazakhstanJoint Stock Company": "joint" glued to the word before a "stock".
_JOINT_GLUED = re.compile(r"^([a-z0-9]{3,}?)(joint)$")
_PHRASE_SET = frozenset(PHRASES)
_LEGAL_WORD_SET = frozenset(LEGAL_WORDS)
_PHRASE_HEADS = frozenset(p[0] for p in PHRASES)
#: Edits allowed when snapping the last word of a name of seven or eight letters to a legal word.
LAST_WORD_EDITS = 2
_SUFFIX_PARTS = AMBIGUOUS | {"de", "e", "y", "et", "und", LEGAL_FORM}
#: Digits that stand for letters when typed inside a word ("B4nco", "Nac1onal", "0mar").
_DIGIT_LETTERS = str.maketrans("013457", "oieast")
_DIGIT = re.compile("[0-9]")
#: A word of letters with single digits among them, not two in a row.
_LEET = re.compile(r"^[a-z]*[0-9](?:[a-z]+[0-9]?)*$")
_SHORT_LEGAL = sorted(w for w in SINGLE | AMBIGUOUS if 2 <= len(w) <= 4)
_LEGAL_ABBREVIATIONS = frozenset(w for w in SINGLE if 3 <= len(w) <= 5)


@dataclass(frozen=True, slots=True)
class NormalizedName:
    """A name reduced to normalised tokens; ``variants`` are alternative token sequences.

    ``spelt`` holds the words rule 6 made of letters spelt out one by one ("kimjongun").
    """

    text: str
    tokens: tuple[str, ...]
    variants: tuple[tuple[str, ...], ...]
    legal_form: bool
    spelt: frozenset[str] = frozenset()


def simple_form(text: str) -> str:
    """Return ``text`` romanised, case-folded, with punctuation as spaces (no other rule)."""
    return " ".join(w.replace("-", " ") for w in simple_form_words(text))


def normalize_name(text: str, *, split_camel: bool = True) -> NormalizedName:
    """Normalise a name for matching (see the module docstring for the rules).

    ``split_camel=False`` leaves out rule 2 (the reading :func:`query_variants` adds).
    """
    folded = _folded(text, split_camel=split_camel)
    readings = [folded]
    if has_hangul(text):  # Korean: also the McCune-Reischauer spelling the lists use
        readings.append(_folded(text, korean="mr", split_camel=split_camel))
    runs: list[str] = []  # each run of spelt-out letters, joined (one pass of the pattern)

    def joined(m: re.Match[str]) -> str:
        runs.append(_NOT_LETTER.sub("", m.group(0)))
        return runs[-1]

    spelt = _SPACED.sub(joined, folded)
    if runs:
        readings.append(spelt)
    variants: list[tuple[str, ...]] = []
    for reading in readings:
        words = _WORDS.findall(reading)
        forms = [_finish([part for w in words for part in w.split("-")])]
        if any("-" in w for w in words):
            forms.append(_finish([w.replace("-", "") for w in words]))
        variants.extend(form for form in forms if form not in variants)
    # a legal form only when every reading has one: letters spelt out can look like one
    # ("C A S H" has "a s"), and a legal form narrows the search to organisations
    return NormalizedName(
        text=text,
        tokens=variants[0],
        variants=tuple(variants),
        legal_form=all(LEGAL_FORM in form for form in variants),
        spelt=frozenset(runs),
    )


def simple_form_words(text: str) -> list[str]:
    """Return the words of ``text`` after rules 1-5, hyphens kept inside words."""
    return _WORDS.findall(_folded(text))


def _folded(text: str, korean: KoreanSystem = "rr", *, split_camel: bool = True) -> str:
    seen = visible(text)
    latin = to_latin(_reorder(_CAMEL.sub(" ", seen) if split_camel else seen), korean=korean)
    folded = _APOSTROPHES.sub("", latin)
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), folded)


def _reorder(text: str) -> str:
    head, comma, tail = text.partition(",")
    if not comma or "," in tail or not tail.strip() or not head.strip():
        return text
    tail_words = _WORDS.findall(_DOTTED.sub(lambda m: m.group(0).replace(".", ""), tail.lower()))
    # the tail is a legal form when it is one after a name ("x" stands for the name)
    if _mark_legal(["x", *tail_words]) == ["x", LEGAL_FORM] or all(map(is_suffix, tail_words)):
        return text
    return f"{tail.strip()} {head.strip()}"


def _letters_for_digits(word: str) -> str:
    """Read digits typed for letters in a word of letters ("b4nco" -> "banco", "0mar").

    Only single digits among three letters or more: "branch216", "3d" and "a1234567" keep theirs.
    """
    if not _LEET.match(word) or len(word) - len(_DIGIT.findall(word)) < 3:
        return word
    return word.translate(_DIGIT_LETTERS)


def _doubled_legal(word: str) -> bool:
    """Whether ``word`` is a short legal form with one letter typed in ("lllc", "corrp")."""
    return 4 <= len(word) <= 6 and any(
        word[:i] + word[i + 1 :] in _LEGAL_ABBREVIATIONS for i in range(len(word))
    )


def query_variants(name: NormalizedName) -> tuple[tuple[str, ...], ...]:
    """Return ``name``'s token sequences plus the readings only a query needs (rule 10).

    A run of titles at the start is dropped when two words remain ("presidente", "dr",
    "sheikh": :mod:`.titles`), a word written twice in a row counts once, short words just
    before a final legal form that are, written together, one slip from a legal word belong to
    it ("S.aa. DE C.v."), initials written with dots are also read one letter a word ("A.K.
    Ahmad"), a final short legal form with a letter typed in is one ("LLLC",
    "Corrp.") and single digits typed for letters are read as the letters ("B4nco
    Nac1onal", "0mar") and a compound-name part typed with a slip is read as the part
    ("Adbul" / "abd": :func:`.name_variants.slipped_structural`), as is one in the prefix of a
    compound ("Abdlkarim" / "abd karim": :func:`.name_variants.slipped_compound`). Listed
    names are spelt with care and keep every word; these readings are added to the query's,
    never put in their place.

    >>> query_variants(normalize_name("Presidente Nicolas Maduro Maduro"))[-1]
    ('nicolas', 'maduro')
    """
    out = list(name.variants)
    for seen in _as_seen(name.text):
        out.extend(tokens for tokens in normalize_name(seen).variants if tokens not in out)
    if _CAMEL.search(visible(name.text)):
        out.extend(tokens for tokens in normalize_name(name.text, split_camel=False).variants
                   if tokens not in out)
    dotted = _dotted_initials(name.text)
    for tokens in tuple(out):
        if dotted and LEGAL_FORM not in tokens and any(t in dotted for t in tokens):
            split = tuple(c for t in tokens for c in (t if t in dotted else (t,)))
            if split not in out:
                out.append(split)
        start = 0
        if LEGAL_FORM not in tokens:
            while start < len(tokens) - 2 and tokens[start] in TITLES:
                start += 1
        rest = tokens[start:]
        form = tuple(t for i, t in enumerate(rest) if i == 0 or t != rest[i - 1])
        if len(form) >= 2 and form[-1] != LEGAL_FORM and _doubled_legal(form[-1]):
            form = form[:-1] if form[-2] == LEGAL_FORM else (*form[:-1], LEGAL_FORM)
        if LEGAL_FORM in form:
            form = tuple(_absorb_garbled_prefix(list(form)))
        if any(_LEET.match(t) for t in form):
            form = tuple(_letters_for_digits(t) for t in form)
        if form not in out:
            out.append(form)
        slipped = tuple(slipped_structural(t) or t for t in form)
        if slipped not in out:
            out.append(slipped)
        split = tuple(part for t in form for part in (slipped_compound(t) or (t,)))
        if split not in out:
            out.append(split)
        compound = _joined_compound(form)
        if compound is not None and compound not in out:
            out.append(compound)
    return tuple(out)


def _joined_compound(tokens: tuple[str, ...]) -> tuple[str, ...] | None:
    """``tokens`` with each Arabic compound "X al-Y" read from Arabic script (consonantal
    words either side of the article, :mod:`.translit`) written as one word without the
    article, as romanisations write it joined ("nwr al dyn" -> "nwrdyn": Noureddine,
    Salahuddin); None when there is none."""
    out: list[str] = []
    i, joined = 0, False
    while i < len(tokens):
        if (i + 2 < len(tokens) and tokens[i + 1] == "al" and consonantal(tokens[i])
                and consonantal(tokens[i + 2])):
            out.append(tokens[i] + tokens[i + 2])
            i, joined = i + 3, True
            continue
        out.append(tokens[i])
        i += 1
    return tuple(out) if joined else None


def _as_seen(text: str) -> list[str]:
    """``text`` as a reader sees it, where that differs from its code points (rule 11).

    The order shown after a right-to-left override, and words drawn in Latin-looking
    Cyrillic, Greek or Armenian letters read as the Latin letters they show
    (:mod:`.look_alike`).
    """
    shown = displayed(text)
    forms = [text] if shown is None else [text, shown]
    out = forms[1:]
    for form in forms:
        looks = latin_look_alike(form)
        if looks is not None:
            out.append(looks)
    return out


def _dotted_initials(text: str) -> frozenset[str]:
    """Return the words written as dotted letters in ``text`` ("A.K." -> "ak"), not legal forms.

    Rule 5 joins them, as it must for "S.A."; a person's initials ("A.K. Ahmad") are
    also read one letter a word.
    """
    if "." not in text:
        return frozenset()
    found = (m.group(0).replace(".", "") for m in _DOTTED.finditer(text.lower()))
    return frozenset(w for w in found if len(w) <= 3 and w not in SINGLE and w not in AMBIGUOUS)


def _finish(words: list[str]) -> tuple[str, ...]:
    tokens = _mark_legal(words)
    out: list[str] = []
    for token in tokens:
        if token == LEGAL_FORM:
            out.append(token)
            continue
        token = _ABD_PREFIX.sub("abd ", structural(token))
        out.extend(structural(t) for t in token.split())
    return tuple(_drop_abd_articles(out))


def _drop_abd_articles(tokens: list[str]) -> list[str]:
    # "abd al rahman": the article belongs to the compound, which "abdul rahman" spells without it
    return [
        t
        for i, t in enumerate(tokens)
        if not (t in _ARTICLES and i > 0 and tokens[i - 1] == "abd" and i + 1 < len(tokens))
    ]


def _unglue(words: list[str]) -> list[str]:
    out = []
    for i, word in enumerate(words):
        match = _GLUED.match(word)
        if match is None and i + 1 < len(words) and words[i + 1].startswith("stock"):
            match = _JOINT_GLUED.match(word)
        if match is None:
            out.append(word)
        else:
            out.extend(part for part in match.groups() if part)
    return out


def _mark_legal(words: list[str]) -> list[str]:
    words = _unglue(words)
    snapped = [_snap(w) for w in words]
    n = len(snapped)
    if n >= 2 and snapped[-1] == words[-1] and snapped[-2] == words[-2]:
        snapped[-1] = _snap(words[-1], LAST_WORD_EDITS)
    # a word of seven letters or more beside a legal word may have two slips ("Closed Joint
    # Stock Complan", "Limmtied Liability Company"), not in its first letter ("Adjoint Stock"
    # stays a name): only a whole phrase is then recognised
    for i, word in enumerate(words):
        if snapped[i] == word and len(word) >= 7 and _beside_legal_word(snapped, i):
            near = _snap(word, LAST_WORD_EDITS)
            snapped[i] = near if near[0] == word[0] else word
    out: list[str] = []
    i = 0
    while i < n:
        length = _phrase_at(snapped, i)
        word = snapped[i]
        if length == 0 and (
            word in SINGLE or (word in AMBIGUOUS and n >= 2 and _at_edge(words, i))
        ):
            length = 1
        if length:
            if not out or out[-1] != LEGAL_FORM:
                out.append(LEGAL_FORM)
            i += length
        else:
            out.append(words[i])
            i += 1
    return _absorb_garbled_suffix(out)


def _beside_legal_word(snapped: list[str], i: int) -> bool:
    return (i > 0 and snapped[i - 1] in _LEGAL_WORD_SET) or (
        i + 1 < len(snapped) and snapped[i + 1] in _LEGAL_WORD_SET
    )


def _absorb_garbled_suffix(tokens: list[str]) -> list[str]:
    # A legal suffix typed with a slip leaves letters around its last recognised part
    # ("S.A. E C.V.", "S.A. DE CC.V."): short words next to a final legal form belong to it.
    if LEGAL_FORM not in tokens or len(tokens) < 2:
        return tokens
    last = len(tokens) - 1 - tokens[::-1].index(LEGAL_FORM)
    if not all(len(t) <= 2 and t.isalpha() for t in tokens[last + 1 :]):
        return tokens
    start = last
    while start > 0 and tokens[start - 1] in _SUFFIX_PARTS:
        start -= 1
    if start == 0:  # nothing but the legal form before: the short words are the name
        return tokens
    return [*tokens[:start], LEGAL_FORM]


def _absorb_garbled_prefix(tokens: list[str]) -> list[str]:
    # "S.aa. DE C.V." leaves "s aa" before the legal form: short words that, written together,
    # are one slip from a short legal word ("saa" / "sa") belong to it, when a name remains
    if tokens[-1] != LEGAL_FORM:
        return tokens
    start = len(tokens) - 1
    while start > 1 and len(tokens[start - 1]) <= 2 and tokens[start - 1].isalpha():
        start -= 1
    if start == len(tokens) - 1 or start == 0:
        return tokens
    joined = "".join(tokens[start:-1])
    if len(joined) < 3:
        return tokens
    near = process.extractOne(joined, _SHORT_LEGAL, scorer=OSA.distance, score_cutoff=1)
    return tokens if near is None else [*tokens[:start], LEGAL_FORM]


def _at_edge(words: list[str], i: int) -> bool:
    # the last word (the first for forms written first: "PT"), or only legal words after it
    # ("NORD STREAM 2 AG Joint Stock Company")
    rest = words[i + 1 :]
    if i == len(words) - 1 or (i == 0 and words[0] in LEADING):
        return True
    if rest[0] in _SUFFIX_PARTS and all(len(w) <= 2 and w.isalpha() for w in rest):
        return True  # a garbled suffix after it ("S.A. DE CC.V.")
    return _mark_legal(rest) == [LEGAL_FORM]


def _phrase_at(words: list[str], start: int) -> int:
    if words[start] not in _PHRASE_HEADS:
        return 0
    for length in range(min(_MAX_PHRASE, len(words) - start), 1, -1):
        if tuple(words[start : start + length]) in _PHRASE_SET:
            return length
    return 0


@lru_cache(maxsize=65536)
def _snap(word: str, short_limit: int = 1) -> str:
    if len(word) < 4 or word in SINGLE or word in NEVER_SNAPPED:
        return word
    # edits, a swap of two letters counting as one; a name's last word of seven letters or
    # more may have two ("Day Compatt"), since legal forms come last
    limit = 2 if len(word) >= 9 or (len(word) >= 7 and short_limit == 2) else 1
    best = process.extractOne(word, LEGAL_WORDS, scorer=OSA.distance, score_cutoff=limit)
    return word if best is None else str(best[0])


@lru_cache(maxsize=4096)
def _unread_letter(char: str) -> str | None:
    """The script of a letter no hand table reads (``"CJK"``, ``"HANGUL"``), else None.

    Such letters are romanised by :mod:`.translit`'s fallback, a reading too rough to call the
    name fully screened.
    """
    if not unicodedata.category(char).startswith("L") or has_table(char):
        return None
    return unicodedata.name(char, "UNKNOWN").split()[0]


def unread_scripts(text: str) -> tuple[str, ...]:
    """Return the scripts of the letters of ``text`` no hand table reads, in order seen.

    A letter with no transliteration table (Han, Hangul, Thai, Devanagari, ...) is read only
    by the rough fallback, so a name written in such a script that matches nothing may still
    be a listed one spelt otherwise: callers treat a non-empty answer as a name not fully
    screened.

    >>> unread_scripts("Tornado Cash"), unread_scripts("Ñandú 习近平")
    ((), ('CJK',))
    """
    if text.isascii():  # every ASCII letter has a table
        return ()
    return tuple(dict.fromkeys(s for s in map(_unread_letter, text) if s is not None))
