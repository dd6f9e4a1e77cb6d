"""The bundled sanctions lists, user-imported lists, and the manifests that vouch for them.

A lists directory holds list files and a ``manifest.json``::

    {"manifest_version": 1,
     "lists": [{"id": "ofac_sdn", "format": "ofac_csv", "source": "...", "published": "...",
                "files": [{"path": "sdn.csv", "sha256": "..."}], "entries": 14965, ...}]}

Loading fails closed: a file that is missing or whose sha256 differs from the manifest, or a
list whose entry count differs, raises :class:`ListIntegrityError` instead of screening
against the wrong data. The bundled directory is ``sanctions_lists/`` (env
PRICING_ENGINE_LISTS overrides it). Lists a user imports (``pricing-engine lists import``) go
to :func:`user_lists_dir`; pass that as ``user_dir`` and its lists replace bundled lists with
the same id and add the others.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from pricing_engine._resources import bundled_path
from pricing_engine.errors import MissingData
from pricing_engine.screening import lists as lists_package
from pricing_engine.screening import model as model_module
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.lists._common import combined_sha256, file_sha256
from pricing_engine.screening.model import ListInfo, SanctionsList

__all__ = [
    "LOADER_VERSION",
    "MANIFEST",
    "ListIntegrityError",
    "import_list",
    "lists_hash",
    "load_bundled",
    "load_directory",
    "manifest",
    "manifest_record",
    "read_manifest",
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


class ListIntegrityError(MissingData):
    """A list file is missing, or differs from what its manifest records (sha256, entries)."""


def user_lists_dir() -> Path:
    """Return where imported lists live: PRICING_ENGINE_LISTS_DIR or the platform data dir."""
    override = os.environ.get("PRICING_ENGINE_LISTS_DIR", "")
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "pricing-engine" / "lists"


def read_manifest(directory: Path) -> list[dict[str, Any]]:
    """Return the list records of ``directory/manifest.json``, checked for their shape."""
    path = directory / MANIFEST
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MissingData(f"{path}: sanctions list manifest not found") from exc
    except (OSError, ValueError) as exc:
        raise ListIntegrityError(f"{path}: unreadable manifest: {exc}") from exc
    records = document.get("lists") if isinstance(document, dict) else None
    if not isinstance(records, list):
        raise ListIntegrityError(f"{path}: manifest has no 'lists' array")
    for number, record in enumerate(records, 1):
        missing = {"id", "format", "source", "files", "entries"} - set(record)
        if missing:
            raise ListIntegrityError(f"{path}: list #{number} lacks {', '.join(sorted(missing))}")
    return records


def _files(directory: Path, record: dict[str, Any]) -> list[Path]:
    paths = []
    for item in record["files"]:
        relative = Path(item["path"])
        if relative.is_absolute() or ".." in relative.parts:
            raise ListIntegrityError(f"{directory / MANIFEST}: file path {item['path']!r} escapes")
        paths.append(directory / relative)
    return paths


def _info(directory: Path, record: dict[str, Any]) -> ListInfo:
    """Check each file of a manifest record against its sha256 and describe the list."""
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
    return tuple(_info(directory, r) for r in read_manifest(directory))


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
        info = _info(directory, record)
        lst = load_list(record["format"], *_files(directory, record), list_id=record["id"])
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


@cache
def _loader_fingerprint() -> str:
    """Hash the source of the loaders and the entity model (read once, on first use)."""
    digest = hashlib.sha256(f"pricing_engine lists v{LOADER_VERSION}\n".encode())
    package = Path(lists_package.__file__).parent
    for source in (*sorted(package.glob("*.py")), Path(model_module.__file__)):
        digest.update(source.read_bytes())
    return digest.hexdigest()


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
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=directory, delete=False) as tmp:
        tmp.write(text + "\n")
    os.replace(tmp.name, directory / MANIFEST)


def import_list(
    format: str,
    files: Sequence[Path],
    *,
    directory: Path,
    list_id: str | None = None,
    source: str | None = None,
    published: str | None = None,
) -> ListInfo:
    """Check that ``files`` load as ``format``, copy them to ``directory/<id>/``, record them.

    A list with the same id in that directory is replaced. Returns what the manifest records.
    """
    lst = load_list(format, *files, list_id=list_id)
    list_id = lst.info.list_id
    if not list_id.replace("_", "").replace("-", "").isalnum():
        raise ListIntegrityError(f"list id {list_id!r}: use letters, digits, '_' and '-' only")
    records = read_manifest(directory) if (directory / MANIFEST).is_file() else []
    target = directory / list_id
    staging = Path(tempfile.mkdtemp(prefix=f".{list_id}-", dir=_mkdir(directory)))
    copies = [Path(shutil.copy2(f, staging / Path(f).name)) for f in files]
    record = manifest_record(
        lst,
        staging,
        copies,
        source=source or f"imported from {', '.join(str(Path(f).resolve()) for f in files)}",
        published=published,
        imported=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    for item in record["files"]:
        item["path"] = f"{list_id}/{item['path']}"
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    kept = [r for r in records if r["id"] != list_id]
    write_manifest(directory, [*kept, record])
    return _info(directory, record)


def _mkdir(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    return directory
