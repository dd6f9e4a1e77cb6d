"""Delta re-screening on two small versions of the SDN list cut from the bundled file."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pricing_engine.errors import InputError
from pricing_engine.output_schemas import output_schema
from pricing_engine.screening.batch import read_rows, render_jsonl, screen_rows
from pricing_engine.screening.batch_input import raw_rows
from pricing_engine.screening.bundle import manifest_record, write_manifest
from pricing_engine.screening.list_version import load_version
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.rescreen import (
    ListChanges,
    RescreenRecord,
    former_lists,
    read_previous,
    rescreen,
)
from pricing_engine.screening.screener import Screener

SDN = Path(__file__).parents[2] / "sanctions_lists" / "ofac_sdn_2024-05-03.csv"
EXE = shutil.which("pricing-engine", path=str(Path(sys.executable).parent)) or "pricing-engine"

#: The register: (id, name); the expected change of each party whose status changes.
PARTIES = [
    ("p1", "Cubatabaco"),  # entry 622, added in the new version
    ("p2", "Diego Leon Montoya Sanchez"),  # entry 7282, removed in the new version
    ("p3", "Cubaexport"),  # entry 591, renamed: its new name
    ("p4", "Zorbatex Holdings"),  # entry 591, renamed: its old name
    ("p5", "Banco Nacional de Cuba"),  # entry 306, in both versions: a hit both times
    ("p6", "Acme Widgets GmbH"),
    ("p7", "Maria Schmidt"),
]
EXPECTED = {
    "p1": ("clear", "hit"),
    "p2": ("hit", "clear"),
    "p3": ("clear", "hit"),
    "p4": ("hit", "clear"),
}


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Write the old and new versions, each a lists directory with its manifest."""
    lines = SDN.read_text(encoding="utf-8").splitlines(keepends=True)
    new = lines[:40] + lines[99:106]
    old = [line for line in new if not line.startswith("622,")] + [lines[304]]
    old = [line.replace('"CUBAEXPORT"', '"ZORBATEX HOLDINGS"') for line in old]
    assert lines[304].startswith("7282,") and any(line.startswith("591,") for line in new)
    root = tmp_path_factory.mktemp("versions")
    out = []
    for name, content in (("old", old), ("new", new)):
        directory = root / name
        directory.mkdir()
        (directory / "sdn.csv").write_text("".join(content), encoding="utf-8")
        lst = load_list("ofac_csv", directory / "sdn.csv", list_id="ofac_sdn")
        write_manifest(directory, [manifest_record(lst, directory, [directory / "sdn.csv"])])
        out.append(directory)
    return out[0], out[1]


def _register() -> str:
    return "".join(json.dumps({"id": i, "name": n}) + "\n" for i, n in PARTIES)


def _rows() -> list[Any]:
    return list(read_rows(io.StringIO(_register())))


def _lists(directory: Path) -> Any:
    return (load_list("ofac_csv", directory / "sdn.csv", list_id="ofac_sdn"),)


@pytest.mark.parametrize("workers", [1, 2])
def test_only_changed_statuses_with_old_and_new(
    versions: tuple[Path, Path], workers: int
) -> None:
    old, new = (_lists(d) for d in versions)
    changes = ListChanges.between(old, new)
    screener = Screener.from_lists(new, cache=False)
    raw = raw_rows(io.StringIO(_register()))  # as the CLI sends them (and malformed ones)
    rows = [*raw, *read_rows(io.StringIO('{"id": "bad", "name": ""}\n'))]
    records = list(rescreen(rows, changes, screener, workers=workers, start_method="spawn"))
    assert [r["row"] for r in records] == [1, 2, 3, 4]  # in input order
    assert {r["id"]: (r["old_status"], r["new_status"]) for r in records} == EXPECTED
    by_id = {r["id"]: r for r in records}
    assert by_id["p1"]["matches"][0]["entry_id"] == "622"
    assert by_id["p2"]["matches"] == []
    assert by_id["p2"]["stale_matches"][0]["entry_id"] == "7282"
    assert by_id["p4"]["stale_matches"][0]["name"] == "ZORBATEX HOLDINGS"
    assert all(r["schema_version"] == 1 for r in records)


def test_same_as_screening_everyone_against_both_versions(
    versions: tuple[Path, Path],
) -> None:
    old, new = (_lists(d) for d in versions)
    before = Screener.from_lists(old, cache=False)
    after = Screener.from_lists(new, cache=False)
    brute = {}
    for ident, name in PARTIES:
        pair = (before.screen(name).status, after.screen(name).status)
        if pair[0] != pair[1]:
            brute[ident] = pair
    derived = rescreen(_rows(), ListChanges.between(old, new), after)
    assert {r["id"]: (r["old_status"], r["new_status"]) for r in derived} == brute == EXPECTED
    assert former_lists(old, new, complete=True) == old
    screened = rescreen(_rows(), ListChanges.between(old, new), after, former=before)
    assert {r["id"]: (r["old_status"], r["new_status"]) for r in screened} == brute


def test_previous_results_give_the_old_status(versions: tuple[Path, Path]) -> None:
    old, new = (_lists(d) for d in versions)
    earlier = "".join(
        render_jsonl(r) for r in screen_rows(Screener.from_lists(old, cache=False), _rows())
    )
    previous = read_previous(io.StringIO(earlier))
    built: list[int] = []

    def full() -> Screener:
        built.append(1)
        return Screener.from_lists(new, cache=False)

    records = rescreen(_rows(), ListChanges.between(old, new), full, previous=previous)
    assert {r["id"]: (r["old_status"], r["new_status"]) for r in records} == EXPECTED
    assert built == [1]  # built once, when the first party needed it
    other = earlier.replace('"id": "p1"', '"id": "someone else"')
    with pytest.raises(ValueError, match="row 1"):
        list(rescreen(_rows(), ListChanges.between(old, new), full,
                      previous=read_previous(io.StringIO(other))))  # fmt: skip


def test_no_change_screens_nobody(versions: tuple[Path, Path]) -> None:
    new = _lists(versions[1])
    changes = ListChanges.between(new, new)
    assert changes.delta is None

    def never() -> Screener:
        raise AssertionError("nobody needs the full screener")

    assert list(rescreen(_rows(), changes, never)) == []


def test_cli_changed_since(versions: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = versions
    register = tmp_path / "parties.jsonl"
    register.write_text(_register(), encoding="utf-8")
    env = {**os.environ, "PRICING_ENGINE_CACHE": str(tmp_path / "cache"),
           "PRICING_ENGINE_LISTS_DIR": str(tmp_path / "no-user-lists")}  # fmt: skip
    done = subprocess.run(
        [EXE, "screen", "--input", str(register), "--lists", str(new), "--changed-since",
         str(old)], capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert {r["id"]: (r["old_status"], r["new_status"]) for r in records} == EXPECTED
    assert "4 of 7 rows changed status" in done.stderr
    validator = jsonschema.Draft202012Validator(output_schema("rescreen-record"))
    for record in records:  # each record is the published rescreen-record document
        validator.validate(record)
        assert RescreenRecord.model_validate(record).new_status == record["new_status"]
    usage = subprocess.run(
        [EXE, "screen", "--input", str(register), "--previous", str(register)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert usage.returncode == 2 and "--changed-since" in usage.stderr


def _previous_copy(old: Path, target: Path) -> Path:
    """Lay ``old`` out as ``lists update`` keeps a replaced version (``.previous/ID``)."""
    target.mkdir(parents=True)
    shutil.copyfile(old / "sdn.csv", target / "sdn-kept.csv")
    record = {"id": "ofac_sdn", "format": "ofac_csv", "files": [{"path": "sdn-kept.csv"}]}
    (target / "previous.json").write_text(json.dumps({"origin": "user", "record": record}))
    return target


def test_version_layouts(versions: tuple[Path, Path], tmp_path: Path) -> None:
    old = versions[0]
    whole = load_version(old)
    assert whole.complete and [len(lst.entities) for lst in whole.lists] == [47]
    kept = load_version(_previous_copy(old, tmp_path / ".previous" / "ofac_sdn"))
    assert not kept.complete and kept.lists[0].info.list_id == "ofac_sdn"
    assert kept.lists[0].entities == whole.lists[0].entities
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copyfile(old / "sdn.csv", bare / "sdn.csv")
    assert load_version(bare).lists[0].entities == whole.lists[0].entities
    with pytest.raises(InputError, match=r"no manifest\.json"):
        load_version(tmp_path / ".previous")


def test_cli_previous_results_and_kept_version(
    versions: tuple[Path, Path], tmp_path: Path
) -> None:
    old, new = versions
    register = tmp_path / "parties.jsonl"
    register.write_text(_register(), encoding="utf-8")
    env = {**os.environ, "PRICING_ENGINE_CACHE": str(tmp_path / "cache"),
           "PRICING_ENGINE_LISTS_DIR": str(tmp_path / "no-user-lists")}  # fmt: skip
    earlier = tmp_path / "earlier.jsonl"
    first = subprocess.run(
        [EXE, "screen", "--input", str(register), "--lists", str(old), "--output", str(earlier)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    kept = _previous_copy(old, tmp_path / "user" / ".previous" / "ofac_sdn")
    out = tmp_path / "changed.jsonl"
    done = subprocess.run(
        [EXE, "screen", "--input", str(register), "--lists", str(new), "--changed-since",
         str(kept), "--previous", str(earlier), "--output", str(out), "--workers", "1"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["id"]: (r["old_status"], r["new_status"]) for r in records} == EXPECTED
