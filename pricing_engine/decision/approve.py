"""The decision: run every check, and let the worst reason decide.

Every check runs whatever the others found (screening runs when the landed cost failed, a
rule gap is a reason, not a crash), and the reasons come out worst first, in check order.
"""

from __future__ import annotations

from pricing_engine.decision.assumed_lines import check_assumed_lines
from pricing_engine.decision.commercial import check_discounts, check_margins
from pricing_engine.decision.context import Check, CheckContext
from pricing_engine.decision.declared_uses import check_declared_uses
from pricing_engine.decision.export_controls import check_end_use, check_licences
from pricing_engine.decision.freshness import (
    check_document_date,
    check_lists,
    check_rules_age,
)
from pricing_engine.decision.geography import (
    check_embargoes,
    check_enhanced_review,
    check_origins,
    check_places_known,
)
from pricing_engine.decision.landed_checks import (
    check_charges_not_priced,
    check_landed_cost,
    check_rule_confidence,
    check_shipment_costs,
)
from pricing_engine.decision.model import Decision, Reason, rank, status_of
from pricing_engine.decision.sanctions import check_sanctions

__all__ = ["CHECKS", "approve"]

#: Every check, in the order its reasons are listed (within one severity).
CHECKS: tuple[Check, ...] = (
    check_lists,
    check_sanctions,
    check_embargoes,
    check_origins,
    check_places_known,
    check_end_use,
    check_licences,
    check_enhanced_review,
    check_landed_cost,
    check_shipment_costs,
    check_charges_not_priced,
    check_assumed_lines,
    check_declared_uses,
    check_margins,
    check_discounts,
    check_rule_confidence,
    check_rules_age,
    check_document_date,
)


def approve(ctx: CheckContext) -> Decision:
    """Decide on the proposal of ``ctx``: APPROVED, REVIEW or REJECTED, with every reason."""
    reasons: list[Reason] = [reason for check in CHECKS for reason in check(ctx)]
    reasons.sort(key=lambda r: -rank(r))  # stable: check order kept within a severity
    approvers = tuple(dict.fromkeys(a for r in reasons if r.severity == "review"
                                    for a in r.approvers))
    return Decision(proposal_id=ctx.proposal.id, status=status_of(reasons),
                    reasons=tuple(reasons), approvers=approvers, checked_on=ctx.on.isoformat(),
                    quote=ctx.quote, screenings=ctx.screenings)
