"""A flat duty per item category that replaces the tariff under a duty threshold.

The EU's interim duty (2026-07-01 to 2028-07-01) is the case in point: a consignment to a
consumer at or under EUR 150 pays EUR 3 per distinct tariff subheading instead of the tariff.
deminimis.py decides for the whole consignment; this module charges it to the lines.

An item category is an HS subheading: the first 6 digits of a line's HS code (a shorter
code is an error, since it does not say which subheading the goods are in). Each category's
amount (converted at the customs rate, rounded to the destination currency's minor unit, as
a declaration states it) is split over the lines sharing that subheading by line value, the
rounding residue on the line with the largest value (allocation.py). Preferences and
additional duties do not apply: the flat amount replaces the whole tariff treatment.

>>> subheading("6206.10")
'620610'
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pricing_engine.errors import InputError
from pricing_engine.landed.allocation import allocate, residue_line
from pricing_engine.landed.components import Charge, to_minor
from pricing_engine.landed.context import Context
from pricing_engine.landed.ports import DeMinimisLike
from pricing_engine.quote import Line

__all__ = ["flat_duty_charges", "subheading"]

_SUBHEADING = 6


def subheading(hs_code: str) -> str:
    """The HS subheading (6 digits) of an HS code; dots and spaces are ignored."""
    digits = hs_code.replace(".", "").replace(" ", "")
    if len(digits) < _SUBHEADING or not digits.isdigit():
        raise InputError(f"HS code {hs_code!r} does not name a 6-digit subheading")
    return digits[:_SUBHEADING]


def _categories(lines: Sequence[Line], entry: DeMinimisLike) -> dict[str, list[int]]:
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


def flat_duty_charges(ctx: Context, entry: DeMinimisLike) -> list[Charge]:
    """The flat-duty charge of each line of the consignment (one per line, in line order)."""
    flat = entry.flat_duty
    if flat is None:
        raise ValueError(f"{entry.ref} has no flat duty")
    lines = ctx.quote.lines
    cur = ctx.dest_currency
    per_category = to_minor(ctx.to_dest(flat.amount, flat.currency), cur)
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
