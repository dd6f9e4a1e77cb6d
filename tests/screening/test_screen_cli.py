"""``pricing-engine screen`` through the real console script: output, rows in = rows out."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXE = shutil.which("pricing-engine", path=str(Path(sys.executable).parent)) or "pricing-engine"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    cache = tmp_path_factory.mktemp("cache")
    empty_user_lists = tmp_path_factory.mktemp("user-lists")
    return {
        **os.environ,
        "PRICING_ENGINE_CACHE": str(cache),
        "PRICING_ENGINE_LISTS_DIR": str(empty_user_lists),
    }


def run(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, "screen", *args], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )


def test_one_name_as_json(env: dict[str, str]) -> None:
    done = run(env, "Banco Nacional de Cuba", "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["status"] == "hit"
    assert document["matches"][0]["entry_id"] == "306"
    assert document["matches"][0]["features"][0]["name"] == "name_similarity"


def test_one_name_as_table(env: dict[str, str]) -> None:
    done = run(env, "Dragan Djokic", "--kind", "person", "--dob", "1957")
    assert done.returncode == 0, done.stderr
    assert "status: hit" in done.stdout and "7700" in done.stdout and "dob_match" in done.stdout


def test_clear_name_and_fail_on(env: dict[str, str]) -> None:
    assert run(env, "Zzyzx Qwerty Holdings").returncode == 0
    assert run(env, "Zzyzx Qwerty Holdings", "--fail-on", "review").returncode == 0
    assert run(env, "Banco Nacional de Cuba", "--fail-on", "hit").returncode == 3


def test_bad_input_exits_2(env: dict[str, str]) -> None:
    done = run(env, "Someone", "--dob", "1957-13")
    assert done.returncode == 2 and "date of birth" in done.stderr
    assert run(env).returncode == 2  # neither NAME nor --input
    assert run(env, "--input", "/nonexistent/file.csv").returncode == 2


CSV_INPUT = """id,name,kind,country,dob
a1,Banco Nacional de Cuba,entity,,
a2,,person,,
a3,John Smith,person,US,1970
a4,Bad Dob,person,US,19xx
a5,too,many,fields,here,x
a6,Digital Invest LLC,entity,RU,
a7,Someone,robot,,
"""


def test_csv_rows_in_equal_rows_out_with_malformed_rows(
    env: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "parties.csv"
    source.write_text(CSV_INPUT, encoding="utf-8")
    done = run(env, "--input", str(source))
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a1", "a2", "a3", "a4", "a5", "a6", "a7"]
    assert [r["status"] for r in records] == ["hit", None, "clear", None, None, "hit", None]
    assert all("error" in r for r in records if r["status"] is None)
    assert "error" not in records[0]
    best = records[0]["matches"][0]
    assert {k: best[k] for k in ("list", "entry_id", "name", "score", "band")} == {
        "list": "ofac_sdn", "entry_id": "306", "name": "BANCO NACIONAL DE CUBA",
        "score": 1.0, "band": "hit",
    }  # fmt: skip
    # the same match shape as a single screen, explanation included
    assert best["features"][0]["name"] == "name_similarity" and best["token_pairs"]


def test_jsonl_rows_in_equal_rows_out_as_csv(env: dict[str, str], tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 1, "name": "Isiswest Africa", "kind": "entity"}),
        "this is not json",
        json.dumps([1, 2]),
        json.dumps({"id": 4, "name": "Emma Daniels", "kind": "person", "dob": 1990}),
        json.dumps({"id": 5, "country": "FR"}),
        json.dumps({"id": 6, "name": "Blue Horizon", "identifiers": ["IMO 7406784"]}),
    ]
    output = tmp_path / "out.csv"
    done = run(env, "--input", "-", "--output", str(output), "--output-format", "csv",
               stdin="\n".join(lines) + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    assert len(rows) == len(lines)
    assert [r["status"] for r in rows] == ["hit", "", "", "clear", "", "hit"]
    assert json.loads(rows[5]["matches"])[0]["entry_id"] == "4243"  # by IMO number alone
    assert rows[1]["error"].startswith("not valid JSON")
    assert json.loads(rows[0]["matches"])[0]["entry_id"] == "23845"


def test_csv_without_a_name_column_is_bad_input(env: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("id,party\n1,Someone\n", encoding="utf-8")
    done = run(env, "--input", str(source))
    assert done.returncode == 2 and "name" in done.stderr


def test_progress_bar_goes_to_stderr_only(env: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "parties.jsonl"
    source.write_text(
        "".join(json.dumps({"id": n, "name": f"Party {n}"}) + "\n" for n in range(30)),
        encoding="utf-8",
    )
    done = run(env, "--input", str(source), "--progress", "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert "screening" in done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == list(range(30))
    quiet = run(env, "--input", str(source))  # stderr is not a terminal: no bar
    assert quiet.stderr == ""
