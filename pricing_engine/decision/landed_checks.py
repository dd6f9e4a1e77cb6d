"""Landed-cost checks: a rule or FX gap is a review reason, low-confidence rules are flagged,
and a carriage or insurance the seller pays but the proposal leaves unpriced is reviewed, as is
a charge the rules know is due but cannot price (CBAM certificates)."""

from __future__ import annotations

from pricing_engine.decision.context import CheckContext
from pricing_engine.decision.model import Reason
from pricing_engine.errors import InputError, MissingData, MissingFxRate, MissingRule
from pricing_engine.landed import ChargeOut
from pricing_engine.landed.duty import not_priced_due
from pricing_engine.policy.model import ApprovalRule
from pricing_engine.rules.results import RuleRef

__all__ = ["check_charges_not_priced", "check_landed_cost", "check_rule_confidence",
           "check_shipment_costs"]

#: Incoterms 2020 under which the seller must insure the goods (A5: ICC (C) under CIF, (A)
#: under CIP, for 110 % of the price): an unpriced insurance is a cost left out.
_SELLER_INSURES = frozenset({"CIF", "CIP"})


def check_landed_cost(ctx: CheckContext) -> list[Reason]:
    """MISSING_RULE, MISSING_FX_RATE or INVALID_INPUT when the landed cost could not be computed.

    A gap in the rules or FX is a review (someone must price it by hand); input the engine
    cannot price as written refuses the proposal until it is corrected.
    """
    error = ctx.quote_error
    if error is None:
        return []
    gap = ctx.policy.rule_gap
    evidence = {"error": type(error).__name__, "detail": str(error)}
    suffix = " (landed cost and margin not computed)"
    if isinstance(error, MissingFxRate):
        return [Reason(code="MISSING_FX_RATE", severity=gap.severity, approvers=gap.approvers,
                       message=f"{error}{suffix}", evidence=evidence)]
    if isinstance(error, MissingRule | MissingData):
        at = error.quote_line if isinstance(error, MissingRule) else None
        if at is not None:  # the line and field of it the lookup was of
            evidence["field"] = at[1]
        return [Reason(code="MISSING_RULE", severity=gap.severity, approvers=gap.approvers,
                       message=f"{error}{suffix}", evidence=evidence,
                       line=None if at is None else at[0] + 1)]
    kind = "invalid input" if isinstance(error, InputError) else "cannot compute"
    return [Reason(code="INVALID_INPUT", severity="reject",
                   message=f"{kind}: {error}{suffix}", evidence=evidence)]


def check_rule_confidence(ctx: CheckContext) -> list[Reason]:
    """LOW_CONFIDENCE_RULE: a rule marked ``confidence: low`` was used for an amount."""
    if ctx.quote is None:
        return []
    rule = ctx.policy.low_confidence_rule
    seen: dict[tuple[str, str], list[int]] = {}
    refs: dict[tuple[str, str], tuple[str, RuleRef]] = {}
    for line in ctx.quote.lines:
        for charge in line.charges:
            ref = charge.rule
            if ref is not None and ref.confidence == "low":
                key = (ref.file, ref.entry)
                seen.setdefault(key, []).append(line.index)
                refs[key] = (charge.name, ref)
    return [_low_confidence(rule, *refs[key], sorted(set(lines)))
            for key, lines in sorted(seen.items())]


def _low_confidence(rule: ApprovalRule, name: str, ref: RuleRef, lines: list[int]) -> Reason:
    """The LOW_CONFIDENCE_RULE reason for the charges ``name`` of ``lines`` that ``ref`` gave:
    where the rule is, and what its note says to check."""
    why = f". The rule says: {ref.note}" if ref.note else ""
    return Reason(
        code="LOW_CONFIDENCE_RULE", severity=rule.severity, approvers=rule.approvers,
        message=f"{name}: the rule used ({ref.file}:{ref.line}, {ref.entry}) is marked "
                f"confidence: low; check the figure before sending{why}",
        evidence={"file": ref.file, "line": ref.line, "entry": ref.entry,
                  "source": ref.source, "note": ref.note, "quote_lines": lines})


def check_shipment_costs(ctx: CheckContext) -> list[Reason]:
    """SHIPMENT_COST_MISSING: the seller pays the main carriage (C and D terms) but the
    proposal gives no ``freight``, or must insure (CIF, CIP) but gives no ``insurance``.

    The landed cost can only count the costs a proposal states: left out, the carriage the
    price must cover is missing from the cost-to-serve, and the margin is overstated. A cost
    that is nothing is given as 0.
    """
    if ctx.quote is None:
        return []
    rule, proposal = ctx.policy.shipment_cost_missing, ctx.proposal
    severity = "review" if rule.severity == "info" else rule.severity  # never approved unseen
    payer = {e.element: e.paid_by for e in ctx.quote.cost_split}
    missing = []
    if proposal.freight is None and payer.get("main_carriage") == "seller":
        missing.append(("freight", "main_carriage",
                        f"the seller pays the main carriage under {ctx.quote.incoterm}"))
    if proposal.insurance is None and ctx.quote.incoterm in _SELLER_INSURES:
        missing.append(("insurance", "insurance",
                        f"the seller must insure the goods under {ctx.quote.incoterm}"))
    return [Reason(
        code="SHIPMENT_COST_MISSING", severity=severity, approvers=rule.approvers,
        message=f"{why}, but the proposal gives no {field}: the cost-to-serve and the margin "
                f"leave it out (give {field}: 0 if it costs nothing)",
        evidence={"field": field, "element": element, "incoterm": ctx.quote.incoterm})
        for field, element, why in missing]


def check_charges_not_priced(ctx: CheckContext) -> list[Reason]:
    """CHARGE_NOT_PRICED: a charge the rules know is due on a line but cannot price, since it
    rests on facts the proposal does not give (CBAM certificates on the goods' embedded
    emissions; Canada's surtax on steel melted and poured in China), shown as 0.00.

    The margin leaves the charge out, so it is never approved unseen: one reason per charge
    name, with the lines and what the rule says is due, at the policy's ``charge_not_priced``
    severity (review at least) for whoever bears it to price or rule out.
    """
    if ctx.quote is None:
        return []
    rule = ctx.policy.charge_not_priced
    found: dict[str, tuple[str, list[int], ChargeOut]] = {}
    for line in ctx.quote.lines:
        for charge in line.charges:
            if (what := not_priced_due(charge.explanation)) is not None:
                found.setdefault(charge.name, (what, [], charge))[1].append(line.index + 1)
    return [Reason(
        code="CHARGE_NOT_PRICED", severity=rule.severity, approvers=rule.approvers,
        message=f"{name}, due on line(s) {', '.join(map(str, lines))} and paid by the "
                f"{charge.paid_by or 'party that imports'}, is not in the figures (0.00): "
                f"{what}",
        evidence={"charge": name, "quote_lines": lines, "paid_by": charge.paid_by,
                  "rule": str(charge.rule) if charge.rule else None, "due": what})
        for name, (what, lines, charge) in found.items()]
