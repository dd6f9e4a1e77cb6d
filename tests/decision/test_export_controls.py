"""The control table, end uses, partial region embargoes and allow-list files in detail."""

from __future__ import annotations

from pathlib import Path

import pytest

from pricing_engine.decision import ExportClassification, Proposal, load_allow_list
from pricing_engine.decision.export_controls import classification_matches
from pricing_engine.engine import Engine
from pricing_engine.errors import RuleFileError
from tests.decision.conftest import proposal


def with_line(p: Proposal, **classes: str) -> Proposal:
    line = p.lines[0].model_copy(
        update={"export_classification": ExportClassification(**classes)})
    return p.model_copy(update={"lines": (line,)})


def to(p: Proposal, country: str) -> Proposal:
    end_user = p.parties.end_user
    assert end_user is not None
    parties = p.parties.model_copy(
        update={"end_user": end_user.model_copy(update={"country": country})})
    return p.model_copy(update={"parties": parties})


@pytest.mark.parametrize(("code", "patterns", "expected"), [
    ("5A002", ("*",), True),
    ("EAR99", ("*",), False),
    ("3A001.a.1", ("3A001",), True),
    ("3A0011", ("3A001",), False),
    ("5A002.a", ("5A*",), True),
    ("4A003", ("3A001*", "5A002*"), False),
])
def test_classification_patterns(code: str, patterns: tuple[str, ...], expected: bool) -> None:
    assert classification_matches(code, patterns) is expected


def test_any_eccn_to_russia_is_refused_and_ear99_is_not(engine: Engine) -> None:
    base = to(proposal("approved.yaml"), "RU")
    controlled = engine.check(with_line(base, eccn="4A994"))
    licence = [r for r in controlled.reasons if r.code == "LICENSE_REQUIRED"]
    assert [r.evidence["control"] for r in licence] == ["us-ccl-russia-belarus"]
    assert licence[0].severity == "reject" and controlled.status == "REJECTED"
    plain = engine.check(with_line(base, eccn="EAR99"))
    assert [r.code for r in plain.reasons] == ["ENHANCED_REVIEW_DESTINATION"]


def test_ns1_items_need_a_licence_except_to_canada(engine: Engine) -> None:
    base = proposal("approved.yaml")
    to_gb = engine.check(with_line(base, eccn="3A001.a.1"))
    assert [r.evidence["control"] for r in to_gb.reasons] == ["us-ns1"]
    to_ru = engine.check(with_line(to(base, "RU"), eccn="3A001.a.1"))
    # shipped to GB (NS1: licence) for an end user in RU (any ECCN: refused)
    assert sorted(r.evidence["destination"] for r in to_ru.reasons
                  if r.code == "LICENSE_REQUIRED") == ["GB", "RU"]
    to_ca = engine.check(with_line(to(base, "CA"), eccn="3A001.a.1"))
    # an end user in Canada adds no licence reason: only the GB destination needs one
    assert [r.evidence["destination"] for r in to_ca.reasons] == ["GB"]


def test_eu_dual_use_within_eu001_needs_no_individual_licence(engine: Engine) -> None:
    gb = engine.check(with_line(proposal("approved.yaml"), eu_dual_use="5A002"))
    assert gb.reasons == ()


def test_military_end_use_in_china_is_refused_but_civil_is_not(engine: Engine) -> None:
    base = to(proposal("approved.yaml"), "CN")
    military = engine.check(base.model_copy(update={"end_use": "military"}))
    assert [r.code for r in military.reasons] == ["PROHIBITED_END_USE"]
    assert military.reasons[0].evidence["destination"] == "CN"
    assert engine.check(base).reasons == ()


def test_kherson_is_a_review_because_only_part_of_it_is_embargoed(engine: Engine) -> None:
    p = proposal("embargoed_region.yaml")
    notify = p.parties.notify_party
    assert notify is not None
    parties = p.parties.model_copy(
        update={"notify_party": notify.model_copy(update={"subdivision": "UA-65"})})
    decision = engine.check(p.model_copy(update={"parties": parties}))
    assert [(r.code, r.severity) for r in decision.reasons] == [("EMBARGOED_REGION", "review")]


def test_allow_list_errors_point_at_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "allow.yaml"
    bad.write_text("clearances:\n  - party: X\n    list: ofac_sdn\n    entry_id: '1'\n"
                   "    reviewer: R\n    date: 2026-10-01\n    expires: 2026-09-01\n",
                   encoding="utf-8")
    with pytest.raises(RuleFileError) as caught:
        load_allow_list(bad)
    assert caught.value.line == 2 and "expires is before the review date" in str(caught.value)
