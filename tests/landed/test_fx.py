"""FX: the customs rate values the goods; the commercial rate gives quote-currency amounts."""

from __future__ import annotations

from .conftest import D, make_quote


def test_customs_rate_for_the_declaration_commercial_rate_for_the_quote(engine) -> None:  # type: ignore[no-untyped-def]
    q = make_quote(buyer={"country": "CA"}, currency="USD", seller={"country": "US"},
                   fx={"USD/CAD": "1.40"}, customs_fx={"USD/CAD": "1.38"},
                   lines=[{"sku": "T", "hs_code": "6109", "origin": "CN", "quantity": "10",
                           "unit_price": "100", "unit_cost": "50"}])
    r = engine.quote(q)
    assert r.totals.customs_value.amount == D("1380.00")  # 1000 USD at the customs rate
    duty = r.lines[0].charges[0]
    assert duty.amount.amount == D("248.40")  # 18 %
    assert duty.fx_rate == D(1) / D("1.40")
    assert duty.quote_amount.amount == D("177.43")  # 248.40 / 1.40 = 177.428...


def test_quote_fx_wins_over_an_fx_table(engine) -> None:  # type: ignore[no-untyped-def]
    from pricing_engine.landed import LandedCostEngine

    table = LandedCostEngine(engine.rules, fx={"USD/CAD": "2"})
    q = make_quote(buyer={"country": "CA"}, currency="USD", seller={"country": "US"},
                   fx={"USD/CAD": "1.5"},
                   lines=[{"sku": "T", "hs_code": "6109", "origin": "CN", "quantity": "1",
                           "unit_price": "100", "unit_cost": "50"}])
    assert table.quote(q).totals.customs_value.amount == D("150.00")
