"""What the landed-cost engine reads from a rule book, written down as protocols.

pricing_engine.rules.RuleBook provides these; writing them out keeps this package's
dependency on the rule loader to the few lookups listed here (and lets a test hand in a
rule book of its own).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

__all__ = [
    "AdditionalLike",
    "DeMinimisLike",
    "DutyLookupLike",
    "DutyRuleLike",
    "DutyTermsLike",
    "FeeLike",
    "MoneyLike",
    "RefLike",
    "RuleBookLike",
    "SpecificLike",
    "SurchargeLike",
    "TaxCollectionLike",
    "TaxHitLike",
]


class RefLike(Protocol):
    """Where a rule came from: file, line, entry (``duty.mfn[3]``), source, confidence."""

    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def entry(self) -> str: ...
    @property
    def source(self) -> str | None: ...
    @property
    def confidence(self) -> str: ...


class MoneyLike(Protocol):
    """An amount in a currency."""

    @property
    def amount(self) -> Decimal: ...
    @property
    def currency(self) -> str: ...


class SpecificLike(MoneyLike, Protocol):
    """An amount per unit of quantity (``per``: kg, litre, unit, pair, ...)."""

    @property
    def per(self) -> str: ...


class DutyTermsLike(Protocol):
    """Ad valorem rate and/or specific amount, with an optional minimum and maximum."""

    @property
    def rate(self) -> Decimal | None: ...
    @property
    def specific(self) -> SpecificLike | None: ...
    @property
    def min(self) -> SpecificLike | None: ...
    @property
    def max(self) -> SpecificLike | None: ...
    @property
    def ref(self) -> RefLike: ...


class DutyRuleLike(DutyTermsLike, Protocol):
    """An MFN or preferential duty rule."""

    @property
    def hs(self) -> str: ...
    @property
    def agreement(self) -> str | None: ...
    @property
    def requires(self) -> str | None: ...


class AdditionalLike(DutyTermsLike, Protocol):
    """An additional duty stacked on MFN or preference."""

    @property
    def name(self) -> str: ...
    @property
    def applies_with_preference(self) -> bool: ...


class SurchargeLike(Protocol):
    """A surcharge computed on the duty."""

    @property
    def name(self) -> str: ...
    @property
    def rate(self) -> Decimal: ...
    @property
    def ref(self) -> RefLike: ...


class DutyLookupLike(Protocol):
    """The duty rules that apply to one HS code and origin on one date."""

    @property
    def mfn(self) -> DutyRuleLike: ...
    @property
    def preferential(self) -> Sequence[DutyRuleLike]: ...
    @property
    def additional(self) -> Sequence[AdditionalLike]: ...
    @property
    def surcharges(self) -> Sequence[SurchargeLike]: ...


class TaxHitLike(Protocol):
    """One import tax that applies (national VAT/GST, or a subdivision's HST/PST/QST)."""

    @property
    def name(self) -> str: ...
    @property
    def rate(self) -> Decimal: ...
    @property
    def rate_class(self) -> str: ...
    @property
    def mode(self) -> str: ...
    @property
    def collected(self) -> str: ...
    @property
    def recoverable(self) -> bool: ...
    @property
    def ref(self) -> RefLike: ...


class DeMinimisLike(Protocol):
    """A threshold under which duty, tax or both are not collected (or a flat duty is)."""

    @property
    def kind(self) -> str: ...
    @property
    def amount(self) -> MoneyLike: ...
    @property
    def basis(self) -> str: ...
    @property
    def flat_duty(self) -> SpecificLike | None: ...
    @property
    def ref(self) -> RefLike: ...


class FeeLike(Protocol):
    """A customs fee."""

    @property
    def name(self) -> str: ...
    @property
    def code(self) -> str | None: ...
    @property
    def rate(self) -> Decimal | None: ...
    @property
    def fixed(self) -> MoneyLike | None: ...
    @property
    def min(self) -> MoneyLike | None: ...
    @property
    def max(self) -> MoneyLike | None: ...
    @property
    def base(self) -> str | None: ...
    @property
    def per(self) -> str: ...
    @property
    def exempt_agreements(self) -> Sequence[str]: ...
    @property
    def ref(self) -> RefLike: ...


class TaxCollectionLike(Protocol):
    """A scheme that moves import tax collection to the sale or to the buyer's return."""

    @property
    def scheme(self) -> str: ...
    @property
    def collected(self) -> str: ...
    @property
    def holder(self) -> str: ...
    @property
    def buyer_types(self) -> Sequence[str]: ...
    @property
    def max_consignment(self) -> MoneyLike | None: ...
    @property
    def ref(self) -> RefLike: ...


class RuleBookLike(Protocol):
    """The lookups of pricing_engine.rules.RuleBook that the engine uses."""

    def country(self, code: str) -> Any: ...
    def valuation(self, country: str) -> str: ...
    def tax_base(self, country: str) -> Sequence[str]: ...
    def fee_base(self, country: str) -> str: ...
    def tax_rates(
        self, country: str, tax_class: str, on: date, *, subdivision: str | None = None
    ) -> Sequence[TaxHitLike]: ...
    def duty(
        self, country: str, hs_code: str, origin: str, on: date, *,
        claimed_agreement: str | None = None,
    ) -> DutyLookupLike: ...
    def de_minimis(
        self, country: str, on: date, *, mode: str, ship_from: str, origin: str | None = None,
        buyer_type: str | None = None,
    ) -> Sequence[DeMinimisLike]: ...
    def fees(self, country: str, on: date, *, mode: str) -> Sequence[FeeLike]: ...
    def tax_collection(self, country: str, on: date) -> Sequence[TaxCollectionLike]: ...
    def incoterm(self, code: str) -> Any: ...
    def union_of(self, country: str) -> str | None: ...
