"""Each scoring feature: declared, documented, and moving the score the way it says."""

from __future__ import annotations

from pricing_engine.screening.features import FEATURES, Evidence, score_evidence


def contributions(ev: Evidence) -> dict[str, float]:
    return {f.name: round(c, 4) for f, c in score_evidence(ev)[1]}


def test_every_feature_is_named_weighted_and_documented() -> None:
    names = [f.name for f in FEATURES]
    assert len(names) == len(set(names))
    for feature in FEATURES:
        assert feature.doc and feature.doc[0].isupper() and feature.doc.endswith((".", ")"))
        assert feature.weight != 0


def test_name_similarity_alone() -> None:
    score, parts = score_evidence(Evidence(0.9))
    assert score == 0.9
    assert [f.name for f, _ in parts] == ["name_similarity"]


def test_weak_alias_lowers_the_score() -> None:
    assert score_evidence(Evidence(0.9, weak_alias=True))[0] < 0.9
    assert contributions(Evidence(0.9, weak_alias=True))["weak_alias"] < 0


def test_dob_match_raises_and_mismatch_lowers() -> None:
    same = Evidence(0.85, query_year=1966, entity_years=(1966,))
    near = Evidence(0.85, query_year=1967, entity_years=(1966,))
    far = Evidence(0.85, query_year=1990, entity_years=(1966, 1967))
    unknown = Evidence(0.85, query_year=1990, entity_years=())
    assert score_evidence(same)[0] > score_evidence(near)[0] > 0.85
    assert score_evidence(far)[0] < 0.85
    assert score_evidence(unknown)[0] == 0.85
    assert "dob_mismatch" in contributions(far)


def test_country_match_raises_and_mismatch_lowers() -> None:
    assert score_evidence(Evidence(0.85, query_country="RU", entity_countries=("RU",)))[0] > 0.85
    assert score_evidence(Evidence(0.85, query_country="FR", entity_countries=("RU",)))[0] < 0.85
    assert score_evidence(Evidence(0.85, query_country="FR", entity_countries=()))[0] == 0.85


def test_identifier_match_is_decisive() -> None:
    score, parts = score_evidence(
        Evidence(0.1, identifier_match=True, query_year=1990, entity_years=(1950,))
    )
    assert score == 1.0
    assert "identifier_match" in {f.name for f, _ in parts}


def test_score_is_clipped_to_zero_and_one() -> None:
    assert score_evidence(Evidence(1.0, query_year=1966, entity_years=(1966,)))[0] == 1.0
    assert score_evidence(Evidence(0.05, query_year=1990, entity_years=(1950,)))[0] == 0.0
