"""Export controls: the (simplified) control table per line, and refused end uses."""

from __future__ import annotations

from pricing_engine.decision.context import CheckContext
from pricing_engine.decision.model import Reason
from pricing_engine.policy.model import ControlRule

__all__ = ["check_end_use", "check_licences", "classification_matches"]


def classification_matches(code: str, patterns: tuple[str, ...]) -> bool:
    """Whether a control code matches a pattern: ``*``, a prefix ``3A001*`` or a code.

    A plain code matches itself and its sub-items (``3A001`` matches ``3A001.a.1``). EAR99
    never matches: it is not a controlled classification.
    """
    if code == "EAR99":
        return False
    for pattern in patterns:
        if pattern == "*" or (pattern.endswith("*") and code.startswith(pattern[:-1])):
            return True
        if code == pattern or code.startswith(pattern + "."):
            return True
    return False


def _destinations(ctx: CheckContext) -> list[tuple[str, str]]:
    """(who, country): where the goods go, then every party the export is for, one per country.

    The goods' destination (``ship_to`` or the buyer's country) comes first, then the buyer
    (a sale to a party in a country is an export to it: Reg. 833/2014 art. 2 "to any person
    in Russia"), the seller's customer, the consignee and the end user: each is a party to the
    export, so a control on any of their countries applies. A country is listed once, under
    the first who names it.
    """
    proposal = ctx.proposal
    extra = proposal.parties
    places = [("destination", proposal.destination), ("buyer", proposal.buyer.country)]
    places += [(role, party.country) for role, party in (
        ("customer", extra.customer), ("consignee", extra.consignee),
        ("end_user", extra.end_user)) if party is not None and party.country]
    first: dict[str, str] = {}
    for who, country in places:
        first.setdefault(country, who)
    return [(who, country) for country, who in first.items()]


def _party(who: str) -> str | None:
    """The reason's party role: none for the goods' destination, as the geography checks say."""
    return None if who == "destination" else who


def _applies(rule: ControlRule, ctx: CheckContext, destination: str) -> bool:
    """Whether a control row covers the destination, on the check or the proposal date.

    Group expansion is strict both ways: ``@embargoed`` among the destinations counts a
    country embargoed on either date, and among the exceptions only one embargoed on both.
    """
    if rule.from_countries and ctx.proposal.origin_country not in ctx.countries(
            rule.from_countries):
        return False
    if rule.destinations:
        return destination in ctx.countries(rule.destinations)
    excepted = [ctx.policy.countries(rule.except_destinations, day) for day in ctx.dates]
    return destination not in frozenset.intersection(*excepted)


def check_licences(ctx: CheckContext) -> list[Reason]:
    """LICENSE_REQUIRED: a line's classification is controlled to the destination."""
    reasons: list[Reason] = []
    for index, line in enumerate(ctx.proposal.lines):
        classes = line.export_classification
        if classes is None:
            continue
        for rule in ctx.policy.export_controls.controls:
            code = getattr(classes, rule.scheme)
            if code is None or not classification_matches(code, rule.classifications):
                continue
            for who, destination in _destinations(ctx):
                if _applies(rule, ctx, destination):
                    scheme = "ECCN" if rule.scheme == "eccn" else "EU dual-use"
                    reasons.append(Reason(
                        code="LICENSE_REQUIRED", severity=rule.severity,
                        approvers=rule.approvers, line=index + 1, party=_party(who),
                        message=f"line {index + 1} ({line.sku}): {scheme} {code} to "
                                f"{destination} ({who}) "
                                + ("is prohibited" if rule.severity == "reject"
                                   else "needs an export licence") + f" (control {rule.id})",
                        evidence={"classification": code, "scheme": rule.scheme,
                                  "destination": destination, "party": who,
                                  "control": rule.id, "source": rule.source,
                                  "note": rule.note}))
                    break
    return reasons


def check_end_use(ctx: CheckContext) -> list[Reason]:
    """PROHIBITED_END_USE: an end use the policy always refuses, or refuses for the place."""
    end_use = ctx.proposal.end_use
    rules = ctx.policy.export_controls.end_uses
    if end_use is None:
        return _undeclared(ctx)
    if end_use in rules.always_refused:
        return [Reason(code="PROHIBITED_END_USE", severity="reject",
                       message=f"end use {end_use!r} is always refused",
                       evidence={"end_use": end_use, "rule": "always_refused",
                                 "note": ctx.proposal.end_use_note})]
    for rule in rules.refused:
        hit = _refused_at(ctx, rule.destinations)
        if rule.end_use == end_use and hit is not None:
            who, country = hit
            return [Reason(code="PROHIBITED_END_USE", severity="reject", party=_party(who),
                           message=f"end use {end_use!r} in {country} ({who}) is refused "
                                   f"(source {rule.source})",
                           evidence={"end_use": end_use, "destination": country, "party": who,
                                     "source": rule.source, "note": ctx.proposal.end_use_note})]
    return []


def _undeclared(ctx: CheckContext) -> list[Reason]:
    """END_USE_UNDECLARED: no end use given where the policy refuses some end use for a
    place of the export (military end use in CN, RU...): a refused end use cannot be ruled
    out, so the proposal goes to review (fail closed) until the end use is declared."""
    for rule in ctx.policy.export_controls.end_uses.refused:
        hit = _refused_at(ctx, rule.destinations)
        if hit is not None:
            who, country = hit
            return [Reason(code="END_USE_UNDECLARED", severity="review",
                           approvers=("compliance_officer",), party=_party(who),
                           message=f"no end use declared for an export to {country} ({who}), "
                                   f"where end use {rule.end_use!r} is refused (source "
                                   f"{rule.source}): declare the end use",
                           evidence={"destination": country, "party": who,
                                     "refused_end_use": rule.end_use, "source": rule.source})]
    return []


def _refused_at(ctx: CheckContext, destinations: tuple[str, ...]) -> tuple[str, str] | None:
    """The first (who, country) of the export among a refused end use's ``destinations``."""
    places = ctx.countries(destinations)
    return next(((who, d) for who, d in _destinations(ctx) if d in places), None)
