"""One fingerprint of source code, for cache keys that must change when the code does.

A cache of something the code computes (the screening index, the lists a loader made of some
files) is only valid for the code that made it: its key includes a fingerprint of the source
files whose change could change the result, so that editing them rebuilds the cache.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

__all__ = ["source_fingerprint"]


@cache
def source_fingerprint(label: str, sources: tuple[Path, ...]) -> str:
    """Return the sha256 (hex) of ``label`` then the bytes of each of ``sources``, in order.

    ``label`` carries a version a maintainer bumps by hand (a layout change the sources alone
    would not show). Each file is read once per process, on first use: the fingerprint is of
    the code this process loaded.
    """
    digest = hashlib.sha256(label.encode())
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()
