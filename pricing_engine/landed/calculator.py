"""The landed-cost computation of one quote, in plain objects (results.py dresses it up).

Order of work: consignment facts (context.py), shipment costs per line (valuation.py),
customs value per line (rounded to the destination currency's minor unit, as a declaration
states it), de minimis and tax-collection scheme for the consignment, then per line: duty,
fees (per entry, allocated), import tax. Under DDP the invoice price includes the duties,
taxes and fees the seller pays while the customs value must exclude them, so each line's
customs value is solved: the largest value ``cv`` with ``cv + charges(cv) <= price share``
(ddp.py; de minimis is decided on the value before that deduction).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pricing_engine.landed.components import Charge, to_minor
from pricing_engine.landed.context import Context
from pricing_engine.landed.ddp import solve_ddp
from pricing_engine.landed.deminimis import Relief, decide_relief
from pricing_engine.landed.lines import LineCharges
from pricing_engine.landed.lookups import Lookups
from pricing_engine.landed.result import Note
from pricing_engine.landed.sale_tax import SaleTax, sale_tax
from pricing_engine.landed.tax import Collection, collection_scheme
from pricing_engine.landed.valuation import Shipment, shipment_costs

__all__ = ["Computation", "compute_charges"]


@dataclass(frozen=True, slots=True)
class Computation:
    """Every per-line amount of a quote before it is converted into a result."""

    ctx: Context
    shipment: Shipment
    customs_value: list[Decimal]  # destination currency, rounded per line
    goods_dest: list[Decimal]  # goods value in the destination currency (after DDP deduction)
    charges: list[list[Charge]]  # duty, fee and tax charges of each line
    relief: Relief
    collection: Collection
    sale: SaleTax


def compute_charges(ctx: Context, look: Lookups) -> Computation:
    """Compute customs values and every duty, tax and fee of a quote's lines."""
    q, rules = ctx.quote, look.rules
    ship = shipment_costs(ctx)
    sale = sale_tax(q, rules)
    n = len(q.lines)
    if not ctx.is_import:
        none = Relief(None, None, (Note(
            "NO_IMPORT", "no import: origin and destination share a customs territory"),))
        zero = [Decimal(0)] * n
        return Computation(ctx, ship, zero, zero, [[] for _ in range(n)], none,
                           Collection(None, None), sale)
    cur = ctx.dest_currency
    rate = ctx.customs_rate(ctx.quote_currency, cur)
    gross = [g * rate for g in ship.goods]
    lines_add = [(ship.pre_border_added[i] + (ship.carriage_insurance[i]
                  if ctx.valuation == "CIF" else 0)) * rate for i in range(n)]
    cv = [to_minor(gross[i] + lines_add[i], cur) for i in range(n)]
    intrinsic = sum(gross, Decimal(0))
    relief = decide_relief(ctx, rules, intrinsic=intrinsic, customs_value=sum(cv, Decimal(0)))
    collection = collection_scheme(ctx, rules, intrinsic=intrinsic)
    if collection.collected == "at_sale" and relief.tax is not None and collection.scheme:
        # Vendor collection exists for consignments the border threshold lets through
        # (Australia's low-value GST): the tax is charged at the sale all the same.
        relief = Relief(relief.duty, None, (*relief.notes, Note(
            "TAX_COLLECTED_AT_SALE", f"tax de minimis does not apply: collected at the sale "
            f"under {collection.scheme.scheme}")), relief.flat)
    calc = LineCharges(ctx, look, ship, relief, collection)
    if ctx.split.seller_bears("import_duties_taxes"):
        duties, fees, taxes = solve_ddp(calc, cv, [gross[i] + lines_add[i] for i in range(n)])
    else:
        duties, fees, taxes = calc.run(cv)
    goods = [cv[i] - lines_add[i] for i in range(n)]
    return Computation(ctx, ship, cv, goods, [duties[i] + fees[i] + taxes[i] for i in range(n)],
                       relief, collection, sale)
