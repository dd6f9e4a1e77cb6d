"""Candidates the matcher does not align: the hits that reach the floor are the same."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.features import CONTAINED_NAME_WEIGHT
from pricing_engine.screening.matcher import NameHit
from pricing_engine.screening.normalize import normalize_name, query_variants
from pricing_engine.screening.screener import Screener
from pricing_engine.screening.similarity import token_similarities, token_similarity

FLOOR = 0.71  # the default review threshold less the other features' largest boost


@pytest.fixture(scope="module")
def sdn(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    lists = [lst for lst in load_bundled() if lst.info.list_id == "ofac_sdn"]
    return Screener.from_lists(lists, cache=Path(tmp_path_factory.mktemp("cache")))


def _queries(screener: Screener, count: int) -> list[str]:
    """Listed names with a letter changed or a word dropped, and listed words recombined."""
    rng = random.Random(11)
    names = screener.index.name_text
    out = []
    for _ in range(count):
        words = rng.choice(names).replace(",", " ").split()
        if len(words) > 2 and rng.random() < 0.4:
            words.pop(rng.randrange(len(words)))
        elif rng.random() < 0.5:
            i = rng.randrange(len(words))
            word = words[i]
            j = rng.randrange(len(word))
            words[i] = word[:j] + rng.choice("aeiouhkrst") + word[j + 1 :]
        else:
            words = [rng.choice(rng.choice(names).split()) for _ in range(rng.randint(2, 4))]
        out.append(" ".join(words))
    return out


def _reaching(hits: dict[int, NameHit]) -> dict[int, NameHit]:
    return {k: h for k, h in hits.items() if h[1] + CONTAINED_NAME_WEIGHT * h[3] >= FLOOR}


def test_pruned_candidates_never_reach_the_floor(sdn: Screener) -> None:
    matcher = sdn.matcher
    for text in _queries(sdn, 400):
        variants = query_variants(normalize_name(text))
        full = matcher.match(variants)
        pruned = matcher.match(variants, floor=FLOOR)
        assert _reaching(pruned) == _reaching(full), text
        # the order of hits (which decides ties between names of one entity) is kept too
        assert [k for k in pruned if k in full] == [k for k in full if k in pruned], text


def test_an_identifiers_entity_is_aligned_whatever_its_bound(sdn: Screener) -> None:
    matcher = sdn.matcher
    variants = query_variants(normalize_name("Banco Nacional de Cuba Trading"))
    full = matcher.match(variants)
    entities = frozenset(sdn.index.name_entity[k] for k in full)
    assert matcher.match(variants, floor=0.99, keep=entities) == full


def test_token_similarities_is_token_similarity_for_each() -> None:
    choices = ["rodriguez", "rodrigez", "sahd", "shad", "mhmd", "muhammad", "kin", "kim", "r", "x"]
    for token in ("rodriguez", "shad", "mohamed", "kim", "roberto", "qwerty"):
        expected = [token_similarity(token, other) for other in choices]
        assert token_similarities(token, choices) == expected
    assert token_similarity("shad", "sahd") == 0.9  # a swap keeps its raise
    assert token_similarity("abcdefgh", "zyxwvuts") == 0.0
