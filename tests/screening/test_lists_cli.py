"""``pricing-engine lists`` through the real console script: table, JSON, import, diff, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "lists"
SCRIPT = Path(sys.executable).parent / "pricing-engine"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PRICING_ENGINE_LISTS", None)
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "pricing_engine"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=full_env, check=False
    )


def test_lists_json_shows_the_bundled_manifest(tmp_path: Path) -> None:
    done = run("lists", "--format", "json", env={"PRICING_ENGINE_LISTS_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    manifest = json.loads((ROOT / "sanctions_lists" / "manifest.json").read_text("utf-8"))
    assert [(x["id"], x["entries"]) for x in document["lists"]] == [
        (r["id"], r["entries"]) for r in manifest["lists"]
    ]
    assert {x["origin"] for x in document["lists"]} == {"bundled"}


def test_lists_table(tmp_path: Path) -> None:
    done = run("lists", env={"PRICING_ENGINE_LISTS_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "ofac_sdn" in done.stdout and "14,965" in done.stdout and "treasury.gov" in done.stdout


def test_import_replaces_a_bundled_list(tmp_path: Path) -> None:
    env = {"PRICING_ENGINE_LISTS_DIR": str(tmp_path / "user")}
    done = run(  # 2 entries in place of the bundled 1,003: a shrink that needs --force
        "lists", "import", "un_xml", str(FIXTURES / "un_handmade.xml"), "--id", "un_sc",
        "--force", env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "imported un_sc: 2 entries" in done.stdout
    listed = json.loads(run("lists", "--format", "json", env=env).stdout)["lists"]
    un = next(x for x in listed if x["id"] == "un_sc")
    assert (un["origin"], un["entries"], un["published"]) == ("user", 2, "2026-01-02")
    # the copy is checked like the bundled files: alter it and listing fails closed
    copy = tmp_path / "user" / "un_sc" / "un_handmade.xml"
    copy.write_bytes(copy.read_bytes().replace(b"ALI", b"ALY"))
    failed = run("lists", env=env)
    assert failed.returncode == 2
    assert "sha256 differs" in failed.stderr and "Traceback" not in failed.stderr


def test_import_refuses_a_malformed_file(tmp_path: Path) -> None:
    env = {"PRICING_ENGINE_LISTS_DIR": str(tmp_path)}
    done = run("lists", "import", "ofac_csv", str(FIXTURES / "ofac_bad_width.csv"), env=env)
    assert done.returncode == 2
    assert "ofac_bad_width.csv:2: 7 columns" in done.stderr
    assert not (tmp_path / "manifest.json").exists()


def test_import_refuses_the_bundled_directory() -> None:
    done = run(
        "lists",
        "import",
        "un_xml",
        str(FIXTURES / "un_handmade.xml"),
        "--dir",
        str(ROOT / "sanctions_lists"),
    )
    assert done.returncode == 2
    assert "bundled" in done.stderr


def test_diff_directory_without_ofac_files(tmp_path: Path) -> None:
    done = run("lists", "diff", str(tmp_path), str(tmp_path))
    assert done.returncode == 2
    assert "no sdn.csv" in done.stderr
