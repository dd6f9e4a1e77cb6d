"""The screener: built once from lists, screens one party or a stream of them.

>>> from pricing_engine.screening import Screener
>>> screener = Screener.from_bundled()                      # doctest: +SKIP
>>> screener.screen("Banco Nacional de Cuba").status        # doctest: +SKIP
'hit'
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pricing_engine.screening import index_cache, index_format
from pricing_engine.screening.batch_pool import StartMethod, map_chunks
from pricing_engine.screening.features import (
    CONTAINED_NAME_WEIGHT,
    FEATURES,
    OTHER_KIND_CAP,
    Evidence,
    score_evidence,
)
from pricing_engine.screening.index import (
    NameIndex,
    build_index,
    identifier_key,
    name_identifiers,
    split_listed,
)
from pricing_engine.screening.legal_forms import LEGAL_FORM
from pricing_engine.screening.matcher import Matcher
from pricing_engine.screening.model import SanctionsList
from pricing_engine.screening.normalize import (
    NormalizedName,
    normalize_name,
    query_variants,
    unread_scripts,
)
from pricing_engine.screening.packed_names import query_parts
from pricing_engine.screening.programs import program_countries
from pricing_engine.screening.result import (
    FeatureScore,
    Match,
    ScreeningConfig,
    ScreeningQuery,
    ScreeningResult,
    TokenPair,
)
from pricing_engine.screening.suffixes import without_suffixes

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

__all__ = ["Screener", "StartMethod"]

#: The key and code under which the index is shipped to workers (not a cache: never on disk).
_SHIPPED = "screen_many worker"

#: The largest positive contribution the features not about the name can add; hits whose name
#: score (with a contained name's share) cannot reach the review threshold even with it are not
#: scored further.
_NAME_FEATURES = ("name_similarity", "contains_listed_name")
_MAX_BOOST = sum(
    f.weight for f in FEATURES if f.weight > 0 and not f.decisive and f.name not in _NAME_FEATURES
)


class Screener:
    """Screen parties against a set of sanctions lists (see :meth:`from_bundled`)."""

    __slots__ = ("config", "index", "matcher")

    def __init__(self, index: NameIndex, *, config: ScreeningConfig | None = None) -> None:
        self.index = index
        self.config = config or ScreeningConfig()
        self.matcher = Matcher(index, max_candidates=self.config.max_candidates)

    @staticmethod
    def freeze_gc() -> None:
        """Move every object alive now out of the cyclic garbage collector's reach.

        The index is millions of long-lived objects that are never garbage; left to the
        collector, its full passes over them made about one query in a hundred take several
        milliseconds (p99 4.7 ms, 1.4 ms frozen). ``gc.freeze`` acts on the whole process, so
        the library never calls it by itself: a program that owns its process (the CLI, a
        screening service) calls this once after building the screener.
        """
        gc.freeze()

    @classmethod
    def from_lists(
        cls,
        lists: Sequence[SanctionsList],
        *,
        config: ScreeningConfig | None = None,
        cache: bool | Path = True,
    ) -> Screener:
        """Build (or load from the disk cache) the index of ``lists``.

        ``cache`` is True for the default cache directory, a path for another, False for none.
        """
        from pricing_engine.screening.bundle import lists_hash

        return cls.from_cache_or_build(lists_hash(lists), lambda: lists, config=config,
                                       cache=cache)

    @classmethod
    def from_cache_or_build(
        cls,
        key: str | None,
        load: Callable[[], Sequence[SanctionsList]],
        *,
        config: ScreeningConfig | None = None,
        cache: bool | Path = True,
    ) -> Screener:
        """Load the index cached under ``key``, or build it from ``load()`` and cache it.

        ``key`` is :func:`~pricing_engine.screening.bundle.lists_hash` of the lists (or of
        their manifest records, so that a warm cache is found before any list is parsed; None
        to skip the lookup); a built index is stored under the hash of the lists ``load``
        returned. ``cache`` is True for the default cache directory, a path for another, False
        for none.
        """
        from pricing_engine.screening.bundle import lists_hash

        directory = cache if isinstance(cache, Path) else None
        index = index_cache.load_cached(key, directory) if cache and key else None
        if index is None:
            lists = load()
            if cache:
                log.info("building the screening index of these lists: their first use "
                         "(seconds); later runs read it from the cache")
            index = build_index(lists)
            if cache:
                index_cache.store(lists_hash(lists), index, directory)
        return cls(index, config=config)

    @classmethod
    def from_bundled(
        cls,
        path: Path | None = None,
        *,
        user_dir: Path | None = None,
        config: ScreeningConfig | None = None,
        cache: bool | Path = True,
    ) -> Screener:
        """Screen against the bundled lists (or those of ``path``, plus ``user_dir``'s).

        The same as :meth:`ListSet.screener <pricing_engine.screening.bundle.ListSet.screener>`
        of that set: with a warm cache the lists are not parsed at all, the manifests' hashes
        find the index.
        """
        from pricing_engine.screening.bundle import resolve_lists

        list_set = resolve_lists(path, user=user_dir if user_dir is not None else False)
        return list_set.screener(config=config, cache=cache)

    def screen(self, query: ScreeningQuery | str) -> ScreeningResult:
        """Screen one party; the result lists the matches at review level or above."""
        if isinstance(query, str):
            query = ScreeningQuery(name=query)
        matches = self._matches(query)
        status = matches[0].band if matches else "clear"
        unread = unread_scripts(query.name)
        if unread and status == "clear":  # part of the name was never compared: fail closed
            status = "review"
        # the query was validated above; the rest the library computed (see _match_model)
        return ScreeningResult.trusted(query=query, status=status, matches=tuple(matches),
                                       unread_scripts=unread)  # fmt: skip

    def screen_many(
        self,
        queries: Iterable[ScreeningQuery | str],
        *,
        workers: int = 1,
        chunk_size: int = 256,
        start_method: StartMethod | None = None,
    ) -> Iterator[ScreeningResult]:
        """Screen a stream of parties, yielding results in input order.

        By default (``workers=1``) screening is serial, in this process: no child process is
        started. A caller that wants more processes asks for them with ``workers`` > 1 (0 or
        less: one per CPU); each then screens chunks of ``chunk_size``. ``start_method`` is
        how they start: by default "forkserver" where the platform has it, else "spawn",
        both safe in a host that runs threads (a web server); each worker then receives the
        index once, in the strings-and-numbers layout of :mod:`.index_format` (never a
        pickle), and a calling script needs the usual ``if __name__ == "__main__"`` guard.
        "fork" shares the built index without copying it but is only safe in a process
        that runs no other thread (the CLI chooses it).
        """
        if workers <= 0:
            workers = os.cpu_count() or 1
        size = chunk_size if workers > 1 else 1  # serial: each result as soon as it is made
        chunks = map_chunks(self, _screen_chunk, queries, workers=workers, chunk_rows=size,
                            start_method=start_method)  # fmt: skip
        for chunk in chunks:
            yield from chunk

    def worker_seed(self) -> tuple[Callable[..., Screener], tuple[object, ...]]:
        """How a worker process that does not fork builds this screener: a function and args.

        The index goes in the strings-and-numbers layout of :mod:`.index_format` (never a
        pickle), with this screener's config.
        """
        return _from_shipped, (self._shipped(), self.config)

    def _shipped(self) -> bytes:
        """The index in the layout of :mod:`.index_format`, for workers that do not fork."""
        return index_format.dumps(self.index, key=_SHIPPED, code=_SHIPPED)

    def _matches(self, query: ScreeningQuery) -> list[Match]:
        index, config = self.index, self.config
        name = normalize_name(query.name)
        kind = query.kind
        by_id: set[int] = set()
        for value in query.identifiers:
            by_id.update(index.identifiers.get(identifier_key(value), ()))
        for key in name_identifiers(query.name):  # "IMO 9123456" written into the name
            by_id.update(index.identifiers.get(key, ()))
        floor = config.review_threshold - _MAX_BOOST
        variants = self._spelt_split(name, self._variants(name))
        people = tuple(
            filter(None, (without_suffixes(t) for t in variants if LEGAL_FORM not in t))
        )
        # names that cannot rank above the floor are not aligned (an identifier's entity is)
        keep = frozenset(by_id)
        hits = self.matcher.match(variants, kind, floor=floor, keep=keep,
                                  people=people)  # fmt: skip
        # the query's kind is the caller's word, not a fact (a CRM column mis-keyed): a listed
        # name of the other kind that would be a hit without it is kept, at review
        other: set[int] = set()
        if kind is not None:
            person = kind == "person"
            for name_id, hit in self.matcher.match(variants, "entity" if person else "person",
                                                   floor=floor, keep=keep,
                                                   people=people).items():
                if name_id not in hits and index.name_person[name_id] != person:
                    hits[name_id] = hit
                    other.add(name_id)
        year = int(query.dob[:4]) if query.dob else None
        best: dict[int, tuple[float, Any]] = {}
        for name_id, name_score, pairs, outside in hits.values():
            entity_no = index.name_entity[name_id]
            if name_score + CONTAINED_NAME_WEIGHT * outside < floor and entity_no not in by_id:
                continue
            record = index.entities[entity_no]
            evidence = Evidence(
                name_score,
                weak_alias=index.name_weak[name_id],
                query_country=query.country,
                entity_countries=record[4],
                query_year=year,
                entity_years=record[5],
                identifier_match=entity_no in by_id,
                contained_share=outside,
                program_countries=program_countries(record[6]) if query.country else frozenset(),
            )
            score, contributions = score_evidence(evidence, floor=config.review_threshold)
            if name_id in other:  # a hit but for the kind: a review; less, as the kind says
                if score < config.hit_threshold:
                    continue
                contributions.append((OTHER_KIND_CAP, config.review_threshold - score))
                score = config.review_threshold
            if score >= config.review_threshold and score > best.get(entity_no, (-1.0,))[0]:
                best[entity_no] = (score, (name_id, pairs, contributions))
        for entity_no in by_id - set(best):  # identifier alone, name unlike any listed one
            score, contributions = score_evidence(Evidence(0.0, identifier_match=True))
            best[entity_no] = (score, (None, (), contributions))
        ranked = sorted(best.items(), key=lambda item: -item[1][0])[: config.max_matches]
        return [
            self._match_model(entity_no, score, *detail) for entity_no, (score, detail) in ranked
        ]

    def _spelt_split(
        self, name: NormalizedName, variants: tuple[tuple[str, ...], ...]
    ) -> tuple[tuple[str, ...], ...]:
        """Add readings with each word spelt out letter by letter split into listed words.

        "K i m J o n g U n" reads "kimjongun", which no listed name is, not even two of its
        words joined; :func:`.index.split_listed` gives "kim jong un" however many words the
        letters hold.
        """
        if not name.spelt:
            return variants
        extra = []
        for tokens in variants:
            if any(t in name.spelt for t in tokens):
                split = tuple(
                    part
                    for t in tokens
                    for part in ((t in name.spelt and split_listed(self.index, t)) or (t,))
                )
                if split != tokens and split not in variants and split not in extra:
                    extra.append(split)
        return (*variants, *extra)

    @staticmethod
    def _variants(name: NormalizedName) -> tuple[tuple[str, ...], ...]:
        """The query's token sequences, and those of each name it packs ("Kim Jong Un / 김정은",
        "Hassan Ghul; Hasan Gul"): each listed name takes the best of them."""
        variants = query_variants(name)
        parts = query_parts(name.text)
        if parts == (name.text,):
            return variants
        seen = set(variants)
        extra: list[tuple[str, ...]] = []
        for part in parts:
            for tokens in query_variants(normalize_name(part)):
                if tokens not in seen:
                    seen.add(tokens)
                    extra.append(tokens)
        return (*variants, *extra)

    def _match_model(
        self,
        entity_no: int,
        score: float,
        name_id: int | None,
        pairs: tuple[tuple[str, str, float], ...],
        contributions: list[Any],
    ) -> Match:
        # the match is built with trusted(), not validated again: every value is one the index
        # or the matcher made, of the field's type (strings, bools, floats, tuples of strings);
        # pydantic builds the small token pairs and features faster than trusted() would
        index = self.index
        list_id, entry_id, kind, primary, countries, _, programs = index.entities[entity_no]
        return Match.trusted(
            list=list_id,
            entry_id=entry_id,
            name=primary,
            matched_name=index.name_text[name_id] if name_id is not None else primary,
            weak_alias=index.name_weak[name_id] if name_id is not None else False,
            kind=kind,
            score=round(score, 4),
            band=self.config.band(score),
            token_pairs=tuple(
                TokenPair(query=_shown(a), listed=_shown(b), similarity=s) for a, b, s in pairs
            ),
            features=tuple(
                FeatureScore(name=f.name, contribution=round(c, 4), description=f.doc)
                for f, c in contributions
            ),
            countries=tuple(countries),
            programs=tuple(programs),
        )


def _shown(token: str) -> str:
    return "(legal form)" if token == LEGAL_FORM else token


def _from_shipped(data: bytes, config: ScreeningConfig) -> Screener:
    return Screener(index_format.loads(data, key=_SHIPPED, code=_SHIPPED), config=config)


def _screen_chunk(screener: Screener, chunk: list[ScreeningQuery | str]) -> list[ScreeningResult]:
    return [screener.screen(query) for query in chunk]
