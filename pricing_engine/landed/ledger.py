"""Who pays what on one line, in the quote currency: the money behind landed cost and margin.

The builder (build.py) and the margin solver (pricing.py) both read this, so the result a user
sees and the margin the solver aims at are the same numbers. Destination-currency charges are
converted at the commercial rate and rounded per charge, as the result shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pricing_engine.landed.calculator import Computation
from pricing_engine.landed.components import to_minor
from pricing_engine.landed.tax import is_registered

__all__ = ["Ledger", "LineLedger", "charge_rate", "margin_of"]

_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class LineLedger:
    """One line's revenue, costs by payer, landed cost and cost-to-serve (quote currency)."""

    revenue: Decimal
    cost_of_goods: Decimal
    charges: tuple[Decimal, ...]  # each duty / tax / fee, converted and rounded
    buyer_costs: Decimal  # allocated cost elements the buyer bears
    seller_costs: Decimal  # allocated cost elements the seller bears
    sale_tax: Decimal
    recoverable: Decimal
    landed_cost: Decimal
    cost_to_serve: Decimal


def charge_rate(comp: Computation) -> Decimal:
    """The commercial rate from the destination currency into the quote currency."""
    ctx = comp.ctx
    return ctx.commercial_rate(ctx.dest_currency, ctx.quote_currency) if ctx.is_import \
        else Decimal(1)


class Ledger:
    """Works out each line's money; what is the same for every line is looked up once."""

    __slots__ = ("buyer_pays", "comp", "qc", "rate", "registered", "seller_bears")

    def __init__(self, comp: Computation) -> None:
        ctx = comp.ctx
        self.comp, self.qc, self.rate = comp, ctx.quote_currency, charge_rate(comp)
        self.buyer_pays = ctx.split.bearers["import_duties_taxes"] == "buyer"
        self.registered = is_registered(ctx.quote)
        #: per allocated cost element: whether the seller bears it
        self.seller_bears = {e: ctx.split.seller_bears(e) for e in comp.shipment.per_line}

    def line(self, i: int) -> LineLedger:
        """Line ``i``'s revenue, costs by payer, landed cost and cost-to-serve."""
        comp, qc, rate = self.comp, self.qc, self.rate
        line = comp.ctx.quote.lines[i]
        revenue = comp.shipment.revenue[i]
        charges = tuple([to_minor(c.amount * rate, qc) for c in comp.charges[i]])
        total_charges = sum(charges, _ZERO)
        buyer = seller = _ZERO
        for element, shares in comp.shipment.per_line.items():
            if self.seller_bears[element]:
                seller += shares[i]
            else:
                buyer += shares[i]
        recoverable = _ZERO
        if self.buyer_pays:
            for amount, c in zip(charges, comp.charges[i], strict=True):
                if c.kind == "tax" and c.recoverable:
                    recoverable += amount
        sale = _ZERO
        for hit in comp.sale.hits[i]:
            amount = to_minor(hit.rate * revenue, qc)
            sale += amount
            if self.registered and hit.recoverable:
                recoverable += amount
        cogs = line.quantity * line.unit_cost
        return LineLedger(
            revenue=revenue, cost_of_goods=cogs, charges=charges, buyer_costs=buyer,
            seller_costs=seller, sale_tax=sale, recoverable=recoverable,
            landed_cost=revenue + buyer + (total_charges if self.buyer_pays else 0) + sale,
            cost_to_serve=cogs + seller + (0 if self.buyer_pays else total_charges))


def margin_of(comp: Computation) -> tuple[Decimal, Decimal]:
    """Net revenue and margin of a computation (what the result's totals say)."""
    book = Ledger(comp)
    revenue = margin = Decimal(0)
    for i in range(len(comp.ctx.quote.lines)):
        ledger = book.line(i)
        revenue += ledger.revenue
        margin += ledger.revenue - ledger.cost_to_serve
    return revenue, margin
