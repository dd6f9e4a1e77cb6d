"""Rounding to the destination currency's minor unit per declaration line (JPY 0, KWD 3)."""

from __future__ import annotations

from .conftest import D, make_quote


def test_jpy_amounts_have_no_decimals(engine) -> None:  # type: ignore[no-untyped-def]
    # GB -> JP CIF: 100 shirts at GBP 9.99, freight GBP 40 + insurance GBP 3.33 in the price;
    # customs FX 1 GBP = 191.27 JPY: CV = 999 x 191.27 = 191078.73 -> 191079 JPY.
    q = make_quote(currency="GBP", seller={"country": "GB", "vat_id": "GB123456782"},
                   buyer={"country": "JP"}, incoterm="CIF",
                   freight={"amount": "40", "currency": "GBP"},
                   insurance={"amount": "3.33", "currency": "GBP"},
                   fx={"GBP/JPY": "191.27"},
                   lines=[{"sku": "T", "hs_code": "6109", "origin": "GB", "quantity": "100",
                           "unit_price": "9.99", "unit_cost": "5"}])
    r = engine.quote(q)
    t = r.totals
    assert t.customs_value.amount == D("191079") and t.customs_value.currency.code == "JPY"
    assert t.duty.amount.amount == D("20828")  # 10.9 % x 191079 = 20827.611
    assert t.import_tax.amount.amount == D("21191")  # 10 % x 211907 = 21190.7
    assert all(c.amount.amount.as_tuple().exponent == 0 for c in r.lines[0].charges)


def test_kwd_has_three_decimals(engine) -> None:  # type: ignore[no-untyped-def]
    # 1234.5678 EUR x 0.3333 = 411.48144774 KWD -> CV 411.481; duty 5 % = 20.57405 -> 20.574
    q = make_quote(buyer={"country": "KW"}, fx={"EUR/KWD": "0.3333"},
                   lines=[{"sku": "P", "hs_code": "8413", "origin": "DE", "quantity": "1",
                           "unit_price": "1234.5678", "unit_cost": "1"}])
    t = engine.quote(q).totals
    assert t.customs_value.amount == D("411.481")
    assert t.duty.amount.amount == D("20.574")
    assert t.import_tax.amount.amount == D("0")  # Kuwait has no VAT (tax: null)
