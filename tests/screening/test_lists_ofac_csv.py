"""The OFAC delimited-file loader, on the real SDN/consolidated files and on hand-made ones."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from pricing_engine.errors import ListFormatError, MissingData
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.model import Alias, Identifier

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
#: the bundled list files (the same files as the project's reference copies)
BUNDLED = Path(__file__).resolve().parents[2] / "sanctions_lists"


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="cp1252", newline="") as handle:
        return [r for r in csv.reader(handle) if len(r) > 1]


def test_real_sdn_2024_with_2025_aliases() -> None:
    sdn = BUNDLED / "ofac_sdn_2024-05-03.csv"
    lst = load_list(
        "ofac_csv",
        sdn,
        BUNDLED / "ofac_alt_2025-12-24.csv",
        BUNDLED / "ofac_add_2025-12-24.csv",
    )
    assert lst.info.list_id == "ofac_sdn"
    rows = _rows(sdn)
    assert len(lst.entities) == len(rows) == 14965
    kinds = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft", "-0- ": "entity"}
    expected = {r[0]: kinds[r[2]] for r in rows}
    assert {e.entry_id: e.kind for e in lst.entities} == expected
    by_id = {e.entry_id: e for e in lst.entities}
    bnc = by_id["306"]
    assert bnc.name == "BANCO NACIONAL DE CUBA"
    assert Alias("NATIONAL BANK OF CUBA", "strong", "aka") in bnc.aliases
    assert Alias("BNC", "weak", "aka") in bnc.aliases  # remarks: a.k.a. 'BNC'
    assert bnc.programs == ("CUBA",)
    assert {"CH", "ES", "JP", "PA"} <= set(bnc.countries)  # from the 2025 add.csv
    assert by_id["4715"].programs == ("SDNTK", "FTO", "SDGT")


def test_real_sdn_remarks_give_dobs_and_imo_numbers() -> None:
    sdn = BUNDLED / "ofac_sdn_2024-05-03.csv"
    lst = load_list("ofac_csv", sdn)
    rows = {r[0]: r for r in _rows(sdn)}
    by_id = {e.entry_id: e for e in lst.entities}
    # every vessel whose remarks state an IMO number carries it as an identifier
    imo_rows = {k: m.group(1) for k, r in rows.items() if (m := re.search(r"IMO (\d{7})", r[11]))}
    assert len(imo_rows) > 800
    for ent_num, imo in imo_rows.items():
        assert ("imo", imo) in {(i.type, i.value) for i in by_id[ent_num].identifiers}, ent_num
    # "DOB 10 Dec 1948" style dates come out in ISO form
    full = {
        k: m.group(1) for k, r in rows.items() if (m := re.match(r"DOB (\d\d \w{3} \d{4});", r[11]))
    }
    assert len(full) > 1000
    for ent_num in list(full)[:200]:
        day, mon, year = full[ent_num].split()
        month = "JanFebMarAprMayJunJulAugSepOctNovDec".index(mon) // 3 + 1
        assert by_id[ent_num].dates_of_birth[0] == f"{year}-{month:02d}-{day}", ent_num


def test_real_consolidated_non_sdn() -> None:
    prim, alt = BUNDLED / "ofac_cons_prim_2025-12.csv", BUNDLED / "ofac_cons_alt_2025-12.csv"
    lst = load_list("ofac_csv", alt, prim)  # order does not matter
    assert lst.info.list_id == "ofac_cons"  # told by the cons_* file names
    assert len(lst.entities) == len(_rows(prim)) == 442
    alias_count = sum(1 for r in _rows(alt) if r[0] in {e.entry_id for e in lst.entities})
    assert sum(a.strength == "strong" for e in lst.entities for a in e.aliases) == alias_count


def test_handmade_set() -> None:
    lst = load_list(
        "ofac_csv",
        FIXTURES / "ofac_handmade_sdn.csv",
        FIXTURES / "ofac_handmade_alt.csv",
        FIXTURES / "ofac_handmade_add.csv",
        list_id="mine",
    )
    doe, ship, cafe, plane = lst.entities
    assert (doe.list_id, doe.entry_id, doe.kind, doe.name) == ("mine", "10", "person", "DOE, John")
    assert doe.aliases == (
        Alias("DOE, Johnny", "strong", "aka"),
        Alias("SMITH, John", "strong", "fka"),
        Alias("JD", "weak", "aka"),
        Alias("JOHNNY", "weak", "fka"),
    )
    assert doe.dates_of_birth == ("1961-03-05", "1962")
    assert doe.countries == ("KP", "RU", "IR")  # nationality, citizen, then address
    assert doe.identifiers == (Identifier("passport", "X123", "IR"),)
    assert (ship.kind, ship.countries, ship.programs) == ("vessel", ("PA",), ("IRAN", "SDGT"))
    assert Identifier("imo", "9187629") in ship.identifiers
    assert Identifier("call_sign", "9ABC") in ship.identifiers
    assert cafe.name == "CAFÉ MÜLLER GMBH"  # cp1252 bytes C9, DC
    assert (cafe.kind, cafe.countries) == ("entity", ("DE",))
    assert cafe.addresses == ("Hauptstr. 1, Berlin 10115, Germany",)
    assert plane.kind == "aircraft"
    assert lst.info.entries == 4
    assert lst.info.files == (
        "ofac_handmade_sdn.csv",
        "ofac_handmade_alt.csv",
        "ofac_handmade_add.csv",
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("ofac_bad_width.csv", "ofac_bad_width.csv:2: 7 columns"),
        ("ofac_bad_ent_num.csv", "ofac_bad_ent_num.csv:2: ent_num 'X1' is not a number"),
        ("ofac_bad_quote.csv", "ofac_bad_quote.csv:2: malformed CSV"),
    ],
)
def test_malformed_files_name_file_and_line(name: str, message: str) -> None:
    with pytest.raises(ListFormatError) as caught:
        load_list("ofac_csv", FIXTURES / name)
    assert message in str(caught.value)


def test_alias_file_alone_is_refused() -> None:
    with pytest.raises(ListFormatError, match="no OFAC primary file"):
        load_list("ofac_csv", FIXTURES / "ofac_handmade_alt.csv")


def test_missing_file_and_unknown_format() -> None:
    with pytest.raises(MissingData, match=re.escape("nope.csv: list file not found")):
        load_list("ofac_csv", FIXTURES / "nope.csv")
    with pytest.raises(ListFormatError, match="unknown list format 'ofac_pdf'"):
        load_list("ofac_pdf", FIXTURES / "ofac_handmade_sdn.csv")
