"""Export controls read the country of every party the export is for, and name it.

Before the fix only the goods' destination and the end user counted: EU dual-use goods for a
consignee in Russia were a REVIEW (enhanced review) where an end user in Russia was REJECTED.
"""

from __future__ import annotations

import pytest

from pricing_engine.decision import Decision, ExportClassification, Proposal, ProposalParty
from pricing_engine.engine import Engine
from tests.decision.conftest import proposal


def dual_use(p: Proposal, **classes: str) -> Proposal:
    line = p.lines[0].model_copy(
        update={"export_classification": ExportClassification(**classes)})
    return p.model_copy(update={"lines": (line,)})


def moved(p: Proposal, who: str, country: str) -> Proposal:
    """``p`` with one party (or the ship-to) in ``country``, every other place unchanged."""
    if who == "destination":
        return p.model_copy(update={"ship_to": country})
    if who == "buyer":  # shipped to GB all the same
        buyer = p.buyer.model_copy(update={"country": country})
        return p.model_copy(update={"buyer": buyer, "ship_to": "GB"})
    party = getattr(p.parties, who) or ProposalParty(name="Volga Trading LLC", kind="entity")
    parties = p.parties.model_copy(update={who: party.model_copy(update={"country": country})})
    return p.model_copy(update={"parties": parties})


def licences(decision: Decision) -> list[tuple[str, str, str | None, str]]:
    """(control, severity, party, country) of each LICENSE_REQUIRED reason."""
    return [(r.evidence["control"], r.severity, r.party, r.evidence["destination"])
            for r in decision.reasons if r.code == "LICENSE_REQUIRED"]


@pytest.mark.parametrize("who", ["consignee", "end_user", "buyer", "customer", "destination"])
def test_eu_dual_use_for_any_party_in_russia_is_refused(engine: Engine, who: str) -> None:
    decision = engine.check(moved(dual_use(proposal("approved.yaml"), eu_dual_use="5A002"),
                                  who, "RU"))
    assert decision.status == "REJECTED"
    party = None if who == "destination" else who
    assert ("eu-dual-use-russia", "reject", party, "RU") in licences(decision)
    refused = next(r for r in decision.reasons if r.evidence.get("control")
                   == "eu-dual-use-russia")
    assert refused.evidence["party"] == who
    assert f"EU dual-use 5A002 to RU ({who}) is prohibited" in refused.message


def test_any_eccn_for_a_consignee_in_belarus_is_refused(engine: Engine) -> None:
    p = moved(dual_use(proposal("approved.yaml"), eccn="4A994"), "consignee", "BY")
    decision = engine.check(p)
    assert decision.status == "REJECTED"
    assert licences(decision) == [("us-ccl-russia-belarus", "reject", "consignee", "BY")]


def test_a_country_is_named_once_by_the_first_who_goes_there(engine: Engine) -> None:
    p = moved(moved(dual_use(proposal("approved.yaml"), eu_dual_use="5A002"),
                    "consignee", "RU"), "end_user", "RU")
    russia = [t for t in licences(engine.check(p)) if t[0] == "eu-dual-use-russia"]
    assert russia == [("eu-dual-use-russia", "reject", "consignee", "RU")]


def test_a_military_end_use_for_a_consignee_in_china_is_refused(engine: Engine) -> None:
    p = moved(proposal("approved.yaml"), "consignee", "CN")
    military = engine.check(p.model_copy(update={"end_use": "military"}))
    assert [(r.code, r.party, r.evidence["destination"]) for r in military.reasons] == [
        ("PROHIBITED_END_USE", "consignee", "CN")]
    assert "in CN (consignee) is refused" in military.reasons[0].message
