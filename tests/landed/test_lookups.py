"""The engine's look-up tables: bounded for a long-running service, answers as found afresh."""

from __future__ import annotations

import pickle
from decimal import Decimal

from moneyed import Money

from pricing_engine.landed.context import Lookups
from pricing_engine.landed.report import _money
from pricing_engine.money import currency_of

from .conftest import make_quote


def test_each_table_keeps_at_most_its_bound_and_answers_as_found_afresh(engine) -> None:  # type: ignore[no-untyped-def]
    look = Lookups(engine.rules, kept=3)
    q = make_quote(lines=[{"sku": f"S{i}", "hs_code": code, "origin": "CN", "quantity": "1",
                           "unit_price": "10", "unit_cost": "1"}
                          for i, code in enumerate(["6109", "8471", "6403", "610910", "847130",
                                                    "6109", "640399"])])
    days = ["2026-01-05", "2026-02-05", "2026-03-05", "2026-04-05", "2026-05-05"]
    for line in q.lines:
        for day in days:
            on = make_quote(date=day).date
            got = look.duty("DE", line, on)
            assert got == engine.rules.duty("DE", line.hs_code, line.origin, on)
            assert look.tax("DE", "standard", on, None) == tuple(
                engine.rules.tax_rates("DE", "standard", on))
            assert look.fees("US", on, "courier") == tuple(engine.rules.fees("US", on,
                                                                           mode="courier"))
            assert len(look._duty) <= 3 and len(look._tax) <= 3 and len(look._fees) <= 3


def test_a_result_money_is_what_py_moneyed_makes() -> None:
    # report._money builds a Money without Money.__init__: the same attributes in the same
    # order, so equality, hashing, copies, pickles and JSON cannot tell the two apart; if a
    # py-moneyed release sets more in __init__, this fails before any result is wrong.
    for amount, code in ((Decimal("1234.50"), "EUR"), (Decimal("-0.01"), "JPY"),
                         (Decimal("0"), "USD")):
        made, real = _money(amount, currency_of(code)), Money(amount, currency_of(code))
        assert type(made) is type(real)
        assert list(vars(made).items()) == list(vars(real).items())
        assert made == real and hash(made) == hash(real)
        assert pickle.loads(pickle.dumps(made)) == real
