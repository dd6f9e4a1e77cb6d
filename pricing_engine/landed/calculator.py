"""The landed-cost computation of one quote, in plain objects (results.py dresses it up).

Order of work: consignment facts (context.py), shipment costs per line (valuation.py),
customs value per line (rounded to the destination currency's minor unit, as a declaration
states it), de minimis and tax-collection scheme for the consignment, then per line: duty,
fees (per entry, allocated), import tax. Under DDP the invoice price includes the duties,
taxes and fees the seller pays while the customs value must exclude them, so each line's
customs value is solved: the largest value ``cv`` with ``cv + charges(cv) <= price share``
(de minimis is decided on the value before that deduction; fees, which depend on every
line, are iterated to a fixed point).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pricing_engine.landed.components import Charge, to_minor
from pricing_engine.landed.context import Context
from pricing_engine.landed.deminimis import Relief, decide_relief
from pricing_engine.landed.duty import duty_charges
from pricing_engine.landed.fees import fee_charges
from pricing_engine.landed.lookups import Lookups
from pricing_engine.landed.ports import FeeLike
from pricing_engine.landed.sale_tax import SaleTax, sale_tax
from pricing_engine.landed.solver import solve_included
from pricing_engine.landed.tax import Collection, collection_scheme, is_registered, tax_charges
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


class _Lines:
    """Per-line charge computation for one consignment (relief and scheme fixed)."""

    def __init__(self, ctx: Context, look: Lookups, ship: Shipment, relief: Relief,
                 collection: Collection) -> None:
        self.ctx, self.ship, self.relief, self.collection = ctx, ship, relief, collection
        q = ctx.quote
        self.registered = is_registered(q)
        self.lookups = [look.duty(ctx.destination, ln, q.date) for ln in q.lines]
        self.hits = [look.tax(ctx.destination, ln.tax_class, q.date, ctx.subdivision)
                     for ln in q.lines]
        rate = ctx.customs_rate(ctx.quote_currency, ctx.dest_currency)
        self.rate = rate
        cif = ctx.valuation == "CIF"
        self.add = [(ship.pre_border_added[i] + (ship.carriage_insurance[i] if cif else 0)) * rate
                    for i in range(len(q.lines))]
        self.transport = [Decimal(0) if cif else c * rate for c in ship.carriage_insurance]
        self.post = [p * rate for p in ship.post_border]

    def duty(self, i: int, cv: Decimal) -> list[Charge]:
        cur = self.ctx.dest_currency
        if self.relief.duty is not None:
            return [Charge("mfn", "Duty", Decimal(0), None, cv, self.relief.duty.ref,
                           "relieved: consignment under the duty de minimis")]
        return duty_charges(self.lookups[i], self.ctx.quote.lines[i], cv, cur,
                            self.ctx.to_dest)

    def tax(self, i: int, cv: Decimal, duties: list[Charge], fees: list[Charge]) -> list[Charge]:
        duty = surcharges = fee = Decimal(0)
        for c in duties:
            if c.kind == "surcharge":
                surcharges += c.amount
            else:
                duty += c.amount
        for c in fees:
            fee += c.amount
        parts = {
            "customs_value": cv,
            "duty": duty,
            "surcharges": surcharges,
            "fees": fee,
            "transport_insurance": self.transport[i],
            "post_border_costs": self.post[i],
        }
        charges = tax_charges(self.hits[i], parts, self.ctx, self.collection,
                              registered=self.registered)
        if self.relief.tax is None:
            return charges
        return [Charge(c.kind, c.name, Decimal(0), c.rate, c.base, self.relief.tax.ref,
                       "relieved: consignment under the tax de minimis", c.collected)
                for c in charges]


def compute_charges(ctx: Context, look: Lookups) -> Computation:
    """Compute customs values and every duty, tax and fee of a quote's lines."""
    q, rules = ctx.quote, look.rules
    ship = shipment_costs(ctx)
    sale = sale_tax(q, rules)
    n = len(q.lines)
    if not ctx.is_import:
        none = Relief(None, None, ("no import: origin and destination share a customs territory",))
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
        relief = Relief(relief.duty, None, (*relief.notes, (
            f"tax de minimis does not apply: collected at the sale under "
            f"{collection.scheme.scheme}")))
    calc = _Lines(ctx, look, ship, relief, collection)
    fee_rules = look.fees(ctx.destination, q.date, q.mode)
    duties, fees, taxes = _pass(calc, fee_rules, cv)
    if not ctx.split.seller_bears("import_duties_taxes"):
        goods = [cv[i] - lines_add[i] for i in range(n)]
        return Computation(ctx, ship, cv, goods, [duties[i] + fees[i] + taxes[i]
                                                  for i in range(n)], relief, collection, sale)
    # The charges at the undeducted value give each line's rate of duty and tax: a first
    # guess of the value that leaves them (and the fees) out of the price.
    slope = [sum((c.amount for c in duties[i] + taxes[i]), Decimal(0)) / cv[i] if cv[i]
             else Decimal(0) for i in range(n)]
    cv = _solve_ddp(calc, fee_rules, cv, duties, fees,
                    [gross[i] + lines_add[i] for i in range(n)], slope)
    duties, fees, taxes = _pass(calc, fee_rules, cv)
    goods = [cv[i] - lines_add[i] for i in range(n)]
    return Computation(ctx, ship, cv, goods, [duties[i] + fees[i] + taxes[i] for i in range(n)],
                       relief, collection, sale)


def _fee_totals(fees: list[list[Charge]]) -> list[Decimal]:
    return [sum((c.amount for c in line), Decimal(0)) for line in fees]


def _solve_ddp(
    calc: _Lines, fee_rules: Sequence[FeeLike], cv: list[Decimal], duties: list[list[Charge]],
    fees: list[list[Charge]], totals: list[Decimal], slope: list[Decimal],
) -> list[Decimal]:
    """Customs values that leave the DDP price's duties, taxes and fees out.

    Fees depend on the customs values of every line (the MPF on the entry's entered value),
    so the per-line solve runs again with the fees of the values found (a second round starts
    next to the first answer). The fees then differ from those deducted by cents at most.
    """
    cur = calc.ctx.dest_currency
    fee = _fee_totals(fees)
    # which preference each line applies (a choice between fixed rules: it does not move)
    applied = [next((c.agreement for c in d if c.kind == "preference"), None) for d in duties]
    # slope: duty and tax per unit of customs value, as last seen
    guesses = [(totals[i] - fee[i]) / (1 + slope[i]) for i in range(len(cv))]
    for _ in range(2):
        for i, fee_i in enumerate(fee):

            def line_charges(value: Decimal, i: int = i, fee_i: Decimal = fee_i,
                             line_fees: list[Charge] = fees[i]) -> Decimal:
                d = calc.duty(i, value)
                t = calc.tax(i, value, d, line_fees)
                own = sum((c.amount for c in d + t), Decimal(0))
                if value:
                    slope[i] = own / value
                return own + fee_i

            cv[i] = solve_included(totals[i], line_charges, cur, guess=guesses[i])
        fees = _fees(calc, fee_rules, cv, applied)
        new = _fee_totals(fees)
        if new == fee:
            break
        # Fees moved by a few cents: each value moves by about that much, less its charges.
        guesses = [cv[i] + (fee[i] - new[i]) / (1 + slope[i]) for i in range(len(cv))]
        fee = new
    return cv


def _fees(
    calc: _Lines, fee_rules: Sequence[FeeLike], cv: list[Decimal],
    applied: list[str | None],
) -> list[list[Charge]]:
    """The fees alone, for customs values that moved (duties only where a fee is on duty)."""
    n = len(cv)
    on_duty = any((f.base or calc.ctx.fee_base) == "duty" for f in fee_rules)
    return fee_charges(calc.ctx, fee_rules, _bases(calc, cv, [
        calc.duty(i, cv[i]) for i in range(n)] if on_duty else None),
        applied)


def _bases(
    calc: _Lines, cv: list[Decimal], duties: list[list[Charge]] | None,
) -> dict[str, list[Decimal]]:
    n = len(cv)
    cif = calc.ctx.valuation == "CIF"
    bases = {
        "customs_value": cv,
        "entered_value": [cv[i] - (calc.ship.carriage_insurance[i] * calc.rate if cif else 0)
                          for i in range(n)],
    }
    if duties is not None:
        bases["duty"] = [sum((c.amount for c in d), Decimal(0)) for d in duties]
    return bases


def _pass(
    calc: _Lines, fee_rules: Sequence[FeeLike], cv: list[Decimal], *, taxes: bool = True,
) -> tuple[list[list[Charge]], list[list[Charge]], list[list[Charge]]]:
    n = len(cv)
    duties = [calc.duty(i, cv[i]) for i in range(n)]
    applied = [next((c.agreement for c in d if c.kind == "preference"), None) for d in duties]
    fees = fee_charges(calc.ctx, fee_rules, _bases(calc, cv, duties), applied)
    tax = [calc.tax(i, cv[i], duties[i], fees[i]) for i in range(n)] if taxes else []
    return duties, fees, tax
