"""A disk cache of built name indexes, keyed by the lists' content hash.

Building the index normalises every listed name (about a second and a half for the full
bundled lists); loading a pickled one takes a fraction of that. The cache lives in
PRICING_ENGINE_CACHE or ``~/.cache/pricing_engine``; it is safe to delete, and an unreadable,
corrupt or mismatched file is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

from pricing_engine.screening.index import NameIndex, gc_paused

__all__ = ["INDEX_VERSION", "cache_dir", "load_cached", "store"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Bumped whenever normalisation or the index layout changes, so old caches are not used.
INDEX_VERSION = "screening-index-4"
_INDEX_MODULES = (
    "index.py", "legal_forms.py", "name_variants.py", "normalize.py", "translit.py",
)  # fmt: skip


def cache_dir() -> Path:
    """Return the cache directory: PRICING_ENGINE_CACHE or ``~/.cache/pricing_engine``."""
    override = os.environ.get("PRICING_ENGINE_CACHE", "")
    return Path(override) if override else Path.home() / ".cache" / "pricing_engine"


def _code_hash() -> str:
    # the index depends on the normalisation code as much as on the lists
    digest = hashlib.sha256(INDEX_VERSION.encode())
    package = Path(__file__).parent
    for module in _INDEX_MODULES:
        digest.update((package / module).read_bytes())
    return digest.hexdigest()


def _path(directory: Path, key: str) -> Path:
    return directory / f"index-{key[:24]}-{_code_hash()[:8]}.pickle"


def load_cached(key: str, directory: Path | None = None) -> NameIndex | None:
    """Return the cached index for ``key``, or None when absent, corrupt or for other lists."""
    path = _path(directory or cache_dir(), key)
    try:
        with path.open("rb") as handle, gc_paused():
            stored_key, version, index = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a corrupt cache is rebuilt, whatever unpickling raised
        log.warning("ignoring unreadable index cache %s: %s", path, exc)
        return None
    if stored_key != key or version != _code_hash() or not isinstance(index, NameIndex):
        log.info("index cache %s is for other lists or another version: rebuilding", path)
        return None
    return index


def store(key: str, index: NameIndex, directory: Path | None = None) -> Path | None:
    """Write ``index`` to the cache atomically; return its path (None if the disk refused)."""
    target_dir = directory or cache_dir()
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=".index-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((key, _code_hash(), index), handle, protocol=pickle.HIGHEST_PROTOCOL)
        path = _path(target_dir, key)
        os.replace(tmp, path)
        for stale in target_dir.glob(f"index-{key[:24]}-*.pickle"):
            if stale != path:  # the same lists indexed by older code
                stale.unlink(missing_ok=True)
    except OSError as exc:  # a read-only home must not stop screening
        log.warning("could not write index cache in %s: %s", target_dir, exc)
        return None
    return path
