"""The digest file that makes a cache file trusted: sha256 per cache entry, kept apart.

The screening index cache and the compiled rule cache both write their files where another
process could change them; a file is used only when its sha256 equals the digest recorded
here when it was written (in the user's data directory, not beside the cache). This module
reads and records those digests and reads a cache file back only when its digest checks out;
each cache names its own file, how many entries it keeps and why it ignored a file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from pricing_engine import _jsonsafe as jsonsafe
from pricing_engine._atomic import atomic_write

__all__ = ["kept_apart", "read_digests", "read_trusted", "record_digest", "write_trusted"]

_SHA256 = re.compile(r"[0-9a-f]{64}")


def read_digests(path: Path, what: str, log: logging.Logger) -> dict[str, str]:
    """Return the digests recorded in ``path`` (none if it is missing or not as written here).

    ``what`` names the cache in the warning ``log`` gets for a file that cannot be used.
    """
    try:
        document = jsonsafe.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s digests %s: %s", what, path, exc)
        return {}
    digests = document.get("digests") if isinstance(document, dict) else None
    if (not isinstance(document, dict) or document.get("schema_version") != 1
            or not isinstance(digests, dict)
            or not all(isinstance(v, str) and _SHA256.fullmatch(v) for v in digests.values())):
        log.warning("ignoring %s digests %s: not in the expected form", what, path)
        return {}
    return digests


def record_digest(path: Path, entry: str, digest: str, *, keep: int, what: str,
                  log: logging.Logger) -> list[str]:
    """Record ``digest`` for ``entry`` in ``path``; return the entries kept (the ``keep``
    most recent ones)."""
    digests = read_digests(path, what, log)
    digests.pop(entry, None)  # re-added last: the most recent entries are kept
    digests[entry] = digest
    kept = dict(list(digests.items())[-keep:])
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as handle:
        json.dump({"schema_version": 1, "digests": kept}, handle, indent=1)
        handle.write("\n")
    return list(kept)


def write_trusted(
    path: Path, data: bytes, digests: Path, entry: str, *, keep: int, what: str,
    log: logging.Logger, stale: Callable[[list[str]], Iterable[Path]],
) -> Path | None:
    """Record the sha256 of ``data`` for ``entry`` in ``digests``, then write ``data`` to
    ``path`` (owner-only, atomically) and remove the cache files ``stale`` names, given the
    entries kept. Returns ``path``, or None with a warning when either cannot be written (a
    cache file is never written without its digest: it could not be trusted).
    """
    try:
        kept = record_digest(digests, entry, hashlib.sha256(data).hexdigest(), keep=keep,
                             what=what, log=log)
    except OSError as exc:
        log.warning("could not record %s digests in %s (%s): not caching", what,
                    digests.parent, exc)
        return None
    try:  # a read-only home must not stop pricing or screening
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path, "wb", encoding=None, permissions=0o600) as handle:
            handle.write(data)
        for old in stale(kept):
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not write %s cache in %s: %s", what, path.parent, exc)
        return None
    return path


def kept_apart(cache: Path, digests: Path, what: str, log: logging.Logger) -> bool:
    """Whether the digests directory is apart from the cache directory, as it must be (a
    process that can write the cache must not be able to vouch for it); warns when not."""
    try:
        same = cache.resolve() == digests.resolve()
    except OSError:
        same = True
    if same:
        log.warning("%s cache %s is also where its digests would be kept: not caching", what,
                    cache)
    return not same


def read_trusted(path: Path, digests: Path, entry: str, *, what: str, log: logging.Logger,
                 unrecorded: str, differs: str) -> bytes | None:
    """Return the cache file ``path`` if its sha256 is the digest recorded for ``entry`` in
    ``digests``, else None (rebuild).

    A missing file is None, silently; an unreadable one, one whose directory is not kept apart
    from the digests' (:func:`kept_apart`), one with no recorded digest and one whose sha256
    is not that digest are None with a warning to ``log`` naming the ``what`` cache, the last
    two giving the caller's reason, ``unrecorded`` or ``differs``.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("ignoring unreadable %s cache %s: %s", what, path, exc)
        return None
    if not kept_apart(path.parent, digests.parent, what, log):
        return None
    recorded = read_digests(digests, what, log).get(entry)
    if recorded is None or hashlib.sha256(data).hexdigest() != recorded:
        log.warning("ignoring %s cache %s: %s; rebuilding", what, path,
                    unrecorded if recorded is None else differs)
        return None
    return data
