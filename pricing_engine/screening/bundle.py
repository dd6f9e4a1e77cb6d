"""The bundled sanctions lists, user-imported lists, and the manifests that vouch for them.

A lists directory holds list files and a ``manifest.json``::

    {"manifest_version": 1,
     "lists": [{"id": "ofac_sdn", "format": "ofac_csv", "source": "...", "published": "...",
                "files": [{"path": "sdn.csv", "sha256": "..."}], "entries": 14965, ...}]}

Loading fails closed: a manifest of the wrong shape, a file that is missing or whose sha256
differs from the manifest, or a list whose entry count differs, raises
:class:`ListIntegrityError` (naming the file) instead of screening against the wrong data.

Every entry point (``Engine.load``, ``check``, ``screen``, ``lists``) screens against the same
set, resolved by :func:`resolve_lists`: the bundled directory ``sanctions_lists/`` (env
PRICING_ENGINE_LISTS overrides it) or a directory given with ``--lists``, then the lists a user
imported (``pricing-engine lists import``, see :mod:`pricing_engine.screening.list_import`) into
:func:`user_lists_dir`, which replace lists with the same id and add the others.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pricing_engine import _dirs
from pricing_engine import _jsonsafe as jsonsafe
from pricing_engine._atomic import atomic_write
from pricing_engine._fingerprint import source_fingerprint
from pricing_engine._resources import bundled_path
from pricing_engine.errors import ListFormatError, MissingData
from pricing_engine.screening import lists as lists_package
from pricing_engine.screening import model as model_module
from pricing_engine.screening.lists import FORMATS, load_list
from pricing_engine.screening.lists._common import combined_sha256, file_sha256
from pricing_engine.screening.model import ListInfo, SanctionsList

if TYPE_CHECKING:
    from pricing_engine.screening.result import ScreeningConfig
    from pricing_engine.screening.screener import Screener

__all__ = [
    "LOADER_VERSION",
    "MANIFEST",
    "ListIntegrityError",
    "ListOrigin",
    "ListSet",
    "lists_hash",
    "load_bundled",
    "load_directory",
    "loader_sources",
    "manifest",
    "manifest_record",
    "published_on",
    "read_manifest",
    "record_info",
    "resolve_lists",
    "user_lists_dir",
    "write_manifest",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

MANIFEST = "manifest.json"
#: Part of :func:`lists_hash`, with a fingerprint of the loaders' source code, so caches keyed
#: by it are rebuilt when a loader may make something else of the same files.
LOADER_VERSION = "1"

#: directory -> (signature of its files, the lists loaded from them)
_cache: dict[str, tuple[tuple[Any, ...], tuple[SanctionsList, ...]]] = {}


#: Where a list in effect comes from: the bundled directory, a ``--lists`` directory, or the
#: user lists directory (imported lists).
ListOrigin = Literal["bundled", "lists-dir", "user"]


class ListIntegrityError(MissingData):
    """A list file is missing, or differs from what its manifest records (sha256, entries)."""


def user_lists_dir() -> Path:
    """Return where imported lists live: PRICING_ENGINE_LISTS_DIR or the platform data dir.

    The platform's user data directory is found by platformdirs: on Linux
    ``$XDG_DATA_HOME/pricing-engine/lists``, on macOS ``~/Library/Application
    Support/pricing-engine/lists``, on Windows ``%LOCALAPPDATA%\\pricing-engine\\lists``.
    """
    return _dirs.lists_dir()


def read_manifest(directory: Path) -> list[dict[str, Any]]:
    """Return the list records of ``directory/manifest.json``, checked for their shape.

    Raise :class:`MissingData` when there is no manifest and :class:`ListIntegrityError`, one
    line naming the file and the record, for anything else wrong: bad JSON, a record that is
    not an object, a missing or mistyped field, an unknown format, a duplicated id.
    """
    path = directory / MANIFEST
    try:
        document = jsonsafe.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MissingData(f"{path}: sanctions list manifest not found") from exc
    except (OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ListIntegrityError(f"{path}: unreadable manifest: {reason}") from exc
    records = document.get("lists") if isinstance(document, dict) else None
    if not isinstance(records, list):
        raise ListIntegrityError(f"{path}: manifest has no 'lists' array")
    seen: set[str] = set()
    for number, record in enumerate(records, 1):
        problem = _record_problem(record)
        if problem is None and record["id"] in seen:
            problem = f"id {record['id']!r} appears twice"
        if problem is not None:
            raise ListIntegrityError(f"{path}: list #{number}: {problem}")
        seen.add(record["id"])
    return records


def _record_problem(record: object) -> str | None:
    """What is wrong with the shape of one manifest record, or None."""
    if not isinstance(record, dict):
        return f"is {type(record).__name__}, not an object"
    missing = {"id", "format", "source", "files", "entries"} - set(record)
    if missing:
        return f"lacks {', '.join(sorted(missing))}"
    for key in ("id", "format", "source"):
        if not isinstance(record[key], str) or not record[key]:
            return f"{key!r} is not a non-empty string"
    if record["format"] not in FORMATS:
        return f"unknown format {record['format']!r}"
    if record.get("published") is not None and not isinstance(record["published"], str):
        return "'published' is not a string"
    entries = record["entries"]
    if isinstance(entries, bool) or not isinstance(entries, int) or entries < 0:
        return f"'entries' is {entries!r}, not a whole number"
    files = record["files"]
    if not isinstance(files, list) or not files:
        return "'files' is not a non-empty array"
    for item in files:
        if not (isinstance(item, dict) and isinstance(item.get("path"), str)
                and isinstance(item.get("sha256"), str) and item["path"]):
            return f"file {item!r} is not an object with string 'path' and 'sha256'"
    return None


def _files(directory: Path, record: dict[str, Any]) -> list[Path]:
    paths = []
    for item in record["files"]:
        relative = Path(item["path"])
        if relative.is_absolute() or ".." in relative.parts:
            raise ListIntegrityError(f"{directory / MANIFEST}: file path {item['path']!r} escapes")
        paths.append(directory / relative)
    return paths


def published_on(text: str | None) -> date | None:
    """A list's publication date (``2025-12``, a month, is its first day); None if unknown.

    >>> published_on("2026-02-27T10:00:00Z"), published_on("2025-12"), published_on("soon")
    (datetime.date(2026, 2, 27), datetime.date(2025, 12, 1), None)
    """
    if not text:
        return None
    try:
        if len(text) == 7:
            return date.fromisoformat(f"{text}-01")
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def record_info(directory: Path, record: dict[str, Any]) -> ListInfo:
    """Check each file of a (shape-checked) manifest record against its sha256, describe it."""
    paths = _files(directory, record)
    hashes = []
    for path, item in zip(paths, record["files"], strict=True):
        if not path.is_file():
            raise ListIntegrityError(f"{path}: list file of {record['id']!r} is missing")
        hashes.append(file_sha256(path))
        if hashes[-1] != item["sha256"]:
            raise ListIntegrityError(
                f"{path}: sha256 differs from {directory / MANIFEST}; refusing to use list "
                f"{record['id']!r} (re-import it or restore the file)"
            )
    return ListInfo(
        list_id=record["id"],
        format=record["format"],
        source=record["source"],
        published=record.get("published"),
        sha256=combined_sha256([p.name for p in paths], hashes),
        entries=int(record["entries"]),
        files=tuple(item["path"] for item in record["files"]),
    )


def manifest(path: Path | None = None) -> tuple[ListInfo, ...]:
    """Return what the manifest of ``path`` (default: the bundled lists) records."""
    directory = path or bundled_path("sanctions_lists")
    return tuple(record_info(directory, r) for r in read_manifest(directory))


def _signature(directory: Path) -> tuple[Any, ...]:
    stats = []
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            stat = path.stat()
            stats.append((str(path), stat.st_mtime_ns, stat.st_size))
    return (str(directory.resolve()), *stats)


def load_directory(directory: Path) -> tuple[SanctionsList, ...]:
    """Load and verify every list a directory's manifest names (cached until a file changes)."""
    signature = _signature(directory)
    cached = _cache.get(signature[0])
    if cached is not None and cached[0] == signature:
        return cached[1]
    loaded = []
    for record in read_manifest(directory):
        info = record_info(directory, record)
        try:
            lst = load_list(record["format"], *_files(directory, record), list_id=record["id"])
        except ListFormatError as exc:  # the files are the recorded ones: the record is wrong
            raise ListIntegrityError(
                f"{directory / MANIFEST}: list {info.list_id!r} does not load as "
                f"{record['format']}: {exc}"
            ) from exc
        if len(lst.entities) != info.entries:
            raise ListIntegrityError(
                f"{directory / MANIFEST}: list {info.list_id!r} has {len(lst.entities)} entries, "
                f"the manifest says {info.entries}"
            )
        loaded.append(replace(lst, info=info))
    result = tuple(loaded)
    _cache[signature[0]] = (signature, result)
    return result


def load_bundled(
    path: Path | None = None, *, user_dir: Path | None = None
) -> tuple[SanctionsList, ...]:
    """Load the bundled lists (or those of ``path``), verified against their manifest.

    With ``user_dir`` (e.g. :func:`user_lists_dir`), the lists imported there replace bundled
    lists with the same id and add the others; a ``user_dir`` without a manifest adds nothing.
    """
    lists = {
        lst.info.list_id: lst for lst in load_directory(path or bundled_path("sanctions_lists"))
    }
    if user_dir is not None and (user_dir / MANIFEST).is_file():
        for lst in load_directory(user_dir):
            log.info("user list %s replaces or adds to the bundled lists", lst.info.list_id)
            lists[lst.info.list_id] = lst
    return tuple(lists.values())


def _has_manifest(directory: Path | None) -> bool:
    return directory is not None and (directory / MANIFEST).is_file()


@dataclass(frozen=True, slots=True)
class ListSet:
    """The lists every entry point screens against: a base directory, then imported lists.

    ``base`` is the bundled directory or one given with ``--lists``; ``user`` (a user lists
    directory, None for none) overlays it when it has a manifest: its lists replace those of
    ``base`` with the same id and add the others. Build one with :func:`resolve_lists`.

    A set checks its files once: the first :meth:`origins` (or :meth:`infos`, or a
    :meth:`screener`'s cache lookup) hashes them and the later calls reuse that check, so a
    caller that reports the lists and then screens against them hashes each file once. A
    failed check is not kept: the next call checks again. Call :func:`resolve_lists` again
    for a fresh check.
    """

    base: Path
    user: Path | None = None
    bundled: bool = True
    # The one successful check of the files (empty until then); not part of the set's identity.
    _checked: list[tuple[tuple[ListOrigin, ListInfo], ...]] = field(
        default_factory=list, init=False, repr=False, compare=False)

    def directories(self) -> tuple[tuple[ListOrigin, Path], ...]:
        """(origin, directory) in overlay order; origin is "bundled", "lists-dir" or "user"."""
        out: list[tuple[ListOrigin, Path]] = [
            ("bundled" if self.bundled else "lists-dir", self.base)]
        if self.user is not None and _has_manifest(self.user):
            out.append(("user", self.user))
        return tuple(out)

    def origins(self) -> tuple[tuple[ListOrigin, ListInfo], ...]:
        """(origin, what the manifest records) of every list in effect, files checked."""
        if not self._checked:
            rows: dict[str, tuple[ListOrigin, ListInfo]] = {}
            for origin, directory in self.directories():
                rows.update((info.list_id, (origin, info)) for info in manifest(directory))
            self._checked.append(tuple(rows.values()))
        return self._checked[0]

    def infos(self) -> tuple[ListInfo, ...]:
        """What the manifests record about every list in effect (files checked, not parsed)."""
        return tuple(info for _, info in self.origins())

    def load(self) -> tuple[SanctionsList, ...]:
        """Load and verify every list in effect."""
        return load_bundled(self.base, user_dir=self.user)

    def screener(
        self, *, config: ScreeningConfig | None = None, cache: bool | Path = True
    ) -> Screener:
        """Build (or load from the index cache) a screener over every list in effect.

        The cache is looked up by the hashes this set has checked (see :meth:`origins`), so
        the files are not hashed again; only a cache miss loads them (:meth:`load`, which
        verifies each file as it reads it) and stores the index it builds.
        """
        from pricing_engine.screening.screener import Screener

        key = lists_hash(self.infos()) if cache else None
        return Screener.from_cache_or_build(key, self.load, config=config, cache=cache)


def resolve_lists(
    lists: str | Path | None = None, *, user: str | Path | bool = True
) -> ListSet:
    """Return the list set in effect: ``lists`` (default: the bundled lists), then ``user``'s.

    ``user`` is True for :func:`user_lists_dir` (PRICING_ENGINE_LISTS_DIR or the platform data
    directory), a path for another directory, False for none. This is the one place that
    decides which lists are used, so ``Engine.load``, ``check``, ``screen`` and ``lists`` agree.
    """
    base = Path(lists) if lists is not None else bundled_path("sanctions_lists")
    overlay = user_lists_dir() if user is True else (Path(user) if user else None)
    if overlay is not None and overlay.resolve() == base.resolve():
        overlay = None  # the same directory twice would count each list twice
    return ListSet(base=base, user=overlay, bundled=lists is None)


def loader_sources() -> tuple[Path, ...]:
    """Return the source files of the list loaders and of the entity model they fill."""
    package = Path(lists_package.__file__).parent
    return (*sorted(package.glob("*.py")), Path(model_module.__file__))


def _loader_fingerprint() -> str:
    """Fingerprint the loaders' source (read once, on first use)."""
    return source_fingerprint(f"pricing_engine lists v{LOADER_VERSION}\n", loader_sources())


def lists_hash(lists: Iterable[SanctionsList] | Sequence[ListInfo]) -> str:
    """Return a content hash of the lists: their files' sha256, ids, formats, and the loaders.

    Equal for loaded lists and for the manifest records of the same files, so a cache can be
    looked up before any list is parsed.
    """
    digest = hashlib.sha256(_loader_fingerprint().encode())
    for item in lists:
        info = item.info if isinstance(item, SanctionsList) else item
        digest.update(f"{info.list_id}\0{info.format}\0{info.sha256}\0{info.entries}\n".encode())
    return digest.hexdigest()


def manifest_record(
    lst: SanctionsList, directory: Path, files: Sequence[Path], **extra: Any
) -> dict[str, Any]:
    """Return the manifest record of a loaded list whose files sit in ``directory``."""
    return {
        "id": lst.info.list_id,
        "format": lst.info.format,
        "source": extra.pop("source", None) or lst.info.source,
        "published": extra.pop("published", None) or lst.info.published,
        "files": [
            {"path": p.relative_to(directory).as_posix(), "sha256": file_sha256(p)} for p in files
        ],
        "entries": len(lst.entities),
        **extra,
    }


def write_manifest(directory: Path, records: Sequence[dict[str, Any]]) -> None:
    """Write ``directory/manifest.json`` atomically (a reader never sees half a manifest)."""
    directory.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"manifest_version": 1, "lists": list(records)}, indent=2, ensure_ascii=False)
    with atomic_write(directory / MANIFEST, encoding="utf-8", newline="\n") as handle:
        handle.write(text + "\n")
