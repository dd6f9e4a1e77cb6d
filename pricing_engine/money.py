"""Money: Decimal amounts with an ISO 4217 currency, minor-unit rounding and dated FX.

Amounts are :class:`decimal.Decimal` end to end; floats are refused. Rounding happens only
where a declaration or an invoice rounds, through :func:`round_minor`.

>>> m = Money.of("10.005", "EUR")
>>> round_minor(m.amount, "EUR")
Decimal('10.01')
>>> round_minor(Decimal("1234.5"), "JPY")
Decimal('1235')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

import pycountry
from babel.numbers import get_currency_precision

from pricing_engine.errors import InputError, MissingFxRate, UnknownCurrency

__all__ = [
    "FxTable",
    "Money",
    "currency_code",
    "minor_digits",
    "round_minor",
    "to_decimal",
]


def to_decimal(value: object, *, field: str = "amount") -> Decimal:
    """Convert a string, int or Decimal to Decimal; floats and junk raise InputError."""
    if isinstance(value, bool | float):
        raise InputError(f"{field}: give {value!r} as a decimal string, not a float")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int | str):
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise InputError(f"{field}: {value!r} is not a decimal number") from None
    else:
        raise InputError(f"{field}: {value!r} is not a decimal number")
    if not result.is_finite():
        raise InputError(f"{field}: {value!r} is not a finite number")
    return result


@lru_cache(maxsize=256)
def currency_code(code: str) -> str:
    """Return the upper-case ISO 4217 code, or raise UnknownCurrency."""
    key = code.strip().upper()
    if pycountry.currencies.get(alpha_3=key) is None:
        raise UnknownCurrency(f"unknown currency code {code!r} (ISO 4217)")
    return key


@lru_cache(maxsize=256)
def minor_digits(code: str) -> int:
    """Number of minor-unit digits of a currency (EUR 2, JPY 0, KWD 3), from CLDR via babel."""
    return int(get_currency_precision(currency_code(code)))


def round_minor(amount: Decimal, currency: str, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round ``amount`` to the currency's minor unit (half-up unless a rule says otherwise)."""
    exponent = Decimal(1).scaleb(-minor_digits(currency))
    return amount.quantize(exponent, rounding=rounding)


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency; arithmetic across currencies raises."""

    amount: Decimal
    currency: str

    @classmethod
    def of(cls, amount: object, currency: str) -> Money:
        """Build Money from a decimal string, int or Decimal and an ISO 4217 code."""
        return cls(to_decimal(amount), currency_code(currency))

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float):
            raise InputError("multiply Money by a Decimal, not a float")
        return Money(self.amount * factor, self.currency)

    def rounded(self) -> Money:
        """This amount rounded to its currency's minor unit."""
        return Money(round_minor(self.amount, self.currency), self.currency)

    def as_json(self) -> dict[str, str]:
        """``{"amount": "1234.50", "currency": "USD"}``: amounts travel as decimal strings."""
        return {"amount": str(self.amount), "currency": self.currency}

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise InputError(f"cannot combine {self.currency} and {other.currency} amounts")


class FxTable:
    """FX rates quoted as ``BASE/QUOTE: rate`` (1 BASE = rate QUOTE).

    The inverse pair is derived; a pair that is neither given nor the identity raises
    MissingFxRate: no rate is ever assumed.

    >>> fx = FxTable({"EUR/USD": "1.0850"})
    >>> fx.rate("USD", "EUR").quantize(Decimal("0.000001"))
    Decimal('0.921659')
    """

    __slots__ = ("_rates",)

    def __init__(self, rates: Mapping[str, object] | None = None) -> None:
        self._rates: dict[tuple[str, str], Decimal] = {}
        for pair, value in (rates or {}).items():
            base, sep, quote = pair.partition("/")
            if not sep:
                raise InputError(f"FX pair {pair!r}: write it as BASE/QUOTE, e.g. EUR/USD")
            rate = to_decimal(value, field=f"fx {pair}")
            if rate <= 0:
                raise InputError(f"FX pair {pair!r}: rate must be positive, got {rate}")
            self._rates[(currency_code(base), currency_code(quote))] = rate

    def rate(self, base: str, quote: str) -> Decimal:
        """Units of ``quote`` for one unit of ``base``."""
        base, quote = currency_code(base), currency_code(quote)
        if base == quote:
            return Decimal(1)
        if (base, quote) in self._rates:
            return self._rates[(base, quote)]
        if (quote, base) in self._rates:
            return Decimal(1) / self._rates[(quote, base)]
        raise MissingFxRate(f"no FX rate for {base}/{quote}: add it to the quote's fx or --fx")

    def convert(self, money: Money, to: str) -> Money:
        """Convert exactly (no rounding) into currency ``to``."""
        return Money(money.amount * self.rate(money.currency, to), currency_code(to))

    def pairs(self) -> dict[str, Decimal]:
        """The rates as given, keyed ``BASE/QUOTE``."""
        return {f"{b}/{q}": r for (b, q), r in self._rates.items()}
