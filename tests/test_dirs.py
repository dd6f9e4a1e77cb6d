"""The cache and user data directories: platform conventions, and the env overrides."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pricing_engine import _dirs
from pricing_engine.screening import index_cache
from pricing_engine.screening.bundle import user_lists_dir

posix_xdg = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="XDG variables rule on Linux and the BSDs"
)


@pytest.fixture
def no_overrides(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("PRICING_ENGINE_CACHE", raising=False)
    monkeypatch.delenv("PRICING_ENGINE_LISTS_DIR", raising=False)
    return monkeypatch


@posix_xdg
def test_the_cache_is_under_xdg_cache_home(
    no_overrides: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    no_overrides.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert index_cache.cache_dir() == _dirs.cache_dir() == tmp_path / "pricing-engine"


@posix_xdg
def test_user_lists_are_under_xdg_data_home(
    no_overrides: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    no_overrides.setenv("XDG_DATA_HOME", str(tmp_path))
    assert user_lists_dir() == _dirs.lists_dir() == tmp_path / "pricing-engine" / "lists"
    assert index_cache.digests_dir() == tmp_path / "pricing-engine" / "lists"


def test_without_xdg_the_directories_are_the_platforms(no_overrides: pytest.MonkeyPatch) -> None:
    no_overrides.delenv("XDG_CACHE_HOME", raising=False)
    no_overrides.delenv("XDG_DATA_HOME", raising=False)
    assert _dirs.cache_dir().name == "pricing-engine"
    assert user_lists_dir().parts[-2:] == ("pricing-engine", "lists")
    assert _dirs.cache_dir() != user_lists_dir().parent  # a cache is not data


def test_the_env_overrides_win_over_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("PRICING_ENGINE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(tmp_path / "lists"))
    assert index_cache.cache_dir() == tmp_path / "cache"
    assert user_lists_dir() == tmp_path / "lists"


def test_an_empty_override_is_no_override(no_overrides: pytest.MonkeyPatch, tmp_path: Path) -> None:
    no_overrides.setenv("PRICING_ENGINE_CACHE", "")
    no_overrides.setenv("PRICING_ENGINE_LISTS_DIR", "")
    assert index_cache.cache_dir().name == "pricing-engine"
    assert user_lists_dir().parts[-2:] == ("pricing-engine", "lists")
