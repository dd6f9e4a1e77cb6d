"""Fetch the current lists from their publishers, verify them, install them; roll one back.

:func:`update_lists` is ``pricing-engine lists update``. For each list (addresses from
:mod:`~pricing_engine.screening.list_sources`) it downloads every file into a temporary
directory (:func:`~pricing_engine.screening.list_fetch.fetch`: conditional on the validators
remembered from the last download, size-limited, truncated bodies and HTML pages refused),
then verifies the files: they must load with the list's loader, and hold at least half and
at most three times the entries of the version in effect (the one installed in the user
lists directory, else the bundled one) unless ``force``. A list whose files all answer 304,
or whose download is byte for byte the installed version, is *current* and left alone.

A verified list is installed by :func:`~pricing_engine.screening.list_import.import_list`,
the one code path that writes the user manifest (sha256, entries, dates, atomic swap of the
files); before that, a copy of the version it replaces goes to
``<directory>/.previous/<id>/`` (its files and its manifest record, ``previous.json``), for
``lists diff`` and for :func:`rollback_list`, which re-imports that copy (and keeps the
version it replaces in its place, so a second rollback undoes the first).

The *published* date recorded for a downloaded list is the date of the server's
``Last-Modified`` header (the oldest among the list's files: a set is as old as its oldest
part), or the download date when the server sends none; never after today. It is the date
the publisher last changed the file, not the date inside the file (the UN file's
``dateGenerated`` lags its publication). ETag and Last-Modified of each file are kept in
``<directory>/.update-state.json``, and sent again only while the installed file still has the
sha256 downloaded with them. Two updates of one directory at the same time each install
whole lists (the import locks the manifest) but may lose each other's validators (a later
download is then unconditional).

Each list's outcome is a :class:`ListUpdate`; a download or verification failure is an
outcome (``failed``, with a one-line reason naming the URL), never an exception, so the
other lists are still updated. Nothing here prints.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from pricing_engine import _jsonsafe as jsonsafe
from pricing_engine._atomic import atomic_write
from pricing_engine._resources import bundled_path
from pricing_engine.errors import InputError, ListFormatError, MissingData, PricingEngineError
from pricing_engine.screening.bundle import MANIFEST, read_manifest, record_info
from pricing_engine.screening.diff import ListDiff, diff_lists
from pricing_engine.screening.list_fetch import DEFAULT_MAX_BYTES, Fetched, fetch, http_date
from pricing_engine.screening.list_import import import_list
from pricing_engine.screening.list_sources import SOURCES, ListSource
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.lists._common import file_sha256
from pricing_engine.screening.model import SanctionsList

__all__ = [
    "PREVIOUS",
    "STATE",
    "ListUpdate",
    "ListUpdateError",
    "UpdateResult",
    "rollback_list",
    "update_lists",
]

#: Where the version each update replaced is kept, under the user lists directory.
PREVIOUS = ".previous"
#: The validators (ETag, Last-Modified) and sha256 of the last download of each file.
STATE = ".update-state.json"
_META = "previous.json"
#: Entry counts outside [previous / _SHRINK, previous * _GROW] are refused unless forced.
_SHRINK, _GROW = 2, 3

Outcome = Literal["updated", "current", "verified", "failed", "rolled back"]


class ListUpdateError(InputError):
    """An update or rollback that cannot start: unknown list, no previous version kept."""


class _Refused(PricingEngineError):
    """A downloaded list failed verification (reported as a ``failed`` outcome)."""


@dataclass(frozen=True, slots=True)
class ListUpdate:
    """What happened to one list: ``outcome`` and a one-line ``detail``.

    ``updated`` installed, ``current`` unchanged (304 or the same bytes), ``verified`` passed
    every check in a dry run (nothing installed), ``failed`` (``detail`` says why; nothing
    installed), ``rolled back``. ``diff`` compares the version in effect before with the new
    one, when both were loaded.
    """

    list_id: str
    outcome: Outcome
    detail: str
    urls: tuple[str, ...] = ()
    entries: int | None = None
    previous_entries: int | None = None
    published: str | None = None
    diff: ListDiff | None = None


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """The outcome of every list an update looked at, in the order asked."""

    directory: Path
    dry_run: bool
    lists: tuple[ListUpdate, ...]

    @property
    def failed(self) -> tuple[ListUpdate, ...]:
        """Return the lists that failed to download or verify."""
        return tuple(item for item in self.lists if item.outcome == "failed")


@dataclass(frozen=True, slots=True)
class _Current:
    """The version of a list in effect: where its manifest lives, and its record."""

    origin: Literal["user", "bundled"]
    base: Path
    record: dict[str, Any]

    def paths(self) -> list[Path]:
        return [self.base / item["path"] for item in self.record["files"]]

    def load(self) -> SanctionsList:
        return load_list(self.record["format"], *self.paths(), list_id=self.record["id"])


def _current(directory: Path, list_id: str) -> _Current | None:
    places: list[tuple[Literal["user", "bundled"], Path]] = [("user", directory)]
    with contextlib.suppress(MissingData):  # no bundled lists: compare with the user's only
        places.append(("bundled", bundled_path("sanctions_lists")))
    for origin, base in places:
        if (base / MANIFEST).is_file():
            for record in read_manifest(base):
                if record["id"] == list_id:
                    return _Current(origin, base, record)
    return None


def _read_state(directory: Path) -> dict[str, Any]:
    try:
        state = jsonsafe.loads((directory / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no state, or unreadable: every download is then unconditional
    return state if isinstance(state, dict) else {}


def _write_state(directory: Path, state: Mapping[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    with atomic_write(directory / STATE, encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(state, indent=2, sort_keys=True) + "\n")


def _validators(known: Mapping[str, Any], url: str, installed: Path) -> tuple[str | None, ...]:
    """ETag and Last-Modified to send: only while the installed file is what they vouch for."""
    if known.get("url") != url or not installed.is_file():
        return None, None
    if file_sha256(installed) != known.get("sha256"):
        return None, None
    return known.get("etag"), known.get("last_modified")


def _download(source: ListSource, directory: Path, into: Path, state: Mapping[str, Any],
              *, max_bytes: int, timeout: float) -> dict[str, Fetched]:
    known = state.get(source.list_id, {}).get("files", {})
    fetched = {}
    for name, url in source.files:
        installed = directory / source.list_id / name
        etag, modified = _validators(known.get(name, {}), url, installed)
        got = fetch(url, into / name, etag=etag, last_modified=modified,
                    max_bytes=max_bytes, timeout=timeout)
        if got.not_modified:
            shutil.copyfile(installed, into / name)
        fetched[name] = got
    return fetched


def _published(fetched: Iterable[Fetched], today: date) -> str:
    """The oldest Last-Modified date of the files (the download date for a file without one)."""
    dates = [http_date(f.last_modified) or today.isoformat() for f in fetched]
    return min([*dates, today.isoformat()])


def _load_download(source: ListSource, paths: Sequence[Path], tmp: Path) -> SanctionsList:
    try:
        return load_list(source.format, *paths, list_id=source.list_id)
    except ListFormatError as exc:
        reason = str(exc).splitlines()[0].replace(f"{tmp}{os.sep}", "")
        raise _Refused(f"{source.list_id}: {', '.join(source.urls())}: does not load as "
                       f"{source.format}: {reason}") from None


def _check_band(list_id: str, entries: int, previous: int | None) -> None:
    if entries == 0:
        raise _Refused(f"{list_id}: the download holds no entries (refused unless --force)")
    if previous and entries * _SHRINK < previous:
        raise _Refused(f"{list_id}: {entries:,} entries would replace {previous:,}: it shrank "
                       "by more than half (refused unless --force; is the download complete?)")
    if previous and entries > previous * _GROW:
        raise _Refused(f"{list_id}: {entries:,} entries would replace {previous:,}: it grew "
                       f"more than {_GROW}x (refused unless --force; is it the right list?)")


def _sweep(previous: Path) -> None:
    for path in previous.glob(".*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


def _stash(directory: Path, current: _Current) -> Path:
    """Copy the version in effect into a hidden directory under ``.previous`` (to commit)."""
    record_info(current.base, current.record)  # its files must be the recorded ones
    previous = directory / PREVIOUS
    previous.mkdir(parents=True, exist_ok=True)
    _sweep(previous)
    stash = Path(tempfile.mkdtemp(prefix=f".{current.record['id']}.new-", dir=previous))
    record = json.loads(json.dumps(current.record))
    for item, path in zip(record["files"], current.paths(), strict=True):
        item["path"] = path.name
        shutil.copyfile(path, stash / path.name)
    with atomic_write(stash / _META, encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps({"origin": current.origin, "record": record}, indent=2) + "\n")
    return stash


def _commit(directory: Path, list_id: str, stash: Path) -> None:
    target = directory / PREVIOUS / list_id
    old = None
    if target.exists():
        old = target.with_name(f".{list_id}.old-{uuid.uuid4().hex[:12]}")
        target.rename(old)
    stash.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _install(source: ListSource, paths: Sequence[Path], directory: Path, current: _Current | None,
             *, published: str, force: bool) -> None:
    stash = _stash(directory, current) if current is not None else None
    try:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        import_list(source.format, paths, directory=directory, list_id=source.list_id,
                    source=f"{', '.join(source.urls())} (lists update, {stamp})",
                    published=published, force=force)
    except BaseException:
        if stash is not None:
            shutil.rmtree(stash, ignore_errors=True)
        raise
    if stash is not None:
        _commit(directory, source.list_id, stash)


def _update_one(source: ListSource, directory: Path, state: dict[str, Any], *, dry_run: bool,
                force: bool, max_bytes: int, timeout: float, today: date) -> ListUpdate:
    current = _current(directory, source.list_id)
    previous_entries = int(current.record["entries"]) if current else None
    with tempfile.TemporaryDirectory(prefix="pe-lists-update-") as tmp:
        fetched = _download(source, directory, Path(tmp), state,
                            max_bytes=max_bytes, timeout=timeout)
        paths = [Path(tmp) / name for name, _ in source.files]
        hashes = [file_sha256(p) for p in paths]
        entry = {"checked": datetime.now(UTC).isoformat(timespec="seconds"), "files": {
            name: {"url": f.url, "etag": f.etag, "last_modified": f.last_modified, "sha256": h}
            for (name, f), h in zip(fetched.items(), hashes, strict=True)}}
        installed = current is not None and current.origin == "user" and sorted(
            item["sha256"] for item in current.record["files"]) == sorted(hashes)
        if installed or all(f.not_modified for f in fetched.values()):
            if not dry_run:
                state[source.list_id] = entry
            why = "not modified (HTTP 304)" if all(f.not_modified for f in fetched.values()) \
                else "the download is the installed version"
            return ListUpdate(source.list_id, "current", why, source.urls(),
                              previous_entries, previous_entries,
                              current.record.get("published") if current else None)
        new = _load_download(source, paths, Path(tmp))
        if not force:
            _check_band(source.list_id, len(new.entities), previous_entries)
        old = current.load() if current and current.record["format"] == source.format else None
        diff = diff_lists(old, new) if old is not None else None
        published = _published(fetched.values(), today)
        if not dry_run:
            _install(source, paths, directory, current, published=published, force=force)
            state[source.list_id] = entry
    outcome: Outcome = "verified" if dry_run else "updated"
    detail = ("verified, not installed (dry run)" if dry_run
              else f"installed into {directory / source.list_id}")
    return ListUpdate(source.list_id, outcome, detail, source.urls(), len(new.entities),
                      previous_entries, published, diff)


def update_lists(
    list_ids: Sequence[str] = (),
    *,
    directory: Path,
    sources: Mapping[str, ListSource] = SOURCES,
    dry_run: bool = False,
    force: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = 60.0,
    today: date | None = None,
) -> UpdateResult:
    """Download, verify and (unless ``dry_run``) install ``list_ids`` (default: every source).

    Raise :class:`ListUpdateError` for an unknown list id; every other problem is that
    list's ``failed`` outcome.
    """
    unknown = [i for i in list_ids if i not in sources]
    if unknown:
        raise ListUpdateError(f"unknown list {unknown[0]!r} (known: {', '.join(sorted(sources))})")
    state = _read_state(directory)
    results = []
    for list_id in dict.fromkeys(list_ids or sources):
        source = sources[list_id]
        try:
            results.append(_update_one(source, directory, state, dry_run=dry_run, force=force,
                                       max_bytes=max_bytes, timeout=timeout,
                                       today=today or date.today()))
        except (PricingEngineError, OSError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            detail = reason if reason.startswith(f"{list_id}:") else f"{list_id}: {reason}"
            results.append(ListUpdate(list_id, "failed", detail, source.urls()))
    if not dry_run and any(r.outcome in ("updated", "current") for r in results):
        _write_state(directory, state)
    return UpdateResult(directory, dry_run, tuple(results))


def rollback_list(list_id: str, *, directory: Path) -> ListUpdate:
    """Re-install the version of ``list_id`` the last update (or rollback) replaced.

    The version replaced now takes its place under ``.previous``. Raise
    :class:`ListUpdateError` when no previous version is kept.
    """
    kept = directory / PREVIOUS / list_id
    try:
        meta = jsonsafe.loads((kept / _META).read_text(encoding="utf-8"))
        record = meta["record"]
        files = [kept / item["path"] for item in record["files"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ListUpdateError(f"{list_id}: no previous version kept in {kept} (`lists update` "
                              "keeps the version each update replaces)") from exc
    current = _current(directory, list_id)
    old = current.load() if current and current.record["format"] == record["format"] else None
    restored = load_list(record["format"], *files, list_id=list_id)
    stash = _stash(directory, current) if current is not None else None
    try:
        info = import_list(record["format"], files, directory=directory, list_id=list_id,
                           source=record["source"], published=record.get("published"),
                           force=True)
    except BaseException:
        if stash is not None:
            shutil.rmtree(stash, ignore_errors=True)
        raise
    if stash is not None:
        _commit(directory, list_id, stash)
    return ListUpdate(list_id, "rolled back", f"restored the version the last update replaced "
                      f"(then {meta.get('origin')})", (),
                      info.entries, current.record["entries"] if current else None,
                      info.published, diff_lists(old, restored) if old is not None else None)

