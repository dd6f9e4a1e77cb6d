"""The index disk cache runs no code and hides no listed party: forged, replaced, cut files."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from pricing_engine.screening import Screener, index_cache, index_format
from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.index import NameIndex, build_index

LOGGER = "pricing_engine.screening.index_cache"
PROPOSALS = Path(__file__).resolve().parents[1] / "fixtures" / "proposals"
LENIENT = Path(__file__).resolve().parents[1] / "fixtures" / "policies" / "lenient_freshness.yaml"
TORNADO = ("ofac_sdn", "39796")  # OFAC SDN entry "TORNADO CASH"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Screener]:
    """A cache and a digests directory filled by one real build of the bundled lists."""
    root = tmp_path_factory.mktemp("warm")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PRICING_ENGINE_CACHE", str(root / "cache"))
        patch.setenv("PRICING_ENGINE_LISTS_DIR", str(root / "lists"))
        return root, Screener.from_bundled(cache=True)


@pytest.fixture(scope="module")
def forged() -> NameIndex:
    """The index of the bundled lists without OFAC SDN 39796, TORNADO CASH."""
    lists = [
        replace(lst, entities=tuple(e for e in lst.entities if (lst.info.list_id, e.entry_id)
                                    != TORNADO))
        for lst in load_bundled()
    ]  # fmt: skip
    return build_index(lists)


@pytest.fixture
def dirs(
    built: tuple[Path, Screener], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """This test's copy of the warm cache and digests, where the default cache looks for them."""
    cache, digests = tmp_path / "cache", tmp_path / "lists"
    shutil.copytree(built[0] / "cache", cache)
    shutil.copytree(built[0] / "lists", digests)
    monkeypatch.setenv("PRICING_ENGINE_CACHE", str(cache))
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(digests))
    return cache, digests


def cache_file(cache: Path) -> Path:
    (path,) = cache.glob("index-*.idx")
    return path


def header(data: bytes) -> dict[str, object]:
    """Read the key and code a cache file is for, as anyone who can read the file can."""
    start = len(index_format.MAGIC) + 4
    size = int.from_bytes(data[len(index_format.MAGIC) : start], "little")
    document: dict[str, object] = json.loads(data[start : start + size])
    return document


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelname == "WARNING"]


def test_a_verified_cache_is_loaded_and_gives_the_same_results(
    dirs: tuple[Path, Path], built: tuple[Path, Screener], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    screener = Screener.from_bundled()
    loaded = [r.getMessage() for r in caplog.records if "matches its digest: loaded" in r.message]
    assert loaded == [
        f"index cache {cache_file(dirs[0])} matches its digest: loaded"
    ]  # fmt: skip
    assert not warnings(caplog)
    for name in ("Tornado Cash", "Banco Nacional de Cuba", "Bank Melli Iran", "Jane Doe"):
        assert screener.screen(name) == built[1].screen(name)
    digests = json.loads((dirs[1] / index_cache.DIGESTS).read_text(encoding="utf-8"))
    assert list(digests["digests"].values()) == [
        hashlib.sha256(cache_file(dirs[0]).read_bytes()).hexdigest()
    ]


def test_a_cache_with_a_listed_entity_removed_is_rebuilt_and_the_entity_is_a_hit(
    dirs: tuple[Path, Path], forged: NameIndex, caplog: pytest.LogCaptureFixture
) -> None:
    path = cache_file(dirs[0])
    meta = header(path.read_bytes())
    assert Screener(forged).screen("Tornado Cash").status == "clear"  # the attack, if trusted
    path.write_bytes(index_format.dumps(forged, key=str(meta["key"]), code=str(meta["code"])))
    screener = Screener.from_bundled()
    assert screener.screen("Tornado Cash").status == "hit"
    assert [m.entry_id for m in screener.screen("Tornado Cash").matches][:1] == ["39796"]
    assert warnings(caplog) == [
        f"ignoring index cache {path}: it differs from the digest recorded in "
        f"{dirs[1] / index_cache.DIGESTS} (modified or replaced); rebuilding"
    ]
    again = Screener.from_bundled()  # rebuilt and re-recorded: trusted again, no warning
    assert again.screen("Tornado Cash").status == "hit"
    assert len(warnings(caplog)) == 1


def test_check_rejects_a_listed_end_user_despite_a_forged_cache(
    dirs: tuple[Path, Path], forged: NameIndex, warm_rules: Callable[..., None]
) -> None:
    warm_rules(dirs[1], dirs[0])  # the rules as after an earlier run: only the index is forged
    path = cache_file(dirs[0])
    meta = header(path.read_bytes())
    path.write_bytes(index_format.dumps(forged, key=str(meta["key"]), code=str(meta["code"])))
    done = subprocess.run(
        [sys.executable, "-m", "pricing_engine", "check", str(PROPOSALS / "sanctions_hit.yaml"),
         "--policy", str(LENIENT), "--format", "json"],
        capture_output=True, text=True, timeout=300, check=False, env=dict(os.environ),
    )  # fmt: skip
    assert done.returncode == 4, done.stderr
    assert json.loads(done.stdout)["status"] == "REJECTED"


class Payload:
    """Unpickling this creates ``marker``: what a crafted cache file would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (open, (str(self.marker), "w"))


def test_a_crafted_pickle_in_the_cache_runs_no_code(
    dirs: tuple[Path, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    probe = tmp_path / "probe"
    pickle.loads(pickle.dumps(Payload(probe)))  # the payload works when unpickled
    assert probe.exists()
    marker = tmp_path / "marker"
    payload = pickle.dumps(Payload(marker))
    path = cache_file(dirs[0])
    path.write_bytes(payload)
    (dirs[0] / path.name.replace(".idx", ".pickle")).write_bytes(payload)  # the old name too
    screener = Screener.from_bundled()
    assert not marker.exists()
    assert screener.screen("Tornado Cash").status == "hit"
    assert [m for m in warnings(caplog) if "differs from the digest" in m and str(path) in m]
    assert not list(dirs[0].glob("*.pickle"))  # the rebuild cleared the old-format file
    assert path.read_bytes().startswith(index_format.MAGIC)


def record_digest_of(dirs: tuple[Path, Path], data: bytes) -> None:
    """Record ``data``'s sha256 as the digest of the cache: an attacker who can write both."""
    record = dirs[1] / index_cache.DIGESTS
    document = json.loads(record.read_text(encoding="utf-8"))
    (entry,) = document["digests"]
    document["digests"][entry] = hashlib.sha256(data).hexdigest()
    record.write_text(json.dumps(document), encoding="utf-8")


def test_a_crafted_pickle_with_its_digest_recorded_still_runs_no_code(
    dirs: tuple[Path, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    marker = tmp_path / "marker"
    payload = pickle.dumps(Payload(marker))
    path = cache_file(dirs[0])
    key = str(header(path.read_bytes())["key"])
    path.write_bytes(payload)
    record_digest_of(dirs, payload)
    assert index_cache.load_cached(key) is None
    assert not marker.exists()
    assert warnings(caplog) == [
        f"ignoring malformed index cache {path}: not a screening index cache (no magic bytes); "
        "rebuilding"
    ]


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "bit flipped"])
def test_a_damaged_cache_is_ignored(
    dirs: tuple[Path, Path], caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    path = cache_file(dirs[0])
    good = path.read_bytes()
    key = str(header(good)["key"])
    damaged = {
        "truncated": good[: len(good) // 2],
        "garbage": os.urandom(4096),
        "empty": b"",
        "bit flipped": good[:-100] + bytes([good[-100] ^ 1]) + good[-99:],
    }[damage]
    path.write_bytes(damaged)
    assert index_cache.load_cached(key) is None
    assert [m for m in warnings(caplog) if "differs from the digest" in m and str(path) in m]
    if damage != "bit flipped":  # one number changed is only the digest's to catch
        record_digest_of(dirs, damaged)  # with a matching digest, the layout checks refuse it
        assert index_cache.load_cached(key) is None
        assert [m for m in warnings(caplog) if "malformed index cache" in m and str(path) in m]


def test_a_truncated_cache_is_rebuilt_to_the_same_bytes(
    dirs: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    path = cache_file(dirs[0])
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 3])
    screener = Screener.from_bundled()
    assert screener.screen("Banco Nacional de Cuba").status == "hit"
    assert any(str(path) in m for m in warnings(caplog))
    assert path.read_bytes() == good


def test_a_cache_without_a_recorded_digest_is_not_used(
    dirs: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    path = cache_file(dirs[0])
    (dirs[1] / index_cache.DIGESTS).unlink()
    assert index_cache.load_cached(str(header(path.read_bytes())["key"])) is None
    assert warnings(caplog) == [
        f"ignoring index cache {path}: no digest of it in {dirs[1]}; rebuilding"
    ]


def test_digests_that_cannot_be_written_mean_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    not_a_dir = tmp_path / "lists"
    not_a_dir.write_text("a file where the digests directory should be", encoding="utf-8")
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(not_a_dir))
    lists = load_bundled()
    screener = Screener.from_lists(lists, cache=tmp_path / "cache")
    assert screener.screen("Tornado Cash").status == "hit"
    assert not list((tmp_path / "cache").glob("index-*"))
    assert any("could not record index digests" in m for m in warnings(caplog))


def test_digests_are_never_kept_in_the_cache_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PRICING_ENGINE_CACHE", str(tmp_path))
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(tmp_path))
    assert Screener.from_bundled().screen("Tornado Cash").status == "hit"
    assert not list(tmp_path.iterdir())
    assert any("also where its digests would be kept" in m for m in warnings(caplog))


def tiny_index() -> NameIndex:
    lists = load_bundled()
    return build_index([replace(lists[0], entities=lists[0].entities[:5])])


def test_store_keeps_files_with_a_digest_and_removes_the_rest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache, digests, index = tmp_path / "cache", tmp_path / "lists", tiny_index()
    cache.mkdir()
    stray = cache / f"index-{'e' * 24}-{'f' * 8}.idx"  # dropped in by someone else
    stray.write_bytes(index_format.MAGIC)
    legacy = cache / f"index-{'e' * 24}-{'f' * 8}.pickle"
    legacy.write_bytes(b"\x80\x05N.")
    first = index_cache.store("1" * 64, index, cache, digests=digests)
    second = index_cache.store("2" * 64, index, cache, digests=digests)
    assert first and second and sorted(cache.iterdir()) == sorted([first, second])
    for key in ("1" * 64, "2" * 64):
        loaded = index_cache.load_cached(key, cache, digests=digests)
        assert loaded is not None and loaded.entities == index.entities
    assert not warnings(caplog)


def test_unreadable_digests_are_ignored_and_rewritten(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache, digests, index = tmp_path / "cache", tmp_path / "lists", tiny_index()
    digests.mkdir()
    (digests / index_cache.DIGESTS).write_text("[" * 100_000, encoding="utf-8")
    path = index_cache.store("1" * 64, index, cache, digests=digests)
    assert path is not None
    assert any("ignoring unreadable index digests" in m for m in warnings(caplog))
    assert index_cache.load_cached("1" * 64, cache, digests=digests) is not None
