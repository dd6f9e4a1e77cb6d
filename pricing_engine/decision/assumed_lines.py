"""Assumed tariff lines: a price on a national line the proposal did not give is reviewed.

A proposal whose HS code is shorter than the destination's national lines, when those lines
charge differently, is priced at the dearest of them only where the policy lets it
(``ambiguous_hs``: ``error`` never, ``quote`` when the proposal asks for ``highest``,
``highest`` always); :func:`with_policy_hs` applies that choice before the landed cost is
computed. Such a line is never approved unseen: each one is an HS_LINE_ASSUMED reason (the
policy's ``hs_line_assumed``, at least a review).
"""

from __future__ import annotations

from typing import Literal, TypeVar

from pricing_engine.decision.context import CheckContext
from pricing_engine.decision.model import Reason
from pricing_engine.landed.duty import read_assumed
from pricing_engine.policy.model import Policy
from pricing_engine.quote import Quote

__all__ = ["check_assumed_lines", "with_policy_hs"]

Q = TypeVar("Q", bound=Quote)


def with_policy_hs(quote: Q, policy: Policy) -> Q:
    """``quote`` with the policy's ``ambiguous_hs`` applied (``quote``: as it is)."""
    if policy.ambiguous_hs == "quote":
        return quote
    choice: Literal["error", "highest"] = policy.ambiguous_hs
    if quote.ambiguous_hs == choice and all(ln.ambiguous_hs in (choice, None)
                                            for ln in quote.lines):
        return quote
    lines = tuple(ln.model_copy(update={"ambiguous_hs": choice}) for ln in quote.lines)
    return quote.model_copy(update={"ambiguous_hs": choice, "lines": lines})


def check_assumed_lines(ctx: CheckContext) -> list[Reason]:
    """HS_LINE_ASSUMED: a line's duty is that of a national line assumed for its HS code."""
    if ctx.quote is None:
        return []
    rule = ctx.policy.hs_line_assumed
    severity = "review" if rule.severity == "info" else rule.severity  # never approved unseen
    refused = ctx.policy.ambiguous_hs == "error"
    reasons = []
    for line in ctx.quote.lines:
        for charge in line.charges:
            found = read_assumed(charge.explanation)
            if found is None:
                continue
            why = ("; the policy does not accept assumed lines (ambiguous_hs: error): give the "
                   "full line" if refused else "; check the classification before sending")
            reasons.append(Reason(
                code="HS_LINE_ASSUMED", severity=severity, approvers=rule.approvers,
                line=line.index + 1,
                message=f"line {line.index + 1} ({line.sku}): HS {found['hs_code']} is priced as "
                        f"national line {found['assumed_line']} ({found['terms']}), the dearest "
                        f"of {found['candidates']} candidate lines{why}",
                evidence={**found, "sku": line.sku, "charge": charge.name,
                          "rule": str(charge.rule) if charge.rule else None}))
            break
    return reasons
