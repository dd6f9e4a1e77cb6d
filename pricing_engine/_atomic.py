"""Write a file whole or not at all: a temporary file beside it, renamed into place.

Every file pricing_engine writes for a user (screening output, audit records, imported lists
and their manifest, index caches) goes through :func:`atomic_write`, so a run stopped by
SIGINT or SIGTERM, a full disk or any exception leaves the old file (or none), never half a
file that looks complete. A file that cannot be made where asked (its directory missing or not
writable) raises :class:`~pricing_engine.errors.OutputPathError` (exit 2 at the CLI).

Only a regular file is ever replaced. A path that names a device, a FIFO, a socket, a
directory or a symbolic link raises :class:`~pricing_engine.errors.NotAFileError` (exit 2 at
the CLI) before anything is written: the rename would put a regular file in its place
(``--output /dev/null`` run as root would replace the device). A symbolic link is refused
rather than written through: following it would let a link planted in a shared directory
(``/tmp/out.csv -> /etc/passwd``) aim the write at any file the user may write, past the
kernel's own guard for such links (the rename is of the resolved name), and replacing it
would silently cut a link the user made; the message says to give the path it points to.

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
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from pricing_engine.errors import NotAFileError, OutputPathError

__all__ = ["atomic_write", "refuse_special"]

#: What a path that is not a regular file is, by its file type (os.lstat's st_mode).
_KINDS = ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a directory"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))


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
    atomically (a hard link), so two writers cannot both claim one name. Otherwise a
    ``path`` that exists and is not a regular file raises NotAFileError (see
    :func:`refuse_special`), before the block and again before the rename.
    """
    target = Path(path)
    if not exclusive:
        refuse_special(target)
    binary = "b" in mode
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".tmp")
    except OSError as exc:  # no such directory, not one, not ours to write in, a full disk
        raise OutputPathError(target, f"cannot write: {exc.strerror or exc}",
                              exc.errno or 0) from None
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
            refuse_special(target)  # made one while the block ran (a narrower window)
            os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def refuse_special(path: str | Path) -> None:
    """Raise NotAFileError if ``path`` exists and is not a regular file; else nothing.

    A device, FIFO, socket or directory, and a symbolic link whatever it points to, are
    refused, naming what the path is. A missing path, or one that cannot be looked at (a
    missing directory), passes: writing there fails with the usual OSError.

    >>> refuse_special("/")
    Traceback (most recent call last):
    pricing_engine.errors.NotAFileError: /: is a directory, not a regular file; not replacing it
    """
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    if stat.S_ISLNK(mode):
        with contextlib.suppress(OSError):
            kind += f" to {os.readlink(path)}"
        raise NotAFileError(path, f"is {kind}, which is not replaced or followed; give the "
                            "path of the file itself")
    raise NotAFileError(path, f"is {kind}, not a regular file; not replacing it")
