"""The landed-cost engine: built once from a rule book, reused for every quote; and the price
for a target margin.

>>> engine = LandedCostEngine.load()                      # doctest: +SKIP
>>> result = engine.quote(quote)                          # doctest: +SKIP
>>> result.totals.margin.status                           # doctest: +SKIP
'above_target'

A quote is priced in order: its consignment facts (context.py), every line's charges at its
customs value (charges.py), then the result (report.py). :func:`price_for_margin` solves the
uniform uplift of every unit price that reaches a target margin: the margin is ``revenue -
cost-to-serve``; under DDP (and with an insurance rate) the costs grow with the price, and
rounding makes them step, so the uplift is solved numerically (solve.py) on ``g(u) = margin(u)
- target x revenue(u)``, stopped once ``0 <= g <= half a minor unit``. Costs only step *up* as
the price rises while revenue rises continuously, so ``g`` always crosses zero on a continuous
stretch and the solution re-quotes on the target within one minor unit; the result is
verified, and TargetUnreachable raised when no price reaches it (e.g. where a line's price
would no longer cover the carriage the seller pays). The uplift is kept to 12 decimal places.
No one invoices ``unit_price x (1 + uplift)`` though: each of those prices is rounded *up* to
a price point (the currency's minor unit, or a policy's ``.99`` endings or steps of 10 JPY:
pricing_engine.price_points), the quote is priced again at the rounded prices, and that
re-quote's margin is the one reported. Should it still fall short (a cost that grows faster
than the price on some line), the line whose next point costs the least is raised a point
at a time until it does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pricing_engine.errors import InputError, PricingEngineError
from pricing_engine.fx_ecb import bundled_reference_rates
from pricing_engine.fx_rates import ReferenceRates, ReferenceSource
from pricing_engine.landed.charges import compute_charges
from pricing_engine.landed.context import INCOTERMS, Lookups, build_context, fits_mode
from pricing_engine.landed.margin import margin_of
from pricing_engine.landed.model import Computation
from pricing_engine.landed.report import build_result
from pricing_engine.landed.result import QuoteResult
from pricing_engine.landed.solve import solve_monotone
from pricing_engine.money import minor_unit
from pricing_engine.price_points import PricePointRule, PricePoints, price_point_up
from pricing_engine.quote import Quote

if TYPE_CHECKING:
    from pricing_engine.rules.book import RuleBook

__all__ = [
    "INCOTERMS",
    "LandedCostEngine",
    "MarginSolution",
    "TargetUnreachable",
    "price_for_margin",
    "with_uplift",
]

_STEP = Decimal("1e-12")
#: Re-quotes allowed to lift rounded prices a point at a time before giving up.
_MAX_BUMPS = 50


class LandedCostEngine:
    """Landed cost-to-serve and margin of quotes against one rule book and FX table."""

    __slots__ = ("_look", "fx", "fx_table", "rules")

    def __init__(self, rules: RuleBook, *, fx: Mapping[str, object] | None = None,
                 fx_table: ReferenceRates | Literal["bundled"] | None = "bundled") -> None:
        self.rules = rules
        #: FX rates (``"EUR/USD": "1.0850"``) used when a quote does not give its own.
        self.fx: dict[str, object] = dict(fx or {})
        #: Dated reference rates for a pair neither the quote nor ``fx`` gives, on the
        #: quote's date: by default the ECB rates bundled (read when first needed); None for
        #: none (such a pair is then MissingFxRate).
        self.fx_table: ReferenceSource | None = (
            bundled_reference_rates if fx_table == "bundled" else fx_table)
        self._look = Lookups(rules)

    @classmethod
    def load(
        cls, path: str | Path | None = None, *, include_bundled: bool = True,
        fx: Mapping[str, object] | None = None,
        fx_table: ReferenceRates | Literal["bundled"] | None = "bundled",
    ) -> LandedCostEngine:
        """Build an engine on the bundled rules, a user's rule directory, or both."""
        from pricing_engine.rules import load_rules

        return cls(load_rules(path, include_bundled=include_bundled), fx=fx, fx_table=fx_table)

    def compute(self, quote: Quote, *, incoterm: str | None = None) -> Computation:
        """The plain per-line computation (what quote() dresses up)."""
        return self._compute(quote, incoterm)

    def quote(self, quote: Quote, *, incoterm: str | None = None,
              written_out: bool = False) -> QuoteResult:
        """Landed cost, cost-to-serve and margin of ``quote`` (under another Incoterm if given).

        A line's fields are written out when first read (a caller of a large quote that reads
        its totals does not pay for them); ``written_out=True`` writes every line out at once,
        for a caller that reads them all (the quote's JSON), without working each line's money
        out a second time. The same result either way.
        """
        return build_result(self._compute(quote, incoterm), written_out=written_out)

    def _compute(self, quote: Quote, incoterm: str | None) -> Computation:
        ctx = build_context(quote, self.rules, fx=self.fx, incoterm=incoterm,
                            reference=self.fx_table)
        return compute_charges(ctx, self._look)

    def compare_incoterms(self, quote: Quote) -> dict[str, QuoteResult]:
        """The quote under every Incoterm that fits its transport mode, same prices."""
        return {code: self.quote(quote, incoterm=code) for code in INCOTERMS
                if fits_mode(self.rules.incoterm(code), quote.mode)}


class TargetUnreachable(PricingEngineError, ValueError):
    """No uniform price change reaches the target margin."""


@dataclass(frozen=True, slots=True)
class MarginSolution:
    """The solved uplift, the invoiceable unit prices and the margin of a re-quote at them.

    ``uplift`` is the exact uniform uplift that lands on the target; ``unit_prices`` are
    ``unit_price x (1 + uplift)`` rounded up to ``price_points``; ``revenue``, ``margin``
    and ``margin_percent`` are what the quote gives when priced again at ``unit_prices``.
    """

    target: Decimal
    uplift: Decimal
    unit_prices: tuple[Decimal, ...]
    revenue: Decimal
    margin: Decimal
    margin_percent: Decimal
    currency: str
    iterations: int
    price_points: PricePointRule


def with_uplift(quote: Quote, uplift: Decimal) -> Quote:
    """The quote with every unit price multiplied by ``1 + uplift``."""
    factor = 1 + uplift
    lines = tuple(ln.model_copy(update={"unit_price": ln.unit_price * factor})
                  for ln in quote.lines)
    return quote.model_copy(update={"lines": lines})


def _with_prices(quote: Quote, prices: tuple[Decimal, ...]) -> Quote:
    lines = tuple(ln.model_copy(update={"unit_price": price})
                  for ln, price in zip(quote.lines, prices, strict=True))
    return quote.model_copy(update={"lines": lines})


def price_for_margin(
    quote: Quote, target: Decimal, *, engine: LandedCostEngine | None = None,
    points: PricePoints | PricePointRule | None = None,
) -> MarginSolution:
    """Invoiceable unit prices that give the quote at least ``target`` margin of net revenue.

    Solves the uniform uplift that lands on the target, rounds each price up to ``points``
    (a rule, or a policy's rules by currency; default: the currency's minor unit) and
    re-quotes: the margin returned is the re-quote's, never below the target.
    """
    if not target.is_finite() or not Decimal(0) <= target < 1:
        raise InputError(f"target margin {target} must be in [0, 1)")
    engine = engine or LandedCostEngine.load()
    rule = points.rule(quote.currency) if isinstance(points, PricePoints) else points
    rule = rule or PricePointRule()
    half = minor_unit(quote.currency) / 2
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
    best = solve_monotone(lambda u: g(u)[0], lo, g(lo)[0], hi, g(hi)[0], step=_STEP,
                          accept=lambda gx: 0 <= gx <= half, rounding=ROUND_HALF_EVEN)[1]
    gap, revenue, margin = g(best)
    if not -half * 2 <= gap <= half * 2:
        raise TargetUnreachable(
            f"no uniform uplift lands the margin on {target} within one minor unit (closest: "
            f"{margin} {quote.currency} on revenue {revenue}); near the target the prices "
            "stop covering the costs the seller bears on some line")
    prices = tuple(price_point_up(ln.unit_price * (1 + best), quote.currency, rule)
                   for ln in quote.lines)
    for _ in range(_MAX_BUMPS):
        calls += 1
        revenue, margin = margin_of(engine.compute(_with_prices(quote, prices)))
        if margin >= target * revenue:
            return MarginSolution(target, best, prices, revenue, margin,
                                  margin / revenue if revenue else Decimal(0),
                                  quote.currency, calls, rule)
        prices = _bump(quote, prices, rule)
    raise TargetUnreachable(
        f"prices rounded up to {rule.describe(quote.currency)} do not reach the margin "
        f"{target} (reached {margin} {quote.currency} on revenue {revenue}) even after "
        f"{_MAX_BUMPS} steps up")


def _bump(quote: Quote, prices: tuple[Decimal, ...], rule: PricePointRule) -> tuple[
        Decimal, ...]:
    """The prices with one line raised to its next point: the line that rises least (%)."""
    unit = minor_unit(quote.currency)
    rises = [(price_point_up(p + unit, quote.currency, rule) / p, i, p)
             for i, p in enumerate(prices) if p > 0]
    if not rises:
        raise TargetUnreachable("every unit price is zero: no price point reaches a margin")
    _, index, price = min(rises)
    out = list(prices)
    out[index] = price_point_up(price + unit, quote.currency, rule)
    return tuple(out)


def _bracket(fn: Callable[[Decimal], tuple[Decimal, Decimal, Decimal]]
             ) -> tuple[Decimal, Decimal]:
    """Uplifts ``lo < hi`` with ``g(lo) < 0 <= g(hi)``, doubling outwards from no uplift."""
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

