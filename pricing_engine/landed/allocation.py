"""Split a shipment cost across quote lines so that the line amounts add up exactly.

Each share is rounded to the currency's minor unit; the rounding residue goes to one line,
the *residue line*: the line with the largest allocation key (the first such line on a tie).
That is the line a declaration would carry the difference on, and it keeps every total equal
to the sum of its lines.

>>> allocate(Decimal("100"), [Decimal(1), Decimal(1), Decimal(1)], "EUR", onto=0)
[Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from pricing_engine.errors import InputError
from pricing_engine.landed.components import to_minor
from pricing_engine.quote import Line

__all__ = ["allocate", "allocation_keys", "residue_line"]


def allocation_keys(lines: Sequence[Line], method: str) -> list[Decimal]:
    """The weight of each line under ``method`` (value, weight, volume, quantity, equal)."""
    if method == "value":
        keys = [line.quantity * line.unit_price for line in lines]
    elif method == "quantity":
        keys = [line.quantity for line in lines]
    elif method == "equal":
        keys = [Decimal(1)] * len(lines)
    elif method in ("weight", "volume"):
        field = "unit_weight_kg" if method == "weight" else "unit_volume_m3"
        keys = []
        for line in lines:
            per_unit = getattr(line, field)
            if per_unit is None:
                raise InputError(f"allocation by {method}: line {line.sku!r} has no {field}")
            keys.append(line.quantity * per_unit)
    else:
        raise InputError(f"unknown allocation method {method!r}")
    if not any(keys):
        # Nothing to weigh by (all lines free of charge, say): split equally, as documented.
        return [Decimal(1)] * len(lines)
    return keys


def residue_line(keys: Sequence[Decimal]) -> int:
    """Index of the line that carries rounding residues: the largest key, first on a tie."""
    return max(range(len(keys)), key=keys.__getitem__) if keys else 0  # max: first on a tie


def allocate(
    total: Decimal, keys: Sequence[Decimal], currency: str, *, onto: int
) -> list[Decimal]:
    """Shares of ``total`` proportional to ``keys``, rounded, summing exactly to ``total``.

    ``total`` should already be rounded to the currency's minor unit.
    """
    weight = sum(keys, Decimal(0))
    if weight == 0:
        raise InputError("cannot allocate over lines whose keys are all zero")
    shares = [to_minor(total * key / weight, currency) for key in keys]
    shares[onto] += total - sum(shares, Decimal(0))
    return shares
