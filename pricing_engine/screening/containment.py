"""A query that holds a whole listed name among other words ("Tornado Cash DAO").

A front or a subsidiary often takes a listed name and adds a word or two. The two-way coverage
score (:mod:`.matcher`) marks such a query down, rightly for a common name: "Bank" or a surname
inside a longer name says little. A distinctive name is different. A listed name counts as
contained when:

- it is not a person's (a person's name with words added is often another person's, and
  added middle names are scored by the matcher already);
- every listed token except legal forms and particles is aligned with a query token at least
  :data:`CONTAINED_SIMILARITY` alike, and at least two of them are distinctive: used by at most
  :data:`DISTINCTIVE_NAMES` listed names, so rare in the lists; or, for an organisation (not
  a vessel or an aircraft, whose names are mostly ordinary words: "HORIZON", "AMBER"), one is,
  a word of letters at least :data:`SOLE_WORD_LENGTH` long written as listed (at least
  :data:`SOLE_WORD_SIMILARITY` alike: "Ember" is not "AMBER") ("ROSNEFT", "MAHAN AIR",
  "AL-SHABAAB", "KAMAZ PJSC"), and the other tokens are common words, particles or legal forms;
- the query holds them in the listed order as one phrase: between the first and the last there
  are only the name's own tokens, particles and legal forms.

The ``contains_listed_name`` feature (:mod:`.features`) then weighs the share of the query
outside the name. A name contained by its sole distinctive word is weaker evidence (a rare word
in the lists may be a common one elsewhere: "ELITE", "FOCUS COMPANY SARL"), so the matcher lets
that feature lift its score to :data:`SOLE_WORD_CEILING` at most: a review, not a hit, at the
default thresholds. Short words are left out ("AL NOOR" must not flag every "Al Noor Bakery"):
under five letters a rare listed word is too often a common word, a name part or an acronym
of something else. Candidate search also keeps up to :data:`CONTAINED_CANDIDATES` names that
the query may contain however small a part of it they are.
"""

from __future__ import annotations

import math
from heapq import nlargest
from operator import itemgetter

from pricing_engine.screening.index import NameIndex
from pricing_engine.screening.legal_forms import LEGAL_FORM
from pricing_engine.screening.name_variants import PARTICLES

__all__ = [
    "CONTAINED_CANDIDATES",
    "CONTAINED_SIMILARITY",
    "DISTINCTIVE_NAMES",
    "SOLE_WORD_CEILING",
    "SOLE_WORD_LENGTH",
    "SOLE_WORD_SIMILARITY",
    "Containment",
]

#: A listed token is distinctive when at most this many listed names use it (its weight is at
#: least ``log(names / DISTINCTIVE_NAMES)``); a contained name needs two distinctive tokens,
#: or one of letters only at least :data:`SOLE_WORD_LENGTH` long.
DISTINCTIVE_NAMES = 50
#: Fewest letters of the one distinctive word of a name contained by that word alone.
SOLE_WORD_LENGTH = 5
#: Least similarity of that word to its query word (a spelling the variant table knows, 0.96,
#: passes; a slip, 0.92 at most, does not: a slip and other words are two doubts).
SOLE_WORD_SIMILARITY = 0.95
#: Highest score (name score and the contained name's share) of a name contained by its sole
#: distinctive word: a review at the default thresholds, never a hit.
SOLE_WORD_CEILING = 0.88
#: Least similarity of each listed token to its query token in a contained name.
CONTAINED_SIMILARITY = 0.88
#: Names kept only because the query may contain them whole, per window of the query, on top of
#: the matcher's ``max_candidates``.
CONTAINED_CANDIDATES = 10

#: Per listed name: the positions a query must hold, their weight, and the position of its one
#: distinctive word when it has only one (see :data:`SOLE_WORD_CEILING`), else -1.
Required = tuple[tuple[int, ...], float, int]
#: A name's entry in Containment._need before the name is first met (below any weight).
_UNKNOWN = -1.0


class Containment:
    """Decide, for one index, which listed names a query may hold and which it does hold."""

    __slots__ = ("_need", "_required", "distinctive", "index", "least")

    def __init__(self, index: NameIndex) -> None:
        self.index = index
        #: the least weight of a distinctive token (weights are log(names / names using it))
        self.distinctive = index.unknown_weight - math.log(DISTINCTIVE_NAMES)
        #: the least weight a query must explain of a name it contains: one distinctive token
        self.least = self.distinctive * CONTAINED_SIMILARITY
        # per listed name seen so far: its required positions, their weight and whether it
        # has one distinctive word only, or None when it cannot be contained (at most one
        # entry per listed name)
        self._required: dict[int, Required | None] = {}
        # per listed name: the weight a query must share with it to be able to hold it whole
        # (CONTAINED_SIMILARITY times its required weight; inf: it cannot be contained), or
        # _UNKNOWN until :meth:`candidates` first meets the name
        self._need = [_UNKNOWN] * len(index.name_tokens)

    def required(self, name_id: int) -> Required | None:
        """Return the positions a query must hold of listed name ``name_id``, their weight and
        the position of its one distinctive word (-1 when it has two or more).

        None when the name cannot count as contained: a person's, or one with no distinctive
        token, or with one only that is short or not all letters or names a vessel or aircraft.
        """
        if name_id in self._required:
            return self._required[name_id]
        index = self.index
        vocab, weights = index.vocab, index.weights
        ctoks = index.name_tokens[name_id]
        positions = tuple(
            j
            for j, vid in enumerate(ctoks)
            if vocab[vid] != LEGAL_FORM and vocab[vid] not in PARTICLES
        )
        found: Required | None = None
        rare = [j for j in positions if weights[ctoks[j]] >= self.distinctive]
        weight = sum(weights[ctoks[j]] for j in positions)
        if not index.name_person[name_id]:
            if len(rare) >= 2:
                found = positions, weight, -1
            elif rare and self._sole_word(name_id, vocab[ctoks[rare[0]]]):
                found = positions, weight, rare[0]
        self._required[name_id] = found
        return found

    def _sole_word(self, name_id: int, word: str) -> bool:
        kind = self.index.entities[self.index.name_entity[name_id]][2]
        return kind == "entity" and len(word) >= SOLE_WORD_LENGTH and word.isalpha()

    def sole_word(self, name_id: int) -> bool:
        """Return whether listed name ``name_id`` is contained by its one distinctive word."""
        found = self.required(name_id)
        return found is not None and found[2] >= 0

    def candidates(self, found: dict[int, float], chosen: set[int]) -> list[int]:
        """Return names not in ``chosen`` that the query may hold whole.

        ``found`` maps name ids to the weight of the query tokens found in them. A name
        qualifies when that weight is nearly its own tokens' (legal forms and particles aside)
        and at least that of a distinctive token.
        """
        least, need = self.least, self._need
        # one pass in a comprehension: a name not met before passes its _UNKNOWN need and is
        # settled below (each name once per matcher)
        kept = [(n, v) for n, v in found.items() if v >= least and v >= need[n]]
        unknown = [n for n, _ in kept if need[n] == _UNKNOWN]
        if unknown:
            for n in unknown:
                required = self.required(n)
                need[n] = math.inf if required is None else CONTAINED_SIMILARITY * required[1]
            kept = [(n, v) for n, v in kept if v >= need[n]]
        kept = [(n, v) for n, v in kept if n not in chosen]
        return [n for n, _ in nlargest(CONTAINED_CANDIDATES, kept, key=itemgetter(1))]

    def contains(
        self, q: tuple[str, ...], name_id: int, chosen: list[tuple[float, int, int]]
    ) -> bool:
        """Return whether the query ``q`` holds listed name ``name_id`` whole (see above).

        ``chosen`` is the alignment: (similarity, query position bits, listed position bits).
        """
        found = self.required(name_id)
        if found is None:
            return False
        required, _, sole = found
        width = len(self.index.name_tokens[name_id])
        at: dict[int, int] = {}  # listed position -> first query position aligned with it
        qused = 0
        # the one distinctive word of a name must be written as listed
        strict = 1 << sole if sole >= 0 else 0
        for s, qbits, cbits in chosen:
            qused |= qbits
            if s >= CONTAINED_SIMILARITY and (s >= SOLE_WORD_SIMILARITY or not cbits & strict):
                first = (qbits & -qbits).bit_length() - 1
                at.update((j, first) for j in range(width) if cbits >> j & 1)
        if any(j not in at for j in required):
            return False
        positions = [at[j] for j in required]
        if positions != sorted(positions):
            return False
        return all(
            qused >> i & 1 or q[i] == LEGAL_FORM or q[i] in PARTICLES
            for i in range(positions[0], positions[-1])
        )
