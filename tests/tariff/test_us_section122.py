"""The Section 122 surcharge by line (pricing_engine.tariff.us_section122, the bundled
rules/tariffs/US.section122.yaml): 10 % on products of every country from 2026-02-24 to
2026-07-23, except the lines of U.S. note 2(aa)(ii), the goods under Section 232, civil
aircraft articles declared so, and CA / MX goods entered under USMCA; particular articles
within a line (2(aa)(iii)) are charged and named. The reader is tested on an excerpt of the
notes (tests/fixtures/tariffs/ch99_note2aa_sample.txt), the table through quotes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import load_rules
from pricing_engine.rules.model import AdditionalEntry
from pricing_engine.tariff.us_section122 import (
    END,
    NAME,
    RATE,
    START,
    Section122,
    read_note2aa,
    section122_entries,
)
from pricing_engine.tariff.us_section232 import checked_rate
from tests.tariff.conftest import entry_at, us_quote

D = Decimal
IN_FORCE = "2026-05-01"


@pytest.fixture(scope="module")
def read() -> Section122:
    path = Path(__file__).resolve().parents[1] / "fixtures" / "tariffs" / "ch99_note2aa_sample.txt"
    return read_note2aa(path.read_bytes().decode("cp1252"), path.name)


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def test_the_lists_and_the_rate_are_read(read: Section122) -> None:
    assert read.rate == D("0.10")
    assert read.problems == ()
    # list (ii): its first line, a line on a page head's row, a 10-digit line; no 9903 codes
    assert {"02011005", "27141000", "27160000", "8505110070", "85429000"} <= set(read.exempt)
    assert not [c for c in read.exempt if c.startswith(("98", "99"))]
    assert len(read.articles) == 11 and read.articles["08059001"] == "Etrogs"
    assert read.articles["33012951"].startswith("Essential oils other than those of citrus")
    assert {"39172100", "73043130", "94011040", "96200060"} <= set(read.aircraft)


def test_notes_without_the_subdivisions_are_a_problem_not_an_empty_list() -> None:
    found = read_note2aa("9903.03.01 1/ Except for products described in headings ...", "x.txt")
    assert found.exempt == () and found.problems
    assert "not found" in found.problems[0].reason


def _metals(hs: str, since: date, **more: Any) -> AdditionalEntry:
    return AdditionalEntry(name="Section 232 metals", hs=hs, rate=D("0.5"), valid_from=since,
                           **more)


def test_section_232_goods_are_spared_from_the_day_their_duty_began(read: Section122) -> None:
    entries, _ = section122_entries(read, [
        _metals("7616", date(2026, 4, 6)),                   # a derivative of April 2026
        _metals("7208", date(2018, 3, 23)),                  # steel all along
        _metals("84099100", date(2025, 5, 3), only_for_use="vehicle_part"),
        AdditionalEntry(name="Section 232 metals", hs="7301", rate=D("0.5"),
                        origins=("GB",), valid_from=date(2025, 1, 1)),  # one origin only
    ])
    assert entry_at(entries, "7616", date(2026, 3, 1), "DE").rate == D("0.10")
    assert entry_at(entries, "7616", date(2026, 4, 6), "DE").rate == 0
    assert entry_at(entries, "7208", START, "DE").rate == 0
    vehicle = entry_at(entries, "84099100", START, "DE")
    assert (vehicle.rate, vehicle.except_for_use) == (D("0.10"), ("vehicle_part",))
    assert not [e for e in entries if e.hs == "7301"]
    # a civil aircraft provision under a Section 232 heading is spared as such, not written
    assert not [e for e in entries if e.hs.startswith("7208") and e.hs != "7208"]


def test_the_general_entries_spare_usmca_and_cafta_dr_claims(read: Section122) -> None:
    entries, _ = section122_entries(read, [])
    everyone = entry_at(entries, "*", START, "DE")
    assert (everyone.rate, everyone.applies_with_preference) == (D("0.10"), True)
    assert entry_at(entries, "*", END, "MX").applies_with_preference is False
    textiles = entry_at(entries, "61", START, "HN")
    assert textiles.applies_with_preference is False
    assert all(e.valid_to == END for e in entries)


def _duties(engine: LandedCostEngine, hs: str, origin: str, on: str = IN_FORCE,
            **line: Any) -> dict[str, Decimal]:
    (found,) = engine.quote(us_quote(hs, origin, on, **line)).lines
    return {c.name: c.amount.amount for c in found.charges if c.kind == "additional"}


def test_a_line_outside_the_exemptions_pays_ten_percent(engine: LandedCostEngine) -> None:
    # a video game console from Japan (once refused for review: the surcharge was not known
    # by line); 10 % of the 1,000.00 customs value
    assert _duties(engine, "9504.50.00", "JP") == {NAME: D("100.00")}
    assert NAME not in _duties(engine, "9504.50.00", "JP", on="2026-07-24")


def test_a_listed_line_and_section_232_goods_pay_none(engine: LandedCostEngine) -> None:
    assert _duties(engine, "0901.21.00", "BR")[NAME] == 0  # coffee, list (ii)
    assert _duties(engine, "7208.51.00", "DE")[NAME] == 0  # flat-rolled steel, Section 232
    found = load_rules().duty("US", "0901.21.00", "BR", date(2026, 5, 1))
    (entry,) = [a for a in found.additional if a.name == NAME]
    assert entry.rate == 0 and entry.ref.file == "rules/tariffs/US.section122.yaml"


def test_civil_aircraft_goods_pay_none_where_declared(engine: LandedCostEngine) -> None:
    # 8411.91.90, parts of turbojets: a civil aircraft provision of list (iv)
    assert _duties(engine, "8411.91.90", "FR")[NAME] == D("100.00")
    assert NAME not in _duties(engine, "8411.91.90", "FR", uses=["civil_aircraft"])


def test_a_civil_aircraft_provision_of_every_use_spares_both_uses(
        engine: LandedCostEngine) -> None:
    # 8413.30.10, fuel pumps for engines: on list (iv) and under Section 232 as vehicle parts
    # (goods of every use), so goods declared either pay no surcharge (until 2026-12-05 one
    # entry named one use: a declared vehicle part paid it)
    assert _duties(engine, "8413.30.10", "FR", uses=[])[NAME] == D("100.00")
    for uses in (["civil_aircraft"], ["vehicle_part"]):
        assert NAME not in _duties(engine, "8413.30.10", "FR", uses=uses)
    found = load_rules().duty("US", "8413.30.10", "FR", date(2026, 5, 1))
    (entry,) = [a for a in found.additional if a.name == NAME]
    assert entry.except_for_use == ("civil_aircraft", "vehicle_part")


def test_canada_pays_unless_its_goods_enter_under_usmca(engine: LandedCostEngine) -> None:
    assert _duties(engine, "9504.50.00", "CA")[NAME] == D("100.00")
    claimed = _duties(engine, "9504.50.00", "CA",
                      preference={"agreement": "USMCA", "proof": True})
    assert NAME not in claimed


def test_a_particular_article_is_charged_and_named(engine: LandedCostEngine) -> None:
    (line,) = engine.quote(us_quote("0805.90.01", "IL", IN_FORCE)).lines
    (charge,) = [c for c in line.charges if c.name == NAME]
    assert charge.amount.amount == D("100.00")
    found = load_rules().duty("US", "0805.90.01", "IL", date(2026, 5, 1))
    (entry,) = [a for a in found.additional if a.name == NAME]
    assert entry.hs == "08059001" and entry.rate == D("0.10")


def test_an_eight_digit_line_over_an_exempt_ten_digit_line(engine: LandedCostEngine) -> None:
    assert _duties(engine, "8505.11.00.70", "CN")[NAME] == 0
    assert _duties(engine, "8505.11.00.30", "CN")[NAME] == D("100.00")


def test_a_heading_stating_another_rate_than_the_module_is_a_problem() -> None:
    path = Path(__file__).resolve().parents[1] / "fixtures" / "tariffs" / "ch99_note2aa_sample.txt"
    lines = path.read_bytes().decode("cp1252").splitlines()
    stated, problems = checked_rate(lines, "sample", "9903.03.01", D("0.15"), required=True)
    assert stated == D("0.10")
    assert [(p.hs, p.column, p.text) for p in problems] == [("9903.03.01", "rate", "+ 10%")]
    assert "the module 15 %" in problems[0].reason
    # a row not in the text: a problem only where the rate is required
    assert checked_rate(lines, "sample", "9903.03.99", RATE)[1] == ()
    assert checked_rate(lines, "sample", "9903.03.99", RATE, required=True)[1]
