"""``pricing-engine fx``: import a central bank's reference rates; show the rate a date uses.

``fx import ecb FILE [--out TABLE] [--since DATE]`` reads the ECB's euro reference rates
(eurofxref-hist.csv or .zip, eurofxref.csv or .zip, eurofxref-daily.xml, eurofxref-hist.xml)
into a dated table file that ``quote --fx-table TABLE`` uses for the pairs a quote does not
give. ``fx rate BASE/QUOTE [--date DATE] [--fx-table TABLE]`` prints the rate a quote of that
date would use, its day and its source.

Exit codes: 0 done; 2 bad usage, an unreadable or malformed file (the message names the file,
line and field), or no rate for the pair on that date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import click

from pricing_engine.fx_ecb import EcbImport, bundled_reference_rates, read_ecb
from pricing_engine.fx_rates import (
    ReferenceRates,
    load_reference_rates,
    render_reference_rates,
    write_reference_rates,
)
from pricing_engine.money import fx_pair

__all__ = ["fx"]

#: The formats ``fx import`` reads: name -> reader.
FORMATS: dict[str, Callable[[Path], EcbImport]] = {"ecb": read_ecb}


@click.group()
def fx() -> None:
    """Import FX reference rates (the ECB's) into a dated table; show the rate of a date.

    \b
    Exit codes: 0 success; 2 bad usage, an unreadable or malformed file, or no
    rate for the pair on the date.
    """


@fx.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(FORMATS)))
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the table here (.json: JSON, else YAML); default: JSON on stdout.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]),
              help="Keep only the days from this date on (the full history since 1999 fits).")
def import_(fmt: str, file: Path, out: Path | None, since: datetime | None) -> None:
    """Read the reference-rate FILE published in FORMAT into a dated FX table.

    \b
    ecb: eurofxref-hist.csv / eurofxref-hist.zip, eurofxref.csv / eurofxref.zip,
         eurofxref-daily.xml, eurofxref-hist.xml, eurofxref-hist-90d.xml
    A malformed row or element is an error naming the file, line and field;
    columns of currencies ISO 4217 has withdrawn (CYP, ..., HRK, BGN) are left
    out and named on stderr.
    Exit codes: 0 imported; 2 bad usage, an unreadable or malformed file.
    """
    result = FORMATS[fmt](file)
    table = result.table
    if since is not None:
        table = _since(table, since.date())
    if out is None:
        click.echo(render_reference_rates(table, as_json=True), nl=False)
    else:
        write_reference_rates(table, out)
    where = f"wrote {out}" if out else "table on stdout"
    left = f"; left out (withdrawn): {', '.join(result.left_out)}" if result.left_out else ""
    currencies = {code for row in table.rates.values() for code in row}
    click.echo(f"{where}: {len(table.days)} days from {table.days[0]} to {table.as_of}, "
               f"{len(currencies)} currencies against EUR ({result.layout}){left}", err=True)


def _since(table: ReferenceRates, first: date) -> ReferenceRates:
    days = tuple(d for d in table.days if d >= first)
    if not days:
        raise click.UsageError(f"--since {first}: the file's last day is {table.as_of}")
    return replace(table, days=days, rates={d: table.rates[d] for d in days})


@fx.command("rate")
@click.argument("pair", metavar="BASE/QUOTE")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]),
              help="The quote's date (default: today).")
@click.option("--fx-table", "table_file", type=str, envvar="PRICING_ENGINE_FX_TABLE",
              help="A table written by 'fx import' [default: the bundled ECB rates; env "
                   "PRICING_ENGINE_FX_TABLE].")
def rate(pair: str, on: datetime | None, table_file: str | None) -> None:
    """Print the reference rate of BASE/QUOTE a quote dated --date uses, and its source.

    \b
    The rate of that day, or of the last day with rates before it, at most 4
    days old; never a later day's. Exit codes: 0 found; 2 no such rate, bad
    usage or a malformed table.
    """
    base, quote = fx_pair(pair)
    table = load_reference_rates(table_file) if table_file else bundled_reference_rates()
    used = table.rate(base, quote, on.date() if on else date.today())
    click.echo(used.describe())
