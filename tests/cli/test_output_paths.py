"""An output path that is not a regular file is refused: exit 2, one line, the node untouched.

Every command writes its output file atomically (a temporary file renamed into place), which
would put a regular file where a device, a FIFO or a symbolic link was (``screen --output``
on a copy of /dev/null exited 0 having replaced it). Nodes are made in tmp_path (mknod as
root, mkfifo), never under /dev. Runs go through the real console script.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXE = str(Path(sys.executable).with_name("pricing-engine"))
ECB_CSV = ROOT / "tests" / "fixtures" / "fx" / "eurofxref.csv"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {**os.environ, "PRICING_ENGINE_CACHE": str(tmp_path_factory.mktemp("cache")),
            "PRICING_ENGINE_LISTS_DIR": str(tmp_path_factory.mktemp("user-lists"))}


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL, check=False)


def _fake_null(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mknod of a character device needs root")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))


def _link(path: Path) -> None:
    (path.parent / "real.out").write_text("kept\n")
    path.symlink_to(path.parent / "real.out")


MAKERS: dict[str, tuple[Callable[[Path], None], str]] = {
    "device": (_fake_null, "is a character device, not a regular file; not replacing it"),
    "fifo": (os.mkfifo, "is a FIFO (named pipe), not a regular file; not replacing it"),
    "link": (_link, "is a symbolic link to {dir}/real.out, which is not replaced or followed; "
                    "give the path of the file itself"),
}


def _node(path: Path) -> tuple[int, int, str | None]:
    info = os.lstat(path)
    link = os.readlink(path) if stat.S_ISLNK(info.st_mode) else None
    return stat.S_IFMT(info.st_mode), info.st_rdev, link


def _one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pricing-engine: error: "), done.stderr
    return lines[0].removeprefix("pricing-engine: error: ")


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_screen_output(env: dict[str, str], tmp_path: Path, kind: str) -> None:
    make, reason = MAKERS[kind]
    source = tmp_path / "in.csv"
    source.write_text("id,name\n1,John Smith\n", encoding="utf-8")
    out = tmp_path / "out"
    make(out)
    before = _node(out)
    message = _one_line(_cli(env, "screen", "--input", str(source), "--output", str(out)))
    assert message == f"{out}: cannot write: {reason.format(dir=tmp_path)}"
    assert _node(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["in.csv", "out", *(["real.out"] if kind == "link" else [])])
    if kind == "link":
        assert (tmp_path / "real.out").read_text() == "kept\n"


@pytest.mark.parametrize("kind", ["fifo", "link"])
def test_screen_resume(env: dict[str, str], tmp_path: Path, kind: str) -> None:
    # --resume appends in place: a FIFO would block the read of the records done
    make, reason = MAKERS[kind]
    source = tmp_path / "in.csv"
    source.write_text("id,name\n1,John Smith\n", encoding="utf-8")
    out = tmp_path / "out"
    make(out)
    message = _one_line(_cli(env, "screen", "--input", str(source), "--output", str(out),
                             "--resume"))
    assert message == f"{out}: {reason.format(dir=tmp_path)}"


@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_fx_import_out(env: dict[str, str], tmp_path: Path, kind: str) -> None:
    make, reason = MAKERS[kind]
    out = tmp_path / "fx.yaml"
    make(out)
    before = _node(out)
    message = _one_line(_cli(env, "fx", "import", "ecb", str(ECB_CSV), "--out", str(out)))
    assert message == f"{out}: {reason.format(dir=tmp_path)}"
    assert _node(out) == before


def test_a_regular_file_is_still_replaced(env: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,name\n1,John Smith\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    done = _cli(env, "screen", "--input", str(source), "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith('{"schema_version": 1, "id": "1"')
