from decimal import Decimal

import pytest

from pricing_engine import FxTable, InputError, MissingFxRate, Money, UnknownCurrency
from pricing_engine.money import minor_digits, round_minor, to_decimal


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
    with pytest.raises(InputError):
        Money(Decimal(1), "EUR") * 1.5  # type: ignore[operator]


def test_mixing_currencies_raises() -> None:
    with pytest.raises(InputError, match="EUR and USD"):
        Money.of("1", "EUR") + Money.of("1", "USD")


def test_unknown_currency() -> None:
    with pytest.raises(UnknownCurrency):
        Money.of("1", "XYZ")


def test_fx_inverse_and_missing_pair() -> None:
    fx = FxTable({"EUR/USD": "1.0850"})
    assert fx.convert(Money.of("100", "EUR"), "USD") == Money(Decimal("108.5000"), "USD")
    assert fx.rate("USD", "EUR") * Decimal("1.0850") == pytest.approx(Decimal(1))
    assert fx.rate("GBP", "GBP") == 1
    with pytest.raises(MissingFxRate, match="GBP/USD"):
        fx.rate("GBP", "USD")
