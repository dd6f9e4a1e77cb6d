"""``pricing-engine lists``: show the lists in use, import, update, roll back and diff them.

Exit codes: 0 success; 2 a list file is missing, altered (sha256) or malformed, or bad usage;
``lists update`` also exits 1 when a list failed to download or verify (the others are
still updated).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import click
from rich.console import Console
from rich.table import Table

from pricing_engine.cli._console import stdout_console
from pricing_engine.screening.bundle import resolve_lists, user_lists_dir
from pricing_engine.screening.diff import ListDiff, diff_lists
from pricing_engine.screening.list_fetch import DEFAULT_MAX_BYTES
from pricing_engine.screening.list_import import import_list
from pricing_engine.screening.list_report import ListDiffReport, diff_report, lists_status
from pricing_engine.screening.list_sources import SOURCES, SOURCES_ENV, resolve_sources
from pricing_engine.screening.list_update import ListUpdate, rollback_list, update_lists
from pricing_engine.screening.lists import FORMATS, load_list
from pricing_engine.screening.model import SanctionsList

__all__ = ["lists"]

#: File names an OFAC CSV directory may hold (sdn set or consolidated non-SDN set).
OFAC_CSV_NAMES = ("sdn.csv", "alt.csv", "add.csv", "cons_prim.csv", "cons_alt.csv", "cons_add.csv")


@click.group(invoke_without_command=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output of the list table.",
)
@click.option(
    "--lists",
    "lists_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A lists directory with a manifest.json in place of the bundled lists (as `check "
    "--lists` and `screen --lists` take it).",
)
@click.pass_context
def lists(ctx: click.Context, fmt: str, lists_dir: Path | None) -> None:
    """Show the sanctions lists every command screens against: bundled, then imported ones.

    These are the lists `check`, `screen` and the library's Engine.load use. Each list's files
    are checked against the sha256 its manifest records; a missing or altered file or a
    malformed manifest is an error (exit 2). Imported lists live in $PRICING_ENGINE_LISTS_DIR
    (default: the platform data directory) and replace bundled lists with the same id.

    \b
    Exit codes: 0 success; 2 missing/altered/malformed list file or manifest, or bad usage.
    """
    if ctx.invoked_subcommand is not None:
        return
    status = lists_status(resolve_lists(lists_dir))
    if fmt == "json":
        click.echo(json.dumps(status.model_dump(mode="json"), indent=2))
        return
    cells = [
        (
            row.id,
            row.format,
            row.published or "?",
            f"{row.entries:,}",
            row.sha256[:12],
            row.origin,
            _short_source(row.source),
        )
        for row in status.lists
    ]
    headers = ("id", "format", "published", "entries", "sha256", "origin", "source")
    table = Table(*headers)
    for row in cells:
        table.add_row(*row)
    _console(headers, cells).print(table)


def _short_source(source: str) -> str:
    """Return the publisher's host, or the imported file's name, for a table cell."""
    first = source.removeprefix("imported from ").split(", ")[0].split(" (")[0]
    return urlsplit(first).netloc.removeprefix("www.") or Path(first).name


def _console(headers: tuple[str, ...], cells: Sequence[tuple[str, ...]]) -> Console:
    """Return a console wide enough for the table when output is not a terminal (no wrapping)."""
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    return stdout_console(width=sum(widths) + 3 * len(widths) + 1, markup=False)


#: ``--dir`` of the commands that write the user lists directory.
_DIR_OPTION = click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="User lists directory (default: $PRICING_ENGINE_LISTS_DIR or the platform data dir).",
)


@lists.command("formats")
def formats() -> None:
    """List the file formats ``lists import`` and ``lists diff`` read."""
    for name, loader in sorted(FORMATS.items()):
        click.echo(f"{name:24} {loader.description} (default id: {loader.default_id})")


@lists.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(FORMATS)))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--id", "list_id", help="List id (default: the format's, e.g. ofac_sdn).")
@_DIR_OPTION
@click.option("--source", help="Where the file came from (recorded in the manifest).")
@click.option(
    "--published", metavar="YYYY-MM-DD", help="Publication date (default: the file's own)."
)
@click.option(
    "--force",
    is_flag=True,
    help="Import even an empty list, or one with fewer than half the entries of the list it "
    "replaces (the imported or the bundled one with the same id).",
)
def import_command(
    fmt: str,
    files: tuple[str, ...],
    list_id: str | None,
    directory: Path | None,
    source: str | None,
    published: str | None,
    force: bool,
) -> None:
    """Add or replace a list from FILE(s) you downloaded (no network access is used).

    The files are loaded first (a malformed file is refused), then copied into the user lists
    directory and recorded in its manifest.json with their sha256, entry count and dates.
    An empty list, or one with fewer than half the entries of the list it replaces, is
    refused without --force; so is a publication date after today. Imports into one directory
    may run at the same time: each is kept.
    Example: pricing-engine lists import ofac_csv sdn.csv alt.csv add.csv --id ofac_sdn

    \b
    Exit codes: 0 imported; 2 malformed file, refused import or bad usage.
    """
    target = directory or user_lists_dir()
    info = import_list(
        fmt,
        [Path(f) for f in files],
        directory=target,
        list_id=list_id,
        source=source,
        published=published,
        force=force,
    )
    click.echo(f"imported {info.list_id}: {info.entries:,} entries ({info.format}) into {target}")


def _load_side(path: Path, fmt: str, list_id: str | None) -> SanctionsList:
    if not path.is_dir():
        return load_list(fmt, path, list_id=list_id)
    if fmt != "ofac_csv":
        raise click.UsageError(f"{path} is a directory: give the {fmt} file itself")
    present = {p.name.lower(): p for p in path.iterdir() if p.is_file()}
    files = [present[name] for name in OFAC_CSV_NAMES if name in present]
    if not files:  # a version `lists update` kept (.previous/ID) may have other names
        files = sorted(p for n, p in present.items() if n.endswith(".csv") and n[0] != ".")
    if not files:
        raise click.UsageError(f"{path}: no {', '.join(OFAC_CSV_NAMES)} in this directory")
    return load_list(fmt, *files, list_id=list_id)


@lists.command("diff")
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="ofac_csv",
    show_default=True,
    help="Format of OLD and NEW.",
)
@click.option(
    "--format-out",
    "out",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option("--limit", default=20, show_default=True, help="Entries shown per section (text).")
def diff_command(old: Path, new: Path, fmt: str, out: str, limit: int) -> None:
    """Report entries added, removed and changed between two versions of a list.

    OLD and NEW are list files, or directories holding an OFAC CSV set (sdn.csv, alt.csv,
    add.csv, or cons_prim.csv...). The summary names the entries to re-screen against:
    new matches can only come from added entries or from changed names, aliases, countries,
    dates of birth or identifiers.
    """
    result = diff_lists(_load_side(old, fmt, None), _load_side(new, fmt, None))
    report = diff_report(result)
    if out == "json":
        click.echo(json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False))
        return
    _print_diff(report, result, limit)


def _print_diff(report: ListDiffReport, result: ListDiff, limit: int) -> None:
    """Print the figures of ``report`` (as the JSON has them), and the stale-match count."""
    console = stdout_console(markup=False)  # list text is printed as written
    summary = report.summary
    counts = {f: n for f, n in summary.changed_fields.items() if n}
    console.print(
        f"added {summary.added}, removed {summary.removed}, "
        f"changed {summary.changed} ({', '.join(f'{f} {n}' for f, n in counts.items())})"
    )
    console.print(
        f"re-screen against {summary.rescreen_entries} entries; "
        f"{len(result.stale_entry_ids())} earlier matches may be stale"
    )
    sections = (
        ("added", [(e.entry_id, e.name) for e in report.added]),
        ("removed", [(e.entry_id, e.name) for e in report.removed]),
        ("changed", [(c.entry_id, c.name, ", ".join(c.fields)) for c in report.changed]),
    )
    for title, rows in sections:
        if not rows:
            continue
        headers = ("entry", "name", "fields")[: len(rows[0])]
        table = Table(*headers, title=f"{title} ({len(rows)})")
        for row in rows[:limit]:
            table.add_row(*row)
        console.print(table)


@lists.command("update")
@click.option("--list", "list_ids", multiple=True, type=click.Choice(sorted(SOURCES)),
              help="A list to update (repeat for several; default: all of them).")
@click.option("--dry-run", is_flag=True,
              help="Download and verify, install nothing.")
@click.option("--force", is_flag=True,
              help="Install even a list that shrank by more than half or grew more than 3x.")
@_DIR_OPTION
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False, path_type=Path),
              help=f"A JSON or TOML file of list id -> URL (default: ${SOURCES_ENV}).")
@click.option("--source", "source_options", multiple=True, metavar="ID[/FILE]=URL",
              help="Download a list (or one of its files) from URL instead (repeatable).")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds per request.")
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True,
              help="Largest file accepted.")
@click.option("--limit", default=5, show_default=True,
              help="Entries shown per section of each list's changes.")
@click.pass_context
def update_command(ctx: click.Context, list_ids: tuple[str, ...], dry_run: bool, force: bool,
                   directory: Path | None, sources_file: Path | None,
                   source_options: tuple[str, ...], timeout: float, max_bytes: int,
                   limit: int) -> None:
    """Download the current lists from their publishers, verify them and install them.

    The official addresses (OFAC, UN Security Council, UK FCDO, EU FSF) can be replaced by a
    sources file or --source. Requests are conditional (ETag / Last-Modified of the last
    download); a list must load, and hold between half and three times the entries of the
    version in effect (unless --force). The version replaced is kept in DIR/.previous/ID for
    `lists diff` and `lists rollback ID`. The recorded publication date is the server's
    Last-Modified date, or the download date.

    \b
    Exit codes: 0 updated or already current; 1 a list failed to download or
    verify (the others are still updated); 2 bad usage or sources file.
    """
    sources = resolve_sources(config=sources_file, options=source_options)
    result = update_lists(list_ids, directory=directory or user_lists_dir(), sources=sources,
                          dry_run=dry_run, force=force, max_bytes=max_bytes, timeout=timeout)
    for item in result.lists:
        _print_update(item, limit)
    if result.failed:
        ctx.exit(1)


@lists.command("rollback")
@click.argument("list_id", metavar="ID")
@_DIR_OPTION
@click.option("--limit", default=5, show_default=True,
              help="Entries shown per section of the changes.")
def rollback_command(list_id: str, directory: Path | None, limit: int) -> None:
    """Re-install the version of list ID that the last `lists update` replaced.

    The version replaced by the rollback is kept in its place: a second rollback undoes it.

    \b
    Exit codes: 0 rolled back; 2 no previous version kept, or bad usage.
    """
    _print_update(rollback_list(list_id, directory=directory or user_lists_dir()), limit)


def _print_update(item: ListUpdate, limit: int) -> None:
    """Print one list's outcome (failures on stderr) and the changes it brings."""
    if item.outcome == "failed":
        click.echo(f"pricing-engine: {item.detail}", err=True)
        return
    counts = f"{item.entries:,} entries" if item.entries is not None else "no entries"
    if item.previous_entries is not None and item.outcome != "current":
        counts += f" (was {item.previous_entries:,})"
    click.echo(f"{item.list_id}: {item.outcome}: {counts}, published "
               f"{item.published or '?'}; {item.detail}")
    if item.diff is not None and item.diff:
        _print_diff(diff_report(item.diff), item.diff, limit)
    elif item.diff is not None:
        click.echo("no entry added, removed or changed")
