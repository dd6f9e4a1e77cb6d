"""Section 232 vehicle parts: the lists of U.S. notes 33(g) and 38(i) read from the real notes
text, the entries written for them (by origin and day, the provisions of every use charged
only on goods a line declares vehicle parts, the metals duty taken off the parts it no longer
applies to), and what a quote pays with the bundled table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import pytest

from pricing_engine.landed import LandedCostEngine
from pricing_engine.rules import load_rules
from pricing_engine.rules.model import GOODS_USES, AdditionalEntry, GoodsUse
from pricing_engine.tariff.us_section232 import NAME, read_note16, section232_entries
from pricing_engine.tariff.us_vehicle_parts import (
    PARTS,
    read_parts_lists,
    vehicle_parts_entries,
)
from tests.tariff.conftest import FL, duties, entry_at, us_quote

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tariffs"
ON = date(2026, 11, 20)


def _text(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode("cp1252")


@pytest.fixture(scope="module")
def parts() -> Any:
    return read_parts_lists(_text("ch99_notes33_38_parts_sample.txt"), "sample")


@pytest.fixture(scope="module")
def written(parts: Any) -> tuple[list[AdditionalEntry], list[AdditionalEntry], Any]:
    metals, _ = section232_entries(read_note16(_text("ch99_note16_sample.txt"), "note16"))
    return vehicle_parts_entries(parts, metals)


_at = entry_at


def test_both_lists_are_read_whole(parts: Any) -> None:
    assert parts.problems == ()
    auto, truck = set(parts.lists["33(g)"]), set(parts.lists["38(i)"])
    assert (len(parts.lists["33(g)"]), len(parts.lists["38(i)"])) == (130, 182)
    assert len(parts.lists["33(j)"]) == 267 and "8708800500" in parts.lists["33(j)"]
    # 4, 6, 8 and 10 digits as the note gives them; the last code of each list
    assert {"8471", "870830", "40111010", "4009120020", "94012000"} <= auto
    assert {"87083050", "8708304050"} - truck == {"8708304050"}
    assert "94012000" in truck and "87099000" in truck
    assert not any(c.startswith(("98", "99")) or c == "2026" for c in auto | truck)


def test_provisions_of_every_use_are_charged_only_on_declared_vehicle_parts(
        written: Any) -> None:
    entries, _, counts = written
    assert all(e.name == PARTS for e in entries)
    uses = {e.hs: e.only_for_use for e in entries}
    # chapter 87, tyres of motor cars, seats of motor vehicles: charged whatever the line says
    assert {uses[c] for c in ("870830", "40111010", "94012000", "852721")} == {None}
    # computers, lithium-ion batteries, electric motors, bearings serve every use: charged
    # only where the quote line declares the goods vehicle parts
    assert {uses[c] for c in ("8471", "850760", "850132", "84821010")} == {"vehicle_part"}
    assert all(e.only_for_use == "vehicle_part" for e in entries if e.hs == "84821010")
    assert counts["Section 232 vehicle parts: provisions of every use, written for goods "
                  "declared vehicle parts"] == 78
    provisions = {e.hs for e in entries if e.origins is None}  # the rest: UK lines of 33(j)
    assert len(provisions) == 151 + 78
    assert counts["Section 232 vehicle parts: provisions written"] == 151


@pytest.mark.parametrize(("origin", "on", "rate", "top_up"), [
    ("DE", date(2025, 5, 2), None, None),            # before Proclamation 10908: nothing
    ("DE", date(2025, 7, 31), Decimal("0.25"), None),
    ("DE", date(2025, 8, 1), None, Decimal("0.15")),  # the EU deal: 15 % in all
    ("GB", date(2025, 6, 30), Decimal("0.25"), None),  # 10 % only on the lines of 33(j)
    ("JP", date(2025, 9, 15), Decimal("0.25"), None),
    ("JP", date(2025, 9, 16), None, Decimal("0.15")),
    ("KR", date(2025, 10, 31), Decimal("0.25"), None),
    ("KR", ON, None, Decimal("0.15")),
    ("VN", ON, Decimal("0.25"), None),
])
def test_an_automobile_part_by_origin_and_day(written: Any, origin: str, on: date,
                                              rate: Decimal | None,
                                              top_up: Decimal | None) -> None:
    entries = written[0]
    if rate is None and top_up is None:
        with pytest.raises(AssertionError):
            _at(entries, "870880", on, "EU" if origin == "DE" else origin)
        return
    entry = _at(entries, "870880", on, "EU" if origin == "DE" else origin)
    assert (entry.rate, entry.top_up_to) == (rate, top_up)
    assert entry.source == "usitc-hts-ch99-parts" and entry.applies_with_preference


def test_usmca_parts_are_not_charged_and_truck_parts_pay_every_origin(written: Any) -> None:
    entries = written[0]
    usmca = _at(entries, "870880", ON, "MX")
    assert usmca.rate == Decimal("0.25") and not usmca.applies_with_preference
    # seats 9401.20.00 are on both lists: from 2025-11-01 a truck seat pays 25 % from the EU
    assert _at(entries, "94012000", date(2025, 10, 31), "EU").top_up_to == Decimal("0.15")
    assert _at(entries, "94012000", ON, "EU").rate == Decimal("0.25")
    # 8708.30.50 is only on the truck list: nothing of its own before 2025-11-01
    assert min(e.valid_from or ON for e in entries if e.hs == "87083050") == date(2025, 11, 1)


def test_the_metals_duty_leaves_the_parts_it_does_not_stack_on(written: Any) -> None:
    _, kept, counts = written
    assert counts["Section 232 metals and wood: provisions left to the vehicle parts duty"] > 0
    metals = [e for e in kept if e.name == NAME]
    # 8708.10.30 (bumpers) is a metals derivative and an automobile part
    assert _at(metals, "87081030", ON, "DE").rate == Decimal("0")
    assert _at(metals, "87081030", ON, "GB").rate == Decimal("0")
    usmca = _at(metals, "87081030", ON, "MX")  # a USMCA part keeps it, one not claimed not
    assert usmca.rate == Decimal("0.25") and not usmca.applies_without_preference
    before = _at(metals, "87081030", date(2025, 5, 2), "DE")
    assert before.not_covered is not None and before.valid_to == date(2025, 5, 2)
    # steel of chapter 72 is on no parts list: its timeline is as it was
    assert _at(metals, "7208", ON, "CN").rate == Decimal("0.50")


def test_on_a_provision_of_every_use_metals_leave_only_declared_vehicle_parts(
        written: Any) -> None:
    _, kept, counts = written
    assert counts["Section 232 metals and wood: provisions left to the vehicle parts duty on "
                  "goods declared vehicle parts"] > 0
    metals = [e for e in kept if e.name == NAME]
    # leaf springs 7320.10.90 (a metals derivative) are on the lists as 7320.10, of every use
    springs = _at(metals, "73201090", ON, "CN")
    assert (springs.rate, springs.except_for_use) == (Decimal("0.5"), ("vehicle_part",))
    usmca = _at(metals, "73201090", ON, "MX")  # a USMCA part pays the metals duty instead
    assert (usmca.rate, usmca.except_for_use) == (Decimal("0.5"), None)
    # before the parts duty began, metals for every use as before
    assert _at(metals, "73201090", date(2025, 5, 2), "CN").except_for_use is None


_quote, _duties = us_quote, duties


@pytest.fixture(scope="module")
def bundled_engine() -> LandedCostEngine:
    return LandedCostEngine(load_rules())


@pytest.mark.parametrize(("hs", "origin", "expected"), [
    # 8708.80.05 (suspension parts): free under MFN; the whole 15 % of 1,000.00 from the EU
    ("8708.80.05.00", "DE", {"MFN duty": Decimal("0.00"), PARTS: Decimal("150.00")}),
    ("8708.80.05.00", "GB", {"MFN duty": Decimal("0.00"), PARTS: Decimal("100.00")}),
    ("8708.80.05.00", "CN", {"MFN duty": Decimal("0.00"), "Section 301": Decimal("250.00"),
                             PARTS: Decimal("250.00")}),
    # tyres of motor cars from Korea: 4 % MFN brought up to 15 %
    ("4011.10.10.10", "KR", {"MFN duty": Decimal("40.00"), PARTS: Decimal("110.00")}),
])
def test_what_a_bundled_quote_pays(bundled_engine: LandedCostEngine, hs: str, origin: str,
                                   expected: dict[str, Decimal]) -> None:
    assert _duties(bundled_engine, _quote(hs, origin)) == expected


@pytest.mark.parametrize(("hs", "origin", "uses", "expected"), [
    # a ball bearing (9 %) from India, listed only as a vehicle part
    ("8482.10.50.44", "IN", ["vehicle_part"], {"MFN duty": Decimal("90.00"),
                                               PARTS: Decimal("250.00")}),
    # not declared one (or not saying): the forced-labour duty instead (India: + 10 %)
    ("8482.10.50.44", "IN", [], {"MFN duty": Decimal("90.00"), FL: Decimal("100.00")}),
    ("8482.10.50.44", "IN", None, {"MFN duty": Decimal("90.00"), PARTS: Decimal("0.00"),
                                   FL: Decimal("100.00")}),
    # from the EU: the line is on both lists, and a truck part pays 25 % from every origin
    # (the dearer case; the EU deal's 15 % in all ended with 2025-10-31)
    ("8482.10.50.44", "DE", ["vehicle_part"], {"MFN duty": Decimal("90.00"),
                                               PARTS: Decimal("250.00")}),
    # a laptop (8471 is on the automobile list): not a vehicle part, the forced-labour duty
    ("8471.30.01.00", "MY", [], {"MFN duty": Decimal("0.00"), FL: Decimal("100.00")}),
    ("8471.30.01.00", "MY", None, {"MFN duty": Decimal("0.00"), PARTS: Decimal("0.00"),
                                   FL: Decimal("100.00")}),
    # leaf springs from China: steel derivative (50 %) and Section 301, or the parts duty
    # instead of the metals duty where the line declares them vehicle parts
    ("7320.10.90.60", "CN", [], {"MFN duty": Decimal("32.00"), "Section 301": Decimal("250.00"),
                                 "Section 232 metals": Decimal("500.00")}),
    ("7320.10.90.60", "CN", ["vehicle_part"], {"MFN duty": Decimal("32.00"),
                                              "Section 301": Decimal("250.00"),
                                              PARTS: Decimal("250.00")}),
])
def test_a_provision_of_every_use_pays_as_the_line_declares_its_use(
        bundled_engine: LandedCostEngine, hs: str, origin: str, uses: list[str] | None,
        expected: dict[str, Decimal]) -> None:
    quote = _quote(hs, origin, uses=uses)
    assert _duties(bundled_engine, quote) == expected
    notes = [n for n in bundled_engine.quote(quote).notes if n.code == "GOODS_USE_UNDECLARED"]
    if uses is None:  # not declared: not charged, and the result says so
        assert len(notes) == 1 and "uses: [vehicle_part]" in notes[0].message
        assert PARTS in notes[0].message and f"HS {hs[:4]}" in notes[0].message.replace(".", "")
    else:
        assert notes == []


def test_a_use_the_rules_do_not_know_is_refused() -> None:
    with pytest.raises(ValueError, match="vehicle_part"):
        _quote("8482.10.50.44", "IN", uses=["vehicle_parts"])


def test_a_usmca_claim_takes_the_parts_duty_off(bundled_engine: LandedCostEngine) -> None:
    claimed = _duties(bundled_engine, _quote("8708.80.05.00", "MX",
                                             preference={"agreement": "USMCA", "proof": True}))
    assert PARTS not in claimed
    assert _duties(bundled_engine, _quote("8708.80.05.00", "MX"))[PARTS] == Decimal("250.00")


def test_a_mexican_bumper_pays_metals_under_usmca_and_the_parts_duty_without(
        bundled_engine: LandedCostEngine) -> None:
    # 8708.10.30 (bumper stampings of steel) is a metals derivative and an automobile part:
    # claimed under USMCA it pays the metals duty (25 %) and no parts duty; not claimed, the
    # parts duty (25 %) alone (notes 33(f), 9903.94.06(i)), never both
    claimed = _duties(bundled_engine, _quote("8708.10.30.50", "MX",
                                             preference={"agreement": "USMCA", "proof": True}))
    assert claimed == {"Section 232 metals": Decimal("250.00")}  # and USMCA's free rate
    assert _duties(bundled_engine, _quote("8708.10.30.50", "MX")) == {
        "MFN duty": Decimal("25.00"), PARTS: Decimal("250.00")}  # MFN 2.5 %


def test_a_line_named_by_both_lists_at_different_lengths_pays_the_dearer(written: Any) -> None:
    # 4013.10.0020 (truck and bus inner tubes) is on the automobile list; 4013.10.00 on the
    # truck list: from 2025-11-01 the EU pays the truck part's 25 %, not the 15 % deal
    entries = written[0]
    assert _at(entries, "4013100020", date(2025, 10, 1), "EU").top_up_to == Decimal("0.15")
    assert _at(entries, "4013100020", ON, "EU").rate == Decimal("0.25")
    # 8708.80.05 is under no truck provision: the EU deal stands
    assert _at(entries, "870880", ON, "EU").top_up_to == Decimal("0.15")


def test_the_uk_deal_is_for_the_lines_of_note_33j(written: Any) -> None:
    entries = written[0]
    # 8708.80.05.00 is a line of 33(j): 10 % in all from 2025-06-30
    uk = _at(entries, "8708800500", date(2025, 6, 30), "GB")
    assert (uk.top_up_to, uk.valid_to) == (Decimal("0.10"), None)
    # 4009.12.0020 is a provision of 33(g) and a line of 33(j), and on the truck list: the UK
    # deal ends when the truck duty begins
    assert _at(entries, "4009120020", date(2025, 10, 31), "GB").top_up_to == Decimal("0.10")
    assert _at(entries, "4009120020", ON, "GB").rate == Decimal("0.25")
    # 8706.00.03 (chassis with engines) has no line in 33(j): the UK pays 25 %
    assert _at(entries, "87060003", ON, "GB").rate == Decimal("0.25")


def test_a_duty_is_not_both_only_for_and_except_for_one_use() -> None:
    with pytest.raises(ValueError, match="only_for_use or except_for_use"):
        AdditionalEntry(name=PARTS, hs="8482", rate=Decimal("0.25"),
                        only_for_use="vehicle_part", except_for_use="vehicle_part")
    with pytest.raises(ValueError, match="only_for_use or except_for_use"):
        AdditionalEntry(name=PARTS, hs="8482", rate=Decimal("0.25"), only_for_use="vehicle_part",
                        except_for_use=["civil_aircraft", "vehicle_part"])
    with pytest.raises(ValueError, match="names a use twice"):
        AdditionalEntry(name=PARTS, hs="8482", rate=Decimal("0.25"),
                        except_for_use=["civil_aircraft", "civil_aircraft"])
    # one use is a word or a list of one; several a list
    one = AdditionalEntry(name=PARTS, hs="8482", rate=Decimal("0.25"),
                          except_for_use="civil_aircraft")
    assert one.except_for_use == ("civil_aircraft",)
    both = AdditionalEntry(name=PARTS, hs="8482", rate=Decimal("0.25"),
                           except_for_use=["civil_aircraft", "semiconductor_article"])
    assert both.except_for_use == ("civil_aircraft", "semiconductor_article")
    with pytest.raises(ValueError, match="vehicle_part"):
        AdditionalEntry(name=PARTS, hs="8482", rate=Decimal("0.25"), only_for_use="vehicle")
    with pytest.raises(ValueError, match="would never apply"):
        AdditionalEntry(name=NAME, hs="8708", rate=Decimal("0.25"),
                        applies_with_preference=False, applies_without_preference=False)


def test_every_use_a_duty_may_name_says_what_it_means() -> None:
    # a use in GoodsUse without a meaning in GOODS_USES would explain an uncharged duty with
    # an empty bracket; a meaning without a use could never be named
    assert set(GOODS_USES) == set(get_args(GoodsUse))
    assert all(meaning.strip() for meaning in GOODS_USES.values())
