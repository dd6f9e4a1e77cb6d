"""Fail closed: imported lists reach `check`, no list set, date or policy turns a refusal into
an approval. Through the installed CLI and the public API, on the real bundled data."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from pricing_engine.decision import load_allow_list
from pricing_engine.engine import Engine
from pricing_engine.policy import PolicyError, bundled_policy_path, load_policy
from pricing_engine.policy.model import DEFAULT_REQUIRED_LISTS, Policy
from tests.decision.conftest import ALLOW_LISTS, LENIENT, PROPOSALS, proposal

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "sanctions_lists"
#: A made-up party, on no real list.
PARTY = "ZEPHYRINE QUALDOR TRADING LLC"
OFAC_ROW = f'9000001,"{PARTY}",-0- ,"SDGT",' + ",".join(["-0- "] * 8) + "\n"
MINIMAL_POLICY = """\
name: minimal
as_of: 2026-11-20
sources: [{id: s, title: a source}]
margins: {default: {floor: "0.05"}}
"""


def run(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "PRICING_ENGINE_LISTS"}
    return subprocess.run([sys.executable, "-m", "pricing_engine", *map(str, args)],
                          capture_output=True, text=True, env={**full, **env}, timeout=300,
                          check=False)


def write_proposal(path: Path, *, end_user: str | None = None, country: str | None = None,
                   on: date | None = None) -> Path:
    """approved.yaml with another end user name, end user country or date."""
    text = (PROPOSALS / "approved.yaml").read_text(encoding="utf-8")
    if end_user is not None:
        text = text.replace('"Severn Water Treatment plc"', f'"{end_user}"')
    if country is not None:
        text = text.replace("end_user: {name: \"Severn Water Treatment plc\", country: GB",
                            f"end_user: {{name: \"Severn Water Treatment plc\", country: {country}")
    if on is not None:
        text = text.replace("date: 2026-11-20", f"date: {on.isoformat()}")
    path.write_text(text, encoding="utf-8")
    return path


def codes(doc: dict[str, object]) -> list[str]:
    reasons = doc["reasons"]
    assert isinstance(reasons, list)
    return [r["code"] for r in reasons]


# -- imported lists reach every entry point ----------------------------------------------


@pytest.fixture(scope="module")
def strict_lists_policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled policy (31-day list limit) with rule-age and document-date windows of ten
    years, so the fixture proposal stays meaningful as the calendar moves on."""
    text = bundled_policy_path().read_text(encoding="utf-8")
    text = re.sub(r"max_(rules_age|document_age|document_lead)_days: \d+",
                  lambda m: f"max_{m.group(1)}_days: 3650", text)
    assert "max_list_age_days: 31" in text
    path = tmp_path_factory.mktemp("policy") / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_imported_list_then_current_lists_end_to_end(
        tmp_path: Path, strict_lists_policy: Path, warm_rules: Callable[..., None]) -> None:
    env = {"PRICING_ENGINE_LISTS_DIR": str(tmp_path / "user"),
           "PRICING_ENGINE_CACHE": str(tmp_path / "cache")}
    warm_rules(tmp_path / "user", tmp_path / "cache")  # as after an earlier run
    today = date.today().isoformat()
    made_up = tmp_path / "watch.csv"
    made_up.write_text(OFAC_ROW, encoding="cp1252")
    listed = write_proposal(tmp_path / "listed.yaml", end_user=PARTY.title())
    clean = PROPOSALS / "approved.yaml"

    done = run("lists", "import", "ofac_csv", made_up, "--id", "acme_watch", "--published",
               today, env=env)
    assert done.returncode == 0, done.stderr
    # 1. the party of the imported list: check refuses, screen and lists see the same list
    refused = run("check", listed, "--policy", strict_lists_policy, "--format", "json", env=env)
    assert refused.returncode == 4, refused.stderr
    doc = json.loads(refused.stdout)
    hit = next(r for r in doc["reasons"] if r["code"] == "SANCTIONS_HIT")
    assert (hit["evidence"]["list"], hit["party"]) == ("acme_watch", "end_user")
    assert "STALE_LIST" in codes(doc)  # the bundled lists are still the old snapshots
    screened = run("screen", PARTY, "--format", "json", env=env)
    assert json.loads(screened.stdout)["status"] == "hit", screened.stderr
    shown = json.loads(run("lists", "--format", "json", env=env).stdout)["lists"]
    assert {x["id"]: x["origin"] for x in shown}["acme_watch"] == "user"

    # 2. current copies of every bundled list: no STALE_LIST, a clean proposal is approved
    for list_id, fmt, files in (
            ("ofac_sdn", "ofac_csv", ["ofac_sdn_2024-05-03.csv", "ofac_alt_2025-12-24.csv",
                                      "ofac_add_2025-12-24.csv"]),
            ("ofac_cons", "ofac_csv", ["ofac_cons_prim_2025-12.csv", "ofac_cons_alt_2025-12.csv"]),
            ("un_sc", "un_xml", ["un_sc_consolidated.xml"])):
        done = run("lists", "import", fmt, *(BUNDLED / f for f in files), "--id", list_id,
                   "--published", today, env=env)
        assert done.returncode == 0, done.stderr
    approved = run("check", clean, "--policy", strict_lists_policy, "--format", "json", env=env)
    assert approved.returncode == 0, approved.stdout + approved.stderr
    assert codes(json.loads(approved.stdout)) == []
    again = run("check", listed, "--policy", strict_lists_policy, "--format", "json", env=env)
    assert again.returncode == 4 and "STALE_LIST" not in codes(json.loads(again.stdout))
    # the same clean proposal with the default user dir turned off is back to review
    engine = Engine.load(policy=strict_lists_policy, user_lists=False)
    assert engine.check(proposal("approved.yaml")).status == "REVIEW"


def test_engine_load_takes_the_user_lists_directory_by_default(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "user"
    made_up = tmp_path / "watch.csv"
    made_up.write_text(OFAC_ROW, encoding="cp1252")
    from pricing_engine.screening.list_import import import_list

    import_list("ofac_csv", [made_up], directory=user, list_id="acme_watch")
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(user))
    monkeypatch.setenv("PRICING_ENGINE_CACHE", str(tmp_path / "cache"))
    p = proposal("approved.yaml")
    assert p.parties.end_user is not None
    listed = p.model_copy(update={"parties": p.parties.model_copy(update={
        "end_user": p.parties.end_user.model_copy(update={"name": PARTY})})})
    by_default = Engine.load(policy=LENIENT)
    assert "acme_watch" in {i.list_id for i in by_default.lists}
    assert by_default.check(listed).status == "REJECTED"
    elsewhere = Engine.load(policy=LENIENT, user_lists=user)
    assert elsewhere.lists_hash == by_default.lists_hash
    without = Engine.load(policy=LENIENT, user_lists=False)
    assert without.check(listed).status == "APPROVED"


# -- no lists, empty lists, required lists -------------------------------------------------


def test_an_empty_manifest_and_a_minimal_policy_refuse(
        tmp_path: Path, warm_rules: Callable[..., None]) -> None:
    warm_rules(tmp_path / "no-user-lists")  # the compiled rules as after an earlier run
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "manifest.json").write_text('{"manifest_version": 1, "lists": []}\n')
    policy = tmp_path / "minimal.yaml"
    policy.write_text(MINIMAL_POLICY, encoding="utf-8")
    assert load_policy(policy).screening.required_lists == DEFAULT_REQUIRED_LISTS
    env = {"PRICING_ENGINE_LISTS_DIR": str(tmp_path / "no-user-lists")}
    done = run("check", PROPOSALS / "approved.yaml", "--lists", lists, "--policy", policy,
               "--format", "json", env=env)
    assert done.returncode == 4, done.stderr
    missing = [r for r in json.loads(done.stdout)["reasons"] if r["code"] == "LIST_MISSING"]
    assert {r["evidence"].get("list") for r in missing} == {None, "ofac_sdn", "un_sc"}
    # a policy that requires no list by name still needs some list to screen against
    policy.write_text(MINIMAL_POLICY + "screening: {required_lists: []}\n", encoding="utf-8")
    assert load_policy(policy).screening.required_lists == ()
    done = run("check", PROPOSALS / "approved.yaml", "--lists", lists, "--policy", policy,
               "--format", "json", env=env)
    # (beside it, the minimal policy's default rule age finds the UK tariff table of 2021
    # that priced the line: STALE_RULES, a review)
    refused = [r["code"] for r in json.loads(done.stdout)["reasons"]
               if r["severity"] == "reject"]
    assert done.returncode == 4 and refused == ["LIST_MISSING"]


def test_an_explicit_required_list_is_honoured(engine: Engine) -> None:
    policy = Policy.model_validate({**engine.policy.model_dump(), "screening": {
        **engine.policy.screening.model_dump(), "required_lists": ["ofac_sdn", "eu_fsf"]}})
    strict = Engine(rules=engine.rules, policy=policy, screener=engine.screener,
                    lists=engine.lists)
    decision = strict.check(proposal("approved.yaml"))
    assert [r.evidence["list"] for r in decision.reasons] == ["eu_fsf"]
    assert decision.status == "REJECTED"


def test_a_required_list_imported_empty_refuses(engine: Engine) -> None:
    # what `lists import --force` of an empty file as un_sc leaves: the list is there, empty
    lists = tuple(replace(i, entries=0) if i.list_id == "un_sc" else i for i in engine.lists)
    emptied = Engine(rules=engine.rules, policy=engine.policy, screener=engine.screener,
                     lists=lists)
    decision = emptied.check(proposal("approved.yaml"))
    (reason,) = decision.reasons
    assert reason.code == "LIST_MISSING" and reason.message.endswith("'un_sc', which is empty")


# -- a malformed --lists directory: invalid input (exit 2, one line), never approved or an
# internal error; the library refuses (LIST_MISSING) -----------------------------------------


@pytest.mark.parametrize("manifest", [
    "{not json",
    '{"lists": {"id": "ofac_sdn"}}',
    '{"lists": ["ofac_sdn"]}',
    '{"lists": [{"id": "x", "format": "ofac_csv", "source": "s", "files": "sdn.csv", '
    '"entries": 1}]}',
])
def test_check_with_a_malformed_lists_manifest_refuses(tmp_path: Path, manifest: str) -> None:
    (tmp_path / "manifest.json").write_text(manifest, encoding="utf-8")
    done = run("check", PROPOSALS / "approved.yaml", "--lists", tmp_path, "--policy", LENIENT,
               "--format", "json", env={})
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and done.stderr.count("\n") == 1
    assert "manifest.json" in done.stderr and "Traceback" not in done.stderr
    decision = Engine.load(lists=tmp_path, policy=LENIENT).check(proposal("approved.yaml"))
    assert [r.code for r in decision.reasons] == ["LIST_MISSING"]
    assert decision.status == "REJECTED"


# -- thresholds that switch fuzzy screening off ----------------------------------------------


@pytest.mark.parametrize(("hit", "review", "field"), [
    ("1.0", "1.0", "hit_threshold"),
    ("0.95", "0.93", "review_threshold"),
    ("0.99", "0.85", "hit_threshold"),
])
def test_thresholds_that_switch_fuzzy_screening_off_are_refused(
        tmp_path: Path, hit: str, review: str, field: str) -> None:
    path = tmp_path / "policy.yaml"
    text = bundled_policy_path().read_text(encoding="utf-8")
    text = text.replace("hit_threshold: 0.92", f"hit_threshold: {hit}")
    text = text.replace("review_threshold: 0.82", f"review_threshold: {review}")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if f"  {field}:" in t)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert (caught.value.line, caught.value.column) == (line, len(f"  {field}: ") + 1)
    assert "fuzzy screening switched off" in str(caught.value)
    done = run("validate", path, env={})
    assert done.returncode == 1
    assert f"policy.yaml:{line}:{len(f'  {field}: ') + 1}: " in done.stdout
    assert run("check", PROPOSALS / "approved.yaml", "--policy", path,
               env={}).returncode == 2


def test_thresholds_at_the_ceilings_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    text = bundled_policy_path().read_text(encoding="utf-8")
    path.write_text(text.replace("hit_threshold: 0.92", "hit_threshold: 0.98")
                    .replace("review_threshold: 0.82", "review_threshold: 0.90"), "utf-8")
    screening = load_policy(path).screening
    assert (screening.hit_threshold, screening.review_threshold) == (0.98, 0.90)


# -- the document's date never relaxes compliance ----------------------------------------------


def test_a_backdated_proposal_to_cuba_is_refused(tmp_path: Path) -> None:
    path = write_proposal(tmp_path / "p.yaml", country="CU", on=date(1950, 1, 1))
    done = run("check", path, "--format", "json", env={})
    assert done.returncode == 4, done.stderr
    doc = json.loads(done.stdout)
    embargo = next(r for r in doc["reasons"] if r["code"] == "EMBARGOED_DESTINATION")
    assert embargo["party"] == "end_user"
    assert embargo["evidence"]["in_force_on"] == [date.today().isoformat()]
    assert "DOCUMENT_DATE" in codes(doc) and doc["checked_on"] == date.today().isoformat()


def test_a_proposal_dated_in_2090_needs_review(tmp_path: Path) -> None:
    path = write_proposal(tmp_path / "p.yaml", on=date(2090, 1, 1))
    done = run("check", path, "--policy", LENIENT, "--format", "json", env={})
    assert done.returncode in (3, 4), done.stderr
    assert "DOCUMENT_DATE" in codes(json.loads(done.stdout))


def test_a_measure_in_force_on_the_proposal_date_still_applies(engine: Engine) -> None:
    # Syria's embargo ended on 2025-06-30: a proposal dated in 2024, checked later, is refused
    p = proposal("approved.yaml")
    parties = p.parties.model_copy(update={"end_user": p.parties.end_user.model_copy(  # type: ignore[union-attr]
        update={"country": "SY"})})
    old = p.model_copy(update={"parties": parties, "date": date(2024, 6, 1)})
    decision = engine.check(old)
    embargo = next(r for r in decision.reasons if r.code == "EMBARGOED_DESTINATION")
    assert embargo.evidence["in_force_on"] == ["2024-06-01"] and decision.status == "REJECTED"
    # military end use to "@embargoed" destinations: the 2024 date counts there too
    military = engine.check(old.model_copy(update={"end_use": "military"}))
    assert "PROHIBITED_END_USE" in [r.code for r in military.reasons]


def test_the_check_date_defaults_to_today_not_the_document(engine: Engine) -> None:
    p = proposal("approved.yaml").model_copy(update={"date": date.today() - timedelta(days=30)})
    assert engine.check(p).checked_on == date.today().isoformat()


def test_a_backdated_proposal_does_not_revive_an_expired_clearance(engine: Engine) -> None:
    # expired.yaml ran from 2026-10-01 to 2026-10-31: dating the proposal inside that window
    # does not make the clearance count on the day of the check
    allow = load_allow_list(ALLOW_LISTS / "expired.yaml")
    p = proposal("sanctions_hit.yaml").model_copy(update={"date": date(2026, 10, 15)})
    decision = engine.check(p, allow_list=allow)
    assert decision.status == "REJECTED"
    assert [r.code for r in decision.reasons] == ["SANCTIONS_HIT"]
