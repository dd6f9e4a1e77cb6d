"""One root finder for the two equations pricing solves: a non-decreasing function on a grid.

Both the DDP customs value (the largest value, in minor units, whose own charges still fit in
the price) and the price for a target margin (the uplift, to 1e-12, at which the margin lands
on the target) look for where a non-decreasing function of one Decimal crosses zero. Rounding
per declaration line makes both functions step, so the search is a bracketed secant with the
Illinois correction (the end kept twice in a row has its weight halved, so the bracket keeps
closing), falling back to bisection where the secant has nothing to go on, every point on the
grid. It stops at the first point ``accept`` takes, or when the bracket is one step wide.

>>> from decimal import Decimal
>>> def f(x): return 2 * x - 7          # the largest whole x with f(x) <= 0 is 3
>>> solve_monotone(f, Decimal(0), Decimal(-7), Decimal(10), Decimal(13), step=Decimal(1),
...                accept=lambda fx: fx == 0)
(Decimal('3'), Decimal('4'))
>>> solve_monotone(f, Decimal(0), Decimal(-7), Decimal(10), Decimal(13), step=Decimal(1),
...                accept=lambda fx: -2 < fx <= 0)   # f rises by 2 a step: -2 < f(x) <= 0 is it
(Decimal('3'), Decimal('3'))
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal

__all__ = ["solve_monotone"]


def solve_monotone(
    f: Callable[[Decimal], Decimal], lo: Decimal, flo: Decimal, hi: Decimal, fhi: Decimal, *,
    step: Decimal, accept: Callable[[Decimal], bool], rounding: str = ROUND_FLOOR,
    max_steps: int = 200,
) -> tuple[Decimal, Decimal]:
    """Narrow ``lo < hi`` (``f(lo) <= 0 < f(hi)``, values ``flo`` and ``fhi``) around the root.

    ``f`` must not decrease; ``flo`` may be ``-Infinity`` (the secant then bisects). Every
    point tried is on the grid of ``step`` (``rounding`` says which way a secant point goes).
    Returns ``(x, x)`` for the first ``x`` whose ``f(x)`` is accepted, else the last bracket
    (one step wide unless ``max_steps`` ran out): ``f(lo) <= 0 < f(hi)`` still holds.
    """
    side = 0
    for _ in range(max_steps):
        if hi - lo <= step:
            break
        if flo.is_infinite() or fhi == flo:
            x = (lo + hi) / 2
        else:
            x = lo + (hi - lo) * (-flo) / (fhi - flo)
        if hi - lo > 2 * step:
            x = min(max(x.quantize(step, rounding=rounding), lo + step), hi - step)
        else:
            x = lo + step  # the one point left inside
        fx = f(x)
        if accept(fx):
            return x, x
        if fx <= 0:
            lo, flo = x, fx
            if side < 0:
                fhi /= 2  # Illinois: the end kept twice has its weight halved
            side = -1
        else:
            hi, fhi = x, fx
            if side > 0 and flo.is_finite():
                flo /= 2
            side = 1
    return lo, hi
