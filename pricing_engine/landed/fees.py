"""Customs fees of a consignment (US merchandise processing fee, ...), allocated to lines.

A fee ``per: entry`` is computed once on the consignment's base (the lines claiming an
exempting agreement left out), clamped to its minimum and maximum, rounded, then allocated to
the lines in proportion to their base with the residue on the residue line. ``per: line``
applies the fee to each line; ``per: package`` charges a fixed amount per package.
Bases: ``entered_value`` (goods only, without international carriage and insurance),
``customs_value``, ``duty``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pricing_engine.errors import MissingRule
from pricing_engine.landed.allocation import allocate, residue_line
from pricing_engine.landed.components import Charge, percent, to_minor
from pricing_engine.landed.context import Context
from pricing_engine.landed.ports import FeeLike

__all__ = ["fee_charges"]


def _clamp(ctx: Context, fee: FeeLike, amount: Decimal) -> tuple[Decimal, str]:
    if fee.min is not None and amount < (low := ctx.to_dest(fee.min.amount, fee.min.currency)):
        return low, f"minimum {fee.min.amount} {fee.min.currency}"
    if fee.max is not None and amount > (high := ctx.to_dest(fee.max.amount, fee.max.currency)):
        return high, f"maximum {fee.max.amount} {fee.max.currency}"
    return amount, ""


def _raw(ctx: Context, fee: FeeLike, base: Decimal, count: int = 1) -> tuple[Decimal, str]:
    if fee.fixed is not None:
        amount = ctx.to_dest(fee.fixed.amount, fee.fixed.currency) * count
        how = f"{fee.fixed.amount} {fee.fixed.currency}" + (f" x {count}" if count > 1 else "")
        return amount, how
    if fee.rate is None:
        raise MissingRule(f"fee {fee.name}: neither a rate nor a fixed amount")
    return fee.rate * base, f"{percent(fee.rate)} of {base:.2f} {ctx.dest_currency}"


def fee_charges(
    ctx: Context, fees: Sequence[FeeLike], bases: dict[str, list[Decimal]],
    applied_agreements: Sequence[str | None],
) -> list[list[Charge]]:
    """The fee charges of each line; ``bases`` maps a base name to its per-line values."""
    n = len(applied_agreements)
    out: list[list[Charge]] = [[] for _ in range(n)]
    cur = ctx.dest_currency
    for fee in fees:
        kind = fee.base or ctx.fee_base
        values = bases[kind]
        exempt = set(fee.exempt_agreements)
        eligible = [i for i in range(n) if applied_agreements[i] not in exempt]
        if not eligible:
            continue
        if fee.per == "line":
            for i in eligible:
                raw, how = _raw(ctx, fee, values[i])
                amount, limit = _clamp(ctx, fee, raw)
                out[i].append(Charge("fee", fee.name, to_minor(amount, cur), fee.rate,
                                     values[i], fee.ref, "; ".join(filter(None, (how, limit)))))
            continue
        total_base = sum((values[i] for i in eligible), Decimal(0))
        count = ctx.quote.packages if fee.per == "package" else 1
        raw, how = _raw(ctx, fee, total_base, count)
        amount, limit = _clamp(ctx, fee, raw)
        amount = to_minor(amount, cur)
        keys = [values[i] for i in eligible]
        if not any(keys):
            keys = [Decimal(1)] * len(eligible)
        shares = allocate(amount, keys, cur, onto=residue_line(keys))
        note = "; ".join(filter(None, (how, limit, f"per {fee.per}, allocated by {kind}")))
        for i, share in zip(eligible, shares, strict=True):
            out[i].append(Charge("fee", fee.name, share, fee.rate, values[i], fee.ref, note))
    return out
