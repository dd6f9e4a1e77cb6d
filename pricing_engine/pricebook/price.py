"""Pricing one catalogue row in one market: the lowest price point that reaches the target.

Each row is a real one-line quote (the market's terms, the row's goods) priced by the landed
engine. Its margin ``h(p) = (1 - target) x revenue(p) - cost_to_serve(p)`` is searched on the
price points: from the price that would just cover the unit cost, the next guess assumes the
cost-to-serve stays where it was (exact unless the seller bears costs that grow with the
price: DDP duties, an insurance rate), then secant steps. A price point is accepted once it
reaches the target and the point below it is known not to (evaluated, or below a price that
failed: ``h`` does not fall as the price rises; where the cost-to-serve is the same at both
ends of the bracket, ``h`` is a line and the point below needs no quote). So a row usually
costs two quotes, three or four where the seller's costs grow with the price (DDP duties, an
insurance rate). A row the search cannot settle in a few steps goes to
:func:`pricing_engine.landed.price_for_margin`, which brackets and solves in full.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pricing_engine.errors import (
    AmbiguousHsCode,
    InputError,
    MissingFxRate,
    MissingRule,
    PricingEngineError,
)
from pricing_engine.fx_rates import reference_rates_used
from pricing_engine.landed import LandedCostEngine, TargetUnreachable, price_for_margin
from pricing_engine.landed.duty import not_priced_due
from pricing_engine.landed.margin import Ledger
from pricing_engine.landed.model import Computation, LineMoney
from pricing_engine.money import Money, currency_of, minor_unit
from pricing_engine.price_points import PricePointRule, price_point_below, price_point_up
from pricing_engine.pricebook.model import CatalogueItem, Market, PriceBookRow, Reason
from pricing_engine.quote import InsuranceRate, Line, Quote
from pricing_engine.rules.results import RuleRef

__all__ = ["MarketPlan", "Refused", "price_rows", "reason_of", "unpriced"]

_GUESSES = 8
_PLACES = Decimal("1e-8")  # a converted unit cost keeps 8 decimals (Line allows 12)


@dataclass(frozen=True, slots=True)
class MarketPlan:
    """What every row of a market shares: its quote without lines, rate, rule and target."""

    market: Market
    template: Quote  # the market's quote; each row puts its own line in
    home: str  # the home currency (costs, list prices, carriage by default)
    rate: Decimal  # home currency -> market currency
    rule: PricePointRule
    full: MarketPlan | None = None  # the plan with every FX pair, when this one has fewer
    left_out: frozenset[tuple[str, str]] = frozenset()  # the pairs (both ways) it lacks


@dataclass(frozen=True, slots=True)
class Refused:
    """A catalogue row no market may price, whatever its terms (goods of an embargoed origin)."""

    sku: str
    reason: Reason
    message: str


def reason_of(exc: PricingEngineError) -> Reason:
    """The reason code of an error met while pricing a row."""
    if isinstance(exc, AmbiguousHsCode):
        return "AMBIGUOUS_HS_CODE"
    if isinstance(exc, MissingRule):
        return "MISSING_RULE"
    if isinstance(exc, MissingFxRate):
        return "MISSING_FX_RATE"
    if isinstance(exc, TargetUnreachable):
        return "TARGET_UNREACHABLE"
    return "INVALID_INPUT"


def unpriced(market: Market, sku: str, row: int, reason: Reason, message: str,
             list_price: Decimal | None = None) -> PriceBookRow:
    """The row of a catalogue row that has no price in ``market``."""
    return PriceBookRow(
        market=market.id, sku=sku, row=row, currency=market.currency,
        quantity=market.quantity, target=market.target_margin, unit_price=None,
        list_price=list_price, landed_cost=None, cost_to_serve=None, margin=None,
        margin_ratio=None, rules=(), reason=reason, message=message)


def price_rows(engine: LandedCostEngine, plan: MarketPlan,
               items: Mapping[int, CatalogueItem | Refused | str]) -> Iterator[PriceBookRow]:
    """Price each ``row -> item`` in the market (an item that is a string is its error, a
    :class:`Refused` one is not priced for its reason)."""
    for row, item in items.items():
        if isinstance(item, str):
            yield unpriced(plan.market, "", row, "INVALID_INPUT", item)
            continue
        if isinstance(item, Refused):
            yield unpriced(plan.market, item.sku, row, item.reason, item.message)
            continue
        list_price = item.list_price * plan.rate
        try:
            try:
                priced = _priced(engine, plan, row, item, list_price)
            except MissingFxRate:
                if plan.full is None:
                    raise
                plan = plan.full  # this market needs another pair: all of them from now on
                priced = _priced(engine, plan, row, item, list_price)
        except PricingEngineError as exc:
            priced = unpriced(plan.market, item.sku, row, reason_of(exc), str(exc),
                              _tidy(list_price, minor_unit(plan.market.currency)))
        yield priced


def _quote(plan: MarketPlan, item: CatalogueItem, price: Decimal) -> Quote:
    return _Row(plan, item).quote(price)


class _Row:
    """What a row's quotes share whatever the price: the line's other fields, the carriage."""

    __slots__ = ("fields", "template", "update")

    def __init__(self, plan: MarketPlan, item: CatalogueItem) -> None:
        market = plan.market
        self.template = plan.template
        self.fields: dict[str, Any] = {
            "sku": item.sku, "description": item.description, "hs_code": item.hs_code,
            "origin": item.origin, "quantity": market.quantity,
            "unit_cost": (item.unit_cost * plan.rate).quantize(_PLACES),
            "unit_weight_kg": item.unit_weight_kg, "unit_volume_m3": None, "extra_units": {},
            "preference": None, "tax_class": item.tax_class, "uses": item.uses,
            "tariff_quota": item.tariff_quota}
        self.update: dict[str, object] = {}
        for name in ("freight", "insurance"):
            basis = getattr(market, name)
            if basis is not None and not isinstance(basis, InsuranceRate):
                self.update[name] = _carriage(plan, item, name)

    def quote(self, price: Decimal) -> Quote:
        """The row's quote at ``price`` (the line is built as validated once: no re-check)."""
        line = Line.model_construct(**self.fields, unit_price=price)
        return self.template.model_copy(update={**self.update, "lines": (line,)})


def _carriage(plan: MarketPlan, item: CatalogueItem, name: str) -> Money:
    market = plan.market
    basis = getattr(market, name)
    if basis.per_unit is not None:
        amount = basis.per_unit * market.quantity
    elif item.unit_weight_kg is None:
        raise InputError(f"market {market.id}: {name} is per kg, but the catalogue row "
                         f"{item.sku!r} has no unit_weight_kg")
    else:
        amount = basis.per_kg * item.unit_weight_kg * market.quantity
    currency = basis.currency or plan.home
    return Money(amount, currency_of(currency))


class _Search:
    """Quotes of one row at the prices tried, and ``h`` at each (None: no valid quote)."""

    __slots__ = ("engine", "error", "growth", "item", "list_price", "plan", "qty", "row",
                 "seen", "target")

    def __init__(self, engine: LandedCostEngine, plan: MarketPlan, item: CatalogueItem
                 ) -> None:
        self.engine, self.plan, self.item = engine, plan, item
        self.list_price = item.list_price * plan.rate
        self.target, self.qty = plan.market.target_margin, plan.market.quantity
        self.row = _Row(plan, item)
        #: price -> (h, computation, its money), or (None, None, None) for no valid quote
        self.seen: dict[Decimal, tuple[Decimal | None, Computation | None,
                                       LineMoney | None]] = {}
        self.error: InputError | None = None  # the last price that made no valid quote
        #: how fast the duties, taxes and fees the seller pays grow with the price
        self.growth = Decimal(0)

    def h(self, price: Decimal) -> Decimal | None:
        """``margin - target x revenue`` at ``price`` (None where no quote is possible)."""
        if price not in self.seen:
            try:
                comp = self.engine.compute(self.row.quote(price))
            except InputError as exc:  # e.g. a DDP price below the carriage the seller pays
                self.seen[price] = (None, None, None)
                self.error = exc
            else:
                if self.plan.left_out and any(
                        (r.base, r.quote) in self.plan.left_out
                        for r in reference_rates_used(comp.ctx.fx)):
                    raise MissingFxRate("a pair the markets file gives was left out")
                money = Ledger(comp).line(0)
                gap = (1 - self.target) * money.revenue - money.cost_to_serve
                self.seen[price] = (gap, comp, money)
                if money.cost_to_serve - money.cost_of_goods - money.seller_costs > 0:
                    self.growth = _growth(comp)
        return self.seen[price][0]


def _growth(comp: Computation) -> Decimal:
    """``K / (1 + K)``, K the sum of the rates of the charges that are rate x base (a minimum
    or a maximum does not grow): under DDP the price holds the customs value and the charges
    on it, so a unit more of price is ``1 / (1 + K)`` more value and ``K / (1 + K)`` more
    charges."""
    unit = minor_unit(comp.ctx.dest_currency)
    k = sum((c.rate for c in comp.charges[0] if c.rate is not None and c.base is not None
             and abs(c.amount - c.rate * c.base) <= unit), Decimal(0))
    return k / (1 + k)


def _solve(search: _Search, currency: str) -> Decimal | None:
    """The lowest price point with ``h >= 0`` (None: leave it to the full solver)."""
    rule, unit = search.plan.rule, minor_unit(currency)
    low = max(search.item.unit_cost * search.plan.rate / (1 - search.target), unit)
    start = price_point_below(price_point_up(low, currency, rule), currency, rule) or Decimal(0)
    h_start = search.h(start)
    if h_start is None:  # e.g. DDP: a price that does not even cover the seller's carriage
        start = price_point_up(max(search.list_price, start * 2), currency, rule)
        h_start = search.h(start)
    if h_start is None or h_start >= 0:
        return None
    failed: tuple[Decimal, Decimal] = (start, h_start)
    met: tuple[Decimal, Decimal] | None = None
    flat = (1 - search.target) * search.qty  # h's slope where costs stay put
    # where the seller pays duties and taxes, they grow about in step with the price
    slope = flat - search.growth * search.qty if search.growth < 1 - search.target else flat
    guess = start - h_start / slope
    for _ in range(_GUESSES):
        point = price_point_up(guess, currency, rule)
        if point <= failed[0]:
            point = price_point_up(failed[0] + unit, currency, rule)
        if met is not None and point >= met[0]:
            point = met[0]
            below = price_point_below(point, currency, rule)
            if below is None or below <= failed[0] or _flat_below(failed, met, below, flat):
                return point
            point = below
        h_point = search.h(point)
        if h_point is None:
            return None
        if h_point < 0:
            failed = (point, h_point)
        else:
            met = (point, h_point)
        if met is None:  # still below: extrapolate on the last two failures' slope
            guess = point - h_point / slope
            continue
        if met[1] == failed[1]:
            return None
        guess = failed[0] - failed[1] * (met[0] - failed[0]) / (met[1] - failed[1])
    return None


def _flat_below(failed: tuple[Decimal, Decimal], met: tuple[Decimal, Decimal],
                below: Decimal, flat: Decimal) -> bool:
    """Whether ``h(below) < 0`` follows from the ends alone: the same cost-to-serve at both
    (so at every price between: costs do not fall as the price rises), ``h`` is a line."""
    same_cost = met[0] - met[1] / flat == failed[0] - failed[1] / flat
    return same_cost and failed[1] + flat * (below - failed[0]) < 0


def _priced(engine: LandedCostEngine, plan: MarketPlan, row: int, item: CatalogueItem,
            list_price: Decimal) -> PriceBookRow:
    market, currency = plan.market, plan.market.currency
    search = _Search(engine, plan, item)
    price = _solve(search, currency)
    if price is None and search.error is not None and all(
            c is None for _, c, _ in search.seen.values()):
        raise search.error  # no price tried makes a valid quote: the row is at fault
    if price is None:
        try:
            solution = price_for_margin(
                _quote(plan, item, max(list_price, minor_unit(currency))),
                market.target_margin, engine=engine, points=plan.rule)
        except TargetUnreachable:
            if search.error is not None and all(
                    c is None for _, c, _ in search.seen.values()):
                raise search.error from None  # no price makes a quote: the row is at fault
            raise
        price = solution.unit_prices[0]
        search.h(price)
    _, comp, money = search.seen[price]
    assert comp is not None and money is not None
    cur, unit = currency_of(currency), minor_unit(currency)
    margin = money.revenue - money.cost_to_serve
    ratio = margin / money.revenue if money.revenue else None
    return PriceBookRow(
        market=market.id, sku=item.sku, row=row, currency=currency, quantity=market.quantity,
        target=market.target_margin, unit_price=price, list_price=_tidy(list_price, unit),
        landed_cost=Money(_tidy(money.landed_cost, unit), cur),
        cost_to_serve=Money(_tidy(money.cost_to_serve, unit), cur),
        margin=Money(_tidy(margin, unit), cur), margin_ratio=ratio and ratio.normalize(),
        rules=_refs(comp), charges_not_priced=_not_priced(comp), reason=None, message=None)


def _tidy(amount: Decimal, unit: Decimal) -> Decimal:
    """``amount`` without trailing zeros past the minor unit (the same number: no rounding)."""
    short = amount.quantize(unit)
    return short if short == amount else amount.normalize()


def _not_priced(comp: Computation) -> tuple[str, ...]:
    """The charges due on the row that its price leaves out (``not_priced`` rules)."""
    return tuple(f"{c.name}: {what}" for c in comp.charges[0]
                 if (what := not_priced_due(c.note)) is not None)


def _refs(comp: Computation) -> tuple[RuleRef, ...]:
    refs: dict[RuleRef, None] = {}
    for charge in comp.charges[0]:
        if charge.ref is not None:
            refs[charge.ref] = None
    for hit in comp.sale.hits[0]:
        refs[hit.ref] = None
    return tuple(refs)
