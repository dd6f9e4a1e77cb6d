"""Margin amount and percent of net revenue against the floor and the target."""

from __future__ import annotations

from pricing_engine.landed.margin import margin_percent, margin_status

from .conftest import D, make_quote


def test_status_against_floor_and_target() -> None:
    kw = {"floor": D("0.15"), "target": D("0.25")}
    assert margin_status(D("0.25"), **kw) == "above_target"
    assert margin_status(D("0.2499"), **kw) == "below_target"
    assert margin_status(D("0.15"), **kw) == "below_target"
    assert margin_status(D("0.1499"), **kw) == "below_floor"
    assert margin_status(D("0.10"), floor=None, target=D("0.25")) == "below_target"
    assert margin_status(D("0.20"), floor=D("0.15"), target=None) == "above_target"
    assert margin_status(D("0.20"), floor=None, target=None) is None


def test_percent_of_net_revenue() -> None:
    assert margin_percent(D("25"), D("100")) == D("0.25")
    assert margin_percent(D("0"), D("0")) is None


def test_quote_margin_is_revenue_less_cost_to_serve(engine) -> None:  # type: ignore[no-untyped-def]
    # DAP to the US: revenue 2000; cost 1000 goods + freight 100 (the seller's) -> 900 = 45 %.
    q = make_quote(currency="USD", incoterm="DAP", freight={"amount": "100", "currency": "USD"},
                   targets={"margin_floor": "0.30", "margin_target": "0.50"},
                   lines=[{"sku": "T", "hs_code": "6109", "origin": "DE", "quantity": "100",
                           "unit_price": "20", "unit_cost": "10"}])
    m = engine.quote(q).totals.margin
    assert m.amount.amount == D("900.00") and m.ratio == D("0.45")
    assert m.status == "below_target"


def test_line_margins_add_up_to_the_total(engine) -> None:  # type: ignore[no-untyped-def]
    q = make_quote(currency="USD", incoterm="DDP", freight={"amount": "99.99", "currency": "USD"},
                   lines=[{"sku": s, "hs_code": "6109", "origin": "DE", "quantity": n,
                           "unit_price": p, "unit_cost": "3"}
                          for s, n, p in (("a", "7", "13.33"), ("b", "3", "41.07"),
                                          ("c", "11", "9.99"))])
    r = engine.quote(q)
    assert sum(ln.margin.amount.amount for ln in r.lines) == r.totals.margin.amount.amount
