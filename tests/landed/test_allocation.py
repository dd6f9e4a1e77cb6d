"""Allocation of shipment costs to lines: methods, residue line, exact sums."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pricing_engine.errors import InputError
from pricing_engine.landed.valuation import allocation_keys
from pricing_engine.money import allocate, residue_line
from pricing_engine.quote import Line

from .conftest import D


def _line(sku: str, qty: str, price: str, kg: str | None = None) -> Line:
    return Line(sku=sku, hs_code="8413", origin="DE", quantity=D(qty), unit_price=D(price),
                unit_cost=D("1"), unit_weight_kg=None if kg is None else D(kg))


def test_thirds_put_the_cent_on_the_residue_line() -> None:
    # 100.00 / 3 = 33.333...: two lines get 33.33, the residue line 33.34; the sum is exact.
    shares = allocate(D("100.00"), [D(1), D(1), D(1)], "EUR", onto=0)
    assert shares == [D("33.34"), D("33.33"), D("33.33")]
    assert sum(shares) == D("100.00")


def test_jpy_has_no_minor_unit() -> None:
    shares = allocate(D("1000"), [D(1), D(2)], "JPY", onto=1)
    assert shares == [D("333"), D("667")]


def test_residue_line_is_the_largest_key_first_on_a_tie() -> None:
    assert residue_line([D(1), D(5), D(5), D(2)]) == 1


def test_keys_by_method() -> None:
    lines = [_line("a", "2", "10", "3"), _line("b", "1", "50", "1")]
    assert allocation_keys(lines, "value") == [D(20), D(50)]
    assert allocation_keys(lines, "weight") == [D(6), D(1)]
    assert allocation_keys(lines, "quantity") == [D(2), D(1)]
    assert allocation_keys(lines, "equal") == [D(1), D(1)]


def test_weight_allocation_needs_every_weight() -> None:
    with pytest.raises(InputError, match="unit_weight_kg"):
        allocation_keys([_line("a", "1", "1", "2"), _line("b", "1", "1")], "weight")


def test_value_allocation_of_a_quote(quote_of) -> None:  # type: ignore[no-untyped-def]
    # freight 100 EUR over lines worth 200 and 100: 66.67 / 33.33, residue on line 1 (the first).
    r = quote_of(freight={"amount": "100", "currency": "EUR"}, lines=[
        {"sku": "A", "hs_code": "8413", "origin": "DE", "quantity": "2", "unit_price": "100",
         "unit_cost": "1"},
        {"sku": "B", "hs_code": "8413", "origin": "DE", "quantity": "1", "unit_price": "100",
         "unit_cost": "1"}], fx={"EUR/USD": "1"})
    shares = [ln.allocated["main_carriage"].amount for ln in r.lines]
    assert shares == [Decimal("66.67"), Decimal("33.33")]
    assert r.residue_line == 1  # counts from 1 (issue 9)
