"""The name index: every listed name as canonical tokens, with blocking keys and token weights.

A query must be compared with a few candidate names, not with all of them. The index maps
blocking keys to the vocabulary (the distinct tokens of every listed name):

- the token itself and each of its one-letter deletions, so one typo on either side still meets
  ("rodriguez" and "roriguez" share "roriguez");
- ``#`` + its consonant skeleton (:func:`.name_variants.skeleton`), for transliteration;
- ``=`` + its canonical spelling (:func:`.name_variants.canonical`): Mohamed finds Muhammad;
- adjacent tokens joined ("abu bakr" is also found as "abubakr"), in :attr:`NameIndex.joins`.

A query word that is itself a listed token needs no key at all: the index holds, per vocabulary
token, the other tokens its keys meet and how alike they are (:func:`similar_tokens`, worked out
once when the index is built), in :attr:`NameIndex.neighbours`.

Each vocabulary token has a weight, its inverse document frequency over all listed names, so that
generic words (bank, trading, al, bin) count little and rare ones much. Everything here is plain
tuples, dicts and lists: the disk cache stores them as strings and numbers
(:mod:`.index_format`, never pickle), and worker processes share or receive them.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable

from pricing_engine.screening.legal_forms import LEGAL_FORM
from pricing_engine.screening.model import Entity, SanctionsList
from pricing_engine.screening.name_variants import (
    CANONICAL_FORMS,
    PARTICLES,
    canonical,
    skeleton,
)
from pricing_engine.screening.normalize import normalize_name
from pricing_engine.screening.packed_names import name_parts
from pricing_engine.screening.similarity import token_similarities

__all__ = [
    "EntityRecord",
    "NameIndex",
    "build_index",
    "deletions",
    "identifier_key",
    "middle_mask",
    "name_identifiers",
    "similar_tokens",
    "split_listed",
]

#: Longest word :func:`split_listed` tries (the work stays linear in a spelt-out word's length).
_LONGEST_PIECE = 32
#: Weights of tokens that identify little whatever their frequency.
LEGAL_FORM_WEIGHT = 0.25
PARTICLE_WEIGHT = 0.3
INITIAL_WEIGHT = 0.3


def _words(text: str) -> list[str]:
    return text.split()


_TITLES = frozenset(
    _words(
        """
        dr mr mrs ms prof sheikh shaykh haji hajji mullah maulana sayyed
        """
    )
)
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_ID_PREFIX = re.compile(r"^(?:IMO|MMSI|NO|NR)(?=\d)")
#: An identifier written into a name: a number after IMO / MMSI / passport / No., or a word of
#: seven characters or more with five digits or more ("A12345678").
_NAME_ID = re.compile(
    r"(?i)\b(?:imo|mmsi|passport|no|nr)\b[\s.:#-]*(\w+)|\b([a-z0-9]{7,})\b"
)

#: Per entity: list id, entry id, kind, primary name, countries, birth years, programs.
EntityRecord = tuple[str, str, str, str, tuple[str, ...], tuple[int, ...], tuple[str, ...]]


class NameIndex:
    """Listed names as token ids, blocking keys to vocabulary ids, and token weights."""

    __slots__ = (
        "entities",
        "identifiers",
        "joins",
        "keys",
        "name_entity",
        "name_middle",
        "name_person",
        "name_text",
        "name_tokens",
        "name_weak",
        "neighbour_similarity",
        "neighbours",
        "postings",
        "unknown_weight",
        "vocab",
        "vocab_id",
        "weights",
    )

    def __init__(self) -> None:
        self.entities: list[EntityRecord] = []
        self.name_entity: list[int] = []
        self.name_middle: list[int] = []
        self.name_person: list[bool] = []
        self.name_text: list[str] = []
        self.name_tokens: list[tuple[int, ...]] = []
        self.name_weak: list[bool] = []
        self.vocab: list[str] = []
        self.vocab_id: dict[str, int] = {}
        self.weights: list[float] = []
        self.postings: list[tuple[int, ...]] = []
        self.keys: dict[str, tuple[int, ...]] = {}
        #: per vocabulary token, the other tokens :func:`similar_tokens` finds, and how alike
        self.neighbours: list[tuple[int, ...]] = []
        self.neighbour_similarity: list[tuple[float, ...]] = []
        self.joins: dict[str, tuple[tuple[int, int], ...]] = {}
        self.identifiers: dict[str, tuple[int, ...]] = {}
        self.unknown_weight = 1.0

    def __getstate__(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value)

    def known_weight(self, token: str) -> float | None:
        """Return the weight of a listed token, or None for a token no listed name uses."""
        vid = self.vocab_id.get(token)
        if vid is not None:
            return self.weights[vid]
        weight = fixed_weight(token, self.unknown_weight)
        return weight if weight < self.unknown_weight else None

    def token_weight(self, token: str) -> float:
        """Return the weight of a token: its IDF if listed, else that of a rare token."""
        vid = self.vocab_id.get(token)
        return self.weights[vid] if vid is not None else fixed_weight(token, self.unknown_weight)


def fixed_weight(token: str, idf: float) -> float:
    """Return the weight of ``token`` from its IDF, lowered for legal forms, particles, initials."""
    if token == LEGAL_FORM:
        return LEGAL_FORM_WEIGHT
    if token in PARTICLES or token in _TITLES:
        return min(idf, PARTICLE_WEIGHT)
    if len(token) == 1:
        return min(idf, INITIAL_WEIGHT)
    return idf


def deletions(token: str) -> list[str]:
    """Return the token and its one-letter deletions (none for tokens under four letters)."""
    if len(token) < 4:
        return [token]
    return [token, *{token[:i] + token[i + 1 :] for i in range(len(token))}]


def similar_tokens(index: NameIndex, token: str, keys: Iterable[str]) -> dict[int, float]:
    """Return the listed tokens that share a blocking key with ``token``, and how alike they are.

    ``keys`` are the deletion keys ``token`` is looked up by; its consonant skeleton and its
    canonical spelling are looked up as well. The token itself (when listed) and tokens not
    alike at all are left out. The ids come in one order whatever the order of ``keys``: that
    of a set filled in ascending order.
    """
    get = index.keys.get
    found: set[int] = set()
    found.update(*filter(None, map(get, keys)))
    skel = skeleton(token)
    if len(skel) >= 3:
        found.update(get("#" + skel, ()))
    found.update(get("=" + canonical(token), ()))
    ordered = set(sorted(found))  # filled in ascending order, one id after the other
    own = index.vocab_id.get(token)
    if own is not None:
        ordered.discard(own)
    listed = list(ordered)
    vocab = index.vocab
    similarities = token_similarities(token, [vocab[vid] for vid in listed])
    return {vid: s for vid, s in zip(listed, similarities, strict=True) if s}


def split_listed(index: NameIndex, word: str) -> tuple[str, ...] | None:
    """Split ``word`` into listed tokens of two letters or more, as few as can be; else None.

    For a name spelt out letter by letter with no wider gap between its words ("K i m J o n g
    U n" reads "kimjongun"): the words are those of the lists, so the split is one a listed name
    may have. Of splits into as many words, the one with the longest words is taken. None
    when ``word`` is itself listed, or no split into two words or more exists.

    >>> index = NameIndex()
    >>> index.vocab_id = {t: i for i, t in enumerate(["kim", "jong", "un", "ju", "ngun"])}
    >>> split_listed(index, "kimjongun")
    ('kim', 'jong', 'un')
    """
    vocab_id, n = index.vocab_id, len(word)
    if word in vocab_id or n < 4:
        return None
    # best[i]: (words, minus the sum of their squared lengths, words) of a split of word[:i]
    best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = (0, 0, ())
    for end in range(2, n + 1):
        for start in range(end - 2, max(end - _LONGEST_PIECE, 0) - 1, -1):
            before = best[start]
            piece = word[start:end]
            if before is not None and piece in vocab_id:
                option = (before[0] + 1, before[1] - len(piece) ** 2, (*before[2], piece))
                current = best[end]
                if current is None or option[:2] < current[:2]:
                    best[end] = option
    found = best[n]
    return found[2] if found is not None and found[0] >= 2 else None


def middle_mask(name: str, tokens: tuple[str, ...]) -> int:
    """Return the bit mask of the positions in ``tokens`` that hold a person's middle names.

    For a name written "SURNAME, Given Middle" (as OFAC lists people) these are the given names
    after the first and, of a surname of two words or more, the last ("SANDOVAL LOPEZ, Pablo
    Roberto": Roberto and Lopez; "MADURO MOROS, Nicolas": Moros), since a second (maternal)
    surname is as often left out as a middle name. For a name written in natural order, every
    token between the first and the last.
    """
    surname, comma, _ = name.partition(",")
    if comma:
        for ending in normalize_name(surname).variants:
            given = len(tokens) - len(ending)
            if ending and given >= 1 and tokens[given:] == ending:
                parts = [j for j in range(given, len(tokens)) if tokens[j] not in PARTICLES]
                second = 1 << parts[-1] if len(parts) >= 2 else 0
                return sum(1 << j for j in range(1, given)) | second
    return sum(1 << j for j in range(1, len(tokens) - 1))


def identifier_key(value: str) -> str:
    """Return an identifier value reduced for exact comparison ("IMO 9187629" -> "9187629")."""
    return _ID_PREFIX.sub("", _NOT_ALNUM.sub("", value.upper()))


def name_identifiers(text: str) -> list[str]:
    """Return the keys of identifiers written into a name, for exact comparison.

    >>> name_identifiers("EBANO (IMO 7406784)"), name_identifiers("Acme Trading 2024")
    (['7406784'], [])
    """
    if not any(map(str.isdigit, text)):
        return []
    keys = [identifier_key(a or b) for a, b in _NAME_ID.findall(text)]
    return [k for k in keys if len(k) >= 5 and sum(c.isdigit() for c in k) >= 5]


def _birth_years(entity: Entity) -> tuple[int, ...]:
    years = {int(d[:4]) for d in entity.dates_of_birth if d[:4].isdigit()}
    return tuple(sorted(years))


def _name_variants(entity: Entity) -> Iterable[tuple[str, bool, tuple[str, ...]]]:
    seen: set[tuple[str, ...]] = set()
    for packed, strength in sorted(entity.names(), key=lambda n: n[1] == "weak"):
        # "Jin Tiesan (金铁三)": each name it packs, and the field as written (pasted from a
        # list, it finds itself)
        for name in dict.fromkeys((*name_parts(packed), packed)):
            for tokens in normalize_name(name).variants:
                if tokens and tokens not in seen:
                    seen.add(tokens)
                    yield name, strength == "weak", tokens


def build_index(lists: Iterable[SanctionsList]) -> NameIndex:
    """Build the index of every name (primary and aliases) of every entry of ``lists``."""
    index = NameIndex()
    df: dict[str, int] = defaultdict(int)
    ids: dict[str, set[int]] = defaultdict(set)
    token_lists: list[tuple[str, ...]] = []
    for lst in lists:
        for entity in lst.entities:
            number = len(index.entities)
            index.entities.append(
                (lst.info.list_id, entity.entry_id, entity.kind, entity.name, entity.countries,
                 _birth_years(entity), entity.programs)
            )  # fmt: skip
            for ident in entity.identifiers:
                key = identifier_key(ident.value)
                if len(key) >= 5 and any(c.isdigit() for c in key):
                    ids[key].add(number)
            for text, weak, tokens in _name_variants(entity):
                index.name_entity.append(number)
                index.name_person.append(entity.kind == "person")
                person = entity.kind == "person"
                index.name_middle.append(middle_mask(text, tokens) if person else 0)
                index.name_text.append(text)
                index.name_weak.append(weak)
                token_lists.append(tokens)
                for token in {canonical(t) for t in tokens}:
                    df[token] += 1
    total = max(len(token_lists), 1)
    index.unknown_weight = math.log(total)
    spellings = sorted({t for tokens in token_lists for t in tokens})
    for token in spellings:  # spelling variants share the frequency of their canonical form
        index.vocab_id[token] = len(index.vocab)
        index.vocab.append(token)
        index.weights.append(fixed_weight(token, math.log(total / df[canonical(token)])))
    _fill_postings(index, token_lists)
    index.identifiers = {k: tuple(sorted(v)) for k, v in ids.items()}
    return index


def _fill_postings(index: NameIndex, token_lists: list[tuple[str, ...]]) -> None:
    postings: list[list[int]] = [[] for _ in index.vocab]
    joins: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for name_id, tokens in enumerate(token_lists):
        token_ids = tuple(index.vocab_id[t] for t in tokens)
        index.name_tokens.append(token_ids)
        for vid in set(token_ids):
            postings[vid].append(name_id)
        for j in range(len(tokens) - 1):
            if LEGAL_FORM not in (tokens[j], tokens[j + 1]):
                joins[tokens[j] + tokens[j + 1]].append((name_id, j))
    index.postings = [tuple(p) for p in postings]
    index.joins = {k: tuple(v) for k, v in joins.items()}
    keys: dict[str, list[int]] = defaultdict(list)
    for vid, token in enumerate(index.vocab):
        if token == LEGAL_FORM or token in PARTICLES:
            continue
        for key in deletions(token):
            keys[key].append(vid)
        skel = skeleton(token)
        if len(skel) >= 3:
            keys["#" + skel].append(vid)
        if canonical(token) != token or token in CANONICAL_FORMS:
            keys["=" + canonical(token)].append(vid)
    index.keys = {k: tuple(v) for k, v in keys.items()}
    for token in index.vocab:
        # what a query word that is this token meets (legal forms, particles and initials are
        # looked up as themselves only)
        if token == LEGAL_FORM or token in PARTICLES or len(token) < 2:
            near = {}
        else:
            near = similar_tokens(index, token, deletions(token))
        index.neighbours.append(tuple(near))
        index.neighbour_similarity.append(tuple(near.values()))
