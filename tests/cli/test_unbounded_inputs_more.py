"""The other readers of a file the CLI is given never read a device or a pipe without bound.

A pricebook CSV catalogue, an ECB rate file, a tariff file (``us-hts-json``, ``us-ch99``) and
a sanctions list file are each read at most their documented limit + 1 bytes, whatever
stat() says (0 for a device, FIFO or pipe), then refused like a file over the limit (exit 2,
one line, no traceback). ``screen --changed-since`` hashes ``--input`` and ``--previous``
before it reads them (to bind a checkpoint): a file that is not a regular one is refused
there, not consumed; ``--previous`` is read line by line within a bound.

Every run below is a subprocess with a timeout and an address-space limit, as in
test_unbounded_inputs.py.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pricing_engine.documents import MAX_BYTES, read_limited
from pricing_engine.errors import InputError
from pricing_engine.screening.rescreen import MAX_PREVIOUS_LINE, read_previous

ROOT = Path(__file__).resolve().parents[2]
MARKETS = ROOT / "examples" / "pricebook" / "markets.yaml"
OLD_LISTS = ROOT / "tests" / "fixtures" / "sdn_delta" / "2021-07-07"
PARTIES = ROOT / "tests" / "fixtures" / "sdn_delta" / "parties.csv"
TIMEOUT = 30
#: Far above what a bounded run needs; an unbounded read of /dev/zero fails fast under it.
ADDRESS_SPACE = 3 << 30


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "pricing_engine", *args],
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT,
                          preexec_fn=_limit_memory, env=env)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(),
                                       done.stderr.decode())


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pricing-engine: error: "), done.stderr
    return lines[0]


def _zero_named(tmp_path: Path, name: str) -> Path:
    """A path with the name a reader dispatches on (``.csv``) that is /dev/zero."""
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    return link


def _screen_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "PRICING_ENGINE_CACHE": str(tmp_path / "cache"),
            "PRICING_ENGINE_LISTS_DIR": str(tmp_path / "no-user-lists")}


# --- the one-pass readers: at most limit + 1 bytes ---------------------------------------------


def test_read_limited_takes_a_limit() -> None:
    assert read_limited(io.BytesIO(b"abcdef"), limit=3) == b"abcd"
    assert read_limited(io.BytesIO(b"abc"), limit=3) == b"abc"
    assert read_limited(io.BytesIO(b"x" * (MAX_BYTES + 9))) == b"x" * (MAX_BYTES + 1)


def test_pricebook_refuses_a_device_as_a_csv_catalogue(tmp_path: Path) -> None:
    catalogue = _zero_named(tmp_path, "catalogue.csv")
    message = one_line_error(run("pricebook", str(catalogue), str(MARKETS)))
    assert f"{catalogue}:1:1: file is over" in message and "split the catalogue" in message


def test_pricebook_refuses_dev_zero_as_a_yaml_catalogue() -> None:
    message = one_line_error(run("pricebook", "/dev/zero", str(MARKETS)))
    assert "/dev/zero:1:1: file is over" in message


def test_fx_import_ecb_refuses_dev_zero() -> None:
    message = one_line_error(run("fx", "import", "ecb", "/dev/zero"))
    assert "/dev/zero:1:1: file is over" in message


@pytest.mark.parametrize("fmt", ["us-hts-json", "us-ch99"])
def test_tariff_import_refuses_dev_zero(fmt: str, tmp_path: Path) -> None:
    message = one_line_error(run("tariff", "import", fmt, "/dev/zero", "--out", str(tmp_path)))
    assert "/dev/zero: file is over" in message
    assert not (tmp_path / "tariffs").exists()


@pytest.mark.parametrize("fmt", ["ofac_csv", "uk_conlist_csv", "un_xml"])
def test_lists_import_refuses_dev_zero(fmt: str, tmp_path: Path) -> None:
    done = run("lists", "import", fmt, "/dev/zero", "--dir", str(tmp_path / "lists"))
    assert "/dev/zero: not a regular file" in one_line_error(done)  # not "not found"
    assert not (tmp_path / "lists" / "manifest.json").exists()


# --- screen --changed-since: read twice, so only a regular file --------------------------------


def test_changed_since_refuses_dev_zero_as_input(tmp_path: Path) -> None:
    done = run("screen", "--input", "/dev/zero", "--changed-since", str(OLD_LISTS),
               "--output", str(tmp_path / "out.jsonl"), env=_screen_env(tmp_path))
    assert "/dev/zero: not a regular file" in one_line_error(done)


def test_changed_since_refuses_a_fifo_as_input_before_reading_it(tmp_path: Path) -> None:
    fifo = tmp_path / "parties.fifo"
    os.mkfifo(fifo)
    done = run("screen", "--input", str(fifo), "--changed-since", str(OLD_LISTS),
               "--output", str(tmp_path / "out.jsonl"), env=_screen_env(tmp_path))
    assert f"{fifo}: not a regular file" in one_line_error(done)


def test_changed_since_refuses_dev_zero_as_previous(tmp_path: Path) -> None:
    done = run("screen", "--input", str(PARTIES), "--changed-since", str(OLD_LISTS),
               "--previous", "/dev/zero", "--output", str(tmp_path / "out.jsonl"),
               env=_screen_env(tmp_path))
    assert "/dev/zero: not a regular file" in one_line_error(done)


def test_previous_dev_zero_to_stdout_is_read_within_a_bound(tmp_path: Path) -> None:
    done = run("screen", "--input", str(PARTIES), "--changed-since", str(OLD_LISTS),
               "--previous", "/dev/zero", env=_screen_env(tmp_path))
    assert f"line 1: longer than {MAX_PREVIOUS_LINE:,}" in one_line_error(done)


class _Zeros(io.TextIOBase):
    """NUL characters without end (a guard stops at 64 MiB)."""

    def __init__(self) -> None:
        self.left = 64 << 20

    def readline(self, size: Any = -1) -> str:
        size = self.left if size is None or size < 0 else min(size, self.left)
        self.left -= size
        return "\0" * size


def test_read_previous_refuses_a_line_with_no_end() -> None:
    with pytest.raises(InputError, match=f"line 1: longer than {MAX_PREVIOUS_LINE:,}"):
        read_previous(_Zeros())


def test_a_list_loader_reads_a_device_within_the_limit(tmp_path: Path) -> None:
    # load_list (and `lists import`) refuse a path that is not a file first; the CSV readers
    # under them bound a device themselves
    catalogue = _zero_named(tmp_path, "sdn.csv")
    code = ("import sys; from pathlib import Path\n"
            "from pricing_engine.errors import ListFormatError\n"
            "from pricing_engine.screening.lists._common import read_text\n"
            "try:\n    read_text(Path(sys.argv[1]))\n"
            "except ListFormatError as exc:\n    print(exc)\n")
    done = subprocess.run([sys.executable, "-c", code, str(catalogue)], capture_output=True,
                          text=True, timeout=TIMEOUT, preexec_fn=_limit_memory)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert f"{catalogue}: list file is over" in done.stdout
