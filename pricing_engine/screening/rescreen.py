"""Delta re-screening: the parties whose status a list update changed, with old and new status.

After an update only the changed entries can change a result. :class:`ListChanges` holds a
small screener over the entries added or changed (for matching) in the new version and the
entries removed or changed in the old version. A party that matches none of them keeps its
status and is not screened again; one that matches any is screened again against all the
lists in effect, and its record (:class:`RescreenRecord`) is given when its status changed.
The register must be the one screened before (a party added to it since is not seen unless
it matches a changed entry).

The old status comes from a previous ``screen --input`` output when there is one (matched by
row, its id checked), else from screening the party against the former lists in full (as the
CLI does; only the parties picked are). Given neither, it is worked out: the strongest of the
new result's matches to unchanged entries and of the small screener's matches to the entries
since removed or changed (close to screening against the old lists, but scored in a small
index, and blind to a match below those a result's ``max_matches`` keeps).

What a delta cannot see: a score against an *unchanged* entry can move when the rest of the
index changes (the rarity of words, the cap on candidates per query). Between the 2021-07-07
SDN and the bundled lists, on 20,000 generated parties (bench/bench_rescreen.py --check),
screening everyone twice finds 117 changes: the 78 found here, and 39 at review level only
(38 review -> clear, 1 clear -> review). A full re-screen now and then covers those.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import IO, Any, TypedDict, Unpack

from pydantic import BaseModel, ConfigDict, Field

from pricing_engine import _jsonsafe as jsonsafe
from pricing_engine.contract import SCHEMA_VERSION, SchemaVersion
from pricing_engine.errors import InputError
from pricing_engine.screening.batch import Row, query_from_row
from pricing_engine.screening.batch_input import RawRow
from pricing_engine.screening.batch_pool import map_chunks
from pricing_engine.screening.diff import ListDiff, diff_lists
from pricing_engine.screening.model import Entity, SanctionsList
from pricing_engine.screening.result import (
    Band,
    Match,
    ScreeningConfig,
    ScreeningQuery,
    ScreeningResult,
)
from pricing_engine.screening.screener import Screener, StartMethod

__all__ = ["FORMER", "MAX_PREVIOUS_CHARS", "MAX_PREVIOUS_LINE", "ListChanges", "RescreenChunk",
           "RescreenOptions", "RescreenRecord", "former_lists", "read_previous", "rescreen",
           "rescreen_chunks", "split_matches"]

_ORDER: dict[str, int] = {"clear": 0, "review": 1, "hit": 2}
#: The longest line of previous results read (a record is some hundreds of characters).
MAX_PREVIOUS_LINE = 1 << 20
#: The most characters of previous results read: they are held in memory, one entry a row.
MAX_PREVIOUS_CHARS = 1 << 30
#: Appended to a list's id for the old version's entries in :attr:`ListChanges.delta`.
FORMER = " (former version)"


class RescreenRecord(BaseModel):
    """The shape of one output record of a delta re-screen (JSONL): a party whose status changed.

    :func:`rescreen` writes it as plain dicts; this model documents it and gives its schema.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: SchemaVersion
    id: Any = Field(description="the input record's id, as given (null without one)")
    row: int = Field(description="the record's number in the input, from 1")
    line: int | None = Field(default=None, description="the input line it starts on, from 1")
    old_status: Band = Field(description="the status against the former lists")
    new_status: Band = Field(description="the status against the lists in effect")
    matches: tuple[Match, ...] = Field(description="the matches against the lists in effect, "
                                       "best first, as screen --input gives them")
    stale_matches: tuple[Match, ...] = Field(description="the former lists' matches to entries "
                                             "removed or changed since, best first")


@dataclass(frozen=True, slots=True)
class ListChanges:
    """What changed between two versions of the lists, with a small screener over the changes.

    ``delta`` screens against the new version's added and changed entries and the old
    version's removed and changed ones; the latter under their list's id with
    :data:`FORMER` appended, so that one query finds both (:func:`split_matches`).
    """

    diffs: tuple[ListDiff, ...]
    delta: Screener | None  # None when nothing changed that the matcher reads
    added_keys: frozenset[tuple[str, str]]  # (list, entry id) of the new version's entries

    @classmethod
    def between(
        cls,
        old: Sequence[SanctionsList],
        new: Sequence[SanctionsList],
        *,
        complete: bool = True,
        config: ScreeningConfig | None = None,
    ) -> ListChanges:
        """Compare ``old`` with ``new`` list by list (matched by list id).

        A list only in ``old`` was removed whole. A list only in ``new`` was added whole when
        ``old`` is ``complete`` (a whole lists directory), else it is taken as unchanged.
        """
        before = {lst.info.list_id: lst for lst in old}
        after = {lst.info.list_id: lst for lst in new}
        ids = [*before, *(i for i in after if i not in before and complete)]
        diffs = tuple(
            diff_lists(before.get(i) or _empty(after[i]), after.get(i) or _empty(before[i]))
            for i in ids
        )
        small: list[SanctionsList] = []
        for d in diffs:
            stale = (*d.removed, *(c.old for c in d.changed if c.affects_matching))
            small += [_part(after, d.new_list, d.rescreen_entities(), ""),
                      _part(before, d.old_list, stale, FORMER)]  # fmt: skip
        small = [lst for lst in small if lst.entities]
        keys = frozenset((d.new_list, e.entry_id) for d in diffs for e in d.rescreen_entities())
        delta = Screener.from_lists(small, config=config, cache=False) if small else None
        return cls(diffs, delta, keys)

    def touches(self, query: ScreeningQuery) -> tuple[tuple[Match, ...], tuple[Match, ...]]:
        """Return a query's matches to the changed entries: (new version's, old version's)."""
        return split_matches(self.delta, query) if self.delta is not None else ((), ())

    def old_status(self, result: ScreeningResult, stale: tuple[Match, ...]) -> Band:
        """Work out a party's status against the old lists from its new result and ``stale``."""
        kept = [m.band for m in result.matches if (m.list, m.entry_id) not in self.added_keys]
        bands = [*kept, *(m.band for m in stale)]
        status: Band = max(bands, key=_ORDER.__getitem__) if bands else "clear"
        return "review" if status == "clear" and result.unread_scripts else status


def split_matches(
    delta: Screener, query: ScreeningQuery
) -> tuple[tuple[Match, ...], tuple[Match, ...]]:
    """Screen against a :attr:`ListChanges.delta`: (new version's matches, old version's)."""
    new: list[Match] = []
    stale: list[Match] = []
    for match in delta.screen(query).matches:
        if match.list.endswith(FORMER):
            stale.append(match.model_copy(update={"list": match.list[: -len(FORMER)]}))
        else:
            new.append(match)
    return tuple(new), tuple(stale)


def _empty(lst: SanctionsList) -> SanctionsList:
    return replace(lst, entities=())


def _part(
    lists: Mapping[str, SanctionsList], list_id: str, entities: tuple[Entity, ...], suffix: str
) -> SanctionsList:
    lst = lists[list_id]
    return replace(lst, info=replace(lst.info, list_id=list_id + suffix), entities=entities)


def read_previous(handle: IO[str]) -> dict[int, tuple[Any, Band | None]]:
    """Read a previous ``screen --input`` JSONL output: row -> (id, status; None for an error).

    A line over :data:`MAX_PREVIOUS_LINE` characters, or a text over
    :data:`MAX_PREVIOUS_CHARS`, raises InputError: a device or a pipe with no end is never
    read past them.
    """
    previous: dict[int, tuple[Any, Band | None]] = {}
    read = 0
    for number in itertools.count(1):
        line = handle.readline(MAX_PREVIOUS_LINE + 1)
        if not line:
            break
        read += len(line)
        if len(line) > MAX_PREVIOUS_LINE or read > MAX_PREVIOUS_CHARS:
            what = (f"longer than {MAX_PREVIOUS_LINE:,} characters"
                    if len(line) > MAX_PREVIOUS_LINE
                    else f"over {MAX_PREVIOUS_CHARS:,} characters in all")
            raise InputError(f"previous results, line {number}: {what}: not screen records")
        if not line.strip():
            continue
        try:
            record = jsonsafe.loads(line)
            row, status = record["row"], record["status"]
            if not isinstance(row, int) or status not in (None, *_ORDER):
                raise ValueError("row or status of an unknown kind")
        except (ValueError, KeyError, TypeError) as exc:
            where = f"previous results, line {number}"
            raise InputError(f"{where}: not a screen record: {exc}") from None
        previous[row] = (record.get("id"), status)
    return previous


class RescreenOptions(TypedDict, total=False):
    """The keyword options of :func:`rescreen` and :func:`rescreen_chunks`."""

    previous: Mapping[int, tuple[Any, Band | None]] | None
    former: Screener | Callable[[], Screener] | None
    workers: int
    start_method: StartMethod | None


def rescreen(
    rows: Iterable[Row | RawRow], changes: ListChanges,
    screener: Screener | Callable[[], Screener], **options: Unpack[RescreenOptions],
) -> Iterator[dict[str, Any]]:
    """Yield a :class:`RescreenRecord` (as a dict) for each row whose status changed, in order.

    ``screener`` screens against all the lists in effect (or builds one, called once, when
    the first party needs it). ``rows`` are those of
    :func:`~pricing_engine.screening.batch.read_rows`, or the raw rows of
    :func:`~pricing_engine.screening.batch_input.raw_rows` (cheaper to send to workers).
    Malformed rows give nothing (they have no status). With
    ``previous`` (:func:`read_previous`), a row it lacks, or holds with another id or as an
    error, raises :class:`~pricing_engine.errors.InputError`: the two files do not match.
    Without ``previous``, ``former`` (a screener over :func:`former_lists`, or a function
    building one, called once when first needed) gives the old status of the parties picked;
    without either it is worked out (see the module docstring). ``workers`` > 1 screens the
    rows against :attr:`ListChanges.delta` in that many worker processes (started as
    :func:`~pricing_engine.screening.batch_pool.map_chunks` starts them); the few parties
    picked are screened again in this process. :func:`rescreen_chunks` gives the same
    records chunk by chunk, with how far the input has been read.
    """
    for chunk in rescreen_chunks(rows, changes, screener, **options):
        yield from chunk.records


@dataclass(frozen=True, slots=True)
class RescreenChunk:
    """The outcome of a chunk of consecutive input rows: up to which row, what was found.

    Every row up to ``last_row`` (its number, from 1) is done: a run stopped after this chunk
    resumes at ``last_row + 1`` (see :mod:`.rescreen_checkpoint`). ``screened`` counts the
    rows of the chunk that matched a changed entry and were screened again in full.
    """

    last_row: int
    screened: int
    records: tuple[dict[str, Any], ...]


def rescreen_chunks(
    rows: Iterable[Row | RawRow],
    changes: ListChanges,
    screener: Screener | Callable[[], Screener],
    *,
    previous: Mapping[int, tuple[Any, Band | None]] | None = None,
    former: Screener | Callable[[], Screener] | None = None,
    workers: int = 1,
    start_method: StartMethod | None = None,
) -> Generator[RescreenChunk, None, None]:
    """Yield a :class:`RescreenChunk` for each chunk of ``rows``, in order (see :func:`rescreen`).

    Nothing is yielded when nothing changed that the matcher reads (no row needs a look).
    """
    if changes.delta is None:
        return
    full: list[Screener] = []
    old_full: list[Screener] = []
    chunks = map_chunks(changes.delta, _touched, rows, workers=workers,
                        start_method=start_method)  # fmt: skip
    for [(last_row, touched)] in chunks:
        records = []
        for row, _new, stale in touched:
            if not full:
                full.append(screener if isinstance(screener, Screener) else screener())
            result = full[0].screen(row.query)
            if previous is not None:
                old = _previous_status(previous, row)
            elif former is not None:
                if not old_full:
                    old_full.append(former if isinstance(former, Screener) else former())
                old = old_full[0].screen(row.query).status
            else:
                old = changes.old_status(result, stale)
            if old != result.status:
                records.append(_record(row, old, result, stale))
        yield RescreenChunk(last_row, len(touched), tuple(records))


_Touched = tuple[Row, tuple[Match, ...], tuple[Match, ...]]


def _touched(delta: Screener, rows: list[Row | RawRow]) -> list[tuple[int, list[_Touched]]]:
    """Return the number of a chunk's last row, and its rows that match a changed entry."""
    out: list[_Touched] = []
    for item in rows:
        row = item if isinstance(item, Row) else _row(item)
        if not isinstance(row.query, str):
            new, stale = split_matches(delta, row.query)
            if new or stale:
                out.append((row, new, stale))
    return [(rows[-1].number, out)]  # one item: map_chunks hands lists back


def _row(raw: RawRow) -> Row:
    """Make a query of a raw row (in a worker: raw rows cost the parent less to send)."""
    query = raw.error if raw.error is not None else query_from_row(raw.cells)
    return Row(raw.number, raw.line, raw.cells.get("id"), query)


def former_lists(
    old: Sequence[SanctionsList], new: Sequence[SanctionsList], *, complete: bool
) -> tuple[SanctionsList, ...]:
    """Return the lists in effect before: ``old``, and (unless ``complete``) the others of ``new``.

    The same reading of a former version as :meth:`ListChanges.between`.
    """
    kept = {lst.info.list_id for lst in old}
    return (*old, *(() if complete else (lst for lst in new if lst.info.list_id not in kept)))


def _previous_status(previous: Mapping[int, tuple[Any, Band | None]], row: Row) -> Band:
    ident, status = previous.get(row.number, (None, None))
    if row.number not in previous or ident != row.ident or status is None:
        raise InputError(
            f"row {row.number} (id {row.ident!r}): the previous results have no status for it "
            "(another input, or an error record there)"
        )
    return status


def _record(row: Row, old: Band, result: ScreeningResult, stale: tuple[Match, ...]) -> dict[
        str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "id": row.ident,
        "row": row.number,
        "line": row.line,
        "old_status": old,
        "new_status": result.status,
        "matches": [m.model_dump(mode="json") for m in result.matches],
        "stale_matches": [m.model_dump(mode="json") for m in stale],
    }
