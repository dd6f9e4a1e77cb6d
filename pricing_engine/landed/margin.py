"""Step 4 of pricing a quote: who pays what on each line, landed cost, cost-to-serve, margin.

Per line, in the quote currency: the buyer's landed cost is the invoice (quantity x unit
price) plus every cost element, duty, tax and fee the *buyer* bears plus the sale tax the
buyer pays (what the seller bears is inside the invoice already); the seller's cost-to-serve
is the cost of goods plus everything the *seller* bears; margin = revenue - cost-to-serve.
Destination-currency charges are converted at the commercial rate and rounded per charge, as
the result shows them. The result (report.py) and the price for a margin (engine.py) both
read :class:`Ledger`, so the margin a user sees and the margin the solver aims at are the
same numbers.

Status: ``above_target`` when the margin ratio reaches the target, ``below_target`` when it
reaches only the floor, ``below_floor`` otherwise. With a floor only, the floor is the target;
with a target only, anything under it is ``below_target``; with neither, there is no status.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pricing_engine.landed.model import Computation, LineMoney, MarginStatus
from pricing_engine.money import minor_unit, round_minor, too_large

__all__ = ["Ledger", "charge_rate", "margin_of", "margin_percent", "margin_status"]

_ZERO = Decimal(0)


def margin_percent(margin: Decimal, revenue: Decimal) -> Decimal | None:
    """Margin as a fraction of net revenue (None when there is no revenue)."""
    if revenue == 0:
        return None
    return margin / revenue


def margin_status(
    percent: Decimal | None, *, floor: Decimal | None, target: Decimal | None
) -> MarginStatus | None:
    """Classify a margin percent against the floor and the target."""
    if percent is None or (floor is None and target is None):
        return None
    if target is not None and percent >= target:
        return "above_target"
    if floor is None:
        return "below_target"
    if percent >= floor:
        return "below_target" if target is not None else "above_target"
    return "below_floor"


def charge_rate(comp: Computation) -> Decimal:
    """The commercial rate from the destination currency into the quote currency."""
    ctx = comp.ctx
    return ctx.commercial_rate(ctx.dest_currency, ctx.quote_currency) if ctx.is_import \
        else Decimal(1)


class Ledger:
    """Works out each line's money; what is the same for every line is looked up once."""

    __slots__ = ("buyer", "buyer_pays", "charges", "comp", "lines", "qc", "quantum", "rate",
                 "registered", "revenue", "sale_hits", "seller")

    def __init__(self, comp: Computation) -> None:
        ctx = comp.ctx
        self.comp, self.qc, self.rate = comp, ctx.quote_currency, charge_rate(comp)
        self.quantum = minor_unit(self.qc)
        self.buyer_pays = ctx.split.bearers["import_duties_taxes"] == "buyer"
        self.registered = ctx.quote.buyer.is_registered
        self.lines, self.charges, self.sale_hits = ctx.quote.lines, comp.charges, comp.sale.hits
        self.revenue = comp.shipment.revenue
        #: each line's allocated cost elements the seller bears, and those the buyer bears
        #: (summed a column at a time, in the elements' order)
        n = len(self.lines)
        self.seller, self.buyer = [_ZERO] * n, [_ZERO] * n
        for element, shares in comp.shipment.per_line.items():
            if ctx.split.seller_bears(element):
                self.seller = [s + x for s, x in zip(self.seller, shares, strict=True)]
            else:
                self.buyer = [b + x for b, x in zip(self.buyer, shares, strict=True)]

    def line(self, i: int) -> LineMoney:
        """Line ``i``'s revenue, costs by payer, landed cost and cost-to-serve."""
        rate, quantum, line_charges = self.rate, self.quantum, self.charges[i]
        try:  # round_minor, inline: this runs for every charge of every line
            charges = tuple([(c.amount * rate).quantize(quantum, ROUND_HALF_UP)
                             for c in line_charges])
        except InvalidOperation:
            raise too_large(max(c.amount * rate for c in line_charges), self.qc) from None
        total_charges = sum(charges, _ZERO)
        revenue, buyer, seller = self.revenue[i], self.buyer[i], self.seller[i]
        recoverable = _ZERO
        if self.buyer_pays:
            for amount, c in zip(charges, line_charges, strict=True):
                if c.kind == "tax" and c.recoverable:
                    recoverable += amount
        sale = _ZERO
        for hit in self.sale_hits[i]:
            amount = round_minor(hit.rate * revenue, self.qc)
            sale += amount
            if self.registered and hit.recoverable:
                recoverable += amount
        line = self.lines[i]
        cogs = line.quantity * line.unit_cost
        if self.buyer_pays:
            landed, cost = revenue + buyer + total_charges + sale, cogs + seller
        else:
            landed, cost = revenue + buyer + sale, cogs + seller + total_charges
        # positional: the fields' order (revenue, cost_of_goods, charges, buyer_costs,
        # seller_costs, sale_tax, recoverable, landed_cost, cost_to_serve)
        return LineMoney(revenue, cogs, charges, buyer, seller, sale, recoverable, landed, cost)


def margin_of(comp: Computation) -> tuple[Decimal, Decimal]:
    """Net revenue and margin of a computation (what the result's totals say)."""
    book = Ledger(comp)
    revenue = margin = Decimal(0)
    for i in range(len(comp.ctx.quote.lines)):
        ledger = book.line(i)
        revenue += ledger.revenue
        margin += ledger.revenue - ledger.cost_to_serve
    return revenue, margin
