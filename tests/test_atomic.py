"""atomic_write: a file is written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from pricing_engine._atomic import atomic_write


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
    import os

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError, match="No space"), atomic_write(tmp_path / "a.json") as handle:
        handle.write("{}")
    assert list(tmp_path.iterdir()) == []
