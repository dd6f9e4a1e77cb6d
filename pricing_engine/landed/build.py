"""Turn a Computation into the immutable QuoteResult: lines, totals, cost split, notes.

Each line is built by line_result.py; the totals are the exact sums of the lines, so the
result adds up. Destination-currency totals keep the destination currency, with the
quote-currency equivalent next to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from pricing_engine.landed.calculator import Computation
from pricing_engine.landed.line_result import LineBuilder, shown
from pricing_engine.landed.result import (
    ChargeTotal,
    CostElementOut,
    Note,
    QuoteResult,
    SaleTaxOut,
    Totals,
)
from pricing_engine.landed.sale_tax import rate_of
from pricing_engine.quote import COST_ELEMENTS

__all__ = ["build_result"]


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _sum_totals(items: Sequence[ChargeTotal], dc: str, qc: str) -> ChargeTotal:
    parts: dict[str, Decimal] = {}
    for item in items:
        for k, v in item.breakdown.items():
            parts[k] = parts.get(k, Decimal(0)) + v.amount
    return ChargeTotal(
        amount=shown(_sum(t.amount.amount for t in items), dc),
        quote_amount=shown(_sum(t.quote_amount.amount for t in items), qc),
        breakdown={k: shown(v, dc) for k, v in parts.items()})


def build_result(comp: Computation) -> QuoteResult:
    """Dress a computation up as the immutable, JSON-ready result."""
    b = LineBuilder(comp)
    ctx, qc, dc = comp.ctx, b.qc, b.dc
    built = [b.line(i) for i in range(len(ctx.quote.lines))]
    lines = tuple(r for r, _ in built)
    landed: dict[str, Decimal] = {}
    for _, parts in built:
        for k, v in parts.items():
            landed[k] = landed.get(k, Decimal(0)) + v
    revenue = _sum(r.revenue.amount for r in lines)
    cost = _sum(r.seller_cost_to_serve.amount for r in lines)
    totals = Totals.model_construct(
        revenue=shown(revenue, qc), cost_of_goods=shown(_sum(r.cost_of_goods.amount
                                                           for r in lines), qc),
        shipment_costs={e: shown(v, qc) for e, v in comp.shipment.totals.items()},
        goods_value=shown(_sum(comp.goods_dest), dc),
        customs_value=shown(_sum(comp.customs_value), dc),
        customs_value_quote=shown(_sum(r.customs_value_quote.amount for r in lines), qc),
        duty=_sum_totals([r.duty for r in lines], dc, qc),
        import_tax=_sum_totals([r.import_tax for r in lines], dc, qc),
        fees=_sum_totals([r.fees for r in lines], dc, qc),
        sale_tax=shown(_sum(r.sale_tax.amount for r in lines), qc),
        landed_cost=shown(_sum(r.landed_cost.amount for r in lines), qc),
        landed_cost_breakdown={k: shown(v, qc) for k, v in landed.items()},
        recoverable_tax=shown(_sum(r.recoverable_tax.amount for r in lines), qc),
        seller_cost_to_serve=shown(cost, qc),
        margin=b.margin(revenue - cost, revenue))
    sale = comp.sale
    sale_rate = rate_of(sale.hits[0]) if sale.hits and sale.hits[0] else None
    split = ctx.split
    return QuoteResult.model_construct(
        quote_id=ctx.quote.id, date=ctx.quote.date.isoformat(), incoterm=split.incoterm,
        mode=ctx.quote.mode, currency=qc, destination=ctx.destination,
        destination_currency=dc, is_import=ctx.is_import,
        valuation=ctx.valuation if ctx.is_import else None, tax_base=ctx.tax_base,
        fx=ctx.fx.pairs(),
        cost_split=tuple(CostElementOut.model_construct(
            element=e, paid_by=split.bearers[e], decided_by=split.decided_by[e],
            amount=shown(comp.shipment.totals[e], qc) if e in comp.shipment.totals else None)
            for e in COST_ELEMENTS),
        de_minimis=comp.relief.notes,
        tax_collection=comp.collection.scheme.scheme if comp.collection.scheme else None,
        sale_tax=SaleTaxOut.model_construct(
            treatment=sale.treatment, country=sale.country, collected=sale.collected,
            rate=sale_rate, amount=totals.sale_tax, explanation=sale.note),
        residue_line=comp.shipment.residue_line + 1, lines=lines, totals=totals,
        notes=_notes(comp))


def _notes(comp: Computation) -> tuple[Note, ...]:
    residue = comp.shipment.residue_line
    notes = [Note("ROUNDING_RESIDUE",
                  f"rounding residues of allocated costs are on line {residue + 1} "
                  f"({comp.ctx.quote.lines[residue].sku}, the line with the largest "
                  "allocation key)")]
    if comp.ctx.is_import and "excise" in comp.ctx.tax_base:
        notes.append(Note("EXCISE_NOT_COMPUTED",
                          "excise is not computed by this engine; the import-tax base has none"))
    if comp.ctx.is_import and comp.ctx.split.seller_bears("import_duties_taxes"):
        notes.append(Note("DDP_CUSTOMS_VALUE_NET", "DDP: the customs value excludes the "
                          "duties, taxes and fees in the price"))
    return tuple(notes)
