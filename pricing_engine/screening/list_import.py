"""Import a list a user downloaded into a lists directory: checked, locked, written whole.

``pricing-engine lists import`` calls :func:`import_list`. The files are loaded first (a
malformed file is refused), then weighed against the list they would replace under the same id,
both the one already imported there and the bundled one: an empty list, or one with fewer than
half the entries of the larger of those, is refused unless ``force`` (one row imported as
``ofac_sdn`` would otherwise clear every real SDN party). A publication date that is not a date,
or lies after today, is refused: a list dated ahead would never count as stale.

Concurrent imports into one directory keep every import: the manifest's read-modify-write runs
under an exclusive lock on ``<directory>/.manifest.lock`` (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows; on a platform with neither, such as WASI, imports are not locked
and must not run at the same time). Each file and the manifest are written by
:func:`~pricing_engine._atomic.atomic_write`; a list's files are staged in a hidden directory
and swapped in before the manifest names them, so an interrupted import leaves the previous
list in force (or, at worst, a list whose files fail their sha256 check: fail closed).
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from pricing_engine._atomic import atomic_write
from pricing_engine._resources import bundled_path
from pricing_engine.errors import InputError, MissingData
from pricing_engine.screening.bundle import (
    MANIFEST,
    manifest_record,
    published_on,
    read_manifest,
    record_info,
    write_manifest,
)
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.model import ListInfo, SanctionsList

__all__ = ["LOCK", "ListImportRefused", "import_list", "manifest_lock"]

#: The lock file beside the manifest; it stays (empty) after the import.
LOCK = ".manifest.lock"
_STAGING, _OLD = ".staging-", ".old-"


class ListImportRefused(InputError):
    """An import that would empty or more than halve a list, or has a bad id, date or target."""


def _lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        while True:  # LK_LOCK gives up after ten one-second tries: keep waiting
            try:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue
    else:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - no file locks here (documented above)
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    # POSIX: closing the file releases the flock


@contextlib.contextmanager
def manifest_lock(directory: Path) -> Iterator[None]:
    """Hold the exclusive lock of ``directory``'s manifest (blocking until it is free)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK, "a+b") as handle:
        _lock(handle)
        try:
            yield
        finally:
            _unlock(handle)


def _baseline(directory: Path, list_id: str) -> tuple[int, str] | None:
    """The entry count an import under ``list_id`` replaces (the larger), and whose it is."""
    found: list[tuple[int, str]] = []
    if (directory / MANIFEST).is_file():
        found += [(r["entries"], "imported") for r in read_manifest(directory)
                  if r["id"] == list_id]
    try:
        bundled = bundled_path("sanctions_lists")
        found += [(r["entries"], "bundled") for r in read_manifest(bundled)
                  if r["id"] == list_id]
    except MissingData:
        pass  # no bundled lists to compare with
    return max(found, default=None)


def _check_size(list_id: str, entries: int, directory: Path) -> None:
    if entries == 0:
        raise ListImportRefused(
            f"{list_id}: the files hold no entries; an empty list screens nobody "
            "(refused unless forced: --force)")
    baseline = _baseline(directory, list_id)
    if baseline is not None and entries * 2 < baseline[0]:
        raise ListImportRefused(
            f"{list_id}: {entries:,} entries would replace the {baseline[0]:,} of the "
            f"{baseline[1]} {list_id}; fewer than half is refused unless forced (--force): "
            "check that the download is complete")


def _check_published(list_id: str, published: str | None, today: date) -> None:
    if published is None:
        return
    when = published_on(published)
    if when is None:
        raise ListImportRefused(
            f"{list_id}: publication date {published!r} is not YYYY-MM-DD (or YYYY-MM)")
    if when > today + timedelta(days=1):  # a day of slack for time zones
        raise ListImportRefused(
            f"{list_id}: publication date {published} is after today ({today}); a list dated "
            "ahead would never count as stale")


def _sweep(directory: Path) -> None:
    """Remove what an interrupted import left behind (called under the lock)."""
    for path in directory.glob(".*"):
        if path.is_dir() and (_STAGING in path.name or _OLD in path.name):
            shutil.rmtree(path, ignore_errors=True)


def _stage(directory: Path, list_id: str, files: Sequence[Path]) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=f".{list_id}{_STAGING}", dir=directory))
    try:
        for source in files:
            with open(source, "rb") as src, atomic_write(staging / source.name, "wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _swap(directory: Path, list_id: str, staging: Path) -> Path | None:
    """Put ``staging`` in place of ``directory/list_id``; return the old copy to delete."""
    target = directory / list_id
    old = None
    if target.exists():
        old = directory / f".{list_id}{_OLD}{uuid.uuid4().hex[:12]}"
        target.rename(old)
    staging.rename(target)
    return old


def import_list(
    format: str,
    files: Sequence[Path],
    *,
    directory: Path,
    list_id: str | None = None,
    source: str | None = None,
    published: str | None = None,
    force: bool = False,
) -> ListInfo:
    """Check that ``files`` load as ``format``, copy them to ``directory/<id>/``, record them.

    A list with the same id in that directory is replaced. Raise :class:`ListImportRefused`
    for an empty list, or one with fewer than half the entries of the list it replaces (the
    imported or the bundled one), unless ``force``; for a bad id or publication date; or for
    the bundled directory as ``directory``. Returns what the manifest records.
    """
    paths = [Path(f) for f in files]
    lst = load_list(format, *paths, list_id=list_id)
    list_id = lst.info.list_id
    if not list_id.replace("_", "").replace("-", "").isalnum():
        raise ListImportRefused(f"list id {list_id!r}: use letters, digits, '_' and '-' only")
    names = [p.name for p in paths]
    if len(set(names)) != len(names):
        raise ListImportRefused(f"{list_id}: two files have the same name: {', '.join(names)}")
    with contextlib.suppress(MissingData):
        if directory.resolve() == bundled_path("sanctions_lists").resolve():
            raise ListImportRefused("refusing to write into the bundled lists; choose another "
                                    "directory (--dir)")
    effective = published or lst.info.published
    _check_published(list_id, effective, date.today())
    with manifest_lock(directory):
        if not force:
            _check_size(list_id, len(lst.entities), directory)
        records = read_manifest(directory) if (directory / MANIFEST).is_file() else []
        _sweep(directory)
        staging = _stage(directory, list_id, paths)
        record = _record(lst, staging, list_id, paths, source, effective)
        old = _swap(directory, list_id, staging)
        try:
            write_manifest(directory, [*(r for r in records if r["id"] != list_id), record])
        except BaseException:  # put the previous files back: the manifest still names them
            shutil.rmtree(directory / list_id, ignore_errors=True)
            if old is not None:
                old.rename(directory / list_id)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return record_info(directory, record)


def _record(lst: SanctionsList, staging: Path, list_id: str, paths: Sequence[Path],
            source: str | None, published: str | None) -> dict[str, Any]:
    record = manifest_record(
        lst,
        staging,
        [staging / p.name for p in paths],
        source=source or f"imported from {', '.join(str(p.resolve()) for p in paths)}",
        published=published,
        imported=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    for item in record["files"]:
        item["path"] = f"{list_id}/{item['path']}"
    return record
