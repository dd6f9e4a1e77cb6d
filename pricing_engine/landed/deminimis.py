"""Duty and tax de minimis, applied to the whole consignment.

The rule book returns the thresholds that match the date, transport mode, ship-from country and
origin. For each kind (duty, tax) the most specific matching threshold applies (the one with
the most conditions: modes, ship_from, origins; e.g. Canada's CUSMA courier threshold over its
general CAD 20); with several origins in one consignment the lowest of them applies. Relief
is given when the consignment's value on the threshold's basis is at or under the amount; a
threshold of 0 never relieves. A threshold may be limited to buyer types (consumer,
business), which counts as one more condition. A duty threshold with a ``flat_duty`` does
not relieve: at or under it the consignment pays that flat amount per item category instead
of the tariff duty (flatduty.py), over it the tariff.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pricing_engine.landed.context import Context
from pricing_engine.landed.ports import DeMinimisLike, RuleBookLike, SpecificLike
from pricing_engine.landed.result import Note

__all__ = ["Relief", "applicable_thresholds", "decide_relief"]


@dataclass(frozen=True, slots=True)
class Relief:
    """Which de minimis relieved the duty and the tax (None: not relieved) and why.

    ``flat``: the duty threshold whose flat duty replaces the tariff (None: the tariff).
    """

    duty: DeMinimisLike | None
    tax: DeMinimisLike | None
    notes: tuple[Note, ...]
    flat: DeMinimisLike | None = None


def _specificity(entry: DeMinimisLike) -> int:
    return sum(getattr(entry, name, None) is not None
               for name in ("modes", "ship_from", "origins", "buyer_types"))


def applicable_thresholds(
    ctx: Context, rules: RuleBookLike
) -> dict[str, DeMinimisLike]:
    """The threshold that applies for ``duty`` and for ``tax`` (absent: none applies)."""
    q = ctx.quote
    chosen: dict[str, DeMinimisLike] = {}
    for origin in sorted({line.origin for line in q.lines}):
        hits = rules.de_minimis(ctx.destination, q.date, mode=q.mode,
                                ship_from=q.origin_country, origin=origin,
                                buyer_type=q.buyer.type)
        for kind in ("duty", "tax"):
            best = _most_specific([h for h in hits if h.kind in (kind, "both")])
            if best is None:
                continue
            current = chosen.get(kind)
            if current is None or _amount(ctx, best) < _amount(ctx, current):
                chosen[kind] = best
    return chosen


def _most_specific(hits: Sequence[DeMinimisLike]) -> DeMinimisLike | None:
    if not hits:
        return None
    return max(hits, key=lambda h: (_specificity(h), -h.amount.amount))


def _amount(ctx: Context, entry: DeMinimisLike) -> Decimal:
    return ctx.to_dest(entry.amount.amount, entry.amount.currency)


def decide_relief(
    ctx: Context, rules: RuleBookLike, *, intrinsic: Decimal, customs_value: Decimal
) -> Relief:
    """Decide duty and tax relief for a consignment of the given values (destination currency)."""
    found = applicable_thresholds(ctx, rules)
    relieved: dict[str, DeMinimisLike | None] = {"duty": None, "tax": None}
    flat = None
    notes: list[Note] = []
    for kind, entry in found.items():
        limit = _amount(ctx, entry)
        value = intrinsic if entry.basis == "intrinsic" else customs_value
        cur = ctx.dest_currency
        if entry.flat_duty is not None:
            applies = limit > 0 and value <= limit
            flat = entry if applies else None
            notes.append(_flat_note(entry, entry.flat_duty, value, cur, applies=applies))
        elif limit > 0 and value <= limit:
            relieved[kind] = entry
            notes.append(Note("DE_MINIMIS_RELIEVED",
                              f"{kind} de minimis: consignment {entry.basis} value {value:.2f} "
                              f"{cur} is at or under {entry.amount.amount} "
                              f"{entry.amount.currency}"))
        else:
            notes.append(Note("DE_MINIMIS_NOT_RELIEVED",
                              f"{kind} de minimis {entry.amount.amount} {entry.amount.currency} "
                              f"({entry.basis}) does not relieve a value of {value:.2f} {cur}"))
    return Relief(relieved["duty"], relieved["tax"], tuple(notes), flat)


def _flat_note(
    entry: DeMinimisLike, flat: SpecificLike, value: Decimal, cur: str, *, applies: bool
) -> Note:
    limit = entry.amount
    per = f"{flat.amount} {flat.currency} per {flat.per.replace('_', ' ')}"
    if applies:
        return Note("FLAT_DUTY_APPLIED",
                    f"duty de minimis ({entry.ref.entry}): consignment {entry.basis} value "
                    f"{value:.2f} {cur} is at or under {limit.amount} {limit.currency}: flat "
                    f"duty {per} instead of the tariff")
    return Note("FLAT_DUTY_NOT_APPLIED",
                f"duty de minimis ({entry.ref.entry}): flat duty {per} applies at or under "
                f"{limit.amount} {limit.currency} ({entry.basis}), not to a value of "
                f"{value:.2f} {cur}: tariff duty")
