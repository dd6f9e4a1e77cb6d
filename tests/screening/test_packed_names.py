"""Names packed into one list field are screened one by one, on the real bundled UN list."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from pricing_engine.screening import packed_names
from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.model import SanctionsList
from pricing_engine.screening.packed_names import name_parts, query_parts
from pricing_engine.screening.screener import Screener


def test_doctests() -> None:
    result = doctest.testmod(packed_names)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Jin Tiesan (金铁三)", ("Jin Tiesan", "金铁三")),
        ("Akhter Mohmad son of Noor Mohmad (اختر محمد ولد نور محمد ),",
         ("Akhter Mohmad son of Noor Mohmad", "اختر محمد ولد نور محمد")),
        ("Fazel Rahim; Fazil Rahim", ("Fazel Rahim", "Fazil Rahim")),
        ("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)",
         ("COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)", "COMPAGNIE AERIENNE DES GRANDS LACS",
          "GREAT LAKES BUSINESS COMPANY (GLBC)", "GREAT LAKES BUSINESS COMPANY")),
        ("a) Ali Reza b) Alireza", ("Ali Reza", "Alireza")),
        ("هيئة تحرير الشام (original script)", ("هيئة تحرير الشام",)),
        ("Abu Muhammad (original script: Абу Мухаммад)", ("Abu Muhammad", "Абу Мухаммад")),
        # brackets that belong to the name: as written, and without them if two words are left
        ("KANAAN, Maustaf Fawzi (Faouzi)",
         ("KANAAN, Maustaf Fawzi (Faouzi)", "KANAAN, Maustaf Fawzi")),
        ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE",
         ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE",
          "ISLAMIC REVOLUTIONARY GUARD CORPS -QODS FORCE")),
        ("VEST SPECTRUM (S) PTE. LTD.", ("VEST SPECTRUM (S) PTE. LTD.", "VEST SPECTRUM PTE. LTD.")),
        ("EKT (KATRANGI BROS)", ("EKT (KATRANGI BROS)",)),  # never one word, never the bracket
        ("XYZ (HOLDINGS) LTD", ("XYZ (HOLDINGS) LTD",)),  # a legal form is not a word here
        # hostile shapes: unmatched brackets, nothing but separators
        ("ABC (unclosed; x", ("ABC (unclosed; x",)),
        ("closed) only", ("closed) only",)),
        (" ; ( ) ;", (" ; ( ) ;",)),
        ("Plain Name", ("Plain Name",)),
    ],
)  # fmt: skip
def test_name_parts(text: str, parts: tuple[str, ...]) -> None:
    assert name_parts(text) == parts


@pytest.fixture(scope="module")
def un_list() -> SanctionsList:
    return next(lst for lst in load_bundled() if lst.info.list_id == "un_sc")


@pytest.fixture(scope="module")
def un(un_list: SanctionsList, tmp_path_factory: pytest.TempPathFactory) -> Screener:
    return Screener.from_lists([un_list], cache=Path(tmp_path_factory.mktemp("cache")))


def test_every_name_of_a_packed_field_finds_its_entry(un_list: SanctionsList,
                                                      un: Screener) -> None:
    # each name of the field, and the field as written (pasted from the list)
    packed = [(entity.entry_id, part) for entity in un_list.entities
              for name, _ in entity.names() if len(name_parts(name)) > 1
              for part in (*name_parts(name), name)]
    assert len(packed) >= 100  # the UN list packs names into about 150 of its fields
    missed = [(entry, part) for entry, part in packed
              if not any(m.entry_id == entry for m in un.screen(part).matches)]
    assert missed == []


def test_the_match_names_the_part_that_matched(un: Screener) -> None:
    # KPi.035 KIM CHOL SAM, alias "Jin Tiesan (金铁三)"
    for query in ("Jin Tiesan", "金铁三"):
        match = next(m for m in un.screen(query).matches if m.entry_id == "KPi.035")
        assert match.band == "hit"
        assert match.matched_name in ("Jin Tiesan", "金铁三")
    # QDi.306, alias "حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)": a romanisation alone
    match = next(m for m in un.screen("Hassan Ghul").matches if m.entry_id == "QDi.306")
    assert match.matched_name == "Hassan Ghul" and match.band == "hit"


def test_a_bracket_that_is_part_of_a_name_is_not_a_name(un: Screener) -> None:
    # KPe.059 "華信船務(香港)有限公司": 香港 (Hong Kong) is where, not who
    assert not any(m.entry_id == "KPe.059" for m in un.screen("香港").matches)
    assert any(m.entry_id == "KPe.059" for m in un.screen("華信船務(香港)有限公司").matches)


def test_a_name_is_found_without_the_acronym_the_list_adds(un_list: SanctionsList,
                                                          un: Screener) -> None:
    # the UN writes "AFGHAN SUPPORT COMMITTEE (ASC)", "KOREA KWANGSON BANKING CORPORATION
    # (KKBC)": a customer record has the name alone
    qualified = [(e.entry_id, e.name) for e in un_list.entities
                 if e.kind == "entity" and e.name.endswith(")") and "(" in e.name]
    assert len(qualified) >= 20
    missed = [(entry, name) for entry, name in qualified
              if not any(m.entry_id == entry and m.band in ("hit", "review")
                         for m in un.screen(name[:name.rindex("(")].strip()).matches)]
    assert missed == []
    assert all(m.band != "hit" for m in un.screen("ASC").matches)  # never the acronym alone


def test_a_hostile_field_is_read_not_followed_down() -> None:
    # a list file is input like any other: nesting is followed a few levels, never to the end
    deep = "Ali " + "(Alí; " * 2000 + "x" + ")" * 2000
    parts = name_parts(deep)
    assert parts[:2] == ("Ali", "Alí") and len(parts) <= 8
    assert len(name_parts("Ali; " * 20000)) == 1  # one name, however often repeated


@pytest.mark.parametrize(("text", "parts"), [
    ("Kim Jong Un / 김정은", ("Kim Jong Un", "김정은")),
    ("Hassan Ghul; Hasan Gul", ("Hassan Ghul", "Hasan Gul")),
    ("Northwind Traders /Akrin Saleh Akrin", ("Northwind Traders", "Akrin Saleh Akrin")),
    ("Maersk A/S", ("Maersk A/S",)),  # a slash inside a word: a legal form, one name
    ("AC/DC Trading", ("AC/DC Trading",)),
    (" / ", (" / ",)),
])  # fmt: skip
def test_query_parts(text: str, parts: tuple[str, ...]) -> None:
    assert query_parts(text) == parts


@pytest.mark.parametrize(("query", "entry"), [
    ("Hassan Ghul; Hasan Gul", "QDi.306"),  # two spellings of one person
    ("Kim Chol Sam / 金铁三", "KPi.035"),  # a name and its original script
    ("Northwind Traders / Akrin Saleh Akrin", "LYi.004"),  # a listed name beside another
])  # fmt: skip
def test_a_customer_record_with_two_names_finds_the_listed_one(un: Screener, query: str,
                                                               entry: str) -> None:
    match = next((m for m in un.screen(query).matches if m.entry_id == entry), None)
    assert match is not None and match.band == "hit"


def test_two_innocent_names_in_one_field_stay_clear(un: Screener) -> None:
    assert un.screen("Northwind Traders / Acme Trading GmbH").status == "clear"
    assert un.screen("Maria Gonzalez Lopez; John Smith").status == "clear"
