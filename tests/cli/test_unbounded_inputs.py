"""No input source makes the CLI read without bound, and a closed pipe never turns into exit 0.

``check``, ``quote`` and ``proposal render`` read a document from a path or stdin: a device,
a FIFO or an endless pipe is read MAX_BYTES + 1 bytes at most, then refused like a file over
the limit (exit 2, one line). ``screen --input`` refuses a file of NUL bytes as binary and a
line with no end once it runs past MAX_SKIPPED_BYTES. When stdout's reader goes away
(``check P | head -1``) the process exits with the outcome it had reached (4 for a refusal)
or 141 (128 + SIGPIPE), never 0, with no traceback.

Every run below is a subprocess with a timeout and an address-space limit.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest

from pricing_engine.documents import MAX_BYTES, read_limited
from pricing_engine.errors import InputError
from pricing_engine.screening.batch_input import MAX_SKIPPED_BYTES, raw_rows

ROOT = Path(__file__).resolve().parents[2]
REJECTED = ROOT / "examples" / "proposals" / "sanctions-light-variant.yaml"
QUOTE = ROOT / "examples" / "de-us-ddp.yaml"
TIMEOUT = 120
#: Far above what a bounded run needs; an unbounded read of /dev/zero fails fast under it.
ADDRESS_SPACE = 3 << 30


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run(*args: str, stdin: Any = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "pricing_engine", *args], stdin=stdin,
                          capture_output=True, timeout=TIMEOUT, preexec_fn=_limit_memory)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(),
                                       done.stderr.decode())


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pricing-engine: error: "), done.stderr
    return lines[0]


class _Endless(io.RawIOBase):
    """A stream with no end in sight: ``head``, then ``fill`` (ending, as a guard, at 256 MiB)."""

    def __init__(self, fill: bytes, head: bytes = b"") -> None:
        self.fill, self.head = fill, head
        self.left = 4 * MAX_SKIPPED_BYTES  # a reader without bound fails instead of hanging

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self.head:
            size = min(len(view), len(self.head))
            view[:size], self.head = self.head[:size], self.head[size:]
            return size
        size = min(len(view), self.left)
        view[:size] = self.fill * size
        self.left -= size
        return size


# --- documents: read at most MAX_BYTES + 1 bytes of any source --------------------------------


def test_read_limited_stops_one_byte_past_the_limit() -> None:
    assert len(read_limited(io.BufferedReader(_Endless(b"\0")))) == MAX_BYTES + 1
    assert read_limited(io.BytesIO(b"id: 1\n")) == b"id: 1\n"


@pytest.mark.parametrize("command", [["check"], ["quote"], ["proposal", "render"]])
def test_a_device_is_refused_at_the_size_limit(command: list[str], tmp_path: Path) -> None:
    out = ["--out", str(tmp_path / "p.html")] if command[0] == "proposal" else []
    message = one_line_error(run(*command, "/dev/zero", *out))
    assert f"/dev/zero:1:1: file is over {MAX_BYTES} bytes; the limit is {MAX_BYTES}" in message


@pytest.mark.parametrize("command", ["check", "quote"])
def test_an_endless_pipe_on_stdin_is_refused_at_the_size_limit(command: str) -> None:
    yes = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        assert yes.stdout is not None
        message = one_line_error(run(command, "-", stdin=yes.stdout))
    finally:
        yes.kill()
        yes.wait()
    assert f"<stdin>:1:1: document is over the {MAX_BYTES}-byte limit" in message


def test_a_document_from_a_fifo_is_still_read(tmp_path: Path) -> None:
    fifo = tmp_path / "quote.fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", 'cat "$1" > "$2"', "sh", str(QUOTE), str(fifo)])
    try:
        done = run("quote", str(fifo), "--format", "json")
    finally:
        writer.wait(timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert '"schema_version": 1' in done.stdout


# --- screen --input: a binary device and a line with no end ------------------------------------


def test_screen_refuses_dev_zero_as_binary() -> None:
    message = one_line_error(run("screen", "--input", "/dev/zero"))
    assert "binary" in message and "NUL byte at offset 0" in message


def test_screen_refuses_a_line_with_no_end_after_the_rows_before_it() -> None:
    source = subprocess.Popen(["sh", "-c", "printf 'id,name\\n1,Clear Name Ltd\\n'; "
                               "tr '\\0' a < /dev/zero"], stdout=subprocess.PIPE)
    try:
        done = run("screen", "--input", "-", stdin=source.stdout)
    finally:
        source.kill()
        source.wait()
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"line 3: no line break in {MAX_SKIPPED_BYTES:,} bytes" in done.stderr


def test_raw_rows_refuses_endless_nul_bytes_before_reading_past_the_first_line() -> None:
    with pytest.raises(InputError, match=r"binary file.*NUL byte at offset 0"):
        raw_rows(io.BufferedReader(_Endless(b"\0")))


def test_raw_rows_gives_the_rows_before_a_line_with_no_end_then_refuses() -> None:
    rows = raw_rows(io.BufferedReader(_Endless(b"a", head=b"id,name\n1,x\n")))
    first = next(rows)
    assert (first.cells, first.error) == ({"id": "1", "name": "x"}, None)
    second = next(rows)
    assert second.error is not None and "longer than" in second.error
    with pytest.raises(InputError, match=f"line 3: no line break in {MAX_SKIPPED_BYTES:,}"):
        next(rows)


def test_a_first_line_over_the_limit_is_a_csv_header_error(tmp_path: Path) -> None:
    source = tmp_path / "wide.csv"
    source.write_bytes(b"id,name," + b"c" * (2 << 20) + b"\n1,x,y\n")
    message = one_line_error(run("screen", "--input", str(source)))
    assert "line 1: longer than" in message and "CSV header" in message


# --- a closed pipe on stdout -------------------------------------------------------------------


def _closed_stdout(args: list[str], *, first_line: bool) -> tuple[int, str, bytes]:
    """Run the CLI with stdout a pipe closed at once, or after the first line is read."""
    process = subprocess.Popen([sys.executable, "-m", "pricing_engine", *args],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, preexec_fn=_limit_memory)
    out: IO[bytes] | None = process.stdout
    assert out is not None and process.stderr is not None
    line = out.readline() if first_line else b""
    out.close()
    try:
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=TIMEOUT)
    finally:
        process.kill()
    return code, stderr, line


@pytest.mark.parametrize("first_line", [False, True], ids=["closed-at-once", "after-line-1"])
def test_check_keeps_the_refusal_exit_code_when_stdout_closes(first_line: bool) -> None:
    code, stderr, line = _closed_stdout(["check", str(REJECTED)], first_line=first_line)
    assert code == 4, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert line.startswith(b"REJECTED") or not first_line


def test_check_json_keeps_the_refusal_exit_code_when_stdout_closes() -> None:
    code, stderr, _ = _closed_stdout(["check", str(REJECTED), "--format", "json"],
                                     first_line=False)
    assert code == 4, stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_an_output_cut_short_is_never_exit_0(fmt: str) -> None:
    code, stderr, _ = _closed_stdout(["quote", str(QUOTE), "--format", fmt], first_line=False)
    assert code == 141, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert "broken pipe" in stderr


# --- stdout that cannot be written (a full disk) -------------------------------------------------

@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(("args", "outcome"), [
    (["check", str(REJECTED)], 4),
    (["check", str(REJECTED), "--format", "json"], 4),
    (["quote", str(QUOTE)], 1),
    (["quote", str(QUOTE), "--format", "json"], 1),
    (["--help"], 1),
])
def test_stdout_that_cannot_be_written_keeps_the_outcome_and_is_never_exit_0(
        args: list[str], outcome: int) -> None:
    # a write to a full disk was an internal error (exit 1): a refusal lost its exit 4
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "pricing_engine", *args],
                              stdin=subprocess.DEVNULL, stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == outcome, done.stderr
    assert done.stderr.splitlines() == [
        "pricing-engine: standard output could not be written (No space left on device): "
        f"exit {outcome}"], done.stderr
