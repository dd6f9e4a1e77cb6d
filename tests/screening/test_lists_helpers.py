"""The loaders' shared helpers: dates, country names, OFAC remarks, and their doctests."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.lists._common import header_records
from pricing_engine.screening.lists._countries import countries_to_alpha2, country_to_alpha2
from pricing_engine.screening.lists._dates import parse_dates
from pricing_engine.screening.lists.ofac_remarks import parse_remarks
from pricing_engine.screening.model import Alias, Identifier


@pytest.mark.parametrize(
    "module",
    [
        "pricing_engine.screening.lists",
        "pricing_engine.screening.lists._countries",
        "pricing_engine.screening.lists._dates",
        "pricing_engine.screening.lists.ofac_remarks",
    ],
)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 Dec 1948", ("1948-12-10",)),
        ("Dec 1948", ("1948-12",)),
        ("1946", ("1946",)),
        ("circa 1970", ("1970",)),
        ("1962 to 1964", ("1962", "1963", "1964")),
        ("01 Jan 1960 to 31 Dec 1961", ("1960", "1961")),
        ("1900 to 1990", ("1900", "1990")),  # too wide to enumerate: its two ends
        ("00/00/1961", ("1961",)),  # OFSI writes unknown parts as 00
        ("dd/mm/1962", ("1962",)),  # FCDO writes them as dd/mm
        ("17/08/1957", ("1957-08-17",)),
        ("1975-04-01", ("1975-04-01",)),
        ("sometime", ()),
    ],
)
def test_parse_dates(text: str, expected: tuple[str, ...]) -> None:
    assert parse_dates(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Korea, North", "KP"),
        ("Korea, South", "KR"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Burma", "MM"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Bahamas, The", "BS"),
        ("Syrian Arab Republic", "SY"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("Türkiye", "TR"),
        ("Iraqi", "IQ"),
        ("DPRK", "KP"),
        ("de", "DE"),
        ("IRN", "IR"),
        ("Kosovo", "XK"),
        ("Region: Crimea", "UA"),
        ("Region: Gaza", "PS"),
        ("Region: Kafia Kingi", None),  # disputed: no single country
        ("The Gambia", "GM"),
        ("St. Kitts & Nevis", "KN"),
        ("", None),
        ("ZZ", None),
    ],
)
def test_country_to_alpha2(text: str, code: str | None) -> None:
    assert country_to_alpha2(text) == code


def test_countries_to_alpha2_drops_unknowns_and_repeats() -> None:
    assert countries_to_alpha2(["Iran", "nowhere", "IR", "Germany"]) == ("IR", "DE")


def test_remarks_weak_aliases_documents_and_nationalities() -> None:
    facts = parse_remarks(
        "DOB 1962 to 1963; POB Shati; nationality Palestinian; alt. Passport 123 (Egypt); "
        "National ID No. 660000 73767 (Belgium); Tax ID No. 52-1943868 (United States); "
        "SWIFT/BIC HAVIGB2L; Identification Number IMO 5342883; n.k.a. 'NEW NAME'; "
        "Passport K754050 issued 26 May 1999 expires 25 May 2004."
    )
    assert facts.dates_of_birth == ("1962", "1963")
    assert facts.countries == ("PS",)
    assert facts.aliases == (Alias("NEW NAME", "weak", "nka"),)
    assert facts.identifiers == (
        Identifier("passport", "123", "EG"),
        Identifier("national_id", "660000 73767", "BE"),
        Identifier("tax_id", "52-1943868", "US"),
        Identifier("swift_bic", "HAVIGB2L"),
        Identifier("imo", "5342883"),
        Identifier("passport", "K754050"),
    )


def _rows(*rows: list[str]) -> list[tuple[int, list[str]]]:
    return [(n, row) for n, row in enumerate(rows, 3)]


def test_header_records_map_cells_to_trimmed_header_names() -> None:
    rows = _rows([" id", "name "], ["1", "ACME"], ["2", "Zeta"])
    got = list(header_records(Path("x.csv"), iter(rows), ("id", "name"), header_line=1))
    assert got == [(4, {"id": "1", "name": "ACME"}), (5, {"id": "2", "name": "Zeta"})]


def test_header_records_untrimmed_header_misses_a_padded_column() -> None:
    rows = iter(_rows(["id", " name"], ["1", "ACME"]))
    records = header_records(Path("x.csv"), rows, ("id", "name"), header_line=1, strip_header=False)
    with pytest.raises(ListFormatError, match=r"^x\.csv:3: header lacks name$"):
        next(records)


def test_header_records_name_the_line_of_a_short_row_and_of_a_missing_header() -> None:
    rows = iter(_rows(["id", "name"], ["1", "ACME"], ["2"]))
    records = header_records(Path("x.csv"), rows, ("id",), header_line=1)
    assert next(records) == (4, {"id": "1", "name": "ACME"})
    with pytest.raises(ListFormatError, match=r"^x\.csv:5: 1 columns, header has 2$"):
        next(records)
    empty = header_records(Path("e.csv"), iter([]), ("id", "name"), header_line=2)
    with pytest.raises(ListFormatError, match=r"^e\.csv:2: header lacks id, name$"):
        next(empty)


@pytest.mark.parametrize(
    ("fmt", "message"),
    [
        ("eu_fsf_csv", "eu_fsf_csv takes exactly one file"),
        ("eu_fsf_xml", "eu_fsf_xml takes exactly one file"),
        ("ofac_xml", "ofac_xml takes exactly one file (SDN.XML or CONSOLIDATED.XML)"),
        ("uk_conlist_csv", "uk_conlist_csv takes exactly one file (ConList.csv)"),
        ("uk_sanctions_list_csv", "uk_sanctions_list_csv takes exactly one file"),
        ("un_xml", "un_xml takes exactly one file (consolidated.xml)"),
        ("us_csl_csv", "us_csl_csv takes exactly one file"),
    ],
)
def test_single_file_formats_refuse_two_files(tmp_path: Path, fmt: str, message: str) -> None:
    files = [tmp_path / "a", tmp_path / "b"]
    for file in files:
        file.write_text("x")
    with pytest.raises(ListFormatError) as caught:
        load_list(fmt, *files)
    assert str(caught.value) == message


def test_eu_xml_names_its_format_when_the_root_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    path.write_text("<sdnList/>")
    with pytest.raises(ListFormatError) as caught:
        load_list("eu_fsf_xml", path)
    assert str(caught.value) == f"{path}: root element is sdnList, expected export (EU FSF XML)"
