"""Commercial checks: margin against the policy's floor and target, discounts off list price."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from rapidfuzz.distance import OSA

from pricing_engine._text import visible
from pricing_engine.decision.context import CheckContext
from pricing_engine.decision.model import Reason
from pricing_engine.landed.result import Margin
from pricing_engine.money import money_json
from pricing_engine.policy.model import MarginLimits, Policy

__all__ = ["check_discounts", "check_margins", "margin_limits"]


def margin_limits(policy: Policy, *, segment: str | None, destination: str) -> tuple[
        MarginLimits, str]:
    """The limits that apply to a proposal, and where they come from.

    A segment's or destination's limits replace the default; when both apply, the higher
    floor and the higher target win.
    """
    margins = policy.margins
    found = [(f"segment {segment}", margins.by_segment[segment])] if segment in (
        margins.by_segment) else []
    if destination in margins.by_destination:
        found.append((f"destination {destination}", margins.by_destination[destination]))
    if not found:
        return margins.default, "default"
    floors = [lim.floor for _, lim in found if lim.floor is not None]
    targets = [lim.target for _, lim in found if lim.target is not None]
    limits = MarginLimits(floor=max(floors, default=margins.default.floor),
                          target=max(targets, default=margins.default.target))
    return limits, " and ".join(name for name, _ in found)


def _judge(margin: Margin, limits: MarginLimits, origin: str, ctx: CheckContext,
           line: int | None) -> list[Reason]:
    percent = margin.ratio
    if percent is None:
        return []
    rules = ctx.policy.margins
    evidence = {"margin_ratio": str(percent.quantize(Decimal("0.0001"))),
                "margin": money_json(margin.amount), "limits": origin,
                "floor": _s(limits.floor), "target": _s(limits.target)}
    where = f"line {line + 1} ({ctx.proposal.lines[line].sku})" if line is not None else "proposal"
    shown = f"{percent * 100:.1f} %"
    number = None if line is None else line + 1  # Reason.line counts from 1, as people do
    if limits.floor is not None and percent < limits.floor:
        return [Reason(code="MARGIN_BELOW_FLOOR", severity=rules.below_floor.severity,
                       approvers=rules.below_floor.approvers, line=number, evidence=evidence,
                       message=f"{where}: margin {shown} is below the floor of "
                               f"{limits.floor * 100:.1f} % ({origin})")]
    if limits.target is not None and percent < limits.target:
        return [Reason(code="MARGIN_BELOW_TARGET", severity=rules.below_target.severity,
                       approvers=rules.below_target.approvers, line=number, evidence=evidence,
                       message=f"{where}: margin {shown} is below the target of "
                               f"{limits.target * 100:.1f} % ({origin})")]
    return []


#: What separates the words of a product family: white space, underscores, any dash or minus.
_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]+")


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def check_margins(ctx: CheckContext) -> list[Reason]:
    """MARGIN_BELOW_FLOOR / MARGIN_BELOW_TARGET for the proposal and per product family."""
    if ctx.quote is None:
        return []  # the landed-cost check reports why there is no margin
    proposal = ctx.proposal
    limits, origin = margin_limits(ctx.policy, segment=proposal.segment,
                                   destination=proposal.destination)
    reasons = _judge(ctx.quote.totals.margin, limits, origin, ctx, None)
    families = {family_key(name): (name, limits)
                for name, limits in ctx.policy.margins.by_product_family.items()}
    for index, (line, result) in enumerate(zip(proposal.lines, ctx.quote.lines, strict=True)):
        given = line.product_family
        if given is None:
            continue
        key = family_key(given)
        said = "" if key in families else f", given as {given!r}"  # (one slip from a name)
        for name, family_limits in _families(key, families):
            reasons += _judge(result.margin, family_limits, f"product family {name}{said}",
                              ctx, index)
    return reasons


def family_key(name: str) -> str:
    """A product family as the policy and a proposal's line are matched on: case, spaces,
    hyphens (any dash) and underscores aside ("Spare Parts", "spare-parts" and "spare_parts"
    are one), and characters nobody sees (a zero-width space, a soft hyphen) left out."""
    text = visible(unicodedata.normalize("NFKC", name))
    return "_".join(_SEPARATORS.split(text.strip())).casefold()


def _families(key: str, families: dict[str, tuple[str, MarginLimits]]
              ) -> list[tuple[str, MarginLimits]]:
    """The policy's families a line's family (its :func:`family_key`) is: the one of its
    key, else those one slip from it (a letter added, left out, changed or two swapped; two
    for a key of 8 letters or more), so that a mistyped family is judged by the limits it
    was meant for, never by the proposal's alone (fail closed: a family's limits only add
    reasons)."""
    if key in families:
        return [families[key]]
    return [found for other, found in families.items()
            if OSA.distance(key, other) <= (2 if min(len(key), len(other)) >= 8 else 1)]


def check_discounts(ctx: CheckContext) -> list[Reason]:
    """DISCOUNT_APPROVAL: the largest discount off list price against the policy's tiers."""
    discounts = [(i, d) for i, line in enumerate(ctx.proposal.lines)
                 if (d := line.discount_off_list) is not None]
    if not discounts:
        return []
    index, worst = max(discounts, key=lambda item: item[1])
    tier = next((t for t in reversed(ctx.policy.discounts.tiers) if worst > t.above), None)
    if tier is None:
        return []
    line = ctx.proposal.lines[index]
    return [Reason(
        code="DISCOUNT_APPROVAL", severity=tier.severity, approvers=tier.approvers, line=index + 1,
        message=f"line {index + 1} ({line.sku}): discount {worst * 100:.1f} % off list price is "
                f"over {tier.above * 100:.0f} %: needs {', '.join(tier.approvers)}",
        evidence={"discount": str(worst.quantize(Decimal("0.0001"))),
                  "tier_above": str(tier.above),
                  "list_price": _s(line.list_price), "unit_price": str(line.unit_price),
                  "discounts": {ctx.proposal.lines[i].sku: str(d.quantize(Decimal("0.0001")))
                                for i, d in discounts}})]
