"""Bytes that are not UTF-8 are named by line and byte offset in every document a user gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BAD = b"id: P-1\ndate: 2026-11-20\ncurrency: \xff\xfeEUR\n"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "pricing_engine", *args], input=stdin,
                          capture_output=True, check=False)


def test_check_reads_stdin_as_bytes_and_names_the_bad_byte() -> None:
    done = run("check", "-", stdin=BAD)
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "<stdin>:3:11:" in err and "byte 0xff at byte offset 35" in err


def test_validate_names_the_line_and_byte_of_a_rule_file(tmp_path: Path) -> None:
    rules = tmp_path / "DE.yaml"
    rules.write_bytes((ROOT / "rules" / "countries" / "DE.yaml").read_bytes() + b"# caf\xe9\n")
    done = run("validate", "--no-bundled", str(rules))
    assert done.returncode == 1
    lines = (ROOT / "rules" / "countries" / "DE.yaml").read_bytes().count(b"\n") + 1
    assert f"DE.yaml:{lines}:6: not UTF-8 text" in done.stdout.decode()
