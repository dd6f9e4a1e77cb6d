"""Sanctions screening reasons: hits refuse, potential matches go to review, and a cleared
(allow-listed) match becomes a SANCTIONS_CLEARED note, never silently dropped."""

from __future__ import annotations

from typing import Any

from pricing_engine.decision.context import CheckContext
from pricing_engine.decision.model import Reason
from pricing_engine.screening.result import Match

__all__ = ["check_sanctions"]


def _evidence(match: Match, party: str) -> dict[str, Any]:
    return {"party_name": party, "list": match.list, "entry_id": match.entry_id,
            "listed_name": match.name, "matched_name": match.matched_name,
            "score": match.score, "band": match.band, "programs": list(match.programs),
            "countries": list(match.countries)}


def check_sanctions(ctx: CheckContext) -> list[Reason]:
    """SANCTIONS_HIT, SANCTIONS_POTENTIAL_MATCH or SANCTIONS_CLEARED per party and match."""
    rules = ctx.policy.screening
    reasons: list[Reason] = []
    for screening in ctx.screenings:
        if screening.result is None:
            continue
        name = screening.query.name
        if screening.result.unread_scripts:
            scripts = ", ".join(screening.result.unread_scripts)
            reasons.append(Reason(
                code="NAME_NOT_SCREENABLE", severity=rules.potential_match.severity,
                approvers=rules.potential_match.approvers, party=screening.role,
                message=f"{screening.role} {name!r} is written partly in a script the screener "
                        f"cannot compare with the lists ({scripts}): give the name in Latin "
                        "letters as well, or screen it by hand",
                evidence={"party_name": name, "scripts": list(screening.result.unread_scripts)}))
        for match in screening.result.matches:
            evidence = _evidence(match, name)
            where = (f"{screening.role} {name!r} matches {match.list} entry {match.entry_id} "
                     f"{match.name!r} (score {match.score:.2f})")
            allow = ctx.allow_list
            cleared = allow.find(name, match.list, match.entry_id, ctx.on) if allow else None
            if cleared is not None:
                severity = rules.cleared_hit if match.band == "hit" else (
                    rules.cleared_potential_match)
                evidence["clearance"] = cleared.model_dump(mode="json")
                reasons.append(Reason(
                    code="SANCTIONS_CLEARED", severity=severity, party=screening.role,
                    approvers=rules.potential_match.approvers if severity != "info" else (),
                    message=f"{where}: cleared as a false positive by {cleared.reviewer} on "
                            f"{cleared.date} (until {cleared.expires})", evidence=evidence))
                continue
            stale = allow.expired(name, match.list, match.entry_id, ctx.on) if allow else None
            if stale is not None:
                evidence["expired_clearance"] = stale.model_dump(mode="json")
            note = f"; a clearance of {stale.date} ran until {stale.expires}" if stale else ""
            if match.band == "hit":
                reasons.append(Reason(code="SANCTIONS_HIT", severity="reject",
                                      party=screening.role, message=f"{where}{note}",
                                      evidence=evidence))
            else:
                reasons.append(Reason(
                    code="SANCTIONS_POTENTIAL_MATCH", severity=rules.potential_match.severity,
                    approvers=rules.potential_match.approvers, party=screening.role,
                    message=f"{where}: a potential match to review{note}", evidence=evidence))
    return reasons
