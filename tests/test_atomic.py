"""atomic_write: a file is written whole or not at all."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

import pricing_engine
from pricing_engine._atomic import atomic_write, refuse_special
from pricing_engine.errors import NotAFileError, OutputPathError, PricingEngineError


def test_an_exception_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    with pytest.raises(KeyboardInterrupt), atomic_write(target) as handle:
        handle.write("half of a new fi")
        raise KeyboardInterrupt
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_clean_block_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with atomic_write(target, "wb") as handle:
        handle.write(b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"


def test_exclusive_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "audit.json"
    target.write_text("first")
    with pytest.raises(FileExistsError), atomic_write(target, exclusive=True) as handle:
        handle.write("second")
    assert target.read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.json"]


def test_a_full_disk_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError, match="No space"), atomic_write(tmp_path / "a.json") as handle:
        handle.write("{}")
    assert list(tmp_path.iterdir()) == []


# Only a regular file is replaced. Nodes are made in tmp_path (mknod as root, mkfifo): never
# a real /dev node.

def _char_device(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mknod of a character device needs root")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _directory(path: Path) -> None:
    path.mkdir()


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the name stays


def _link_to_a_file(path: Path) -> None:
    (path.parent / "real.csv").write_text("real\n")
    path.symlink_to(path.parent / "real.csv")


def _dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere.csv")


NODES = {
    "character device": (_char_device, "is a character device, not a regular file; not "
                                       "replacing it"),
    "fifo": (_fifo, "is a FIFO (named pipe), not a regular file; not replacing it"),
    "directory": (_directory, "is a directory, not a regular file; not replacing it"),
    "socket": (_socket, "is a socket, not a regular file; not replacing it"),
    "link to a file": (_link_to_a_file, "is a symbolic link to {tmp}/real.csv, which is not "
                                        "replaced or followed; give the path of the file "
                                        "itself"),
    "dangling link": (_dangling_link, "is a symbolic link to {tmp}/nowhere.csv, which is "
                                      "not replaced or followed; give the path of the file "
                                      "itself"),
}


def _kind(path: Path) -> tuple[int, str | None]:
    info = os.lstat(path)
    return stat.S_IFMT(info.st_mode), os.readlink(path) if stat.S_ISLNK(info.st_mode) else None


@pytest.mark.parametrize("node", sorted(NODES))
def test_a_path_that_is_not_a_regular_file_is_never_replaced(tmp_path: Path, node: str) -> None:
    make, reason = NODES[node]
    target = tmp_path / "out.csv"
    make(target)
    before = sorted(p.name for p in tmp_path.iterdir())
    kind = _kind(target)
    entered = False
    with pytest.raises(NotAFileError) as caught, atomic_write(target) as handle:
        entered = True
        handle.write("new")
    assert not entered  # refused before the block: no work is done for nothing
    assert str(caught.value) == f"{target}: {reason.format(tmp=tmp_path)}"
    assert isinstance(caught.value, OSError) and isinstance(caught.value, PricingEngineError)
    assert caught.value.filename == str(target)
    assert _kind(target) == kind  # the same node, the same link
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary left
    if node == "link to a file":
        assert (tmp_path / "real.csv").read_text() == "real\n"  # not written through


def test_a_node_made_while_the_block_runs_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(NotAFileError, match="FIFO"), atomic_write(target) as handle:
        handle.write("new")
        os.mkfifo(target)
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_link_beside_the_directory_part_is_fine(tmp_path: Path) -> None:
    # only the last part of the path must be a file: a linked directory is written into
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    with atomic_write(tmp_path / "linked" / "out.csv") as handle:
        handle.write("whole")
    assert (tmp_path / "real" / "out.csv").read_text() == "whole"


def test_exclusive_keeps_its_file_exists_error_for_any_node(tmp_path: Path) -> None:
    # a hard link never replaces anything: an audit writer moves on to the next name
    target = tmp_path / "audit.json"
    target.symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(FileExistsError), atomic_write(target, exclusive=True) as handle:
        handle.write("{}")
    assert target.is_symlink() and not (tmp_path / "elsewhere.json").exists()


def test_refuse_special_passes_a_file_and_a_missing_path(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    refuse_special(tmp_path / "f")
    refuse_special(tmp_path / "missing")
    refuse_special(tmp_path / "missing" / "deeper")


def test_the_error_survives_pickling(tmp_path: Path) -> None:
    import pickle

    error = NotAFileError(tmp_path / "x", "is a FIFO (named pipe), not a regular file")
    assert pricing_engine.NotAFileError is NotAFileError  # public, as the other errors are
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is NotAFileError and str(again) == str(error)


@pytest.mark.parametrize("where", ["missing/out.csv", "file.txt/out.csv"])
def test_a_place_no_file_can_be_made_in_is_an_input_error_naming_it(
        tmp_path: Path, where: str) -> None:
    """A missing directory, or a file where the directory should be: the path named, an
    OSError still (callers that tolerate a failed write do), and the engine's own error (exit
    2 at the CLI, not an internal error)."""
    (tmp_path / "file.txt").write_text("not a directory")
    target = tmp_path / where
    with pytest.raises(OutputPathError) as raised, atomic_write(target) as handle:
        handle.write("never")
    assert isinstance(raised.value, OSError) and isinstance(raised.value, PricingEngineError)
    assert str(raised.value).startswith(f"{target}: cannot write: ")
    assert not target.exists()
