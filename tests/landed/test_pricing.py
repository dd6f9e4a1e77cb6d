"""price_for_margin: the uniform uplift that reaches a target margin, re-quoted to verify."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing_engine.errors import InputError
from pricing_engine.landed import price_for_margin, with_uplift
from pricing_engine.price_points import price_point_up

from .conftest import D, make_quote


def _check(engine, quote, target):  # type: ignore[no-untyped-def]
    solution = price_for_margin(quote, target, engine=engine)
    again = engine.quote(with_uplift(quote, solution.uplift)).totals
    revenue, margin = again.revenue.amount, again.margin.amount.amount
    assert abs(margin - target * revenue) <= D("0.01")
    # the prices invoiced: each exact price rounded up to the cent, the margin theirs
    assert [price_point_up(ln.unit_price * (1 + solution.uplift), quote.currency)
            for ln in quote.lines] == list(solution.unit_prices)
    priced = engine.quote(quote.model_copy(update={"lines": tuple(
        ln.model_copy(update={"unit_price": p})
        for ln, p in zip(quote.lines, solution.unit_prices, strict=True))})).totals
    assert priced.margin.amount.amount == solution.margin >= target * solution.revenue
    assert priced.revenue.amount == solution.revenue
    return solution


def test_ddp_target_accounts_for_duties_that_grow_with_the_price(engine) -> None:  # type: ignore[no-untyped-def]
    q = make_quote(seller={"country": "US", "vat_id": None}, buyer={"country": "FR"},
                   incoterm="DDP", freight={"amount": "120", "currency": "EUR"},
                   lines=[{"sku": "T", "hs_code": "6109", "origin": "US", "quantity": "100",
                           "unit_price": "10", "unit_cost": "5"},
                          {"sku": "U", "hs_code": "6205", "origin": "US", "quantity": "30",
                           "unit_price": "22.50", "unit_cost": "9"}])
    s = _check(engine, q, D("0.25"))
    # Without duty and VAT the 25 % margin would need a smaller uplift: costs grew with it.
    assert s.uplift > 0


def test_lowering_prices_to_a_lower_target(engine) -> None:  # type: ignore[no-untyped-def]
    q = make_quote(currency="USD", lines=[{"sku": "T", "hs_code": "6109", "origin": "DE",
                                           "quantity": "10", "unit_price": "100",
                                           "unit_cost": "40"}])
    s = _check(engine, q, D("0.30"))
    assert s.uplift < 0  # EXW: margin 60 % now; 30 % needs lower prices (40 / 0.7 = 57.14)
    assert abs(s.uplift - (Decimal(40) / Decimal("0.7") / 100 - 1)) < D("1e-9")
    assert s.unit_prices == (D("57.15"),)  # 57.142857... rounded up to the cent


def test_target_out_of_range(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError):
        price_for_margin(make_quote(currency="USD"), D("1.2"), engine=engine)
