"""The XML list loaders (OFAC sdnList, UN, EU FSF) on real excerpts and hand-made files."""

from __future__ import annotations

import collections
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pricing_engine.errors import ListFormatError
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.model import Alias, Identifier

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
BUNDLED = Path(__file__).resolve().parents[2] / "sanctions_lists"
SAMPLES = FIXTURES / "samples"
OFAC_NS = "{http://tempuri.org/sdnList.xsd}"


def test_ofac_sdn_xml_excerpt_names_aliases_and_ids() -> None:
    lst = load_list("ofac_xml", SAMPLES / "ofac_sdn_xml_2020-04-22_secondhand_excerpt.xml")
    assert (lst.info.list_id, lst.info.published, len(lst.entities)) == (
        "ofac_sdn",
        "2020-04-22",
        7,
    )
    saeed = lst.entities[0]
    assert (saeed.entry_id, saeed.name, saeed.kind) == ("10689", "SAEED, Muhammad", "person")
    assert Alias("HAFIZ SAHIB", "weak", "aka") in saeed.aliases
    assert Alias("SAEED, Hafiz Muhammad", "strong", "aka") in saeed.aliases
    assert Identifier("passport", "BE5978421", "PK") in saeed.identifiers
    assert saeed.dates_of_birth == ("1950-06-05",)


def test_un_consolidated_real_file() -> None:
    path = BUNDLED / "un_sc_consolidated.xml"
    lst = load_list("un_xml", path)
    assert lst.info.published == "2026-02-27"
    assert collections.Counter(e.kind for e in lst.entities) == {"person": 730, "entity": 273}
    root = ET.parse(path).getroot()
    low = sum(
        1
        for a in root.iter("INDIVIDUAL_ALIAS")
        if a.findtext("QUALITY") == "Low" and (a.findtext("ALIAS_NAME") or "").strip()
    )
    weak = sum(a.strength == "weak" for e in lst.entities for a in e.aliases)
    assert weak == low > 500
    by_id = {e.entry_id: e for e in lst.entities}
    badege = by_id["CDi.001"]
    assert (badege.name, badege.dates_of_birth, badege.programs) == (
        "ERIC BADEGE",
        ("1971",),
        ("DRC",),
    )
    assert badege.countries == ("CD", "RW")  # nationality DRC, address Rwanda
    kakolele = by_id["CDi.002"]
    assert Alias("AIGLE BLANC", "strong", "aka") in kakolele.aliases
    # every REFERENCE_NUMBER in the file is an entry id
    refs = {(r.text or "").strip() for r in root.iter("REFERENCE_NUMBER")}
    assert len(refs) == len(lst.entities)  # unique ids
    assert set(by_id) == refs


def test_un_handmade_file() -> None:
    lst = load_list("un_xml", FIXTURES / "un_handmade.xml", list_id="un_test")
    person, company = lst.entities
    assert (person.entry_id, person.name, person.kind) == (
        "QDi.900",
        "ALI HASSAN AL-TEST",
        "person",
    )
    assert person.aliases == (
        Alias("علي حسن", "strong", "original_script"),
        Alias("ALI HASAN", "strong", "aka"),
        Alias("ABU TEST", "weak", "aka"),
    )
    assert person.dates_of_birth == ("1975-04-01", "1976", "1977")
    assert person.countries == ("IQ", "SY")
    assert person.identifiers == (Identifier("passport", "A1234567", "IQ"),)
    assert person.addresses == ("Baghdad, Iraq",)
    assert (company.kind, company.aliases) == ("entity", (Alias("OLD FRONT CO", "strong", "fka"),))
    assert company.countries == ("KP",)
    assert lst.info.published == "2026-01-02"


def test_eu_fsf_xml_excerpt() -> None:
    lst = load_list("eu_fsf_xml", SAMPLES / "eu_fsf_xml_2020-04-15_secondhand_excerpt.xml")
    assert lst.info.published == "2020-04-15"
    assert [e.entry_id for e in lst.entities] == ["5295", "5463", "5468", "191", "5807", "927"]
    assert {e.kind for e in lst.entities} == {"person"}
    first = lst.entities[0]
    assert first.name == "Abid Hammadou"
    assert Alias("Abdelhamid Abou Zeid") in first.aliases
    assert first.dates_of_birth == ("1965-12-12", "1958")
    assert (first.countries, first.programs) == (("DZ",), ("TAQA",))
    aouadi = lst.entities[-1]
    assert Identifier("national_id", "04643632", "TN") in aouadi.identifiers
    # a passport whose countryIso2Code is "00" (unknown) has no country
    assert Identifier("passport", "488555", None) in lst.entities[3].identifiers


def test_a_dtd_is_refused() -> None:
    with pytest.raises(ListFormatError, match="refusing an XML file with a DTD"):
        load_list("un_xml", FIXTURES / "xml_with_doctype.xml")


def test_truncated_xml_names_file_and_line() -> None:
    with pytest.raises(ListFormatError) as caught:
        load_list("un_xml", FIXTURES / "un_truncated.xml")
    assert re.search(r"un_truncated\.xml:\d+: malformed XML", str(caught.value))


def test_wrong_root_is_refused() -> None:
    with pytest.raises(
        ListFormatError, match="root element is CONSOLIDATED_LIST, expected sdnList"
    ):
        load_list("ofac_xml", FIXTURES / "un_handmade.xml")
    with pytest.raises(ListFormatError, match="expected export"):
        load_list("eu_fsf_xml", FIXTURES / "un_handmade.xml")


def test_eu_fsf_xml_handmade_enterprise_and_weak_alias() -> None:
    lst = load_list("eu_fsf_xml", FIXTURES / "eu_fsf_handmade.xml")
    company, person = lst.entities
    assert (company.entry_id, company.kind, company.name) == (
        "900001",
        "entity",
        "Example Shipping Company JSC",
    )
    assert company.aliases == (Alias("ESC", "weak"),)  # strong="false"
    assert company.identifiers == (Identifier("regnumber", "1027800000000", "RU"),)
    assert company.addresses == ("Nevsky 1, Saint Petersburg, 190000, RUSSIAN FEDERATION",)
    assert company.remarks == "EU ref EU.9000.1; Hand-made test entity."
    assert (person.kind, person.dates_of_birth, person.countries) == (
        "person",
        ("1960", "1961", "1962"),
        ("BY",),
    )
    assert person.programs == ()
