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
from pricing_engine.landed.tax import NOT_RECOVERABLE, is_registered

__all__ = ["LineLedger", "charge_rate", "line_ledger", "margin_of"]


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
    return ctx.fx.rate(ctx.dest_currency, ctx.quote_currency) if ctx.is_import else Decimal(1)


def line_ledger(comp: Computation, i: int, rate: Decimal) -> LineLedger:
    """Work out line ``i``'s money; ``rate`` is charge_rate(comp)."""
    ctx, qc = comp.ctx, comp.ctx.quote_currency
    line = ctx.quote.lines[i]
    split = ctx.split
    buyer_pays = split.bearers["import_duties_taxes"] == "buyer"
    revenue = comp.shipment.revenue[i]
    charges = tuple(to_minor(c.amount * rate, qc) for c in comp.charges[i])
    total_charges = sum(charges, Decimal(0))
    buyer = seller = Decimal(0)
    for element, shares in comp.shipment.per_line.items():
        if split.seller_bears(element):
            seller += shares[i]
        else:
            buyer += shares[i]
    registered = is_registered(ctx.quote)
    recoverable = Decimal(0)
    if buyer_pays:
        recoverable = sum((q for q, c in zip(charges, comp.charges[i], strict=True)
                           if c.kind == "tax" and c.recoverable), Decimal(0))
    sale = Decimal(0)
    for hit in comp.sale.hits[i]:
        amount = to_minor(hit.rate * revenue, qc)
        sale += amount
        if registered and hit.name not in NOT_RECOVERABLE:
            recoverable += amount
    cogs = line.quantity * line.unit_cost
    return LineLedger(
        revenue=revenue, cost_of_goods=cogs, charges=charges, buyer_costs=buyer,
        seller_costs=seller, sale_tax=sale, recoverable=recoverable,
        landed_cost=revenue + buyer + (total_charges if buyer_pays else 0) + sale,
        cost_to_serve=cogs + seller + (0 if buyer_pays else total_charges))


def margin_of(comp: Computation) -> tuple[Decimal, Decimal]:
    """Net revenue and margin of a computation (what the result's totals say)."""
    rate = charge_rate(comp)
    revenue = margin = Decimal(0)
    for i in range(len(comp.ctx.quote.lines)):
        ledger = line_ledger(comp, i, rate)
        revenue += ledger.revenue
        margin += ledger.revenue - ledger.cost_to_serve
    return revenue, margin
