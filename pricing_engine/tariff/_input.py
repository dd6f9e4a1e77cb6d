"""Read an input file of an import whole: gzip is recognised by its magic bytes, not its name.

A file (or what a gzip file unpacks to) over :data:`MAX_BYTES` is refused; a device or a
pipe is never read past it, whatever its stat() size (0) says.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from pathlib import Path

from pricing_engine.documents import read_limited
from pricing_engine.errors import InputError

__all__ = ["MAX_BYTES", "TariffFileError", "gunzip", "read_bytes", "read_text"]

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
