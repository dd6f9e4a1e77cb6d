"""Duty and tax de minimis, applied to the whole consignment.

The rule book returns the thresholds that match the date, transport mode, ship-from country and
origin. For each kind (duty, tax) the most specific matching threshold applies (the one with
the most conditions: modes, ship_from, origins; e.g. Canada's CUSMA courier threshold over its
general CAD 20); with several origins in one consignment the lowest of them applies. Relief
is given when the consignment's value on the threshold's basis is at or under the amount; a
threshold of 0 never relieves. A threshold may be limited to buyer types (consumer,
business), which counts as one more condition. A duty threshold with a ``flat_duty`` does
not relieve: at or under it the consignment pays that flat amount per item category instead
of the tariff duty, over it the tariff.

The flat duty: the EU's interim duty (2026-07-01 to 2028-07-01) is the case in point: a
consignment to a consumer at or under EUR 150 pays EUR 3 per distinct tariff subheading
instead of the tariff. An item category is an HS subheading: the first 6 digits of a line's
HS code (a shorter code is an error, since it does not say which subheading the goods are
in). Each category's amount (converted at the customs rate, rounded to the destination
currency's minor unit, as a declaration states it) is split over the lines sharing that
subheading by line value, the rounding residue on the line with the largest value.
Preferences and additional duties do not apply: the flat amount replaces the whole tariff
treatment.

>>> subheading("6206.10")
'620610'
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from pricing_engine.errors import InputError
from pricing_engine.landed.model import Charge, Context, Note, Relief
from pricing_engine.money import allocate, residue_line, round_minor
from pricing_engine.quote import Line
from pricing_engine.rules.results import DeMinimis, Specific

if TYPE_CHECKING:
    from pricing_engine.landed.context import Lookups
    from pricing_engine.rules.book import RuleBook

__all__ = ["applicable_thresholds", "decide_relief", "flat_duty_charges", "subheading"]

_SUBHEADING = 6


def _specificity(entry: DeMinimis) -> int:
    return sum(getattr(entry, name, None) is not None
               for name in ("modes", "ship_from", "origins", "buyer_types"))


def applicable_thresholds(
    ctx: Context, rules: RuleBook, *, lookups: Lookups | None = None
) -> dict[str, DeMinimis]:
    """The threshold that applies for ``duty`` and for ``tax`` (absent: none applies).

    ``lookups``: the engine's look-ups, where each origin's thresholds are kept once found
    (the rule book's are fixed; a quote of the same country, date, mode, ship-from, origin
    and buyer type finds the same).
    """
    q = ctx.quote
    chosen: dict[str, DeMinimis] = {}
    thresholds = rules.de_minimis if lookups is None else lookups.de_minimis
    for origin in sorted({line.origin for line in q.lines}):
        hits = thresholds(ctx.destination, q.date, mode=q.mode, ship_from=q.origin_country,
                          origin=origin, buyer_type=q.buyer.type)
        for kind in ("duty", "tax"):
            best = _most_specific([h for h in hits if h.kind in (kind, "both")])
            if best is None:
                continue
            current = chosen.get(kind)
            if current is None or _amount(ctx, best) < _amount(ctx, current):
                chosen[kind] = best
    return chosen


def _most_specific(hits: Sequence[DeMinimis]) -> DeMinimis | None:
    if not hits:
        return None
    return max(hits, key=lambda h: (_specificity(h), -h.amount.amount))


def _amount(ctx: Context, entry: DeMinimis) -> Decimal:
    return ctx.money_to_dest(entry.amount)


def decide_relief(
    ctx: Context, rules: RuleBook, *, intrinsic: Decimal, customs_value: Decimal,
    lookups: Lookups | None = None,
) -> Relief:
    """Decide duty and tax relief for a consignment of the given values (destination currency).

    ``lookups``: as for :func:`applicable_thresholds`.
    """
    found = applicable_thresholds(ctx, rules, lookups=lookups)
    relieved: dict[str, DeMinimis | None] = {"duty": None, "tax": None}
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
    entry: DeMinimis, flat: Specific, value: Decimal, cur: str, *, applies: bool
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


def subheading(hs_code: str) -> str:
    """The HS subheading (6 digits) of an HS code; dots and spaces are ignored."""
    digits = hs_code.replace(".", "").replace(" ", "")
    if len(digits) < _SUBHEADING or not digits.isdigit():
        raise InputError(f"HS code {hs_code!r} does not name a 6-digit subheading")
    return digits[:_SUBHEADING]


def _categories(lines: Sequence[Line], entry: DeMinimis) -> dict[str, list[int]]:
    """The lines of each item category (subheading), in the order they first appear."""
    groups: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        try:
            code = subheading(line.hs_code)
        except InputError:
            raise InputError(
                f"line {i + 1} ({line.sku!r}): the flat duty per item category ({entry.ref}) "
                f"needs a 6-digit HS subheading, the line has {line.hs_code!r}") from None
        groups.setdefault(code, []).append(i)
    return groups


def flat_duty_charges(ctx: Context, entry: DeMinimis) -> list[Charge]:
    """The flat-duty charge of each line of the consignment (one per line, in line order)."""
    flat = entry.flat_duty
    if flat is None:
        raise ValueError(f"{entry.ref} has no flat duty")
    lines = ctx.quote.lines
    cur = ctx.dest_currency
    per_category = round_minor(ctx.to_dest(flat.amount, flat.currency), cur)
    groups = _categories(lines, entry)
    shown = f"{flat.amount} {flat.currency}" + ("" if flat.currency == cur
                                                 else f" ({per_category} {cur})")
    out: list[Charge | None] = [None] * len(lines)
    for code, members in groups.items():
        keys = [lines[i].quantity * lines[i].unit_price for i in members]
        if not any(keys):
            keys = [Decimal(1)] * len(members)
        shares = allocate(per_category, keys, cur, onto=residue_line(keys))
        note = (f"flat duty {shown} per item category instead of the tariff: HS subheading "
                f"{code}, one of {len(groups)} categories in the consignment")
        if len(members) > 1:
            names = ", ".join(str(i + 1) for i in members)
            note += f", split by value over lines {names}"
        for i, share in zip(members, shares, strict=True):
            line_note, claim = note, lines[i].preference
            if claim is not None:
                line_note += (f"; preference {claim.agreement} not used (the flat duty "
                              "replaces the tariff)")
            out[i] = Charge("flat", "Flat duty", share, None, None, entry.ref, line_note)
    return [c for c in out if c is not None]
