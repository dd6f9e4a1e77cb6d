"""Who bears each cost element under an Incoterms 2020 rule, with 'depends' resolved.

The split comes from the rule book's incoterms2020.yaml. Where that file says ``depends``
(or ``none``) the engine needs a party; the defaults below are the usual reading, and a quote
overrides any of them with ``cost_bearers``:

- FCA ``loading_at_origin``: seller (named place = the seller's premises, where the seller
  loads).
- C-terms ``destination_terminal_handling``: buyer (unless the seller's contract of carriage
  includes it: then set ``cost_bearers``).
- CPT/CIP ``delivery_to_buyer_premises``: seller (the seller pays carriage to the named place,
  and ``onward_freight`` is defined as carriage from the border to the named place).
- ``insurance`` where no party owes it to the other (``none``): the party bearing the risk in
  main carriage insures for its own interest: the buyer under E, F and C terms, the seller
  under D terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from pricing_engine.errors import InputError, MissingRule
from pricing_engine.landed.result import DecidedBy, Party
from pricing_engine.quote import COST_ELEMENTS

__all__ = ["DEPENDS_DEFAULTS", "CostSplit", "fits_mode", "split_costs"]

#: (rule, element) -> party, for elements the Incoterms file marks ``depends``.
DEPENDS_DEFAULTS: dict[tuple[str, str], Party] = {
    ("FCA", "loading_at_origin"): "seller",
    ("CFR", "destination_terminal_handling"): "buyer",
    ("CIF", "destination_terminal_handling"): "buyer",
    ("CPT", "destination_terminal_handling"): "buyer",
    ("CIP", "destination_terminal_handling"): "buyer",
    ("CPT", "delivery_to_buyer_premises"): "seller",
    ("CIP", "delivery_to_buyer_premises"): "seller",
}


@dataclass(frozen=True, slots=True)
class CostSplit:
    """The bearer of every cost element and how it was decided (rule, default, quote)."""

    incoterm: str
    bearers: Mapping[str, Party]
    decided_by: Mapping[str, DecidedBy]

    def seller_bears(self, element: str) -> bool:
        """Whether the seller bears ``element``."""
        return self.bearers[element] == "seller"


def _get(rule: Any, name: str) -> Any:
    return rule[name] if isinstance(rule, Mapping) else getattr(rule, name)


def fits_mode(rule: Any, mode: str) -> bool:
    """Whether an Incoterm rule may be used for a transport mode (FAS/FOB/CFR/CIF: sea only)."""
    return bool(_get(rule, "modes") != "sea_inland_waterway" or mode == "sea")


def split_costs(
    code: str, rule: Any, *, mode: str, overrides: Mapping[str, str] | None = None
) -> CostSplit:
    """Resolve every cost element of ``rule`` (an IncotermRule) to seller or buyer."""
    if not fits_mode(rule, mode):
        raise InputError(f"Incoterm {code} is for sea and inland waterway transport, not {mode}")
    costs = _get(rule, "costs")
    group = str(_get(rule, "group"))
    bearers: dict[str, Party] = {}
    decided: dict[str, DecidedBy] = {}
    for element in COST_ELEMENTS:
        if element not in costs:
            raise MissingRule(f"incoterms2020: rule {code} does not say who bears {element}")
        party = str(costs[element])
        how: DecidedBy = "incoterms2020"
        if party == "depends":
            party, how = DEPENDS_DEFAULTS.get((code, element), "buyer"), "depends_default"
        elif party == "none":
            party, how = ("seller" if group == "D" else "buyer"), "risk_bearer"
        if overrides and element in overrides:
            party, how = overrides[element], "quote"
        bearers[element] = cast(Party, party)  # the rule file's seller or buyer
        decided[element] = how
    return CostSplit(code, bearers, decided)
