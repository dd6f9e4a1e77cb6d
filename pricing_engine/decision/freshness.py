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
    """STALE_RULES: a rule file was last checked too long ago, or says it was checked on a
    day still to come (a date that could never go stale).

    The files are the destination's and the seller's country files, whether or not a figure
    of theirs was used, and every other file a figure of the quote came from: a customs
    union's file, a tariff table (its age counts from its ``checked`` date, else from its
    revision's ``as_of``). A day to come is one after both the check date and today: a check
    replayed on a past date may use rules checked since.
    """
    limit = ctx.policy.freshness.max_rules_age_days
    latest = max(ctx.on, date.today())
    reasons: list[Reason] = []
    seen: set[str] = set()
    for country in dict.fromkeys((ctx.proposal.destination, ctx.proposal.seller.country)):
        try:
            rules = ctx.rules.country(country)
        except PricingEngineError:
            continue  # no rules at all: the landed-cost check reports the gap
        seen.add(rules.file)
        if _stale(ctx.on, rules.model.as_of, limit, latest):
            reasons.append(_stale_rules(ctx, rules.file, rules.model.as_of, ""))
    for file, (checked, table, lines, names) in _used_files(ctx).items():
        if file not in seen and _stale(ctx.on, checked, limit, latest):
            used = f", which gave the {', '.join(names)} of line(s) {_runs(lines)},"
            reasons.append(_stale_rules(ctx, file, checked, used, lines, table=table))
    return reasons


#: What to do about a tariff table that is too old.
_TABLE_HINT = (": re-import the publisher's current schedule (pricing-engine tariff import), "
               "or give the day it was confirmed current as the table's `checked`")


def _stale(on: date, checked: date, limit: int, latest: date) -> bool:
    """Whether a file last checked on ``checked`` is too old on ``on``, or dated ahead."""
    return (on - checked).days > limit or checked > latest


def _runs(lines: list[int]) -> str:
    """Ascending line numbers as runs: ``1-3, 5`` (a quote of thousands of lines stays
    readable; the evidence keeps every number)."""
    runs: list[list[int]] = []
    for n in lines:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _used_files(ctx: CheckContext) -> dict[str, tuple[date, bool, list[int], list[str]]]:
    """The files the quote's figures came from, each with the day it was last checked,
    whether it is a tariff table (:attr:`RuleRef.in_table`), the quote lines (from 1) and the
    names of the charges it gave, in the order first met."""
    used: dict[str, tuple[date, bool, list[int], list[str]]] = {}
    if ctx.quote is None:
        return used
    for line in ctx.quote.lines:
        for charge in line.charges:
            ref = charge.rule
            if ref is None or ref.checked is None:
                continue
            found = used.get(ref.file)
            if found is None:
                found = used[ref.file] = (ref.checked, ref.in_table, [], [])
            _, _, lines, names = found
            if not lines or lines[-1] != line.index + 1:
                lines.append(line.index + 1)
            if charge.name not in names:
                names.append(charge.name)
    return used


def _stale_rules(ctx: CheckContext, file: str, checked: date, used: str,
                 lines: list[int] | None = None, *, table: bool = False) -> Reason:
    """The STALE_RULES reason for ``file``, last checked on ``checked``."""
    limit, stale = ctx.policy.freshness.max_rules_age_days, ctx.policy.freshness.stale
    age = (ctx.on - checked).days
    when = f"{-age} days after the check on" if age < 0 else f"{age} days before"
    evidence: dict[str, object] = {"file": file, "as_of": str(checked), "age_days": age,
                                   "max_age_days": limit}
    if lines is not None:
        evidence["quote_lines"] = lines
    return Reason(
        code="STALE_RULES", severity=stale.severity, approvers=stale.approvers,
        message=f"{file}{used} was last checked on {checked}, {when} {ctx.on} "
                f"(limit {limit} days){_TABLE_HINT if table else ''}",
        evidence=evidence)
