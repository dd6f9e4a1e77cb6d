"""Name normalisation: from a name as written to the tokens the matcher compares.

Rules, in the order they apply (each has a test in tests/screening/test_normalize.py):

1. camelCase words are split ("AliBADAAS" -> "ali badaas"): joined names typed in a hurry.
2. "LAST, First" becomes "First LAST", unless the part after the comma is a legal form
   ("NARANJO ABAJO, S.A.").
3. Every script is romanised, case is folded and accents are removed (:mod:`.translit`).
4. Dotted abbreviations are joined ("S.A." -> "sa", "G.m.b.H." -> "gmbh"); apostrophes vanish
   ("Esma'ilpur" -> "esmailpur"); any other punctuation separates words.
5. Hyphenated words are split ("Char-White" -> "char white"); a second variant keeps them joined
   ("charwhite"), since writers do both.
6. Arabic compound names take one spelling (:func:`.name_variants.structural`): "Abdul Rahim",
   "Abd al-Rahim" and "Abdulrahim" all become "abd rahim". (Other romanisation variants such
   as Mohammed / Muhammad keep their spelling; the matcher treats them as equal.)
7. Any run of legal-form words becomes the single token :data:`LEGAL_FORM`, after words one or
   two typing errors from a legal word are snapped to it ("Jolnt Stock Company"; two errors in
   words of nine letters or more, or of seven or more at the end of a name: "Day Compatt") and
   legal words glued to a name are cut off ("FlavicFZE", "StarCompany").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from pricing_engine.screening.legal_forms import (
    AMBIGUOUS,
    GLUED,
    LEADING,
    LEGAL_FORM,
    LEGAL_WORDS,
    NEVER_SNAPPED,
    PHRASES,
    SINGLE,
)
from pricing_engine.screening.name_variants import structural
from pricing_engine.screening.translit import to_latin

__all__ = ["LEGAL_FORM", "NormalizedName", "normalize_name", "simple_form"]

_CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][A-Za-z])")
_DOTTED = re.compile(r"\b[a-z](?:\.[a-z]\b)+\.?")
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4\u02bb\u02bc]")
_WORDS = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ABD_PREFIX = re.compile(r"^(?:abdul|abdel|abdal|abdol|abdoul|abdur|abdu)(?=[a-z]{3})(?!l?lah)")
_ARTICLES = frozenset({"al", "el", "ul", "ar", "ur", "an", "as", "ash", "ad", "az"})
_MAX_PHRASE = max(len(p) for p in PHRASES)
_GLUE = "|".join(sorted(GLUED, key=len, reverse=True))
_GLUED = re.compile(rf"^(?:({_GLUE})([a-z]{{3,}})|([a-z]{{3,}}?)({_GLUE}))$")
_PHRASE_SET = frozenset(PHRASES)
#: Edits allowed when snapping the last word of a name of seven or eight letters to a legal word.
LAST_WORD_EDITS = 2
_SUFFIX_PARTS = AMBIGUOUS | {"de", "e", "y", "et", "und", LEGAL_FORM}


@dataclass(frozen=True, slots=True)
class NormalizedName:
    """A name reduced to normalised tokens; ``variants`` are alternative token sequences."""

    text: str
    tokens: tuple[str, ...]
    variants: tuple[tuple[str, ...], ...]
    legal_form: bool


def simple_form(text: str) -> str:
    """Return ``text`` romanised, case-folded, with punctuation as spaces (no other rule)."""
    return " ".join(w.replace("-", " ") for w in simple_form_words(text))


def normalize_name(text: str) -> NormalizedName:
    """Normalise a name for matching (see the module docstring for the rules)."""
    words = simple_form_words(text)
    split = _finish([part for w in words for part in w.split("-")])
    variants = [split]
    if any("-" in w for w in words):
        joined = _finish([w.replace("-", "") for w in words])
        if joined != split:
            variants.append(joined)
    return NormalizedName(
        text=text,
        tokens=split,
        variants=tuple(variants),
        legal_form=LEGAL_FORM in split,
    )


def simple_form_words(text: str) -> list[str]:
    """Return the words of ``text`` after rules 1-4, hyphens kept inside words."""
    folded = _APOSTROPHES.sub("", to_latin(_reorder(_CAMEL.sub(" ", text))))
    folded = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), folded)
    return _WORDS.findall(folded)


def _reorder(text: str) -> str:
    head, comma, tail = text.partition(",")
    if not comma or "," in tail or not tail.strip() or not head.strip():
        return text
    tail_words = _WORDS.findall(_DOTTED.sub(lambda m: m.group(0).replace(".", ""), tail.lower()))
    # the tail is a legal form when it is one after a name ("x" stands for the name)
    if _mark_legal(["x", *tail_words]) == ["x", LEGAL_FORM]:
        return text
    return f"{tail.strip()} {head.strip()}"


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
    for word in words:
        match = _GLUED.match(word)
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
