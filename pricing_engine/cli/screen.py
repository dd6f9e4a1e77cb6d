"""``pricing-engine screen``: screen one name, or a CSV / JSONL file of parties."""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import click

from pricing_engine._atomic import atomic_write, refuse_special
from pricing_engine.cli._console import stdout_console
from pricing_engine.cli._files import open_input
from pricing_engine.cli._signals import Stopped, signals_held
from pricing_engine.errors import InputError, OutputPathError
from pricing_engine.screening.batch import CSV_COLUMNS, RENDERERS, query_from_row, screen_rendered
from pricing_engine.screening.batch_input import raw_rows
from pricing_engine.screening.batch_resume import NOTHING, Completed, check_unchanged, resume_output
from pricing_engine.screening.result import Match, ScreeningResult
from pricing_engine.screening.screener import Screener, StartMethod

__all__ = ["screen"]

_BAND_ORDER = {"clear": 0, "review": 1, "hit": 2}
_EXIT_FOUND = 3


@click.command()
@click.argument("name", required=False)
@click.option("--kind", type=click.Choice(["person", "entity"]), help="Only match this kind.")
@click.option("--country", metavar="CC", help="ISO 3166-1 country (alpha-2 or -3).")
@click.option("--dob", metavar="YYYY[-MM-DD]", help="Date (or year) of birth of a person.")
@click.option(
    "--id-number",
    "identifiers",
    multiple=True,
    metavar="VALUE",
    help="An identifier of the party (IMO, passport...); repeatable.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output for a single NAME.",
)
@click.option(
    "--input",
    "input_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Screen a CSV or JSONL file (columns id, name, kind, country, dob and optionally "
    "identifiers, ';'-separated); - is stdin.",
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="Where --input results go.",
)
@click.option(
    "--output-format",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="Format of --input results.",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an --output FILE that a stopped run left: keep its complete records (rows "
    "1 to N), skip the first N input rows and append the rest.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: only when stderr is a terminal).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Processes screening an --input file.",
)
@click.option(
    "--lists",
    "lists_dir",
    type=click.Path(file_okay=False, exists=True),
    help="Screen against the lists of this directory instead of the bundled ones.",
)
@click.option(
    "--changed-since",
    "changed_since",
    type=click.Path(file_okay=False, exists=True),
    metavar="OLD_LISTS_DIR",
    help="With --input: write (JSONL) only the rows whose status changed since the lists of "
    "OLD_LISTS_DIR (a lists directory, a .previous/ID copy lists update kept, or an OFAC CSV "
    "set), with old_status and new_status; only parties matching an added, removed or "
    "changed entry are screened again.",
)
@click.option(
    "--previous",
    "previous_path",
    type=click.Path(dir_okay=False, exists=True),
    metavar="RESULTS.jsonl",
    help="With --changed-since: the old statuses, from an earlier screen --input output of the "
    "same file (default: the parties picked are screened against the old lists too).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["hit", "review"]),
    help="Exit 3 when any party is at this band or above, or any --input row is an error record.",
)
def screen(
    name: str | None,
    kind: str | None,
    country: str | None,
    dob: str | None,
    identifiers: tuple[str, ...],
    fmt: str,
    input_path: str | None,
    output_path: str,
    output_format: str,
    resume: bool,
    progress: bool | None,
    workers: int,
    lists_dir: str | None,
    changed_since: str | None,
    previous_path: str | None,
    fail_on: str | None,
) -> None:
    """Screen NAME (or every row of --input) against the sanctions lists.

    Matches at review level or above are reported with the name or alias that matched, the
    aligned tokens and the features that moved the score. An --input file gives one output
    record per input record, in order (a JSONL output record's "line" is where it
    starts); a malformed one (a stray
    quote, bytes that are not UTF-8, a cell over the CSV limit, a JSONL line that is not an
    object...) gives a record with an "error" and no status, and reading goes on at the next
    line. A record is one line: only a quoted cell in a column the screen does not read may
    span lines (no comma on its following lines, at most 20 lines). The CSV output
    escapes cells a spreadsheet would run as formulas (a ' in front). The input is read as
    it is screened (memory does not grow with its length). A line over 1 MiB is an error
    record; one with no line break in 64 MiB (a device, a stream with no end) stops the
    run as an unreadable file.

    --output FILE appears once complete, or once the run is stopped by SIGINT or SIGTERM:
    then it holds only complete records, those of input rows 1 to N, and the last line on
    stderr names N. Run the same command with --resume to finish it: the complete records
    of FILE are read (a record cut short at the end is dropped) and each is checked against
    the input row at its place: its row, id and line, a status no lower than its matches'
    band, and its digest of that row's content (name, kind, country, dob, identifiers) with
    its status; then the records of rows N+1 onwards are appended (a missing or empty FILE
    is written from row 1). A record that is not its row's (another input, an edited
    record, a FILE written by an earlier version without digests) is refused (exit 2,
    naming the first one) and FILE is left as it was. A failed
    run (a full disk...) leaves no file, or the previous one (with --resume: its complete
    records). FILE must be a regular file or a new name: a device, FIFO, directory or
    symbolic link there is refused (exit 2), never replaced nor written through; give - for
    standard output. A summary goes to stderr when there were error records, with
    --fail-on or --progress (with --resume it counts the records kept too).

    With --changed-since OLD_LISTS_DIR, an --input file is re-screened after a list update:
    a party is screened again only when it matches an entry added or changed since OLD (in
    the lists in effect) or one removed or changed (in OLD); the output holds one JSONL
    record (id, row, line, old_status, new_status, matches, stale_matches) per row whose
    status changed, and stderr says how many did. Stopped by SIGINT or SIGTERM, --output
    FILE keeps the records of rows 1 to N and FILE.checkpoint.json says where it stopped;
    --resume goes on from row N + 1 once the checkpoint matches the input file, both
    versions of the lists, --previous and FILE (by sha256), else refuses (exit 2).

    \b
    Exit codes: 0 screened (whatever was found, unless --fail-on);
                2 invalid input or usage (no NAME, a bad --dob, an unreadable
                  or binary file, a bad CSV header, an output that cannot be
                  written, e.g. a full disk, or that is not a regular file,
                  --resume of an output that is not this input's);
                3 with --fail-on, a party at that band or above was found, or
                  an --input record was an error;
                130 stopped by SIGINT, 143 by SIGTERM (the --output file holds
                  rows 1 to N, the last line on stderr names N: --resume).
    """
    if (name is None) == (input_path is None):
        raise click.UsageError("give either NAME or --input FILE")
    if name is not None:
        row = {"name": name, "kind": kind, "country": country, "dob": dob}
        query = query_from_row(row, identifiers)
        if isinstance(query, str):
            raise InputError(query)
        result = _screener(lists_dir).screen(query)
        _print_result(result, fmt)
        if fail_on and _BAND_ORDER[result.status] >= _BAND_ORDER[fail_on]:
            sys.exit(_EXIT_FOUND)
        return
    assert input_path is not None
    if changed_since is not None or previous_path is not None:
        _rescreen(input_path, output_path, output_format, resume, fail_on, changed_since,
                  lists_dir, previous_path, workers)  # fmt: skip
        return
    if resume and output_path == "-":
        raise click.UsageError("--resume needs an --output FILE")
    if resume:  # appended to in place: it must be the file a stopped run left, no link
        refuse_special(output_path)
    with open_input(input_path) as source:
        rows = raw_rows(source)  # a bad header fails here
        # every record kept must be that of its input row, checked before the file is touched
        done, rows = resume_output(output_path, output_format, rows) if resume else (NOTHING, rows)
        # the CLI's process runs no other thread: its workers fork (where the platform can)
        fork: StartMethod | None = (
            "fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        render = RENDERERS[output_format]
        chunks = screen_rendered(_screener(lists_dir), rows, render, workers=workers,
                                 start_method=fork)  # fmt: skip
        show = progress if progress is not None else sys.stderr.isatty()
        total = _count_lines(input_path) if show else None
        with contextlib.closing(chunks):
            tally = _write_output(chunks, output_path, output_format, _Bar(show, total), done)
    failed = bool(fail_on) and (
        tally["error"] > 0 or any(tally[b] for b in _BAND_ORDER if _at_least(b, fail_on))
    )
    if tally["error"] or fail_on or progress:
        click.echo(_summary(tally, fail_on, failed), err=True)
    if failed:
        sys.exit(_EXIT_FOUND)


def _rescreen(
    input_path: str, output_path: str, output_format: str, resume: bool, fail_on: str | None,
    changed_since: str | None, lists_dir: str | None, previous_path: str | None, workers: int,
) -> None:
    from pricing_engine.cli._rescreen import run_rescreen

    if changed_since is None:
        raise click.UsageError("--previous goes with --changed-since")
    if fail_on or output_format != "jsonl":
        raise click.UsageError("--changed-since writes JSONL, without --fail-on")
    run_rescreen(input_path, output_path, old_dir=changed_since, lists_dir=lists_dir,
                 previous_path=previous_path, workers=workers, resume=resume)  # fmt: skip


def _screener(lists_dir: str | None) -> Screener:
    from pricing_engine import gc_paused
    from pricing_engine.screening.bundle import resolve_lists

    with gc_paused():  # the CLI owns its process: no GC passes while the index is built
        screener = resolve_lists(lists_dir).screener()  # the same lists as check and lists
    Screener.freeze_gc()  # the CLI owns its process: keep GC passes off the index
    return screener


def _at_least(band: str, floor: str | None) -> bool:
    return floor is not None and _BAND_ORDER[band] >= _BAND_ORDER[floor]


def _summary(tally: Counter[str], fail_on: str | None, failed: bool) -> str:
    rows = sum(tally.values())
    counts = ", ".join(f"{tally[b]} {b}" for b in ("hit", "review", "clear"))
    line = f"screened {rows} rows: {counts}; {tally['error']} error records (no status)"
    if fail_on:
        line += f"; --fail-on {fail_on}: {'exit 3' if failed else 'passed'}"
    return line


def _print_result(result: ScreeningResult, fmt: str) -> None:
    if fmt == "json":
        click.echo(result.model_dump_json(indent=2))
        return
    from rich.table import Table
    from rich.text import Text

    # text from the query and the lists is printed as Text, never read as rich markup
    console = stdout_console()
    console.print(Text.assemble("query: ", result.query.name))
    console.print(f"status: [bold]{result.status}[/bold] ({len(result.matches)} match(es))")
    if not result.matches:
        return
    table = Table(show_lines=True)
    for column in ("band", "score", "list", "entry", "name (matched)", "why"):
        table.add_column(column)
    for match in result.matches:
        cells = (match.band, f"{match.score:.3f}", match.list, match.entry_id,
                 _names(match), _why(match))  # fmt: skip
        table.add_row(*(Text(cell) for cell in cells))
    console.print(table)


def _names(match: Match) -> str:
    if match.matched_name == match.name:
        return match.name
    weak = " (weak alias)" if match.weak_alias else " (alias)"
    return f"{match.name}\n= {match.matched_name}{weak}"


def _why(match: Match) -> str:
    pairs = ", ".join(
        p.query if p.query == p.listed else f"{p.query}~{p.listed} {p.similarity:.2f}"
        for p in match.token_pairs
    )
    features = ", ".join(f"{f.name} {f.contribution:+.2f}" for f in match.features)
    return f"{pairs}\n{features}"


Chunks = Iterator[list[tuple[str, str]]]


def _write_output(
    chunks: Chunks, path: str, fmt: str, bar: _Bar, done: Completed
) -> Counter[str]:
    """Write every chunk of records to ``path``; return the count of each status.

    Stopped by a signal, the complete records written stay and the process exits 128 + the
    signal's number with a last line naming the row; any other failure leaves no file (the
    previous one, or with --resume the records it had).
    """
    sink = _Sink(done)
    try:
        if path == "-":
            sink.write_all(chunks, sys.stdout, fmt, bar)
        elif done.rows:
            with open(path, "r+b") as raw:
                check_unchanged(raw.fileno(), done, path)  # the file whose records were checked
                raw.truncate(done.end)  # a record cut short at the end
                raw.seek(done.end)
                try:
                    with io.TextIOWrapper(raw, encoding="utf-8", newline="") as out:
                        sink.write_all(chunks, out, fmt, bar)
                except OSError:  # keep only the complete records written
                    with contextlib.suppress(OSError):
                        raw.truncate(done.end + sink.written)
                    raise
        else:
            # stopped, the records written so far are kept (the block ends cleanly)
            with atomic_write(path, encoding="utf-8", newline="") as out, contextlib.suppress(
                Stopped
            ):
                sink.write_all(chunks, out, fmt, bar)
    except (InputError, OutputPathError, BrokenPipeError):
        raise
    except OSError as exc:  # reading the input raises InputError: this is the output
        where = "standard output" if path == "-" else path
        raise InputError(f"{where}: cannot write: {exc.strerror or exc}") from None
    except Stopped as stop:
        sink.stopped = stop
    if sink.stopped is not None:
        _stopped(sink.stopped, sink.rows, path)
    return sink.tally


def _stopped(stop: Stopped, rows: int, path: str) -> None:
    where = "standard output" if path == "-" else path
    resume = "" if path == "-" else f"; --resume continues from row {rows + 1}"
    click.echo(
        f"pricing-engine: stopped by {stop} after row {rows}: {where} holds the records of "
        f"rows 1 to {rows}{resume}",
        err=True,
    )
    sys.exit(128 + stop.signum)


class _Sink:
    """Writes chunks of rendered records, whole: a signal is acted on between chunks."""

    def __init__(self, done: Completed) -> None:
        self.rows, self.tally = done.rows, Counter(done.tally)
        self.written = 0  # bytes of the complete records written by this run
        self.stopped: Stopped | None = None

    def write_all(self, chunks: Chunks, out: IO[str], fmt: str, bar: _Bar) -> None:
        try:
            with bar as advance:
                with signals_held():
                    if fmt == "csv" and not self.rows:
                        out.write(_csv_header())
                    advance(self.rows)
                for chunk in chunks:
                    with signals_held():
                        text = "".join(text for _, text in chunk)
                        out.write(text)
                        out.flush()
                        self.written += len(text.encode("utf-8"))
                        self.rows += len(chunk)
                        self.tally.update(status for status, _ in chunk)
                        advance(len(chunk))
        except Stopped as stop:
            self.stopped = stop
            raise


def _csv_header() -> str:
    return ",".join(CSV_COLUMNS) + "\r\n"


def _count_lines(path: str) -> int | None:
    if path == "-" or not Path(path).is_file():  # a device or a FIFO: no total, no 2nd read
        return None
    with open(path, "rb") as handle:
        return max(sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")), 1)


class _Bar:
    """A rich progress bar on stderr, or nothing; ``advance(n)`` counts n more rows.

    It refreshes from the caller's thread (no refresh thread), so that the worker processes
    screen_many forks never copy a thread that may hold the console's lock.
    """

    def __init__(self, show: bool, total: int | None) -> None:
        self.show, self.total = show, total
        self.bar: Any = None
        self.shown_at = 0.0

    def __enter__(self) -> Callable[[int], None]:
        if not self.show:
            return lambda rows: None
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), auto_refresh=False)
        self.bar.start()
        task = self.bar.add_task("screening", total=self.total)

        def advance(rows: int) -> None:
            self.bar.advance(task, rows)
            now = time.monotonic()
            if now - self.shown_at > 0.1:
                self.shown_at = now
                self.bar.refresh()

        return advance

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
