"""Anti-dumping and countervailing duties of the EU and the UK in the bundled rules.

Before these entries, Chinese aluminium extrusions, glass fibre, bus tyres and most steel
products into the EU, and bicycles, tyres and coated steel into the UK, were quoted at their
MFN duty alone and could be approved. Each duty is charged at the rate for "all other
companies" (the quote does not name the producer), flagged `low` with a note saying what the
rate rests on; where a source gave only a range, or a measure's five years ran out and it is
not known whether an expiry review continued it, the charge is `not priced` (a review), never
silently dropped. The dates and rates asserted are the regulations' and notices' as
rules/SOURCES.md cites them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pricing_engine.engine import Engine
from pricing_engine.rules import RuleBook
from pricing_engine.rules.results import AdditionalDuty
from tests.rules.conftest import check_proposal


def _extra(book: RuleBook, country: str, hs: str, origin: str,
           on: date) -> dict[str, AdditionalDuty]:
    return {a.name: a for a in book.duty(country, hs, origin, on).additional}


def _priced(duty: AdditionalDuty) -> Decimal | None:
    """The ad valorem rate of a duty that is charged (not flagged)."""
    assert duty.not_priced is None
    return duty.rate


EXTRUSIONS = "EU anti-dumping duty, aluminium extrusions"


def test_chinese_aluminium_extrusions_pay_the_residual_duty_for_five_years(
        bundled: RuleBook) -> None:
    profiles = "7604.21.00"  # hollow profiles of aluminium alloys
    assert EXTRUSIONS not in _extra(bundled, "DE", profiles, "CN", date(2021, 3, 30))
    duty = _extra(bundled, "DE", profiles, "CN", date(2025, 6, 1))[EXTRUSIONS]
    assert _priced(duty) == Decimal("0.321") and duty.ref.confidence == "low"
    assert EXTRUSIONS not in _extra(bundled, "DE", profiles, "VN", date(2025, 6, 1))
    # the regulation ran to 2026-03-31: after it, a review, not a silent 0 % or 32.1 %
    lapsed = _extra(bundled, "DE", profiles, "CN", date(2026, 4, 1))[EXTRUSIONS]
    assert lapsed.rate is None and lapsed.not_priced is not None
    assert "2026-03-31" in lapsed.not_priced and "expiry review" in lapsed.not_priced


def test_only_the_extrusions_taric_line_of_aluminium_structures_is_charged(
        bundled: RuleBook) -> None:
    on = date(2025, 6, 1)
    assert EXTRUSIONS in _extra(bundled, "DE", "7610.90.90.10", "CN", on)
    assert EXTRUSIONS not in _extra(bundled, "DE", "7610.90.90.90", "CN", on)


def test_flat_rolled_aluminium_pays_only_after_the_nine_month_suspension(
        bundled: RuleBook) -> None:
    name = "EU anti-dumping duty, aluminium flat-rolled products"
    sheet = "7606.12.92.25"
    assert name not in _extra(bundled, "DE", sheet, "CN", date(2022, 7, 11))
    assert _priced(_extra(bundled, "DE", sheet, "CN", date(2022, 7, 12))[name]) == Decimal("0.246")
    assert _extra(bundled, "DE", sheet, "CN", date(2026, 10, 13))[name].not_priced is not None


def test_bus_tyres_pay_euros_per_tyre_and_the_unread_2025_amount_is_flagged(
        bundled: RuleBook) -> None:
    ad, cvd = ("EU anti-dumping duty, bus and lorry tyres",
               "EU countervailing duty, bus and lorry tyres")
    before = _extra(bundled, "DE", "4011.20.90", "CN", date(2024, 6, 1))
    assert before[ad].specific is not None and before[cvd].specific is not None
    assert (before[ad].specific.amount, before[ad].specific.per) == (Decimal("4.48"), "item")
    assert before[ad].specific.amount + before[cvd].specific.amount == Decimal("61.76")
    after = _extra(bundled, "DE", "4011.20.90", "CN", date(2026, 6, 1))
    assert after[cvd].specific is not None and after[cvd].specific.amount == Decimal("57.28")
    assert after[ad].specific is None and after[ad].not_priced is not None
    assert "2025/58" in after[ad].not_priced


def test_glass_fibre_fabrics_duties_stack_to_the_original_rate_and_then_lapse(
        bundled: RuleBook) -> None:
    fabric = "7019.61.00.81"
    on = date(2024, 1, 1)
    duties = _extra(bundled, "DE", fabric, "CN", on)
    ad = _priced(duties["EU anti-dumping duty, glass fibre fabrics"])
    cvd = _priced(duties["EU countervailing duty, glass fibre fabrics"])
    assert ad == Decimal("0.69") and cvd == Decimal("0.307") and ad + cvd == Decimal("0.997")
    later = _extra(bundled, "DE", fabric, "CN", date(2026, 1, 1))
    assert all(later[n].not_priced for n in ("EU anti-dumping duty, glass fibre fabrics",
                                             "EU countervailing duty, glass fibre fabrics"))
    egypt = _extra(bundled, "DE", fabric, "EG", on)
    assert egypt["EU anti-dumping and countervailing duties, glass fibre fabrics"].not_priced


@pytest.mark.parametrize(("origin", "ad", "cvd"), [
    ("IN", Decimal("0.353"), Decimal("0.075")), ("ID", Decimal("0.193"), Decimal("0.205"))])
def test_cold_rolled_stainless_of_india_and_indonesia_pays_both_duties(
        bundled: RuleBook, origin: str, ad: Decimal, cvd: Decimal) -> None:
    duties = _extra(bundled, "DE", "7219.34.90", origin, date(2024, 1, 1))
    assert _priced(duties["EU anti-dumping duty, cold-rolled stainless steel"]) == ad
    assert _priced(duties["EU countervailing duty, cold-rolled stainless steel"]) == cvd
    # the anti-dumping duty's five years ended 2026-11-19, the countervailing one's run on
    late = _extra(bundled, "DE", "7219.34.90", origin, date(2026, 12, 1))
    assert late["EU anti-dumping duty, cold-rolled stainless steel"].not_priced is not None
    assert _priced(late["EU countervailing duty, cold-rolled stainless steel"]) == cvd


def test_steel_duties_by_origin(bundled: RuleBook) -> None:
    on = date(2026, 3, 1)
    hrc = _extra(bundled, "DE", "7208.39.00", "CN", on)
    cvd = hrc["EU countervailing duty, hot-rolled flat steel"]
    assert _priced(cvd) == Decimal("0.359")
    assert cvd.ref.note is not None and "2019/1382" in cvd.ref.note  # the safeguard overlap
    assert "EU countervailing duty, hot-rolled flat steel" not in _extra(
        bundled, "DE", "7208.39.00", "KR", on)
    assert _priced(_extra(bundled, "DE", "7219.34.90", "TW", on)[
        "EU anti-dumping duty, cold-rolled stainless steel"]) == Decimal("0.068")
    assert _priced(_extra(bundled, "DE", "7210.49.00.20", "CN", on)[
        "EU anti-dumping duty, corrosion-resistant steel"]) == Decimal("0.279")
    # fittings consigned from Taiwan pay the Chinese duty (read by the declared origin)
    assert _priced(_extra(bundled, "DE", "7307.93.11.91", "TW", on)[
        "EU anti-dumping duty, steel tube and pipe fittings"]) == Decimal("0.586")
    assert _priced(_extra(bundled, "DE", "7307.93.11.91", "KR", on)[
        "EU anti-dumping duty, steel tube and pipe fittings"]) == Decimal("0.44")


def test_headless_screws_are_flagged_from_the_provisional_duty(bundled: RuleBook) -> None:
    name = "EU anti-dumping duty, screws without heads"
    assert name not in _extra(bundled, "DE", "7318.15.42", "CN", date(2025, 6, 16))
    flagged = _extra(bundled, "DE", "7318.15.42", "CN", date(2025, 6, 17))[name]
    assert flagged.rate is None and "2025/2153" in (flagged.not_priced or "")


def test_uk_bicycles_pay_the_carried_over_duty_also_from_the_circumvention_countries(
        bundled: RuleBook) -> None:
    name = "UK anti-dumping duty, bicycles"
    on = date(2026, 3, 1)
    for origin in ("CN", "KH", "LK"):
        assert _priced(_extra(bundled, "GB", "8712.00.30.10", origin, on)[name]) == Decimal(
            "0.485")
    assert name not in _extra(bundled, "GB", "8712.00.30.10", "VN", on)
    assert name not in _extra(bundled, "GB", "8712.00.30.10", "TW", on)


def test_uk_e_bikes_only_folding_ones_from_2025(bundled: RuleBook) -> None:
    ad = "UK anti-dumping duty, electric bicycles"
    early = _extra(bundled, "GB", "8711.60.10.00", "CN", date(2024, 6, 1))[ad]
    late = _extra(bundled, "GB", "8711.60.10.00", "CN", date(2025, 6, 1))[ad]
    assert _priced(early) == _priced(late) == Decimal("0.621")
    assert late.ref.note is not None and late.ref.note.startswith("folding electric bicycles only")
    assert not (early.ref.note or "").startswith("folding")


def test_uk_duties_in_pounds_per_tyre_and_per_tonne(bundled: RuleBook) -> None:
    tyres = _extra(bundled, "GB", "4011.20.90.00", "CN", date(2026, 3, 1))
    ad = tyres["UK anti-dumping duty, bus and lorry tyres"].specific
    assert ad is not None and (ad.amount, ad.currency, ad.per) == (Decimal("45.71"), "GBP", "item")
    assert tyres["UK countervailing duty, bus and lorry tyres"].not_priced is not None
    brazil = "UK anti-dumping duty, hot-rolled flat steel"
    coil = _extra(bundled, "GB", "7208.39.00", "BR", date(2023, 1, 1))[brazil].specific
    assert coil is not None and (coil.amount, coil.per) == (Decimal("52.723"), "tonne")
    iran = _extra(bundled, "GB", "7208.39.00", "IR", date(2023, 1, 1))[brazil].specific
    assert iran is not None and iran.amount == Decimal("48.12")
    # before the 2022 variation the carried-over amounts are not in the rules: flagged
    assert _extra(bundled, "GB", "7208.39.00", "BR", date(2022, 10, 6))[brazil].not_priced


def test_uk_egyptian_glass_fibre_is_flagged_once_its_revocation_was_proposed(
        bundled: RuleBook) -> None:
    name = "UK countervailing duty, continuous filament glass fibre"
    rovings = "7019.12.00.22"
    assert _priced(_extra(bundled, "GB", rovings, "EG", date(2025, 6, 25))[name]) == Decimal(
        "0.131")
    assert "revoking" in (_extra(bundled, "GB", rovings, "EG", date(2025, 6, 26))[name]
                          .not_priced or "")


PROPOSAL = """\
id: Q-BIKES
date: 2026-11-20
currency: GBP
seller: {name: "Tianjin Cycle Export Co., Ltd.", country: CN}
buyer: {name: "Pennine Cycles Ltd", country: GB, type: business, vat_id: GB123456782}
mode: sea
incoterm: DDP
freight: {amount: "1800", currency: GBP}
insurance: {amount: "90", currency: GBP}
lines:
  - {sku: BIKE, hs_code: "8712.00.30.10", origin: CN, quantity: 400, unit_price: "150",
     unit_cost: "80", unit_weight_kg: "14"}
targets: {margin_floor: "0.20"}
"""


def test_a_ddp_bicycle_quote_into_the_uk_carries_the_duty_into_its_margin(
        engine: Engine) -> None:
    result, charges = check_proposal(engine, PROPOSAL)
    assert result.quote is not None
    duty = charges["UK anti-dumping duty, bicycles"]
    assert duty.base is not None
    assert abs(duty.amount.amount - Decimal("0.485") * duty.base.amount) <= Decimal("0.01")
    # 48.5 % on top of the 14 % MFN duty, paid by the seller under DDP: below the floor
    assert "MARGIN_BELOW_FLOOR" in [r.code for r in result.reasons]
    assert result.status != "APPROVED"
