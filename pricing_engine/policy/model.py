"""The approval policy: margins, discounts, screening bands, embargoes, export controls.

A policy is data (``rules/policy.yaml`` is the bundled default, a user may give another).
Models are frozen and an unknown key is an error. Country lists may name a group defined in
``groups`` with an ``@`` (``"@EU"``), so a long list is written once.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from pricing_engine.fields import (
    Count,
    Country,
    Fraction,
    FrozenModel,
    IsoDate,
    Subdivision,
    days_in_order,
    plain_errors,
    read_country,
)
from pricing_engine.price_points import PricePoints
from pricing_engine.screening.result import (
    MAX_HIT_THRESHOLD,
    MAX_REVIEW_THRESHOLD,
    HitThreshold,
    ReviewThreshold,
)

__all__ = [
    "DEFAULT_REQUIRED_LISTS",
    "MAX_HIT_THRESHOLD",
    "MAX_REVIEW_THRESHOLD",
    "ApprovalRule",
    "ControlRule",
    "DiscountTier",
    "Discounts",
    "Embargo",
    "EndUse",
    "EndUseRule",
    "EndUses",
    "EnhancedReview",
    "ExportControls",
    "Freshness",
    "MarginLimits",
    "Margins",
    "Policy",
    "RegionEmbargo",
    "Screening",
    "Severity",
    "Source",
    "in_force",
]

Severity = Literal["info", "review", "reject"]
END_USES = ("civil", "commercial", "research", "police", "military", "nuclear_weapons",
            "chemical_weapons", "biological_weapons", "missiles", "wmd")
EndUse = Literal["civil", "commercial", "research", "police", "military", "nuclear_weapons",
                 "chemical_weapons", "biological_weapons", "missiles", "wmd"]


def _country_or_group(value: Any) -> str:
    text = str(value)
    return text if text.startswith("@") else read_country(text)


#: A country code (read as :data:`~pricing_engine.fields.Country` reads it) or ``@group``.
CountryRef = Annotated[str, BeforeValidator(plain_errors(_country_or_group))]
Approvers = tuple[str, ...]


class Source(FrozenModel):
    """A public source the policy's facts come from."""

    id: str
    title: str
    url: str | None = None
    date: IsoDate | None = None


class ApprovalRule(FrozenModel):
    """What a finding does: its severity and who must approve it."""

    severity: Severity = "review"
    approvers: Approvers = ()


class MarginLimits(FrozenModel):
    """A margin floor and target as fractions of net revenue."""

    floor: Fraction | None = None
    target: Fraction | None = None

    @model_validator(mode="after")
    def _ordered(self) -> MarginLimits:
        if self.floor is not None and self.target is not None and self.floor > self.target:
            raise ValueError("floor must not exceed target")
        return self


class Margins(FrozenModel):
    """Margin limits by default and per segment, destination and product family.

    A segment's or destination's limits replace the default; when both apply, the stricter
    (higher) of each wins. A product family's limits apply to the margin of its lines.
    """

    default: MarginLimits
    by_segment: dict[str, MarginLimits] = Field(default_factory=dict)
    by_destination: dict[Country, MarginLimits] = Field(default_factory=dict)
    by_product_family: dict[str, MarginLimits] = Field(default_factory=dict)
    below_floor: ApprovalRule = ApprovalRule(severity="review", approvers=("finance_director",))
    below_target: ApprovalRule = ApprovalRule(severity="info")


class DiscountTier(FrozenModel):
    """A discount off list price above ``above`` needs ``approvers``."""

    above: Fraction
    approvers: Approvers = Field(min_length=1)
    severity: Severity = "review"


class Discounts(FrozenModel):
    """Discount tiers, in increasing order; the highest tier exceeded applies."""

    tiers: tuple[DiscountTier, ...] = ()

    @model_validator(mode="after")
    def _increasing(self) -> Discounts:
        bounds = [t.above for t in self.tiers]
        if bounds != sorted(set(bounds)):
            raise ValueError("discount tiers must have strictly increasing 'above' values")
        return self


#: The lists a policy requires when it names none: a check without them is refused.
DEFAULT_REQUIRED_LISTS: tuple[str, ...] = ("ofac_sdn", "un_sc")


class Screening(FrozenModel):
    """Screening bands, the lists a check needs, and what a cleared match still needs.

    ``review_threshold`` may be at most 0.90 and ``hit_threshold`` at most 0.98
    (:data:`MAX_REVIEW_THRESHOLD`, :data:`MAX_HIT_THRESHOLD`): higher values would let
    a listed name with one typo screen clear, which is fuzzy screening switched off.
    ``required_lists`` left out means :data:`DEFAULT_REQUIRED_LISTS` (OFAC SDN and the UN
    Security Council list); a policy that names its own (even ``[]``) gets exactly those.
    """

    hit_threshold: HitThreshold = 0.92
    review_threshold: ReviewThreshold = 0.82
    required_lists: tuple[str, ...] = DEFAULT_REQUIRED_LISTS
    potential_match: ApprovalRule = ApprovalRule(approvers=("compliance_officer",))
    cleared_potential_match: Severity = "info"
    cleared_hit: Severity = "review"

    @model_validator(mode="after")
    def _ordered(self) -> Screening:
        if self.review_threshold > self.hit_threshold:
            raise ValueError("review_threshold must not exceed hit_threshold")
        return self


class Embargo(FrozenModel):
    """A comprehensive embargo on a country, in force from ``valid_from`` to ``valid_to``."""

    country: Country
    valid_from: IsoDate
    valid_to: IsoDate | None = None
    regime: str
    source: str
    note: str | None = None

    _ordered = days_in_order()


class RegionEmbargo(FrozenModel):
    """A comprehensive embargo on a region (an ISO 3166-2 subdivision)."""

    subdivision: Subdivision
    name: str
    valid_from: IsoDate
    valid_to: IsoDate | None = None
    regime: str
    severity: Severity = "reject"
    source: str
    note: str | None = None

    _ordered = days_in_order()


class EnhancedReview(FrozenModel):
    """A destination that always needs an enhanced review, and by whom."""

    country: Country
    approvers: Approvers = ("compliance_officer",)
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    source: str
    note: str | None = None

    _ordered = days_in_order()


class ControlRule(FrozenModel):
    """A row of the (simplified) control table: classifications that need a licence where.

    ``scheme`` says which classification of a line it reads; ``classifications`` are codes or
    prefixes ending in ``*`` (``"*"`` is any code of the scheme, never EAR99). The rule applies
    to destinations in ``destinations``, or to all but ``except_destinations``, and only to
    goods shipped from ``from_countries`` when given.
    """

    id: str
    scheme: Literal["eccn", "eu_dual_use"]
    classifications: tuple[str, ...] = Field(min_length=1)
    destinations: tuple[CountryRef, ...] = ()
    except_destinations: tuple[CountryRef, ...] = ()
    from_countries: tuple[CountryRef, ...] = ()
    severity: Severity = "review"
    approvers: Approvers = ("export_control_officer",)
    source: str
    note: str | None = None

    @model_validator(mode="after")
    def _one_scope(self) -> ControlRule:
        if bool(self.destinations) == bool(self.except_destinations):
            raise ValueError("give either destinations or except_destinations")
        return self


class EndUseRule(FrozenModel):
    """An end use refused for some destinations (``"*"`` in the list: everywhere)."""

    end_use: EndUse
    destinations: tuple[CountryRef, ...] = Field(min_length=1)
    source: str
    note: str | None = None


class EndUses(FrozenModel):
    """End uses that are always refused, and those refused for some destinations."""

    always_refused: tuple[EndUse, ...] = ()
    refused: tuple[EndUseRule, ...] = ()


class ExportControls(FrozenModel):
    """The control table and the end-use rules."""

    note: str | None = None
    controls: tuple[ControlRule, ...] = ()
    end_uses: EndUses = EndUses()


class Freshness(FrozenModel):
    """How old lists and rules may be, and how far a proposal's date may be from the check's.

    Ages are counted to the day the check runs. A proposal dated more than
    ``max_document_age_days`` before it or ``max_document_lead_days`` after it needs review
    (DOCUMENT_DATE, by the ``stale`` approvers, always at least a review): its date prices
    the quote but never moves the compliance checks. Both windows are at most ten years.
    """

    max_list_age_days: Count = Field(default=31, ge=0)
    max_rules_age_days: Count = Field(default=366, ge=0)
    max_document_age_days: Count = Field(default=365, ge=0, le=3660)
    max_document_lead_days: Count = Field(default=365, ge=0, le=3660)
    stale: ApprovalRule = ApprovalRule(approvers=("compliance_officer",))


class Policy(FrozenModel):
    """An approval policy (see ``rules/policy.yaml``)."""

    policy_version: int = Field(default=1, ge=1, le=1)
    name: str
    as_of: IsoDate
    sources: tuple[Source, ...] = Field(min_length=1)
    groups: dict[str, tuple[Country, ...]] = Field(default_factory=dict)
    margins: Margins
    discounts: Discounts = Discounts()
    screening: Screening = Screening()
    embargoes: tuple[Embargo, ...] = ()
    region_embargoes: tuple[RegionEmbargo, ...] = ()
    enhanced_review: tuple[EnhancedReview, ...] = ()
    export_controls: ExportControls = ExportControls()
    freshness: Freshness = Freshness()
    rule_gap: ApprovalRule = ApprovalRule(approvers=("pricing_manager",))
    low_confidence_rule: ApprovalRule = ApprovalRule(approvers=("pricing_manager",))
    #: an HS code short of national lines that charge differently, in a check: ``error``
    #: never assumes a line (a proposal's own ``highest`` is not honoured: MISSING_RULE),
    #: ``quote`` lets the proposal choose, ``highest`` prices every such line at the dearest
    ambiguous_hs: Literal["error", "quote", "highest"] = "error"
    #: a line priced at an assumed national line (HS_LINE_ASSUMED): at least a review
    hs_line_assumed: ApprovalRule = ApprovalRule(approvers=("pricing_manager",))
    #: a duty due only on goods of one use (US Section 232 parts on bearings, motors...) left
    #: off a line that does not declare its uses (GOODS_USE_UNDECLARED)
    goods_use_undeclared: ApprovalRule = ApprovalRule(severity="info",
                                                      approvers=("pricing_manager",))
    #: a carriage or insurance the seller pays that the proposal leaves unpriced
    #: (SHIPMENT_COST_MISSING): at least a review
    shipment_cost_missing: ApprovalRule = ApprovalRule(approvers=("pricing_manager",))
    #: a charge the rules know is due but cannot price on what the proposal gives (CBAM
    #: certificates: CHARGE_NOT_PRICED), shown as 0.00: at least a review
    charge_not_priced: ApprovalRule = ApprovalRule(approvers=("pricing_manager",))
    #: the prices ``quote --target`` and price books give, by currency (rounded up to them)
    price_points: PricePoints = PricePoints()

    @model_validator(mode="after")
    def _assumed_lines_reviewed(self) -> Policy:
        if self.hs_line_assumed.severity == "info":
            raise ValueError("hs_line_assumed: severity must be review or reject (a price on "
                             "an assumed tariff line is never approved unseen)")
        if self.shipment_cost_missing.severity == "info":
            raise ValueError("shipment_cost_missing: severity must be review or reject (a "
                             "margin without the seller's carriage is never approved unseen)")
        if self.charge_not_priced.severity == "info":
            raise ValueError("charge_not_priced: severity must be review or reject (a margin "
                             "without a charge that is due is never approved unseen)")
        return self

    @model_validator(mode="after")
    def _references(self) -> Policy:
        ids = {s.id for s in self.sources}
        cited: list[str] = [e.source for e in self.embargoes]
        cited += [e.source for e in self.region_embargoes]
        cited += [e.source for e in self.enhanced_review]
        cited += [e.source for e in self.export_controls.controls]
        cited += [e.source for e in self.export_controls.end_uses.refused]
        unknown = sorted({s for s in cited if s not in ids})
        if unknown:
            raise ValueError(f"unknown source id(s): {', '.join(unknown)}")
        refs = [c for rule in self.export_controls.controls
                for c in (*rule.destinations, *rule.except_destinations, *rule.from_countries)]
        refs += [c for rule in self.export_controls.end_uses.refused for c in rule.destinations]
        groups = {g for g in refs if g.startswith("@")} - {f"@{n}" for n in self.groups}
        groups -= {"@embargoed"}
        if groups:
            raise ValueError(f"unknown country group(s): {', '.join(sorted(groups))}")
        return self

    def countries(self, refs: tuple[str, ...], on: Date) -> frozenset[str]:
        """Expand country codes and ``@group`` names (``@embargoed``: embargoed on ``on``)."""
        out: set[str] = set()
        for ref in refs:
            if ref == "@embargoed":
                out.update(e.country for e in self.embargoes if _covers(e, on))
            elif ref.startswith("@"):
                out.update(self.groups[ref[1:]])
            else:
                out.add(ref)
        return frozenset(out)


def _covers(item: Embargo | RegionEmbargo | EnhancedReview, on: Date) -> bool:
    start = item.valid_from
    return (start is None or start <= on) and (item.valid_to is None or on <= item.valid_to)


def in_force(item: Embargo | RegionEmbargo | EnhancedReview, on: Date) -> bool:
    """Whether an embargo or review entry is in force on ``on`` (valid_to is inclusive)."""
    return _covers(item, on)
