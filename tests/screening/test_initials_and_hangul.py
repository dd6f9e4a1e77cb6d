"""Initials for given names and Korean names written in Hangul, on the real bundled SDN list.

Each test is a kind of variation, checked on listed names, with the false positive it must
not bring along: an initial stands for many names, so the rarity of the parts named in full
decides the band, and a Hangul name is read in both romanisations the lists use.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.hangul import has_hangul, romanize
from pricing_engine.screening.index_cache import code_sources
from pricing_engine.screening.matcher import INITIAL_CEILING, initial_cap
from pricing_engine.screening.normalize import normalize_name, query_variants, unread_scripts
from pricing_engine.screening.result import ScreeningQuery
from pricing_engine.screening.screener import Screener
from pricing_engine.screening.similarity import doubled_slip


@pytest.fixture(scope="module")
def sdn(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    lists = [lst for lst in load_bundled() if lst.info.list_id == "ofac_sdn"]
    return Screener.from_lists(lists, cache=Path(tmp_path_factory.mktemp("cache")))


def band(screener: Screener, name: str, entry: str) -> str:
    """The band a person query reaches for listed entry ``entry`` ("clear" if not reported)."""
    result = screener.screen(ScreeningQuery(name=name, kind="person"))
    return next((m.band for m in result.matches if m.entry_id == entry), "clear")


def entry_of(screener: Screener, listed: str) -> str:
    index = screener.index
    return next(index.entities[n][1] for n in range(len(index.entities))
                if index.entities[n][3] == listed)  # fmt: skip


@pytest.mark.parametrize(
    "query, listed",
    [
        ("V. Putin", "PUTIN, Vladimir Vladimirovich"),
        ("O. Arshba", "ARSHBA, Otary Ionovich"),  # rare patronymic left out too
        ("Putin V.", "PUTIN, Vladimir Vladimirovich"),  # initial after the surname
        ("V.V. Putin", "PUTIN, Vladimir Vladimirovich"),  # dotted initials of two forenames
    ],
)
def test_an_initial_with_a_rare_surname_is_a_review_never_a_hit(
    sdn: Screener, query: str, listed: str
) -> None:
    assert band(sdn, query, entry_of(sdn, listed)) == "review"


def test_an_initial_with_a_common_surname_is_clear(sdn: Screener) -> None:
    # Kim is the surname of hundreds of listed names: "S. Kim" names none of them
    assert band(sdn, "T. Kim", entry_of(sdn, "KIM, Tong Chol")) == "clear"
    assert not sdn.screen(ScreeningQuery(name="S. Kim", kind="person")).matches


def test_a_surname_only_like_a_listed_one_does_not_ride_on_an_initial(sdn: Screener) -> None:
    # an initial and a surname one letter off are two doubts: not a review
    assert band(sdn, "O. Patel", entry_of(sdn, "PATEK, Umar")) == "clear"


def test_a_middle_initial_alone_does_not_explain_a_middle_name(sdn: Screener) -> None:
    # "H." for the listed middle name Ho with the surname O left out stays far from review
    result = sdn.screen(ScreeningQuery(name="H. Young", kind="person"))
    assert all(m.score < 0.82 for m in result.matches)


def test_the_full_given_name_is_still_a_hit(sdn: Screener) -> None:
    assert band(sdn, "Vladimir Putin", entry_of(sdn, "PUTIN, Vladimir Vladimirovich")) == "hit"


def test_initial_cap_follows_the_rarity_of_the_named_parts() -> None:
    assert initial_cap(20.0, 10.0) == INITIAL_CEILING < 0.92  # never a hit at the default
    assert initial_cap(4.0, 10.0) < initial_cap(6.0, 10.0) < INITIAL_CEILING


def test_dotted_initials_are_also_read_one_letter_a_word() -> None:
    assert ("a", "k", "ahmad") in query_variants(normalize_name("A.K. Ahmad"))
    # a legal form written with dots stays one
    assert query_variants(normalize_name("Acme S.A.")) == (("acme", "~lf"),)


@pytest.mark.parametrize(
    "hangul, rr, mr",
    [
        ("김정은", "gim jeong eun", "kim jong un"),
        ("최룡해", "choe ryong hae", "choe ryong hae"),
        ("장성택", "jang seong taek", "jang song thaek"),
        ("김여정", "gim yeo jeong", "kim yo jong"),
        ("박봉주", "bak bong ju", "pak pong ju"),
        ("이영호", "i yeong ho", "ri yong ho"),  # the lists' surname spelling
        ("삶", "sam", "sam"),  # a final cluster reads as its sound (ㄻ: m)
    ],
)
def test_hangul_is_romanised_in_both_systems(hangul: str, rr: str, mr: str) -> None:
    assert romanize(hangul, "rr").split() == rr.split()
    assert romanize(hangul, "mr").split() == mr.split()
    readings = normalize_name(hangul).variants
    assert tuple(rr.split()) in readings and tuple(mr.split()) in readings


def test_a_name_in_hangul_finds_the_listed_romanisation(sdn: Screener) -> None:
    for hangul, listed in [("김정은", "KIM, Jong Un"), ("최룡해", "CHOE, Ryong Hae"),
                           ("김여정", "KIM, Yo Jong")]:  # fmt: skip
        assert band(sdn, hangul, entry_of(sdn, listed)) == "hit", hangul
    assert unread_scripts("김정은") == ()  # read by a table: not flagged as unread


def test_a_hangul_name_that_is_not_listed_is_clear(sdn: Screener) -> None:
    assert not sdn.screen(ScreeningQuery(name="홍길동", kind="person")).matches


def test_hangul_in_a_latin_name_and_the_index_code() -> None:
    assert has_hangul("Acme 서울") and not has_hangul("Acme Seoul")
    assert normalize_name("Acme 서울 Trading").tokens == ("acme", "seo", "ul", "trading")
    # the index depends on the Hangul tables: a change rebuilds cached indexes
    assert "hangul.py" in {path.name for path in code_sources()}


@pytest.mark.parametrize(
    "query, listed",
    [
        ("Johha Top Lam", "LAM, John Top"),  # a doubled letter and a changed one in a short name
        ("PPert Revoldovich Ammosov", "AMMOSOV, Petr Revoldovich"),  # doubled and swapped
    ],
)
def test_two_slips_in_a_short_word_one_a_doubled_letter(
    sdn: Screener, query: str, listed: str
) -> None:
    assert band(sdn, query, entry_of(sdn, listed)) != "clear"


def test_a_doubled_letter_alone_does_not_reach_review(sdn: Screener) -> None:
    # the slip credit explains part of a word: a short name slipped twice is not enough alone
    assert not sdn.screen(ScreeningQuery(name="Johha", kind="person")).matches
    assert doubled_slip("anna", "ana") == 0.0  # too short to tell a slip from a name
    assert doubled_slip("abnnk", "bank") > 0 and doubled_slip("bank", "bank") == 0.0
    result = sdn.screen(ScreeningQuery(name="Delta Ltd.", kind="entity"))
    assert all("DOLTA" not in m.name for m in result.matches)
