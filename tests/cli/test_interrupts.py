"""A stopped or failing ``screen --output`` run leaves no half record and no traceback.

SIGINT (to the whole process group, as Ctrl-C sends it) exits 130, SIGTERM exits 143; the
output file then holds only complete records (those of rows 1 to N, N named on stderr; an
earlier file is replaced by them: --resume, tested in tests/screening/test_batch_interrupt.py,
finishes it), and neither the main process nor its workers print a traceback. A full disk
exits 2 with one line and leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import errno
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from pricing_engine._atomic import atomic_write
from pricing_engine.cli import main as cli_main
from pricing_engine.cli import screen as cli_screen
from pricing_engine.cli._signals import handle_signals

ROWS = 100_000
SYLLABLES = ("ka", "to", "mi", "ra", "no", "shi", "be", "lo", "an", "dre", "vi", "sa", "gu")


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    """The environment of the CLI runs (the session's own index cache and user lists)."""
    return dict(os.environ)


@pytest.fixture(scope="module")
def parties(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch long enough that a signal sent once its output has begun lands mid-run."""
    rng = random.Random(8)

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(3)).title()

    path = tmp_path_factory.mktemp("batch") / "parties.csv"
    lines = (f"{n},{word()} {word()},person\n" for n in range(ROWS))
    path.write_text("id,name,kind\n" + "".join(lines), encoding="utf-8")
    return path


def _temporary_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".")]


def _output_started(folder: Path, output: Path, previous_size: int) -> bool:
    """Whether records are being written (to a temporary file, or to the output itself)."""
    if any(p.stat().st_size for p in _temporary_files(folder)):
        return True
    return output.exists() and output.stat().st_size > previous_size


@pytest.mark.parametrize(
    ("signum", "group", "code"),
    [(signal.SIGINT, True, 130), (signal.SIGTERM, False, 143), (signal.SIGTERM, True, 143)],
)
def test_a_stopped_batch_leaves_complete_records_and_no_traceback(
    env: dict[str, str], parties: Path, tmp_path: Path, signum: int, group: bool, code: int
) -> None:
    output = tmp_path / "out.jsonl"
    previous = b'{"id": "0", "row": 1, "status": "clear", "matches": []}\n'
    if group:  # a complete earlier output stays as it was
        output.write_bytes(previous)
    command = [sys.executable, "-m", "pricing_engine", "screen", "--input", str(parties),
               "--output", str(output), "--workers", "2"]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 240  # a guard against a hang, not a timing assertion
        while not _output_started(tmp_path, output, len(previous) if group else 0):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the output never started"
            time.sleep(0.01)
        if group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        _, err = process.communicate(timeout=120)  # EOF once the workers are gone too
    finally:
        if process.poll() is None:
            process.kill()
    stderr = err.decode()
    assert process.returncode == code, stderr
    (last,) = stderr.splitlines()
    name = signal.Signals(signum).name
    assert last.startswith(f"pricing-engine: stopped by {name} after row "), stderr
    rows = int(last.split(" after row ")[1].split(":")[0])
    assert _temporary_files(tmp_path) == []
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [r["row"] for r in records] == list(range(1, rows + 1))
    assert output.read_text(encoding="utf-8").endswith("\n") or rows == 0


class _FullDisk:
    """A file handle on a disk that fills up after ``room`` characters."""

    def __init__(self, handle: IO[str], room: int) -> None:
        self._handle, self._room = handle, room

    def write(self, text: str) -> int:
        self._room -= len(text)
        if self._room < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._handle.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _run_main(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as stop:
        cli_main.main(argv)
    return int(stop.value.code or 0)


def test_a_full_disk_exits_2_with_one_line_and_leaves_no_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "id,name\n" + "".join(f"{n},Tornado Cash\n" for n in range(200)), encoding="utf-8"
    )
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    @contextlib.contextmanager
    def full_disk(path: str, *args: Any, **kwargs: Any) -> Iterator[_FullDisk]:
        with atomic_write(path, *args, **kwargs) as handle:
            yield _FullDisk(handle, room=5_000)

    monkeypatch.setattr(cli_screen, "atomic_write", full_disk)
    for fmt in ("jsonl", "csv"):
        argv = ["screen", "--input", str(source), "--output", str(out_dir / f"out.{fmt}"),
                "--output-format", fmt, "--workers", "1"]  # fmt: skip
        assert _run_main(argv) == 2
        err = capsys.readouterr().err
        assert err.splitlines() == [
            f"pricing-engine: error: {out_dir / f'out.{fmt}'}: cannot write: "
            "No space left on device"
        ]
    assert list(out_dir.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name an fd")
def test_a_failing_fsync_leaves_no_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "name": "Tornado Cash"}\n', encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if Path(f"/proc/self/fd/{fd}").resolve().parent == out_dir:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    argv = ["screen", "--input", str(source), "--output", str(out_dir / "o.jsonl")]
    assert _run_main([*argv, "--workers", "1"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert list(out_dir.iterdir()) == []


def test_exit_codes_on_interrupt_are_documented() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pricing_engine", "screen", "--help"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert "130 stopped by SIGINT, 143 by SIGTERM" in " ".join(done.stdout.split())
    assert "130" in (cli_main.__doc__ or "") and "143" in (cli_main.__doc__ or "")


def test_an_output_that_cannot_be_created_exits_2(env: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,name\n1,Tornado Cash\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pricing_engine", "screen", "--input", str(source),
         "--output", str(tmp_path / "missing" / "out.jsonl")],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"pricing-engine: error: {tmp_path / 'missing' / 'out.jsonl'}: cannot write: "
        "No such file or directory"
    ]


def _dispositions() -> tuple[str, str]:
    def name(handler: object) -> str:
        return handler.name if isinstance(handler, signal.Handlers) else "python"

    return name(signal.getsignal(signal.SIGINT)), name(signal.getsignal(signal.SIGTERM))


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="workers are forked"
)
def test_a_forked_worker_is_born_ignoring_sigint_and_dying_on_sigterm() -> None:
    """At the kernel level, from the fork on: a Python handler could lose an early SIGTERM."""
    pool_context = multiprocessing.get_context("fork")
    restore = handle_signals()
    try:
        assert _dispositions() == ("python", "python")
        with pool_context.Pool(1) as pool:
            assert pool.apply(_dispositions) == ("SIG_IGN", "SIG_DFL")
    finally:
        restore()
    with pool_context.Pool(1) as pool:  # once the CLI is done, forks are left alone
        assert pool.apply(_dispositions)[0] == "python"
