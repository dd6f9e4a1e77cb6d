"""The Screener: results, explanations, identifiers, bands, screen_many and the index cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from pricing_engine.screening import index_cache
from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.result import ScreeningConfig, ScreeningQuery
from pricing_engine.screening.screener import Screener


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def screener(cache: Path) -> Screener:
    return Screener.from_lists(load_bundled(), cache=cache)


def test_a_match_explains_itself(screener: Screener) -> None:
    result = screener.screen(
        ScreeningQuery(name="Ziad Ramadan Lulah", kind="person", country="SY", dob="1965")
    )
    match = next(m for m in result.matches if m.entry_id == "22058")
    assert match.list == "ofac_sdn"
    assert match.name == "LULAH, Ziyad Ramadan"
    pairs = {(p.query, p.listed) for p in match.token_pairs}
    assert ("ziad", "ziyad") in pairs and ("lulah", "lulah") in pairs
    features = {f.name: f.contribution for f in match.features}
    assert features["name_similarity"] > 0.8
    assert all(f.description for f in match.features)
    assert result.status == match.band == "hit"


def test_an_alias_match_names_the_alias(screener: Screener) -> None:
    match = screener.screen("National Bank of Cuba").matches[0]
    assert (match.entry_id, match.name) == ("306", "BANCO NACIONAL DE CUBA")
    assert match.matched_name == "NATIONAL BANK OF CUBA"


def test_identifier_match_is_decisive(screener: Screener) -> None:
    # the vessel EBANO has IMO 7406784; the name given is someone else's
    result = screener.screen(ScreeningQuery(name="Blue Horizon", identifiers=("IMO 7406784",)))
    assert result.status == "hit"
    match = result.matches[0]
    assert match.entry_id == "4243" and match.score == 1.0
    assert "identifier_match" in {f.name for f in match.features}


def test_dob_mismatch_lowers_a_person_match(screener: Screener) -> None:
    lax = Screener(screener.index, config=ScreeningConfig(review_threshold=0.3))

    def score(dob: str | None) -> float:
        result = lax.screen(ScreeningQuery(name="Aymen al Zawahri", dob=dob))
        return next(m.score for m in result.matches if m.entry_id == "2676")

    assert score("1951") > score(None) > score("1985")


def test_bands_follow_the_config() -> None:
    config = ScreeningConfig(hit_threshold=0.95, review_threshold=0.7)
    assert (config.band(0.96), config.band(0.8), config.band(0.5)) == ("hit", "review", "clear")
    with pytest.raises(ValueError):
        ScreeningConfig(hit_threshold=0.7, review_threshold=0.9)


def test_stricter_config_reports_fewer_matches(cache: Path) -> None:
    lists = load_bundled()
    lax = Screener.from_lists(lists, config=ScreeningConfig(review_threshold=0.6), cache=cache)
    strict = Screener.from_lists(lists, config=ScreeningConfig(review_threshold=0.9), cache=cache)
    query = "Moises Gonzales"
    assert len(lax.screen(query).matches) > len(strict.screen(query).matches)


def test_screen_many_keeps_order_and_equals_screen(screener: Screener) -> None:
    names = [
        "Banco Nacional de Cuba",
        "John Smith",
        ScreeningQuery(name="Dragan Djokic", kind="person", id="c-3"),
        "Bank of America",
        "Digital Invest LLC",
    ] * 7
    parallel = list(screener.screen_many(names, workers=2, chunk_size=4))
    serial = [screener.screen(n) for n in names]
    assert parallel == serial
    assert [r.query.name for r in parallel] == [n if isinstance(n, str) else n.name for n in names]


def test_cache_is_used_and_a_corrupt_cache_is_rebuilt(cache: Path, screener: Screener) -> None:
    files = list(cache.glob("index-*.idx"))
    assert len(files) == 1
    for path in files:
        path.write_bytes(b"not a pickle")
    rebuilt = Screener.from_lists(load_bundled(), cache=cache)
    assert rebuilt.screen("Banco Nacional de Cuba") == screener.screen("Banco Nacional de Cuba")
    assert index_cache.load_cached("0" * 64, cache) is None  # other lists: no index


def test_from_bundled_reads_the_cache_dir_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRICING_ENGINE_CACHE", str(tmp_path))
    first = Screener.from_bundled()
    assert list(tmp_path.glob("index-*.idx"))
    second = Screener.from_bundled()  # from the cache, without parsing the lists
    assert first.screen("Bank Melli Iran") == second.screen("Bank Melli Iran")
    assert os.environ["PRICING_ENGINE_CACHE"] == str(tmp_path)


def test_thresholds_that_switch_fuzzy_screening_off_are_refused() -> None:
    # a library caller gets the same ceilings as a policy file (0.98 / 0.90)
    with pytest.raises(ValidationError):
        ScreeningConfig(hit_threshold=1.0, review_threshold=1.0)
    with pytest.raises(ValidationError):
        ScreeningConfig(review_threshold=0.95)
    assert ScreeningConfig(hit_threshold=0.98, review_threshold=0.90).band(0.93) == "review"
