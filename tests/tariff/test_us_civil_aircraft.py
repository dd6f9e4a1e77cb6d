"""Civil aircraft of the UK and Japan and the Section 232 metals duties: the provisions of U.S.
note 35 read from the real notes text, the metals entries written again for those origins
from the deals' days (not charged on goods declared civil aircraft), and what a quote pays
with the bundled tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import load_rules
from pricing_engine.rules.model import AdditionalEntry
from pricing_engine.tariff.us_civil_aircraft import USE, aircraft_entries, read_note35
from pricing_engine.tariff.us_section232 import NAME as METALS
from pricing_engine.tariff.us_section232 import WOOD
from tests.tariff.conftest import duties, entry_at, notes_excerpt, us_quote

D = Decimal
UK_DAY, JP_DAY = date(2025, 6, 30), date(2025, 9, 16)


def _text() -> str:
    return notes_excerpt("ch99_note35_sample.txt")


@pytest.fixture(scope="module")
def read() -> Any:
    return read_note35(_text(), "sample")


def test_the_lists_are_read_whole(read: Any) -> None:
    assert read.problems == ()
    uk, japan = read.lists["35(a)"], read.lists["35(b)"]
    assert (len(uk), len(japan)) == (559, 548)
    assert uk[:2] == ("39172100", "39172200") and uk[-1] == "96200060"
    # Japan's list leaves out unmanned aircraft (8806); chapter 98 provisions are not goods
    assert set(uk) - set(japan) == {c for c in uk if c.startswith("8806")}
    assert not any(c.startswith(("98", "99")) for c in uk + japan)


def test_a_text_naming_the_heading_without_its_list_is_a_problem() -> None:
    text = _text()
    start = text.index("3917.21.00")
    cut = text[:start] + text[text.index("(b) As provided in heading 9903.96.02"):]
    problems = read_note35(cut, "cut").problems
    assert [(p.hs, p.column, p.text) for p in problems] == [("9903.96.01", "list", "35(a)")]


def _metals(hs: str, start: date, end: date | None = None, **more: Any) -> AdditionalEntry:
    return AdditionalEntry(name=METALS, hs=hs, rate=D("0.5"), valid_from=start, valid_to=end,
                           source="s", **more)


def test_an_entry_at_a_listed_provision_is_split_for_the_deals(read: Any) -> None:
    tube = _metals("76082000", date(2025, 6, 4), except_origins=("GB",))
    uk = AdditionalEntry(name=METALS, hs="76082000", rate=D("0.25"), valid_from=date(2025, 6, 4),
                         origins=("GB",), source="s")
    out, counts = aircraft_entries(read, [tube, uk])
    # the UK: its own entry until the day before its deal, then not on civil aircraft
    assert entry_at(out, "76082000", date(2025, 6, 29), "GB").except_for_use is None
    after = entry_at(out, "76082000", UK_DAY, "GB")
    assert (after.rate, after.except_for_use, after.valid_from) == (D("0.25"), (USE,), UK_DAY)
    assert "9903.96.01" in (after.note or "")
    # Japan: the shared entry until 2025-09-15, its own from 2025-09-16
    assert entry_at(out, "76082000", date(2025, 9, 15), "JP").except_for_use is None
    japan = entry_at(out, "76082000", JP_DAY, "JP")
    assert (japan.rate, japan.except_for_use, japan.origins) == (D("0.5"), (USE,), ("JP",))
    # every other origin keeps the duty on every good
    for origin in ("DE", "CN"):
        assert entry_at(out, "76082000", date(2026, 11, 20), origin).except_for_use is None
    assert counts["civil aircraft GB: metals entries spared on civil aircraft"] == 1
    assert counts["civil aircraft JP: metals entries spared on civil aircraft"] == 1


def test_an_entry_over_listed_provisions_gets_one_at_each(read: Any) -> None:
    heading = _metals("7304", date(2026, 4, 6), except_origins=("GB",))
    out, counts = aircraft_entries(read, [heading])
    listed = {c for c in read.lists["35(b)"] if c.startswith("7304")}
    assert listed and len(listed) < 20  # some 7304 lines only: the heading stays for the rest
    written = {e.hs for e in out if e.origins == ("JP",)}
    assert written == listed
    assert all(e.except_for_use == (USE,) and e.valid_from == date(2026, 4, 6)
               for e in out if e.origins == ("JP",))
    assert heading in out  # the heading itself answers for the other lines and origins
    assert counts["civil aircraft JP: metals entries written at a listed provision"] == \
        len(listed)
    # no UK entries: the heading does not charge the UK
    assert not [e for e in out if e.origins == ("GB",)]


def test_what_is_left_as_it_was(read: Any) -> None:
    before = _metals("76082000", date(2018, 3, 23), date(2025, 6, 1))  # ended before the deals
    elsewhere = _metals("7601", date(2026, 4, 6))  # not a listed provision
    wood = AdditionalEntry(name=WOOD, hs="94017000", rate=D("0.1"), valid_from=date(2025, 10, 14),
                           source="s")  # not a metals duty
    zero = AdditionalEntry(name=METALS, hs="73044100", rate=D("0"), valid_from=date(2025, 4, 3),
                           source="s")
    out, _ = aircraft_entries(read, [before, elsewhere, wood, zero])
    assert out == [before, elsewhere, wood, zero]


def test_an_entry_excepting_vehicle_parts_excepts_civil_aircraft_too(read: Any) -> None:
    part = _metals("8483101010", date(2026, 4, 6), except_for_use="vehicle_part")
    out, _ = aircraft_entries(read, [part])
    assert entry_at(out, "8483101010", date(2026, 11, 20), "GB").except_for_use == (
        "vehicle_part", USE)
    assert entry_at(out, "8483101010", date(2026, 11, 20), "DE").except_for_use == (
        "vehicle_part",)


@pytest.fixture(scope="module")
def bundled_engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


@pytest.mark.parametrize(("origin", "uses", "expected"), [
    # aluminium tubes of 7608.20.00 (MFN 5.7 %): the UK's metals rate is 25 % ...
    ("GB", None, {"MFN duty": D("57.00"), METALS: D("250.00")}),
    # ... and nothing on civil aircraft articles declared so
    ("GB", [USE], {"MFN duty": D("57.00")}),
    ("JP", [USE], {"MFN duty": D("57.00")}),
    ("JP", [], {"MFN duty": D("57.00"), METALS: D("500.00")}),
    # no deal for Germany's civil aircraft in the notes
    ("DE", [USE], {"MFN duty": D("57.00"), METALS: D("500.00")}),
])
def test_what_a_bundled_quote_pays(bundled_engine: LandedCostEngine, origin: str,
                                   uses: list[str] | None, expected: dict[str, Decimal]) -> None:
    line = {} if uses is None else {"uses": uses}
    got = duties(bundled_engine, us_quote("7608.20.00", origin, **line))
    assert {k: v for k, v in got.items() if k != "Section 232 vehicle parts"} == expected


def test_a_table_writes_one_use_as_a_word_and_several_as_a_list(read: Any) -> None:
    from pricing_engine.rules.model import TariffFile
    from pricing_engine.tariff.table import render_table

    part = _metals("8483101010", date(2026, 4, 6), except_for_use="vehicle_part",
                   except_origins=("CA", "MX"))
    out, _ = aircraft_entries(read, [part])
    table = TariffFile(tariff="US", as_of=date(2026, 4, 28), sources=({"id": "s", "title": "t"},),
                       additional=tuple(out))
    text = render_table(table)
    assert "except_for_use: vehicle_part," in text
    assert "except_for_use: [vehicle_part, civil_aircraft]," in text
    # and the shipped table reads back the same way
    shipped = (Path(__file__).resolve().parents[2] / "rules" / "tariffs" /
               "US.section232.yaml").read_text(encoding="utf-8")
    assert "except_for_use: [vehicle_part, civil_aircraft]" in shipped
