"""A ListSet checks its files once: a successful check is kept, a failed one is not."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from pricing_engine.screening.bundle import ListIntegrityError, resolve_lists

BUNDLED = Path(__file__).resolve().parents[2] / "sanctions_lists"


def test_a_failed_check_is_not_kept(tmp_path: Path) -> None:
    lists = Path(shutil.copytree(BUNDLED, tmp_path / "lists"))
    un = lists / "un_sc_consolidated.xml"
    original = un.read_bytes()
    un.write_bytes(original.replace(b"ERIC", b"ERIK", 1))
    list_set = resolve_lists(lists, user=False)
    for _ in range(2):
        with pytest.raises(ListIntegrityError, match="sha256 differs"):
            list_set.infos()
    un.write_bytes(original)
    assert [i.list_id for i in list_set.infos()] == ["ofac_sdn", "ofac_cons", "un_sc"]


def test_infos_then_a_cached_screener_hash_each_file_once(
        hashed_files: Counter[str], tmp_path: Path) -> None:
    resolve_lists(BUNDLED, user=False).screener(cache=tmp_path)  # stores the index
    hashed_files.clear()
    hashed = hashed_files
    list_set = resolve_lists(BUNDLED, user=False)
    infos = list_set.infos()
    screener = list_set.screener(cache=tmp_path)
    assert list_set.origins() is list_set.origins()
    assert screener.screen("Banco Nacional de Cuba").status == "hit"
    assert sum(hashed.values()) == sum(len(i.files) for i in infos) == 6
    assert set(hashed.values()) == {1}
