"""A Money's JSON: ``{"amount": "...", "currency": "..."}`` however the Money was made.

The models write a Money through pricing_engine.money.money_json (pricing_engine.fields); these
are the ways the library makes one, and each must come out amount first, as strings.
"""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal

import pytest
from pydantic import TypeAdapter

from pricing_engine.fields import Money as DocumentMoney
from pricing_engine.fields import SignedMoney
from pricing_engine.money import FxTable, Money, currency_of, money, money_json

EUR = currency_of("EUR")
MADE = {
    "constructed": Money(Decimal("1234.50"), EUR),
    "from text": money("-0.005", "eur"),
    "added": Money(Decimal("1.10"), EUR) + Money(Decimal("2"), EUR),
    "negated": -Money(Decimal("3.30"), EUR),
    "multiplied": Money(Decimal("2.50"), EUR) * 3,
    "converted": FxTable({"EUR/JPY": "160.5"}).convert(Money(Decimal("10"), EUR), "JPY"),
    "copied": copy.copy(Money(Decimal("7"), EUR)),
    "deep-copied": copy.deepcopy(Money(Decimal("1E+3"), EUR)),
    "unpickled": pickle.loads(pickle.dumps(Money(Decimal("0.1"), EUR))),
}


@pytest.mark.parametrize("how", sorted(MADE))
@pytest.mark.parametrize("kind", [SignedMoney, DocumentMoney], ids=["signed", "document"])
def test_a_money_is_written_amount_first_as_strings(how: str, kind: object) -> None:
    value = MADE[how]
    adapter: TypeAdapter[Money] = TypeAdapter(kind)
    written = money_json(value)
    assert list(written) == ["amount", "currency"]
    assert adapter.dump_python(value) == written
    assert adapter.dump_json(value) == (
        f'{{"amount":"{value.amount}","currency":"{value.currency.code}"}}'.encode())


def test_a_money_in_a_model_dumps_with_exclude_unset() -> None:
    """A document's Money dumps as ``{amount, currency}`` with ``exclude_unset`` too."""
    from pydantic import BaseModel

    class Priced(BaseModel):
        price: DocumentMoney
        margin: SignedMoney | None = None

    value = Priced.model_validate({"price": {"amount": "12.50", "currency": "EUR"}})
    assert value.model_dump(mode="json", exclude_unset=True) == {
        "price": {"amount": "12.50", "currency": "EUR"}}
