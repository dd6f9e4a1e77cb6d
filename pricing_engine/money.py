"""Money: Decimal amounts with an ISO 4217 currency, minor-unit rounding and dated FX.

The one money type is py-moneyed's :class:`moneyed.Money` (re-exported here and at the
package top): its arithmetic refuses to mix currencies, and ``moneyed.l10n.format_money``
formats it with babel. :func:`money` builds one from untrusted text. Amounts are
:class:`decimal.Decimal` end to end; floats are refused. Rounding happens only where a
declaration or an invoice rounds, through :func:`round_minor`; hot loops keep bare Decimals
and make Money at the boundary.

>>> m = money("10.005", "eur")
>>> m
Money('10.005', 'EUR')
>>> round_minor(m.amount, "EUR")
Decimal('10.01')
>>> round_minor(Decimal("1234.5"), "JPY")
Decimal('1235')
>>> money("1", "EUR") + money("1", "USD")
Traceback (most recent call last):
TypeError: Cannot add or subtract two Money instances with different currencies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import TypeGuard

import pycountry
from babel.numbers import get_currency_precision
from moneyed import Currency, CurrencyDoesNotExist, Money, get_currency

from pricing_engine.errors import InputError, MissingFxRate, UnknownCurrency

__all__ = [
    "AMOUNTS",
    "FRACTIONS",
    "FX_INVERSE_TOLERANCE",
    "FX_RATES",
    "QUANTITIES",
    "Bounds",
    "FxTable",
    "Money",
    "allocate",
    "check_inverse",
    "currency_code",
    "currency_of",
    "digits_problem",
    "fx_pair",
    "minor_digits",
    "minor_unit",
    "money",
    "money_json",
    "percent_text",
    "residue_line",
    "round_minor",
    "to_decimal",
    "too_large",
]


@dataclass(frozen=True, slots=True)
class Bounds:
    """The range and the decimal places a kind of number may take (``check`` enforces them).

    Every number a quote, a proposal or an FX table gives is in one of the ranges below:
    the largest has 16 digits before the point and 12 after, so each is exact in Python's
    28-digit decimal context, and their products (a price times a quantity times an FX
    rate) still round to a minor unit in it.
    """

    what: str
    low: Decimal
    high: Decimal
    low_open: bool = False
    high_open: bool = False
    places: int = 12

    def check(self, value: Decimal, *, field: str = "") -> Decimal:
        """``value`` if it is in range (negative zero read as zero), else InputError."""
        if not value.is_finite():
            raise InputError(f"{_at(field)}{value} is not a finite number")
        if (value < self.low or value > self.high or (self.low_open and value == self.low)
                or (self.high_open and value == self.high)):
            raise InputError(f"{_at(field)}{_shown(value)} is outside the range of {self.what}: "
                             f"{self.describe()}")
        text = str(value)  # cheaper than as_tuple() on the common, plain form ("4200.00")
        if "E" in text:
            exponent = value.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) else 0
        else:
            dot = text.find(".")
            places = 0 if dot < 0 else len(text) - dot - 1
        if places > self.places:
            raise InputError(f"{_at(field)}{_shown(value)} has more than {self.places} decimal "
                             f"places (the most {self.what} may have)")
        if places < 0:
            value = value.quantize(Decimal(1))  # "1E+3" reads 1000
        if value.is_zero():
            return abs(value)  # "-0" is 0 (a sign on zero means nothing in an amount)
        return value

    def read(self, value: object, *, field: str = "") -> Decimal:
        """``check(to_decimal(value, field=field), field=field)``, the usual text read at once.

        Plain decimal text (ASCII digits with at most one point among them, as documents
        mostly write a number: ``"4200.00"``) strictly inside the range is the Decimal of
        its text, its places counted on the text: what to_decimal and check give it (no
        sign, exponent or blank to handle, so no negative zero). Anything else, an end of
        the range included, goes through to_decimal and check.
        """
        if _plain_decimal(value):
            number = Decimal(value)
            if self.low < number < self.high:
                dot = value.find(".")
                if dot < 0 or len(value) - dot - 1 <= self.places:
                    return number
        return self.check(to_decimal(value, field=field), field=field)

    def describe(self) -> str:
        """The range as interval notation, e.g. ``[0, 1e15]``."""
        low, high = ("(" if self.low_open else "["), (")" if self.high_open else "]")
        return f"{low}{_short(self.low)}, {_short(self.high)}{high}"


def _at(field: str) -> str:
    return f"{field}: " if field else ""


def _shown(value: object) -> str:
    """``value`` for a message: as written, or, when long (a hostile 100,000-digit number),
    its start and its length, so that an error is one readable line."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        text = str(value)
        digits = len(value.as_tuple().digits)
        return text if len(text) <= _SHOWN else f"{value:.6E} (a number of {digits:,} digits)"
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= _SHOWN:
        return repr(value)
    return f"{text[:_SHOWN // 2]!r}... ({len(text):,} characters)"


#: The longest value a message shows whole.
_SHOWN = 64


def _short(value: Decimal) -> str:
    return f"{value:g}".replace("e+", "e")


#: The decimals a rate shown as a percentage keeps at most (a published third, ``33 1/3%``,
#: held to the decimal context's 28 digits, shows as 33.333333 %).
PERCENT_PLACES = 6


def percent_text(rate: Decimal, *, space: str = "") -> str:
    """A rate as a percentage for a person: ``Decimal("0.027")`` -> ``"2.7%"``, as exact as
    the rate up to :data:`PERCENT_PLACES` decimals (rounded half-even beyond: display only,
    amounts use the rate itself).

    >>> percent_text(Decimal("0.027")), percent_text(Decimal("0.25"), space=" ")
    ('2.7%', '25 %')
    >>> percent_text(Decimal(1) / 3)
    '33.333333%'
    """
    value = rate * 100
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -PERCENT_PLACES:
        value = value.quantize(Decimal(1).scaleb(-PERCENT_PLACES))
    return f"{value.normalize():f}{space}%"


#: Money amounts: unit prices and costs, freight, insurance, other costs, a line's value.
AMOUNTS = Bounds("an amount", Decimal(0), Decimal("1e15"))
#: Quantities, weights, volumes and counts of extra units.
QUANTITIES = Bounds("a quantity", Decimal(0), Decimal("1e9"))
#: FX rates (1 BASE = rate QUOTE): no currency pair is further apart than this.
FX_RATES = Bounds("an FX rate", Decimal("1e-9"), Decimal("1e9"), low_open=True,
                  high_open=True)
#: Fractions: margins, discounts, insurance premium rates.
FRACTIONS = Bounds("a fraction", Decimal(0), Decimal(1), high_open=True)
#: A pair given in both directions must agree: ``rate(A/B) x rate(B/A)`` within 1 % of 1
#: (a bid/ask spread passes; EUR/USD 1.085 with USD/EUR 5 is an error naming both).
FX_INVERSE_TOLERANCE = Decimal("0.01")


def to_decimal(value: object, *, field: str = "amount") -> Decimal:
    """Convert a string, int or Decimal to Decimal; floats and junk raise InputError.

    Text is written with the ASCII digits 0-9: ``"3_10"`` and other scripts' digits, which
    Decimal would read, are refused. ``field`` starts the message (none when empty: a
    model's error names the field itself).
    """
    if _plain_decimal(value):
        return Decimal(value)  # nothing to strip, always finite: what the long road gives
    return _any_decimal(value, field)


def _plain_decimal(value: object) -> TypeGuard[str]:
    """Plain decimal text: ASCII digits with at most one point among them (``"4200.00"``).

    How documents mostly write a number, which Decimal reads as it is; str methods, not a
    regular expression: a quote's every number comes this way.
    """
    return type(value) is str and value.isascii() and value.replace(".", "", 1).isdigit()


def _any_decimal(value: object, field: str) -> Decimal:
    """:func:`to_decimal`'s long road, for any value (its short road is plain text)."""
    if isinstance(value, bool | float):
        raise InputError(f"{_at(field)}give {value!r} as a decimal string, not a float")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)  # not through str(): an int of 4,301 digits or more has none
    elif isinstance(value, str):
        text = str(value).strip()
        problem = digits_problem(text)
        if problem is not None:
            raise InputError(f"{_at(field)}{_shown(value)} is not a decimal number: {problem}")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise InputError(f"{_at(field)}{_shown(value)} is not a decimal number") from None
    else:
        raise InputError(f"{_at(field)}{_shown(value)} is not a decimal number")
    if not result.is_finite():
        raise InputError(f"{_at(field)}{_shown(value)} is not a finite number")
    return result


def digits_problem(text: str) -> str | None:
    """What a number written as ``text`` holds that Python reads but a document's number must
    not: ``_`` or other scripts' digits (how to write it instead), else None.

    Python's Decimal and int take ``"3_10"`` as 310 and full-width or Arabic-Indic digits
    (``"３１０"``, ``"٣１٠"``) as ASCII ones, where the published schemas allow ``0-9`` only: a
    typo such as ``"31_0"`` must not become 310 without a word. Every reader of document,
    rule-file and count numbers asks this one function.
    """
    if "_" in text:
        return "write it without '_' (digit grouping is not read)"
    if not text.isascii():
        return "write it with the ASCII digits 0-9"
    return None


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


def minor_unit(currency: str) -> Decimal:
    """The currency's minor unit as a quantum (``Decimal("0.01")``, JPY ``Decimal("1")``)."""
    quantum = _QUANTA.get(currency)
    if quantum is None:
        quantum = _QUANTA[currency] = Decimal(1).scaleb(-minor_digits(currency))
    return quantum


#: currency code -> its minor unit (hot loops round millions of amounts)
_QUANTA: dict[str, Decimal] = {}


def round_minor(amount: Decimal, currency: str, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round ``amount`` to the currency's minor unit (half-up unless a rule says otherwise).

    An amount too large to round exactly (extreme amounts times extreme FX rates) is an
    InputError: every rounding to a minor unit in the package comes here (landed.margin.Ledger
    inlines it for the per-line charges, with the same error).
    """
    # Written for speed (about 100,000 calls in a 10,000-line DDP quote): a dict index and a
    # positional rounding argument take half the time of .get() and rounding=rounding.
    try:
        quantum = _QUANTA[currency]
    except KeyError:
        quantum = minor_unit(currency)
    try:
        return amount.quantize(quantum, rounding)
    except InvalidOperation:
        raise too_large(amount, currency) from None


def residue_line(keys: Sequence[Decimal]) -> int:
    """Index of the share that carries rounding residues: the largest key, first on a tie."""
    # max() keeps the first of equal keys, index() finds the first key equal to it
    return keys.index(max(keys)) if keys else 0


def allocate(
    total: Decimal, keys: Sequence[Decimal], currency: str, *, onto: int,
    weight: Decimal | None = None,
) -> list[Decimal]:
    """Shares of ``total`` proportional to ``keys``, rounded, summing exactly to ``total``.

    Each share is rounded to the currency's minor unit; the rounding residue goes to the
    share ``onto`` (usually :func:`residue_line`: the line a declaration would carry the
    difference on), so every total stays equal to the sum of its parts. ``total`` should
    already be rounded to the minor unit. ``weight``: the sum of ``keys``, when the caller
    has it (several totals allocated by the same keys).

    >>> allocate(Decimal("100"), [Decimal(1), Decimal(1), Decimal(1)], "EUR", onto=0)
    [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
    """
    if weight is None:
        weight = sum(keys, Decimal(0))
    if weight == 0:
        raise InputError("cannot allocate over lines whose keys are all zero")
    quantum = minor_unit(currency)
    try:  # round_minor's rounding, inline: a shipment cost is allocated over every line
        shares = [(total * key / weight).quantize(quantum, ROUND_HALF_UP) for key in keys]
    except InvalidOperation:
        raise too_large(total, currency) from None
    shares[onto] += total - sum(shares, Decimal(0))
    return shares


def too_large(amount: Decimal, currency: str) -> InputError:
    """The error for an amount too large to round to its currency's minor unit exactly."""
    return InputError(f"{amount:.6E} {currency} is too large to compute exactly: keep amounts "
                      f"within {AMOUNTS.describe()} and FX rates within {FX_RATES.describe()}")


@lru_cache(maxsize=256)
def currency_of(code: str) -> Currency:
    """py-moneyed's Currency for an ISO 4217 code (any case), or UnknownCurrency.

    A code ISO 4217 has but py-moneyed's table lacks still gets a Currency of that code.
    """
    key = currency_code(code)
    try:
        return get_currency(key)
    except CurrencyDoesNotExist:
        return Currency(code=key)


def money(amount: object, currency: str) -> Money:
    """Money from a decimal string, int or Decimal and an ISO 4217 code (floats refused)."""
    return Money(to_decimal(amount), currency_of(currency))


def money_json(value: Money) -> dict[str, str]:
    """``{"amount": "1234.50", "currency": "USD"}``: amounts travel as decimal strings."""
    return {"amount": str(value.amount), "currency": value.currency.code}


class FxTable:
    """FX rates quoted as ``BASE/QUOTE: rate`` (1 BASE = rate QUOTE).

    The inverse pair is derived; a pair that is neither given nor the identity raises
    MissingFxRate: no rate is ever assumed. Rates lie in FX_RATES; a pair given in both
    directions must agree within FX_INVERSE_TOLERANCE (each direction then uses its own
    rate), and one pair given twice (``EUR/USD`` and ``eur/usd``) is an error.

    >>> fx = FxTable({"EUR/USD": "1.0850"})
    >>> fx.rate("USD", "EUR").quantize(Decimal("0.000001"))
    Decimal('0.921659')
    """

    __slots__ = ("_rates",)

    def __init__(self, rates: Mapping[str, object] | None = None) -> None:
        self._rates: dict[tuple[str, str], Decimal] = {}
        given: dict[tuple[str, str], str] = {}
        for pair, value in (rates or {}).items():
            key = fx_pair(pair)
            if key in given:
                raise InputError(f"FX pair {key[0]}/{key[1]} is given twice "
                                 f"({given[key]!r} and {pair!r})")
            given[key] = pair
            self._rates[key] = FX_RATES.read(value, field=f"fx {pair}")
            if key[0] == key[1] and self._rates[key] != 1:
                raise InputError(f"FX pair {key[0]}/{key[1]} is {value}: a currency converts "
                                 "to itself at 1; remove the pair")
        for (base, quote), rate in self._rates.items():
            inverse = self._rates.get((quote, base))
            if inverse is not None and base < quote:
                check_inverse(f"{base}/{quote}", rate, f"{quote}/{base}", inverse)

    def rate(self, base: str, quote: str) -> Decimal:
        """Units of ``quote`` for one unit of ``base``."""
        base, quote = currency_code(base), currency_code(quote)
        if base == quote:
            return Decimal(1)
        if (base, quote) in self._rates:
            return self._rates[(base, quote)]
        if (quote, base) in self._rates:
            return Decimal(1) / self._rates[(quote, base)]
        raise MissingFxRate(f"no FX rate for {base}/{quote}: add it to the quote's fx, or give "
                            "it with --fx or --fx-table")

    def convert(self, value: Money, to: str) -> Money:
        """Convert exactly (no rounding) into currency ``to``."""
        return Money(value.amount * self.rate(value.currency.code, to), currency_of(to))

    def pairs(self) -> dict[str, Decimal]:
        """The rates as given, keyed ``BASE/QUOTE``."""
        return {f"{b}/{q}": r for (b, q), r in self._rates.items()}


def fx_pair(pair: str) -> tuple[str, str]:
    """``"eur/usd"`` as ``("EUR", "USD")``; not ``BASE/QUOTE`` of ISO 4217 codes: InputError."""
    base, sep, quote = pair.partition("/")
    if not sep:
        raise InputError(f"FX pair {pair!r}: write it as BASE/QUOTE, e.g. EUR/USD")
    return currency_code(base), currency_code(quote)


def check_inverse(pair: str, rate: Decimal, inverse_pair: str, inverse: Decimal) -> None:
    """Refuse a pair and its inverse that disagree by more than FX_INVERSE_TOLERANCE."""
    product = rate * inverse
    if abs(product - 1) > FX_INVERSE_TOLERANCE:
        raise InputError(
            f"FX pairs {pair} {rate} and {inverse_pair} {inverse} contradict each other: "
            f"their product is {product:.6g}, not 1 within {FX_INVERSE_TOLERANCE:%}; "
            "give one direction of a pair")
