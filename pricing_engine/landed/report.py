"""Step 5 of pricing a quote: the computation written out as the immutable QuoteResult.

Each line's charges with their explanations, their group totals (duty, import tax, fees), its
landed cost, cost-to-serve and margin (margin.py's :class:`Ledger`); the totals are the exact
sums of the lines, so the result adds up. Destination-currency totals keep the destination
currency, with the quote-currency equivalent next to them. A 10,000-line result is built from
a few hundred thousand small objects, so what is the same for every line (rates, payer) is
worked out once per quote. :func:`quote_report` adds what ``pricing-engine quote`` reports
besides: the price for a target margin and the Incoterms compared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from moneyed import Currency, Money

from pricing_engine.errors import InputError
from pricing_engine.fx_rates import reference_rates_used
from pricing_engine.landed.duty import (
    assumed_line_notes,
    not_priced_notes,
    undeclared_use_notes,
)
from pricing_engine.landed.margin import Ledger, margin_percent, margin_status
from pricing_engine.landed.model import Charge, Computation, LineMoney, Note
from pricing_engine.landed.result import (
    ChargeOut,
    ChargeTotal,
    CostElementOut,
    IncotermSummary,
    LineFields,
    LineResult,
    Margin,
    PriceForMargin,
    QuoteReport,
    QuoteResult,
    SaleTaxOut,
    Totals,
)
from pricing_engine.landed.tax import rate_of
from pricing_engine.money import currency_of, minor_unit, round_minor, too_large
from pricing_engine.quote import COST_ELEMENTS

if TYPE_CHECKING:
    from pricing_engine.landed.engine import MarginSolution

__all__ = ["GROUPS", "LineBuilder", "build_result", "quote_report", "shown", "shown_in"]

_PCT = Decimal("0.000001")  # margin percent is shown to a ten-thousandth of a percent
_ZERO = Decimal(0)
#: Where each cost element goes in the landed-cost breakdown (the rest: other_costs).
_LANDED_KEYS = {"main_carriage": "freight", "delivery_to_buyer_premises": "onward_freight",
                "insurance": "insurance"}
#: The charge groups of a line, and the group of each kind of charge.
GROUPS = ("duty", "import_tax", "fees")
#: The line amounts whose sums are the quote's totals.
_SUMMED = ("revenue", "cost_of_goods", "customs_value_quote", "sale_tax", "landed_cost",
           "recoverable_tax", "seller_cost_to_serve")
_GROUP_OF = {"mfn": "duty", "preference": "duty", "additional": "duty", "surcharge": "duty",
             "flat": "duty", "tax": "import_tax", "fee": "fees"}


_new = object.__new__


def _money(amount: Decimal, currency: Currency) -> Money:
    """``Money(amount, currency)`` of a Decimal and a Currency, made without Money.__init__.

    The same object: the attributes __init__ sets (amount, then currency) to what it would
    set them, past its checks of what they are (here they are known). A result makes some
    25 Money a line, and __init__ was most of what each cost.
    """
    made: Any = _new(Money)
    made.amount = amount
    made.currency = currency
    return made  # type: ignore[no-any-return]


def shown(amount: Decimal, currency: str) -> Money:
    """``amount`` with at least the currency's minor digits ("54400.00"); never rounded."""
    minor = round_minor(amount, currency)
    return _money(minor if minor == amount else amount, currency_of(currency))


def shown_in(currency: str) -> Callable[[Decimal], Money]:
    """:func:`shown` for one currency, its minor unit looked up once (a line calls it often)."""
    quantum, code = minor_unit(currency), currency_of(currency)

    def show(amount: Decimal) -> Money:
        try:
            minor = amount.quantize(quantum)
        except InvalidOperation:
            raise too_large(amount, currency) from None
        return _money(minor if minor == amount else amount, code)

    return show


class LineBuilder:
    """Builds the LineResult of each line of one computation."""

    def __init__(self, comp: Computation) -> None:
        self.comp = comp
        ctx = comp.ctx
        self.qc, self.dc = ctx.quote_currency, ctx.dest_currency
        self.ledger = Ledger(comp)
        self.fx_rate = self.ledger.rate
        self.charge_payer = ctx.split.bearers["import_duties_taxes"]
        targets = ctx.quote.targets
        self.floor = targets.margin_floor if targets else None
        self.target = targets.margin_target if targets else None
        self.show_dc, self.show_qc = shown_in(self.dc), shown_in(self.qc)
        self.zero_dc, self.zero_qc = round_minor(_ZERO, self.dc), round_minor(_ZERO, self.qc)
        #: the total of a group without charges (Money is immutable: one serves every line)
        self.dcur, self.qcur = currency_of(self.dc), currency_of(self.qc)
        self.nothing_dc, self.nothing_qc = _money(self.zero_dc, self.dcur), _money(
            self.zero_qc, self.qcur)
        #: the breakdown key of each allocated element the buyer bears (None: the seller)
        self.landed_keys = {e: None if ctx.split.seller_bears(e)
                            else _LANDED_KEYS.get(e, "other_costs")
                            for e in comp.shipment.per_line}
        #: the landed-cost breakdown of the quote, summed as the lines are built
        self.landed: dict[str, Decimal] = dict.fromkeys(
            ["invoice", "sale_tax", *(k for k in self.landed_keys.values() if k is not None),
             *GROUPS], _ZERO)
        #: the quote's totals, summed as the lines are built
        self.sums: dict[str, Decimal] = dict.fromkeys(_SUMMED, _ZERO)
        #: per charge group: destination and quote-currency totals, and the parts by name
        self.groups = {g: _GroupSum() for g in GROUPS}
        #: the end of each line's valuation note (customs rate, DDP), once the first is read
        self.note_end: str | None = None

    def margin(self, amount: Decimal, revenue: Decimal) -> Margin:
        """A margin amount (quote currency) against the quote's floor and target."""
        pct = margin_percent(amount, revenue)
        status = margin_status(pct, floor=self.floor, target=self.target)
        if pct is not None:
            try:
                pct = pct.quantize(_PCT)
            except InvalidOperation:  # a revenue of next to nothing against real costs
                raise InputError(
                    f"a margin of {amount:.6E} {self.qc} on a revenue of {revenue:.6E} is too "
                    "large a percentage to compute exactly (a unit price next to zero?)"
                ) from None
        return Margin(self.show_qc(amount), pct, status, self.floor, self.target)

    def valuation_note(self, i: int) -> str:
        """How line ``i``'s customs value is made up."""
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
        return " + ".join(parts) + f", rounded to {comp.customs_value[i]} {cur}" + \
            self._note_end(rate)

    def _note_end(self, rate: Decimal) -> str:
        """The end of every line's valuation note (the same for each: worked out once)."""
        if self.note_end is None:
            end = f"; {self.qc}/{self.dc} {show_rate(rate)} (customs rate)" \
                if self.qc != self.dc else ""
            if self.comp.ctx.split.seller_bears("import_duties_taxes"):
                end += "; the duties, taxes and fees in the DDP price are left out"
            self.note_end = end
        return self.note_end

    def charge_out(self, c: Charge, quote_amount: Decimal, cv: Money) -> ChargeOut:
        """One charge with its explanation; ``quote_amount`` is its rounded conversion.

        ``cv`` is the line's customs value as shown: the base of most duties (and of fees on
        an FOB basis), so the same immutable Money serves.
        """
        recoverable = (c.recoverable and self.charge_payer == "buyer") if c.kind == "tax" \
            else None
        base = c.base
        return ChargeOut(
            c.kind, c.name, _money(c.amount, self.dcur),  # already rounded
            _money(quote_amount, self.qcur), c.rate,
            None if base is None else cv if base == cv.amount else self.show_dc(base),
            self.fx_rate, c.ref, c.note, c.collected or None, recoverable,
            self.charge_payer)

    def group_totals(self, outs: Sequence[ChargeOut]) -> dict[str, ChargeTotal]:
        """Duty, import-tax and fee totals of a line's charges, with their parts."""
        grouped: dict[str, list[ChargeOut]] = {g: [] for g in GROUPS}
        for o in outs:
            grouped[_GROUP_OF[o.kind]].append(o)
        return {g: self._total(grouped[g]) for g in GROUPS}

    def _total(self, outs: Sequence[ChargeOut]) -> ChargeTotal:
        if not outs:
            return ChargeTotal(self.nothing_dc, self.nothing_qc, {})
        if len(outs) == 1:  # the total is the charge (Money is immutable: shared)
            o = outs[0]
            if not o.amount.amount:  # a relieved charge's bare 0: the total shows 0.00
                return ChargeTotal(self.nothing_dc, self.nothing_qc, {o.name: o.amount})
            return ChargeTotal(o.amount, o.quote_amount, {o.name: o.amount})
        # sums of rounded charges: already in minor units
        amount, quote = self.zero_dc, self.zero_qc
        parts: dict[str, Money] = {}
        for o in outs:
            amount += o.amount.amount
            quote += o.quote_amount.amount
            before = parts.get(o.name)
            parts[o.name] = o.amount if before is None else _money(
                before.amount + o.amount.amount, self.dcur)
        return ChargeTotal(_money(amount, self.dcur), _money(quote, self.qcur), parts)

    def tally(self, monies: Iterable[LineMoney]) -> None:
        """Add every line's money to the quote's totals (``sums``, ``groups``, ``landed``):
        once, by :meth:`lines`, on totals still at zero (the landed-cost parts are read from
        the sums and groups it fills).

        Running totals in line order; ``monies`` is read once, a line at a time (a line's
        money is not kept: :meth:`fields` works it out again when the line is read). The
        per-line amounts summed across elements and charges are rounded to minor units, so
        their sums are exact in any order.
        """
        sums, landed, comp, groups = self.sums, self.landed, self.comp, self.groups
        sums["customs_value_quote"] = sum((round_minor(v * self.fx_rate, self.qc)
                                           for v in comp.customs_value), _ZERO)
        revenue = cogs = sale = landed_cost = recoverable = cost = _ZERO
        for line_charges, money in zip(comp.charges, monies, strict=True):
            revenue += money.revenue
            cogs += money.cost_of_goods
            sale += money.sale_tax
            landed_cost += money.landed_cost
            recoverable += money.recoverable
            cost += money.cost_to_serve
            for c, quote_amount in zip(line_charges, money.charges, strict=True):
                total = groups[_GROUP_OF[c.kind]]
                total.amount += c.amount
                total.quote += quote_amount
                parts = total.parts
                parts[c.name] = parts.get(c.name, _ZERO) + c.amount
        sums.update(revenue=revenue, cost_of_goods=cogs, sale_tax=sale, landed_cost=landed_cost,
                    recoverable_tax=recoverable, seller_cost_to_serve=cost)
        landed["invoice"] += sums["revenue"]
        landed["sale_tax"] += sums["sale_tax"]
        for e, shares in comp.shipment.per_line.items():
            key = self.landed_keys[e]
            if key is not None:
                landed[key] += sum(shares, _ZERO)
        if self.charge_payer == "buyer":
            for group, total in groups.items():
                landed[group] += total.quote

    def fields(self, i: int) -> LineFields:
        """Line ``i``'s fields, written out from its money (what its LineResult shows)."""
        return self.written(i, self.ledger.line(i))  # the same money the totals added up

    def written(self, i: int, money: LineMoney) -> LineFields:
        """Line ``i``'s fields, written out from ``money``, its :meth:`Ledger.line`."""
        comp, qcur = self.comp, self.qcur
        show_qc, show_dc = self.show_qc, self.show_dc
        line = comp.ctx.quote.lines[i]
        revenue, cost = money.revenue, money.cost_to_serve
        cv = comp.customs_value[i]
        cv_shown = show_dc(cv)
        outs = [self.charge_out(c, v, cv_shown)
                for c, v in zip(comp.charges[i], money.charges, strict=True)]
        groups = self.group_totals(outs)
        allocated = {e: _money(shares[i], qcur)  # allocate() rounds every share
                     for e, shares in comp.shipment.per_line.items()}
        return LineFields(
            index=i, sku=line.sku, hs_code=line.hs_code, origin=line.origin,
            quantity=line.quantity, revenue=show_qc(revenue),
            cost_of_goods=show_qc(money.cost_of_goods), allocated=allocated,
            goods_value=show_dc(comp.goods_dest[i]), customs_value=cv_shown,
            customs_value_quote=show_qc(round_minor(cv * self.fx_rate, self.qc)),
            valuation=self.valuation_note(i),
            duty=groups["duty"], import_tax=groups["import_tax"], fees=groups["fees"],
            charges=tuple(outs), sale_tax=show_qc(money.sale_tax),
            landed_cost=show_qc(money.landed_cost), recoverable_tax=show_qc(money.recoverable),
            seller_cost_to_serve=show_qc(cost), margin=self.margin(revenue - cost, revenue))

    def lines(self, *, written_out: bool = False) -> tuple[LineResult, ...]:
        """Every line's result, its money added to the totals; its fields written when read.

        A line holds its index and this builder, nothing else until it is read: a 10,000-line
        quote leaves fewer objects for the garbage collector to walk and count. With
        ``written_out``, for a caller that reads every line (its JSON), each line is written
        out now, from the money the totals add up, rather than from that money worked out
        again when the line is first read.
        """
        line, n = self.ledger.line, len(self.comp.charges)
        if written_out:
            monies = [line(i) for i in range(n)]
            self.tally(monies)
            written = self.written
            return tuple([LineResult(written(i, money)) for i, money in enumerate(monies)])
        self.tally(line(i) for i in range(n))
        fields = self.fields  # one bound method for every line
        return tuple([LineResult(fields, i) for i in range(n)])

    def group_total(self, group: str) -> ChargeTotal:
        """The quote's total of a charge group (the exact sum of its lines')."""
        total = self.groups[group]
        return ChargeTotal(amount=shown(total.amount, self.dc),
                           quote_amount=shown(total.quote, self.qc),
                           breakdown={k: shown(v, self.dc) for k, v in total.parts.items()})


class _GroupSum:
    """A charge group's running total: destination, quote currency, and parts by name."""

    __slots__ = ("amount", "parts", "quote")

    def __init__(self) -> None:
        self.amount = self.quote = _ZERO
        self.parts: dict[str, Decimal] = {}


def show_rate(rate: Decimal) -> str:
    """An FX rate for a person: as given, or to 6 decimals (with ~) when it was derived."""
    exponent = rate.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -6:
        return str(rate)
    return f"~{rate.quantize(Decimal('0.000001'))}"


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def build_result(comp: Computation, *, written_out: bool = False) -> QuoteResult:
    """Dress a computation up as the immutable, JSON-ready result.

    ``written_out``: every line's fields written out at once (see :meth:`LineBuilder.lines`),
    for a caller that reads them all; the same result either way.
    """
    b = LineBuilder(comp)
    ctx, qc, dc = comp.ctx, b.qc, b.dc
    lines = b.lines(written_out=written_out)
    sums = b.sums
    revenue, cost = sums["revenue"], sums["seller_cost_to_serve"]
    totals = Totals.trusted(
        revenue=shown(revenue, qc), cost_of_goods=shown(sums["cost_of_goods"], qc),
        shipment_costs={e: shown(v, qc) for e, v in comp.shipment.totals.items()},
        goods_value=shown(_sum(comp.goods_dest), dc),
        customs_value=shown(_sum(comp.customs_value), dc),
        customs_value_quote=shown(sums["customs_value_quote"], qc),
        duty=b.group_total("duty"), import_tax=b.group_total("import_tax"),
        fees=b.group_total("fees"), sale_tax=shown(sums["sale_tax"], qc),
        landed_cost=shown(sums["landed_cost"], qc),
        landed_cost_breakdown={k: shown(v, qc) for k, v in b.landed.items()},
        recoverable_tax=shown(sums["recoverable_tax"], qc),
        seller_cost_to_serve=shown(cost, qc),
        margin=b.margin(revenue - cost, revenue))
    sale = comp.sale
    sale_rate = rate_of(sale.hits[0]) if sale.hits and sale.hits[0] else None
    split = ctx.split
    return QuoteResult.trusted(
        quote_id=ctx.quote.id, date=ctx.quote.date.isoformat(), incoterm=split.incoterm,
        mode=ctx.quote.mode, currency=qc, destination=ctx.destination,
        destination_currency=dc, is_import=ctx.is_import,
        valuation=ctx.valuation if ctx.is_import else None, tax_base=ctx.tax_base,
        fx=ctx.fx.pairs(),
        cost_split=tuple(CostElementOut.trusted(
            element=e, paid_by=split.bearers[e], decided_by=split.decided_by[e],
            amount=shown(comp.shipment.totals[e], qc) if e in comp.shipment.totals else None)
            for e in COST_ELEMENTS),
        de_minimis=comp.relief.notes,
        tax_collection=comp.collection.scheme.scheme if comp.collection.scheme else None,
        sale_tax=SaleTaxOut.trusted(
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
                          "excise is not computed by this engine beyond a duty rule that "
                          "charges it (its source says so); the import-tax base has no "
                          "other excise"))
    if comp.ctx.is_import and comp.ctx.split.seller_bears("import_duties_taxes"):
        notes.append(Note("DDP_CUSTOMS_VALUE_NET", "DDP: the customs value excludes the "
                          "duties, taxes and fees in the price"))
    notes += [Note("FX_REFERENCE_RATE", used.describe())
              for used in reference_rates_used(comp.ctx.fx)]
    notes += assumed_line_notes(comp)
    notes += undeclared_use_notes(comp)
    notes += not_priced_notes(comp)
    return tuple(notes)


def quote_report(result: QuoteResult, *, solution: MarginSolution | None = None,
                 compared: Mapping[str, QuoteResult] | None = None) -> QuoteReport:
    """The report of a quote: its result with the price for a margin and the Incoterms compared.

    The parts are taken as they are (no second validation of a result already built).
    """
    held = result.__dict__  # a model's fields (read past pydantic's attribute lookup)
    fields = {name: held[name] for name in QuoteResult.__pydantic_fields__}
    fields["cost_split"] = _with_charges(result)
    target = None
    if solution is not None:
        target = PriceForMargin(
            target=solution.target, uplift=solution.uplift, unit_prices=solution.unit_prices,
            price_points=solution.price_points,
            revenue=Money(solution.revenue, currency_of(solution.currency)),
            margin=Money(solution.margin, currency_of(solution.currency)),
            margin_ratio=solution.margin_percent)
    summaries = None
    if compared is not None:
        summaries = {code: IncotermSummary(landed_cost=r.totals.landed_cost,
                                           seller_cost_to_serve=r.totals.seller_cost_to_serve,
                                           margin=r.totals.margin)
                     for code, r in compared.items()}
    return QuoteReport.trusted(**fields, price_for_margin=target, compare_incoterms=summaries)


def _with_charges(result: QuoteResult) -> tuple[CostElementOut, ...]:
    """The cost split with the import duties, taxes and fees priced (quote currency).

    The result leaves the element's amount empty, as no shipment cost stands for it; its
    figure is the sum of the duty, import-tax and fee totals, each in the quote currency.
    """
    t = result.totals
    charges = Money(t.duty.quote_amount.amount + t.import_tax.quote_amount.amount
                     + t.fees.quote_amount.amount, currency_of(result.currency))
    return tuple(CostElementOut.trusted(element=e.element, paid_by=e.paid_by,
                                        decided_by=e.decided_by, amount=charges)
                 if e.element == "import_duties_taxes" and e.amount is None else e
                 for e in result.cost_split)
