"""Turn a Computation into the immutable QuoteResult: who pays what, landed cost, margin.

Per line, in the quote currency: the buyer's landed cost is the invoice (quantity x unit
price) plus every cost element, duty, tax and fee the *buyer* bears plus the sale tax the
buyer pays (what the seller bears is inside the invoice already); the seller's cost-to-serve
is the cost of goods plus everything the *seller* bears; margin = revenue - cost-to-serve.
Destination-currency charges are converted at the commercial rate and rounded per charge.
Totals are the exact sums of the lines.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from decimal import Decimal

from pricing_engine.landed.calculator import Computation
from pricing_engine.landed.components import Charge, to_minor
from pricing_engine.landed.ledger import charge_rate, line_ledger
from pricing_engine.landed.margin import margin_percent, margin_status
from pricing_engine.landed.result import (
    Amount,
    ChargeOut,
    ChargeTotal,
    CostElementOut,
    LineResult,
    Margin,
    QuoteResult,
    RuleRefOut,
    SaleTaxOut,
    Totals,
)
from pricing_engine.landed.sale_tax import rate_of
from pricing_engine.money import minor_digits
from pricing_engine.quote import COST_ELEMENTS

__all__ = ["build_result"]

_PCT = Decimal("0.000001")  # margin percent is shown to a ten-thousandth of a percent
_LANDED_KEYS = {"main_carriage": "freight", "delivery_to_buyer_premises": "onward_freight",
                "insurance": "insurance"}
_GROUPS = {"mfn": "duty", "preference": "duty", "additional": "duty", "surcharge": "duty",
           "tax": "import_tax", "fee": "fees"}


_QUANTUM: dict[str, Decimal] = {}


def _amt(amount: Decimal, currency: str) -> Amount:
    # Show exact amounts with the currency's minor unit ("54400.00"); never round here.
    quantum = _QUANTUM.get(currency)
    if quantum is None:
        quantum = _QUANTUM[currency] = Decimal(1).scaleb(-minor_digits(currency))
    shown = amount.quantize(quantum)
    return Amount(shown if shown == amount else amount, currency)


def _ref(charge: Charge) -> RuleRefOut | None:
    r = charge.ref
    if r is None:
        return None
    return RuleRefOut(r.file, r.line, r.entry, r.source, r.confidence)


class _Builder:
    def __init__(self, comp: Computation) -> None:
        self.comp = comp
        ctx = comp.ctx
        self.q, self.qc, self.dc = ctx.quote, ctx.quote_currency, ctx.dest_currency
        self.fx_rate = charge_rate(comp)
        self.charge_payer = ctx.split.bearers["import_duties_taxes"]
        targets = self.q.targets
        self.floor = targets.margin_floor if targets else None
        self.target = targets.margin_target if targets else None

    def margin(self, amount: Decimal, revenue: Decimal) -> Margin:
        pct = margin_percent(amount, revenue)
        status = margin_status(pct, floor=self.floor, target=self.target)
        if pct is not None:
            pct = pct.quantize(_PCT)
        return Margin(amount=_amt(amount, self.qc), percent=pct, status=status,
                                      floor=self.floor, target=self.target)

    def valuation_note(self, i: int) -> str:
        comp, ctx = self.comp, self.comp.ctx
        if not ctx.is_import:
            return "no import: no customs value"
        ship, cur = comp.shipment, self.dc
        rate = ctx.customs_rate(self.qc, cur)
        parts = [f"{ctx.valuation}: goods {comp.goods_dest[i]:.2f} {cur}"]
        if ctx.valuation == "CIF" and ship.carriage_insurance[i]:
            parts.append(f"carriage and insurance to the border "
                         f"{ship.carriage_insurance[i] * rate:.2f} {cur}")
        if ship.pre_border_added[i]:
            parts.append(f"pre-border costs {ship.pre_border_added[i] * rate:.2f} {cur}")
        note = " + ".join(parts) + f", rounded to {comp.customs_value[i]} {cur}"
        if self.qc != cur:
            note += f"; {self.qc}/{cur} {rate} (customs rate)"
        if ctx.split.seller_bears("import_duties_taxes"):
            note += "; the duties, taxes and fees in the DDP price are left out"
        return note

    def charge_out(self, c: Charge, quote_amount: Decimal) -> ChargeOut:
        return ChargeOut(
            kind=c.kind, name=c.name, amount=Amount(c.amount, self.dc),  # already rounded
            quote_amount=Amount(quote_amount, self.qc),
            rate=c.rate, base=None if c.base is None else _amt(c.base, self.dc),
            fx_rate=self.fx_rate, rule=_ref(c), explanation=c.note,
            collected=c.collected or None,
            recoverable=(c.recoverable and self.charge_payer == "buyer") if c.kind == "tax"
            else None,
            paid_by=self.charge_payer)

    def total(self, outs: Iterable[ChargeOut], group: str) -> ChargeTotal:
        amount, quote = to_minor(Decimal(0), self.dc), to_minor(Decimal(0), self.qc)
        parts: dict[str, Decimal] = {}
        for o in outs:
            if _GROUPS[o.kind] != group:
                continue
            amount += o.amount.amount
            quote += o.quote_amount.amount
            parts[o.name] = parts.get(o.name, Decimal(0)) + o.amount.amount
        # sums of rounded charges: already in minor units
        return ChargeTotal(
            amount=Amount(amount, self.dc), quote_amount=Amount(quote, self.qc),
            breakdown={k: Amount(v, self.dc) for k, v in parts.items()})

    def line(self, i: int) -> tuple[LineResult, dict[str, Decimal]]:
        comp, q, qc = self.comp, self.q, self.qc
        line = q.lines[i]
        split = comp.ctx.split
        money = line_ledger(comp, i, self.fx_rate)
        revenue, cost = money.revenue, money.cost_to_serve
        allocated = {e: shares[i] for e, shares in comp.shipment.per_line.items()}
        outs = [self.charge_out(c, v) for c, v in zip(comp.charges[i], money.charges,
                                                       strict=True)]
        buyer_pays = self.charge_payer == "buyer"
        groups = {g: self.total(outs, g) for g in ("duty", "import_tax", "fees")}
        cv = comp.customs_value[i]
        result = LineResult.model_construct(
            index=i, sku=line.sku, hs_code=line.hs_code, origin=line.origin,
            quantity=line.quantity, revenue=_amt(revenue, qc),
            cost_of_goods=_amt(money.cost_of_goods, qc),
            allocated={e: _amt(v, qc) for e, v in allocated.items()},
            goods_value=_amt(comp.goods_dest[i], self.dc), customs_value=_amt(cv, self.dc),
            customs_value_quote=_amt(to_minor(cv * self.fx_rate, qc), qc),
            valuation=self.valuation_note(i),
            duty=groups["duty"], import_tax=groups["import_tax"], fees=groups["fees"],
            charges=tuple(outs), sale_tax=_amt(money.sale_tax, qc),
            landed_cost=_amt(money.landed_cost, qc),
            recoverable_tax=_amt(money.recoverable, qc), seller_cost_to_serve=_amt(cost, qc),
            margin=self.margin(revenue - cost, revenue))
        breakdown = {"invoice": revenue, "sale_tax": money.sale_tax}
        for e, v in allocated.items():
            if not split.seller_bears(e):
                key = _LANDED_KEYS.get(e, "other_costs")
                breakdown[key] = breakdown.get(key, Decimal(0)) + v
        for g in ("duty", "import_tax", "fees"):
            breakdown[g] = groups[g].quote_amount.amount if buyer_pays else Decimal(0)
        return result, breakdown


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _sum_totals(items: Sequence[ChargeTotal], dc: str, qc: str) -> ChargeTotal:
    parts: dict[str, Decimal] = {}
    for item in items:
        for k, v in item.breakdown.items():
            parts[k] = parts.get(k, Decimal(0)) + v.amount
    return ChargeTotal(
        amount=_amt(_sum(t.amount.amount for t in items), dc),
        quote_amount=_amt(_sum(t.quote_amount.amount for t in items), qc),
        breakdown={k: _amt(v, dc) for k, v in parts.items()})


def build_result(comp: Computation) -> QuoteResult:
    """Dress a computation up as the immutable, JSON-ready result."""
    # A large result is hundreds of thousands of small acyclic objects: the cyclic garbage
    # collector would re-scan them many times while they are built (half the build time at
    # 10,000 lines) and could free nothing, so it is paused for the build.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _build(comp)
    finally:
        if paused:
            gc.enable()


def _build(comp: Computation) -> QuoteResult:
    b = _Builder(comp)
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
        revenue=_amt(revenue, qc), cost_of_goods=_amt(_sum(r.cost_of_goods.amount
                                                           for r in lines), qc),
        shipment_costs={e: _amt(v, qc) for e, v in comp.shipment.totals.items()},
        goods_value=_amt(_sum(comp.goods_dest), dc),
        customs_value=_amt(_sum(comp.customs_value), dc),
        customs_value_quote=_amt(_sum(r.customs_value_quote.amount for r in lines), qc),
        duty=_sum_totals([r.duty for r in lines], dc, qc),
        import_tax=_sum_totals([r.import_tax for r in lines], dc, qc),
        fees=_sum_totals([r.fees for r in lines], dc, qc),
        sale_tax=_amt(_sum(r.sale_tax.amount for r in lines), qc),
        landed_cost=_amt(_sum(r.landed_cost.amount for r in lines), qc),
        landed_cost_breakdown={k: _amt(v, qc) for k, v in landed.items()},
        recoverable_tax=_amt(_sum(r.recoverable_tax.amount for r in lines), qc),
        seller_cost_to_serve=_amt(cost, qc),
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
            amount=_amt(comp.shipment.totals[e], qc) if e in comp.shipment.totals else None)
            for e in COST_ELEMENTS),
        de_minimis=comp.relief.notes,
        tax_collection=comp.collection.scheme.scheme if comp.collection.scheme else None,
        sale_tax=SaleTaxOut.model_construct(
            treatment=sale.treatment, country=sale.country, collected=sale.collected,
            rate=sale_rate, amount=totals.sale_tax, explanation=sale.note),
        residue_line=comp.shipment.residue_line, lines=lines, totals=totals,
        notes=_notes(comp))


def _notes(comp: Computation) -> tuple[str, ...]:
    notes = [f"rounding residues of allocated costs are on line {comp.shipment.residue_line} "
             "(the line with the largest allocation key)"]
    if comp.ctx.is_import and "excise" in comp.ctx.tax_base:
        notes.append("excise is not computed by this engine; the import-tax base has none")
    if comp.ctx.is_import and comp.ctx.split.seller_bears("import_duties_taxes"):
        notes.append("DDP: the customs value excludes the duties, taxes and fees in the price")
    return tuple(notes)
