"""Incoterms 2020: the file model and the per-rule cost split the engine reads.

The bundled ``incoterms2020.yaml`` is the project's own summary of who bears each cost
element and where risk passes under each of the 11 rules (no ICC text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Literal, get_args

from pydantic import Field

from pricing_engine.rules.fields import RuleModel

__all__ = [
    "ELEMENTS",
    "INCOTERMS_2020",
    "Bearer",
    "Element",
    "IncotermCode",
    "IncotermEntry",
    "IncotermRule",
    "IncotermsFile",
    "InsuranceMin",
]

Element = Literal[
    "export_packing",
    "loading_at_origin",
    "export_clearance",
    "origin_terminal_handling",
    "main_carriage",
    "insurance",
    "destination_terminal_handling",
    "import_clearance",
    "import_duties_taxes",
    "delivery_to_buyer_premises",
]
Bearer = Literal["seller", "buyer", "none", "depends"]

#: The 10 cost elements in the physical order of a shipment (the order of ``Element``).
ELEMENTS: tuple[Element, ...] = get_args(Element)
IncotermCode = Literal["EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP"]
#: The 11 rules of Incoterms 2020 (the order of ``IncotermCode``).
INCOTERMS_2020: tuple[IncotermCode, ...] = get_args(IncotermCode)


class InsuranceMin(RuleModel):
    """The minimum cover the seller must buy (CIF: clauses C, CIP: clauses A; 110 %)."""

    clauses: str
    pct: Decimal = Field(gt=0, allow_inf_nan=False)


class IncotermEntry(RuleModel):
    """One rule as written in the file (keyed by its code)."""

    name: str
    group: Literal["E", "F", "C", "D"]
    modes: Literal["any", "sea_inland_waterway"]
    named_place: str | None = None
    risk_transfers: str
    costs: dict[Element, Bearer]
    insurance_min: InsuranceMin | None = None
    customs_value_adjustment: str | None = None
    notes: str | None = None


class IncotermsFile(RuleModel):
    """``rules/incoterms2020.yaml``: the cost elements and the 11 rules."""

    version: str
    publication: str | None = None
    effective_from: date | None = None
    elements: tuple[Element, ...]
    rules: dict[str, IncotermEntry]


@dataclass(frozen=True, slots=True)
class IncotermRule:
    """Who bears each cost element under one Incoterm, and where risk passes."""

    code: str
    name: str
    group: str
    modes: str
    costs: Mapping[Element, Bearer]
    risk_transfers: str
    insurance_min: InsuranceMin | None
    named_place: str | None = None
    notes: str | None = None

    @classmethod
    def from_entry(cls, code: str, entry: IncotermEntry) -> IncotermRule:
        """Build the lookup form of a rule from its file entry."""
        return cls(
            code=code,
            name=entry.name,
            group=entry.group,
            modes=entry.modes,
            costs=MappingProxyType(dict(entry.costs)),
            risk_transfers=entry.risk_transfers,
            insurance_min=entry.insurance_min,
            named_place=entry.named_place,
            notes=entry.notes,
        )

    def bearer(self, element: Element) -> Bearer:
        """Who bears ``element`` under this rule."""
        return self.costs[element]
