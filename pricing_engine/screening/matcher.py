"""The matcher's hot loop: blocking, token alignment, two-way weighted coverage.

For one query (its normalised token sequences), :meth:`Matcher.match` finds the listed names
that share a blocking key with a query token, ranks them by the weight of the tokens they share,
aligns the best few token by token and returns, per name, the coverage score and the aligned
token pairs. Only plain tuples and dicts are used here; results become pydantic models later.

Coverage runs both ways: how much of the query the listed name explains and how much of the
listed name the query explains, each weighted by token rarity, so neither a long query that
contains a short listed name ("Emma Daniels" / "EMMA LLC") nor a short query inside a long name
scores high. A query token may also align with two adjacent listed tokens joined, and the
reverse ("Abubakr" / "Abu Bakr").

How alike two tokens are is :mod:`.similarity`'s business. A query that holds the whole of a
distinctive listed name with other words around it ("Tornado Cash DAO") is marked as containing
it, and such names are found however small a part of the query they are (:mod:`.containment`).

Work is bounded whatever the query: a token longer than any listed token plus two letters is
looked up only as itself (no deletion keys can meet), and at most :data:`MAX_TOKENS` query tokens
are aligned at once; a longer query is aligned in overlapping windows (:func:`token_windows`).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from operator import itemgetter
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from pricing_engine.screening.containment import SOLE_WORD_CEILING, Containment
from pricing_engine.screening.features import CONTAINED_NAME_WEIGHT
from pricing_engine.screening.index import (
    INITIAL_WEIGHT,
    NameIndex,
    deletions,
    similar_tokens,
)
from pricing_engine.screening.legal_forms import LEGAL_FORM
from pricing_engine.screening.name_variants import PARTICLES, consonantal
from pricing_engine.screening.similarity import (
    FOLDED_SIMILARITY,
    INITIAL_SIMILARITY,
    doubled_slip,
    short_slip,
    syllable_slip,
    token_similarities,
    token_similarity,
    two_slips,
)

__all__ = ["MAX_TOKENS", "Matcher", "NameHit", "short_slip", "token_similarity", "token_windows"]

#: Query tokens this long are also looked up by their two-letter deletions.
TWO_EDIT_LENGTH = 7
#: Subtracted from a fuzzy (not exact) match between joined and separate tokens.
JOIN_PENALTY = 0.15
#: Posting lists longer than this only add to candidates that rarer tokens found.
COMMON_POSTINGS = 400
#: Candidates whose shared tokens weigh less than this share of the query are not aligned.
PRESCORE_SHARE = 0.45
#: Candidates aligned whatever they share; further ones only when they share at least
#: :data:`ALIGN_SHARE` of the weight the best candidate shares with the query.
ALWAYS_ALIGNED = 10
ALIGN_SHARE = 0.4
#: Jaro-Winkler pre-filter of token pairs the blocking keys did not relate.
PREFILTER = 0.7
#: Share of its weight an unmatched middle name of a listed person keeps.
MIDDLE_NAME_SHARE = 0.35
#: Share of its weight each further unmatched middle name keeps.
FURTHER_MIDDLE_SHARE = 0.1
#: A listed given or middle name (a listed person's first word, names being indexed in natural
#: order, or a middle name) that the query gives only by its initial ("V. Putin" for PUTIN,
#: Vladimir; "A.K. Ahmad") keeps :data:`INITIAL_SHARE` of its weight, all of it explained by
#: the initial, and the listed middle names the query leaves out count for nothing: the name
#: is judged by its other parts, and the rarity of those decides the band (:func:`initial_cap`).
INITIAL_SHARE = 0.1
#: Highest score of a person named by the initial of the listed given name: a review at most,
#: never a hit, since an initial stands for many names.
INITIAL_CEILING = 0.88
#: How alike a part named in full must be to count towards :func:`initial_cap`: the weight
#: counts in full for an equal spelling, not at all at this similarity, in proportion between
#: (an initial and a surname that is only like a listed one are two doubts, not one).
NAMED_FLOOR = 0.8
#: Share of the weight of a word no list uses that the parts named in full must reach for
#: :data:`INITIAL_CEILING`; below it the ceiling falls in proportion ("S. Kim": Kim is common).
INITIAL_RARE_SHARE = 0.8
#: Subtracted from the similarity of a query word of at most :data:`KNOWN_WORD_LENGTH` letters
#: that is itself a listed word to another listed word of its length, unless they are spellings
#: of one name: a real word spelt right ("Delta") is seldom a slip for another ("Dolta").
KNOWN_WORD_PENALTY = 0.1
KNOWN_WORD_LENGTH = 6
#: Share of the middle-name discount given to names a query adds to a listed person's.
EXTRA_NAME_SHARE = 1.0
#: Share of the two-way coverage given to the weaker direction.
MIN_SHARE = 0.7
#: Joined pairs of query tokens at least this long are looked up only when their first or last
#: :data:`EDGE` letters begin or end a listed token of that length or more.
JOINED_FILTER_LENGTH = 2 * 4
EDGE = 4
#: Most query words whose lookups a matcher keeps (names in a batch share most words).
LOOKUP_CACHE = 20_000
#: Taken off the coverage a candidate must be able to reach, against rounding.
_MARGIN = 1e-9
#: Most query tokens aligned at once; a longer query is aligned in windows of this many tokens,
#: each starting half a window after the last, so any run of up to half as many tokens (every
#: listed name but a few of over 32 words) lies whole in one window.
MAX_TOKENS = 64

#: (name id, coverage score, aligned pairs as (query token, listed token, similarity), share of
#: the query outside a distinctive listed name it contains whole, or 0)
NameHit = tuple[int, float, tuple[tuple[str, str, float], ...], float]


def token_windows(count: int) -> list[tuple[int, int]]:
    """Return the (start, stop) spans of a query of ``count`` tokens that are aligned at once.

    >>> token_windows(5)
    [(0, 5)]
    >>> token_windows(150)
    [(0, 64), (32, 96), (64, 128), (86, 150)]
    """
    if count <= MAX_TOKENS:
        return [(0, count)]
    step = MAX_TOKENS // 2
    starts = [*range(0, count - MAX_TOKENS, step), count - MAX_TOKENS]
    return [(start, start + MAX_TOKENS) for start in starts]


def _has_doubled(token: str) -> bool:
    return any(a == b for a, b in pairwise(token))


def _rank(hit: NameHit) -> float:
    return hit[1] + CONTAINED_NAME_WEIGHT * hit[3]


def _query_keys(token: str) -> list[str] | set[str]:
    """Return the deletion keys a query token is looked up by.

    The index holds each listed token and its one-letter deletions; a query token of
    :data:`TWO_EDIT_LENGTH` letters or more is also looked up by its two-letter deletions, so two
    typos in a long word (two letters added, or one added and one changed or swapped) still
    meet the listed word. (The matcher does this only for words no listed name uses.)
    """
    n = len(token)
    if n < TWO_EDIT_LENGTH:
        return deletions(token)
    # j == i gives the one-letter deletions, j > i the two-letter ones
    keys = {token[:i] + token[i + 1 : j] + token[j + 1 :] for i in range(n) for j in range(i, n)}
    keys.add(token)
    return keys


def _closest_first(
    ranked: list[tuple[int, float]],
    cut: int,
    words: frozenset[int],
    length: int,
    name_tokens: list[tuple[int, ...]],
) -> None:
    """Reorder, in place, the names tied at rank ``cut``: names of the query's ``words`` only
    first, then by how near their token count is to ``length`` (stable: otherwise in the order
    found)."""
    tie = ranked[cut - 1][1]
    start = cut - 1
    while start > 0 and ranked[start - 1][1] == tie:
        start -= 1
    end = cut
    while end < len(ranked) and ranked[end][1] == tie:
        end += 1
    ranked[start:end] = sorted(
        ranked[start:end],
        key=lambda hit: (
            not words.issuperset(name_tokens[hit[0]]),
            abs(len(name_tokens[hit[0]]) - length),
        ),
    )


def initial_cap(named_weight: float, rare_weight: float) -> float:
    """Return the highest score of a name whose given name the query gives as an initial.

    ``named_weight`` is the weight of the listed parts the query names in full (the surname);
    ``rare_weight`` that of a word no list uses. A rare surname ("V. Usatyuk") may reach
    :data:`INITIAL_CEILING`, a review; a common one ("S. Kim") proportionally less.

    >>> initial_cap(10.0, 10.0), round(initial_cap(4.0, 10.0), 2)
    (0.88, 0.44)
    """
    return INITIAL_CEILING * min(1.0, named_weight / (INITIAL_RARE_SHARE * rare_weight))


def _dropped_middle_discount(dropped: list[float]) -> float:
    """Return how much less the listed middle names a query leaves out weigh than they are.

    People are often named by first name and surname alone ("Nayif GHALIB" for "GHALIB, Nayif
    Shindakh Thamir"): the heaviest dropped middle name keeps :data:`MIDDLE_NAME_SHARE` of its
    weight and each further one :data:`FURTHER_MIDDLE_SHARE`, so leaving out two or three middle
    names costs little more than leaving out one.
    """
    if not dropped:
        return 0.0
    heaviest = max(dropped)
    rest = sum(dropped) - heaviest
    return (1 - MIDDLE_NAME_SHARE) * heaviest + (1 - FURTHER_MIDDLE_SHARE) * rest


class _Limit(NamedTuple):
    """The rank a hit must reach to be returned, and entities aligned whatever they reach."""

    floor: float
    keep: frozenset[int]


class _Window(NamedTuple):
    """A stretch of the query's tokens, as the matcher's steps pass it on.

    ``qweights``: each token's weight (None: no list uses it); ``sims``: per token, listed
    token id -> similarity; ``joined``: the same for each pair of neighbours written as one word;
    ``joined_by_vid``: ``joined`` inverted, listed token id -> (first position, similarity).
    """

    q: tuple[str, ...]
    qweights: list[float | None]
    sims: list[dict[int, float]]
    joined: list[dict[int, float]]
    joined_by_vid: dict[int, list[tuple[int, float]]]


def related_pairs(per_position: list[dict[int, float]]) -> dict[int, list[tuple[int, float]]]:
    """Invert per-position similarities: listed token id -> (position, similarity) if not 0."""
    out: dict[int, list[tuple[int, float]]] = {}
    for i, found in enumerate(per_position):
        for vid, s in found.items():
            if s:
                out.setdefault(vid, []).append((i, s))
    return out


class Matcher:
    """Screen token sequences against a :class:`NameIndex`."""

    __slots__ = (
        "containment", "heads", "index", "longest", "lookups", "max_candidates", "tails", "totals",
    )  # fmt: skip

    def __init__(self, index: NameIndex, *, max_candidates: int = 40) -> None:
        self.index = index
        self.max_candidates = max_candidates
        #: longer query tokens meet no listed one through deletion keys
        self.longest = max(map(len, index.vocab), default=0) + 2
        self.containment = Containment(index)
        #: per listed name aligned so far, the sum of its token weights (at most one per name)
        self.totals: dict[int, float] = {}
        #: recent query words (and joined pairs, keyed with a leading space) -> lookup result;
        #: emptied when it holds :data:`LOOKUP_CACHE` words, so it never grows past that
        self.lookups: dict[str, dict[int, float]] = {}
        #: first and last :data:`EDGE` letters of the listed tokens (see :meth:`_lookup_joined`)
        self.heads = frozenset(t[:EDGE] for t in index.vocab if len(t) >= JOINED_FILTER_LENGTH)
        self.tails = frozenset(t[-EDGE:] for t in index.vocab if len(t) >= JOINED_FILTER_LENGTH)

    def forget(self) -> None:
        """Forget the query words looked up so far (a benchmark's pass then starts afresh)."""
        self.lookups.clear()

    def match(
        self,
        variants: tuple[tuple[str, ...], ...],
        kind: str | None = None,
        *,
        floor: float = 0.0,
        keep: frozenset[int] = frozenset(),
        people: tuple[tuple[str, ...], ...] = (),
    ) -> dict[int, NameHit]:
        """Return the best hit per listed name over the query's token-sequence variants.

        With a ``floor``, a candidate that cannot reach it (its rank: the coverage score plus
        :data:`CONTAINED_NAME_WEIGHT` times the share outside a contained name) is not aligned,
        so its hit, which would rank below the floor, is missing; names of the entities in
        ``keep`` (by entity number) are aligned whatever their bound. ``people`` are further
        readings compared with listed people only (a query without its generational suffix:
        :mod:`.suffixes`).
        """
        best: dict[int, NameHit] = {}
        looked_up: dict[str, dict[int, float]] = {}  # the variants share most of their words
        limit = _Limit(floor, keep)
        readings = [(tokens, kind) for tokens in variants]
        if kind != "entity":
            readings += [(tokens, "person") for tokens in people]
        for tokens, reading_kind in readings:
            for hit in self._match_tokens(tokens, reading_kind, looked_up, limit):
                old = best.get(hit[0])
                if old is None or _rank(hit) > _rank(old):
                    best[hit[0]] = hit
        return best

    def _remembered(
        self, key: str, lookup: Callable[[str], dict[int, float]]
    ) -> dict[int, float]:
        """Return ``lookup(key.lstrip())``, from :attr:`lookups` when it was asked before.

        The result is shared: callers copy it before they add to it.
        """
        found = self.lookups.get(key)
        if found is None:
            if len(self.lookups) >= LOOKUP_CACHE:
                self.lookups.clear()
            found = self.lookups[key] = lookup(key.lstrip())
        return found

    def _lookup_joined(self, token: str) -> dict[int, float]:
        """Return what :meth:`_lookup` does for two neighbouring query tokens written as one.

        Such a word is almost never a listed one, and the deletion keys of an unlisted word are
        the costly path. A listed word one slip away from it keeps its first or last
        :data:`EDGE` letters (one slip cannot touch both ends of a word of
        :data:`JOINED_FILTER_LENGTH` letters or more), so a pair that begins no listed word and
        ends none is not looked up; one that is gets one-letter deletions only (the missing
        space is already a slip).
        """
        index = self.index
        vid = index.vocab_id.get(token)
        if vid is not None:
            return self._lookup(token)
        if len(token) >= JOINED_FILTER_LENGTH and (
            token[:EDGE] not in self.heads and token[-EDGE:] not in self.tails
        ):
            return {}
        return self._lookup(token, deletions(token))

    def _lookup(
        self, token: str, query_keys: list[str] | set[str] | None = None
    ) -> dict[int, float]:
        """Return vocabulary ids sharing a blocking key with ``token`` and their similarity.

        A listed token's are in the index already (:func:`.index.similar_tokens`).
        """
        index = self.index
        vid = index.vocab_id.get(token)
        if vid is not None:
            found = {vid: 1.0}
            found.update(zip(index.neighbours[vid], index.neighbour_similarity[vid], strict=True))
            return found
        if token == LEGAL_FORM or token in PARTICLES or not 2 <= len(token) <= self.longest:
            return {}
        if query_keys is None:
            query_keys = _query_keys(token)
        return similar_tokens(index, token, query_keys)

    def _match_tokens(
        self,
        q: tuple[str, ...],
        kind: str | None,
        looked_up: dict[str, dict[int, float]],
        limit: _Limit,
    ) -> list[NameHit]:
        qweights = [self.index.known_weight(t) for t in q]
        for t in q:
            if t not in looked_up:
                looked_up[t] = self._remembered(t, self._lookup)
        # a copy per sequence (the alignment adds to it); a word written twice shares one
        found = {t: dict(looked_up[t]) for t in set(q)}
        sims = [found[t] for t in q]
        joined: list[dict[int, float]] = [
            self._remembered(" " + q[i] + q[i + 1], self._lookup_joined)
            if LEGAL_FORM not in (q[i], q[i + 1])
            else {}
            for i in range(len(q) - 1)
        ]
        hits: list[NameHit] = []
        seen: set[tuple[str, ...]] = set()
        for start, stop in token_windows(len(q)):
            if q[start:stop] not in seen:  # a repeated stretch of words matches the same
                seen.add(q[start:stop])
                pairs = joined[start : stop - 1]
                window = _Window(
                    q[start:stop], qweights[start:stop], sims[start:stop], pairs,
                    related_pairs(pairs),
                )  # fmt: skip
                hits += self._match_window(window, kind, limit)
        return hits

    def _match_window(self, window: _Window, kind: str | None, limit: _Limit) -> list[NameHit]:
        index, q = self.index, window.q
        listed_joins: dict[int, list[tuple[int, int]]] = {}
        for i, t in enumerate(q):
            for name_id, j in index.joins.get(t, ()):
                listed_joins.setdefault(name_id, []).append((i, j))
        candidates = self._candidates(window, listed_joins, kind)
        related = self._fill_similarities(q, window.sims, candidates)
        # a rank below the floor needs a listed-side coverage below this (see _cover_bound)
        bar = (limit.floor - (1 - MIN_SHARE)) / MIN_SHARE - _MARGIN
        entity_of = index.name_entity
        hits: list[NameHit] = []
        for name_id in candidates:
            joins = listed_joins.get(name_id, ())
            if bar > 0 and entity_of[name_id] not in limit.keep:
                bound = self._cover_bound(name_id, related, window.joined_by_vid, joins)
                if bound < bar:
                    # a name with a token to align would have had a hit: a placeholder of
                    # score 0 keeps its place in the order of hits, which decides between
                    # names of one entity that score the same
                    if bound > 0:
                        hits.append((name_id, 0.0, (), 0.0))
                    continue
            hit = self._align(name_id, window, related, joins)
            if hit is not None:
                hits.append(hit)
        return hits

    def _cover_bound(
        self,
        name_id: int,
        related: dict[int, list[tuple[int, float]]],
        joined_related: dict[int, list[tuple[int, float]]],
        listed_joins: list[tuple[int, int]] | tuple[()],
    ) -> float:
        """Return an upper bound of how much of listed name ``name_id`` an alignment explains.

        A listed token no query token (nor pair of neighbours) is related to stays unexplained
        whatever the alignment, and unless it is a middle name (whose weight a left-out middle
        name may lose) its whole weight stays in the total. Each token that may be explained
        adds at most its weight to both sides, or :data:`INITIAL_WEIGHT` to the explained side
        (an initial's credit) when that is more. Since the query side's coverage is at most 1,
        :meth:`_align`'s score is at most ``MIN_SHARE * bound + 1 - MIN_SHARE``. A name that is
        not a person's may also be contained in the query (which adds to its rank) unless a
        token other than a legal form or particle stays unexplained: then the bound is 1.
        """
        index = self.index
        ctoks = index.name_tokens[name_id]
        weights, vocab = index.weights, index.vocab
        middle = index.name_middle[name_id]
        joined = 0
        for _, j in listed_joins:
            joined |= 3 << j
        explained = total = unexplained = 0.0
        blocked = index.name_person[name_id]
        for j, vid in enumerate(ctoks):
            w = weights[vid]
            if related[vid] or vid in joined_related or joined >> j & 1:
                # at most max(w, INITIAL_WEIGHT) explained out of at least min(w, ...) kept
                explained += w if w >= INITIAL_WEIGHT else 2 * INITIAL_WEIGHT - w
                total += w if w >= INITIAL_WEIGHT else INITIAL_WEIGHT
            elif not middle >> j & 1:
                unexplained += w
                blocked = blocked or (vocab[vid] != LEGAL_FORM and vocab[vid] not in PARTICLES)
        if not blocked:
            return 1.0
        if not explained:
            return 0.0
        return min(1.0, explained / (total + unexplained))

    def _fill_similarities(
        self, q: tuple[str, ...], sims: list[dict[int, float]], candidates: list[int]
    ) -> dict[int, list[tuple[int, float]]]:
        """Return, per token of the candidates, the query positions it is like and how much.

        Pairs the blocking keys did not relate (two typos in one word) are screened in one
        rapidfuzz call per query token; only those passing a Jaro-Winkler pre-filter are scored.
        Pairs of four-letter words one slip apart get :func:`short_slip`'s credit, a short
        query word with a letter typed twice and one more slip :func:`doubled_slip`'s, syllables of
        two or three letters :func:`syllable_slip`'s; a short query
        word that is itself listed loses :data:`KNOWN_WORD_PENALTY` against other short listed
        words it is only like (not a spelling variant of). Computed once
        per window, so a token several candidates share is compared once, and the alignment
        walks only the related pairs.
        """
        index = self.index
        vocab, name_tokens = index.vocab, index.name_tokens
        pool = {vid for name_id in candidates for vid in name_tokens[name_id]}
        related: dict[int, list[tuple[int, float]]] = {vid: [] for vid in pool}
        by_length: dict[int, list[int]] = {}  # the pool's tokens by their length
        for vid in pool:
            by_length.setdefault(len(vocab[vid]), []).append(vid)
        for i, token in enumerate(q):
            found = sims[i]
            missing = [vid for vid in pool if vid not in found]
            if missing:
                words = [vocab[vid] for vid in missing]
                if consonantal(token):  # unlike its romanisations letter by letter: all scored
                    hits = [(word, 0.0, position) for position, word in enumerate(words)]
                else:
                    hits = process.extract(token, words, scorer=JaroWinkler.normalized_similarity,
                                           score_cutoff=PREFILTER, limit=None)
                found.update(dict.fromkeys(missing, 0.0))
                scores = token_similarities(token, [choice for choice, _, _ in hits])
                for (_, _, position), score in zip(hits, scores, strict=True):
                    found[missing[position]] = score
            n = len(token)
            slips = n >= 4 and token.isalpha()
            doubled = 5 <= n <= 7 and token.isalpha() and _has_doubled(token)
            syllable = 2 <= n <= 3
            known = n <= KNOWN_WORD_LENGTH and token in index.vocab_id
            long_slips = n >= 5 and token.isalpha()
            slipped = slips or doubled or syllable
            first = token[0]
            for vid, score in [(vid, found[vid]) for vid in pool if found[vid]]:
                if known and score < FOLDED_SIMILARITY and len(vocab[vid]) == n:
                    score -= KNOWN_WORD_PENALTY
                    if score <= 0:
                        continue
                related[vid].append((i, score))
            if not slipped:
                continue
            # a pair still at 0 may be a slip, at the lengths each slip allows (its own tests
            # first, to spare most calls)
            lengths = (n - 1, n, n + 1) if slips else (2, 3)
            if doubled:
                lengths = tuple({*lengths, 4, 5})
            for m in lengths:
                bucket = [vid for vid in by_length.get(m, ()) if not found[vid]]
                if bucket and not doubled:
                    # but for a letter typed twice, every slip is at most two edits (OSA):
                    # the rest are left out in one rapidfuzz call
                    near = process.extract(token, [vocab[vid] for vid in bucket],
                                           scorer=OSA.distance, score_cutoff=2, limit=None)
                    bucket = [bucket[position] for _, _, position in near]
                for vid in bucket:
                    listed = vocab[vid]
                    score = 0.0
                    if slips and (n == 4 or m == 4):
                        if -1 <= n - m <= 1:  # one slip apart: lengths a letter apart at most
                            score = short_slip(token, listed)
                        if not score and doubled and 4 <= m <= 5:
                            score = doubled_slip(token, listed)
                    elif doubled:
                        if 4 <= m <= 5:
                            score = doubled_slip(token, listed)
                    elif syllable and 2 <= m <= 3 and listed[0] == first:
                        score = syllable_slip(token, listed)
                    if not score and long_slips and m >= 5 and -1 <= n - m <= 1:
                        score = two_slips(token, listed)
                    if score > 0:
                        related[vid].append((i, score))
        return related

    def _candidates(
        self, window: _Window, listed_joins: dict[int, list[tuple[int, int]]], kind: str | None
    ) -> list[int]:
        q, qweights, sims, joined, _ = window
        index = self.index
        postings = index.postings
        rare = index.unknown_weight
        weight_of = [rare if w is None else w for w in qweights]
        # one walk per listed token, however many query words found it (a repeated word)
        by_vid: dict[int, float] = {}
        exact: set[int] = set()  # the query's own words, as listed
        for i, found in enumerate(sims):
            if q[i] == LEGAL_FORM or q[i] in PARTICLES:
                continue
            for vid, s in found.items():
                by_vid[vid] = by_vid.get(vid, 0.0) + weight_of[i] * s
                if s == 1.0:
                    exact.add(vid)
        for i, found in enumerate(joined):
            for vid, s in found.items():
                by_vid[vid] = by_vid.get(vid, 0.0) + (weight_of[i] + weight_of[i + 1]) * s
        walks = sorted(
            ((w, postings[vid], vid in exact) for vid, w in by_vid.items()),
            key=lambda w: len(w[1]),
        )
        acc: dict[int, float] = {}
        for name_id, pairs in listed_joins.items():
            acc[name_id] = sum(weight_of[i] for i, _ in pairs)
        # a word no list uses may be a word with two typos that no blocking key reached, so
        # it counts for half in the share the candidates must reach
        floor = PRESCORE_SHARE * sum(rare / 2 if w is None else w for w in qweights)
        # a name first found once the walks left weigh less than this can be neither a
        # candidate nor a contained name: such names are not added (only names found before)
        least = floor if kind == "person" else min(floor, self.containment.least)
        left = sum(weight for weight, _, _ in walks)
        in_acc = acc.keys()
        for weight, names, own in walks:
            if left < least and not acc:
                break
            # a common word the query itself uses is walked in full: names made of common
            # words only ("Abu Muhammad") have no rarer word to be found by
            if (left < least or (len(names) > COMMON_POSTINGS and not own)) and acc:
                # a common token only adds to names a rarer token found (picked in C by the
                # set intersection; adding no name, this leaves the order of acc as it was)
                for name_id in in_acc & names:
                    acc[name_id] += weight
            else:
                # as acc[name_id] = acc.get(name_id, 0.0) + weight (0.0 + weight is weight),
                # without a method call per name
                for name_id in names:
                    if name_id in acc:
                        acc[name_id] += weight
                    else:
                        acc[name_id] = weight
            left -= weight
        # a comprehension: compress() over map() of the float's bound __le__ (a slot wrapper,
        # called through a generic path) took several times as long
        # a name may share more than the query weighs: each listed word a query word is like
        # adds its weight ("abd" in "ABD WAHAB NOOR ABDI" finds "abd" and "abdi"), so what a
        # name shares counts up to the query's weight, no more; the tie-break below then puts
        # the names made of the query's words first
        # (a single letter is looked up by no walk: "CHO IL U")
        whole = sum(w for t, w in zip(q, weight_of, strict=True)
                    if len(t) > 1 and t != LEGAL_FORM and t not in PARTICLES)  # fmt: skip
        kept = [(n, v if v < whole else whole) for n, v in acc.items() if v >= floor]
        if kind is not None:
            person, want = index.name_person, kind == "person"
            kept = [(n, v) for n, v in kept if person[n] == want]
        # as heapq.nlargest, in C: sorting is stable, so of names that share as much the one
        # found first comes first ...
        ranked = sorted(kept, key=itemgetter(1), reverse=True)
        cut = self.max_candidates
        if len(ranked) > cut and ranked[cut - 1][1] == ranked[cut][1]:
            # ... unless the cut falls among names that share as much: then names made of the
            # query's words, then those of its length, come first ("Abu Abdallah": the
            # particle adds nothing, and hundreds of names share "abdallah")
            words = frozenset(index.vocab_id.get(t, -1) for t in q)
            _closest_first(ranked, cut, words, len(q), index.name_tokens)
        ranked = ranked[:cut]
        # past the first few, a name that shares less than a share of what the best shares
        # cannot cover enough of the query to be reported: it is not aligned
        bar = ranked[0][1] * ALIGN_SHARE if ranked else 0.0
        chosen = [n for rank, (n, v) in enumerate(ranked) if rank < ALWAYS_ALIGNED or v >= bar]
        if kind != "person":
            chosen += self.containment.candidates(acc, set(chosen))
        return chosen

    def _all_named(self, ctoks: tuple[int, ...], cused: int) -> bool:
        """Return whether every listed token but particles is aligned (bit set in ``cused``)."""
        vocab = self.index.vocab
        return all(cused >> j & 1 or vocab[v] in PARTICLES for j, v in enumerate(ctoks))

    def _align(
        self,
        name_id: int,
        window: _Window,
        related: dict[int, list[tuple[int, float]]],
        listed_joins: list[tuple[int, int]] | tuple[()],
    ) -> NameHit | None:
        q, qweights, _, _, joined_related = window
        index = self.index
        ctoks = index.name_tokens[name_id]
        vocab, weights = index.vocab, index.weights
        rare = index.unknown_weight
        # (similarity, query bits, listed bits, query weight, listed weight, query, listed,
        # listed weight the alignment leaves out of the total: that of a name given as initial)
        options: list[tuple[float, int, int, float, float, str, str, float]] = []
        nq = len(q)
        forenames = index.name_middle[name_id] | 1 if index.name_person[name_id] else 0
        for j, vid in enumerate(ctoks):
            cbit = 1 << j
            wc = weights[vid]
            ctext = vocab[vid]
            for i, s in related[vid]:
                qtext = q[i]
                if len(qtext) == 1:  # an initial explains little of either name...
                    # ... but may stand for a given or middle name, which it then explains
                    given = forenames >> j & 1 and len(ctext) > 1 and len(ctoks) > 1
                    kept = max(wc * INITIAL_SHARE, INITIAL_WEIGHT) if given else INITIAL_WEIGHT
                    options.append((s, 1 << i, cbit, INITIAL_WEIGHT, kept / s, qtext, ctext,
                                    wc - kept if given else 0.0))  # fmt: skip
                elif len(ctext) == 1:  # a listed initial does not explain a query word
                    unexplained = -(qweights[i] or rare)  # negative: weight, not matched
                    options.append(
                        (s, 1 << i, cbit, unexplained, INITIAL_WEIGHT, qtext, ctext, 0.0)
                    )
                else:
                    options.append((s, 1 << i, cbit, qweights[i] or wc, wc, qtext, ctext, 0.0))
            for i, s in joined_related.get(vid, ()):
                wq = (qweights[i] or wc) + (qweights[i + 1] or wc)
                s = s if s == 1.0 else s - JOIN_PENALTY
                options.append((s, 3 << i, cbit, wq, wc, q[i] + " " + q[i + 1], ctext, 0.0))
        for i, j in listed_joins:
            wc = weights[ctoks[j]] + weights[ctoks[j + 1]]
            pair = vocab[ctoks[j]] + " " + vocab[ctoks[j + 1]]
            options.append((1.0, 1 << i, 3 << j, qweights[i] or wc, wc, q[i], pair, 0.0))
        if not options:
            return None
        options.sort(key=itemgetter(0), reverse=True)
        qused = cused = 0
        q_matched = q_weight = c_matched = relief = named = 0.0
        by_initial = False  # the listed given name is aligned with an initial
        middle_initials: list[tuple[float, float]] = []  # (weight left out, weight explained)
        pairs = []
        chosen: list[tuple[float, int, int]] = []
        for s, qbits, cbits, wq, wc, qtext, ctext, left_out in options:
            if qbits & qused or cbits & cused:
                continue
            if left_out and cbits & 1:
                relief += left_out
                by_initial = True
            elif left_out:  # a middle name's initial: as the given name's if that is one too
                middle_initials.append((left_out, wc * s))
            elif wq > 0:
                named += wc * max(0.0, (s - NAMED_FLOOR) / (1 - NAMED_FLOOR))
            qused |= qbits
            cused |= cbits
            chosen.append((s, qbits, cbits))
            if wq > 0:
                q_matched += s * wq
                q_weight += wq
            else:
                q_weight -= wq
            c_matched += s * wc
            pairs.append((qtext, ctext, round(s, 3)))
        if not c_matched:
            return None
        q_rest = sum(qweights[i] or rare for i in range(nq) if not qused >> i & 1)
        if q_rest and index.name_person[name_id] and nq > 2 and self._all_named(ctoks, cused):
            # given names the query adds between its first and last word count for less when
            # the query names every part of the listed name
            q_rest -= EXTRA_NAME_SHARE * _dropped_middle_discount(
                [qweights[i] or rare for i in range(1, nq - 1) if not qused >> i & 1]
            )
        cover_q = q_matched / (q_weight + q_rest) if q_weight + q_rest else 0.0
        c_total = self.totals.get(name_id)
        if c_total is None:
            c_total = self.totals[name_id] = sum(weights[v] for v in ctoks)
        for left_out, explained in middle_initials:
            if by_initial:  # "A.K. Ahmad": the initials stand for the forenames
                relief += left_out
            else:  # "Yong H. Kim": the initial explains as little as any other
                c_matched -= explained - INITIAL_WEIGHT * INITIAL_SIMILARITY
        c_total -= relief
        middle = index.name_middle[name_id] & ~cused
        if middle:
            dropped = [weights[ctoks[j]] for j in range(len(ctoks)) if middle >> j & 1]
            # named by the given name's initial, a person is judged by the parts named in full;
            # otherwise the middle names a query leaves out count for less
            c_total -= sum(dropped) if by_initial else _dropped_middle_discount(dropped)
        cover_c = c_matched / c_total
        low, high = min(cover_q, cover_c), max(cover_q, cover_c)
        outside = 0.0  # the share of the query's weight that no listed token explains
        containment = self.containment
        if (
            q_rest
            and c_matched >= containment.least
            and not index.name_person[name_id]
            and containment.contains(q, name_id, chosen)
        ):
            outside = q_rest / (q_weight + q_rest)
        score = MIN_SHARE * low + (1 - MIN_SHARE) * high
        if outside and containment.sole_word(name_id):
            # contained by one distinctive word: lifted to a review at most (.containment)
            room = max(0.0, SOLE_WORD_CEILING - score) / CONTAINED_NAME_WEIGHT
            outside = min(outside, room)
        if by_initial:
            score = min(score, initial_cap(named, rare))
        return name_id, score, tuple(pairs), outside
