"""Write a file whole or not at all: a temporary file beside it, renamed into place.

Every file pricing_engine writes for a user (screening output, audit records, imported lists
and their manifest, index caches) goes through :func:`atomic_write`, so a run stopped by
SIGINT or SIGTERM, a full disk or any exception leaves the old file (or none), never half a
file that looks complete.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_write(target) as handle:
...     _ = handle.write("whole")
>>> target.read_text()
'whole'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write"]


@contextlib.contextmanager
def atomic_write(
    path: str | Path,
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
    exclusive: bool = False,
    permissions: int = 0o644,
) -> Iterator[IO[Any]]:
    """Yield a handle on a temporary file that becomes ``path`` when the block ends cleanly.

    The data is flushed and fsynced before the rename. On any exception (KeyboardInterrupt and
    SystemExit included) the temporary file is removed and ``path`` is untouched. With
    ``exclusive`` an existing ``path`` is never replaced: FileExistsError is raised instead,
    atomically (a hard link), so two writers cannot both claim one name.
    """
    target = Path(path)
    binary = "b" in mode
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, permissions)
        handle: IO[Any]
        if binary:
            handle = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            os.link(tmp, target)  # fails if the name is taken, never overwrites
            tmp.unlink()
        else:
            os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
