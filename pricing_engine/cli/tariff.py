"""``pricing-engine tariff``: import a published tariff schedule into a tariff table, diff two.

Exit codes of ``tariff import``: 0 imported; 1 fewer than 99.5 % of the file's MFN rate texts
parsed (the table is still written, without the unparsed lines, which are listed); 2 bad usage
or an unreadable / malformed input file.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import click

from pricing_engine.tariff import diff_tables, write_tables
from pricing_engine.tariff.importers import FORMATS, MIN_SHARE, import_table
from pricing_engine.tariff.table import ImportResult

__all__ = ["tariff"]


@click.group()
def tariff() -> None:
    """Import official tariff schedules into tariff tables and compare two imports.

    \b
    Exit codes: 0 success; 1 (import) under 99.5 % of rate texts parsed;
    2 bad usage or an unreadable input file.
    """


@tariff.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(FORMATS)))
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--effective", type=click.DateTime(["%Y-%m-%d"]),
              help="The revision's effective date (default: known from the file).")
@click.option("--out", "out_dir", required=True,
              type=click.Path(path_type=Path, file_okay=False),
              help="Rules directory: the table is written to OUT/tariffs/<CODE>.yaml "
                   "(us-ch99: US.chapter99.yaml and US.section232.yaml; us-s122: "
                   "US.section122.yaml; us-ieepa: US.ieepa.yaml).")
@click.option("--checked", type=click.DateTime(["%Y-%m-%d"]),
              help="The day FILE's figures were confirmed to be the publisher's schedule in "
                   "force (no later revision, or a cross-check against it), written as the "
                   "tables' `checked`: a quote's STALE_RULES counts their age from it "
                   "(default: from the effective date).")
@click.option("--earlier", "earlier", multiple=True, metavar="FILE[=DATE]",
              help="An earlier edition of the same schedule in FORMAT (repeatable; =DATE: "
                   "its effective date, unless known from the file): an MFN line is dated "
                   "from the oldest edition of the unbroken run, newest first, that charge "
                   "it alike (a line dated later than others of its subheading fails "
                   "closed on the days between), and the preferences they all give alike "
                   "from the earliest (others fail closed on the days between).")
def import_(fmt: str, file: Path, effective: object, out_dir: Path, checked: object,
            earlier: tuple[str, ...]) -> None:
    """Import FILE in FORMAT and write its tariff table under --out.

    Every rate text the parser does not understand is listed with its file and row and
    written as a not_covered line (a lookup there fails closed, never reads 0 %). A CN2020
    file (uk-gt-csv, eu-cet) is carried over to HS2022 with the bundled UN correlations: a
    new code takes its old lines' duty where they agree, else a split entry names them.

    \b
    Exit codes: 0 imported; 1 under 99.5 % of the MFN rate texts parsed,
    or nothing read and a problem found (the table is still written); 2 bad
    usage or unreadable input, or a table over the 5 MiB a rule file may have
    (nothing written).
    """
    when: date | None = effective.date() if hasattr(effective, "date") else None
    result = import_table(fmt, file, effective=when,
                          earlier=[_edition(given) for given in earlier])
    if hasattr(checked, "date"):
        try:
            result = result.checked_on(checked.date())
        except ValueError as error:
            raise click.UsageError(str(error)) from None
    targets = write_tables(result.tables, out_dir)
    _report(result, targets)
    if result.share < MIN_SHARE:
        sys.exit(1)


def _edition(given: str) -> tuple[Path, date | None]:
    """``FILE`` or ``FILE=YYYY-MM-DD`` of ``--earlier``."""
    name, sep, day = given.rpartition("=")
    if sep and name:
        try:
            return Path(name), date.fromisoformat(day)
        except ValueError:
            raise click.UsageError(f"--earlier {given!r}: the date after '=' must be "
                                   "YYYY-MM-DD") from None
    return Path(given), None


def _report(result: ImportResult, targets: list[Path]) -> None:
    for problem in result.problems:
        click.echo(f"{problem}", err=True)
    parsed, lines = result.counts
    for target, (table, _) in zip(targets, result.tables, strict=True):
        click.echo(f"wrote {target}: {len(table.mfn)} MFN lines, "
                   f"{len(table.preferential)} preference entries, "
                   f"{len(table.additional)} additional-duty entries")
    click.echo(f"parsed {parsed} of {lines} MFN rate texts "
               f"({result.share * 100:.2f} %, minimum {MIN_SHARE * 100} %)")
    reasons = Counter(f"{p.column.split()[0]}: {p.reason.split(':')[0]}"
                      for p in result.problems)
    for reason, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  unparsed: {count:6d}  {reason}")
    for key, count in sorted(result.summary.items()):
        click.echo(f"  {key}: {count}")


@tariff.command("diff")
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
def diff(old: Path, new: Path, fmt: str) -> None:
    """List the MFN lines and additional duties added, removed or changed from table OLD to
    NEW."""
    result = diff_tables(old, new)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    for label, changes in (("+", result.added), ("-", result.removed), ("~", result.changed)):
        for change in changes:
            duty = f" [{change.duty}]" if change.duty else ""
            click.echo(f"{label} {change.hs}{duty}: {change.old or ''}"
                       f"{' -> ' if change.old and change.new else ''}{change.new or ''}")
    click.echo(f"{len(result.added)} added, {len(result.removed)} removed, "
               f"{len(result.changed)} changed")
