"""Customs fees of a consignment (US merchandise processing fee, ...), allocated to lines.

A fee ``per: entry`` is computed once on the consignment's base (the lines claiming an
exempting agreement left out), clamped to its minimum and maximum, rounded, then allocated to
the lines in proportion to their base with the residue on the residue line. ``per: line``
applies the fee to each line; ``per: package`` charges a fixed amount per package. A fee with
a value band (``value_over``, ``value_at_most``) applies only when the consignment's base
value, every line's, is inside it (the US MPF: a formal entry over USD 2,500, a fixed fee for
an informal one at most that).
Bases: ``entered_value`` (goods only, without international carriage and insurance),
``customs_value``, ``duty``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pricing_engine.errors import MissingRule
from pricing_engine.landed.model import Charge, Context, percent
from pricing_engine.money import allocate, residue_line, round_minor
from pricing_engine.rules.results import FeeRule

__all__ = ["FeeSplit", "fee_charges", "fee_shares", "fee_splits"]


def _clamp(ctx: Context, fee: FeeRule, amount: Decimal) -> tuple[Decimal, str]:
    if fee.min is not None and amount < (low := ctx.money_to_dest(fee.min)):
        return low, f"minimum {fee.min.amount} {fee.min.currency}"
    if fee.max is not None and amount > (high := ctx.money_to_dest(fee.max)):
        return high, f"maximum {fee.max.amount} {fee.max.currency}"
    return amount, ""


def _raw(ctx: Context, fee: FeeRule, base: Decimal, count: int = 1) -> tuple[Decimal, str]:
    if fee.fixed is not None:
        amount = ctx.money_to_dest(fee.fixed) * count
        how = f"{fee.fixed.amount} {fee.fixed.currency}" + (f" x {count}" if count > 1 else "")
        return amount, how
    if fee.rate is None:
        raise MissingRule(f"fee {fee.name}: neither a rate nor a fixed amount")
    return fee.rate * base, f"{percent(fee.rate)} of {base:.2f} {ctx.dest_currency}"


@dataclass(frozen=True, slots=True)
class FeeSplit:
    """One fee over a consignment: the lines it applies to, each line's share and why."""

    fee: FeeRule
    lines: list[int]  # the eligible lines (those not claiming an exempting agreement)
    bases: list[Decimal]  # each eligible line's base
    shares: list[Decimal]  # each eligible line's rounded share of the fee
    notes: list[str]


def fee_splits(
    ctx: Context, fees: Sequence[FeeRule], bases: dict[str, list[Decimal]],
    applied_agreements: Sequence[str | None],
) -> list[FeeSplit]:
    """Each fee's shares; ``bases`` maps a base name to its per-line values."""
    agreements = set(applied_agreements)
    # Fees on the same base that exempt the same lines (the US MPF and HMF, when no line
    # applies USMCA) apply to the same lines and share out by the same weights: worked out
    # once for them (an exemption no line applies is no exemption).
    lines: dict[tuple[str, tuple[str, ...]], tuple[list[int], list[Decimal]]] = {}
    weighed: dict[tuple[str, tuple[str, ...]], tuple[Decimal, list[Decimal], int, Decimal]] = {}
    out = []
    for fee in fees:
        kind = fee.base or ctx.fee_base
        if (fee.value_over is not None or fee.value_at_most is not None) \
                and not _in_band(ctx, fee, bases[kind]):
            continue
        exempt = fee.exempt_agreements
        group = (kind, exempt if exempt and not agreements.isdisjoint(exempt) else ())
        if group not in lines:
            lines[group] = _eligible(bases[kind], applied_agreements, fee.exempt_agreements,
                                     agreements)
        eligible, keys = lines[group]
        if not eligible:
            continue
        if fee.per == "line":
            out.append(_per_line(ctx, fee, eligible, keys))
            continue
        if group not in weighed:
            total_base = sum(keys, Decimal(0))
            weights = keys if any(keys) else [Decimal(1)] * len(eligible)
            weighed[group] = total_base, weights, residue_line(weights), \
                total_base if weights is keys else Decimal(len(eligible))
        total_base, weights, onto, weight = weighed[group]
        count = ctx.quote.packages if fee.per == "package" else 1
        raw, how = _raw(ctx, fee, total_base, count)
        amount, limit = _clamp(ctx, fee, raw)
        amount = round_minor(amount, ctx.dest_currency)
        shares = allocate(amount, weights, ctx.dest_currency, onto=onto, weight=weight)
        note = "; ".join(filter(None, (how, limit, f"per {fee.per}, allocated by {kind}")))
        out.append(FeeSplit(fee, eligible, keys, shares, [note] * len(eligible)))
    return out


def _in_band(ctx: Context, fee: FeeRule, values: list[Decimal]) -> bool:
    """Whether the consignment's base value (every line's) is inside the fee's value band."""
    value = sum(values, Decimal(0))
    if fee.value_over is not None and value <= ctx.money_to_dest(fee.value_over):
        return False
    return fee.value_at_most is None or value <= ctx.money_to_dest(fee.value_at_most)


def _eligible(
    values: list[Decimal], applied_agreements: Sequence[str | None], exempt: tuple[str, ...],
    agreements: set[str | None],
) -> tuple[list[int], list[Decimal]]:
    """The lines a fee applies to (those not claiming an ``exempt`` agreement), their bases."""
    n = len(applied_agreements)
    if agreements.isdisjoint(exempt):  # the usual case: every line
        return list(range(n)), list(values)
    eligible = [i for i in range(n) if applied_agreements[i] not in exempt]
    return eligible, [values[i] for i in eligible]


def _per_line(ctx: Context, fee: FeeRule, eligible: list[int], keys: list[Decimal]) -> FeeSplit:
    shares, notes = [], []
    for base in keys:
        raw, how = _raw(ctx, fee, base)
        amount, limit = _clamp(ctx, fee, raw)
        shares.append(round_minor(amount, ctx.dest_currency))
        notes.append("; ".join(filter(None, (how, limit))))
    return FeeSplit(fee, eligible, keys, shares, notes)


def fee_charges(splits: Sequence[FeeSplit], into: list[list[Charge]]) -> list[list[Charge]]:
    """Write each line's fee charges from the fees' splits, appended to ``into[line]``.

    ``into`` holds a list per line (empty, or the line's charges so far); returns it.
    """
    for split in splits:
        fee = split.fee
        name, rate, ref = fee.name, fee.rate, fee.ref
        for i, share, base, note in zip(split.lines, split.shares, split.bases, split.notes,
                                        strict=True):
            into[i].append(Charge("fee", name, share, rate, base, ref, note))
    return into


def fee_shares(splits: Sequence[FeeSplit], lines: int) -> list[Decimal]:
    """What each line's fee_charges() add up to: the same splits, summed per line.

    The DDP solve needs only these, several times per quote, where writing 10,000 lines' fee
    charges each time would cost more than the solve itself.
    """
    totals: list[Decimal] | None = None
    for split in splits:
        if len(split.lines) == lines:  # every line: add the column at once
            # the first column as it is (0 + a share rounded to minor units is the share)
            totals = list(split.shares) if totals is None else [
                t + s for t, s in zip(totals, split.shares, strict=True)]
            continue
        if totals is None:
            totals = [Decimal(0)] * lines
        for i, share in zip(split.lines, split.shares, strict=True):
            totals[i] += share
    return totals if totals is not None else [Decimal(0)] * lines
