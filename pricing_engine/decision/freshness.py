"""Data freshness: missing lists refuse (fail closed), old lists and rules, and a proposal
dated far from the check, need review.

Ages are counted to the check date, the day the check runs (a replay may give another), never
to the proposal's own date: a backdated proposal cannot make old lists look current.
"""

from __future__ import annotations

from datetime import date

from pricing_engine.decision.context import CheckContext
from pricing_engine.decision.model import Reason
from pricing_engine.errors import PricingEngineError
from pricing_engine.screening.bundle import published_on

__all__ = ["check_document_date", "check_lists", "check_rules_age", "published_date"]


#: A list's publication date (one parser, shared with list imports; kept under its old name).
published_date = published_on


def _missing(ctx: CheckContext) -> list[Reason]:
    """LIST_MISSING: lists unavailable, none at all, or a required one absent or empty."""
    if ctx.lists_error is not None:
        return [Reason(code="LIST_MISSING", severity="reject",
                       message=f"sanctions lists unavailable, no party could be screened: "
                               f"{ctx.lists_error}", evidence={"error": ctx.lists_error})]
    reasons = []
    if not any(info.entries for info in ctx.lists):
        reasons.append(Reason(
            code="LIST_MISSING", severity="reject",
            message="no sanctions list with any entry is loaded: no party was screened",
            evidence={"loaded": [info.list_id for info in ctx.lists]}))
    loaded = {info.list_id: info.entries for info in ctx.lists}
    reasons += [Reason(code="LIST_MISSING", severity="reject",
                       message=f"the policy requires sanctions list {list_id!r}, which is "
                               + ("empty" if list_id in loaded else "not loaded"),
                       evidence={"list": list_id, "loaded": sorted(loaded)})
                for list_id in ctx.policy.screening.required_lists if not loaded.get(list_id)]
    return reasons


def check_lists(ctx: CheckContext) -> list[Reason]:
    """LIST_MISSING when lists could not be loaded or a required one is absent; STALE_LIST.

    A list with no publication date, older than the limit, or dated after the check date (a
    date that could never go stale) is STALE_LIST.
    """
    reasons = _missing(ctx)
    if ctx.lists_error is not None:
        return reasons
    limit, stale = ctx.policy.freshness.max_list_age_days, ctx.policy.freshness.stale
    for info in ctx.lists:
        published = published_date(info.published)
        age = (ctx.on - published).days if published else None
        if age is None or age > limit or age < 0:
            shown = ("has no publication date on" if age is None else
                     f"is dated {info.published}, after" if age < 0 else f"is {age} days old on")
            reasons.append(Reason(
                code="STALE_LIST", severity=stale.severity, approvers=stale.approvers,
                message=f"sanctions list {info.list_id} {shown} {ctx.on} (limit {limit} days): "
                        "import a current copy",
                evidence={"list": info.list_id, "published": info.published, "age_days": age,
                          "max_age_days": limit, "sha256": info.sha256}))
    return reasons


def check_document_date(ctx: CheckContext) -> list[Reason]:
    """DOCUMENT_DATE: the proposal is dated far before or after the day of the check.

    Compliance is judged on the check date whatever the document says; a date this far off is
    still a reason to look (a reused old quote, a typo, an attempt to step around a measure).
    """
    freshness = ctx.policy.freshness
    days = (ctx.on - ctx.proposal.date).days
    if -freshness.max_document_lead_days <= days <= freshness.max_document_age_days:
        return []
    where = (f"{days} days before" if days > 0 else f"{-days} days after")
    limit = freshness.max_document_age_days if days > 0 else freshness.max_document_lead_days
    severity = "reject" if freshness.stale.severity == "reject" else "review"
    return [Reason(
        code="DOCUMENT_DATE", severity=severity, approvers=freshness.stale.approvers,
        message=f"the proposal is dated {ctx.proposal.date}, {where} the check on {ctx.on} "
                f"(limit {limit} days): sanctions, embargoes and export controls were judged "
                "as in force on the check date; confirm the date",
        evidence={"document_date": str(ctx.proposal.date), "checked_on": str(ctx.on),
                  "days_before_check": days, "max_age_days": freshness.max_document_age_days,
                  "max_lead_days": freshness.max_document_lead_days})]


def check_rules_age(ctx: CheckContext) -> list[Reason]:
    """STALE_RULES: the destination's or seller's rule file was last checked too long ago,
    or says it was checked on a day still to come (a date that could never go stale).

    A day to come is one after both the check date and today: a check replayed on a past
    date may use rules checked since.
    """
    limit, stale = ctx.policy.freshness.max_rules_age_days, ctx.policy.freshness.stale
    latest = max(ctx.on, date.today())
    reasons: list[Reason] = []
    for country in dict.fromkeys((ctx.proposal.destination, ctx.proposal.seller.country)):
        try:
            rules = ctx.rules.country(country)
        except PricingEngineError:
            continue  # no rules at all: the landed-cost check reports the gap
        age = (ctx.on - rules.model.as_of).days
        ahead = rules.model.as_of > latest
        if age > limit or ahead:
            when = (f"{-age} days after the check on" if ahead else f"{age} days before")
            reasons.append(Reason(
                code="STALE_RULES", severity=stale.severity, approvers=stale.approvers,
                message=f"{rules.file} was last checked on {rules.model.as_of}, {when} "
                        f"{ctx.on} (limit {limit} days)",
                evidence={"file": rules.file, "as_of": str(rules.model.as_of),
                          "age_days": age, "max_age_days": limit}))
    return reasons
