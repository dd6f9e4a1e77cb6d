from decimal import Decimal

import pytest

from pricing_engine import FxTable, InputError, MissingFxRate, Money, UnknownCurrency
from pricing_engine.money import minor_digits, money, money_json, round_minor, to_decimal


@pytest.mark.parametrize(("code", "digits"), [("EUR", 2), ("JPY", 0), ("KWD", 3), ("usd", 2)])
def test_minor_digits_follow_iso_4217(code: str, digits: int) -> None:
    assert minor_digits(code) == digits


def test_round_minor_is_half_up_per_currency() -> None:
    assert round_minor(Decimal("10.005"), "EUR") == Decimal("10.01")
    assert round_minor(Decimal("10.0049"), "EUR") == Decimal("10.00")
    assert round_minor(Decimal("1234.5"), "JPY") == Decimal("1235")
    assert round_minor(Decimal("1.2345"), "KWD") == Decimal("1.235")


def test_floats_are_refused() -> None:
    with pytest.raises(InputError, match="not a float"):
        to_decimal(0.1)
    with pytest.raises(InputError, match="not a float"):
        money(1.5, "EUR")
    with pytest.warns(DeprecationWarning):  # py-moneyed's own arithmetic warns on floats
        money("1", "EUR") * 1.5


def test_money_is_py_moneyed_and_mixing_currencies_raises() -> None:
    import moneyed

    assert Money is moneyed.Money
    total = money("1.10", "eur") + money("2", "EUR")
    assert total == Money(Decimal("3.10"), "EUR") and money_json(total) == {
        "amount": "3.10", "currency": "EUR"}
    with pytest.raises(TypeError, match="different currencies"):
        money("1", "EUR") + money("1", "USD")


def test_unknown_currency() -> None:
    with pytest.raises(UnknownCurrency):
        money("1", "XYZ")


def test_fx_inverse_and_missing_pair() -> None:
    fx = FxTable({"EUR/USD": "1.0850"})
    assert fx.convert(money("100", "EUR"), "USD") == Money(Decimal("108.5000"), "USD")
    assert fx.rate("USD", "EUR") * Decimal("1.0850") == pytest.approx(Decimal(1))
    assert fx.rate("GBP", "GBP") == 1
    with pytest.raises(MissingFxRate, match="GBP/USD"):
        fx.rate("GBP", "USD")


def test_a_currency_against_itself_is_one_or_refused() -> None:
    # a rate of a currency to itself other than 1 would scale every amount in it
    assert FxTable({"EUR/EUR": "1", "EUR/USD": "1.085"}).rate("EUR", "EUR") == 1
    with pytest.raises(InputError, match="EUR/EUR is 2: a currency converts to itself at 1"):
        FxTable({"EUR/USD": "1.085", "eur/eur": "2"})
