"""The plain record of one computed charge (hot-loop type; results convert it to pydantic)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pricing_engine.landed.ports import RefLike

__all__ = ["Charge", "percent"]


@dataclass(frozen=True, slots=True)
class Charge:
    """One duty, tax or fee amount of one line, in the destination currency, with its why.

    ``amount`` is rounded to the destination currency's minor unit (a declaration's tax line);
    ``rate`` and ``base`` say how it was computed; ``ref`` names the rule file entry.
    """

    kind: str  # mfn | preference | additional | surcharge | tax | fee
    name: str
    amount: Decimal
    rate: Decimal | None
    base: Decimal | None
    ref: RefLike | None
    note: str = ""
    collected: str = ""  # taxes: at_border | at_sale | self_assessed
    recoverable: bool = False


def percent(rate: Decimal) -> str:
    """A rate as a percentage for explanations: ``Decimal("0.027")`` -> ``"2.7%"``."""
    return f"{(rate * 100).normalize():f}%"
