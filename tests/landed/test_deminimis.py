"""Duty and tax de minimis on the consignment: by mode, ship-from, basis and date."""

from __future__ import annotations

from .conftest import D, make_quote


def _ca(engine, value, mode, ship_from="US"):  # type: ignore[no-untyped-def]
    # CBSA CN 20-18: CAD 20 for post and courier; CAD 40 tax / CAD 150 duty for courier
    # shipments shipped from the US or MX (CUSMA), on the value for duty.
    q = make_quote(currency="CAD", seller={"country": ship_from, "vat_id": None},
                   buyer={"country": "CA", "type": "consumer"}, mode=mode,
                   lines=[{"sku": "T", "hs_code": "6109", "origin": "CN", "quantity": "1",
                           "unit_price": value, "unit_cost": "1"}])
    t = engine.quote(q).totals
    return t.duty.amount.amount, t.import_tax.amount.amount


def test_cusma_courier_from_us_duty_relieved_up_to_150_tax_charged_above_40(engine) -> None:  # type: ignore[no-untyped-def]
    assert _ca(engine, "120", "courier") == (D("0"), D("6.00"))


def test_cusma_courier_from_us_both_relieved_up_to_40(engine) -> None:  # type: ignore[no-untyped-def]
    assert _ca(engine, "40", "courier") == (D("0"), D("0"))


def test_post_from_us_gets_only_the_general_20(engine) -> None:  # type: ignore[no-untyped-def]
    assert _ca(engine, "30", "post") == (D("5.40"), D("1.77"))
    assert _ca(engine, "20", "post") == (D("0"), D("0"))


def test_ship_from_not_origin_decides(engine) -> None:  # type: ignore[no-untyped-def]
    # The same CN-origin goods shipped by courier from GB get only the general CAD 20.
    assert _ca(engine, "120", "courier", ship_from="GB") == (D("21.60"), D("7.08"))


def test_eu_duty_relief_up_to_150_until_2026_06_30_vat_always(engine) -> None:  # type: ignore[no-untyped-def]
    lines = [{"sku": "T", "hs_code": "6109", "origin": "CN", "quantity": "10",
              "unit_price": "10", "unit_cost": "1"}]
    common = {"seller": {"country": "CN", "vat_id": None},
              "buyer": {"country": "DE", "type": "consumer"}, "mode": "post", "lines": lines}
    june = engine.quote(make_quote(date="2026-06-30", **common)).totals
    assert june.duty.amount.amount == D("0") and june.import_tax.amount.amount == D("19.00")
    july = engine.quote(make_quote(date="2026-07-01", **common)).totals
    assert july.duty.amount.amount == D("12.00")
    assert july.import_tax.amount.amount == D("21.28")  # 19 % of 112


def test_us_de_minimis_suspended_from_2025_08_29(engine) -> None:  # type: ignore[no-untyped-def]
    lines = [{"sku": "T", "hs_code": "6109", "origin": "DE", "quantity": "1",
              "unit_price": "500", "unit_cost": "1"}]
    before = engine.quote(make_quote(currency="USD", date="2025-08-28", lines=lines))
    assert before.totals.duty.amount.amount == D("0")
    after = engine.quote(make_quote(currency="USD", date="2025-08-29", lines=lines))
    assert after.totals.duty.amount.amount == D("82.50")  # 16.5 %


def test_thresholds_kept_per_shipment_read_as_found_afresh(engine) -> None:  # type: ignore[no-untyped-def]
    # The engine keeps each origin's thresholds by country, date, mode, ship-from, origin and
    # buyer type: asked again in another order, each shipment gets its own.
    from pricing_engine.landed.context import build_context
    from pricing_engine.landed.deminimis import applicable_thresholds

    cases = [("120", "courier", "US"), ("120", "courier", "GB"), ("30", "post", "US"),
             ("40", "courier", "US"), ("120", "courier", "GB"), ("120", "courier", "US")]
    expected = {("120", "courier", "US"): (D("0"), D("6.00")),
                ("120", "courier", "GB"): (D("21.60"), D("7.08")),
                ("30", "post", "US"): (D("5.40"), D("1.77")),
                ("40", "courier", "US"): (D("0"), D("0"))}
    for case in cases + cases[::-1]:
        assert _ca(engine, *case) == expected[case], case
    for buyer_type in ("consumer", "business", "consumer"):
        q = make_quote(currency="CAD", seller={"country": "US", "vat_id": None},
                       buyer={"country": "CA", "type": buyer_type}, mode="courier",
                       lines=[{"sku": "T", "hs_code": "6109", "origin": "CN", "quantity": "1",
                               "unit_price": "120", "unit_cost": "1"}])
        ctx = build_context(q, engine.rules)
        kept = applicable_thresholds(ctx, engine.rules, lookups=engine._look)
        assert kept == applicable_thresholds(ctx, engine.rules)  # found afresh
