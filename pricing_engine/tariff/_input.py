"""Read an input file of an import whole: gzip is recognised by its magic bytes, not its name.

A file (or what a gzip file unpacks to) over :data:`MAX_BYTES` is refused; a device or a
pipe is never read past it, whatever its stat() size (0) says. A CSV export's rows are read
by :func:`csv_records`, which names the line of any the csv module refuses.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pricing_engine.documents import read_limited
from pricing_engine.errors import InputError

__all__ = ["MAX_BYTES", "TariffFileError", "csv_records", "gunzip", "read_bytes", "read_text"]

#: The largest tariff file read, and the most a gzip file may unpack to (a full national
#: schedule is some tens of MB).
MAX_BYTES = 512 * 1024 * 1024


class TariffFileError(InputError):
    """A tariff file that cannot be read or does not have the format it was imported as."""


def read_bytes(path: Path) -> bytes:
    """Return the file's bytes as stored; over :data:`MAX_BYTES` raises TariffFileError."""
    try:
        with path.open("rb") as handle:
            raw = read_limited(handle, limit=MAX_BYTES)
    except OSError as exc:
        raise TariffFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(raw) > MAX_BYTES:
        raise TariffFileError(f"{path}: file is over {MAX_BYTES} bytes; the limit is "
                              f"{MAX_BYTES}")
    return raw


def gunzip(raw: bytes, path: Path) -> bytes:
    """``raw`` unpacked when it is gzip (magic bytes), else as it is; within :data:`MAX_BYTES`."""
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            data = read_limited(stream, limit=MAX_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        raise TariffFileError(f"{path}: not a readable gzip file: {exc}") from exc
    if len(data) > MAX_BYTES:
        raise TariffFileError(f"{path}: unpacks to over {MAX_BYTES} bytes; the limit is "
                              f"{MAX_BYTES}")
    return data


def read_text(path: Path) -> tuple[str, str]:
    """Return the file's text (UTF-8, BOM dropped) and the sha256 of its bytes as stored."""
    raw = read_bytes(path)
    digest = hashlib.sha256(raw).hexdigest()
    data = gunzip(raw, path)
    try:
        return data.decode("utf-8-sig"), digest
    except UnicodeDecodeError as exc:
        raise TariffFileError(f"{path}: not a UTF-8 text or gzip file: {exc}") from exc


def csv_records(text: str, name: str, needed: Iterable[str],
                not_it: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row of the CSV ``text`` (a header line, then rows) with the line it ends on.

    A header without the ``needed`` columns is a TariffFileError ``{name}: {not_it}``; a
    line the csv module refuses (a field over its 131,072-character limit, ...) one naming
    the line (the csv reader's count: the DictReader's is that of the last row it gave).
    """
    reader = csv.DictReader(io.StringIO(text))
    try:
        if not set(needed) <= set(reader.fieldnames or ()):
            raise TariffFileError(f"{name}: {not_it}")
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise TariffFileError(f"{name}: line {reader.reader.line_num}: not CSV: {exc}") from None
