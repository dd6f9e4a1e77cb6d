"""The measures of the EU, the UK and Canada on steel and other carbon-intensive goods in the
bundled rules: the steel safeguards and the measures that replaced them (a duty or surtax beyond
a tariff-rate quota, which only the importer can place a consignment on: a permit, a quarter's
first-come quota), CBAM certificates (EU from 2026, UK from 2027) and Canada's surtax on steel
melted and poured in China (due on facts the quote does not give: not priced, flagged), and the
EU anti-dumping duties on Chinese fasteners and ceramic tableware. Before these entries a
Chinese hot-rolled coil into Germany was quoted at 0 % duty and approved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.decision import Decision
from pricing_engine.engine import Engine
from pricing_engine.errors import MissingRule
from pricing_engine.landed import ChargeOut
from pricing_engine.rules import RuleBook
from pricing_engine.rules.results import AdditionalDuty
from tests.rules.conftest import check_proposal

ROOT = Path(__file__).resolve().parents[2]
SAFEGUARD = "EU steel safeguard"
CBAM = "EU CBAM certificates"
FASTENERS = "EU anti-dumping duty, iron or steel fasteners"
HRC = "7208.39.00"  # hot-rolled coil of non-alloy steel, < 3 mm


def _extra(book: RuleBook, hs: str, origin: str, on: date) -> dict[str, AdditionalDuty]:
    return {a.name: a for a in book.duty("DE", hs, origin, on).additional}


def _beyond(duty: AdditionalDuty) -> Decimal | None:
    assert duty.declared is not None and duty.declared.out_of_quota is not None
    return duty.declared.out_of_quota.rate


@pytest.mark.parametrize(("on", "beyond"), [
    (date(2019, 2, 2), Decimal("0.25")), (date(2026, 6, 30), Decimal("0.25")),
    (date(2026, 7, 1), Decimal("0.5")), (date(2026, 12, 1), Decimal("0.5"))])
def test_steel_pays_nothing_within_the_quota_and_the_measure_beyond_it(
        bundled: RuleBook, on: date, beyond: Decimal) -> None:
    duty = _extra(bundled, HRC, "CN", on)[SAFEGUARD]
    assert duty.rate == 0 and _beyond(duty) == beyond
    assert duty.ref.confidence == "low" and duty.ref.note is not None
    assert "tariff_quota" in duty.ref.note  # the note says what to declare


def test_the_measure_starts_with_the_definitive_safeguard_and_spares_the_eea(
        bundled: RuleBook) -> None:
    assert SAFEGUARD not in _extra(bundled, HRC, "CN", date(2019, 2, 1))
    for origin in ("NO", "IS", "LI"):
        assert SAFEGUARD not in _extra(bundled, HRC, origin, date(2026, 12, 1))
    for origin in ("KR", "IN", "TR", "GB", "US"):
        assert SAFEGUARD in _extra(bundled, HRC, origin, date(2026, 12, 1))


@pytest.mark.parametrize("hs", [
    "7210.49.00.80",  # galvanised sheet (the TARIC lines 20 and 30 carry an anti-dumping duty)
    "7214.20.00",  # rebar
    "7219.33.90",  # cold-rolled stainless sheet
    "7306.61.10",  # hollow sections
    "7302.10.10",  # rails
])
def test_the_categories_headings_are_under_it(bundled: RuleBook, hs: str) -> None:
    assert SAFEGUARD in _extra(bundled, hs, "CN", date(2026, 12, 1))


@pytest.mark.parametrize("hs", [
    "7204.49.90",  # scrap
    "7318.15.88",  # bolts
    "7302.30.00",  # switch blades: not the railway category's rails and sleepers
    "7604.10.10.90",  # aluminium bars (not the extrusions line 7604 10 10 11)
])
def test_other_goods_are_not(bundled: RuleBook, hs: str) -> None:
    assert SAFEGUARD not in _extra(bundled, hs, "CN", date(2026, 12, 1))


@pytest.mark.parametrize("hs", [
    HRC, "7318.15.88", "7604.10.10.90", "2523.29.00", "3102.10.10", "3105.20.10", "2804.10.00",
    "2716.00.00", "7202.41.10", "2601.12.00", "7326.90.98"])
def test_cbam_goods_carry_a_charge_not_priced_from_2026(bundled: RuleBook, hs: str) -> None:
    duty = _extra(bundled, hs, "CN", date(2026, 3, 1))[CBAM]
    assert duty.rate is None and duty.specific is None  # no amount: what is due, and why
    assert duty.not_priced is not None and "embedded emissions" in duty.not_priced
    assert CBAM not in _extra(bundled, hs, "CN", date(2025, 12, 31))  # the transitional period
    assert CBAM not in _extra(bundled, hs, "CH", date(2026, 3, 1))  # Annex III


@pytest.mark.parametrize("hs", [
    "7204.49.90",  # ferrous scrap
    "7202.21.00",  # ferro-silicon
    "7202.70.00",  # ferro-molybdenum
    "3105.60.10",  # PK fertilisers
    "7615.10.10",  # aluminium household articles
    "7602.00.90",  # aluminium scrap
    "8708.99.97",  # vehicle parts
])
def test_goods_outside_annex_i_carry_no_cbam_charge(bundled: RuleBook, hs: str) -> None:
    assert CBAM not in _extra(bundled, hs, "CN", date(2026, 3, 1))


def test_chinese_fasteners_pay_the_residual_anti_dumping_duty(bundled: RuleBook) -> None:
    on = date(2026, 3, 1)
    bolts = _extra(bundled, "7318.15.88", "CN", on)[FASTENERS]
    assert bolts.rate == Decimal("0.865") and bolts.ref.confidence == "low"
    assert FASTENERS in _extra(bundled, "7318.22.00.95", "CN", on)  # washers: TARIC lines
    assert FASTENERS not in _extra(bundled, "7318.22.00.99", "CN", on)  # the other washers
    assert FASTENERS not in _extra(bundled, "7318.15.88", "VN", on)
    assert FASTENERS not in _extra(bundled, "7318.15.88", "CN", date(2022, 2, 16))


PROPOSAL = """\
id: Q-HRC
date: 2026-11-20
currency: EUR
seller: {name: "Hebei Coil Trading Co., Ltd.", country: CN}
buyer: {name: "Nordlicht Stahl GmbH", country: DE, type: business, vat_id: DE811234565}
mode: sea
incoterm: DDP
freight: {amount: "9000", currency: EUR}
insurance: {rate: "0.003", cover: "1.10"}
lines:
  - {sku: HRC, hs_code: "7208.39.00", origin: CN, quantity: 200, unit_price: "900",
     unit_cost: "520", unit_weight_kg: "1000"}
targets: {margin_floor: "0.05"}
"""


def _checked(engine: Engine, **changes: object) -> tuple[Decision, dict[str, ChargeOut]]:
    return check_proposal(engine, PROPOSAL, **changes)


def test_a_steel_quote_that_does_not_say_its_side_of_the_quota_is_not_priced(
        engine: Engine) -> None:
    result, _ = _checked(engine)
    assert result.status != "APPROVED"
    assert [r.code for r in result.reasons if r.code == "MISSING_RULE"] == ["MISSING_RULE"]
    missing = next(r for r in result.reasons if r.code == "MISSING_RULE")
    assert "tariff_quota" in missing.message


def test_beyond_the_quota_the_duty_is_charged_and_the_margin_falls(engine: Engine) -> None:
    within, charges_in = _checked(engine, tariff_quota="in")
    beyond, charges_out = _checked(engine, tariff_quota="out")
    assert charges_in[SAFEGUARD].amount.amount == 0
    out = charges_out[SAFEGUARD]
    assert out.base is not None  # on the unrounded customs value: a cent either way
    assert abs(out.amount.amount - Decimal("0.5") * out.base.amount) <= Decimal("0.01")
    assert within.quote is not None and beyond.quote is not None
    assert beyond.quote.totals.margin.amount.amount < within.quote.totals.margin.amount.amount
    assert "MARGIN_BELOW_FLOOR" in [r.code for r in beyond.reasons]


def test_the_review_says_what_each_flagged_rule_leaves_out(engine: Engine) -> None:
    result, charges = _checked(engine, tariff_quota="in")
    assert charges[CBAM].amount.amount == 0
    assert charges[CBAM].explanation.startswith("not priced: CBAM certificates")
    flagged = {r.evidence["entry"]: r for r in result.reasons if r.code == "LOW_CONFIDENCE_RULE"}
    safeguard = flagged[charges[SAFEGUARD].rule.entry]  # type: ignore[union-attr]
    assert "tariff_quota" in safeguard.message  # what the line declares, and why
    assert safeguard.evidence["note"] in safeguard.message


def test_a_charge_not_priced_is_never_approved_unseen(engine: Engine) -> None:
    result, _ = _checked(engine, tariff_quota="in")
    unpriced = [r for r in result.reasons if r.code == "CHARGE_NOT_PRICED"]
    assert [r.evidence["charge"] for r in unpriced] == [CBAM]
    assert unpriced[0].severity == "review" and unpriced[0].evidence["quote_lines"] == [1]
    assert "50 tonnes" in unpriced[0].message and "seller" in unpriced[0].message  # DDP
    assert result.status == "REVIEW"  # though the test policy lets low-confidence rules by
    assert result.quote is not None
    assert any(n.code == "CHARGE_NOT_PRICED" for n in result.quote.notes)
    before, _ = _checked(engine, tariff_quota="in", date="2025-11-20")
    assert "CHARGE_NOT_PRICED" not in [r.code for r in before.reasons]



def test_chinese_ceramic_tableware_pays_the_residual_anti_dumping_duty(
        bundled: RuleBook) -> None:
    on = date(2026, 3, 1)
    mugs = _extra(bundled, "6911.10.00.90", "CN", on)["EU anti-dumping duty, ceramic tableware"]
    assert mugs.rate == Decimal("0.361") and mugs.ref.confidence == "low"
    assert mugs.ref.note is not None and "expiry review" in mugs.ref.note
    # the mills and kitchen tools the measure leaves out have their own TARIC line
    assert "EU anti-dumping duty, ceramic tableware" not in _extra(
        bundled, "6911.10.00.10", "CN", on)
    assert "EU anti-dumping duty, ceramic tableware" not in _extra(
        bundled, "6911.10.00.90", "TH", on)


def _gb(book: RuleBook, hs: str, origin: str, on: date) -> dict[str, AdditionalDuty]:
    return {a.name: a for a in book.duty("GB", hs, origin, on).additional}


@pytest.mark.parametrize(("on", "beyond"), [
    (date(2021, 1, 1), Decimal("0.25")), (date(2026, 6, 30), Decimal("0.25")),
    (date(2026, 7, 1), Decimal("0.5"))])
def test_the_uk_steel_measures_are_due_beyond_their_quotas(
        bundled: RuleBook, on: date, beyond: Decimal) -> None:
    duty = _gb(bundled, HRC, "CN", on)["UK steel safeguard"]
    assert duty.rate == 0 and _beyond(duty) == beyond and duty.ref.confidence == "low"
    assert "UK steel safeguard" in _gb(bundled, HRC, "DE", on)  # EU steel has quotas too
    # before 2021 the UK applied the EU's tariff and measures (the rules start in 2021)
    with pytest.raises(MissingRule):
        _gb(bundled, HRC, "CN", date(2020, 12, 31))


def test_the_2026_uk_measure_adds_stainless_and_cold_finished_bars(bundled: RuleBook) -> None:
    for hs in ("7222.11.11", "7215.10.00"):
        assert "UK steel safeguard" not in _gb(bundled, hs, "CN", date(2026, 6, 30))
        assert "UK steel safeguard" in _gb(bundled, hs, "CN", date(2026, 7, 1))


def test_the_uk_cbam_starts_in_2027_without_electricity(bundled: RuleBook) -> None:
    name = "UK CBAM"
    for hs in ("7318.15.88", "7604.10.10", "2523.29.00", "3102.10.10"):
        assert name not in _gb(bundled, hs, "CN", date(2026, 12, 31))
        duty = _gb(bundled, hs, "CN", date(2027, 1, 1))[name]
        assert duty.rate is None and duty.not_priced is not None and "50,000" in duty.not_priced
    for hs in ("2716.00.00", "7204.49.10", "7615.10.10"):
        assert name not in _gb(bundled, hs, "CN", date(2027, 1, 1))


def _ca(book: RuleBook, hs: str, origin: str, on: date) -> dict[str, AdditionalDuty]:
    return {a.name: a for a in book.duty("CA", hs, origin, on).additional}


TRQ = "Steel surtax (tariff-rate quota)"
MELT = "Steel surtax (melted and poured in China)"


def test_canadas_steel_quota_surtax_is_due_beyond_the_permits(bundled: RuleBook) -> None:
    on = date(2026, 3, 1)
    for origin in ("KR", "DE", "CN", "IN"):
        duty = _ca(bundled, "7208.39.00", origin, on)[TRQ]
        assert duty.rate == 0 and _beyond(duty) == Decimal("0.5")
        assert duty.ref.confidence == "low" and "permit" in (duty.ref.note or "")
    for origin in ("US", "MX"):  # CUSMA partners are outside it
        assert TRQ not in _ca(bundled, "7208.39.00", origin, on)
    assert TRQ not in _ca(bundled, "7208.39.00", "KR", date(2025, 6, 26))
    assert TRQ in _ca(bundled, "7306.30.00", "TR", on)  # tubes


def test_steel_that_may_be_melted_in_china_is_flagged_from_its_day(bundled: RuleBook) -> None:
    assert MELT not in _ca(bundled, "7208.39.00", "VN", date(2025, 7, 30))
    flagged = _ca(bundled, "7208.39.00", "VN", date(2025, 7, 31))[MELT]
    assert flagged.rate is None and flagged.ref.confidence == "medium"
    assert "mill certificate" in (flagged.not_priced or "")
    assert MELT in _ca(bundled, "7306.30.00", "MX", date(2026, 3, 1))  # every origin but the US
    assert MELT not in _ca(bundled, "7318.15.00", "MX", date(2026, 3, 1))  # not in its scope
    assert MELT not in _ca(bundled, "7208.39.00", "US", date(2026, 3, 1))
    china = _ca(bundled, "7208.39.00", "CN", date(2026, 3, 1))
    assert MELT not in china and china["China surtax"].rate == Decimal("0.25")
