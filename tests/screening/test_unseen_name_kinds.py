"""Kinds of variation the development set does not show, on the real bundled lists.

Each test is a kind (a dropped second surname, an initial, a title, ...), checked on listed
names, with the false positive it must not bring along.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.features import Evidence, country_mismatch
from pricing_engine.screening.index import name_identifiers
from pricing_engine.screening.normalize import normalize_name, query_variants, unread_scripts
from pricing_engine.screening.programs import program_countries
from pricing_engine.screening.result import ScreeningQuery
from pricing_engine.screening.screener import Screener
from pricing_engine.screening.titles import TITLES
from pricing_engine.screening.translit import has_table, to_latin


@pytest.fixture(scope="module")
def sdn(tmp_path_factory: pytest.TempPathFactory) -> Screener:
    lists = [lst for lst in load_bundled() if lst.info.list_id == "ofac_sdn"]
    return Screener.from_lists(lists, cache=Path(tmp_path_factory.mktemp("cache")))


def status_of(screener: Screener, query: ScreeningQuery | str, entry: str) -> str:
    """The band the query reaches for listed entry ``entry`` ("clear" when not reported)."""
    result = screener.screen(query)
    return next((m.band for m in result.matches if m.entry_id == entry), "clear")


def person(name: str, country: str | None = None) -> ScreeningQuery:
    return ScreeningQuery(name=name, kind="person", country=country)


def test_a_dropped_second_surname_is_found(sdn: Screener) -> None:
    # MADURO MOROS, Nicolas (22790): OFAC's own search finds him as "Nicolas Maduro"
    assert status_of(sdn, person("Nicolas Maduro"), "22790") == "review"
    assert status_of(sdn, person("Nicolas Maduro", "VE"), "22790") == "review"


def test_extra_given_names_in_the_query_are_found(sdn: Screener) -> None:
    assert status_of(sdn, person("Nicolas Ernesto Maduro Moros"), "22790") == "hit"


def test_an_initial_stands_for_a_given_name_and_the_surname_decides(sdn: Screener) -> None:
    assert status_of(sdn, person("V. Putin"), "35096") in ("review", "hit")
    assert status_of(sdn, person("X. Putin"), "35096") == "clear"  # another initial


@pytest.mark.parametrize("title", ["Presidente", "Dr.", "General", "Sheikh", "Herr", "Sr."])
def test_titles_before_a_name_are_dropped(sdn: Screener, title: str) -> None:
    assert status_of(sdn, person(f"{title} Nicolas Maduro Moros"), "22790") == "hit"
    assert {"presidente", "sheikh", "dr"} <= TITLES


def test_titles_are_dropped_only_from_queries_and_only_before_two_words() -> None:
    assert query_variants(normalize_name("Dr. Ayman Zawahiri"))[-1] == ("ayman", "zawahiri")
    assert query_variants(normalize_name("General Electric")) == (("general", "electric"),)


@pytest.mark.parametrize("query", ["Al-Qa'ida", "Al Qaida", "Al-Qaeda", "AL QAʿIDA", "Al Qa’ida"])
def test_apostrophe_and_ayn_spellings_of_an_arabic_name(sdn: Screener, query: str) -> None:
    assert status_of(sdn, query, "6366") == "hit"


@pytest.mark.parametrize(
    "query",
    ["Banco Nacional de Cuba Cuba", "B4nco Nac1onal de Cuba", "Banco Nacional Nacional de Cuba"],
)
def test_a_duplicated_word_and_digits_for_letters(sdn: Screener, query: str) -> None:
    assert status_of(sdn, query, "306") == "hit"


def test_legal_forms_with_typos_are_still_legal_forms() -> None:
    for text in ("Grupo Alfa S.aa. DE C.v.", "Grupo Alfa LLLC", "Grupo Alfa Corrp."):
        assert ("grupo", "alfa", "~lf") in query_variants(normalize_name(text)), text
    # a short word before a legal form that is no slip of one stays a name part
    assert ("grupo", "a", "b", "~lf") in query_variants(normalize_name("Grupo A B LLC"))


def test_a_real_word_is_not_a_typo_of_a_short_listed_name(sdn: Screener) -> None:
    # OPEN JOINT STOCK COMPANY DOLTA (46655): "Delta" is a word spelt right, not a slip
    for query in ("Delta Ltd.", "Delta Inc.", "Delta OOO"):
        assert status_of(sdn, query, "46655") == "clear", query
    assert status_of(sdn, "Dolta OOO", "46655") == "hit"


def test_a_vessel_queried_by_its_imo_number_is_a_hit(sdn: Screener) -> None:
    # ARTAVIL (15036): "IMO 9187629" in the list's remarks
    assert name_identifiers("ARTAVIL (IMO 9187629)") == ["9187629"]
    assert name_identifiers("Acme Trading 2024") == []
    assert status_of(sdn, "IMO 9187629", "15036") == "hit"
    assert status_of(sdn, "Some Other Ship IMO 9187629", "15036") == "hit"
    assert status_of(sdn, "IMO 9187628", "15036") == "clear"


def test_a_programme_country_is_no_country_mismatch(sdn: Screener) -> None:
    # BANCO NACIONAL DE CUBA (306): countries CH ES JP PA from addresses, programme CUBA
    assert program_countries(("CUBA",)) == frozenset({"CU"})
    assert sorted(program_countries(("IRAN-EO13846", "DPRK3", "SDGT"))) == ["IR", "KP"]
    query = ScreeningQuery(name="Banco Nacional de Cuba", kind="entity", country="CU")
    match = next(m for m in sdn.screen(query).matches if m.entry_id == "306")
    assert "country_mismatch" not in {f.name for f in match.features}
    assert match.score == 1.0
    elsewhere = ScreeningQuery(name="Banco Nacional de Cuba", kind="entity", country="BR")
    match = next(m for m in sdn.screen(elsewhere).matches if m.entry_id == "306")
    assert "country_mismatch" in {f.name for f in match.features}


def test_no_country_on_the_list_is_no_mismatch() -> None:
    assert country_mismatch(Evidence(1.0, query_country="CU")) == 0.0
    evidence = Evidence(1.0, query_country="CU", entity_countries=("ES",),
                        program_countries=frozenset({"CU"}))  # fmt: skip
    assert country_mismatch(evidence) == 0.0


def test_scripts_without_a_table_are_romanised_but_still_flagged() -> None:
    assert to_latin("王明山").split() == ["wang", "ming", "shan"]
    assert to_latin("김정은").split() == ["gim", "jeong", "eun"]
    assert has_table("ж") and not has_table("王")
    assert unread_scripts("王明山") == ("CJK",)


def test_a_han_name_meets_its_listed_romanisation(sdn: Screener) -> None:
    # WANG, Mingshan: written in Han, read by the fallback as "wang ming shan"
    result = sdn.screen(person("王明山"))
    assert any(m.name == "WANG, Mingshan" for m in result.matches)
    assert result.status != "clear"


def test_a_slip_in_a_short_syllable_is_found_when_the_rest_matches(sdn: Screener) -> None:
    # KIM, Jong Un: syllables have nothing else to slip in
    result = sdn.screen(person("Kim Jong Um"))
    assert any(m.name == "KIM, Jong Un" and m.band == "review" for m in result.matches)
    # ... but a slip alone explains too little: two slipped syllables are not "Kim Jong Un"
    result = sdn.screen(person("Kim Jang Um"))
    assert not any(m.name == "KIM, Jong Un" for m in result.matches)


# Names as the UN list writes them in Arabic script (NAME_ORIGINAL_SCRIPT of IQi.006, IQi.039,
# QDi.009, IQi.020, IQi.001), against the OFAC list, which writes them only in Latin letters.
@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("عزت ابراهيم الدوري", "7848"),  # AL-DURI, Izzat Ibrahim: onset 'ayn, waw read as u
        ("هدى صالح مهدي عماش", "7881"),  # AMMASH, Huda Salih Mahdi: "ال" inside a word
        ("بلال بن مروان", "6945"),  # BIN MARWAN, Bilal: the particle "bin"
        ("طه ياسين رمضان الجزراوي", "7862"),  # AL-JIZRAWI, Taha Yassin Ramadan: t + h
        ("صدام حسين التكريتي", "7843"),  # AL-TIKRITI, Saddam Hussein
        ("بانک ملی ایران", "25578"),  # BANK MELLI IRAN, in Persian letters
        # compounds of al-Din, which the Latin writes as one word (HAQQANI, Nasiruddin;
        # AHMAD, Najmuddin Faraj; ADAM, Noureddine)
        ("نصير الدين حقاني", "12129"),
        ("نجم الدين فرج احمد", "10007"),
        ("نور الدين آدم", "16724"),
    ],
)
def test_a_name_in_arabic_script_meets_its_romanisation(
    sdn: Screener, query: str, entry: str
) -> None:
    kind = None if query.startswith("بانک") else "person"
    assert status_of(sdn, ScreeningQuery(name=query, kind=kind), entry) == "review"


def test_arabic_script_is_read_by_its_consonants() -> None:
    # the short vowels are not written; the article only begins a word; a kashida is no letter
    assert to_latin("صالح") == "slh" and to_latin("التكريتي") == "al-tkryty"
    assert to_latin("عمر") == "amr" and to_latin("سليــوة") == to_latin("سليوة")
    assert unread_scripts("أيمن العانــي") == ()


@pytest.mark.parametrize(
    ("query", "entry"),
    [
        ("خميس بن لادن", "21286"),  # Khamis is not Hamza (BIN LADEN, Hamza): kh is not h
        ("عدنان مصطفى", "18333"),  # Adnan is not Aydin (two n sounds, one in Aydin)
    ],
)
def test_letters_that_romanisations_agree_on_keep_arabic_names_apart(
    sdn: Screener, query: str, entry: str
) -> None:
    assert status_of(sdn, person(query), entry) == "clear"


@pytest.mark.parametrize(
    ("query", "entry"),
    [("Mahan Airlines", "12927"), ("Mahan Airways", "12927"), ("Syrian Arab Air", "13440")],
)
def test_an_airline_is_one_whether_it_calls_itself_air_airlines_or_airways(
    sdn: Screener, query: str, entry: str
) -> None:
    # MAHAN AIR, SYRIAN ARAB AIRLINES; the word that tells the name apart must still match
    assert status_of(sdn, ScreeningQuery(name=query, kind="entity"), entry) == "hit"
    assert status_of(sdn, ScreeningQuery(name="Mahin Airways", kind="entity"), "12927") != "hit"
    assert sdn.screen(ScreeningQuery(name="British Airways", kind="entity")).status == "clear"
