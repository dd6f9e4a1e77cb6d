"""A wheel installed in a fresh virtualenv outside the repository finds its bundled data."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_OFFLINE = ("Could not find a version", "No matching distribution", "Failed to establish",
            "Temporary failure in name resolution", "Network is unreachable")
SNIPPET = """
import pathlib, pricing_engine
from pricing_engine._resources import bundled_path
from pricing_engine.rules import load_rules
book = load_rules()
root = bundled_path("rules")
assert "site-packages" in str(root), root
assert pathlib.Path(pricing_engine.__file__).parent in root.parents, root
assert len(book.incoterms()) == 11, book.incoterms()
assert book.incoterm("DDP").costs["import_duties_taxes"] == "seller"
assert len(book.countries()) >= 1
print(len(book.countries()), book.content_hash)
"""


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900, check=False)


def test_wheel_in_fresh_venv_finds_bundled_rules(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PRICING_ENGINE_", "PYTHONPATH", "VIRTUAL_ENV"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # directories of its own, empty: the wheel's rules are read and compiled from scratch,
    # and nothing is written to a user's cache
    env["PRICING_ENGINE_CACHE"] = str(tmp_path / "cache")
    env["PRICING_ENGINE_LISTS_DIR"] = str(tmp_path / "data")
    dist = tmp_path / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q",
                  "-w", str(dist)], tmp_path, env)
    if built.returncode and any(s in built.stderr for s in _OFFLINE):
        pytest.skip(f"pip cannot reach the package index: {built.stderr[-300:]}")
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = dist.glob("pricing_engine-*.whl")

    venv.EnvBuilder(with_pip=True).create(tmp_path / "venv")
    bin_dir = tmp_path / "venv" / ("Scripts" if os.name == "nt" else "bin")
    installed = _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                     tmp_path, env)
    if installed.returncode and any(s in installed.stderr for s in _OFFLINE):
        pytest.skip(f"pip cannot reach the package index: {installed.stderr[-300:]}")
    assert installed.returncode == 0, installed.stderr[-3000:]

    work = tmp_path / "elsewhere"  # outside the repository: no ./rules to fall back on
    work.mkdir()
    checked = _run([str(bin_dir / "pricing-engine"), "validate"], work, env)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-2000:]
    assert checked.stderr.startswith("ok: ")
    loaded = _run([str(bin_dir / "python"), "-c", SNIPPET], work, env)
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    count, digest = loaded.stdout.split()
    assert int(count) >= 1 and len(digest) == 64
