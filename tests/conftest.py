"""Every test sees the lists of the repository, never those a user imported on this machine.

``Engine.load``, ``check``, ``screen`` and ``lists`` lay the user lists directory
(PRICING_ENGINE_LISTS_DIR, default the platform data directory) over the bundled lists; the
session points it at an empty directory of its own, inherited by the CLI subprocesses. Tests
that import lists set their own directory. The screening index cache (PRICING_ENGINE_CACHE,
default ``$XDG_CACHE_HOME/pricing-engine``) gets a directory of its own too, so no test reads or
writes a user's cache (its digests go to the session's lists directory).

A test that gives a CLI run lists or cache directories of its own would have it compile the
bundled rules again (their cache is trusted through a digest kept in the lists directory):
``warm_rules`` records the session's compiled book there first, as an earlier run would have.

A session started with SIGINT ignored (``nohup pytest &`` from a script: a shell without job
control starts its background jobs so) gets Python's own SIGINT handler back: the CLI keeps an
inherited "ignore", as it should, and every process the tests start would inherit it, so the
interrupt tests, which send SIGINT as Ctrl-C does, could not test the CLI's answer to it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import signal
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

_ENVS = {"PRICING_ENGINE_LISTS_DIR": "pe-user-lists-", "PRICING_ENGINE_CACHE": "pe-index-cache-"}
_KEY = pytest.StashKey[dict[str, tuple[str | None, str]]]()


def pytest_configure(config: pytest.Config) -> None:
    """Point the user lists directory and the index cache at fresh empty directories, and take
    SIGINT back from an inherited "ignore"."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
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


@pytest.fixture(scope="session")
def _bundled_book(request: pytest.FixtureRequest) -> tuple[str, str, bytes]:
    """The compiled cache file of the bundled rules: key, file name and bytes, as the
    session's directories vouch for them (built there once per test process if need be)."""
    from pricing_engine.rules import cache, loader

    key = loader._Inputs(True, None).key
    assert key is not None
    with pytest.MonkeyPatch.context() as patch:
        for env, (_, directory) in request.config.stash[_KEY].items():
            patch.setenv(env, directory)
        blob = cache._trusted(key)
        if blob is None:
            loader._BOOKS.pop(key, None)  # built under a test's own directories: build here
            loader.load_rules()
            blob = cache._trusted(key)
    assert blob is not None, "the bundled rules were not cached"
    return key, f"rules-{key[:32]}.json", blob


@pytest.fixture(scope="session")
def warm_rules(_bundled_book: tuple[str, str, bytes]) -> Callable[..., None]:
    """``warm_rules(lists_dir, cache_dir=None)``: make the compiled bundled rules trusted in
    ``lists_dir`` (and present in ``cache_dir``, default the session's), as after a run."""
    from pricing_engine._digests import record_digest
    from pricing_engine.rules.cache import DIGESTS

    key, name, blob = _bundled_book
    digest = hashlib.sha256(blob).hexdigest()

    def warm(lists_dir: Path, cache_dir: Path | None = None) -> None:
        record_digest(lists_dir / DIGESTS, key, digest, keep=16, what="rules",
                      log=logging.getLogger(__name__))
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            (cache_dir / name).write_bytes(blob)

    return warm
