"""Where the goods and the parties are: embargoed countries and regions, goods of an embargoed
origin, enhanced review."""

from __future__ import annotations

from pricing_engine.decision.context import CheckContext
from pricing_engine.decision.model import Reason
from pricing_engine.decision.parties import parties_of
from pricing_engine.policy.model import Embargo, RegionEmbargo, in_force

__all__ = ["check_embargoes", "check_enhanced_review", "check_origins", "check_places_known"]


def _places(ctx: CheckContext) -> list[tuple[str, str | None, str | None]]:
    """(who, country, subdivision): the destination, then every counterparty."""
    proposal = ctx.proposal
    places: list[tuple[str, str | None, str | None]] = [
        ("destination", proposal.destination,
         proposal.buyer.subdivision if proposal.destination == proposal.buyer.country else None)]
    places += [(p.role, p.country, p.subdivision) for p in parties_of(proposal)]
    return places


def _days(ctx: CheckContext, item: Embargo | RegionEmbargo) -> list[str]:
    """The dates (check date, proposal date) on which a measure is in force, for evidence."""
    return [day.isoformat() for day in ctx.dates if in_force(item, day)]


def _embargo_evidence(ctx: CheckContext, embargo: Embargo) -> dict[str, object]:
    """What a reason says of the embargo it found: regime, start, source, note, dates."""
    return {"regime": embargo.regime, "valid_from": str(embargo.valid_from),
            "source": embargo.source, "note": embargo.note, "in_force_on": _days(ctx, embargo)}


def check_embargoes(ctx: CheckContext) -> list[Reason]:
    """EMBARGOED_DESTINATION / EMBARGOED_REGION for the destination and every party.

    An embargo counts when in force on the check date or on the proposal's date.
    """
    policy = ctx.policy
    reasons: list[Reason] = []
    for who, country, subdivision in _places(ctx):
        for embargo in policy.embargoes:
            if country == embargo.country and ctx.in_force(embargo):
                reasons.append(Reason(
                    code="EMBARGOED_DESTINATION", severity="reject",
                    party=None if who == "destination" else who,
                    message=f"{who} is in {country}, under a comprehensive embargo "
                            f"({embargo.regime}, since {embargo.valid_from})",
                    evidence={"country": country, **_embargo_evidence(ctx, embargo)}))
        for region in policy.region_embargoes:
            if subdivision == region.subdivision and ctx.in_force(region):
                reasons.append(Reason(
                    code="EMBARGOED_REGION", severity=region.severity,
                    approvers=() if region.severity == "reject" else ("compliance_officer",),
                    party=None if who == "destination" else who,
                    message=f"{who} is in {region.name} ({subdivision}), an embargoed region "
                            f"({region.regime}, since {region.valid_from})",
                    evidence={"subdivision": subdivision, "region": region.name,
                              "regime": region.regime, "valid_from": str(region.valid_from),
                              "source": region.source, "note": region.note,
                              "in_force_on": _days(ctx, region)}))
    return reasons


def check_origins(ctx: CheckContext) -> list[Reason]:
    """EMBARGOED_ORIGIN for each line whose goods originate in a country under a comprehensive
    embargo (in force on the check date or the proposal's date): the embargo regimes forbid
    dealing in such goods (the US CACR, ITSR and NKSR bar importing goods of Cuban, Iranian
    or North Korean origin), wherever they are sold from; and for goods shipped from such a
    country (``ship_from``, else the seller's country), whatever their origin: the regimes
    bar importing goods from it as well (the NKSR and ITSR: "from" the country)."""
    reasons: list[Reason] = []
    shipped_from = ctx.proposal.origin_country
    for embargo in ctx.policy.embargoes:
        if shipped_from == embargo.country and ctx.in_force(embargo):
            reasons.append(Reason(
                code="EMBARGOED_ORIGIN", severity="reject",
                message=f"the goods are shipped from {shipped_from}, under a comprehensive "
                        f"embargo ({embargo.regime}, since {embargo.valid_from})",
                evidence={"ship_from": shipped_from, **_embargo_evidence(ctx, embargo)}))
    for number, line in enumerate(ctx.proposal.lines, 1):
        for embargo in ctx.policy.embargoes:
            if line.origin == embargo.country and ctx.in_force(embargo):
                reasons.append(Reason(
                    code="EMBARGOED_ORIGIN", severity="reject", line=number,
                    message=f"line {line.sku!r}: goods of {line.origin}, under a comprehensive "
                            f"embargo ({embargo.regime}, since {embargo.valid_from})",
                    evidence={"line": line.sku, "origin": line.origin,
                              **_embargo_evidence(ctx, embargo)}))
    return reasons


def check_places_known(ctx: CheckContext) -> list[Reason]:
    """What the place checks cannot judge, for review (fail closed):

    - COUNTRY_MISSING: a counterparty without a country escapes the embargo, export-control
      and enhanced-review checks;
    - REGION_UNKNOWN: the destination or a party in a country with an embargoed region in
      force (Crimea, the so-called DNR and LNR in UA) without its ``subdivision``: whether
      it is in the region cannot be told.
    """
    reasons: list[Reason] = []
    for party in parties_of(ctx.proposal):
        if party.country is None:
            reasons.append(Reason(
                code="COUNTRY_MISSING", severity="review", approvers=("compliance_officer",),
                party=party.role,
                message=f"{party.role} {party.name!r} has no country: embargoes and export "
                        f"controls cannot be checked for it; give its country",
                evidence={"party": party.role, "name": party.name}))
    for who, country, subdivision in _places(ctx):
        if country is None or subdivision is not None:
            continue
        regions = [r for r in ctx.policy.region_embargoes
                   if r.subdivision.startswith(country + "-") and ctx.in_force(r)]
        if regions:
            reasons.append(Reason(
                code="REGION_UNKNOWN", severity="review", approvers=("compliance_officer",),
                party=None if who == "destination" else who,
                message=f"{who} is in {country} with no subdivision, where "
                        f"{', '.join(f'{r.name} ({r.subdivision})' for r in regions)} "
                        f"{'is' if len(regions) == 1 else 'are'} embargoed; give its "
                        f"subdivision",
                evidence={"country": country,
                          "regions": [r.subdivision for r in regions]}))
    return reasons


def check_enhanced_review(ctx: CheckContext) -> list[Reason]:
    """ENHANCED_REVIEW_DESTINATION for the destination and every party's country."""
    reasons: list[Reason] = []
    seen: set[tuple[str, str]] = set()
    for who, country, _ in _places(ctx):
        for entry in ctx.policy.enhanced_review:
            if country == entry.country and ctx.in_force(entry) and (
                    (who, country) not in seen):
                seen.add((who, country))
                reasons.append(Reason(
                    code="ENHANCED_REVIEW_DESTINATION", severity="review",
                    approvers=entry.approvers, party=None if who == "destination" else who,
                    message=f"{who} is in {country}: enhanced review by "
                            f"{', '.join(entry.approvers)}" + (f" ({entry.note})" if entry.note
                                                              else ""),
                    evidence={"country": country, "source": entry.source,
                              "valid_from": str(entry.valid_from) if entry.valid_from else None}))
    return reasons
