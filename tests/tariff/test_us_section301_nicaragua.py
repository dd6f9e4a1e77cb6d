"""The Section 301 duty on products of Nicaragua: the phases of U.S. note 29(b) read from the
real notes text, a text whose phases cannot be read reported, and what a quote pays with the
bundled table, year by year and under a CAFTA-DR claim."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import load_rules
from pricing_engine.tariff.us_section301_nicaragua import (
    NAME,
    Phase,
    nicaragua_entries,
    read_note29,
)
from tests.tariff.conftest import FL, duties, notes_excerpt, us_quote

D = Decimal


def _text() -> str:
    return notes_excerpt("ch99_note29_sample.txt")


def test_the_phases_are_read_from_the_note() -> None:
    phases, problems = read_note29(_text(), "sample")
    assert problems == ()
    assert phases == (Phase(date(2026, 1, 1), date(2026, 12, 31), D("0")),
                      Phase(date(2027, 1, 1), date(2027, 12, 31), D("0.10")),
                      Phase(date(2028, 1, 1), None, D("0.15")))


def test_a_revision_with_other_phases_is_read_as_written() -> None:
    assert _text().count("15%") == 1
    phases, problems = read_note29(_text().replace("15%", "25%"), "edited")
    assert problems == () and phases[-1] == Phase(date(2028, 1, 1), None, D("0.25"))


@pytest.mark.parametrize("edit", [
    ("15%", "fifteen percent"),                        # the last phase unreadable
    ("January 1, 2027, though", "March 1, 2027, though"),  # a gap between two phases
])
def test_phases_that_cannot_be_read_are_a_problem_not_nothing(edit: tuple[str, str]) -> None:
    phases, problems = read_note29(_text().replace(*edit), "edited")
    assert phases == ()
    assert [(p.hs, p.text) for p in problems] == [("9903.89.01", "29(b)")]


def test_a_text_without_the_heading_is_another_revision() -> None:
    assert read_note29("Harmonized Tariff Schedule, notes without it", "old") == ((), ())


def test_the_entries_spare_cafta_dr_claims() -> None:
    phases, _ = read_note29(_text(), "sample")
    entries = nicaragua_entries(phases)
    assert {(e.hs, e.origins, e.applies_with_preference) for e in entries} == {
        ("*", ("NI",), False)}
    assert [e.rate for e in entries] == [D("0"), D("0.10"), D("0.15")]


@pytest.fixture(scope="module")
def bundled_engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


@pytest.mark.parametrize(("on", "origin", "claim", "expected"), [
    # a cotton T-shirt (16.5 %) of Nicaragua, 1,000.00: nothing more in 2026, 10 % in 2027,
    # 15 % from 2028; beside it the forced-labour duty of 2026 (Nicaragua: + 12.5 %)
    ("2026-12-01", "NI", False, {"MFN duty": D("165.00"), NAME: D("0.00"), FL: D("125.00")}),
    ("2027-03-01", "NI", False, {"MFN duty": D("165.00"), NAME: D("100.00"), FL: D("125.00")}),
    ("2028-02-01", "NI", False, {"MFN duty": D("165.00"), NAME: D("150.00"), FL: D("125.00")}),
    # originating under CAFTA-DR: neither the MFN duty nor these (a textile entered under it)
    ("2027-03-01", "NI", True, {}),
    # the same T-shirt of Honduras: no such duty, the forced-labour one (+ 10 %)
    ("2027-03-01", "HN", False, {"MFN duty": D("165.00"), FL: D("100.00")}),
])
def test_what_a_bundled_quote_pays(bundled_engine: LandedCostEngine, on: str, origin: str,
                                   claim: bool, expected: dict[str, Decimal]) -> None:
    line = {"preference": {"agreement": "CAFTA-DR", "proof": True}} if claim else {}
    assert duties(bundled_engine, us_quote("6109.10.00", origin, on=on, **line)) == expected
