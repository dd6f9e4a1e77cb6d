"""Read an input file of an import whole: gzip is recognised by its magic bytes, not its name."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from pricing_engine.errors import InputError

__all__ = ["TariffFileError", "read_text"]


class TariffFileError(InputError):
    """A tariff file that cannot be read or does not have the format it was imported as."""


def read_text(path: Path) -> tuple[str, str]:
    """Return the file's text (UTF-8, BOM dropped) and the sha256 of its bytes as stored."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TariffFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    digest = hashlib.sha256(raw).hexdigest()
    try:
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        return data.decode("utf-8-sig"), digest
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise TariffFileError(f"{path}: not a UTF-8 text or gzip file: {exc}") from exc
