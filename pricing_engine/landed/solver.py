"""The DDP customs value: the largest value whose own duties and taxes fit in the price.

Under DDP the invoice price includes the import charges the seller pays, while customs law
keeps them out of the customs value. For one line that is the largest ``v`` (in the currency's
minor units) with ``v + charges(v) <= price share``; ``charges`` rounds per declaration line,
so the function steps, but it never decreases, which is what the search relies on. When even a
customs value of zero leaves charges (a fee's minimum, a flat duty) above the price share, no
value solves it: NotCovered, never a silent 0.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal

from pricing_engine.errors import InputError
from pricing_engine.landed.components import minor_unit, to_minor

__all__ = ["NotCovered", "solve_included"]


class NotCovered(InputError):
    """No customs value ``v >= 0`` has ``v + charges(v) <= total``: the price is too low.

    ``total`` is the price share and ``charges`` what is charged at a value of zero.
    """

    def __init__(self, total: Decimal, charges: Decimal) -> None:
        self.total, self.charges = total, charges
        super().__init__(f"a price share of {total} does not cover the {charges} charged "
                         "even at a customs value of zero")


def _floor(value: Decimal, currency: str) -> Decimal:
    return to_minor(value, currency, ROUND_FLOOR)


def solve_included(
    total: Decimal, charges: Callable[[Decimal], Decimal], currency: str, *,
    guess: Decimal | None = None,
) -> Decimal:
    """Largest customs value ``v`` (in minor units) with ``v + charges(v) <= total``.

    Raises NotCovered when there is none (``charges(0) > total``).

    ``charges`` is non-decreasing, so ``h(v) = v + charges(v) - total`` is increasing. A secant
    through two points lands next to the root when charges are (piecewise) linear; the answer
    is confirmed by ``h(v) <= 0 < h(v + unit)``, with a bracketed search as the fallback.
    A ``guess`` close to the answer (a re-solve) is tried first, a few minor units around it.
    """
    unit = minor_unit(currency)

    def h(v: Decimal) -> Decimal:
        return v + charges(v) - total

    if guess is not None and guess >= 0:
        found = _walk(h, _floor(guess, currency), unit)
        if found is not None:
            return found
    hi = -_floor(-total, currency)  # total rounded up: h(hi) >= charges(hi) >= 0
    hhi = h(hi)
    if hhi <= 0:
        return hi
    # Ad valorem charges are proportional: scaling lands on the root, confirmed by neighbours.
    guess = _floor(total * hi / (hhi + total), currency) if hhi + total > 0 else Decimal(0)
    if Decimal(0) <= guess < hi:
        hguess = h(guess)
        if hguess <= 0:
            hnext = h(guess + unit)
            if hnext > 0:
                return guess
            lo, hlo = guess + unit, hnext
            return _bracketed(h, lo, hlo, hi, hhi, unit, currency)
        hi, hhi = guess, hguess
    lo = max(_floor(hi - hhi + (hi - total) - unit, currency), Decimal(0))
    hlo = h(lo)
    if hlo > 0:
        # lo is 0 here (above 0, h(lo) < 0 by construction): nothing non-negative fits
        raise NotCovered(total, charges(Decimal(0)))
    return _bracketed(h, lo, hlo, hi, hhi, unit, currency)


def _bracketed(
    h: Callable[[Decimal], Decimal], lo: Decimal, hlo: Decimal, hi: Decimal, hhi: Decimal,
    unit: Decimal, currency: str,
) -> Decimal:
    for step in range(64):
        if hi - lo <= unit:
            return lo
        if step % 3 == 2 or hhi == hlo:
            x = _floor((lo + hi) / 2, currency)
        else:
            x = _floor(lo + (hi - lo) * (-hlo) / (hhi - hlo), currency)
        x = min(max(x, lo + unit), hi - unit)
        hx = h(x)
        if hx <= 0:
            lo, hlo = x, hx
            if hi - lo > unit and (hnext := h(lo + unit)) > 0:
                return lo  # the secant landed on the root: confirmed by its right neighbour
            elif hi - lo > unit:
                lo, hlo = lo + unit, hnext
        else:
            hi, hhi = x, hx
    return lo


def _walk(h: Callable[[Decimal], Decimal], v: Decimal, unit: Decimal) -> Decimal | None:
    """From a close guess, step a few minor units to where ``h(v) <= 0 < h(v + unit)``."""
    hv = h(v)
    for _ in range(4):
        if hv <= 0:
            hn = h(v + unit)
            if hn > 0:
                return v
            v, hv = v + unit, hn
        else:
            v -= unit
            if v < 0:
                return None
            hv = h(v)
    return None
