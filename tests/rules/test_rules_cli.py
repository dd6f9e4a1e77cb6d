"""``pricing-engine validate`` and ``schema`` through the real console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pricing_engine.rules.schema import schema_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOOD = FIXTURES / "rules_good"
FIVE = FIXTURES / "rules_bad" / "five_mistakes.yaml"


def _script() -> list[str]:
    found = shutil.which("pricing-engine", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pricing_engine"]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PRICING_ENGINE_RULES"}
    return subprocess.run([*_script(), *map(str, args)], capture_output=True, text=True,
                          timeout=120, env=env, check=False)


def test_clean_rules_exit_0() -> None:
    result = run("validate", "--no-bundled", GOOD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "" and "ok: 6 rule file(s)" in result.stderr


def test_five_seeded_mistakes_give_five_lines_and_exit_1() -> None:
    result = run("validate", "--no-bundled", FIVE)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{FIVE}:23:30", f"{FIVE}:24:39", f"{FIVE}:25:35", f"{FIVE}:30:7", f"{FIVE}:31:39"]
    assert "5 error(s) in 1 of 1 rule file(s)" in result.stderr


def test_json_format_is_one_document() -> None:
    result = run("validate", "--no-bundled", "--format", "json", FIVE, GOOD)
    assert result.returncode == 1
    doc = json.loads(result.stdout)
    assert doc["ok"] is False and doc["files"] == 7
    assert [(e["line"], e["column"]) for e in doc["errors"]] == [
        (23, 30), (24, 39), (25, 35), (30, 7), (31, 39)]
    assert {e["file"] for e in doc["errors"]} == {str(FIVE)}


def test_github_format_annotations() -> None:
    result = run("validate", "--no-bundled", "--format", "github", FIVE)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::error file={FIVE},line=23,col=30::tax.rates[1].rate: rate 1.2")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("validate", tmp_path / "missing").returncode == 2
    assert run("validate", "--format", "xml", GOOD).returncode == 2


def test_default_validates_the_bundled_rules() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stderr.startswith("ok: ")


def test_user_dir_on_top_of_bundled(tmp_path: Path) -> None:
    # a member file naming the bundled EU union validates against it
    bundled_de = Path(__file__).resolve().parents[2] / "rules" / "countries" / "DE.yaml"
    if not bundled_de.exists():
        pytest.skip("bundled DE.yaml not present")
    (tmp_path / "countries").mkdir()
    shutil.copy(bundled_de, tmp_path / "countries" / "DE.yaml")
    assert run("validate", tmp_path).returncode == 0
    assert run("validate", "--no-bundled", tmp_path).returncode == 1  # union EU unknown


def test_schema_command_prints_the_committed_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    committed = Path(__file__).resolve().parents[2] / "rules" / "schema" / "rules.schema.json"
    assert result.stdout == committed.read_text(encoding="utf-8") == schema_json()


def test_policy_file_is_checked_by_the_policy_module(tmp_path: Path) -> None:
    pytest.importorskip("pricing_engine.policy.loader")
    (tmp_path / "policy.yaml").write_text("policy_version: 1\nname: p\nas_of: 2026-11-01\n"
                                          "margins: {}\nbogus_key: 1\n")
    result = run("validate", "--no-bundled", tmp_path)
    assert result.returncode == 1
    assert f"{tmp_path / 'policy.yaml'}:" in result.stdout and "bogus_key" in result.stdout
