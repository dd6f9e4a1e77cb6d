"""Customs value: CIF vs FOB, freight to the border vs onward, DDP excludes its own duties."""

from __future__ import annotations

from decimal import Decimal

from pricing_engine.landed.charges import solve_included

from .conftest import D, make_quote

SHIRTS = [{"sku": "T", "hs_code": "6109", "origin": "US", "quantity": "100", "unit_price": "10",
           "unit_cost": "5"}]


def test_cif_customs_value_adds_freight_and_insurance_not_onward(engine) -> None:  # type: ignore[no-untyped-def]
    q = make_quote(seller={"country": "US", "vat_id": None}, buyer={"country": "DE"},
                   incoterm="EXW", freight={"amount": "80", "currency": "EUR"},
                   insurance={"amount": "5", "currency": "EUR"},
                   onward_freight={"amount": "40", "currency": "EUR"}, lines=SHIRTS)
    r = engine.quote(q)
    assert r.valuation == "CIF"
    assert r.totals.customs_value.amount == D("1085.00")
    # EU import VAT base: CV + duty + the onward leg (post_border_costs)
    vat = r.lines[0].charges[-1]
    assert vat.base.amount == D("1085.00") + D("130.20") + D("40.00")


def test_insurance_as_a_rate_of_the_cif_cover(engine) -> None:  # type: ignore[no-untyped-def]
    # 0.3 % x 110 % x (1000 + 100 freight) = 3.63
    q = make_quote(seller={"country": "US", "vat_id": None}, buyer={"country": "DE"},
                   incoterm="FCA", freight={"amount": "100", "currency": "EUR"},
                   insurance={"rate": "0.003", "cover": "1.10"}, lines=SHIRTS)
    r = engine.quote(q)
    assert r.totals.shipment_costs["insurance"].amount == D("3.63")
    assert r.totals.customs_value.amount == D("1103.63")


def test_fob_customs_value_leaves_out_freight(engine) -> None:  # type: ignore[no-untyped-def]
    q = make_quote(currency="USD", incoterm="EXW", freight={"amount": "80", "currency": "USD"},
                   lines=SHIRTS)
    assert engine.quote(q).totals.customs_value.amount == D("1000.00")


def test_ddp_customs_value_excludes_the_duty_and_vat_in_the_price(engine) -> None:  # type: ignore[no-untyped-def]
    # Price 1000 DDP France: cv + 12 % duty + 20 % VAT on (cv + duty) = 1000 -> cv 744.0476.
    # In cents: cv 744.04 gives 744.04 + 89.28 + 166.66 = 999.98 <= 1000, while 744.05 gives
    # 744.05 + 89.29 + 166.67 = 1000.01 > 1000: the customs value is 744.04.
    q = make_quote(seller={"country": "US", "vat_id": None}, buyer={"country": "FR"},
                   incoterm="DDP", lines=SHIRTS)
    r = engine.quote(q)
    t = r.totals
    assert t.customs_value.amount == D("744.04")
    assert t.duty.amount.amount == D("89.28")
    assert t.import_tax.amount.amount == D("166.66")
    assert t.landed_cost.amount == D("1000")  # the buyer pays the price, nothing more
    assert t.seller_cost_to_serve.amount == D("500") + D("89.28") + D("166.66")


def test_ddp_excludes_onward_carriage_from_the_customs_value(engine) -> None:  # type: ignore[no-untyped-def]
    # US (FOB, no VAT): price 1000 includes freight 100 and onward 50: goods 850; duty 16.5 %:
    # cv + 0.165 cv + MPF 33.58 (minimum) = 850 -> cv = 700.79 (700.79 + 115.63 + 33.58 = 850).
    q = make_quote(currency="USD", incoterm="DDP", mode="air",
                   freight={"amount": "100", "currency": "USD"},
                   onward_freight={"amount": "50", "currency": "USD"},
                   lines=[{**SHIRTS[0], "origin": "DE"}])
    t = engine.quote(q).totals
    assert t.customs_value.amount == D("700.79")
    assert t.duty.amount.amount == D("115.63")
    assert t.fees.amount.amount == D("33.58")


def test_solver_finds_the_largest_value_that_fits() -> None:
    def charges(v: Decimal) -> Decimal:
        return (v * D("0.1")).quantize(D("0.01")) + D("5")

    v = solve_included(D("115.00"), charges, "EUR")
    assert v + charges(v) <= D("115.00") < v + D("0.01") + charges(v + D("0.01"))
    assert v == D("100.00")
