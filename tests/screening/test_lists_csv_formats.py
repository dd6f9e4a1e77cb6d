"""The UK, EU-CSV and US CSL loaders, on real excerpts and on files in the published layouts."""

from __future__ import annotations

import collections
import csv
from pathlib import Path

import pytest

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.model import Alias, Identifier

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "samples"


def test_uk_conlist_2016_real_excerpt() -> None:
    path = SAMPLES / "uk_ofsi_conlist_2016-03-23_excerpt.csv"
    lst = load_list("uk_conlist_csv", path)
    with path.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.DictReader(handle.readlines()[1:]))
    groups = collections.Counter(r["Group ID"] for r in rows)
    assert [e.entry_id for e in lst.entities] == list(groups)  # 26 groups, first-seen order
    assert len(lst.entities) == 26
    assert lst.info.published == "2016-03-23"
    kinds = {r["Group ID"]: r["Group Type"] for r in rows}
    assert collections.Counter(e.kind for e in lst.entities) == {
        "person": sum(v == "Individual" for v in kinds.values()),
        "entity": sum(v == "Entity" for v in kinds.values()),
    }
    by_id = {e.entry_id: e for e in lst.entities}
    iqbal = by_id["6894"]  # one row per alias x date of birth
    assert iqbal.name == "ABDURRAHMAN, Mohamad Iqbal"  # the Prime Alias row
    assert Alias("A RAHMAN, Mohamad Iqbal") in iqbal.aliases
    assert iqbal.dates_of_birth == ("1957-08-17", "1958-08-17")
    assert iqbal.countries[0] == "ID"  # Nationality "Indonesian"
    assert Identifier("national_id", "3603251708570001") in iqbal.identifiers
    mizan = by_id["10657"]
    assert mizan.name == "3M MIZAN MACHINERY MANUFACTURING"
    assert (mizan.kind, mizan.countries) == ("entity", ("IR",))
    assert mizan.programs == ("Iran (nuclear proliferation)",)


def test_uk_conlist_2022_layout_handmade() -> None:
    lst = load_list("uk_conlist_csv", FIXTURES / "uk_conlist_2022_handmade.csv")
    assert lst.info.published == "2023-01-02"
    haddad, ship = lst.entities
    assert (haddad.entry_id, haddad.name, haddad.kind) == ("90001", "HADDAD, Sami", "person")
    assert haddad.aliases == (
        Alias("سامي حداد", "strong", "non_latin"),
        Alias("HADDAD, Samy", "strong", "aka"),
        Alias("ABU SAMI", "weak", "aka"),  # Alias Quality "Low"
    )
    assert haddad.countries == ("SY", "LB")  # "(1) Syria (2) Lebanon"
    assert Identifier("passport", "N0123456") in haddad.identifiers
    assert (ship.kind, ship.name) == ("vessel", "GULF STAR")


def test_uk_sanctions_list_csv_handmade() -> None:
    lst = load_list("uk_sanctions_list_csv", FIXTURES / "uk_sanctions_list_handmade.csv")
    assert (lst.info.list_id, lst.info.published) == ("uk_fcdo", "2026-02-13")
    ivanov, group, ship = lst.entities
    assert (ivanov.entry_id, ivanov.kind, ivanov.name) == (
        "RUS0001",
        "person",
        "IVANOV, Pyotr Sergeyevich",
    )
    assert ivanov.aliases == (
        Alias("Пётр Сергеевич ИВАНОВ", "strong", "non_latin"),
        Alias("IVANOV, Petr Sergeevich", "strong", "variation"),
        Alias("PETYA", "weak", "aka"),
    )
    assert ivanov.dates_of_birth == ("1961-03-05", "1962")  # "05/03/1961|dd/mm/1962"
    assert ivanov.countries == ("RU", "CY")
    assert ivanov.identifiers == (Identifier("passport", "720000001"),)
    assert (group.kind, group.aliases, group.countries) == ("entity", (Alias("EHG"),), ("KP",))
    assert group.addresses == ("PO Box 1, Pyongyang, North Korea",)
    assert ship.kind == "vessel"
    assert ship.identifiers == (Identifier("imo", "9123456"),)
    assert ship.countries == ("CM",)


def test_uk_sanctions_list_short_row() -> None:
    with pytest.raises(ListFormatError, match=r"uk_sanctions_list_bad_row\.csv:4: 40 columns"):
        load_list("uk_sanctions_list_csv", FIXTURES / "uk_sanctions_list_bad_row.csv")


def test_layout_mixups_are_refused() -> None:
    with pytest.raises(ListFormatError, match="expected 'Report Date"):
        load_list("uk_sanctions_list_csv", FIXTURES / "uk_conlist_2022_handmade.csv")
    with pytest.raises(ListFormatError, match="expected 'Last Updated"):
        load_list("uk_conlist_csv", FIXTURES / "uk_sanctions_list_handmade.csv")
    with pytest.raises(ListFormatError, match="header lacks Entity_LogicalId"):
        load_list("eu_fsf_csv", FIXTURES / "uk_conlist_2022_handmade.csv")
    with pytest.raises(ListFormatError, match="header lacks _id"):
        load_list("us_csl_csv", FIXTURES / "eu_fsf_handmade.csv")


def test_eu_fsf_csv_handmade() -> None:
    lst = load_list("eu_fsf_csv", FIXTURES / "eu_fsf_handmade.csv")
    assert (lst.info.list_id, lst.info.published, lst.info.entries) == ("eu_fsf", "2022-10-28", 2)
    mugabe, works = lst.entities
    assert (mugabe.entry_id, mugabe.kind, mugabe.name) == ("13", "person", "Robert Gabriel Mugabe")
    assert mugabe.aliases == (Alias("Robert G. Mugabe"),)
    assert mugabe.dates_of_birth == ("1924-02-21",)
    assert mugabe.identifiers == (Identifier("passport", "AD001095", "ZW"),)
    assert (mugabe.countries, mugabe.programs) == (("ZW",), ("ZWE",))
    assert (works.kind, works.name) == ("entity", 'Joint Stock Company "Example Works"')
    assert works.aliases == (Alias("АО «Пример»"),)
    assert works.dates_of_birth == ()  # year 0 means none
    assert works.remarks == "Hand-made test entry; a ; inside quotes."
    assert works.countries == ("RU",)


def test_us_csl_real_excerpt() -> None:
    path = SAMPLES / "us_trade_csl_consolidated_2022-05_excerpt.csv"
    lst = load_list("us_csl_csv", path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [e.entry_id for e in lst.entities] == [r["_id"] for r in rows]
    assert len(rows) == 55
    by_id = {e.entry_id: e for e in lst.entities}
    # quoted names with embedded line breaks come out on one line
    broken = [r for r in rows if "\n" in r["name"]]
    assert len(broken) == 2
    for row in broken:
        assert by_id[row["_id"]].name == " ".join(row["name"].split())
    assert by_id["3da5adfe0d93a9e200e7e2a53b60f74d6a9642ab"].name == (
        "Gaobeidian Kaituo Precise Instrument Co. Ltd"
    )
    yasir = by_id["24904"]
    assert (yasir.kind, yasir.name) == ("person", "'ABBAS, Yasir")
    assert yasir.aliases == (Alias("'ABBAS, Yasir 'Aziz"),)
    assert yasir.programs == ("SYRIA", "SDN")
    aerosun = by_id["32129"]
    assert Identifier("registration", "91320000714091899R", "CN") in aerosun.identifiers
    alt_total = sum(len([a for a in r["alt_names"].split(";") if a.strip()]) for r in rows)
    assert sum(len(e.aliases) for e in lst.entities) <= alt_total
    assert sum(len(e.aliases) for e in lst.entities) > 20


def test_us_csl_bad_row_after_a_multiline_cell_names_its_line(tmp_path: Path) -> None:
    source = SAMPLES / "us_trade_csl_consolidated_2022-05_excerpt.csv"
    header = source.read_text(encoding="utf-8").splitlines()[0]
    width = header.count(",") + 1
    good = ["x1", "Entity List (EL) - Bureau of Industry and Security", *[""] * (width - 2)]
    good[header.split(",").index("name")] = "TWO\nLINES"
    bad = tmp_path / "csl.csv"
    with bad.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\n")
        csv.writer(handle, lineterminator="\n").writerows([good, ["x2", "too short"]])
    with pytest.raises(ListFormatError, match=r"csl\.csv:4: 2 columns, header has 29"):
        load_list("us_csl_csv", bad)
