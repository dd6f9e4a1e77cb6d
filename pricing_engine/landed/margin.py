"""Margin against a quote's floor and target.

Status: ``above_target`` when the margin percent reaches the target, ``below_target`` when it
reaches only the floor, ``below_floor`` otherwise. With a floor only, the floor is the target;
with a target only, anything under it is
``below_target``; with neither, there is no status.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

__all__ = ["MarginStatus", "margin_percent", "margin_status"]

MarginStatus = Literal["above_target", "below_target", "below_floor"]


def margin_percent(margin: Decimal, revenue: Decimal) -> Decimal | None:
    """Margin as a fraction of net revenue (None when there is no revenue)."""
    if revenue == 0:
        return None
    return margin / revenue


def margin_status(
    percent: Decimal | None, *, floor: Decimal | None, target: Decimal | None
) -> MarginStatus | None:
    """Classify a margin percent against the floor and the target."""
    if percent is None or (floor is None and target is None):
        return None
    if target is not None and percent >= target:
        return "above_target"
    if floor is None:
        return "below_target"
    if percent >= floor:
        return "below_target" if target is not None else "above_target"
    return "below_floor"
