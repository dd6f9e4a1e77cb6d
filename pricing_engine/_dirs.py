"""Where the package keeps files of its own: the index cache and the user's imported lists.

Both follow the platform's conventions through platformdirs (``$XDG_CACHE_HOME`` and
``$XDG_DATA_HOME`` on Linux, ``~/Library/Caches`` and ``~/Library/Application Support`` on
macOS, ``%LOCALAPPDATA%`` on Windows); an environment variable overrides each one.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "CACHE_ENV", "LISTS_ENV", "cache_dir", "lists_dir"]

#: The directory name under the platform's cache and data directories.
APP_NAME = "pricing-engine"
#: Overrides :func:`cache_dir`.
CACHE_ENV = "PRICING_ENGINE_CACHE"
#: Overrides :func:`lists_dir`.
LISTS_ENV = "PRICING_ENGINE_LISTS_DIR"


def cache_dir() -> Path:
    """Return the cache directory: $PRICING_ENGINE_CACHE, or the platform's user cache dir.

    On Linux that is ``$XDG_CACHE_HOME/pricing-engine`` (``~/.cache/pricing-engine``).
    """
    override = os.environ.get(CACHE_ENV, "")
    if override:
        return Path(override)
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def lists_dir() -> Path:
    """Return where imported lists live: $PRICING_ENGINE_LISTS_DIR, or the user data dir's.

    On Linux that is ``$XDG_DATA_HOME/pricing-engine/lists`` (``~/.local/share/...``).
    """
    override = os.environ.get(LISTS_ENV, "")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "lists"
