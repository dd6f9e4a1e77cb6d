"""Helpers every list loader shares: reading files, hashing them, building ListInfo."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from pricing_engine.documents import read_limited
from pricing_engine.errors import ListFormatError
from pricing_engine.screening.model import Entity, EntityKind, ListInfo, SanctionsList

__all__ = [
    "ALIAS_TYPES",
    "MAX_LIST_BYTES",
    "OFAC_ID_TYPES",
    "OFAC_KINDS",
    "combined_sha256",
    "csv_records",
    "csv_rows",
    "dedupe",
    "file_sha256",
    "files_sha256",
    "group_records",
    "guess_ofac_id",
    "header_records",
    "make_list",
    "one_file",
    "read_text",
    "squash",
]

#: The largest list file read whole (as large as ``lists update`` downloads: the official
#: files are some tens of MB).
MAX_LIST_BYTES = 256 * 1024 * 1024
_SPACES = re.compile(r"\s+")
_T = TypeVar("_T")
_Record = TypeVar("_Record", bound=Mapping[str, str])

#: The alias type words OFAC (``aka type``) and the UN (an entity alias's QUALITY) write.
ALIAS_TYPES: dict[str, str] = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka"}
#: OFAC sdnType -> kind, as SDN.XML writes it and the CSL repeats it (lower case).
OFAC_KINDS: dict[str, EntityKind] = {
    "individual": "person",
    "entity": "entity",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
#: OFAC idType -> identifier type, the names SDN.XML and the CSL's ``ids`` column share;
#: other idTypes (Website, Gender, ...) are not identifiers.
OFAC_ID_TYPES: dict[str, str] = {
    "passport": "passport",
    "national id no.": "national_id",
    "tax id no.": "tax_id",
    "swift/bic": "swift_bic",
    "vessel registration identification": "imo",
    "registration id": "registration",
    "registration number": "registration",
    "mmsi": "mmsi",
}


def one_file(paths: Sequence[Path], fmt: str, what: str | None = None) -> Path:
    """Return the one file of a single-file format; ``what`` names it in the error."""
    if len(paths) != 1:
        named = f" ({what})" if what else ""
        raise ListFormatError(f"{fmt} takes exactly one file{named}")
    return paths[0]


def read_text(path: Path, *, encodings: Sequence[str] = ("utf-8-sig", "cp1252", "latin-1")) -> str:
    """Return the text of ``path``, trying each encoding in turn (latin-1 never fails).

    A file over :data:`MAX_LIST_BYTES` raises ListFormatError; a device or a pipe is never
    read past it.
    """
    try:
        with path.open("rb") as handle:
            data = read_limited(handle, limit=MAX_LIST_BYTES)
    except OSError as exc:
        raise ListFormatError(f"{path}: cannot read list file: {exc.strerror or exc}") from exc
    if len(data) > MAX_LIST_BYTES:
        raise ListFormatError(f"{path}: list file is over {MAX_LIST_BYTES} bytes; the limit is "
                              f"{MAX_LIST_BYTES}")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ListFormatError(f"{path}: not readable as any of {', '.join(encodings)}")


def csv_rows(path: Path, *, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, row)`` for each non-empty CSV row; a DOS EOF byte ends the file."""
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    consumed = 0
    try:
        for row in reader:
            start, consumed = consumed + 1, reader.line_num
            blank = not row or (not row[0].strip() and all(not c.strip() for c in row))
            if blank or row == ["\x1a"]:
                continue
            yield start, row
    except csv.Error as exc:
        raise ListFormatError(f"{path}:{reader.line_num}: malformed CSV: {exc}") from exc


def header_records(
    path: Path,
    rows: Iterator[tuple[int, list[str]]],
    required: Sequence[str],
    *,
    header_line: int,
    strip_header: bool = True,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Read the next row of ``rows`` as the header and yield ``(line, column -> cell)`` after it.

    The header must name every ``required`` column and every later row must have as many
    cells as the header, else :class:`ListFormatError` names the file and line. ``header_line``
    is the line an empty file's missing header is reported at; ``strip_header`` trims the
    header's names before they are compared and used as keys.
    """
    found_line, header = next(rows, (header_line, []))
    if strip_header:
        header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise ListFormatError(f"{path}:{found_line}: header lacks {', '.join(missing)}")
    for line, row in rows:
        if len(row) != len(header):
            raise ListFormatError(f"{path}:{line}: {len(row)} columns, header has {len(header)}")
        yield line, dict(zip(header, row, strict=True))


def csv_records(
    path: Path, required: Sequence[str], *, delimiter: str = ",", strip_header: bool = True
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, column -> cell)`` for each row of a CSV file whose first line is the header.

    :func:`csv_rows` read through :func:`header_records` (``header_line=1``).
    """
    rows = csv_rows(path, delimiter=delimiter)
    return header_records(path, rows, required, header_line=1, strip_header=strip_header)


def group_records(
    records: Iterable[tuple[int, _Record]], column: str, path: Path
) -> dict[str, list[tuple[int, _Record]]]:
    """Group ``(line, record)`` pairs by their squashed ``column`` cell, in first-seen order.

    Lists that repeat an entry on one row per name (the UK lists, the EU CSV) read this way; an
    empty cell is a :class:`ListFormatError` naming the line and the column.
    """
    groups: dict[str, list[tuple[int, _Record]]] = {}
    for line, record in records:
        key = squash(record.get(column))
        if not key:
            raise ListFormatError(f"{path}:{line}: empty {column}")
        groups.setdefault(key, []).append((line, record))
    return groups


def squash(text: str | None) -> str:
    """Collapse runs of whitespace and strip; ``None`` becomes ``""``."""
    return _SPACES.sub(" ", text).strip() if text else ""


def dedupe(items: Iterable[_T]) -> tuple[_T, ...]:
    """Return ``items`` without repeats, in first-seen order."""
    return tuple(dict.fromkeys(items))


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_sha256(paths: Sequence[Path]) -> str:
    """Return the sha256 of one file, or of the files' names and hashes for a set of files."""
    return combined_sha256([p.name for p in paths], [file_sha256(p) for p in paths])


def combined_sha256(names: Sequence[str], hashes: Sequence[str]) -> str:
    """Return the one hash of a list's files: the file's own, or one over names and hashes."""
    if len(hashes) == 1:
        return hashes[0]
    digest = hashlib.sha256()
    for name, file_hash in zip(names, hashes, strict=True):
        digest.update(f"{name}\0{file_hash}\n".encode())
    return digest.hexdigest()


def make_list(
    list_id: str,
    fmt: str,
    paths: Sequence[Path],
    entities: Iterable[Entity],
    *,
    published: str | None = None,
    source: str | None = None,
) -> SanctionsList:
    """Wrap loaded entities with the provenance a manifest would record."""
    loaded = tuple(entities)
    info = ListInfo(
        list_id=list_id,
        format=fmt,
        source=source or ", ".join(str(p) for p in paths),
        published=published,
        sha256=files_sha256(paths),
        entries=len(loaded),
        files=tuple(p.name for p in paths),
    )
    return SanctionsList(info=info, entities=loaded)


def guess_ofac_id(paths: Sequence[Path]) -> str | None:
    """Name OFAC consolidated (non-SDN) files ``ofac_cons`` (cons_prim.csv, CONSOLIDATED.XML)."""
    return "ofac_cons" if any("cons" in p.name.lower() for p in paths) else None
