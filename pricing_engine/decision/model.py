"""The decision on a proposal: status, coded reasons with evidence, and what was checked.

Reason codes are stable: quoting tools and scripts may act on them. The worst severity among
the reasons decides the status (reject -> REJECTED, review -> REVIEW, else APPROVED)::

    code                         severity (bundled policy)  evidence
    SANCTIONS_HIT                reject                     list, entry_id, listed name, score
    SANCTIONS_POTENTIAL_MATCH    review (policy)            the same
    SANCTIONS_CLEARED            info / review (policy)     the same + the clearance
    NAME_NOT_SCREENABLE          review (policy)            party name, unread scripts
    LIST_MISSING                 reject                     the error or the missing list id
    STALE_LIST                   review (policy)            list, published, age_days
    STALE_RULES                  review (policy)            rule file, as_of, age_days, lines
    DOCUMENT_DATE                review (at least)          document date, check date, days
    EMBARGOED_DESTINATION        reject                     country, regime, source, since
    EMBARGOED_REGION             reject / review (policy)   ISO 3166-2 code, regime, source
    EMBARGOED_ORIGIN             reject                     line, origin, regime, source
    ENHANCED_REVIEW_DESTINATION  review                     country, source
    LICENSE_REQUIRED             review / reject (table)    classification, control, party, country
    PROHIBITED_END_USE           reject                     end use, party, country, source
    MARGIN_BELOW_FLOOR           review (policy)            margin ratio, floor, target, limits
    MARGIN_BELOW_TARGET          info (policy)              the same
    DISCOUNT_APPROVAL            review (tier)              discount, tier, list and unit price
    MISSING_RULE                 review (policy)            what rule is missing (the line and
                                                            field it is of, where known)
    HS_LINE_ASSUMED              review (policy, at least)  HS code given, line assumed, terms
    GOODS_USE_UNDECLARED         info (policy)              line, HS code, the duty left off
    SHIPMENT_COST_MISSING        review (policy, at least)  field, cost element, Incoterm
    CHARGE_NOT_PRICED            review (policy, at least)  charge, lines, who pays, what is due
    MISSING_FX_RATE              review (policy)            which rate is missing
    LOW_CONFIDENCE_RULE          review (policy)            rule file, line, entry, source, note
    INVALID_INPUT                reject                     why the proposal cannot be priced
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from pricing_engine.contract import OutputDocument, OutputModel
from pricing_engine.landed.result import QuoteResult
from pricing_engine.policy.model import Severity
from pricing_engine.screening.result import ScreeningQuery, ScreeningResult

__all__ = ["REASON_CODES", "Decision", "PartyScreening", "Reason", "ReasonCode", "Status",
           "status_of"]

Status = Literal["APPROVED", "REVIEW", "REJECTED"]
ReasonCode = Literal[
    "CHARGE_NOT_PRICED",
    "COUNTRY_MISSING",
    "DISCOUNT_APPROVAL",
    "DOCUMENT_DATE",
    "END_USE_UNDECLARED",
    "EMBARGOED_DESTINATION",
    "EMBARGOED_ORIGIN",
    "EMBARGOED_REGION",
    "ENHANCED_REVIEW_DESTINATION",
    "GOODS_USE_UNDECLARED",
    "HS_LINE_ASSUMED",
    "INVALID_INPUT",
    "LICENSE_REQUIRED",
    "LIST_MISSING",
    "LOW_CONFIDENCE_RULE",
    "MARGIN_BELOW_FLOOR",
    "MARGIN_BELOW_TARGET",
    "MISSING_FX_RATE",
    "MISSING_RULE",
    "NAME_NOT_SCREENABLE",
    "PROHIBITED_END_USE",
    "REGION_UNKNOWN",
    "SANCTIONS_CLEARED",
    "SANCTIONS_HIT",
    "SANCTIONS_POTENTIAL_MATCH",
    "SHIPMENT_COST_MISSING",
    "STALE_LIST",
    "STALE_RULES",
]
#: Every reason code, documented in docs (and tested one by one).
REASON_CODES: tuple[str, ...] = ReasonCode.__args__  # type: ignore[attr-defined]
_RANK = {"info": 0, "review": 1, "reject": 2}
_STATUS: dict[int, Status] = {0: "APPROVED", 1: "REVIEW", 2: "REJECTED"}


class Reason(OutputModel):
    """One finding: a stable code, its severity, a message, the evidence and the approvers."""

    code: ReasonCode
    severity: Severity
    message: str
    evidence: dict[str, Any] = Field(default_factory=dict)
    approvers: tuple[str, ...] = ()
    party: str | None = Field(default=None, description="the party role it concerns")
    line: int | None = Field(default=None, description="the quote line it concerns, from 1")


class PartyScreening(OutputModel):
    """The screening of one party of the proposal, by role."""

    role: str
    query: ScreeningQuery
    result: ScreeningResult | None = None


class Decision(OutputDocument):
    """The outcome: status, reasons (worst first), approvers, landed cost and screenings."""

    proposal_id: str
    status: Status
    reasons: tuple[Reason, ...]
    approvers: tuple[str, ...]
    checked_on: str = Field(description="the day of the check: rules, lists and embargoes "
                            "were judged on it (and embargoes on the proposal's date too)")
    quote: QuoteResult | None = None
    screenings: tuple[PartyScreening, ...] = ()
    audit_record: str | None = Field(default=None, description="where `check --audit-dir` "
                                     "wrote the audit record of this decision")


def status_of(reasons: tuple[Reason, ...] | list[Reason]) -> Status:
    """The status the worst reason gives (APPROVED with no reasons or only info notes)."""
    return _STATUS[max((_RANK[r.severity] for r in reasons), default=0)]


def rank(reason: Reason) -> int:
    """How bad a reason is (2 reject, 1 review, 0 info), to sort the worst first."""
    return _RANK[reason.severity]
