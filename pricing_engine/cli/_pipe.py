"""Standard output's reader going away (``pricing-engine check P | head -1``).

Python ignores SIGPIPE, so a write to a pipe nobody reads raises BrokenPipeError. The CLI
follows Python's note on SIGPIPE (the :mod:`signal` docs): stdout is pointed at
``os.devnull`` so that the interpreter's last flush raises nothing, and the process exits
with one line on stderr, never a traceback. Its exit code is never 0, so that a caller never
takes an output cut short for a success:

- the code of the outcome the command had reached when the pipe closed, when it is not 0
  (``check``: 3 review, 4 refused), since the exit code is what a caller acts on;
- else :data:`EXIT_PIPE_CLOSED`, 141 = 128 + SIGPIPE: the code of a run stopped by a signal
  (as 130 and 143 are), and the one a shell reports for a program killed by SIGPIPE.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from collections.abc import Iterator

import click

from pricing_engine.errors import PricingEngineError

__all__ = ["EXIT_PIPE_CLOSED", "closed_pipe_exit", "exit_on_closed_pipe", "flush_stdout"]

#: Exit code of a command whose output was cut short before its outcome was reached (or whose
#: outcome was a success): 128 + SIGPIPE.
EXIT_PIPE_CLOSED = 128 + getattr(signal, "SIGPIPE", 13)


def _silence_stdout() -> None:
    """Point stdout at os.devnull, so that the interpreter's last flush raises nothing."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # stdout may be no file
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def closed_pipe_exit(outcome: int = 0) -> int:
    """Silence stdout (its reader went away), say so on stderr; return the exit code.

    ``outcome`` is the code the command had reached (0: none, or a success).
    """
    _silence_stdout()
    code = outcome or EXIT_PIPE_CLOSED
    with contextlib.suppress(OSError):
        click.echo("pricing-engine: standard output was closed before all of it was written "
                   f"(broken pipe): exit {code}", err=True)
    return code


#: What a failed write to stdout raises but a closed pipe: no space on its device (a full
#: disk, /dev/full), over a quota or a file size limit, an I/O error.
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _stdout_failed(exc: OSError, outcome: int) -> SystemExit | None:
    """How a run ends whose stdout failed with ``exc``: a closed pipe as
    :func:`closed_pipe_exit` says; a write that failed (:data:`_WRITE_ERRNOS`, no file
    named: the library names the files it writes, and raises its own errors for them) with
    the command's ``outcome``, 1 for 0 (the output is not all there), said on stderr. None
    when ``exc`` is not stdout's: the caller re-raises it."""
    if isinstance(exc, BrokenPipeError):
        return SystemExit(closed_pipe_exit(outcome))
    if (isinstance(exc, PricingEngineError) or exc.errno not in _WRITE_ERRNOS
            or exc.filename is not None):
        return None
    _silence_stdout()  # what is buffered is lost
    code = outcome or 1
    with contextlib.suppress(OSError):
        click.echo(f"pricing-engine: standard output could not be written "
                   f"({exc.strerror or exc}): exit {code}", err=True)
    return SystemExit(code)


def flush_stdout(outcome: int = 0) -> None:
    """Flush stdout now, while a closed pipe can still be told apart (SystemExit if it is)."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError as exc:
        if (done := _stdout_failed(exc, outcome)) is None:
            raise
        raise done from None


@contextlib.contextmanager
def exit_on_closed_pipe(outcome: int) -> Iterator[None]:
    """Write the output of a command that reached ``outcome`` (its exit code) in this block.

    The output is flushed as the block ends; if stdout's reader has gone away meanwhile,
    the process exits with ``outcome`` (:data:`EXIT_PIPE_CLOSED` for 0) and no traceback.
    """
    try:
        yield
        sys.stdout.flush()
    except OSError as exc:
        if (done := _stdout_failed(exc, outcome)) is None:
            raise
        raise done from None
