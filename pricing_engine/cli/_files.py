"""The files a command streams from: a path, or ``-`` for standard input."""

from __future__ import annotations

import sys
from typing import IO

from pricing_engine.errors import InputError

__all__ = ["open_input"]


def open_input(path: str) -> IO[bytes]:
    """``path`` opened for reading bytes (``-``: standard input); InputError if it cannot be."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read input: {exc.strerror}") from exc
