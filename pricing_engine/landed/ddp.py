"""The DDP customs values: each line's value once the duties, taxes and fees are taken out.

Under DDP the invoice price includes the duties, taxes and fees the seller pays while the
customs value must exclude them, so each line's value is solved: the largest ``cv`` with
``cv + charges(cv) <= price share`` (solver.py). Fees depend on the values of every line (the
MPF on the entry's entered value), so the per-line solve runs again with the fees of the
values found. The solve needs amounts only (LineCharges.own); each line's charges are
written out once, at the value found.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pricing_engine.landed.components import Charge
from pricing_engine.landed.lines import Charges, LineCharges, applied_agreements, charge_total
from pricing_engine.landed.solver import solve_included

__all__ = ["OwnCharges", "solve_ddp"]

_ZERO = Decimal(0)


class OwnCharges:
    """A line's duty and tax total at each value (and fee total) tried, computed once."""

    __slots__ = ("_seen", "calc")

    def __init__(self, calc: LineCharges) -> None:
        self.calc = calc
        self._seen: dict[tuple[int, Decimal, Decimal], Decimal] = {}

    def __call__(self, i: int, cv: Decimal, fees: Decimal) -> Decimal:
        """LineCharges.own, remembered: the second round revisits values the first tried."""
        # Taxes see the fees only through their total, and only if the tax base has them.
        key = (i, cv, fees if self.calc.taxes_on_fees else _ZERO)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self.calc.own(i, cv, fees)
        return found


def solve_ddp(
    calc: LineCharges, cv: list[Decimal], totals: list[Decimal], first: Charges,
) -> Charges:
    """Solve every line's DDP customs value; return the duties, fees and taxes at it.

    ``cv`` holds the values before the deduction (replaced by the solved values), ``totals``
    each line's share of the price on the customs value's basis and ``first`` the charges
    at the values before the deduction.
    """
    duties, fees, taxes = first
    n = len(cv)
    # which preference each line applies (a choice between fixed rules: it does not move)
    applied = applied_agreements(duties)
    # The charges at the undeducted value give each line's rate of duty and tax: a first
    # guess of the value that leaves them (and the fees) out of the price.
    slope = [(charge_total(duties[i]) + charge_total(taxes[i])) / cv[i] if cv[i]
             else _ZERO for i in range(n)]
    fees = _solve_rounds(calc, cv, totals, fees, slope, applied)
    duties = [calc.duty(i, v) for i, v in enumerate(cv)]
    final = applied_agreements(duties)
    if final != applied:
        fees = calc.fees(cv, [charge_total(d) for d in duties], final)
    taxes = [calc.tax(i, v, duties[i], charge_total(fees[i])) for i, v in enumerate(cv)]
    return duties, fees, taxes


def _solve_rounds(
    calc: LineCharges, cv: list[Decimal], totals: list[Decimal], fees: list[list[Charge]],
    slope: list[Decimal], applied: list[str | None],
) -> list[list[Charge]]:
    """Solve each line with the fees last found, at most twice; return the fees at ``cv``.

    The second round starts next to the first answer; the fees then differ from those
    deducted by cents at most.
    """
    cur = calc.ctx.dest_currency
    own = OwnCharges(calc)
    fee = [charge_total(f) for f in fees]
    guesses = [(totals[i] - fee[i]) / (1 + slope[i]) for i in range(len(cv))]
    todo: Sequence[int] = range(len(cv))
    for _ in range(2):
        for i in todo:
            fee_i = fee[i]

            def line_charges(value: Decimal, i: int = i, fee_i: Decimal = fee_i) -> Decimal:
                amount = own(i, value, fee_i)
                if value:
                    slope[i] = amount / value  # duty and tax per unit of value, as last seen
                return amount + fee_i

            cv[i] = solve_included(totals[i], line_charges, cur, guess=guesses[i])
        fees = calc.fees(cv, [calc.duty_total(i, v) for i, v in enumerate(cv)]
                         if calc.fees_on_duty else None, applied)
        new = [charge_total(f) for f in fees]
        if new == fee:
            break
        # Fees moved by a few cents: each value moves by about that much, less its charges.
        # A line whose fees did not move keeps its value (the same equation, the same root).
        todo = [i for i in range(len(cv)) if new[i] != fee[i]]
        guesses = [cv[i] + (fee[i] - new[i]) / (1 + slope[i]) for i in range(len(cv))]
        fee = new
    return fees
