"""A proposal priced on an assumed national tariff line is reviewed (HS_LINE_ASSUMED), and the
policy decides whether a check assumes lines at all (ambiguous_hs)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pricing_engine import AmbiguousHsCode
from pricing_engine.decision import Proposal
from pricing_engine.decision.assumed_lines import with_policy_hs
from pricing_engine.engine import Engine
from pricing_engine.policy import Policy
from tests.decision.conftest import proposal


def shoes(option: str | None) -> Proposal:
    """The approved DE -> GB proposal, its line given as GB 6403.99 (lines of 4 % and 8 %)."""
    p = proposal("approved.yaml")
    line = p.lines[0].model_copy(update={"hs_code": "640399", "ambiguous_hs": option})
    return p.model_copy(update={"lines": (line,)})


def under(engine: Engine, **changes: object) -> Engine:
    policy = engine.policy.model_copy(update=changes)
    return Engine(rules=engine.rules, policy=policy, screener=engine.screener,
                  lists=engine.lists, lists_error=engine.lists_error)


def test_an_assumed_line_is_a_review_never_approved(engine: Engine) -> None:
    decision = under(engine, ambiguous_hs="quote").check(shoes("highest"))
    (reason,) = decision.reasons
    assert reason.code == "HS_LINE_ASSUMED" and decision.status == "REVIEW"
    assert reason.line == 1 and reason.approvers == ("pricing_manager",)
    assert reason.evidence["hs_code"] == "640399"
    # the 11 lines the UK Global Tariff lists under 6403.99 (the curated heading 6403 is not
    # a twelfth: the table lists every line of the subheading)
    assert reason.evidence["terms"] == "8 %" and reason.evidence["candidates"] == 11
    assert str(reason.evidence["assumed_line"]).startswith("640399")
    assert decision.quote is not None
    assert decision.quote.lines[0].charges[0].explanation.startswith("HS line assumed:")


def test_without_the_option_the_short_code_is_a_missing_rule(engine: Engine) -> None:
    decision = under(engine, ambiguous_hs="quote").check(shoes(None))
    assert [r.code for r in decision.reasons] == ["MISSING_RULE"]
    assert "give the full" in decision.reasons[0].message
    # the line and the field of it to correct
    assert decision.reasons[0].line == 1 and decision.reasons[0].evidence["field"] == "hs_code"


def test_the_policy_may_refuse_or_impose_the_highest_line(engine: Engine) -> None:
    asked = shoes("highest")
    refused = with_policy_hs(asked, under(engine, ambiguous_hs="error").policy)
    assert {ln.ambiguous_hs for ln in refused.lines} == {"error"}
    with pytest.raises(AmbiguousHsCode):
        engine.quote(refused)
    imposed = with_policy_hs(shoes(None), under(engine, ambiguous_hs="highest").policy)
    assert imposed.ambiguous_hs == "highest" and imposed.lines[0].ambiguous_hs == "highest"
    assert engine.quote(imposed).lines[0].charges[0].explanation.startswith("HS line assumed")
    assert with_policy_hs(asked, under(engine, ambiguous_hs="quote").policy) is asked


def test_a_policy_refusing_assumed_lines_never_approves_one(engine: Engine) -> None:
    decision = under(engine, ambiguous_hs="error").check(shoes("highest"))
    (reason,) = decision.reasons
    assert decision.status == "REVIEW"
    if reason.code == "MISSING_RULE":  # the policy applied before pricing (with_policy_hs)
        assert "give the full" in reason.message
    else:  # priced as the proposal asked: the reason says the policy refuses it
        assert reason.code == "HS_LINE_ASSUMED" and "ambiguous_hs: error" in reason.message


def test_the_default_policy_does_not_assume_lines(default_engine: Engine) -> None:
    assert default_engine.policy.ambiguous_hs == "error"
    assert default_engine.policy.hs_line_assumed.severity == "review"


def test_an_assumed_line_cannot_be_made_informational() -> None:
    with pytest.raises(ValidationError, match="hs_line_assumed"):
        Policy.model_validate({
            "name": "p", "as_of": "2026-11-20", "sources": [{"id": "s", "title": "t"}],
            "margins": {"default": {}}, "hs_line_assumed": {"severity": "info"}})
