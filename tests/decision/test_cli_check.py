"""`pricing-engine check` through the real console script: exit codes and clean errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.decision.conftest import ALLOW_LISTS, LENIENT, PROPOSALS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "proposals"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pricing_engine", "check", *map(str, args)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(("name", "status", "code"), [
    ("approved.yaml", "APPROVED", 0),
    ("discount_approval.yaml", "REVIEW", 3),
    ("sanctions_hit.yaml", "REJECTED", 4),
])
def test_exit_code_follows_the_decision(name: str, status: str, code: int) -> None:
    done = run(PROPOSALS / name, "--policy", LENIENT, "--format", "json")
    assert done.returncode == code, done.stderr
    doc = json.loads(done.stdout)
    assert doc["status"] == status
    assert doc["quote"]["totals"]["revenue"]["currency"] == "EUR"


def test_allow_list_turns_the_refusal_into_a_review() -> None:
    done = run(PROPOSALS / "sanctions_hit.yaml", "--policy", LENIENT, "--format", "json",
               "--allow-list", ALLOW_LISTS / "cleared.yaml")
    assert done.returncode == 3
    assert [r["code"] for r in json.loads(done.stdout)["reasons"]] == ["SANCTIONS_CLEARED"]
    expired = run(PROPOSALS / "sanctions_hit.yaml", "--policy", LENIENT,
                  "--allow-list", ALLOW_LISTS / "expired.yaml")
    assert expired.returncode == 4


def test_table_shows_the_decision_first() -> None:
    done = run(EXAMPLES / "de-in-dual-use.yaml", "--policy", LENIENT)
    assert done.returncode == 3
    lines = done.stdout.splitlines()
    assert lines[0].startswith("REVIEW proposal P-2026-0110")
    assert "LICENSE_REQUIRED" in done.stdout and "Landed cost" in done.stdout
    assert done.stdout.index("LICENSE_REQUIRED") < done.stdout.index("Landed cost")


@pytest.mark.parametrize(("name", "expected"), [
    ("malformed.yaml", "malformed.yaml:5:6: invalid YAML"),
    ("unknown_country.yaml",
     "unknown_country.yaml:16:59: parties.end_user.country: unknown country code 'SU'"),
])
def test_bad_files_give_one_line_errors_and_exit_2(name: str, expected: str) -> None:
    done = run(PROPOSALS / name)
    assert done.returncode == 2
    assert done.stdout == ""
    assert expected in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_usage_errors_exit_2() -> None:
    assert run().returncode == 2
    assert run(PROPOSALS / "approved.yaml", "--format", "xml").returncode == 2


def test_audit_dir_gets_one_new_file_per_decision(tmp_path: Path) -> None:
    for _ in range(2):
        assert run(PROPOSALS / "approved.yaml", "--policy", LENIENT, "--audit-dir",
                   tmp_path).returncode == 0
    files = sorted(tmp_path.glob("*.json"))
    assert len(files) == 2
    records = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    assert records[0]["decision"] == records[1]["decision"]
    assert records[0]["timestamp"] != records[1]["timestamp"]
