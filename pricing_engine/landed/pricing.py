"""Price for a target margin: the uniform uplift of every unit price that reaches it.

The margin is ``revenue - cost-to-serve``; under DDP (and with an insurance rate) the costs
grow with the price, and rounding makes them step, so the uplift is solved numerically: a
bracketed secant (Illinois) in Decimal on ``g(u) = margin(u) - target x revenue(u)``, stopped
once ``0 <= g <= half a minor unit``. Costs only step *up* as the price rises while revenue
rises continuously, so ``g`` always crosses zero on a continuous stretch and the solution
re-quotes on the target within one minor unit; the result is verified, and TargetUnreachable
raised when no price reaches it (e.g. where a line's price would no longer cover the carriage
the seller pays). The uplift is kept to 12 decimal places and the
unit prices are exact (``unit_price x (1 + uplift)``), so re-quoting them reproduces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pricing_engine.errors import InputError, PricingEngineError
from pricing_engine.landed.engine import LandedCostEngine
from pricing_engine.landed.ledger import margin_of
from pricing_engine.money import minor_digits
from pricing_engine.quote import Quote

__all__ = ["MarginSolution", "TargetUnreachable", "price_for_margin", "with_uplift"]

_STEP = Decimal("1e-12")


class TargetUnreachable(PricingEngineError, ValueError):
    """No uniform price change reaches the target margin."""


@dataclass(frozen=True, slots=True)
class MarginSolution:
    """The uplift, the resulting unit prices and the margin they give when re-quoted."""

    target: Decimal
    uplift: Decimal
    unit_prices: tuple[Decimal, ...]
    revenue: Decimal
    margin: Decimal
    margin_percent: Decimal
    currency: str
    iterations: int


def with_uplift(quote: Quote, uplift: Decimal) -> Quote:
    """The quote with every unit price multiplied by ``1 + uplift``."""
    factor = 1 + uplift
    lines = tuple(ln.model_copy(update={"unit_price": ln.unit_price * factor})
                  for ln in quote.lines)
    return quote.model_copy(update={"lines": lines})


def price_for_margin(
    quote: Quote, target: Decimal, *, engine: LandedCostEngine | None = None
) -> MarginSolution:
    """Solve the uniform uplift that makes the quote's margin ``target`` of net revenue."""
    if not target.is_finite() or not Decimal(0) <= target < 1:
        raise InputError(f"target margin {target} must be in [0, 1)")
    engine = engine or LandedCostEngine.load()
    half = Decimal(1).scaleb(-minor_digits(quote.currency)) / 2
    calls = 0

    def g(u: Decimal) -> tuple[Decimal, Decimal, Decimal]:
        nonlocal calls
        calls += 1
        try:
            revenue, margin = margin_of(engine.compute(with_uplift(quote, u)))
        except InputError:
            # The price no longer covers the costs the seller bears: margin far below target.
            return Decimal("-Infinity"), Decimal(0), Decimal(0)
        return margin - target * revenue, revenue, margin

    lo, hi = _bracket(g)
    glo, ghi = g(lo)[0], g(hi)[0]
    best, side = hi, 0
    for _ in range(200):
        if hi - lo <= _STEP:
            break
        if glo.is_infinite() or ghi == glo:
            x = (lo + hi) / 2
        else:
            x = lo + (hi - lo) * (-glo) / (ghi - glo)
        x = min(max(x.quantize(_STEP), lo + _STEP), hi - _STEP) if hi - lo > 2 * _STEP else hi
        gx = g(x)[0]
        if 0 <= gx <= half:
            best = x
            break
        if gx < 0:
            lo, glo = x, gx
            if side < 0:
                ghi /= 2  # Illinois: the kept end's weight halves so the bracket closes
            side = -1
        else:
            hi, ghi = x, gx
            if side > 0 and glo.is_finite():
                glo /= 2
            side = 1
        best = hi
    gap, revenue, margin = g(best)
    if not -half * 2 <= gap <= half * 2:
        raise TargetUnreachable(
            f"no uniform uplift lands the margin on {target} within one minor unit (closest: "
            f"{margin} {quote.currency} on revenue {revenue}); near the target the prices "
            "stop covering the costs the seller bears on some line")
    return MarginSolution(target, best, tuple(ln.unit_price * (1 + best) for ln in quote.lines),
                          revenue, margin, margin / revenue if revenue else Decimal(0),
                          quote.currency, calls)


def _bracket(g: object) -> tuple[Decimal, Decimal]:
    fn = g  # a callable u -> (g, revenue, margin)
    assert callable(fn)
    if fn(Decimal(0))[0] < 0:
        lo, hi = Decimal(0), Decimal(1)
        while fn(hi)[0] < 0:
            lo, hi = hi, hi * 2 + 1
            if hi > 10**6:
                raise TargetUnreachable("the target margin is not reached even at 1,000,000x "
                                        "the prices (costs grow as fast as the price)")
        return lo, hi
    lo, hi = Decimal("-0.5"), Decimal(0)
    while fn(lo)[0] >= 0:
        hi, lo = lo, (lo - 1) / 2
        if lo < Decimal("-0.999999"):
            raise TargetUnreachable("the margin stays above the target even at almost no price "
                                    "(the quote has no costs)")
    return lo, hi

