"""Every test sees the lists of the repository, never those a user imported on this machine.

``Engine.load``, ``check``, ``screen`` and ``lists`` lay the user lists directory
(PRICING_ENGINE_LISTS_DIR, default the platform data directory) over the bundled lists; the
session points it at an empty directory of its own, inherited by the CLI subprocesses. Tests
that import lists set their own directory.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_ENV = "PRICING_ENGINE_LISTS_DIR"
_KEY = pytest.StashKey[tuple[str | None, str]]()


def pytest_configure(config: pytest.Config) -> None:
    """Point the user lists directory at a fresh empty directory for the session."""
    config.stash[_KEY] = (os.environ.get(_ENV), tempfile.mkdtemp(prefix="pe-user-lists-"))
    os.environ[_ENV] = config.stash[_KEY][1]


def pytest_unconfigure(config: pytest.Config) -> None:
    """Restore the variable and remove the directory."""
    previous, directory = config.stash.get(_KEY, (None, ""))
    if previous is None:
        os.environ.pop(_ENV, None)
    else:
        os.environ[_ENV] = previous
    if directory:
        shutil.rmtree(directory, ignore_errors=True)

