"""Every test sees the lists of the repository, never those a user imported on this machine.

``Engine.load``, ``check``, ``screen`` and ``lists`` lay the user lists directory
(PRICING_ENGINE_LISTS_DIR, default the platform data directory) over the bundled lists; the
session points it at an empty directory of its own, inherited by the CLI subprocesses. Tests
that import lists set their own directory. The screening index cache (PRICING_ENGINE_CACHE,
default ``$XDG_CACHE_HOME/pricing-engine``) gets a directory of its own too, so no test reads or
writes a user's cache (its digests go to the session's lists directory).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest

_ENVS = {"PRICING_ENGINE_LISTS_DIR": "pe-user-lists-", "PRICING_ENGINE_CACHE": "pe-index-cache-"}
_KEY = pytest.StashKey[dict[str, tuple[str | None, str]]]()


def pytest_configure(config: pytest.Config) -> None:
    """Point the user lists directory and the index cache at fresh empty directories."""
    config.stash[_KEY] = {
        env: (os.environ.get(env), tempfile.mkdtemp(prefix=prefix)) for env, prefix in _ENVS.items()
    }
    for env, (_, directory) in config.stash[_KEY].items():
        os.environ[env] = directory


def pytest_unconfigure(config: pytest.Config) -> None:
    """Restore the variables and remove the directories."""
    for env, (previous, directory) in config.stash.get(_KEY, {}).items():
        if previous is None:
            os.environ.pop(env, None)
        else:
            os.environ[env] = previous
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def hashed_files(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each list file is hashed (by name) from here on: screening.bundle's sha256."""
    from pricing_engine.screening import bundle

    hashed: Counter[str] = Counter()
    real = bundle.file_sha256

    def counting(path: Path) -> str:
        hashed[path.name] += 1
        return real(path)

    monkeypatch.setattr(bundle, "file_sha256", counting)
    return hashed
