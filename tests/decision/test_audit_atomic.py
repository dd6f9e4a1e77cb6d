"""Audit records are written whole or not at all, and never over another record."""

from __future__ import annotations

import errno
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pricing_engine.cli import main as cli_main
from pricing_engine.decision import write_audit
from pricing_engine.errors import InputError
from tests.decision.conftest import LENIENT, PROPOSALS

RECORD = {
    "timestamp": datetime(2026, 11, 20, tzinfo=UTC).isoformat(),
    "proposal_id": "P-1",
    "decision": {"status": "approved", "reasons": ["x" * 10_000]},
}


def _no_space_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make fsync fail with ENOSPC for files in ``folder`` (a disk that is full)."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if Path(f"/proc/self/fd/{fd}").resolve().parent == folder.resolve():
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


pytestmark = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell the audit file's fd"
)


def test_a_full_disk_leaves_no_truncated_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_space_in(tmp_path, monkeypatch)
    with pytest.raises(InputError, match="No space left on device"):
        write_audit(RECORD, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_taken_name_is_never_overwritten_even_in_a_race(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write_audit(RECORD, tmp_path)
    first.write_text("someone else's record", encoding="utf-8")
    # another writer takes the name between the check and the link
    monkeypatch.setattr(Path, "exists", lambda self: False)
    second = write_audit(RECORD, tmp_path)
    assert second != first and second.name.endswith("-1.json")
    assert first.read_text(encoding="utf-8") == "someone else's record"
    assert json.loads(second.read_text(encoding="utf-8")) == RECORD
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])


def test_check_audit_dir_on_a_full_disk_exits_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    audit_dir = tmp_path / "audit"
    audit_dir.mkdir()
    _no_space_in(audit_dir, monkeypatch)
    argv = ["check", str(PROPOSALS / "approved.yaml"), "--policy", str(LENIENT),
            "--audit-dir", str(audit_dir)]  # fmt: skip
    with pytest.raises(SystemExit) as stop:
        cli_main.main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "No space left on device" in err[0] and "audit record" in err[0]
    assert list(audit_dir.iterdir()) == []
