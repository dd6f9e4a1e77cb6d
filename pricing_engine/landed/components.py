"""The plain record of one computed charge (hot-loop type; results convert it to pydantic)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pricing_engine.landed.ports import RefLike
from pricing_engine.money import minor_digits, too_large

__all__ = ["Charge", "minor_unit", "percent", "to_minor"]

_QUANTA: dict[str, Decimal] = {}


@dataclass(frozen=True, slots=True)
class Charge:
    """One duty, tax or fee amount of one line, in the destination currency, with its why.

    ``amount`` is rounded to the destination currency's minor unit (a declaration's tax line);
    ``rate`` and ``base`` say how it was computed; ``ref`` names the rule file entry.
    """

    kind: str  # mfn | preference | additional | surcharge | flat | tax | fee
    name: str
    amount: Decimal
    rate: Decimal | None
    base: Decimal | None
    ref: RefLike | None
    note: str = ""
    collected: str = ""  # taxes: at_border | at_sale | self_assessed
    recoverable: bool = False
    agreement: str = ""  # the preference a duty charge applies


def percent(rate: Decimal) -> str:
    """A rate as a percentage for explanations: ``Decimal("0.027")`` -> ``"2.7%"``."""
    return f"{(rate * 100).normalize():f}%"


def minor_unit(currency: str) -> Decimal:
    """The currency's minor unit as a quantum (``Decimal("0.01")``), looked up once."""
    quantum = _QUANTA.get(currency)
    if quantum is None:
        quantum = _QUANTA[currency] = Decimal(1).scaleb(-minor_digits(currency))
    return quantum


def to_minor(amount: Decimal, currency: str, rounding: str = ROUND_HALF_UP) -> Decimal:
    """money.round_minor with each currency's quantum looked up once (hot loops call this).

    An amount too large to round exactly (extreme amounts times extreme FX rates) is an
    InputError, as in round_minor: every rounding to a minor unit in landed/ comes here.
    """
    try:
        return amount.quantize(minor_unit(currency), rounding=rounding)
    except InvalidOperation:
        raise too_large(amount, currency) from None
