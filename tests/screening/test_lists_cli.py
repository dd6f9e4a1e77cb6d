"""``pricing-engine lists`` through the real console script: table, JSON, import, diff, errors."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "lists"
SHARED = ROOT.parent / "shared" / "data" / "sanctions"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} (reference data) absent")
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
    done = run(
        "lists", "import", "un_xml", str(FIXTURES / "un_handmade.xml"), "--id", "un_sc", env=env
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


def _ofac_dir(target: Path, sdn: str, alt: str | None = None, add: str | None = None) -> Path:
    target.mkdir()
    for name, source in (("sdn.csv", sdn), ("alt.csv", alt), ("add.csv", add)):
        if source:
            shutil.copy(SHARED / source, target / name)
    return target


@needs_shared
def test_diff_real_snapshots_json(tmp_path: Path) -> None:
    old = _ofac_dir(
        tmp_path / "old",
        "ofac_sdn_2021-07-07.csv",
        "ofac_alt_2021-07-07.csv",
        "ofac_add_2021-07-07.csv",
    )
    new = _ofac_dir(tmp_path / "new", "ofac_sdn_2024-05-03.csv")
    done = run("lists", "diff", str(old), str(new), "--format-out", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)

    def ids(path: Path) -> set[str]:
        with path.open(encoding="cp1252", newline="") as handle:
            return {r[0] for r in csv.reader(handle) if len(r) == 12}

    before, after = ids(old / "sdn.csv"), ids(new / "sdn.csv")
    assert {x["entry_id"] for x in document["added"]} == after - before
    assert {x["entry_id"] for x in document["removed"]} == before - after
    assert document["summary"]["added"] == 6870
    assert document["summary"]["removed"] == 881


@needs_shared
def test_diff_text_of_two_files() -> None:
    done = run(
        "lists",
        "diff",
        str(SHARED / "ofac_sdn_2021-07-07.csv"),
        str(SHARED / "ofac_sdn_2024-05-03.csv"),
        "--limit",
        "2",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added 6870, removed 881, changed ")
    assert "re-screen against" in done.stdout


def test_diff_directory_without_ofac_files(tmp_path: Path) -> None:
    done = run("lists", "diff", str(tmp_path), str(tmp_path))
    assert done.returncode == 2
    assert "no sdn.csv" in done.stderr
