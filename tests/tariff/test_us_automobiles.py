"""Section 232 passenger vehicles and light trucks: the provisions of U.S. note 33(b) and the
UK's of 33(i) read from the real notes text, the entries written for them (by origin and day,
the deals, the provision shared with the truck duty, the metals duty left off), and what a
quote pays with the bundled tables."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import load_rules
from pricing_engine.rules.model import AdditionalEntry
from pricing_engine.tariff.us_automobiles import AUTOS, START, automobile_entries, read_note33
from pricing_engine.tariff.us_section232 import NAME, TRUCKS
from tests.tariff.conftest import duties, entry_at, notes_excerpt, us_quote

D = Decimal
LIGHT_TRUCK, CAR, ELECTRIC_TRUCK = "87042101", "87032301", "87046000"


def _text() -> str:
    return notes_excerpt("ch99_note33_vehicles_sample.txt")


@pytest.fixture(scope="module")
def read() -> Any:
    return read_note33(_text(), "sample")


@pytest.fixture(scope="module")
def entries(read: Any) -> list[AdditionalEntry]:
    written, kept, _ = automobile_entries(read, (ELECTRIC_TRUCK, "87049001"), ())
    assert kept == []
    return written


def test_the_lists_are_read_whole(read: Any) -> None:
    assert read.problems == ()
    listed, uk = read.lists["33(b)"], set(read.lists["33(i)"])
    assert len(listed) == 17 and len(uk) == 12
    assert {"87032201", "87039001", LIGHT_TRUCK, "87044100", ELECTRIC_TRUCK} <= set(listed)
    # the UK's deal is for the passenger vehicles (8703) of the list, not its light trucks
    assert uk == {c for c in listed if c.startswith("8703")}
    # small cars (8703.21) and snowmobiles, golf carts (8703.10) are not automobiles here
    assert not any(c.startswith(("870310", "870321")) for c in listed)


def test_a_text_naming_the_heading_without_its_list_is_a_problem() -> None:
    text = _text()
    start = text.index("8703.22.01")
    cut = text[:start] + text[text.index("(c) Heading 9903.94.02 applies"):]
    problems = read_note33(cut, "cut").problems
    assert [(p.column, p.text, p.hs) for p in problems] == [("list", "33(b)", "9903.94.01")]


def test_a_revision_stating_another_rate_is_a_problem() -> None:
    text = _text()
    assert text.count("7.5%") == 1
    problems = read_note33(text.replace("7.5%", "10%"), "edited").problems
    assert [(p.hs, p.column, p.text) for p in problems] == [("9903.94.31", "rate", "+ 10%")]
    assert "7.5" in problems[0].reason


@pytest.fixture(scope="module")
def bundled_engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


# origins as the entries name them (the EU as a whole); the quotes below name member states
@pytest.mark.parametrize(("code", "origin", "on", "rate", "top_up"), [
    (CAR, "DE", date(2025, 4, 2), None, None),               # before Proclamation 10908
    (CAR, "EU", date(2025, 4, 3), D("0.25"), None),
    (CAR, "EU", date(2025, 7, 31), D("0.25"), None),
    (CAR, "EU", date(2025, 8, 1), None, D("0.15")),          # EU deal: 15 % in all
    (CAR, "JP", date(2025, 9, 15), D("0.25"), None),
    (CAR, "JP", date(2025, 9, 16), None, D("0.15")),
    (CAR, "KR", date(2025, 10, 31), D("0.25"), None),
    (CAR, "KR", date(2025, 11, 1), None, D("0.15")),
    (CAR, "GB", date(2025, 6, 29), D("0.25"), None),
    (CAR, "GB", date(2025, 6, 30), D("0.075"), None),        # UK passenger vehicles, in quota
    (LIGHT_TRUCK, "GB", date(2026, 11, 20), D("0.25"), None),  # not a UK passenger vehicle
    (LIGHT_TRUCK, "JP", date(2026, 11, 20), None, D("0.15")),
    (LIGHT_TRUCK, "MX", date(2026, 11, 20), D("0.25"), None),
    (LIGHT_TRUCK, "CN", date(2026, 11, 20), D("0.25"), None),
    (ELECTRIC_TRUCK, "EU", date(2025, 10, 31), None, D("0.15")),
    (ELECTRIC_TRUCK, "EU", date(2025, 11, 1), D("0"), None),  # the truck duty answers
    (ELECTRIC_TRUCK, "US", date(2025, 11, 1), D("0"), None),
])
def test_by_origin_and_day(entries: list[AdditionalEntry], code: str, origin: str, on: date,
                           rate: Decimal | None, top_up: Decimal | None) -> None:
    if rate is None and top_up is None:
        assert not any(e.hs == code and (e.valid_from or START) <= on for e in entries)
        return
    entry = entry_at(entries, code, on, origin)
    assert (entry.name, entry.rate, entry.top_up_to) == (AUTOS, rate, top_up)
    assert entry.applies_with_preference  # 33(a): on top of any preference claimed
    if rate == D("0.075"):
        assert entry.confidence == "low" and "quota" in (entry.note or "")
    if rate == D("0"):
        assert TRUCKS in (entry.note or "")


def test_what_cannot_be_told_from_a_quote_is_said(entries: list[AdditionalEntry]) -> None:
    everyone = entry_at(entries, LIGHT_TRUCK, date(2026, 11, 20), "MX")
    for heading in ("9903.94.02", "9903.94.03", "9903.94.04"):
        assert heading in (everyone.note or "")
    assert everyone.confidence == "medium"


def test_the_metals_duty_is_left_off_the_listed_vehicles(read: Any) -> None:
    metals = [
        AdditionalEntry(name=NAME, hs=CAR, rate=D("0.25"), valid_from=date(2025, 3, 12),
                        source="s"),
        AdditionalEntry(name=NAME, hs="870321", rate=D("0.25"), valid_from=date(2025, 3, 12),
                        source="s"),
        AdditionalEntry(name=NAME, hs="8704", rate=D("0.5"), valid_from=date(2026, 4, 6),
                        source="s"),
        AdditionalEntry(name=TRUCKS, hs=ELECTRIC_TRUCK, rate=D("0.25"),
                        valid_from=date(2025, 11, 1), source="s"),
    ]
    _, kept, counts = automobile_entries(read, (), metals)
    by = {(e.name, e.hs): e for e in kept}
    # the car's own metals entry ends the day before the vehicle duty began
    assert by[NAME, CAR].valid_to == date(2025, 4, 2)
    # a small car (not listed) and the truck duty keep theirs
    assert by[NAME, "870321"] == metals[1] and by[TRUCKS, ELECTRIC_TRUCK] == metals[3]
    # under a shorter metals entry, each listed light truck gets a zero of its own
    zeros = {e.hs for e in kept if e.name == NAME and e.rate == 0}
    assert zeros == {c for c in read.lists["33(b)"] if c.startswith("8704")}
    assert all(e.valid_from == START for e in kept if e.name == NAME and e.hs in zeros)
    assert by[NAME, "8704"] == metals[2]
    assert counts["Section 232 metals: entries on vehicle provisions ended"] == 1 + len(zeros)


@pytest.mark.parametrize(("hs", "origin", "line", "expected"), [
    # a light truck (MFN 25 %) from Germany: 15 % in all is less than its own duty
    ("8704.21.01", "DE", {}, {"MFN duty": D("250.00"), AUTOS: D("0.00")}),
    # ... from the UK: the UK's deal is for passenger vehicles; + 25 %
    ("8704.21.01", "GB", {}, {"MFN duty": D("250.00"), AUTOS: D("250.00")}),
    # ... from Mexico under USMCA: free of the line's duty (a preference, not shown here),
    # not of this one
    ("8704.21.01", "MX", {"preference": {"agreement": "USMCA", "proof": True}},
     {AUTOS: D("250.00")}),
    # a car (MFN 2.5 %) from Japan: brought up to 15 % in all
    ("8703.23.01", "JP", {}, {"MFN duty": D("25.00"), AUTOS: D("125.00")}),
    # a car from Korea under KORUS (free): column 1-Special brought up to 15 %
    ("8703.23.01", "KR", {"preference": {"agreement": "KORUS", "proof": True}},
     {AUTOS: D("150.00")}),
    ("8703.23.01", "CN", {}, {"MFN duty": D("25.00"), AUTOS: D("250.00"),
                              "Section 301": D("250.00")}),
    # an electric truck from Germany: the truck duty, not both
    ("8704.60.00", "DE", {}, {"MFN duty": D("250.00"), AUTOS: D("0.00"), TRUCKS: D("250.00")}),
])
def test_what_a_bundled_quote_pays(bundled_engine: LandedCostEngine, hs: str, origin: str,
                                   line: dict[str, Any], expected: dict[str, Decimal]) -> None:
    assert duties(bundled_engine, us_quote(hs, origin, **line)) == expected


def test_a_small_car_is_not_under_the_vehicle_duty(bundled_engine: LandedCostEngine) -> None:
    assert AUTOS not in duties(bundled_engine, us_quote("8703.21.01", "JP"))


def test_the_section_122_surcharge_spares_light_trucks(bundled_engine: LandedCostEngine
                                                       ) -> None:
    got = duties(bundled_engine, us_quote("8704.21.01", "JP", on="2026-05-01"))
    assert got.get("Section 122 surcharge", D(0)) == 0
    assert got[AUTOS] == D("0.00")  # MFN 25 %: the deal's 15 % in all adds nothing


@pytest.mark.parametrize(("origin", "expected"), [
    # EO 14257 left Section 232 goods out of the reciprocal duty: a light truck of 2025 prices
    # (other lines of those days fail closed, the reciprocal rate by country not encoded)
    ("DE", {"MFN duty": D("250.00"), "IEEPA reciprocal": D("0.00"), AUTOS: D("0.00")}),
    # note 33(a)(2)-(3): nor the IEEPA duties on goods of Canada and Mexico
    ("MX", {"MFN duty": D("250.00"), "IEEPA fentanyl (Canada, Mexico)": D("0.00"),
            AUTOS: D("250.00")}),
])
def test_the_ieepa_duties_of_2025_spare_light_trucks(bundled_engine: LandedCostEngine,
                                                     origin: str,
                                                     expected: dict[str, Decimal]) -> None:
    assert duties(bundled_engine, us_quote("8704.21.01", origin, on="2025-10-01")) == expected
