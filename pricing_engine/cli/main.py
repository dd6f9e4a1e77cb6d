"""Entry point of ``pricing-engine``: a lazily loaded command group and the exit-code policy.

Exit codes shared by every command (a command may add its own, documented in its --help):

  0    success
  1    internal error (a bug: please report it), or the command's own "found problems" code
  2    invalid input or usage: a bad file, an unknown country, a missing rule or FX rate
  130  stopped by SIGINT (Ctrl-C)
  143  stopped by SIGTERM

A run stopped by SIGINT or SIGTERM unwinds like an error: files being written are removed
(every output goes through :func:`pricing_engine._atomic.atomic_write`), worker processes
are stopped, and one line says so on stderr, never a traceback. Worker processes a command
forks ignore SIGINT (the main process stops them) and die quietly on SIGTERM. A second
signal while the first is being handled stops the process at once (see
:mod:`pricing_engine.cli._signals`).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import signal
import sys
from typing import NoReturn

import click

from pricing_engine import __version__
from pricing_engine.cli._signals import Stopped, handle_signals
from pricing_engine.errors import PricingEngineError

__all__ = ["cli", "main"]

#: command name -> "module:attribute"; a command appears once its module exists.
COMMANDS: dict[str, str] = {
    "check": "pricing_engine.cli.check:check",
    "lists": "pricing_engine.cli.lists:lists",
    "quote": "pricing_engine.cli.quote:quote",
    "schema": "pricing_engine.cli.validate:schema",
    "screen": "pricing_engine.cli.screen:screen",
    "validate": "pricing_engine.cli.validate:validate",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs (fast start-up)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n, t in COMMANDS.items() if _module_exists(t.partition(":")[0]))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not _module_exists(target.partition(":")[0]):
            return None
        module_name, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


def _module_exists(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pricing-engine")
def cli() -> None:
    """International pricing and trade compliance from rules kept as data.

    \b
    Exit codes: 0 success; 1 internal error (or a command's documented
    "problems found" code); 2 invalid input or usage; 130 stopped by SIGINT,
    143 by SIGTERM (no partial output file is left).
    """


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the CLI; turn library errors into one-line messages and exit codes, never tracebacks."""
    restore = handle_signals()
    try:
        _run(argv)
    finally:
        restore()


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
    except BrokenPipeError:
        sys.exit(0)
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
