"""The bundled lists: manifest, sha256 check (fail closed), user lists, content hash."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from pricing_engine.errors import MissingData
from pricing_engine.screening.bundle import (
    ListIntegrityError,
    lists_hash,
    load_bundled,
    manifest,
    user_lists_dir,
)
from pricing_engine.screening.list_import import import_list
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.lists._common import file_sha256

BUNDLED = Path(__file__).resolve().parents[2] / "sanctions_lists"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


def test_bundled_lists_load_and_match_the_manifest() -> None:
    lists = load_bundled()
    assert [lst.info.list_id for lst in lists] == ["ofac_sdn", "ofac_cons", "un_sc"]
    document = json.loads((BUNDLED / "manifest.json").read_text(encoding="utf-8"))
    for lst, record in zip(lists, document["lists"], strict=True):
        assert lst.info.entries == record["entries"] == len(lst.entities)
        for item in record["files"]:
            assert file_sha256(BUNDLED / item["path"]) == item["sha256"]
    sdn, cons, un = lists
    with (BUNDLED / "ofac_sdn_2024-05-03.csv").open(encoding="cp1252", newline="") as handle:
        assert sdn.info.entries == sum(1 for r in csv.reader(handle) if len(r) == 12)
    assert sdn.info.published == "2024-05-03"
    assert un.info.published == "2026-02-27"
    assert un.info.entries == 730 + 273  # INDIVIDUAL + ENTITY records (SOURCES.md)
    assert cons.info.entries == 442


def test_manifest_says_the_sdn_aliases_are_a_later_snapshot() -> None:
    record = json.loads((BUNDLED / "manifest.json").read_text(encoding="utf-8"))["lists"][0]
    assert "2025-12-24" in record["notes"] and "2024-05-03" in record["notes"]
    assert [i.list_id for i in manifest()] == ["ofac_sdn", "ofac_cons", "un_sc"]


def _copy_bundle(tmp_path: Path) -> Path:
    target = tmp_path / "lists"
    shutil.copytree(BUNDLED, target)
    return target


def test_a_tampered_file_fails_closed(tmp_path: Path) -> None:
    copy = _copy_bundle(tmp_path)
    un = copy / "un_sc_consolidated.xml"
    un.write_bytes(un.read_bytes().replace(b"ERIC", b"ERIK", 1))
    with pytest.raises(
        ListIntegrityError, match=re.escape("un_sc_consolidated.xml: sha256 differs")
    ):
        load_bundled(copy)


def test_a_missing_file_fails_closed(tmp_path: Path) -> None:
    copy = _copy_bundle(tmp_path)
    (copy / "ofac_cons_alt_2025-12.csv").unlink()
    with pytest.raises(
        MissingData, match=re.escape("ofac_cons_alt_2025-12.csv: list file of 'ofac_cons'")
    ):
        load_bundled(copy)


def test_a_wrong_entry_count_fails_closed(tmp_path: Path) -> None:
    copy = _copy_bundle(tmp_path)
    document = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    document["lists"][1]["entries"] = 441
    (copy / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(
        ListIntegrityError, match="'ofac_cons' has 442 entries, the manifest says 441"
    ):
        load_bundled(copy)


def test_no_manifest_is_missing_data(tmp_path: Path) -> None:
    with pytest.raises(MissingData, match="manifest not found"):
        load_bundled(tmp_path)


def test_user_lists_replace_bundled_ones_with_the_same_id(tmp_path: Path) -> None:
    user = tmp_path / "user"
    files = [FIXTURES / "ofac_handmade_sdn.csv", FIXTURES / "ofac_handmade_alt.csv"]
    # 4 entries in place of the bundled 442: a shrink that needs force
    info = import_list("ofac_csv", files, directory=user, list_id="ofac_cons", force=True)
    assert (info.list_id, info.entries) == ("ofac_cons", 4)
    assert (user / "ofac_cons" / "ofac_handmade_sdn.csv").read_bytes() == files[0].read_bytes()
    lists = load_bundled(user_dir=user)
    assert [lst.info.list_id for lst in lists] == ["ofac_sdn", "ofac_cons", "un_sc"]
    assert [e.name for e in lists[1].entities][:2] == ["DOE, John", "SEA STAR"]
    # a cache can be keyed from the manifests alone, before any list is parsed
    infos = {i.list_id: i for i in manifest()}
    infos.update((i.list_id, i) for i in manifest(user))
    assert lists_hash(list(infos.values())) == lists_hash(lists) != lists_hash(load_bundled())
    import_list("ofac_csv", files[:1], directory=user, list_id="extra")
    assert [lst.info.list_id for lst in load_bundled(user_dir=user)][-1] == "extra"
    assert load_bundled(user_dir=tmp_path / "none")[1].info.entries == 442


def test_lists_hash_follows_content() -> None:
    lists = load_bundled()
    assert lists_hash(lists) == lists_hash(manifest())
    for info in manifest():  # the manifest's hash is the one a plain load_list computes
        loaded = load_list(info.format, *(BUNDLED / f for f in info.files), list_id=info.list_id)
        assert (loaded.info.sha256, loaded.info.entries) == (info.sha256, info.entries)
    assert lists_hash(lists) != lists_hash(lists[:2])
    assert len(lists_hash(lists)) == 64


def test_user_lists_dir_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(tmp_path))
    assert user_lists_dir() == tmp_path
    monkeypatch.delenv("PRICING_ENGINE_LISTS_DIR")
    assert user_lists_dir().parts[-2:] == ("pricing-engine", "lists")
