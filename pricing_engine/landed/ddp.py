"""The DDP customs values: each line's value once the duties, taxes and fees are taken out.

Under DDP the invoice price includes the duties, taxes and fees the seller pays while the
customs value must exclude them, so each line's value is solved: the largest ``cv`` with
``cv + charges(cv) <= price share`` (solver.py). Fees depend on the values of every line (the
MPF on the entry's entered value), so the per-line solve runs again with the fees of the
values found. The solve needs amounts only (LineCharges.own); each line's charges are
written out once, at the value found. (Remembering the amounts of the values tried does not
pay: the second round revisits few of them.) A line whose price cannot cover its own charges
even at a customs value of zero (a fee's minimum, a flat duty) is an InputError naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pricing_engine.errors import InputError
from pricing_engine.landed.lines import Charges, LineCharges, applied_agreements, charge_total
from pricing_engine.landed.solver import NotCovered, solve_included

__all__ = ["solve_ddp"]

_ZERO = Decimal(0)


def solve_ddp(calc: LineCharges, cv: list[Decimal], totals: list[Decimal]) -> Charges:
    """Solve every line's DDP customs value; return the duties, fees and taxes at it.

    ``cv`` holds the values before the deduction (replaced by the solved values) and
    ``totals`` each line's share of the price on the customs value's basis.
    """
    n = len(cv)
    first = [calc.duty_amounts(i, v) for i, v in enumerate(cv)]
    # which preference each line applies (a choice between fixed rules: it does not move)
    applied = [a for _, _, a in first]
    fee = calc.fee_totals(cv, [d + s for d, s, _ in first] if calc.fees_on_duty else None,
                          applied)
    # The charges at the undeducted value give each line's rate of duty and tax: a first
    # guess of the value that leaves them (and the fees) out of the price.
    slope = [calc.own(i, cv[i], fee[i]) / cv[i] if cv[i] else _ZERO for i in range(n)]
    _solve_rounds(calc, cv, totals, fee, slope, applied)
    duties = [calc.duty(i, v) for i, v in enumerate(cv)]
    fees = calc.fees(cv, [charge_total(d) for d in duties], applied_agreements(duties))
    taxes = [calc.tax(i, v, duties[i], charge_total(fees[i])) for i, v in enumerate(cv)]
    return duties, fees, taxes


def _solve_rounds(
    calc: LineCharges, cv: list[Decimal], totals: list[Decimal], fee: list[Decimal],
    slope: list[Decimal], applied: list[str | None],
) -> None:
    """Solve each line (in ``cv``) with the fee totals ``fee`` last found, at most twice.

    The second round starts next to the first answer; the fees then differ from those
    deducted by cents at most.
    """
    cur = calc.ctx.dest_currency
    own = calc.own
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

            try:
                cv[i] = solve_included(totals[i], line_charges, cur, guess=guesses[i])
            except NotCovered as exc:
                raise _not_covered(calc, i, exc) from None
        new = calc.fee_totals(cv, [calc.duty_total(i, v) for i, v in enumerate(cv)]
                              if calc.fees_on_duty else None, applied)
        if new == fee:
            break
        # Fees moved by a few cents: each value moves by about that much, less its charges.
        # A line whose fees did not move keeps its value (the same equation, the same root).
        todo = [i for i in range(len(cv)) if new[i] != fee[i]]
        guesses = [cv[i] + (fee[i] - new[i]) / (1 + slope[i]) for i in range(len(cv))]
        fee = new


def _not_covered(calc: LineCharges, i: int, exc: NotCovered) -> InputError:
    cur = calc.ctx.dest_currency
    line = calc.ctx.quote.lines[i]
    return InputError(
        f"line {i + 1} ({line.sku}): under {calc.ctx.split.incoterm} the price must include "
        f"the import charges the seller pays, but its share of {exc.total:.2f} {cur} does "
        f"not cover the {exc.charges:.2f} {cur} charged even at a customs value of zero (a "
        "fee's minimum or a flat duty): raise the price, or quote a term where the buyer "
        "pays the import charges (DAP)")
