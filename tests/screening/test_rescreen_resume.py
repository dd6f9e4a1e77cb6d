"""``screen --changed-since --resume``: a stopped re-screen goes on from its checkpoint.

The register repeats the 38 parties of tests/fixtures/sdn_delta/ (the 2021 -> 2024 SDN cut)
with ids of their own, so every row's expected record is known from its group: a resumed run
must give each once, in order, none lost. The checkpoint is hostile input: a foreign, stale
or malformed one is refused (exit 2, a message naming it), never used.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from pricing_engine.cli.main import main
from pricing_engine.screening.bundle import manifest_record, write_manifest
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.rescreen_checkpoint import (
    RescreenCheckpoint,
    binding,
    checkpoint_path,
    read_checkpoint,
    write_checkpoint,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sdn_delta"
OLD, NEW = FIXTURES / "2021-07-07", FIXTURES / "2024-05-03"
EXE = shutil.which("pricing-engine", path=str(Path(sys.executable).parent)) or "pricing-engine"
MOVES = {"added": ("clear", "hit"), "renamed-new": ("clear", "hit"),
         "removed": ("hit", "clear"), "renamed-old": ("hit", "clear")}  # fmt: skip


def _parties() -> list[tuple[str, str, str]]:
    with open(FIXTURES / "parties.csv", encoding="utf-8", newline="") as handle:
        return [(r["id"], r["name"], r["kind"]) for r in csv.DictReader(handle)]


def _register(path: Path, copies: int) -> dict[int, tuple[str, str, str]]:
    """Write ``copies`` of the register; return row -> (id, old, new) of the rows that move."""
    parties = _parties()
    expected = {}
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(("id", "name", "kind"))
        for copy in range(copies):
            for n, (ident, name, kind) in enumerate(parties):
                out.writerow((f"{ident}#{copy}", name, kind))
                group = ident.rsplit("-", 1)[0]
                if group in MOVES:
                    expected[copy * len(parties) + n + 1] = (f"{ident}#{copy}", *MOVES[group])
    return expected


def _lists_dir(root: Path, extra: bytes = b"") -> Path:
    """The 2024 cut as a lists directory; ``extra`` lines are put in before the EOF byte."""
    directory = root / "lists-2024"
    directory.mkdir()
    raw = (NEW / "sdn.csv").read_bytes()
    (directory / "sdn.csv").write_bytes(raw[:-1] + extra + raw[-1:])
    lst = load_list("ofac_csv", directory / "sdn.csv", list_id="ofac_sdn")
    write_manifest(directory, [manifest_record(lst, directory, [directory / "sdn.csv"])])
    return directory


def _records(path: Path) -> dict[int, tuple[str, str, str]]:
    found: dict[int, tuple[str, str, str]] = {}
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        rows.append(record["row"])
        found[record["row"]] = (record["id"], record["old_status"], record["new_status"])
    assert rows == sorted(set(rows)), "records out of order or repeated"
    return found


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {"PRICING_ENGINE_CACHE": str(tmp_path / "cache"),
              "PRICING_ENGINE_LISTS_DIR": str(tmp_path / "no-user-lists")}  # fmt: skip
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return {**os.environ, **values}


def test_sigterm_midway_then_resume(tmp_path: Path, env: dict[str, str]) -> None:
    register = tmp_path / "parties.csv"
    expected = _register(register, 150)  # 5,700 rows
    lists, out = _lists_dir(tmp_path), tmp_path / "changed.jsonl"
    command = [EXE, "screen", "--input", str(register), "--lists", str(lists),
               "--changed-since", str(OLD), "--output", str(out), "--workers", "1"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while process.poll() is None and time.monotonic() < deadline:
            if any(p.stat().st_size for p in tmp_path.glob(".changed.jsonl.*.tmp")):
                break  # records are being written: stop it midway
            time.sleep(0.002)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 143, stderr
    assert "Traceback" not in stderr
    checkpoint = read_checkpoint(checkpoint_path(out))
    assert 0 < checkpoint.rows < 5700, "not stopped midway"
    assert f"after row {checkpoint.rows}:" in stderr
    assert f"--resume continues from row {checkpoint.rows + 1}" in stderr
    partial = _records(out)
    assert partial == {r: e for r, e in expected.items() if r <= checkpoint.rows}
    assert checkpoint.output_bytes == out.stat().st_size
    done = subprocess.run([*command, "--resume"], capture_output=True, text=True, env=env,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _records(out) == expected  # every row's record once: none lost, none twice
    assert not checkpoint_path(out).exists()  # ended: nothing left to resume
    assert f"{len(expected)} of 5700 rows changed status" in done.stderr
    assert f"{len(expected)} rows matched a changed entry and were screened again" in (
        done.stderr)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    code = exited.value.code
    return (code if isinstance(code, int) else 1), capsys.readouterr().err


class _Stopped:
    """A finished run cut back to how a stop after row ``rows`` leaves it, with its checkpoint."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str], rows: int) -> None:
        self.register = tmp_path / "parties.csv"
        self.expected = _register(self.register, 4)
        self.lists, self.out = _lists_dir(tmp_path), tmp_path / "changed.jsonl"
        self.args = ["screen", "--input", str(self.register), "--lists", str(self.lists),
                     "--changed-since", str(OLD), "--output", str(self.out), "--workers", "1"]
        code, err = _run(self.args, capsys)
        assert code == 0, err
        self.whole = self.out.read_bytes()
        lines = self.whole.splitlines(keepends=True)
        kept = [line for line in lines if json.loads(line)["row"] <= rows]
        prefix = b"".join(kept)
        self.out.write_bytes(prefix + lines[len(kept)][:25])  # and a record cut short
        moves = [json.loads(line) for line in kept]
        bound = binding(input_path=self.register, lists=(load_list(
            "ofac_csv", self.lists / "sdn.csv", list_id="ofac_sdn"),), old=(load_list(
            "ofac_csv", OLD / "sdn.csv", list_id="ofac_sdn"),), previous_path=None)
        self.checkpoint = RescreenCheckpoint(
            **bound.model_dump(), rows=rows, screened=len(kept), output_bytes=len(prefix),
            output_sha256=hashlib.sha256(prefix).hexdigest(),
            moves=dict(Counter(f"{m['old_status']}->{m['new_status']}" for m in moves)),
        )
        write_checkpoint(checkpoint_path(self.out), self.checkpoint)


def test_resume_from_a_checkpoint_gives_the_whole_output(
    tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    stopped = _Stopped(tmp_path, capsys, rows=50)
    code, err = _run([*stopped.args, "--resume"], capsys)
    assert code == 0, err
    assert stopped.out.read_bytes() == stopped.whole
    assert not checkpoint_path(stopped.out).exists()
    assert f"{len(stopped.expected)} of 152 rows changed status" in err


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ("input", "does not match the input file"),
        ("lists", "does not match the lists in effect (updated since?)"),
        ("old", "does not match the former version of the lists (--changed-since)"),
        ("previous", "does not match the previous results (--previous)"),
        ("output", "is not the output changed.jsonl.checkpoint.json was written for"),
        ("garbage", "not a rescreen checkpoint"),
        ("pickle", "not UTF-8 text"),
        ("extra", "admin: Extra inputs are not permitted"),
        ("negative", "rows: Input should be greater than or equal to 0"),
        ("digest", "input_sha256: String should match pattern"),
        ("missing", "no checkpoint"),
    ],
)
def test_a_foreign_stale_or_hostile_checkpoint_is_refused(
    tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str], spoil: str,
    message: str,
) -> None:  # fmt: skip
    stopped = _Stopped(tmp_path, capsys, rows=50)
    at = checkpoint_path(stopped.out)
    text = at.read_text(encoding="utf-8")
    args = [*stopped.args, "--resume"]
    if spoil == "input":
        with open(stopped.register, "a", encoding="utf-8") as handle:
            handle.write("late-1,Someone New,person\n")
    elif spoil == "lists":
        shutil.rmtree(stopped.lists)
        extra = (b'99999999,"ZEBRA QUARTZ TRADING",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
                 b"-0- ,-0- \r\n")
        _lists_dir(tmp_path, extra)  # the lists were updated since
    elif spoil == "old":
        args[args.index(str(OLD))] = str(NEW)
    elif spoil == "previous":
        earlier = tmp_path / "earlier.jsonl"
        earlier.write_text('{"row": 1, "id": "same-1#0", "status": "hit"}\n', encoding="utf-8")
        args += ["--previous", str(earlier)]
    elif spoil == "output":
        data = bytearray(stopped.out.read_bytes())
        data[10] ^= 1
        stopped.out.write_bytes(bytes(data))
    elif spoil == "garbage":
        at.write_text('{"kind": "something else"}\n', encoding="utf-8")
    elif spoil == "pickle":
        at.write_bytes(b"\x80\x04\x95cos\nsystem\n(S'echo owned'\ntR.")
    elif spoil == "extra":
        at.write_text(text.replace('"rows"', '"admin": true, "rows"'), encoding="utf-8")
    elif spoil == "negative":
        at.write_text(text.replace('"rows": 50', '"rows": -5'), encoding="utf-8")
    elif spoil == "digest":
        value = stopped.checkpoint.input_sha256
        at.write_text(text.replace(value, "../../etc/passwd"), encoding="utf-8")
    elif spoil == "missing":
        at.unlink()
    before = stopped.out.read_bytes()
    code, err = _run(args, capsys)
    assert code == 2, err
    assert message in err and "Traceback" not in err
    assert stopped.out.read_bytes() == before  # nothing written on a refused checkpoint


def test_resume_needs_files_and_a_fresh_run_starts_again(
    tmp_path: Path, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    stopped = _Stopped(tmp_path, capsys, rows=50)
    code, err = _run([*stopped.args[:-4], "--resume"], capsys)  # no --output: stdout
    assert code == 2 and "--resume needs --input FILE and --output FILE" in err
    code, err = _run(stopped.args, capsys)  # without --resume: from row 1, checkpoint gone
    assert code == 0, err
    assert stopped.out.read_bytes() == stopped.whole
    assert not checkpoint_path(stopped.out).exists()
