"""The parts of the service that need no web framework: readiness, reload, API keys."""

from __future__ import annotations

import gc
import hashlib
from datetime import date
from pathlib import Path

import pytest

from pricing_engine.errors import RuleFileError
from pricing_engine.server.auth import load_api_keys, presented_key
from pricing_engine.server.config import ServerConfig
from pricing_engine.server.state import EngineState, ReloadFailed, Served, build
from tests.server.conftest import LENIENT


@pytest.fixture(scope="module")
def default() -> Served:
    return build(ServerConfig())


def test_the_bundled_lists_are_too_old_for_the_default_policy(default: Served) -> None:
    reasons = default.unready(date.today())
    assert reasons and all("not within 31 days" in reason for reason in reasons)
    assert any("ofac_sdn" in reason for reason in reasons)
    assert build(ServerConfig(policy=str(LENIENT))).unready(date.today()) == []


def test_a_failed_reload_keeps_the_engine(default: Served, tmp_path: Path) -> None:
    broken = tmp_path / "policy.yaml"
    broken.write_text("policy_version: 1\nscreening: {hit_threshold: 2}\n", encoding="utf-8")
    state = EngineState(ServerConfig(policy=str(broken)), default)
    with pytest.raises(ReloadFailed, match=rf"unchanged: {broken}:\d+:\d+: "):
        state.reload()
    assert state.current is default
    assert state.last_error is not None


def test_a_reload_swaps_the_engine(default: Served) -> None:
    state = EngineState(ServerConfig(), default)
    served = state.reload()
    assert state.current is served and served is not default
    assert served.loaded_at >= default.loaded_at and state.last_error is None


def test_keys_plain_and_hashed(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    digest = hashlib.sha256(b"second-key-0123456789").hexdigest()
    path.write_text("keys:\n  - {label: one, key: first-key-0123456789}\n"
                    f"  - {{label: two, sha256: {digest}, admin: true}}\n", encoding="utf-8")
    keys = load_api_keys(path)
    first, second = keys.check("first-key-0123456789"), keys.check("second-key-0123456789")
    assert first is not None and (first.label, first.admin) == ("one", False)
    assert second is not None and (second.label, second.admin) == ("two", True)
    assert keys.check("first-key-012345678") is None and keys.check(None) is None
    assert keys.has_admin


@pytest.mark.parametrize(("text", "where"), [
    ("keys:\n  - {label: a, key: short}\n", ":2:"),
    ("keys:\n  - {label: a}\n", ":2:"),
    ("keys:\n  - {label: a, key: k0123456789abcdef}\n  - {label: a, key: k0123456789abcdeg}\n",
     ":1:"),
    ("keys: []\n", ":1:"),
])
def test_a_key_file_with_a_mistake_names_its_line(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError, match=f"^{path}{where}"):
        load_api_keys(path)


def test_the_key_presented() -> None:
    assert presented_key("Bearer abc", None) == "abc"
    assert presented_key("ApiKey abc", None) == "abc"
    assert presented_key("Basic abc", None) is None
    assert presented_key(None, " xyz ") == "xyz"
    assert presented_key(None, None) is None


def test_the_collector_is_frozen_only_when_asked(default: Served) -> None:
    gc.unfreeze()
    try:
        state = EngineState(ServerConfig(), default)
        state.reload()
        assert gc.get_freeze_count() == 0  # a library call leaves the collector alone
        state = EngineState(ServerConfig(), default, freeze_gc=True)
        assert gc.get_freeze_count() > 0
        gc.unfreeze()
        served = state.reload()  # the new engine is frozen in its turn
        assert gc.get_freeze_count() > 0 and state.current is served
    finally:
        gc.unfreeze()
