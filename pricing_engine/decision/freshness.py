"""Data freshness: missing lists refuse (fail closed), old lists and old rules need review.

Ages are counted to the check date (the proposal's date unless the caller gives another), so
the same proposal with the same data always gets the same decision.
"""

from __future__ import annotations

from datetime import date

from pricing_engine.decision.context import CheckContext
from pricing_engine.decision.model import Reason
from pricing_engine.errors import PricingEngineError

__all__ = ["check_lists", "check_rules_age", "published_date"]


def published_date(text: str | None) -> date | None:
    """A list's publication date; a month only (``2025-12``) counts from its first day."""
    if not text:
        return None
    try:
        if len(text) == 7:
            return date.fromisoformat(f"{text}-01")
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def check_lists(ctx: CheckContext) -> list[Reason]:
    """LIST_MISSING when lists could not be loaded or a required one is absent; STALE_LIST."""
    policy = ctx.policy
    if ctx.lists_error is not None:
        return [Reason(code="LIST_MISSING", severity="reject",
                       message=f"sanctions lists unavailable, no party could be screened: "
                               f"{ctx.lists_error}", evidence={"error": ctx.lists_error})]
    loaded = {info.list_id for info in ctx.lists}
    reasons = [Reason(code="LIST_MISSING", severity="reject",
                      message=f"the policy requires sanctions list {list_id!r}, which is not "
                              "loaded", evidence={"list": list_id, "loaded": sorted(loaded)})
               for list_id in policy.screening.required_lists if list_id not in loaded]
    limit, stale = policy.freshness.max_list_age_days, policy.freshness.stale
    for info in ctx.lists:
        published = published_date(info.published)
        age = (ctx.on - published).days if published else None
        if age is None or age > limit:
            shown = f"is {age} days old" if age is not None else "has no publication date"
            reasons.append(Reason(
                code="STALE_LIST", severity=stale.severity, approvers=stale.approvers,
                message=f"sanctions list {info.list_id} {shown} on {ctx.on} (limit {limit} "
                        "days): import a current copy",
                evidence={"list": info.list_id, "published": info.published, "age_days": age,
                          "max_age_days": limit, "sha256": info.sha256}))
    return reasons


def check_rules_age(ctx: CheckContext) -> list[Reason]:
    """STALE_RULES: the destination's or seller's rule file was last checked too long ago."""
    limit, stale = ctx.policy.freshness.max_rules_age_days, ctx.policy.freshness.stale
    reasons: list[Reason] = []
    for country in dict.fromkeys((ctx.proposal.destination, ctx.proposal.seller.country)):
        try:
            rules = ctx.rules.country(country)
        except PricingEngineError:
            continue  # no rules at all: the landed-cost check reports the gap
        age = (ctx.on - rules.model.as_of).days
        if age > limit:
            reasons.append(Reason(
                code="STALE_RULES", severity=stale.severity, approvers=stale.approvers,
                message=f"{rules.file} was last checked on {rules.model.as_of}, {age} days "
                        f"before {ctx.on} (limit {limit} days)",
                evidence={"file": rules.file, "as_of": str(rules.model.as_of),
                          "age_days": age, "max_age_days": limit}))
    return reasons
