"""Entry point of ``pricing-engine``: a lazily loaded command group and the exit-code policy.

Exit codes shared by every command (a command may add its own, documented in its --help):

  0    success
  1    internal error (a bug: please report it), or the command's own "found problems" code
  2    invalid input or usage: a bad file, an unknown country, a missing rule or FX rate
  130  stopped by SIGINT (Ctrl-C)
  141  standard output's reader went away (a closed pipe) before the command's outcome was
       reached, or when it was a success (see :mod:`pricing_engine.cli._pipe`); an outcome
       with a code of its own keeps it (``check``: 3, 4)
  143  stopped by SIGTERM

A run stopped by SIGINT or SIGTERM unwinds like an error: files being written are removed
(every output goes through :func:`pricing_engine._atomic.atomic_write`), worker processes
are stopped, and one line says so on stderr, never a traceback. The one exception is
``screen --input --output FILE``, which keeps the complete records of the rows screened so
far (the last stderr line names the row) so that ``--resume`` can continue. Worker
processes a command forks ignore SIGINT (the main process stops them) and die quietly on
SIGTERM. A second signal while the first is being handled stops the process at once (see
:mod:`pricing_engine.cli._signals`).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click

from pricing_engine import __version__
from pricing_engine.cli._pipe import closed_pipe_exit, exit_on_closed_pipe, flush_stdout
from pricing_engine.cli._signals import Stopped, handle_signals
from pricing_engine.errors import PricingEngineError

__all__ = ["cli", "main"]

#: command name -> ("module:attribute", short help). ``--help`` lists the commands from this
#: table without importing them (a test keeps each short help equal to the command's own); a
#: command appears once its module exists.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("pricing_engine.cli.check:check",
              "Decide on a PROPOSAL file (a quote file with optional approval sections; - "
              "reads stdin)."),
    "fx": ("pricing_engine.cli.fx:fx",
           "Import FX reference rates (the ECB's) into a dated table; show the rate of a date."),
    "lists": ("pricing_engine.cli.lists:lists",
              "Show the sanctions lists every command screens against: bundled, then imported "
              "ones."),
    "proposal": ("pricing_engine.cli.proposal:proposal",
                 "Render the customer-facing proposal document (HTML or PDF) in the buyer's "
                 "language."),
    "pricebook": ("pricing_engine.cli.pricebook:pricebook",
                  "Price every CATALOGUE row (CSV or YAML) in every market of MARKETS (YAML)."),
    "quote": ("pricing_engine.cli.quote:quote",
              "Landed cost-to-serve and margin of a quote FILE (YAML or JSON; - reads stdin)."),
    "schema": ("pricing_engine.cli.validate:schema",
               "Print a JSON Schema: of an input (rules by default, policy, quote...) or an "
               "output."),
    "screen": ("pricing_engine.cli.screen:screen",
               "Screen NAME (or every row of --input) against the sanctions lists."),
    "serve": ("pricing_engine.cli.serve:serve",
              "Serve one warm engine over HTTP (needs the [server] extra)."),
    "tariff": ("pricing_engine.cli.tariff:tariff",
               "Import official tariff schedules into tariff tables and compare two imports."),
    "validate": ("pricing_engine.cli.validate:validate",
                 "Check rule files (default: the bundled rules) and report every error at once."),
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs (fast start-up)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n, (t, _) in COMMANDS.items() if _module_exists(t.partition(":")[0]))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name, ("", ""))[0]
        if not target or not _module_exists(target.partition(":")[0]):
            return None
        module_name, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        with exit_on_closed_pipe(0):  # --help, --version
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        # click's main() would turn a closed pipe into a silent exit 1, whatever the outcome
        with exit_on_closed_pipe(0):
            return super().invoke(ctx)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with their short help from :data:`COMMANDS` (no import)."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, _shorten(COMMANDS[name][1], limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters at a word, as click does for short help."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 3, 1)].rsplit(" ", 1)[0] + "..."


def _module_exists(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pricing-engine")
def cli() -> None:
    """International pricing and trade compliance from rules kept as data.

    \b
    Exit codes: 0 success; 1 internal error (or a command's documented
    "problems found" code); 2 invalid input or usage; 130 stopped by SIGINT,
    143 by SIGTERM (no partial output file is left, except the complete
    records `screen --input --output` keeps for --resume); 141 standard output
    closed before all of it was written, 1 standard output that could not be
    written (a full disk): a command's own non-zero outcome, such as check's 3
    or 4, is kept in both.
    """


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the CLI; turn library errors into one-line messages and exit codes, never tracebacks."""
    restore = handle_signals()
    unlog = _library_log_to_stderr()
    try:
        _run(argv)
    except SystemExit as done:  # output still buffered may meet a closed pipe: flush it now
        flush_stdout(_exit_code(done))
        raise
    finally:
        unlog()
        restore()


class _Notice(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        kind = "" if record.levelno < logging.WARNING else f"{record.levelname.lower()}: "
        return f"pricing-engine: {kind}{record.getMessage()}"


def _library_log_to_stderr() -> Callable[[], None]:
    """The library's warnings on stderr, one line each (a cache file ignored and rebuilt, or
    not written: why a run is slow); on a terminal also its notices of a slow first use
    (compiling a set of rule files, building a screening index). A script reading stderr
    gets no notices, as with the progress bar of ``screen``. Returns the undoing (for
    callers that run ``main`` in a process that goes on)."""
    library = logging.getLogger("pricing_engine")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Notice())
    handler.setLevel(logging.INFO if sys.stderr.isatty() else logging.WARNING)
    library.addHandler(handler)
    level = library.level
    if level == logging.NOTSET:
        library.setLevel(logging.INFO)  # the handler's level decides what is shown

    def undo() -> None:
        library.removeHandler(handler)
        library.setLevel(level)

    return undo


def _exit_code(done: SystemExit) -> int:
    if done.code is None or isinstance(done.code, int):
        return done.code or 0
    return 1  # sys.exit("message")


def _run(argv: list[str] | None) -> NoReturn:
    try:
        code = cli.main(args=argv, prog_name="pricing-engine", standalone_mode=False)
    except Stopped as stop:
        click.echo(f"pricing-engine: stopped by {stop}", err=True)
        sys.exit(128 + stop.signum)
    except KeyboardInterrupt:
        click.echo("pricing-engine: stopped by SIGINT", err=True)
        sys.exit(128 + signal.SIGINT)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):  # click's own Ctrl-C handling
            click.echo("pricing-engine: stopped by SIGINT", err=True)
            sys.exit(128 + signal.SIGINT)
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except PricingEngineError as exc:
        click.echo(f"pricing-engine: error: {exc}", err=True)
        sys.exit(2)
    except BrokenPipeError:  # stdout's reader went away before the outcome: never exit 0
        sys.exit(closed_pipe_exit())
    except Exception as exc:  # the last guard: a bug must not print a traceback at users
        if os.environ.get("PRICING_ENGINE_DEBUG"):
            raise
        click.echo(
            f"pricing-engine: internal error: {type(exc).__name__}: {exc} "
            "(set PRICING_ENGINE_DEBUG=1 for a traceback)",
            err=True,
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
