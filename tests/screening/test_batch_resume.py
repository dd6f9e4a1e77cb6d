"""``screen --input --output --resume`` keeps only records that are provably its input's.

Each record kept must be the record of the input row at its place: the same row, id and line,
a status no lower than its own matches' band, and the digest of that row's content with that
status. Another input with the same ids 1..N, a record edited in the middle or an output of
an earlier version (no digests) is refused, exit 2, naming the output and the first record
that differs, and the output is left as it was: no file may turn a hit into a clear.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pricing_engine.errors import InputError
from pricing_engine.screening.batch_input import raw_rows
from pricing_engine.screening.batch_resume import check_unchanged, resume_output

HEADER = "id,name,kind,country,dob\n"
SANCTIONED = HEADER + ("1,Tornado Cash,entity,,\n2,Banco Nacional de Cuba,entity,,\n"
                       "3,Acme Ltd,entity,,\n")  # fmt: skip
BENIGN = HEADER + "1,Severn Water plc,entity,,\n2,Acme Ltd,entity,,\n"
AGAIN = "; run without --resume to screen the whole input again"


def _screen(source: Path, output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pricing_engine", "screen", "--input", str(source),
               "--output", str(output), "--workers", "1", *extra]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


def _written(tmp_path: Path, text: str, fmt: str = "jsonl") -> tuple[Path, Path]:
    """Screen ``text`` (a CSV input) to out.FMT; return the input and the output paths."""
    source, output = tmp_path / "in.csv", tmp_path / f"out.{fmt}"
    source.write_text(text, encoding="utf-8")
    done = _screen(source, output, "--output-format", fmt)
    assert done.returncode == 0, done.stderr
    return source, output


def _refused(source: Path, output: Path, fmt: str = "jsonl") -> str:
    """Resume ``output`` from ``source``: it must be refused, the file untouched; the message."""
    before = output.read_bytes()
    done = _screen(source, output, "--output-format", fmt, "--resume")
    assert done.returncode == 2, done.stderr
    assert output.read_bytes() == before
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pricing-engine: error: cannot resume: ")
    return lines[0].removeprefix("pricing-engine: error: cannot resume: ")


def test_another_input_with_the_same_ids_is_refused(tmp_path: Path) -> None:
    source, output = _written(tmp_path, BENIGN)  # ids 1, 2: both clear
    source.write_text(SANCTIONED, encoding="utf-8")  # ids 1, 2, 3: rows 1 and 2 are hits
    assert _refused(source, output) == (
        f"record 1 of {output} is not the record of input row 1: its digest is not that of "
        "the input row (name, kind, country, dob, identifiers) with its status (another "
        f"input, or an edited record?){AGAIN}"
    )


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_genuine_resume_appends_the_rest(tmp_path: Path, fmt: str) -> None:
    source, output = _written(tmp_path, SANCTIONED, fmt)
    whole = output.read_bytes()
    records = whole.splitlines(keepends=True)
    kept = b"".join(records[: 3 if fmt == "csv" else 2])  # rows 1 and 2 (and a CSV header)
    output.write_bytes(kept + records[-1][:20])  # row 3 cut short
    done = _screen(source, output, "--output-format", fmt, "--resume")
    assert done.returncode == 0, done.stderr
    assert output.read_bytes() == whole
    done = _screen(source, output, "--output-format", fmt, "--resume")  # nothing left to do
    assert done.returncode == 0, done.stderr
    assert output.read_bytes() == whole


def _status_cleared(record: dict[str, object]) -> None:
    record["status"] = "clear"


def _matches_dropped(record: dict[str, object]) -> None:
    record["status"], record["matches"] = "clear", []


def _digest_swapped(record: dict[str, object]) -> None:
    record["digest"] = "0" * 64


@pytest.mark.parametrize(("edit", "why"), [
    (_status_cleared, "its status is 'clear' but its matches reach 'hit'"),
    (_matches_dropped, "its digest is not that of the input row"),
    (_digest_swapped, "its digest is not that of the input row"),
])  # fmt: skip
def test_a_record_edited_in_the_middle_is_refused(
    tmp_path: Path, edit: Callable[[dict[str, object]], None], why: str
) -> None:
    source, output = _written(tmp_path, SANCTIONED)
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert records[1]["status"] == "hit"
    edit(records[1])
    output.write_text("".join(json.dumps(r) + "\n" for r in records[:2]), encoding="utf-8")
    message = _refused(source, output)
    assert message.startswith(f"record 2 of {output} is not the record of input row 2: {why}")


def test_a_csv_record_edited_in_the_middle_is_refused(tmp_path: Path) -> None:
    source, output = _written(tmp_path, SANCTIONED, "csv")
    with open(output, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[2][2] == "hit"
    rows[2][2:6] = ["clear", "", "", ""]  # clear, no score, no matches; its digest kept
    with open(output, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows[:3])
    assert _refused(source, output, "csv").startswith(
        f"record 2 of {output} is not the record of input row 2: its digest is not that of "
    )


def test_an_input_changed_in_the_middle_is_refused(tmp_path: Path) -> None:
    source, output = _written(tmp_path, SANCTIONED)
    source.write_text(SANCTIONED.replace("Banco Nacional de Cuba", "Banco Nacional"))
    assert _refused(source, output).startswith(
        f"record 2 of {output} is not the record of input row 2: its digest is not that of "
    )
    source.write_text(SANCTIONED.replace(HEADER, HEADER + "\n"))  # the same rows, a line down
    assert _refused(source, output) == (
        f"record 1 of {output} is not the record of input row 1: it is of line 2, the input "
        f"row is on line 3{AGAIN}"
    )
    source.write_text(SANCTIONED.replace("\n3,Acme Ltd,entity,,\n", "\n"))  # a row fewer
    assert _refused(source, output) == (
        f"{output} holds a record of row 3, the input has 2 rows (another input?){AGAIN}"
    )


def test_an_output_of_an_earlier_version_is_refused(tmp_path: Path) -> None:
    source, output = _written(tmp_path, SANCTIONED)
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    output.write_text("".join(json.dumps({k: v for k, v in r.items() if k != "digest"}) + "\n"
                              for r in records[:2]), encoding="utf-8")  # fmt: skip
    assert _refused(source, output) == (
        f"record 1 of {output} is not the record of input row 1: it has no digest (written "
        f"by an earlier version of pricing-engine){AGAIN}"
    )
    output.write_text("id,row,status,error,best_score,matches\r\n1,1,clear,,,\r\n")
    assert _refused(source, output, "csv") == (
        f"{output} was written by an earlier version of pricing-engine (its records have no "
        f"digest){AGAIN}"
    )


def test_an_output_changed_after_its_check_is_not_appended_to(tmp_path: Path) -> None:
    _, output = _written(tmp_path, SANCTIONED)
    done, rest = resume_output(output, "jsonl", raw_rows(io.StringIO(SANCTIONED)))
    assert done.rows == 3 and done.tally == {"hit": 2, "clear": 1} and list(rest) == []
    with open(output, "r+b") as handle:
        check_unchanged(handle.fileno(), done, output)
        handle.seek(0, 2)
        handle.write(b"\n")
        handle.flush()
        with pytest.raises(InputError, match="changed while its records were being checked"):
            check_unchanged(handle.fileno(), done, output)
