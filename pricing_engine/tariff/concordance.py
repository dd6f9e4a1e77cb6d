"""Carry a table published on an older HS edition over to HS2022 through the UN concordance.

The UK Global Tariff dataset (and the EU CET column in it) uses CN2020 codes, built on HS2017.
Quotes use HS2022 codes. Where an HS2022 subheading keeps its HS2017 code, the table's lines
under it apply as published. Where it is new (``852410`` was carved out of HS2017 ``901380``
...), the table has no line under it: :func:`to_hs2022` looks up the HS2017 subheadings it
correlates with (UN Statistics Division, HS2022-HS2017 correlation table) and, when every
table line under them charges the same duty, writes that duty for the new subheading, with a
note naming where it comes from; only when the table has lines under every one of them (a
partial file, without one of them, gives no duty to the code: it is left out). When they
charge different duties (or the import could not read one of them) the code does not say
which applies: a ``split`` entry names those lines (:class:`Split`), so that a lookup of the
new code is an error naming them, or prices the dearest with ``ambiguous_hs: highest``; it
never picks one silently.

>>> corr = {"852410": frozenset({"901380"})}
>>> from decimal import Decimal
>>> from pricing_engine.rules.model import MfnEntry, TariffFile
>>> t = TariffFile(tariff="GB", as_of="2021-01-01", sources=[{"id": "t", "title": "T"}],
...                mfn=[MfnEntry(hs="90138020", rate=Decimal("0.02")),
...                     MfnEntry(hs="90138090", rate=Decimal("0.02"))])
>>> mapped = to_hs2022(t, corr, SOURCE)
>>> sorted((e.hs, str(e.rate)) for e in mapped.table.mfn)
[('852410', '0.02'), ('90138020', '0.02'), ('90138090', '0.02')]
>>> t = t.model_copy(update={"mfn": (t.mfn[0], MfnEntry(hs="90138090", rate=Decimal("0.04")))})
>>> [(e.hs, e.split) for e in to_hs2022(t, corr, SOURCE).table.mfn if e.split]
[('852410', ('90138020', '90138090'))]

An HS2022 subheading that keeps its HS2017 code may also have taken goods from other HS2017
subheadings (HS2022 0307 21 took the scallops of other genera from 0307 91; 9114 90 the
springs of 9114 10). Its table lines then are not all of it: where the lines it took charge a
duty its own lines do not, its ``split`` entry names both, so that a code under it that the
table does not list (CN 2022's 0307 21 90), or the subheading itself, names them rather than
taking its own lines' duty. A code that correlates with more than :data:`BROAD` older
subheadings (HS2022 8529 90, which took the parts of flat panel display modules from the parts
subheadings of some 480 headings) took a sliver of each: naming thousands of lines would
tell nothing, so it keeps its own lines, and the summary counts it.

>>> corr = {"911490": frozenset({"911410", "911490"})}
>>> t = TariffFile(tariff="GB", as_of="2021-01-01", sources=[{"id": "t", "title": "T"}],
...                mfn=[MfnEntry(hs="91141000", rate=Decimal("0.037")),
...                     MfnEntry(hs="91149000", rate=Decimal("0.027"))])
>>> [(e.hs, e.split) for e in to_hs2022(t, corr, SOURCE).table.mfn if e.split]
[('911490', ('91149000', '91141000'))]
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from pricing_engine.hs_codes import starting_with
from pricing_engine.hs_editions import parse_correlations
from pricing_engine.rules.fields import Dated, SourceModel
from pricing_engine.rules.model import DutyTerms, MfnEntry, TariffFile
from pricing_engine.tariff._input import TariffFileError, read_text
from pricing_engine.tariff.rates import describe

__all__ = ["BROAD", "SOURCE", "Mapped", "Split", "read_correlations", "to_hs2022"]

#: The correlation table cited by the entries it gives.
SOURCE = SourceModel(
    id="unsd-hs2022-hs2017",
    title="UN Statistics Division, HS2022-HS2017 correlation table (UN terms of use)",
    url="https://unstats.un.org/unsd/classifications/Econ",
)


@dataclass(frozen=True, slots=True)
class Split:
    """An HS2022 subheading whose HS2017 lines charge different duties (or one the import
    could not read): its table entry names those lines (``split``)."""

    hs: str
    hs2017: tuple[str, ...]
    lines: tuple[tuple[str, str], ...]  # (table line, duty) of each candidate
    source: str = "unsd-hs2022-hs2017"
    kept: bool = False  # an HS2017 code kept in HS2022 that took goods from other ones

    def entry(self) -> MfnEntry:
        """The table entry: the new code, the lines it was carved from, the correlation."""
        codes = ", ".join(self.hs2017)
        unread = sum(duty == "unparsed" for _, duty in self.lines)
        why = f"; {unread} not read by the import" if unread else ""
        if self.kept:
            took = ", ".join(code for code in self.hs2017 if code != self.hs)
            note = (f"kept in HS2022 with goods of HS2017 {took}: its lines and theirs, "
                    f"{len(self.lines)} in all, charge different duties{why}")
        else:
            note = (f"new in HS2022, from HS2017 {codes}: their {len(self.lines)} lines charge "
                    f"different duties{why}")
        return MfnEntry(hs=self.hs, split=tuple(code for code, _ in self.lines),
                        source=self.source, note=note)


@dataclass(frozen=True, slots=True)
class Mapped:
    """The table with the HS2022 subheadings it could carry over, and those it could not."""

    table: TariffFile
    added: tuple[str, ...]
    splits: tuple[Split, ...]
    uncovered: tuple[str, ...]  # new codes whose HS2017 codes have no line in the table
    #: the table's entries for them, in ``table.mfn`` too: HS2022 codes of one duty, splits
    entries: tuple[MfnEntry, ...] = ()
    broad: tuple[str, ...] = ()  # kept codes whose many correlations are not applied (BROAD)
    #: new codes some of whose HS2017 codes have no line in the table: left out, as uncovered
    partial: tuple[str, ...] = ()
    #: kept codes that took goods of HS2017 codes with no line in the table: ``not_covered``
    unknown_kept: tuple[str, ...] = ()


def read_correlations(path: Path) -> dict[str, frozenset[str]]:
    """HS2022 subheading -> the HS2017 subheadings it correlates with (``hs2022,hs2017,...``)."""
    text, _ = read_text(path)
    try:
        return parse_correlations(text, path.name)
    except (ValueError, csv.Error) as exc:
        raise TariffFileError(str(exc)) from None


#: A kept code correlating with more older subheadings than this took a sliver of each.
BROAD = 10

#: The fields of an entry that say what it charges (every DutyTerms field but the dating).
_TERMS = tuple(name for name in DutyTerms.model_fields if name not in Dated.model_fields)


def _terms(entry: DutyTerms) -> tuple[object, ...]:
    return tuple(getattr(entry, name) for name in _TERMS)


def _priced(entry: MfnEntry) -> bool:
    """Whether an entry gives a duty (not a not_covered or split entry)."""
    return entry.not_covered is None and entry.split is None


def to_hs2022(table: TariffFile, correlations: Mapping[str, frozenset[str]],
              source: SourceModel = SOURCE, *, unknown: Collection[str] = ()) -> Mapped:
    """Add an entry for each HS2022 subheading without lines whose HS2017 lines agree.

    A new code takes a duty only when the table has lines under every HS2017 subheading it
    correlates with (and under itself, where it is an HS2017 code too: the bundled table
    leaves out some such rows, 9114 90 -> 9114 90): a table that lacks one (a partial or
    truncated file) does not say what the goods of that one pay, so the code is left out
    (``partial``), as is a code with no line under any of them (``uncovered``).

    ``unknown`` are the codes of lines the import could not read (unparsed rate texts; a
    ``not_covered`` entry of the table is one too): an HS2017 subheading with such a line
    under it never gives its duty to a new code, and neither does a line with several dated
    entries (a seasonal duty). A new code whose lines differ gets a ``split`` entry naming
    them (an unread line must then have an entry in the table: the rule check says so). A
    code with lines that took goods of other duties from other HS2017 subheadings gets a
    ``split`` entry naming its lines and theirs (``kept``; none past :data:`BROAD`, none
    where the table gives the subheading one entry of its own); where the table has no line
    under one of those (a partial file), a ``not_covered`` entry instead: what
    its goods pay is not known, and its own lines still price (``unknown_kept``).
    """
    lines: dict[str, list[MfnEntry]] = {}
    for e in table.mfn:
        if _priced(e):
            lines.setdefault(e.hs, []).append(e)
    unknown = {*unknown, *(e.hs for e in table.mfn if not _priced(e))}
    keys = sorted({*lines, *unknown})

    def duty(code: str) -> object:  # an unread or dated line is unlike any other
        return _terms(lines[code][0]) if len(lines.get(code, ())) == 1 else code

    def shown(codes: list[str]) -> tuple[tuple[str, str], ...]:
        return tuple((c, "; ".join(describe(e) for e in lines[c]) if c in lines else "unparsed")
                     for c in codes)

    added: list[MfnEntry] = []
    splits: list[Split] = []
    uncovered: list[str] = []
    partial: list[str] = []
    broad: list[str] = []
    unknown_kept: list[MfnEntry] = []  # kept codes with goods of a subheading not in the file
    older: set[str] = set().union(*correlations.values())  # the HS2017 subheadings
    for hs in sorted(correlations):
        olds = tuple(sorted(correlations[hs]))
        own = starting_with(keys, hs)
        if own:  # kept: did it take goods of other duties from other HS2017 subheadings?
            if hs in own:
                continue  # an entry of the subheading itself is its duty: nothing to name
            under = {old: starting_with(keys, old) for old in olds if old != hs}
            missing = [old for old, codes in under.items() if not codes]
            took = [code for codes in under.values() for code in codes]
            if not missing and {duty(c) for c in took} <= {duty(c) for c in own}:
                continue
            if len(olds) - 1 > BROAD:
                broad.append(hs)
                continue
            if missing:  # goods it took from a subheading the file has no line of
                unknown_kept.append(MfnEntry(hs=hs, source=source.id, not_covered=(
                    f"kept in HS2022 with goods of HS2017 {', '.join(missing)}, of which the "
                    "file has no line: the duty of those goods is not known (its own lines "
                    "price)")))
                continue
            splits.append(Split(hs, olds, shown(own + took), source.id, kept=True))
            continue
        candidates = [code for old in olds for code in starting_with(keys, old)]
        duties = {duty(code) for code in candidates}
        if not candidates:
            uncovered.append(hs)
        elif any(not starting_with(keys, old) for old in (*olds, *sorted({hs} & older))):
            partial.append(hs)  # a source not in the file: its duty is not known, none given
        elif len(duties) > 1 or not isinstance(next(iter(duties)), tuple):
            splits.append(Split(hs, olds, shown(candidates), source.id))
        else:
            first = lines[candidates[0]][0]
            what = table.imported.nomenclature if table.imported else None
            note = (f"HS2022 {hs} from HS2017 {', '.join(olds)}: all {len(candidates)} "
                    f"{what + ' ' if what else ''}lines under them charge this duty")
            added.append(first.model_copy(update={"hs": hs, "source": source.id,
                                                  "note": note}))
    entries = (*added, *unknown_kept, *(split.entry() for split in splits))
    sources = table.sources if source in table.sources else (*table.sources, source)
    mapped = table.model_copy(update={"mfn": (*table.mfn, *entries), "sources": sources})
    return Mapped(TariffFile.model_validate(mapped.model_dump(exclude_unset=True)),
                  tuple(e.hs for e in added), tuple(splits), tuple(uncovered), entries,
                  tuple(broad), tuple(partial), tuple(e.hs for e in unknown_kept))
