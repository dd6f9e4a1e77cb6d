"""Declared uses of goods: a duty due only on goods of one use, left off a line that does not
say whether its goods are of that use (the line's ``uses``), is a GOODS_USE_UNDECLARED reason.

The US Section 232 vehicle parts duty lists provisions whose goods serve every use (ball
bearings, electric motors, batteries, computers): it is due only on vehicle parts. A line that
does not declare its uses is priced without it, and the decision says so, with the duty, the
line and what to declare, at the policy's ``goods_use_undeclared`` severity (bundled: info,
since most such goods are not vehicle parts; a seller of car parts may make it a review).
"""

from __future__ import annotations

from pricing_engine.decision.context import CheckContext
from pricing_engine.decision.model import Reason
from pricing_engine.landed.duty import UNDECLARED

__all__ = ["check_declared_uses"]


def check_declared_uses(ctx: CheckContext) -> list[Reason]:
    """GOODS_USE_UNDECLARED: one reason per duty left off a line that does not declare uses."""
    if ctx.quote is None:
        return []
    rule = ctx.policy.goods_use_undeclared
    reasons = []
    for line in ctx.quote.lines:
        for charge in line.charges:
            if not charge.explanation.startswith(UNDECLARED):
                continue
            why = charge.explanation.removeprefix(UNDECLARED)
            reasons.append(Reason(
                code="GOODS_USE_UNDECLARED", severity=rule.severity, approvers=rule.approvers,
                line=line.index + 1,
                message=f"line {line.index + 1} ({line.sku}): {charge.name} {why}",
                evidence={"sku": line.sku, "hs_code": line.hs_code, "duty": charge.name,
                          "rule": str(charge.rule) if charge.rule else None}))
    return reasons
