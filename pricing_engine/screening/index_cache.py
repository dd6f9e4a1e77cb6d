"""A disk cache of built name indexes that can neither run code nor hide a listed party.

Building the index normalises every listed name (about two seconds for the full bundled
lists); loading a cached one takes a fraction of that. The cache lives in PRICING_ENGINE_CACHE
or the platform's user cache directory (:func:`pricing_engine._dirs.cache_dir`: on Linux
``$XDG_CACHE_HOME/pricing-engine``), one file per lists hash and code version, in the layout of
:mod:`.index_format`: strings and numbers read with ``str.split`` and ``array``, never pickle,
so a replaced file cannot run code.

A cache file is only used if its sha256 equals the digest recorded when this code built it,
and that digest is kept where the cache is not: ``index-digests.json`` in the lists data
directory (:func:`.bundle.user_lists_dir`, PRICING_ENGINE_LISTS_DIR). A cache file that was
edited (a listed entity removed, say) or replaced, or that has no recorded digest, is ignored
with a warning and rebuilt; so is one that does not parse. When the digests cannot be written,
or would sit in the cache directory itself, no cache is used: screening is slower, never wrong.
Two processes storing at once may lose one digest entry; the cost is one more rebuild.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pricing_engine import _dirs
from pricing_engine._digests import kept_apart, read_trusted, write_trusted
from pricing_engine._fingerprint import source_fingerprint
from pricing_engine.screening import index_format
from pricing_engine.screening.bundle import user_lists_dir
from pricing_engine.screening.index import NameIndex

__all__ = [
    "DIGESTS", "INDEX_VERSION", "cache_dir", "code_sources", "digests_dir", "load_cached", "store",
]  # fmt: skip

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Bumped whenever normalisation, token similarity or the index layout changes, so old caches
#: are not used.
INDEX_VERSION = "screening-index-11"
#: Every module of this package that index.py imports, directly or not (a test checks).
_INDEX_MODULES = (
    "hangul.py", "index.py", "index_format.py", "legal_forms.py", "look_alike.py",
    "model.py", "name_variants.py", "normalize.py", "packed_names.py", "similarity.py",
    "suffixes.py", "titles.py", "translit.py",
)  # fmt: skip
#: The file of recorded cache digests, in :func:`digests_dir`.
DIGESTS = "index-digests.json"
_DIGESTS_KEPT = 32  # most recent entries: one per lists version and code version in use


def cache_dir() -> Path:
    """Return the cache directory: PRICING_ENGINE_CACHE or the platform's user cache dir."""
    return _dirs.cache_dir()


def digests_dir() -> Path:
    """Return where cache digests are recorded: the lists data directory, not the cache's."""
    return user_lists_dir()


def code_sources() -> tuple[Path, ...]:
    """Return the source files an index depends on as much as on the lists: normalisation
    and the token similarities it holds."""
    package = Path(__file__).parent
    return tuple(package / module for module in _INDEX_MODULES)


def _code_hash() -> str:
    return source_fingerprint(INDEX_VERSION, code_sources())


def _path(directory: Path, key: str, code: str) -> Path:
    return directory / f"index-{key[:24]}-{code[:8]}.idx"


def _separate(cache: Path, digests: Path) -> bool:
    return kept_apart(cache, digests, "index", log)


def load_cached(
    key: str, directory: Path | None = None, *, digests: Path | None = None
) -> NameIndex | None:
    """Return the cached index for ``key`` if its digest checks out, else None (rebuild).

    ``directory`` overrides :func:`cache_dir`, ``digests`` overrides :func:`digests_dir`.
    """
    cache, digests = directory or cache_dir(), digests or digests_dir()
    code = _code_hash()
    path = _path(cache, key, code)
    data = read_trusted(
        path, digests / DIGESTS, f"{key}:{code}", what="index", log=log,
        unrecorded=f"no digest of it in {digests}",
        differs=f"it differs from the digest recorded in {digests / DIGESTS} (modified or "
        "replaced)",
    )  # fmt: skip
    if data is None:
        return None
    try:
        index = index_format.loads(data, key=key, code=code)
    except index_format.IndexFormatError as exc:
        log.warning("ignoring malformed index cache %s: %s; rebuilding", path, exc)
        return None
    log.debug("index cache %s matches its digest: loaded", path)
    return index


def store(
    key: str, index: NameIndex, directory: Path | None = None, *, digests: Path | None = None
) -> Path | None:
    """Write ``index`` to the cache and record its digest; return its path (None if not kept).

    The digest is recorded first: where it cannot be, no cache file is written.
    """
    cache, digests = directory or cache_dir(), digests or digests_dir()
    code = _code_hash()
    path = _path(cache, key, code)
    if not _separate(cache, digests):
        return None
    try:
        data = index_format.dumps(index, key=key, code=code)
    except index_format.IndexFormatError as exc:
        log.warning("not caching the index: %s", exc)
        return None

    def stale(entries: list[str]) -> list[Path]:
        # older code, a pickle, or no digest kept
        trusted = {_path(cache, e.partition(":")[0], e.partition(":")[2]).name for e in entries}
        return [f for f in [*cache.glob("index-*.idx"), *cache.glob("index-*.pickle")]
                if f != path and (f.name.startswith(f"index-{key[:24]}-")
                                  or f.name not in trusted)]

    return write_trusted(path, data, digests / DIGESTS, f"{key}:{code}", keep=_DIGESTS_KEPT,
                         what="index", log=log, stale=stale)
