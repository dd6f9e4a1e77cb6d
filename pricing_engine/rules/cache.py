"""A disk cache of compiled rule books: JSON strings and numbers, never pickle.

Reading, validating and compiling the bundled rules with their tariff tables (tens of
thousands of national lines) takes seconds; reading a compiled book back takes a fraction
of one. A book is cached only after a build that found no error, under a key over the exact
inputs (each rule file's label and sha256, and whether the bundled rules were laid under a
user's) and a fingerprint of the code that reads and compiles them
(:func:`pricing_engine._fingerprint.source_fingerprint`), so an edited file or a new version of
the code is a new key. The file lives in PRICING_ENGINE_CACHE or the platform's user cache
directory (:func:`pricing_engine._dirs.cache_dir`) and holds only JSON: decoding builds the
lookup records of :mod:`pricing_engine.rules.results` and the file models (re-validated by
pydantic) from a closed list of types, so a replaced file cannot run code.

A cache file is used only if its sha256 equals the digest recorded when this code wrote it,
kept where the cache is not: ``rules-digests.json`` in the user data directory
(:func:`pricing_engine._dirs.lists_dir`, PRICING_ENGINE_LISTS_DIR), as the screening index
does. An edited, replaced, truncated or foreign file, or one without a recorded digest, is
ignored with a warning and rebuilt, never trusted; when the digests cannot be written, or
would sit in the cache directory itself, nothing is cached: loading is slower, never wrong.
A key with a recorded digest also means "these inputs validated without error", which lets
``validate`` skip the files of an unchanged rule set.

A book read back decodes a country's rules when the country is first asked for
(:mod:`.cache_format`). Should that prove impossible (a section not what its digest says, a
shape this code does not read), the cache file is dropped with a warning and the book is built
again from the rule files (``rebuild``, given by the loader): the country comes from that
build, whole, and the next process writes a new cache.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pricing_engine import _dirs
from pricing_engine._digests import kept_apart, read_trusted, write_trusted
from pricing_engine._fingerprint import source_fingerprint
from pricing_engine.rules.book import RuleBook
from pricing_engine.rules.cache_format import CacheFormatError, dumps, dumps_header, header, loads
from pricing_engine.rules.country import CountryRules

__all__ = ["CACHE_VERSION", "DIGESTS", "cache_key", "code_sources", "load_cached", "store",
           "store_validated", "validated_kinds"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Bumped by hand when the layout or the meaning of a cached book changes.
CACHE_VERSION = "rules-cache-3"
#: The file of recorded cache digests, in the user data directory.
DIGESTS = "rules-digests.json"
_DIGESTS_KEPT = 16
_PACKAGE = Path(__file__).resolve().parents[1]
#: Modules outside rules/ whose change could change a compiled book.
_OTHER_SOURCES = ("documents.py", "fields.py", "countries.py", "errors.py", "_fingerprint.py")


def code_sources() -> tuple[Path, ...]:
    """The source files a compiled book depends on: the rules package and what it reads with."""
    rules = sorted((_PACKAGE / "rules").glob("*.py"))
    return (*rules, *(_PACKAGE / name for name in _OTHER_SOURCES))


def _code_hash() -> str:
    from importlib.metadata import version

    label = f"{CACHE_VERSION} pycountry {version('pycountry')} pydantic {version('pydantic')}"
    return source_fingerprint(label, code_sources())


def cache_key(inputs: Iterable[str]) -> str:
    """The key of a build from ``inputs`` (lines naming each file and option) by this code."""
    digest = hashlib.sha256(_code_hash().encode())
    for line in inputs:
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def _path(directory: Path, key: str) -> Path:
    return directory / f"rules-{key[:32]}.json"


def _separate(cache: Path, digests: Path) -> bool:
    return kept_apart(cache, digests, "rules", log)


def _trusted(key: str) -> bytes | None:
    """The cache file of ``key`` if its sha256 is the digest recorded for it, else None."""
    digests = _dirs.lists_dir() / DIGESTS
    return read_trusted(_path(_dirs.cache_dir(), key), digests, key, what="rules", log=log,
                        unrecorded="no digest of it is recorded",
                        differs=f"it differs from the digest recorded in {digests}")


def validated_kinds(key: str) -> Mapping[str, str] | None:
    """The kind of each input file (by label) if these exact inputs validated without error.

    None when this code has no trusted record of such a build.
    """
    data = _trusted(key)
    if data is None:
        return None
    try:
        return header(data, key=key)[0]
    except CacheFormatError as exc:
        log.warning("ignoring malformed rules cache for %s: %s", key[:12], exc)
        return None


def load_cached(key: str, *, rebuild: Callable[[], RuleBook] | None = None) -> RuleBook | None:
    """The cached book of ``key``, or None (build it).

    ``rebuild`` builds the same book from the rule files: it supplies a country whose cached
    rules prove unusable at first use (without it, that lookup raises CacheFormatError).
    """
    data = _trusted(key)
    if data is None:
        return None
    try:
        if not header(data, key=key)[1]:
            return None  # validated by `validate`, never compiled: build it
        return loads(data, key=key, fallback=None if rebuild is None else _Rebuild(key, rebuild))
    except CacheFormatError as exc:
        log.warning("ignoring malformed rules cache for %s: %s; rebuilding", key[:12], exc)
        return None


class _Rebuild:
    """A book's fallback: drop the cache file and take the country from a book built again."""

    def __init__(self, key: str, build: Callable[[], RuleBook]) -> None:
        self.key = key
        self.build = build
        self.book: RuleBook | None = None
        self.lock = threading.Lock()  # a country and a chapter may fail at once: build once

    def __call__(self, code: str, exc: CacheFormatError) -> CountryRules:
        path = _path(_dirs.cache_dir(), self.key)
        log.warning("ignoring malformed rules cache %s (%s): %s; rebuilding", path, code, exc)
        try:
            path.unlink(missing_ok=True)
        except OSError as err:
            log.warning("could not remove the rules cache %s: %s", path, err)
        with self.lock:
            if self.book is None:
                self.book = self.build()
            return self.book.country(code)


def store(key: str, book: RuleBook, unions: Iterable[str], kinds: Mapping[str, str],
          models: Mapping[str, tuple[str, BaseModel, Any]]) -> Path | None:
    """Write ``book`` under ``key`` and record its digest; return its path (None: not kept).

    ``kinds`` gives each input file's kind by label; ``models`` the kind, model and plain
    data of each country, union and Incoterms file by label (re-validated when read back).
    """
    try:
        data = dumps(book, key=key, unions=unions, kinds=kinds, models=models)
    except CacheFormatError as exc:
        log.warning("not caching the rules: %s", exc)
        return None
    return _write(key, data)


def store_validated(key: str, kinds: Mapping[str, str]) -> Path | None:
    """Record that these inputs validated without error (no book: ``validate`` compiles none)."""
    if validated_kinds(key) is not None:
        return None  # a book (or this record) is there already
    return _write(key, dumps_header(key=key, kinds=kinds))


def _write(key: str, data: bytes) -> Path | None:
    cache, digests = _dirs.cache_dir(), _dirs.lists_dir()
    if not _separate(cache, digests):
        return None
    path = _path(cache, key)

    def stale(kept: list[str]) -> list[Path]:
        trusted = {_path(cache, k).name for k in kept}
        return [f for f in cache.glob("rules-*.json") if f.name not in trusted]

    return write_trusted(path, data, digests / DIGESTS, key, keep=_DIGESTS_KEPT, what="rules",
                         log=log, stale=stale)
