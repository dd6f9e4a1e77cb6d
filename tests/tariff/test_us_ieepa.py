"""The IEEPA reciprocal duties by country (U.S. note 2(v), (x), (z) of HTS chapter 99): read from
the notes' text (a cut of HTS 2026 Revision 6 in tests/fixtures) and priced through quotes with
the bundled rules (rules/tariffs/US.ieepa.yaml, ``tariff import us-ieepa``)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from pricing_engine.cli.main import main
from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import load_rules
from pricing_engine.rules.model import AdditionalEntry
from pricing_engine.tariff.us_ieepa import (
    BRAZIL,
    END,
    FENTANYL,
    INDIA,
    NAME,
    START,
    Ieepa,
    ieepa_entries,
    read_ieepa,
)
from tests.tariff.conftest import duties, entry_at, us_quote

D = Decimal
FIXTURE = Path(__file__).parents[1] / "fixtures" / "tariffs" / "ch99_note2v_sample.txt"


@pytest.fixture(scope="module")
def read() -> Ieepa:
    return read_ieepa(FIXTURE.read_text(encoding="utf-8"), FIXTURE.name)


@pytest.fixture(scope="module")
def entries(read: Ieepa) -> list[AdditionalEntry]:
    return ieepa_entries(read)[0]


@pytest.fixture(scope="module")
def engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


# --- reading the notes ------------------------------------------------------------------------

def test_the_rates_are_read_from_the_headings_rows(read: Ieepa) -> None:
    assert read.baseline == D("0.10")  # 9903.01.25
    assert read.april9["VN"].rate == D("0.46") and read.april9["VN"].heading == "9903.01.72"
    assert read.april9["EU"].rate == read.april9["JO"].rate == D("0.20")  # "the EU or Jordan"
    assert read.annex1["IN"].rate == D("0.25") and read.annex1["CH"].rate == D("0.39")
    assert read.annex1["GB"].rate == D("0.10") and read.annex1["VN"].rate == D("0.20")
    assert {code: terms.top_up_to for code, terms in read.top_up.items()} == {
        code: D("0.15") for code in ("EU", "JP", "KR", "CH", "LI")}
    assert (read.brazil, read.india) == (D("0.40"), D("0.25"))


def test_the_lists_are_read(read: Ieepa) -> None:
    assert read.lists["annex2"][:3] == ("02011005", "02011010", "02011050")
    assert "45011000" not in read.lists["annex2"] and "07119030" in read.lists["eu"]
    assert "01061400" in read.lists["ch_li"] and read.lists["brazil"]


def test_a_heading_not_in_the_text_is_a_problem_not_a_zero(read: Ieepa) -> None:
    # the cut leaves out most country rows: each is named, none is written at 0 %
    missing = {p.hs for p in read.problems}
    assert {"9903.01.43", "9903.02.02", "9903.02.71"} <= missing
    assert "9903.02.26" not in missing


def test_a_text_without_the_headings_gives_nothing_and_says_so() -> None:
    empty = read_ieepa("U.S. Notes\n(a) nothing here\n", "other.txt")
    assert empty.baseline is None and ieepa_entries(empty)[0] == []
    assert [p.hs for p in empty.problems] == ["9903.01.25"]


def test_the_cli_does_not_call_an_import_without_the_headings_complete(
        tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("U.S. Notes\n(a) nothing here\n", encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["tariff", "import", "us-ieepa", str(other), "--effective", "2026-04-28",
              "--out", str(tmp_path / "out")])
    assert done.value.code == 1


# --- the entries written ----------------------------------------------------------------------

def test_each_country_has_one_timeline_from_the_first_day_to_the_last(
        entries: list[AdditionalEntry]) -> None:
    for code in ("VN", "CH", "EU", "GB", "JP", "IN"):
        own = sorted((e for e in entries if e.hs == "*" and e.name == NAME
                      and e.origins == (code,)), key=lambda e: e.valid_from or START)
        assert own[0].valid_from == START and own[-1].valid_to == END
        for before, after in pairwise(own):
            assert before.valid_to is not None
            assert after.valid_from == before.valid_to + timedelta(days=1)


@pytest.mark.parametrize(("origin", "on", "rate", "top_up"), [
    ("VN", date(2025, 4, 8), "0.10", None),   # the baseline
    ("VN", date(2025, 4, 9), "0.46", None),   # the one day of the April country rates
    ("VN", date(2025, 4, 10), "0.10", None),  # paused
    ("VN", date(2025, 8, 7), "0.20", None),   # EO 14326
    ("CH", date(2025, 11, 13), "0.39", None),
    ("CH", date(2025, 11, 14), None, "0.15"),  # the deal: 15 % in all
    ("JP", date(2025, 8, 7), None, "0.15"),   # retroactive to the first day of EO 14326
    ("EU", date(2025, 8, 7), None, "0.15"),
    ("GB", date(2025, 8, 7), "0.10", None),
])
def test_what_a_country_pays_on_a_day(entries: list[AdditionalEntry], origin: str, on: date,
                                      rate: str | None, top_up: str | None) -> None:
    entry = entry_at(entries, "*", on, origin)
    assert entry.rate == (None if rate is None else D(rate))
    assert entry.top_up_to == (None if top_up is None else D(top_up))
    assert entry.not_with == "Section 232"


def test_a_country_without_a_rate_of_its_own_pays_the_baseline(
        entries: list[AdditionalEntry]) -> None:
    entry = entry_at(entries, "*", date(2025, 10, 1), "KE")
    assert entry.origins is None and entry.rate == D("0.10")
    for code in ("CA", "MX", "CN", "HK", "MO", "RU", "BY", "CU", "KP", "VN", "EU"):
        assert code in entry.except_origins


def test_civil_aircraft_are_spared_from_each_agreements_day(
        entries: list[AdditionalEntry]) -> None:
    for origin, first in (("GB", date(2025, 6, 30)), ("EU", date(2025, 9, 1)),
                          ("JP", date(2025, 9, 16)), ("KR", date(2025, 11, 14))):
        before = entry_at(entries, "*", first - timedelta(days=1), origin)
        after = entry_at(entries, "*", first, origin)
        assert not before.except_for_use and after.except_for_use == ("civil_aircraft",)


def test_the_listed_products_are_spared(entries: list[AdditionalEntry]) -> None:
    annex2 = entry_at(entries, "02011005", date(2025, 6, 1), "DE")
    assert annex2.rate == 0 and annex2.confidence == "low"  # the list's history is not known
    assert "CN" not in annex2.except_origins and "CA" in annex2.except_origins
    eu = [e for e in entries if e.hs == "07119030" and e.origins == ("EU",)]
    assert len(eu) == 1 and eu[0].valid_from == date(2025, 9, 1) and eu[0].rate == 0
    ch = [e for e in entries if e.hs == "01061400" and e.origins == ("CH", "LI")]
    assert len(ch) == 1 and ch[0].valid_from == date(2025, 11, 14)


def test_brazil_and_india_have_duties_of_their_own(entries: list[AdditionalEntry]) -> None:
    brazil = entry_at([e for e in entries if e.name == BRAZIL], "*", date(2025, 8, 6), "BR")
    assert brazil.rate == D("0.40") and brazil.except_for_use == ("civil_aircraft",)
    india = [e for e in entries if e.name == INDIA and e.hs == "*"]
    assert len(india) == 1 and india[0].rate == D("0.25")
    assert (india[0].valid_from, india[0].valid_to) == (date(2025, 8, 27), date(2026, 2, 6))


def test_the_cli_writes_the_table_and_reports_the_missing_rows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["tariff", "import", "us-ieepa", str(FIXTURE), "--effective", "2026-04-28",
              "--out", str(tmp_path)])
    assert done.value.code == 1  # the import is not called complete ...
    out = capsys.readouterr()
    assert "9903.02.02" in out.out + out.err  # ... and a row the cut lacks is named
    table = tmp_path / "tariffs" / "US.ieepa.yaml"
    assert 'name: "IEEPA reciprocal"' in table.read_text(encoding="utf-8")


# --- the bundled rules, through quotes (1,000.00 of goods) -------------------------------------

def _duties(engine: LandedCostEngine, hs: str, origin: str, on: str,
            **line: Any) -> dict[str, Decimal]:
    return duties(engine, us_quote(hs, origin, on=on, **line))


@pytest.mark.parametrize(("hs", "origin", "on", "due"), [
    ("8413.70.20", "DE", "2025-06-01", "100.00"),   # pumps (free): the 10 % baseline
    ("8413.70.20", "DE", "2025-09-01", "150.00"),   # the EU: brought up to 15 %
    ("8481.30.20", "FR", "2025-09-01", "100.00"),   # 5 % + 10 % = 15 %
    ("6109.10.00", "IT", "2025-09-01", "0.00"),     # 16.5 %: already above 15 %
    ("6109.10.00", "VN", "2025-10-01", "200.00"),   # Vietnam 20 %
    ("8413.70.20", "VN", "2025-04-09", "460.00"),   # the one day of 46 %
    ("8413.70.20", "GB", "2025-05-01", "100.00"),
    ("8413.70.20", "CH", "2025-09-01", "390.00"),   # Switzerland 39 % ...
    ("8413.70.20", "CH", "2025-12-01", "150.00"),   # ... then 15 % in all
    ("8413.70.20", "JP", "2025-08-10", "150.00"),
    ("8413.70.20", "KR", "2025-10-01", "150.00"),   # Korea + 15 % ...
    ("8481.30.20", "KR", "2025-12-01", "100.00"),   # ... then 15 % in all (5 % MFN)
    ("8413.70.20", "KE", "2025-09-01", "100.00"),   # not named by EO 14326: 10 %
])
def test_what_a_bundled_quote_pays(engine: LandedCostEngine, hs: str, origin: str, on: str,
                                   due: str) -> None:
    assert _duties(engine, hs, origin, on)[NAME] == D(due)


def test_brazil_and_india_pay_their_own_duty_beside(engine: LandedCostEngine) -> None:
    brazil = _duties(engine, "8413.70.20", "BR", "2025-09-01")
    assert (brazil[NAME], brazil[BRAZIL]) == (D("100.00"), D("400.00"))
    india = _duties(engine, "8413.70.20", "IN", "2025-09-01")
    assert (india[NAME], india[INDIA]) == (D("250.00"), D("250.00"))
    assert INDIA not in _duties(engine, "8413.70.20", "IN", "2026-02-10")


def test_goods_under_section_232_and_listed_goods_pay_none(engine: LandedCostEngine) -> None:
    steel = _duties(engine, "7208.51.00", "DE", "2025-09-01")
    assert steel["Section 232 metals"] == D("500.00") and not steel.get(NAME)
    laptop = _duties(engine, "8471.30.01", "DE", "2025-09-01")  # Annex II
    assert laptop[NAME] == 0
    cork = "4501.10.00"  # the EU's natural resources, from 2025-09-01
    assert _duties(engine, cork, "PT", "2025-08-20")[NAME] == D("150.00")
    assert _duties(engine, cork, "PT", "2025-10-01")[NAME] == 0


def test_an_annex_ii_line_goes_to_review(engine: LandedCostEngine) -> None:
    line = engine.quote(us_quote("8471.30.01", "DE", on="2025-09-01")).lines[0]
    spared = next(c for c in line.charges if c.name == NAME)
    assert spared.rule is not None and spared.rule.confidence == "low"


def test_civil_aircraft_declared_so_are_spared_after_the_agreement(
        engine: LandedCostEngine) -> None:
    part = "8807.30.00"  # aircraft parts (free)
    assert _duties(engine, part, "FR", "2025-10-01", uses=["civil_aircraft"]).get(NAME, 0) == 0
    assert _duties(engine, part, "FR", "2025-08-20", uses=["civil_aircraft"])[NAME] == \
        D("150.00")


def test_who_pays_none(engine: LandedCostEngine) -> None:
    assert NAME not in _duties(engine, "8413.70.20", "DE", "2026-03-01")  # ended
    assert NAME not in _duties(engine, "8413.70.20", "DE", "2025-04-04")  # not begun
    claimed = _duties(engine, "9504.50.00", "MX", "2025-09-01",
                      preference={"agreement": "USMCA", "proof": True})
    assert NAME not in claimed  # Canada and Mexico are outside the reciprocal duty


@pytest.mark.parametrize(("origin", "on", "due"), [
    ("CN", "2025-04-07", "100.00"),    # the baseline, before China's own rate
    ("CN", "2025-04-09", "840.00"),    # EO 14259
    ("HK", "2025-04-20", "1250.00"),   # EO 14266: 125 %
    ("MO", "2025-05-14", "100.00"),    # EO 14298: 24 points suspended
    ("CN", "2026-02-23", "100.00"),    # the last day
])
def test_china_hong_kong_and_macau_pay_chinas_rates(engine: LandedCostEngine, origin: str,
                                                    on: str, due: str) -> None:
    assert _duties(engine, "9504.50.00", origin, on)[NAME] == D(due)  # consoles (free)


def test_chinas_rate_spares_the_same_goods(engine: LandedCostEngine) -> None:
    assert _duties(engine, "8471.30.01", "CN", "2025-04-20")[NAME] == 0  # Annex II
    steel = _duties(engine, "7208.51.00.30", "CN", "2025-06-01")  # (its AD/CVD: flagged)
    assert steel["Section 232 metals"] == D("250.00") and steel[NAME] == 0


def test_china_entries_form_one_timeline(entries: list[AdditionalEntry]) -> None:
    china = sorted((e for e in entries if e.hs == "*" and e.origins == ("CN", "HK", "MO")),
                   key=lambda e: e.valid_from or START)
    assert [e.rate for e in china] == [D("0.10"), D("0.84"), D("1.25"), D("0.10")]
    assert china[0].valid_from == START and china[-1].valid_to == END
    assert all(e.not_with == "Section 232" for e in china)


# --- Canada and Mexico (note 2(a)-(m)) -----------------------------------------------------------

def test_the_canada_and_mexico_rates_are_read(read: Ieepa) -> None:
    # the cut holds none of their rows: each is named as missing, none is written at 0 %
    assert not read.fentanyl
    assert {"9903.01.01", "9903.01.10"} <= {p.hs for p in read.problems}


@pytest.mark.parametrize(("hs", "origin", "on", "claim", "due"), [
    ("9504.50.00", "MX", "2025-03-05", True, "250.00"),   # USMCA goods paid the first days
    ("9504.50.00", "MX", "2025-03-07", True, None),       # then not
    ("9504.50.00", "MX", "2025-03-07", False, "250.00"),
    ("3104.20.00", "CA", "2025-09-01", False, "100.00"),  # potash: 10 %
    ("7208.51.00", "CA", "2025-03-05", False, "250.00"),  # before the metals duty reached CA
])
def test_what_canada_and_mexico_pay(engine: LandedCostEngine, hs: str, origin: str, on: str,
                                    claim: bool, due: str | None) -> None:
    line = {"preference": {"agreement": "USMCA", "proof": True}} if claim else {}
    got = _duties(engine, hs, origin, on, **line).get(FENTANYL)
    assert got == (None if due is None else D(due))


def test_canada_and_mexico_goods_under_section_232_pay_that_duty_instead(
        engine: LandedCostEngine) -> None:
    steel = _duties(engine, "7208.51.00", "CA", "2025-09-01")
    assert steel["Section 232 metals"] == D("500.00") and FENTANYL not in steel
    car = _duties(engine, "8703.23.01", "MX", "2025-06-01")
    assert car["Section 232 autos"] == D("250.00") and not car.get(FENTANYL)
