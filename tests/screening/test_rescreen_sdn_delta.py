"""Delta re-screening across a real list update: the official SDN of 2021-07-07, then 2024-05-03.

The two versions are cut from the official files, whole lines (tests/fixtures/sdn_delta/,
cut by bench/cut_rescreen_fixtures.py; see its README). Each party of the register is named
after an entry of one group, and its id says which: ``added`` and ``renamed-new`` must turn
clear -> hit, ``removed`` and ``renamed-old`` hit -> clear, and the rest (``same``,
``programs``: an entry whose programme changed, nothing the matcher reads; ``clear``: names
no entry resembles) must neither change nor be screened again.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pricing_engine.screening.batch_input import raw_rows
from pricing_engine.screening.bundle import manifest_record, write_manifest
from pricing_engine.screening.list_version import load_version
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.model import SanctionsList
from pricing_engine.screening.rescreen import ListChanges, former_lists, rescreen
from pricing_engine.screening.result import ScreeningQuery, ScreeningResult
from pricing_engine.screening.screener import Screener

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sdn_delta"
OLD, NEW = FIXTURES / "2021-07-07", FIXTURES / "2024-05-03"
PARTIES = FIXTURES / "parties.csv"
EXE = shutil.which("pricing-engine", path=str(Path(sys.executable).parent)) or "pricing-engine"

#: What each group of parties must do: (old status, new status).
MOVES = {"added": ("clear", "hit"), "renamed-new": ("clear", "hit"),
         "removed": ("hit", "clear"), "renamed-old": ("hit", "clear")}  # fmt: skip
UNMOVED = ("same", "programs", "clear")


def _group(ident: str) -> str:
    return ident.rsplit("-", 1)[0]


def _ids() -> list[str]:
    return [line.split(",", 1)[0] for line in PARTIES.read_text(encoding="utf-8").splitlines()[1:]]


def _expected() -> dict[str, tuple[str, str]]:
    return {i: MOVES[_group(i)] for i in _ids() if _group(i) in MOVES}


def _sdn(directory: Path) -> SanctionsList:
    return load_list("ofac_csv", directory / "sdn.csv", list_id="ofac_sdn")


class _Counting:
    """A screener that records the names it screens (the parties screened in full)."""

    def __init__(self, screener: Screener) -> None:
        self.screener, self.names = screener, []  # type: list[str]

    def screen(self, query: ScreeningQuery) -> ScreeningResult:
        self.names.append(query.name)
        return self.screener.screen(query)


def test_the_fixture_holds_every_kind_of_change() -> None:
    ids = _ids()
    counts = {g: sum(_group(i) == g for i in ids) for g in (*MOVES, *UNMOVED)}
    assert counts == {"added": 8, "renamed-new": 3, "removed": 8, "renamed-old": 3, "same": 8,
                      "programs": 2, "clear": 6}  # fmt: skip
    [diff] = ListChanges.between((_sdn(OLD),), (_sdn(NEW),)).diffs
    assert len(diff.added) == 8 and len(diff.removed) == 8
    fields = {c.entry_id: c.fields for c in diff.changed}
    assert fields["4694"] == fields["11439"] == ("programs",)
    assert all("name" in fields[i] for i in ("2677", "6939", "17255"))  # the renamed ones
    assert sorted(c.entry_id for c in diff.changed if c.affects_matching) == [
        "17255", "2677", "6939"]
    for version in (OLD, NEW):  # whole lines of the official files: CRLF, the DOS EOF byte
        raw = (version / "sdn.csv").read_bytes()
        assert raw.endswith(b"\r\n\x1a") and raw.count(b"\n") == raw.count(b"\r\n")


@pytest.mark.parametrize("workers", [1, 2])
def test_exactly_the_expected_parties_turn(workers: int) -> None:
    old, new = (_sdn(OLD),), (_sdn(NEW),)
    changes = ListChanges.between(old, new)
    full = _Counting(Screener.from_lists(new, cache=False))
    former = _Counting(Screener.from_lists(old, cache=False))
    rows = raw_rows(io.BytesIO(PARTIES.read_bytes()))
    records = list(rescreen(rows, changes, lambda: full, former=lambda: former,  # type: ignore
                            workers=workers, start_method="spawn"))  # fmt: skip
    assert {r["id"]: (r["old_status"], r["new_status"]) for r in records} == _expected()
    assert [r["row"] for r in records] == sorted(r["row"] for r in records)  # input order
    # only the parties of changed entries were screened in full, against either version
    names = {i: n for i, n in _names()}
    touched = {i for i in _ids() if _group(i) in MOVES}
    assert sorted(full.names) == sorted(former.names) == sorted(names[i] for i in touched)
    by_id = {r["id"]: r for r in records}
    assert {by_id[i]["matches"][0]["entry_id"] for i in by_id if _group(i) == "added"} == {
        e.entry_id for e in changes.diffs[0].added}
    assert {by_id[i]["stale_matches"][0]["entry_id"] for i in by_id if _group(i) == "removed"} == {
        e.entry_id for e in changes.diffs[0].removed}


def _names() -> list[tuple[str, str]]:
    import csv

    with open(PARTIES, encoding="utf-8", newline="") as handle:
        return [(row["id"], row["name"]) for row in csv.DictReader(handle)]


def test_same_changes_as_screening_everyone_against_both_versions() -> None:
    old, new = (_sdn(OLD),), (_sdn(NEW),)
    before = Screener.from_lists(old, cache=False)
    after = Screener.from_lists(new, cache=False)
    brute = {}
    for ident, name in _names():
        pair = (before.screen(name).status, after.screen(name).status)
        if pair[0] != pair[1]:
            brute[ident] = pair
    assert brute == _expected()
    derived = rescreen(raw_rows(io.BytesIO(PARTIES.read_bytes())),
                       ListChanges.between(old, new), after)  # the old status worked out
    assert {r["id"]: (r["old_status"], r["new_status"]) for r in derived} == brute


def _lists_dir(tmp_path: Path) -> Path:
    """The 2024 version as a lists directory (its manifest), as ``--lists`` takes one."""
    directory = tmp_path / "lists-2024"
    directory.mkdir()
    shutil.copyfile(NEW / "sdn.csv", directory / "sdn.csv")
    lst = load_list("ofac_csv", directory / "sdn.csv", list_id="ofac_sdn")
    write_manifest(directory, [manifest_record(lst, directory, [directory / "sdn.csv"])])
    return directory


def _env(tmp_path: Path) -> dict[str, Any]:
    return {**os.environ, "PRICING_ENGINE_CACHE": str(tmp_path / "cache"),
            "PRICING_ENGINE_LISTS_DIR": str(tmp_path / "no-user-lists")}  # fmt: skip


def test_cli_changed_since_the_2021_file(tmp_path: Path) -> None:
    version = load_version(OLD)  # the official sdn.csv in a directory: that one list
    assert not version.complete and version.lists[0].info.list_id == "ofac_sdn"
    assert former_lists(version.lists, (_sdn(NEW),), complete=False) == version.lists
    done = subprocess.run(
        [EXE, "screen", "--input", str(PARTIES), "--lists", str(_lists_dir(tmp_path)),
         "--changed-since", str(OLD), "--workers", "1"],
        capture_output=True, text=True, env=_env(tmp_path), timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert {r["id"]: (r["old_status"], r["new_status"]) for r in records} == _expected()
    assert "11 added, 11 removed, 3 changed entries" not in done.stderr  # renames are changes
    assert "8 added, 8 removed, 3 changed entries" in done.stderr
    assert "22 of 38 rows changed status" in done.stderr
    assert "22 rows matched a changed entry and were screened again" in done.stderr
