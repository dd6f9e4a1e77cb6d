"""The ``--fx-table`` / ``--no-fx-table`` options of the commands that price a quote, declared
once (``quote``, ``check``), and the reference rates they select."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

import click

from pricing_engine.fx_rates import ReferenceRates, load_reference_rates

__all__ = ["fx_table_options", "reference_rates"]

F = TypeVar("F", bound=Callable[..., Any])


def fx_table_options(command: F) -> F:
    """Add ``--fx-table FILE`` (env PRICING_ENGINE_FX_TABLE) and ``--no-fx-table`` to a
    command; it takes them as ``fx_table_file`` and ``no_fx_table``."""
    command = click.option(
        "--no-fx-table", is_flag=True,
        help="No reference rates: a pair the quote does not give (its fx, or --fx) is an "
             "error.",
    )(command)
    return click.option(
        "--fx-table", "fx_table_file", type=str, envvar="PRICING_ENGINE_FX_TABLE",
        help="Dated reference rates (written by 'fx import') for a pair the quote does not "
             "give (its fx, or --fx), on the quote's date [default: the bundled ECB rates; "
             "env PRICING_ENGINE_FX_TABLE].",
    )(command)


def reference_rates(fx_table_file: str | None,
                    no_fx_table: bool) -> ReferenceRates | Literal["bundled"] | None:
    """The rates the options select: none, the table file read, else the bundled ones."""
    if no_fx_table:
        return None
    return load_reference_rates(fx_table_file) if fx_table_file else "bundled"
