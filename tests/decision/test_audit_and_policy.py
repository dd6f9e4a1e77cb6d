"""Audit records (determinism, no overwrite), policy loading and errors, the schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pricing_engine.decision import proposal_schema, write_audit
from pricing_engine.engine import Engine
from pricing_engine.errors import RuleFileError
from pricing_engine.policy import (
    PolicyError,
    bundled_policy_path,
    iter_policy_errors,
    load_policy,
    policy_hash,
)
from tests.decision.conftest import FIXTURES, LENIENT, proposal

ROOT = Path(__file__).resolve().parents[2]


def test_same_inputs_and_versions_give_the_same_record_but_the_timestamp(
        engine: Engine) -> None:
    p = proposal("sanctions_potential_match.yaml")
    first = engine.audit(engine.check(p), p)
    again = Engine.load(policy=LENIENT)
    second = again.audit(again.check(p), p)
    assert first.pop("timestamp") != second.pop("timestamp")
    assert first == second
    versions = first["versions"]
    assert isinstance(versions, dict)
    assert versions["rules"] == engine.rules.content_hash
    assert {v["id"] for v in versions["lists"]} == {"ofac_sdn", "ofac_cons", "un_sc"}
    assert versions["policy"] == policy_hash(load_policy(LENIENT))


def test_write_audit_never_overwrites(tmp_path: Path) -> None:
    record = {"timestamp": datetime(2026, 11, 20, tzinfo=UTC).isoformat(),
              "proposal_id": "P/1", "decision": {}}
    paths = [write_audit(record, tmp_path) for _ in range(3)]
    assert len(set(paths)) == 3 and all(p.parent == tmp_path for p in paths)
    assert all("/" not in p.name[len("20261120"):] for p in paths)


def test_bundled_policy_loads_and_cites_a_source_for_every_embargo() -> None:
    policy = load_policy()
    ids = {s.id for s in policy.sources}
    assert {e.country for e in policy.embargoes} == {"CU", "IR", "KP", "SY"}
    assert {r.subdivision for r in policy.region_embargoes} == {
        "UA-43", "UA-40", "UA-14", "UA-09", "UA-65", "UA-23"}
    assert all(e.source in ids for e in (*policy.embargoes, *policy.region_embargoes))
    syria = next(e for e in policy.embargoes if e.country == "SY")
    assert str(syria.valid_to) == "2025-06-30"
    assert list(iter_policy_errors(bundled_policy_path())) == []


def test_policy_errors_point_at_file_line_and_column() -> None:
    path = FIXTURES / "policies" / "bad_policy.yaml"
    errors = [str(e).removeprefix(str(path)) for e in iter_policy_errors(path)]
    assert errors == [
        ":9:20: margins.default.floor: 1.5 is outside the range of a fraction: [0, 1)",
        ":10:3: margins.colour: Extra inputs are not permitted",
        ":12:15: embargoes.0.country: unknown country code 'XX' (ISO 3166-1)",
    ]
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert isinstance(caught.value, RuleFileError) and caught.value.line == 9


def test_published_schema_is_in_sync() -> None:
    published = json.loads((ROOT / "examples" / "proposal.schema.json").read_text("utf-8"))
    assert published == proposal_schema(), "regenerate examples/proposal.schema.json"


def test_a_plain_quote_file_is_a_valid_proposal(engine: Engine) -> None:
    from pricing_engine.decision import load_proposal

    quote = load_proposal(ROOT / "examples" / "de-us-ddp.yaml")
    assert quote.parties.end_user is None and quote.lines[0].sku == "PUMP-200"
