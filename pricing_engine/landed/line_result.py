"""One line of a computation as a LineResult: charges, their group totals, landed cost, margin.

Per line, in the quote currency: the buyer's landed cost is the invoice (quantity x unit
price) plus every cost element, duty, tax and fee the *buyer* bears plus the sale tax the
buyer pays (what the seller bears is inside the invoice already); the seller's cost-to-serve
is the cost of goods plus everything the *seller* bears; margin = revenue - cost-to-serve.
Destination-currency charges are converted at the commercial rate and rounded per charge
(ledger.py). A 10,000-line result is built from a few hundred thousand small objects, so what
is the same for every line (rates, payer, rule references) is worked out once per quote.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

from pricing_engine.errors import InputError
from pricing_engine.landed.calculator import Computation
from pricing_engine.landed.components import Charge, minor_unit, to_minor
from pricing_engine.landed.ledger import Ledger
from pricing_engine.landed.margin import margin_percent, margin_status
from pricing_engine.landed.ports import RefLike
from pricing_engine.landed.result import (
    Amount,
    ChargeOut,
    ChargeTotal,
    LineResult,
    Margin,
    RuleRefOut,
)
from pricing_engine.money import too_large

__all__ = ["GROUPS", "LineBuilder", "shown", "shown_in"]

_PCT = Decimal("0.000001")  # margin percent is shown to a ten-thousandth of a percent
_ZERO = Decimal(0)
#: Where each cost element goes in the landed-cost breakdown (the rest: other_costs).
_LANDED_KEYS = {"main_carriage": "freight", "delivery_to_buyer_premises": "onward_freight",
                "insurance": "insurance"}
#: The charge groups of a line, and the group of each kind of charge.
GROUPS = ("duty", "import_tax", "fees")
_GROUP_OF = {"mfn": "duty", "preference": "duty", "additional": "duty", "surcharge": "duty",
             "flat": "duty", "tax": "import_tax", "fee": "fees"}


def shown(amount: Decimal, currency: str) -> Amount:
    """``amount`` with at least the currency's minor digits ("54400.00"); never rounded."""
    minor = to_minor(amount, currency)
    return Amount(minor if minor == amount else amount, currency)


def shown_in(currency: str) -> Callable[[Decimal], Amount]:
    """:func:`shown` for one currency, its minor unit looked up once (a line calls it often)."""
    quantum = minor_unit(currency)

    def show(amount: Decimal) -> Amount:
        try:
            minor = amount.quantize(quantum)
        except InvalidOperation:
            raise too_large(amount, currency) from None
        return Amount(minor if minor == amount else amount, currency)

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
        self.zero_dc, self.zero_qc = to_minor(_ZERO, self.dc), to_minor(_ZERO, self.qc)
        #: the total of a group without charges (Amounts are immutable: one serves every line)
        self.nothing_dc, self.nothing_qc = Amount(self.zero_dc, self.dc), Amount(self.zero_qc,
                                                                                   self.qc)
        #: the breakdown key of each allocated element the buyer bears (None: the seller)
        self.landed_keys = {e: None if ctx.split.seller_bears(e)
                            else _LANDED_KEYS.get(e, "other_costs")
                            for e in comp.shipment.per_line}
        self._refs: dict[int, tuple[RefLike, RuleRefOut]] = {}

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
        note = " + ".join(parts) + f", rounded to {comp.customs_value[i]} {cur}"
        if self.qc != cur:
            note += f"; {self.qc}/{cur} {show_rate(rate)} (customs rate)"
        if ctx.split.seller_bears("import_duties_taxes"):
            note += "; the duties, taxes and fees in the DDP price are left out"
        return note

    def _ref(self, charge: Charge) -> RuleRefOut | None:
        # One RuleRefOut per rule record (they are immutable), not one per charge.
        r = charge.ref
        if r is None:
            return None
        hit = self._refs.get(id(r))
        if hit is None or hit[0] is not r:
            hit = self._refs[id(r)] = (r, RuleRefOut(r.file, r.line, r.entry, r.source,
                                                      r.confidence))
        return hit[1]

    def charge_out(self, c: Charge, quote_amount: Decimal, cv: Amount) -> ChargeOut:
        """One charge with its explanation; ``quote_amount`` is its rounded conversion.

        ``cv`` is the line's customs value as shown: the base of most duties (and of fees on
        an FOB basis), so the same immutable Amount serves.
        """
        recoverable = (c.recoverable and self.charge_payer == "buyer") if c.kind == "tax" \
            else None
        base = c.base
        return ChargeOut(
            c.kind, c.name, Amount(c.amount, self.dc),  # already rounded
            Amount(quote_amount, self.qc), c.rate,
            None if base is None else cv if base == cv.amount else self.show_dc(base),
            self.fx_rate, self._ref(c), c.note, c.collected or None, recoverable,
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
        # sums of rounded charges: already in minor units
        amount, quote = self.zero_dc, self.zero_qc
        parts: dict[str, Amount] = {}
        for o in outs:
            amount += o.amount.amount
            quote += o.quote_amount.amount
            before = parts.get(o.name)
            parts[o.name] = o.amount if before is None else Amount(
                before.amount + o.amount.amount, self.dc)
        return ChargeTotal(Amount(amount, self.dc), Amount(quote, self.qc), parts)

    def line(self, i: int) -> tuple[LineResult, dict[str, Decimal]]:
        """Line ``i``'s result, and its parts of the landed-cost breakdown."""
        comp, qc = self.comp, self.qc
        show_qc, show_dc = self.show_qc, self.show_dc
        line = comp.ctx.quote.lines[i]
        money = self.ledger.line(i)
        revenue, cost = money.revenue, money.cost_to_serve
        cv = comp.customs_value[i]
        cv_shown = show_dc(cv)
        outs = [self.charge_out(c, v, cv_shown)
                for c, v in zip(comp.charges[i], money.charges, strict=True)]
        groups = self.group_totals(outs)
        breakdown = {"invoice": revenue, "sale_tax": money.sale_tax}
        allocated = {}
        for e, shares in comp.shipment.per_line.items():
            share = shares[i]
            allocated[e] = Amount(share, qc)  # allocate() rounds every share
            key = self.landed_keys[e]
            if key is not None:
                breakdown[key] = breakdown.get(key, _ZERO) + share
        buyer_pays = self.charge_payer == "buyer"
        for g in GROUPS:
            breakdown[g] = groups[g].quote_amount.amount if buyer_pays else _ZERO
        result = LineResult.model_construct(
            index=i, sku=line.sku, hs_code=line.hs_code, origin=line.origin,
            quantity=line.quantity, revenue=show_qc(revenue),
            cost_of_goods=show_qc(money.cost_of_goods), allocated=allocated,
            goods_value=show_dc(comp.goods_dest[i]), customs_value=cv_shown,
            customs_value_quote=show_qc(to_minor(cv * self.fx_rate, qc)),
            valuation=self.valuation_note(i),
            duty=groups["duty"], import_tax=groups["import_tax"], fees=groups["fees"],
            charges=tuple(outs), sale_tax=show_qc(money.sale_tax),
            landed_cost=show_qc(money.landed_cost), recoverable_tax=show_qc(money.recoverable),
            seller_cost_to_serve=show_qc(cost), margin=self.margin(revenue - cost, revenue))
        return result, breakdown


def show_rate(rate: Decimal) -> str:
    """An FX rate for a person: as given, or to 6 decimals (with ~) when it was derived."""
    exponent = rate.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -6:
        return str(rate)
    return f"~{rate.quantize(Decimal('0.000001'))}"
