"""The landed-cost computation of one quote, in plain objects (results.py dresses it up).

Order of work: consignment facts (context.py), shipment costs per line (valuation.py),
customs value per line (rounded to the destination currency's minor unit, as a declaration
states it), de minimis and tax-collection scheme for the consignment, then per line: duty,
fees (per entry, allocated), import tax. Under DDP the invoice price includes the duties,
taxes and fees the seller pays while the customs value must exclude them, so each line's
customs value is solved: the largest value ``cv`` with ``cv + charges(cv) <= price share``
(de minimis is decided on the value before that deduction, fees come from a first pass).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from pricing_engine.landed.components import Charge, to_minor
from pricing_engine.landed.context import Context
from pricing_engine.landed.deminimis import Relief, decide_relief
from pricing_engine.landed.duty import duty_charges
from pricing_engine.landed.fees import fee_charges
from pricing_engine.landed.lookups import Lookups
from pricing_engine.landed.ports import FeeLike
from pricing_engine.landed.sale_tax import SaleTax, sale_tax
from pricing_engine.landed.tax import Collection, collection_scheme, is_registered, tax_charges
from pricing_engine.landed.valuation import Shipment, shipment_costs
from pricing_engine.money import minor_digits

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


def _floor(value: Decimal, currency: str) -> Decimal:
    return to_minor(value, currency, ROUND_FLOOR)


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
    ddp = ctx.split.seller_bears("import_duties_taxes")
    duties, fees, taxes = _pass(calc, fee_rules, cv, taxes=not ddp)
    if not ddp:
        goods = [cv[i] - lines_add[i] for i in range(n)]
        return Computation(ctx, ship, cv, goods, [duties[i] + fees[i] + taxes[i]
                                                  for i in range(n)], relief, collection, sale)
    for i in range(n):
        fee = sum((c.amount for c in fees[i]), Decimal(0))

        def line_charges(value: Decimal, i: int = i, fee: Decimal = fee) -> Decimal:
            d = calc.duty(i, value)
            t = calc.tax(i, value, d, fees[i])
            return sum((c.amount for c in d + t), Decimal(0)) + fee

        cv[i] = solve_included(gross[i] + lines_add[i], line_charges, cur)
    duties, fees, taxes = _pass(calc, fee_rules, cv)
    goods = [cv[i] - lines_add[i] for i in range(n)]
    return Computation(ctx, ship, cv, goods, [duties[i] + fees[i] + taxes[i] for i in range(n)],
                       relief, collection, sale)


def _pass(
    calc: _Lines, fee_rules: Sequence[FeeLike], cv: list[Decimal], *, taxes: bool = True,
) -> tuple[list[list[Charge]], list[list[Charge]], list[list[Charge]]]:
    n = len(cv)
    duties = [calc.duty(i, cv[i]) for i in range(n)]
    applied = [next((c.agreement for c in d if c.kind == "preference"), None) for d in duties]
    cif = calc.ctx.valuation == "CIF"
    bases = {
        "customs_value": cv,
        "entered_value": [cv[i] - (calc.ship.carriage_insurance[i] * calc.rate if cif else 0)
                          for i in range(n)],
        "duty": [sum((c.amount for c in d), Decimal(0)) for d in duties],
    }
    fees = fee_charges(calc.ctx, fee_rules, bases, applied)
    tax = [calc.tax(i, cv[i], duties[i], fees[i]) for i in range(n)] if taxes else []
    return duties, fees, tax


def solve_included(
    total: Decimal, charges: Callable[[Decimal], Decimal], currency: str
) -> Decimal:
    """Largest customs value ``v`` (in minor units) with ``v + charges(v) <= total``.

    ``charges`` is non-decreasing, so ``h(v) = v + charges(v) - total`` is increasing. A secant
    through two points lands next to the root when charges are (piecewise) linear; the answer
    is confirmed by ``h(v) <= 0 < h(v + unit)``, with a bracketed search as the fallback.
    """
    unit = Decimal(1).scaleb(-minor_digits(currency))

    def h(v: Decimal) -> Decimal:
        return v + charges(v) - total

    hi = -_floor(-total, currency)  # total rounded up: h(hi) >= charges(hi) >= 0
    hhi = h(hi)
    if hhi <= 0:
        return hi
    # Ad valorem charges are proportional: scaling lands on the root, confirmed by neighbours.
    guess = _floor(total * hi / (hhi + total), currency) if hhi + total > 0 else Decimal(0)
    if Decimal(0) <= guess < hi:
        hguess = h(guess)
        if hguess <= 0:
            hnext = h(guess + unit)
            if hnext > 0:
                return guess
            lo, hlo = guess + unit, hnext
            return _bracketed(h, lo, hlo, hi, hhi, unit, currency)
        hi, hhi = guess, hguess
    lo = max(_floor(hi - hhi + (hi - total) - unit, currency), Decimal(0))
    hlo = h(lo)
    if hlo > 0:
        return Decimal(0)
    return _bracketed(h, lo, hlo, hi, hhi, unit, currency)


def _bracketed(
    h: Callable[[Decimal], Decimal], lo: Decimal, hlo: Decimal, hi: Decimal, hhi: Decimal,
    unit: Decimal, currency: str,
) -> Decimal:
    for step in range(64):
        if hi - lo <= unit:
            return lo
        if step % 3 == 2 or hhi == hlo:
            x = _floor((lo + hi) / 2, currency)
        else:
            x = _floor(lo + (hi - lo) * (-hlo) / (hhi - hlo), currency)
        x = min(max(x, lo + unit), hi - unit)
        hx = h(x)
        if hx <= 0:
            lo, hlo = x, hx
            if hi - lo > unit and (hnext := h(lo + unit)) > 0:
                return lo  # the secant landed on the root: confirmed by its right neighbour
            elif hi - lo > unit:
                lo, hlo = lo + unit, hnext
        else:
            hi, hhi = x, hx
    return lo
