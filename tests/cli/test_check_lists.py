"""`check --lists DIR`: the files are hashed once, and a fault stays where it was reported.

A --lists directory whose file is missing or altered is invalid input (exit 2, one line naming
the file); an altered imported list refuses the proposal (LIST_MISSING, exit 4); a sound
directory is checked and screened against with each file hashed once. Through the real CLI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from pricing_engine.cli.main import cli
from pricing_engine.screening import bundle

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "sanctions_lists"
PROPOSAL = ROOT / "examples" / "proposals" / "de-gb-dap.yaml"


def _run(*args: str | Path, user: Path) -> subprocess.CompletedProcess[str]:
    """The CLI with ``user`` as its lists directory and a compiled-rules cache of its own
    beside it (filled by ``warm_rules``), which no test running beside this one rewrites."""
    env = {k: v for k, v in os.environ.items() if k != "PRICING_ENGINE_LISTS"}
    env["PRICING_ENGINE_LISTS_DIR"] = str(user)
    env["PRICING_ENGINE_CACHE"] = str(user.parent / "cache")
    return subprocess.run([sys.executable, "-m", "pricing_engine", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=300, check=False)


def _copy(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(BUNDLED, tmp_path / name))


def _alter(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"ERIC", b"ERIK", 1))


@pytest.mark.parametrize("fault", ["altered", "missing"])
def test_a_faulty_lists_directory_is_invalid_input(tmp_path: Path, fault: str,
                                                  warm_rules: Callable[..., None]) -> None:
    warm_rules(tmp_path / "none", tmp_path / "cache")
    lists = _copy(tmp_path, "lists")
    un = lists / "un_sc_consolidated.xml"
    _alter(un) if fault == "altered" else un.unlink()
    done = _run("check", PROPOSAL, "--lists", lists, "--format", "json", user=tmp_path / "none")
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and done.stderr.count("\n") == 1
    assert str(un) in done.stderr
    assert ("sha256 differs" if fault == "altered" else "is missing") in done.stderr


def test_an_altered_imported_list_refuses_the_proposal(tmp_path: Path,
                                                      warm_rules: Callable[..., None]) -> None:
    user = _copy(tmp_path, "user")
    warm_rules(user, user.parent / "cache")
    _alter(user / "un_sc_consolidated.xml")
    done = _run("check", PROPOSAL, "--lists", BUNDLED, "--format", "json", user=user)
    assert done.returncode == 4, done.stderr
    reasons = [r for r in json.loads(done.stdout)["reasons"] if r["severity"] == "reject"]
    assert [r["code"] for r in reasons] == ["LIST_MISSING"]  # (and the UK table's age)
    assert "sha256 differs" in reasons[0]["message"]


def test_check_with_lists_hashes_each_file_once(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path,
                                                hashed_files: Counter[str]) -> None:
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(tmp_path / "none"))
    hashed = hashed_files
    args = ["check", str(PROPOSAL), "--lists", str(BUNDLED), "--format", "json"]
    CliRunner().invoke(cli, args)  # builds the index cache
    hashed.clear()
    done = CliRunner().invoke(cli, args)
    assert done.exit_code in (0, 3, 4), done.output
    assert all(s["result"] for s in json.loads(done.stdout)["screenings"])  # lists in use
    files = {item["path"] for record in bundle.read_manifest(BUNDLED)
             for item in record["files"]}
    assert hashed == Counter(dict.fromkeys(files, 1))
