"""One source fingerprint keys both caches: it follows the code that made what is cached."""

from __future__ import annotations

from pathlib import Path

from pricing_engine._fingerprint import source_fingerprint
from pricing_engine.screening import index_cache
from pricing_engine.screening.bundle import loader_sources


def _sources(tmp_path: Path, **texts: str) -> tuple[Path, ...]:
    paths = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return tuple(paths)


def test_the_fingerprint_follows_every_source_and_the_label(tmp_path: Path) -> None:
    one = _sources(tmp_path / "one", normalize="def f(): return 1\n", model="X = 1\n")
    changed = _sources(tmp_path / "two", normalize="def f(): return 2\n", model="X = 1\n")
    other_model = _sources(tmp_path / "three", normalize="def f(): return 1\n", model="X = 2\n")
    same = _sources(tmp_path / "four", normalize="def f(): return 1\n", model="X = 1\n")
    prints = {source_fingerprint("v1", p) for p in (one, changed, other_model)}
    assert len(prints) == 3  # a change to any one file changes the key
    assert source_fingerprint("v1", same) == source_fingerprint("v1", one)  # content, not path
    assert source_fingerprint("v2", one) != source_fingerprint("v1", one)  # a bumped version
    assert len(source_fingerprint("v1", one)) == 64


def test_the_index_key_covers_normalisation_and_the_lists_key_the_loaders() -> None:
    index_names = {p.name for p in index_cache.code_sources()}
    assert {"normalize.py", "name_variants.py", "translit.py", "index.py"} <= index_names
    loaders = loader_sources()
    assert {"ofac_csv.py", "un_xml.py", "_common.py", "model.py"} <= {p.name for p in loaders}
    assert all(p.is_file() for p in (*index_cache.code_sources(), *loaders))
    assert any(p.parent.name == "lists" for p in loaders)
