"""The duty, fee and tax charges of a consignment's lines, once relief and scheme are fixed.

calculator.py runs one pass at the customs values it has (``run``). The DDP solve (ddp.py)
tries single lines at several values and needs only what the charges add up to: ``own``,
``duty_amounts`` and ``fee_totals`` give exactly those sums without writing the charges
(tests/landed/test_amounts.py holds them to it). Fees are per entry (the MPF on the entered
value of every line), so they are always computed for all lines at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pricing_engine.landed.components import Charge
from pricing_engine.landed.context import Context
from pricing_engine.landed.deminimis import Relief
from pricing_engine.landed.duty import duty_amounts, duty_charges
from pricing_engine.landed.fees import fee_charges, fee_totals
from pricing_engine.landed.flatduty import flat_duty_charges
from pricing_engine.landed.lookups import Lookups
from pricing_engine.landed.ports import FeeLike
from pricing_engine.landed.tax import (
    Collection,
    is_registered,
    tax_amount,
    tax_base_of,
    tax_charges,
)
from pricing_engine.landed.valuation import Shipment

__all__ = ["Charges", "LineCharges", "applied_agreements", "charge_total"]

#: Duties, fees and taxes of every line (one list of charges per line for each).
Charges = tuple[list[list[Charge]], list[list[Charge]], list[list[Charge]]]


_ZERO = Decimal(0)


def charge_total(charges: Sequence[Charge]) -> Decimal:
    """The sum of the (rounded) amounts of ``charges``."""
    total = _ZERO
    for c in charges:  # a plain loop: this runs for every line at every value tried
        total += c.amount
    return total


def applied_agreements(duties: Sequence[Sequence[Charge]]) -> list[str | None]:
    """Which preference each line's duty applies (None: MFN)."""
    return [next((c.agreement for c in d if c.kind == "preference"), None) for d in duties]


class LineCharges:
    """Per-line charge computation for one consignment (relief and scheme fixed)."""

    def __init__(self, ctx: Context, look: Lookups, ship: Shipment, relief: Relief,
                 collection: Collection) -> None:
        self.ctx, self.ship, self.relief, self.collection = ctx, ship, relief, collection
        q = ctx.quote
        self.registered = is_registered(q)
        self.lookups = [look.duty(ctx.destination, ln, q.date) for ln in q.lines]
        self.hits = [look.tax(ctx.destination, ln.tax_class, q.date, ctx.subdivision)
                     for ln in q.lines]
        self.fee_rules: Sequence[FeeLike] = look.fees(ctx.destination, q.date, q.mode)
        #: whether a fee is charged on the duty (then fees need every line's duty)
        self.fees_on_duty = any((f.base or ctx.fee_base) == "duty" for f in self.fee_rules)
        rate = ctx.customs_rate(ctx.quote_currency, ctx.dest_currency)
        self.rate = rate
        cif = ctx.valuation == "CIF"
        self.transport = [Decimal(0) if cif else c * rate for c in ship.carriage_insurance]
        self.post = [p * rate for p in ship.post_border]
        #: each line's flat duty when it replaces the tariff (it does not depend on the value)
        self.flat = flat_duty_charges(ctx, relief.flat) if relief.flat is not None else None

    def duty(self, i: int, cv: Decimal) -> list[Charge]:
        """Line ``i``'s duties on customs value ``cv`` (or its de minimis relief or flat duty)."""
        if self.flat is not None:
            return [self.flat[i]]
        if self.relief.duty is not None:
            return [Charge("mfn", "Duty", Decimal(0), None, cv, self.relief.duty.ref,
                           "relieved: consignment under the duty de minimis")]
        return duty_charges(self.lookups[i], self.ctx.quote.lines[i], cv, self.ctx.dest_currency,
                            self.ctx.to_dest)

    def tax(self, i: int, cv: Decimal, duties: list[Charge], fees: Decimal) -> list[Charge]:
        """Line ``i``'s import taxes on the base built from ``cv``, its duties and fees."""
        if not self.hits[i]:
            return []  # no import tax on this class
        duty = surcharges = _ZERO
        for c in duties:
            if c.kind == "surcharge":
                surcharges += c.amount
            else:
                duty += c.amount
        charges = tax_charges(self.hits[i], self._tax_parts(i, cv, duty, surcharges, fees),
                              self.ctx, self.collection, registered=self.registered)
        if self.relief.tax is None:
            return charges
        return [Charge(c.kind, c.name, Decimal(0), c.rate, c.base, self.relief.tax.ref,
                       "relieved: consignment under the tax de minimis", c.collected)
                for c in charges]

    def duty_amounts(self, i: int, cv: Decimal) -> tuple[Decimal, Decimal, str | None]:
        """Line ``i``'s duties, surcharges and applied preference at ``cv`` (no charges)."""
        if self.flat is not None:
            return self.flat[i].amount, _ZERO, None
        if self.relief.duty is not None:
            return _ZERO, _ZERO, None
        return duty_amounts(self.lookups[i], self.ctx.quote.lines[i], cv,
                            self.ctx.dest_currency, self.ctx.to_dest)

    def duty_total(self, i: int, cv: Decimal) -> Decimal:
        """What line ``i``'s duties add up to at ``cv`` (charge_total(duty(i, cv)))."""
        duty, surcharges, _ = self.duty_amounts(i, cv)
        return duty + surcharges

    def own(self, i: int, cv: Decimal, fees: Decimal) -> Decimal:
        """What line ``i``'s duties and taxes add up to at ``cv``, without writing them.

        The same amounts as duty() and tax() (the DDP solve tries several values per line).
        """
        duty, surcharges, _ = self.duty_amounts(i, cv)
        hits = self.hits[i]
        if not hits or self.relief.tax is not None:
            return duty + surcharges
        base = tax_base_of(self._tax_parts(i, cv, duty, surcharges, fees), self.ctx.tax_base)
        return duty + surcharges + tax_amount(hits, base, self.ctx.dest_currency)

    def _tax_parts(
        self, i: int, cv: Decimal, duty: Decimal, surcharges: Decimal, fees: Decimal,
    ) -> dict[str, Decimal]:
        # Every component a destination's import-tax base may list (tax_base picks from these).
        return {
            "customs_value": cv,
            "duty": duty,
            "surcharges": surcharges,
            "fees": fees,
            "transport_insurance": self.transport[i],
            "post_border_costs": self.post[i],
        }

    def fees(
        self, cv: list[Decimal], duties: list[Decimal] | None, applied: Sequence[str | None],
    ) -> list[list[Charge]]:
        """Every line's fees at customs values ``cv`` (each line's duty total if fees_on_duty)."""
        return fee_charges(self.ctx, self.fee_rules, self._fee_bases(cv, duties), applied)

    def fee_totals(
        self, cv: list[Decimal], duties: list[Decimal] | None, applied: Sequence[str | None],
    ) -> list[Decimal]:
        """What each line's fees() add up to, without writing the charges."""
        return fee_totals(self.ctx, self.fee_rules, self._fee_bases(cv, duties), applied)

    def _fee_bases(
        self, cv: list[Decimal], duties: list[Decimal] | None,
    ) -> dict[str, list[Decimal]]:
        cif = self.ctx.valuation == "CIF"
        ci, rate = self.ship.carriage_insurance, self.rate
        bases = {
            "customs_value": cv,
            "entered_value": [v - (ci[i] * rate if cif else 0) for i, v in enumerate(cv)],
        }
        if duties is not None:
            bases["duty"] = duties
        return bases

    def run(self, cv: list[Decimal]) -> Charges:
        """Duties, fees and taxes of every line at customs values ``cv``."""
        duties = [self.duty(i, v) for i, v in enumerate(cv)]
        fees = self.fees(cv, [charge_total(d) for d in duties], applied_agreements(duties))
        taxes = [self.tax(i, v, duties[i], charge_total(fees[i])) for i, v in enumerate(cv)]
        return duties, fees, taxes
