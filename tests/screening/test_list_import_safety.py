"""List imports that would empty or shrink a list, dates ahead, concurrent imports, interrupted
imports, and malformed manifests: refused or kept whole, one clear line, never a traceback."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from pricing_engine.errors import MissingData
from pricing_engine.screening import list_import
from pricing_engine.screening.bundle import (
    ListIntegrityError,
    load_bundled,
    manifest,
    read_manifest,
    resolve_lists,
)
from pricing_engine.screening.list_import import ListImportRefused, import_list

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "lists"
SDN = FIXTURES / "ofac_handmade_sdn.csv"  # 4 entries
EMPTY_UN = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-02T10:00:00Z"><INDIVIDUALS/><ENTITIES/>
</CONSOLIDATED_LIST>
"""


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "PRICING_ENGINE_LISTS"}
    return subprocess.run([sys.executable, "-m", "pricing_engine", *map(str, args)],
                          capture_output=True, text=True, env={**full, **(env or {})},
                          timeout=300, check=False)


def one_row(tmp_path: Path) -> Path:
    path = tmp_path / "one.csv"
    path.write_text(SDN.read_text(encoding="cp1252").splitlines()[0] + "\n", encoding="cp1252")
    return path


# -- empty and shrunken lists --------------------------------------------------------------


def test_an_empty_list_is_refused_without_force(tmp_path: Path) -> None:
    empty = tmp_path / "un.xml"
    empty.write_text(EMPTY_UN, encoding="utf-8")
    user = tmp_path / "user"
    with pytest.raises(ListImportRefused, match="no entries"):
        import_list("un_xml", [empty], directory=user, list_id="un_watch")
    assert not (user / "manifest.json").exists()
    done = run("lists", "import", "un_xml", empty, "--id", "un_watch", "--dir", user)
    assert done.returncode == 2 and "--force" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert import_list("un_xml", [empty], directory=user, list_id="un_watch",
                       force=True).entries == 0


def test_one_row_as_ofac_sdn_is_refused_against_the_bundled_sdn(tmp_path: Path) -> None:
    user = tmp_path / "user"
    done = run("lists", "import", "ofac_csv", one_row(tmp_path), "--id", "ofac_sdn",
               env={"PRICING_ENGINE_LISTS_DIR": str(user)})
    assert done.returncode == 2
    assert "1 entries would replace the 14,965 of the bundled ofac_sdn" in done.stderr
    assert not (user / "manifest.json").exists()
    forced = run("lists", "import", "ofac_csv", one_row(tmp_path), "--id", "ofac_sdn",
                 "--force", env={"PRICING_ENGINE_LISTS_DIR": str(user)})
    assert forced.returncode == 0, forced.stderr
    assert [(r["id"], r["entries"]) for r in read_manifest(user)] == [("ofac_sdn", 1)]


def test_a_shrink_of_an_imported_list_is_refused(tmp_path: Path) -> None:
    user = tmp_path / "user"
    import_list("ofac_csv", [SDN], directory=user, list_id="watch")  # 4 entries
    with pytest.raises(ListImportRefused, match="1 entries would replace the 4 of the imported"):
        import_list("ofac_csv", [one_row(tmp_path)], directory=user, list_id="watch")
    two = tmp_path / "two.csv"
    two.write_text("".join(SDN.read_text(encoding="cp1252").splitlines(True)[:2]), "cp1252")
    assert import_list("ofac_csv", [two], directory=user, list_id="watch").entries == 2
    assert [r["entries"] for r in read_manifest(user)] == [2]


@pytest.mark.parametrize("published", ["2999-01-01", "yesterday", "2026-13-01"])
def test_a_bad_or_future_publication_date_is_refused(tmp_path: Path, published: str) -> None:
    with pytest.raises(ListImportRefused, match="publication date"):
        import_list("ofac_csv", [SDN], directory=tmp_path, list_id="watch", published=published)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()  # time-zone slack
    assert import_list("ofac_csv", [SDN], directory=tmp_path, list_id="watch",
                       published=tomorrow).published == tomorrow


# -- concurrency and interruption ----------------------------------------------------------


def test_eight_parallel_imports_keep_every_list(tmp_path: Path) -> None:
    user = tmp_path / "user"
    full = {k: v for k, v in os.environ.items() if k != "PRICING_ENGINE_LISTS"}
    processes = [
        subprocess.Popen([sys.executable, "-m", "pricing_engine", "lists", "import", "ofac_csv",
                          str(SDN), "--id", f"watch_{n}", "--dir", str(user)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=full)
        for n in range(8)]
    results = [(p.wait(timeout=300), p.communicate()) for p in processes]
    assert [code for code, _ in results] == [0] * 8, [err for _, (_, err) in results]
    assert sorted(r["id"] for r in read_manifest(user)) == [f"watch_{n}" for n in range(8)]
    assert [i.entries for i in manifest(user)] == [4] * 8  # every file matches its sha256
    assert {p.name for p in user.iterdir()} == {"manifest.json", ".manifest.lock",
                                               *(f"watch_{n}" for n in range(8))}


def test_an_interrupted_import_leaves_the_previous_list(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "user"
    import_list("ofac_csv", [SDN], directory=user, list_id="watch")
    before = (user / "manifest.json").read_bytes()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(list_import, "write_manifest", broken)
    alt = FIXTURES / "ofac_handmade_alt.csv"
    with pytest.raises(KeyboardInterrupt):
        import_list("ofac_csv", [SDN, alt], directory=user, list_id="watch")
    assert (user / "manifest.json").read_bytes() == before
    assert [lst.info.entries for lst in load_bundled(user)] == [4]  # sha256 still match
    monkeypatch.undo()
    monkeypatch.setattr(list_import.shutil, "copyfileobj", broken)
    with pytest.raises(KeyboardInterrupt):
        import_list("ofac_csv", [SDN, alt], directory=user, list_id="watch")
    assert (user / "manifest.json").read_bytes() == before
    assert {p.name for p in user.iterdir()} == {"manifest.json", ".manifest.lock", "watch"}
    assert [p.name for p in (user / "watch").iterdir()] == [SDN.name]


# -- malformed manifests: one line naming the file, exit 2 (lists, screen) ------------------


def _record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": "watch", "format": "ofac_csv", "source": "s",
                              "files": [{"path": "sdn.csv", "sha256": "0" * 64}], "entries": 4}
    record.update(changes)
    return record


BAD_MANIFESTS: list[object] = [
    [], "lists", {"lists": None}, {"lists": {}}, {"lists": [1]}, {"lists": [[]]},
    {"lists": [None]}, {"lists": [{}]},
    {"lists": [_record(files="sdn.csv")]}, {"lists": [_record(files=[])]},
    {"lists": [_record(files=["sdn.csv"])]}, {"lists": [_record(files=[{"path": 1}])]},
    {"lists": [_record(entries="4")]}, {"lists": [_record(entries=4.5)]},
    {"lists": [_record(entries=True)]}, {"lists": [_record(entries=-1)]},
    {"lists": [_record(id=7)]}, {"lists": [_record(id="")]},
    {"lists": [_record(format="pdf")]}, {"lists": [_record(format=["ofac_csv"])]},
    {"lists": [_record(published=20260101)]}, {"lists": [_record(), _record()]},
    {"lists": [_record(files=[{"path": "../sdn.csv", "sha256": "0"}])]},
    {"lists": [_record()]},  # the file is missing
]


@pytest.mark.parametrize("document", BAD_MANIFESTS, ids=range(len(BAD_MANIFESTS)))
def test_a_malformed_manifest_is_one_integrity_error(tmp_path: Path, document: object) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ListIntegrityError) as caught:
        resolve_lists(tmp_path, user=False).infos()
    assert str(tmp_path) in str(caught.value) and "\n" not in str(caught.value)


def test_random_bytes_and_mutations_never_escape_as_other_errors(tmp_path: Path) -> None:
    rng = random.Random(8)
    good = json.dumps({"manifest_version": 1, "lists": [_record()]})
    for _ in range(200):
        text = list(good)
        for _ in range(rng.randint(1, 4)):
            text[rng.randrange(len(text))] = rng.choice('{}[]",:0a\\ \x00é')
        (tmp_path / "manifest.json").write_text("".join(text), encoding="utf-8")
        with pytest.raises(MissingData):  # ListIntegrityError is a MissingData
            manifest(tmp_path)
    (tmp_path / "manifest.json").write_bytes(b"\xff\xfe[" + bytes(range(256)))
    with pytest.raises(ListIntegrityError, match="unreadable manifest"):
        manifest(tmp_path)
    (tmp_path / "manifest.json").write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(ListIntegrityError, match="unreadable manifest"):
        manifest(tmp_path)


@pytest.mark.parametrize("text", ["{not json", '{"lists": [{"id": "x"}]}',
                                  json.dumps({"lists": [_record(files="sdn.csv")]})])
def test_lists_and_screen_exit_2_on_a_malformed_manifest(tmp_path: Path, text: str) -> None:
    (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
    env = {"PRICING_ENGINE_LISTS_DIR": str(tmp_path / "none")}
    for args in (("lists", "--lists", tmp_path), ("screen", "ACME", "--lists", tmp_path)):
        done = run(*args, env=env)
        assert done.returncode == 2, (args, done.stderr)
        assert "manifest.json" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    # a malformed user lists directory fails the same way for the default list set
    done = run("lists", env={"PRICING_ENGINE_LISTS_DIR": str(tmp_path)})
    assert done.returncode == 2 and "manifest.json" in done.stderr


# -- one resolver for every entry point -------------------------------------------------------


def test_the_resolver_lays_user_lists_over_the_base(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "user"
    import_list("ofac_csv", [SDN], directory=user, list_id="watch")
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(user))
    default = resolve_lists()
    assert [(o, i.list_id) for o, i in default.origins()] == [
        ("bundled", "ofac_sdn"), ("bundled", "ofac_cons"), ("bundled", "un_sc"),
        ("user", "watch")]
    assert [lst.info.list_id for lst in default.load()] == [i.list_id for i in default.infos()]
    assert [i.list_id for i in resolve_lists(user=False).infos()] == [
        "ofac_sdn", "ofac_cons", "un_sc"]
    other = tmp_path / "lists"
    import_list("ofac_csv", [SDN], directory=other, list_id="base")
    given = resolve_lists(other)
    assert [(o, i.list_id) for o, i in given.origins()] == [("lists-dir", "base"),
                                                            ("user", "watch")]
    assert resolve_lists(user, user=user).user is None  # the same directory counts once
