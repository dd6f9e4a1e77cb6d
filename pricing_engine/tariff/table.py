"""The tariff table an import builds: a rule file (:class:`~pricing_engine.rules.model.TariffFile`).

The importers build the rule models themselves (:class:`~pricing_engine.rules.model.MfnEntry`,
:class:`~pricing_engine.rules.model.PreferentialEntry`, ...), so the table they write is the
table the rule loader reads, with no second record type to drift from it. A table is written as
``DIR/tariffs/<CODE>.yaml`` (CODE: the country or union whose ``duty.mfn`` it extends), one
flow mapping per entry and line, sorted by HS code, keys in a fixed order and only the keys
the importer set, so that two imports of the same file are byte-identical and a new revision
diffs line by line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pricing_engine._atomic import atomic_write
from pricing_engine.documents import MAX_BYTES
from pricing_engine.rules.model import TERM_NAMES, DutyTerms, MfnEntry, TariffFile
from pricing_engine.tariff._input import TariffFileError
from pricing_engine.tariff.rates import Unparsed, parse_rate, plain

__all__ = [
    "PARTS", "ImportResult", "Problem", "by_subheading", "charges", "date_by_editions",
    "entry", "merge_dated_subheadings", "parse_cell", "render_table", "write_table",
    "write_tables",
]

E = TypeVar("E", bound=DutyTerms)

#: The duty terms a parsed rate text gives an entry.
TERMS = TERM_NAMES

#: The order keys are written in, whatever model they belong to: the table, a source, the
#: import record, an entry and a specific amount each read in this order.
_ORDER = {key: rank for rank, key in enumerate((
    "tariff", "as_of", "checked", "sources", "id", "title", "url", "accessed", "imported",
    "format", "file", "sha256", "lines", "parsed", "nomenclature", "name", "agreement", "origins",
    "hs", "except_origins", "specific", "amount", "currency", "per", "rate", "min", "max",
    "min_rate", "max_rate", "parts", "of", "less_per_degree", "below", "agricultural",
    "max_agricultural", "out_of_quota", "reference", "entry_price", "top_up_to", "excluded",
    "not_covered", "not_priced", "split", "requires", "applies_with_preference",
    "applies_without_preference", "only_for_use", "except_for_use", "not_with", "confidence",
    "valid_from", "valid_to", "source", "note", "mfn", "preferential", "additional", "withheld",
))}
#: The part of the file name a format's table is written under: ``US.chapter99.yaml`` (an
#: import may write more tables beside it, :attr:`ImportResult.more`).
PARTS = {"us-ch99": "chapter99", "us-ieepa": "ieepa", "us-s122": "section122"}
#: The most bytes a rule file may have (the loader's limit, :data:`pricing_engine.documents.
#: MAX_BYTES`): the Chapter 99 notes make three tables so that each stays well under it.
RULE_FILE_LIMIT = MAX_BYTES
#: Keys whose values are codes written bare (``currency: EUR``); any other text is quoted.
_BARE = frozenset({"tariff", "format", "nomenclature", "currency", "per", "requires",
                   "confidence", "origins", "except_origins", "of", "agricultural",
                   "max_agricultural", "only_for_use", "except_for_use"})
#: A bare word YAML reads back as the same text (``NO`` or ``on`` would read as a boolean).
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


@dataclass(frozen=True, slots=True)
class Problem:
    """A rate text (or a row's code) the importer could not use, with the file and row it
    came from."""

    file: str
    row: int
    hs: str
    column: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.hs} {self.column}: {self.reason}: {self.text!r}"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """A table, the problems found building it, and counts worth printing (rows skipped...)."""

    table: TariffFile
    problems: tuple[Problem, ...]
    summary: dict[str, int] = field(default_factory=dict)
    #: Other tables the same import writes beside ``table``, each with the part of its file
    #: name (``us-ch99``: the Section 232 table ``US.section232.yaml``).
    more: tuple[tuple[str, TariffFile], ...] = ()

    @property
    def tables(self) -> tuple[tuple[TariffFile, str | None], ...]:
        """Every table the import writes, with the part of its file name (None: the format's
        own, :data:`PARTS`), as :func:`write_tables` takes them."""
        return ((self.table, None), *((table, part) for part, table in self.more))

    def checked_on(self, day: date) -> ImportResult:
        """The same import with every table's ``checked`` set to ``day``: the day the file was
        confirmed to be the publisher's schedule in force (``tariff import --checked``).

        ``day`` must lie between the tables' revision date (``as_of``) and today: ValueError
        naming which, before anything is written.
        """
        if day > date.today():
            raise ValueError(f"--checked {day}: a day still to come")
        for table, _ in self.tables:
            if day < table.as_of:
                raise ValueError(f"--checked {day} is before the revision's date "
                                 f"{table.as_of}: confirm the file on or after it")

        def checked(table: TariffFile) -> TariffFile:
            return table.model_copy(update={"checked": day})

        return replace(self, table=checked(self.table),
                       more=tuple((part, checked(table)) for part, table in self.more))

    @property
    def counts(self) -> tuple[int, int]:
        """How many of the file's MFN rate texts parsed, and how many it has (over every
        table the import writes but a table of withheld lines: US column 2, whose rates are
        counted in the summary)."""
        imports = [t.imported for t, _ in self.tables if t.imported and not t.withheld]
        return (sum(i.parsed or 0 for i in imports), sum(i.lines or 0 for i in imports))

    @property
    def share(self) -> Decimal:
        """The share of the file's MFN rate texts that parsed (for a file without any: 1, or 0
        where reading it raised a problem, so that such an import is not called complete)."""
        parsed, lines = self.counts
        if not lines:
            return Decimal(0) if self.problems else Decimal(1)
        return Decimal(parsed) / lines


def parse_cell(problems: list[Problem], file: str, row: int, hs: str, column: str,
               text: str, *, bare_percent: bool = False) -> DutyTerms | None:
    """The duty terms of one rate cell, or None with the cell recorded in ``problems``."""
    terms = parse_rate(text, bare_percent=bare_percent, unpriced=True)
    if isinstance(terms, Unparsed):
        problems.append(Problem(file, row, hs, column, text.strip(), terms.reason))
        return None
    return terms


def entry(model: type[E], terms: DutyTerms, **fields: Any) -> E:
    """A table entry of ``model``: ``fields`` (None: not given) with the parsed ``terms``.

    The terms' ``note`` and a ``confidence`` below high (a conditional rate) are kept unless
    ``fields`` gives its own.
    """
    given = {name: getattr(terms, name) for name in TERMS}
    if terms.confidence != "high":
        fields.setdefault("confidence", terms.confidence)
    if fields.get("note") is None:
        fields["note"] = terms.note
    return model.model_validate({k: v for k, v in {**fields, **given}.items() if v is not None})


def charges(line: MfnEntry, *, days: bool = True) -> tuple[tuple[str, str], ...]:
    """What a line charges (its entry without its code and note; without its days too where
    not ``days``), comparable."""
    leave = {"hs", "note"} if days else {"hs", "note", "valid_from", "valid_to"}
    data = line.model_dump(exclude_unset=True, exclude=leave)
    return tuple(sorted((key, repr(value)) for key, value in data.items()))


def by_subheading(lines: Iterable[MfnEntry]) -> list[MfnEntry]:
    """National lines as a table writes them: one six-digit entry for a subheading whose
    lines all charge alike (the first line's, under the six-digit code), else every line, so
    that a six-digit lookup over lines of different duties names them. A line not covered is
    never merged. Sorted by code.

    >>> from decimal import Decimal
    >>> rows = [MfnEntry(hs="61091000", rate=Decimal("0.1")),
    ...         MfnEntry(hs="61099010", rate=Decimal("0.1")),
    ...         MfnEntry(hs="61099090", rate=Decimal("0.05"))]
    >>> [(e.hs, str(e.rate)) for e in by_subheading(rows)]
    [('610910', '0.1'), ('61099010', '0.1'), ('61099090', '0.05')]
    """
    groups: dict[str, list[MfnEntry]] = {}
    for line in sorted(lines, key=lambda e: e.hs):
        groups.setdefault(line.hs[:6], []).append(line)
    out: list[MfnEntry] = []
    for sub, group in groups.items():
        if len({charges(e) for e in group}) == 1 and group[0].not_covered is None:
            out.append(group[0].model_copy(update={"hs": sub}))
        else:
            out += group
    return out


def close_days_before(entries: Sequence[MfnEntry], why: Callable[[date], str], *,
                      start: date | None = None) -> list[MfnEntry]:
    """``entries`` and, for each code first in force later than another code of its
    subheading, a ``not_covered`` entry (saying ``why(first day)``) for the days between.

    Where a line is missing on days its neighbours already price, a lookup of it reads it
    as a code the table does not list and takes the neighbours' duty where they agree, and a
    six-digit lookup takes them for all the subheading's lines: right where the line did not
    exist then, wrong where it is only not known (a line an earlier edition charged
    otherwise, a table that dates each line from its current duty). ``start``: the day of the
    entries without ``valid_from`` (the table's), else they are left out.

    >>> from decimal import Decimal
    >>> lines = [MfnEntry(hs="44209080", rate=Decimal("0.032"), valid_from=date(2025, 1, 1)),
    ...          MfnEntry(hs="44209045", rate=Decimal("0.043"))]
    >>> [(e.hs, e.valid_from, e.valid_to, e.rate) for e in close_days_before(
    ...     lines, lambda day: f"not known before {day}", start=date(2026, 6, 8))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('44209045', datetime.date(2025, 1, 1), datetime.date(2026, 6, 7), None),
     ('44209080', datetime.date(2025, 1, 1), None, Decimal('0.032')),
     ('44209045', None, None, Decimal('0.043'))]
    """
    first: dict[str, date] = {}
    for e in entries:
        day = e.valid_from or start
        if day is not None and e.hs != "*":
            first[e.hs] = min(first.get(e.hs, day), day)
    opens: dict[str, date] = {}
    for code, day in first.items():
        opens[code[:6]] = min(opens.get(code[:6], day), day)
    fills = [MfnEntry(hs=code, not_covered=why(day), valid_from=opens[code[:6]],
                      valid_to=day - timedelta(days=1))
             for code, day in sorted(first.items()) if day > opens[code[:6]]]
    return [*fills, *entries]


def date_by_editions(editions: Sequence[tuple[date, Mapping[str, MfnEntry]]]
                     ) -> dict[str, list[MfnEntry]]:
    """Each code of any of a tariff's ``editions`` (each the day it is in force from and its
    lines; oldest first, the last one the table's own) with its dated entries: each for the
    days from the first edition of a run of consecutive editions that give it alike to the
    day before the next edition that does not (a changed entry, or the code dropped), open
    for the last edition's. A run from the oldest edition carries no ``valid_from`` (the
    table's own day). Days between two editions follow the earlier one: the editions are
    taken to be every day the tariff changed."""
    if not editions:
        return {}
    first = editions[0][0]
    out: dict[str, list[MfnEntry]] = {}
    for code in sorted(set().union(*(lines for _, lines in editions))):
        runs: list[tuple[date, date | None, MfnEntry]] = []
        for index, (day, lines) in enumerate(editions):
            line = lines.get(code)
            if line is None:
                continue
            ends = editions[index + 1][0] - timedelta(days=1) \
                if index + 1 < len(editions) else None
            if runs and runs[-1][1] == day - timedelta(days=1) \
                    and charges(runs[-1][2]) == charges(line):
                runs[-1] = (runs[-1][0], ends, runs[-1][2])
            else:
                runs.append((day, ends, line))
        out[code] = [line.model_copy(update={
            **({"valid_from": start} if start != first else {}),
            **({"valid_to": end} if end is not None else {})}) for start, end, line in runs]
    return out


def _every_day(entries: Iterable[MfnEntry]) -> bool:
    """Whether the entries' days, taken together, run from the table's first (an entry
    without ``valid_from``) without a gap and without end."""
    covered: date | None = None  # the last day covered so far
    for index, line in enumerate(sorted(entries, key=lambda e: e.valid_from or date.min)):
        start = line.valid_from
        if index == 0 and start is not None:
            return False
        if start is not None and covered is not None and start > covered + timedelta(days=1):
            return False
        if line.valid_to is None:
            return True
        covered = line.valid_to if covered is None else max(covered, line.valid_to)
    return False


def merge_dated_subheadings(lines: Mapping[str, Sequence[MfnEntry]]
                            ) -> dict[str, list[MfnEntry]]:
    """Dated lines (:func:`date_by_editions`) with a subheading written once under its
    six-digit code where its lines charge alike on every day they have (none of them not
    covered), every day from the table's first without end: codes renumbered, the duty kept.
    :func:`by_subheading` merges only lines of one undated entry each; a subheading of such
    lines is left to it."""
    groups: dict[str, list[str]] = {}
    for code in lines:
        groups.setdefault(code[:6], []).append(code)
    out: dict[str, list[MfnEntry]] = {}
    for sub, codes in groups.items():
        entries = [e for c in codes for e in lines[c]]
        dated = any(e.valid_from or e.valid_to for e in entries)
        if dated and len({charges(e, days=False) for e in entries}) == 1 \
                and entries[0].not_covered is None and _every_day(entries):
            out[sub] = [MfnEntry.model_validate(entries[0].model_dump(
                exclude_unset=True, exclude={"valid_from", "valid_to"}) | {"hs": sub})]
        else:
            out.update((c, list(lines[c])) for c in codes)
    return out


def _scalar(key: str, value: Any) -> str:
    if isinstance(value, Decimal):
        return json.dumps(plain(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        bare = key in _BARE and _WORD.fullmatch(value) and value.lower() not in _YAML_WORDS
        return value if bare else json.dumps(value, ensure_ascii=False)
    return str(value)


def _flow(key: str, value: Any) -> str:
    """``value`` as YAML flow: a mapping's keys in :data:`_ORDER`, a list of scalars in ``[]``.

    One specific amount is written as a mapping, several as a list of them; one use a quote
    line declares as a word, several as a list.
    """
    if key in ("specific", "except_for_use") and isinstance(value, tuple | list) \
            and len(value) == 1:
        value = value[0]
    if isinstance(value, dict):  # None is every optional key's default: not written
        items = sorted(((k, v) for k, v in value.items() if v is not None),
                       key=lambda kv: _ORDER[kv[0]])
        return "{" + ", ".join(f"{k}: {_flow(k, v)}" for k, v in items) + "}"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_flow(key, v) for v in value) + "]"
    return _scalar(key, value)


def render_table(table: TariffFile, made_by: str | None = None) -> str:
    """The table's YAML text: deterministic, entries sorted by HS code, one per line; an
    entry's ``confidence`` only where it differs from the table's.

    ``made_by`` names what wrote it when not ``pricing-engine tariff import`` (a
    regeneration script of bench/ reading a file no import format reads), for the header.
    """
    data = table.model_dump(exclude_unset=True)
    # the table's default is not repeated
    for part in ("mfn", "preferential", "additional", "withheld"):
        for item in data.get(part, ()):
            if item.get("confidence") == table.confidence:
                del item["confidence"]
            if item.get("except_origins") == ():  # nor the format's: no origin left out
                del item["except_origins"]
    data["mfn"] = sorted(data.get("mfn", ()), key=lambda e: e["hs"])
    if "withheld" in data:
        data["withheld"] = sorted(data["withheld"], key=lambda e: e["hs"])
    data["preferential"] = sorted(data.get("preferential", ()),
                                  key=lambda e: (e["hs"], e["agreement"], e["origins"]))
    if "additional" in data:  # a timeline per (name, hs) stays in date order
        data["additional"] = sorted(data["additional"], key=lambda e: (
            e["hs"], e["name"], e.get("origins") or (), e.get("valid_from") or date.min))
    how = f" {table.imported.format}" if table.imported else ""
    lines = ["# yaml-language-server: $schema=../schema/rules.schema.json"]
    if made_by is None:
        lines += [
            f"# Written by `pricing-engine tariff import{how}`: do not edit by hand;",
            "# re-import the published file instead (hand-curated entries live in their own "
            "layer).",
        ]
    else:
        lines += [f"# Generated by {made_by}: do not edit by hand;",
                  "# regenerate it instead (see rules/SOURCES.md)."]
    for key, value in sorted(data.items(), key=lambda kv: _ORDER[kv[0]]):
        if isinstance(value, tuple | list):  # a list of mappings: one per line
            lines.append(f"{key}:" if value else f"{key}: []")
            lines += [f"  - {_flow(key, item)}" for item in value]
        else:
            lines.append(f"{key}: {_flow(key, value)}")
    return "\n".join(lines) + "\n"


def write_table(table: TariffFile, out_dir: Path, made_by: str | None = None, *,
                part: str | None = None) -> Path:
    """Write ``out_dir/tariffs/<CODE>.yaml`` whole or not at all; return its path.

    A format of :data:`PARTS` writes ``<CODE>.<part>.yaml`` instead (the Section 301 table
    ``US.chapter99.yaml``), a table the loader reads beside the country's ``<CODE>.yaml``;
    ``part`` names another. ``made_by``: as for :func:`render_table`. A table over
    :data:`RULE_FILE_LIMIT` bytes, which the loader would refuse, raises TariffFileError and
    nothing is written.
    """
    return write_tables([(table, part)], out_dir, made_by)[0]


def write_tables(tables: Iterable[tuple[TariffFile, str | None]], out_dir: Path,
                 made_by: str | None = None) -> list[Path]:
    """Write each table (with its part, as :func:`write_table`) under ``out_dir``: all of them,
    or none where one is over :data:`RULE_FILE_LIMIT` bytes (TariffFileError)."""
    rendered = []
    for table, part in tables:
        part = part or (PARTS.get(table.imported.format) if table.imported else None)
        target = out_dir / "tariffs" / f"{table.tariff}{'.' + part if part else ''}.yaml"
        text = render_table(table, made_by)
        size = len(text.encode("utf-8"))
        if size > RULE_FILE_LIMIT:  # the loader would refuse the file: say so, write nothing
            raise TariffFileError(f"{target}: the table would be {size:,} bytes, over the "
                                  f"{RULE_FILE_LIMIT:,}-byte limit of a rule file, which the "
                                  "loader refuses: nothing written (the import needs "
                                  "splitting into parts, see PARTS)")
        rendered.append((target, text))
    for target, text in rendered:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(target) as handle:
            handle.write(text)
    return [target for target, _ in rendered]
