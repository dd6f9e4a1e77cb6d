"""Section 232 metals: the lists of U.S. note 16 read from the real notes text, the entries
written for them, and what a quote pays (the bundled table and small tables of a test's own):
the rate by list and origin, the top-up to 15 %, and the days before 2026-04-06 that the rules
cannot price failing closed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from pricing_engine.errors import MissingRule
from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import load_rules
from pricing_engine.rules.model import AdditionalEntry
from pricing_engine.tariff.us_section232 import (
    NAME,
    TRUCKS,
    WOOD,
    read_note16,
    read_note37_38,
    section232_entries,
    wood_and_truck_entries,
)
from tests.tariff.conftest import duties, entry_at, us_quote

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tariffs"
ON = date(2026, 11, 20)


@pytest.fixture(scope="module")
def note16() -> Any:
    text = (FIXTURES / "ch99_note16_sample.txt").read_bytes().decode("cp1252")
    return read_note16(text, "ch99_note16_sample.txt")


def test_every_list_of_the_note_is_read_with_its_codes(note16: Any) -> None:
    assert note16.problems == ()
    lists = {k: set(v) for k, v in note16.lists.items()}
    assert set(lists) == {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"}
    assert {"7601", "7604", "7616995160"} <= lists["i"]  # headings and 10-digit lines
    assert {"7206", "7208", "7306"} <= lists["iii"]
    assert lists["viii"] == {"85444210", "85444220", "85444290", "85444910"}
    assert {"84212900", "85042300"} <= lists["x"]
    # a page head between two rows of a list is not read as a code ("(2026)", "99 - III - 65")
    assert not any(code in ("2026", "9903") for codes in lists.values() for code in codes)
    # the row on the line of the page's "U.S. Notes (con.)" head is read
    assert "73012010" in lists["iii"] | lists["iv"]


_at = entry_at


def test_the_rate_follows_the_list_and_the_origin(note16: Any) -> None:
    entries, counts = section232_entries(note16)
    assert counts["Section 232 list group A: provisions"] > 250
    assert all(e.name == NAME for e in entries)
    steel = _at(entries, "7208", ON, "CN")
    assert (steel.rate, steel.source) == (Decimal("0.50"), "usitc-hts-ch99-note16")
    assert _at(entries, "7208", ON, "GB").rate == Decimal("0.25")  # 9903.82.04
    assert _at(entries, "7208", date(2019, 1, 2), "CN").rate == Decimal("0.25")
    with pytest.raises(AssertionError):  # Australia exempt in 2019: no entry that day
        _at(entries, "7208", date(2019, 1, 2), "AU")
    assert _at(entries, "7601", date(2025, 4, 1), "AU").rate == Decimal("0.25")
    # list (vi)-(viii): 25 %; UK 15 % for (vi)-(vii) but not for the copper of (viii)
    assert _at(entries, "85444290", ON, "GB").rate == Decimal("0.25")
    derivative = next(code for code in note16.lists["vii"] if code.startswith("84"))
    assert _at(entries, derivative, ON, "GB").rate == Decimal("0.15")
    assert "15 % of the article's weight" in (_at(entries, derivative, ON, "DE").note or "")
    # lists (ix)-(x): brought up to 15 %
    top = _at(entries, "84212900", ON, "DE")
    assert (top.rate, top.top_up_to) == (None, Decimal("0.15"))
    # before 2026-04-06 a derivative paid on its metal content: not priced
    assert _at(entries, "84212900", date(2025, 9, 1), "DE").not_covered


def test_an_entry_gives_terms_or_top_up_or_not_covered() -> None:
    base = {"name": "X", "hs": "7208", "valid_from": "2026-04-06"}
    with pytest.raises(ValidationError, match="top_up_to takes no duty terms"):
        AdditionalEntry.model_validate({**base, "rate": "0.1", "top_up_to": "0.15"})
    with pytest.raises(ValidationError, match="not_covered takes no duty terms"):
        AdditionalEntry.model_validate({**base, "rate": "0.1", "not_covered": "why"})
    with pytest.raises(ValidationError, match="give a rate"):
        AdditionalEntry.model_validate(base)
    with pytest.raises(ValidationError, match="not_priced takes no duty terms"):
        AdditionalEntry.model_validate({**base, "rate": "0", "not_priced": "what is due"})
    with pytest.raises(ValidationError, match="give not_covered or not_priced, not both"):
        AdditionalEntry.model_validate({**base, "not_covered": "why", "not_priced": "what"})
    assert AdditionalEntry.model_validate({**base, "not_priced": "what"}).rate is None
    # a tariff quota of an additional duty (the EU steel measures): 0 within, 50 % beyond
    quota = AdditionalEntry.model_validate({**base, "rate": "0", "out_of_quota": {"rate": "0.5"}})
    assert quota.out_of_quota is not None and quota.out_of_quota.rate == Decimal("0.5")
    with pytest.raises(ValidationError, match="out_of_quota needs the in-quota duty"):
        AdditionalEntry.model_validate({**base, "out_of_quota": {"rate": "0.5"}})


_quote, _duties = us_quote, duties


@pytest.fixture(scope="module")
def bundled_engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


def test_a_steel_coil_from_china_pays_the_232_duty_beside_section_301(
        bundled_engine: LandedCostEngine) -> None:
    # 7208.10.15: MFN free; Section 301 25 % (2024 review); Section 232 50 % on 1,000.00;
    # and the hot-rolled steel AD order's China-wide 90.83 % (A-570-865, low confidence)
    assert _duties(bundled_engine, _quote("7208.10.15.00", "CN")) == {
        "MFN duty": Decimal("0.00"), "Section 301": Decimal("250.00"),
        NAME: Decimal("500.00"), "US anti-dumping duty (China)": Decimal("908.30")}


def test_a_derivative_of_lists_ix_x_is_brought_up_to_15_percent(
        bundled_engine: LandedCostEngine) -> None:
    # 8421.29.00 (filtering machinery) is free under MFN: 15 % of 1,000.00 is due
    assert _duties(bundled_engine, _quote("8421.29.00", "DE")) == {
        "MFN duty": Decimal("0.00"), NAME: Decimal("150.00")}


def test_a_day_before_the_note_on_a_derivative_fails_closed(
        bundled_engine: LandedCostEngine) -> None:
    with pytest.raises(MissingRule, match="steel or aluminium content"):
        bundled_engine.quote(_quote("8421.29.00", "DE", on="2025-09-01"))


_TABLE = """\
tariff: US
as_of: 2026-04-28
sources:
  - {id: "t", title: "a test table"}
additional:
  - {name: "Top", hs: "0901", top_up_to: "0.15", valid_from: 2026-01-01, source: "t"}
  - {name: "Top", hs: "2204", top_up_to: "0.01", valid_from: 2026-01-01, source: "t"}
"""


def test_a_top_up_counts_the_lines_own_duty_and_is_nothing_above_it(tmp_path: Path) -> None:
    (tmp_path / "tariffs").mkdir()
    (tmp_path / "tariffs" / "US.chapter99.yaml").write_text(_TABLE, encoding="utf-8")
    engine = LandedCostEngine(load_rules(tmp_path))
    # coffee 0901.21: free, so the whole 15 % of 1,000.00
    assert _duties(engine, _quote("0901.21.00", "BR"))["Top"] == Decimal("150.00")
    # wine 2204.21.50: 6.3 cents a litre; on 100 litres 6.30, topped up to 1 % of 1,000.00
    duties = _duties(engine, _quote("2204.21.50", "FR", extra_units={"litre": "10"}))
    assert (duties["MFN duty"], duties["Top"]) == (Decimal("6.30"), Decimal("3.70"))
    # on 1,000 litres the duty (63.00) is over 1 %: nothing to top up
    duties = _duties(engine, _quote("2204.21.50", "FR", extra_units={"litre": "100"}))
    assert (duties["MFN duty"], duties["Top"]) == (Decimal("63.00"), Decimal("0.00"))


def test_the_wood_and_truck_lists_are_read(note16: Any) -> None:
    text = (FIXTURES / "ch99_notes37_38_sample.txt").read_bytes().decode("cp1252")
    read = read_note37_38(text, "ch99_notes37_38_sample.txt")
    assert read.problems == ()
    lists = {k: list(v) for k, v in read.lists.items()}
    assert lists["37(d)"] == ["9401614011", "9401614031", "9401616011", "9401616031"]
    assert len(lists["37(b)"]) == 15 and len(lists["38(b)"]) == 25
    assert lists["38(c)"][-1] == "87029061"  # the page head's "(2026)" is not read
    entries, counts = wood_and_truck_entries(read, note16)
    # a tractor line note 16 lists under 8701.21.00 pays the metals duty, not the truck one
    carved = [e for e in entries if e.hs == "8701210080"]
    assert [(e.name, e.rate) for e in carved] == [(TRUCKS, Decimal("0"))]
    assert counts["Section 232 trucks: lines left to the metals lists"] == 5


@pytest.mark.parametrize(("origin", "expected"), [
    ("VN", Decimal("250.00")),   # 9903.76.02: + 25 %
    ("GB", Decimal("100.00")),   # 9903.76.20: + 10 %
    ("DE", Decimal("150.00")),   # 9903.76.22: 15 % in lieu of the (free) line's duty
])
def test_upholstered_wooden_furniture_by_origin(bundled_engine: LandedCostEngine, origin: str,
                                                expected: Decimal) -> None:
    assert _duties(bundled_engine, _quote("9401.61.40.11", origin))[WOOD] == expected


def test_a_heavy_truck_pays_the_truck_duty_and_not_the_metals_one(
        bundled_engine: LandedCostEngine) -> None:
    duties = _duties(bundled_engine, _quote("8704.23.01", "MX"))
    assert duties[TRUCKS] == Decimal("250.00") and NAME not in duties
