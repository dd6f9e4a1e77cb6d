"""A query that holds a whole listed name among other words ("Tornado Cash DAO").

A front or a subsidiary often takes a listed name and adds a word or two. The two-way coverage
score (:mod:`.matcher`) marks such a query down, rightly for a common name: "Bank" or a surname
inside a longer name says little. A distinctive name is different. A listed name counts as
contained when:

- it is not a person's (a person's name with words added is often another person's, and
  added middle names are scored by the matcher already);
- every listed token except legal forms and particles is aligned with a query token at least
  :data:`CONTAINED_SIMILARITY` alike, and at least two of them are distinctive: used by at most
  :data:`DISTINCTIVE_NAMES` listed names, so rare in the lists;
- the query holds them in the listed order as one phrase: between the first and the last there
  are only the name's own tokens, particles and legal forms.

The ``contains_listed_name`` feature (:mod:`.features`) then weighs the share of the query
outside the name. Candidate search also keeps up to :data:`CONTAINED_CANDIDATES` names that the
query may contain however small a part of it they are.
"""

from __future__ import annotations

import math
from heapq import nlargest
from operator import itemgetter

from pricing_engine.screening.index import NameIndex
from pricing_engine.screening.legal_forms import LEGAL_FORM
from pricing_engine.screening.name_variants import PARTICLES

__all__ = ["CONTAINED_CANDIDATES", "CONTAINED_SIMILARITY", "DISTINCTIVE_NAMES", "Containment"]

#: A listed token is distinctive when at most this many listed names use it (its weight is at
#: least ``log(names / DISTINCTIVE_NAMES)``); a contained name needs two distinctive tokens.
DISTINCTIVE_NAMES = 50
#: Least similarity of each listed token to its query token in a contained name.
CONTAINED_SIMILARITY = 0.88
#: Names kept only because the query may contain them whole, per window of the query, on top of
#: the matcher's ``max_candidates``.
CONTAINED_CANDIDATES = 10


class Containment:
    """Decide, for one index, which listed names a query may hold and which it does hold."""

    __slots__ = ("_required", "distinctive", "index", "least")

    def __init__(self, index: NameIndex) -> None:
        self.index = index
        #: the least weight of a distinctive token (weights are log(names / names using it))
        self.distinctive = index.unknown_weight - math.log(DISTINCTIVE_NAMES)
        #: the least weight a query must explain of a name it contains: two distinctive tokens
        self.least = 2 * self.distinctive * CONTAINED_SIMILARITY
        # per listed name seen so far: its required positions and their weight, or None when
        # it cannot be contained (at most one entry per listed name)
        self._required: dict[int, tuple[tuple[int, ...], float] | None] = {}

    def required(self, name_id: int) -> tuple[tuple[int, ...], float] | None:
        """Return the positions a query must hold of listed name ``name_id`` and their weight.

        None when the name cannot count as contained: a person's, or fewer than two
        distinctive tokens.
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
        found: tuple[tuple[int, ...], float] | None = None
        distinctive = sum(weights[ctoks[j]] >= self.distinctive for j in positions)
        if not index.name_person[name_id] and distinctive >= 2:
            found = positions, sum(weights[ctoks[j]] for j in positions)
        self._required[name_id] = found
        return found

    def candidates(self, found: dict[int, float], chosen: set[int]) -> list[int]:
        """Return names not in ``chosen`` that the query may hold whole.

        ``found`` maps name ids to the weight of the query tokens found in them. A name
        qualifies when that weight is nearly its own tokens' (legal forms and particles aside)
        and at least that of two distinctive tokens.
        """
        least = self.least
        kept = []
        for n, v in found.items():
            if v >= least and n not in chosen:
                required = self.required(n)
                if required is not None and v >= CONTAINED_SIMILARITY * required[1]:
                    kept.append((n, v))
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
        required, _ = found
        width = len(self.index.name_tokens[name_id])
        at: dict[int, int] = {}  # listed position -> first query position aligned with it
        qused = 0
        for s, qbits, cbits in chosen:
            qused |= qbits
            if s >= CONTAINED_SIMILARITY:
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
