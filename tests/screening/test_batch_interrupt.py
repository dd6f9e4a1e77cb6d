"""A stopped ``screen --input --output`` keeps complete records, names its row; --resume ends it.

Each run is the real console script in a process of its own; the signal is sent once records
are being written (the output is polled, no fixed sleep), and the resumed file must equal the
output of a run that was never stopped.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROWS = 6_000
GIVEN = ("Maria", "Jose", "Anna", "Pieter", "Olga", "Kenji", "Fatima", "Luis", "Ingrid", "Omar")
SURNAMES = ("Garcia", "Novak", "Jansen", "Ivanova", "Tanaka", "Haddad", "Moreno", "Berg")
FIRMS = ("Nordic", "Atlas", "Harbor", "Greenfield", "Pacific", "Union", "Delta", "Summit")
FORMS = ("Ltd", "GmbH", "S.A.", "LLC", "B.V.", "Trading Co")
LAST_LINE = re.compile(r"pricing-engine: stopped by (SIG\w+) after row (\d+): ")


@pytest.fixture(scope="module")
def parties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Company and person names of a CRM's shape, long enough to still run when stopped."""
    rng = random.Random(11)
    lines = ["id,name,kind,country"]
    for n in range(ROWS):
        if n % 2:
            name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}-{rng.choice(SURNAMES)}"
            lines.append(f"P{n},{name},person,{rng.choice(('DE', 'ES', 'NL', ''))}")
        else:
            lines.append(f"C{n},{rng.choice(FIRMS)} {rng.choice(FIRMS)} {rng.choice(FORMS)},,")
    path = tmp_path_factory.mktemp("stop") / "parties.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _command(parties: Path, output: Path, workers: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pricing_engine", "screen", "--input", str(parties),
            "--output", str(output), "--workers", str(workers), *extra]  # fmt: skip


@pytest.fixture(scope="module")
def uninterrupted(parties: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    output = tmp_path_factory.mktemp("whole") / "out.jsonl"
    done = subprocess.run(_command(parties, output, 2), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    return output.read_bytes()


def _writing(folder: Path) -> bool:
    return any(p.stat().st_size for p in folder.iterdir() if p.suffix in (".tmp", ".jsonl"))


@pytest.mark.parametrize(
    ("signum", "group", "workers"),
    [(signal.SIGTERM, False, 2), (signal.SIGINT, True, 2), (signal.SIGTERM, False, 1)],
)
def test_a_stopped_run_keeps_complete_records_and_resume_finishes_it(
    parties: Path, uninterrupted: bytes, tmp_path: Path, signum: int, group: bool, workers: int
) -> None:
    output = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        _command(parties, output, workers),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240  # a guard against a hang, not a timing assertion
        while not _writing(tmp_path):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the output never started"
            time.sleep(0.01)
        if group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    stderr = err.decode()
    assert process.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    last = LAST_LINE.match(stderr.splitlines()[-1])
    assert last is not None, stderr
    assert last.group(1) == signal.Signals(signum).name
    rows = int(last.group(2))
    assert 0 < rows < ROWS
    lines = output.read_bytes().splitlines(keepends=True)
    assert len(lines) == rows
    assert [json.loads(line)["row"] for line in lines] == list(range(1, rows + 1))
    assert b"".join(lines) == uninterrupted[: len(b"".join(lines))]
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary file left

    resumed = subprocess.run(
        _command(parties, output, workers, "--resume"), capture_output=True, check=False
    )
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stderr == b""
    assert output.read_bytes() == uninterrupted


def test_resume_drops_a_record_cut_short_and_refuses_another_input(
    parties: Path, uninterrupted: bytes, tmp_path: Path
) -> None:
    output = tmp_path / "out.jsonl"
    kept = b"".join(uninterrupted.splitlines(keepends=True)[:10])
    output.write_bytes(kept + b'{"schema_version": "1", "id": "C1')  # killed mid-write
    done = subprocess.run(
        _command(parties, output, 1, "--resume"), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert output.read_bytes() == uninterrupted

    other = tmp_path / "other.csv"
    other.write_text("id,name\n" + "".join(f"X{n},Someone Else\n" for n in range(20)))
    output.write_bytes(kept)
    refused = subprocess.run(
        _command(other, output, 1, "--resume"), capture_output=True, text=True, check=False
    )
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        f"pricing-engine: error: cannot resume: record 1 of {output} is not the record of "
        "input row 1: its id is 'C0', the input row's 'X0' (another input?); run without "
        "--resume to screen the whole input again"
    ]
    assert output.read_bytes() == kept


def test_resume_of_a_csv_output_keeps_its_header_and_complete_rows(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    rows = [{"id": f"a\nb{n}" if n == 3 else n, "name": name}
            for n, name in enumerate(("Banco Nacional de Cuba", "=cmd", "Nordic Atlas Ltd",
                                      "Maria Garcia", "Tornado Cash", "Olga Novak"))]  # fmt: skip
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    output = tmp_path / "out.csv"
    command = [*_command(source, output, 1), "--output-format", "csv"]
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
    whole = output.read_bytes()
    records = whole.split(b"\r\n")  # the header, then one record per row (row 4's id spans lines)
    assert records[0] == b"id,row,status,error,best_score,matches,digest"
    cut = b"\r\n".join(records[:5]) + b"\r\n" + records[5][:9]  # rows 1-4, row 5 cut short
    output.write_bytes(cut)
    done = subprocess.run([*command, "--resume"], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert output.read_bytes() == whole
