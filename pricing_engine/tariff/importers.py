"""The registry of import formats (format name -> reader), and the table an import writes.

``us-ch99`` reads the Chapter 99 U.S. notes (:mod:`pricing_engine.tariff.us_chapter99`) into
two tables beside the US MFN table: the Section 301 duties (China, Nicaragua) in
``tariffs/US.chapter99.yaml`` (see :data:`pricing_engine.tariff.table.PARTS`) and the
Section 232 duties (metals, wood, trucks, vehicles and their parts, semiconductors) in
``tariffs/US.section232.yaml``, written together by one import (one table would be over the
size a rule file may have); ``us-s122`` reads the same notes' Section 122 surcharge (note
2(aa), :mod:`pricing_engine.tariff.us_section122`) into ``tariffs/US.section122.yaml``, and
``us-ieepa`` the IEEPA duties by country (note 2(v), (x), (z),
:mod:`pricing_engine.tariff.us_ieepa`) into ``tariffs/US.ieepa.yaml``.

:func:`import_tariff` is the file as read; :func:`import_table` is the table ``pricing-engine
tariff import`` and bench/regen_tariffs.py write (one path for both): each MFN line whose rate
text did not parse becomes a ``not_covered`` entry, and a table on HS2017-based codes (CN2020)
is carried over to HS2022 with the bundled UN correlations
(:func:`pricing_engine.tariff.concordance.to_hs2022`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import cast

from pricing_engine.hs_editions import CORRELATIONS
from pricing_engine.rules.model import AdditionalEntry, MfnEntry, TariffFile, TariffImport
from pricing_engine.tariff.carry_back import carry_back, carry_back_preferences, earliest
from pricing_engine.tariff.concordance import BROAD, read_correlations, to_hs2022
from pricing_engine.tariff.table import ImportResult, Problem
from pricing_engine.tariff.ukgt import COLUMNS, import_ukgt
from pricing_engine.tariff.us_chapter99 import (
    Chapter99Import,
    import_chapter99,
    import_ieepa,
    import_section122,
)
from pricing_engine.tariff.us_hts import import_us_hts

__all__ = [
    "FORMATS", "MIN_SHARE", "SECTION232", "bundled_correlations", "chapter99_table", "import_table",
    "import_tariff",
    "import_us_ch99", "import_us_ieepa", "import_us_s122", "not_covered_entries",
]

Reader = Callable[..., ImportResult]


def import_us_ch99(path: Path, fmt: str = "us-ch99", *,
                   effective: date | None = None) -> ImportResult:
    """The Section 301 and 232 tables of the Chapter 99 notes at ``path`` as US tariff tables:
    the Section 232 entries (names starting ``Section 232``) in the table of part
    :data:`SECTION232` (``US.section232.yaml``), the others in ``US.chapter99.yaml``.

    ``imported.lines`` counts the national lines written; ``parsed`` equals it when the notes
    raised no problem and is 0 otherwise, so that an import with a problem (a rate the notes
    changed, a list that cannot be read) exits 1 like a tariff under the parse share.
    """
    read = import_chapter99(path, fmt, effective=effective)
    section301, section232 = _split(read, lambda entry: entry.name.startswith("Section 232"))
    return ImportResult(chapter99_table(section301, fmt), read.problems, read.summary,
                        more=((SECTION232, chapter99_table(section232, fmt)),))


def _split(read: Chapter99Import, which: Callable[[AdditionalEntry], bool]
           ) -> tuple[Chapter99Import, Chapter99Import]:
    """``read`` as two: the entries ``which`` leaves out, and those it takes, each with the
    sources its entries cite (all of them for a part without entries: a table says where its
    figures come from even when a revision has none, and is written, so that it replaces an
    earlier import's)."""
    def part(entries: tuple[AdditionalEntry, ...]) -> Chapter99Import:
        cited = {e.source for e in entries}
        return replace(read, additional=entries, sources=tuple(
            s for s in read.sources if s.id in cited) or read.sources)
    return (part(tuple(e for e in read.additional if not which(e))),
            part(tuple(e for e in read.additional if which(e))))


def import_us_s122(path: Path, fmt: str = "us-s122", *,
                   effective: date | None = None) -> ImportResult:
    """The Section 122 surcharge table of the Chapter 99 notes at ``path`` (note 2(aa)), as a
    US tariff table written beside the Section 301 / 232 one (``US.section122.yaml``)."""
    read = import_section122(path, fmt, effective=effective)
    return ImportResult(chapter99_table(read, fmt), read.problems, read.summary)


def import_us_ieepa(path: Path, fmt: str = "us-ieepa", *,
                    effective: date | None = None) -> ImportResult:
    """The IEEPA duties of the Chapter 99 notes at ``path`` (note 2(v), (x), (z) and their
    headings), as a US tariff table written beside the others (``US.ieepa.yaml``)."""
    read = import_ieepa(path, fmt, effective=effective)
    return ImportResult(chapter99_table(read, fmt), read.problems, read.summary)


def chapter99_table(read: Chapter99Import, fmt: str = "us-ch99") -> TariffFile:
    """The additional-duty table of notes as read, as the rule file the import writes."""
    lines = len({e.hs for e in read.additional})
    return TariffFile(
        tariff="US", as_of=read.as_of, sources=read.sources, additional=read.additional,
        imported=TariffImport(format=fmt, file=read.file, sha256=read.sha256, lines=lines,
                              parsed=0 if read.problems else lines))

#: The part of the file name of the Section 232 table ``us-ch99`` writes beside its own.
SECTION232 = "section232"
#: Format name -> reader; every reader takes (path, format, *, effective).
FORMATS: dict[str, Reader] = {
    "eu-cet": import_ukgt,
    "uk-gt-csv": import_ukgt,
    "us-ch99": import_us_ch99,
    "us-ieepa": import_us_ieepa,
    "us-s122": import_us_s122,
    "us-hts-csv": import_us_hts,
    "us-hts-json": import_us_hts,
}

#: The share of a file's MFN rate texts that must parse for an import to pass.
MIN_SHARE = Decimal("0.995")


#: The columns whose rate text is a line's MFN duty (a problem there leaves the line unpriced).
_MFN_COLUMNS = frozenset({"general", *(column for column, _, _ in COLUMNS.values())})
#: Nomenclatures built on HS2017, carried over to HS2022 by :func:`import_table`.
_HS2017_BASED = frozenset({"CN2020"})


def import_tariff(fmt: str, path: Path, *, effective: date | None = None) -> ImportResult:
    """Read ``path`` as ``fmt`` (one of :data:`FORMATS`): the file as read, the lines whose
    rate text did not parse left out (:func:`import_table` is the table to write)."""
    return FORMATS[fmt](path, fmt, effective=effective)


def bundled_correlations() -> dict[str, frozenset[str]]:
    """The UN HS2022-HS2017 correlations shipped in ``pricing_engine/tariffdata`` (its
    SOURCES.md says where they come from)."""
    found = resources.files("pricing_engine").joinpath(*CORRELATIONS)
    return read_correlations(Path(str(found)))


def not_covered_entries(table: TariffFile, problems: Iterable[Problem]) -> list[MfnEntry]:
    """A ``not_covered`` entry for each line whose MFN rate text did not parse (none is
    written), so that its code fails closed rather than falling back to a shorter prefix."""
    written = {e.hs for e in table.mfn}
    out: dict[str, MfnEntry] = {}
    for p in problems:
        if p.column not in _MFN_COLUMNS or p.hs in written or p.hs in out:
            continue
        # as printed, on one line, without the characters the table would have to escape
        text = " ".join(p.text.replace('"', "'").replace("\\", "/").split())
        out[p.hs] = MfnEntry(hs=p.hs, not_covered=f"the published rate '{text}' is not "
                             f"priced by the rules: {p.reason}")
    return list(out.values())


def import_table(fmt: str, path: Path, *, effective: date | None = None,
                 correlations: Mapping[str, frozenset[str]] | None = None,
                 earlier: Sequence[tuple[Path, date | None]] = ()) -> ImportResult:
    """The table ``tariff import`` writes for ``path`` read as ``fmt``.

    The file as read (:func:`import_tariff`), with a ``not_covered`` entry for each line whose
    MFN rate text did not parse; a table on HS2017-based codes is then carried over to HS2022
    with ``correlations`` (default: :func:`bundled_correlations`), a new code taking the duty
    of its old lines where they agree and otherwise a ``split`` entry naming them (none where
    one of its old codes has no line in the file). With
    ``earlier`` editions of the same schedule (file, effective date unless known from the
    file), the MFN lines they all charge alike are dated from the earliest
    (:func:`~pricing_engine.tariff.carry_back.carry_back`), and so are the preferences they
    all give alike; the others are ``not_covered`` on the days between
    (:func:`~pricing_engine.tariff.carry_back.carry_back_preferences`). The problems are the
    reader's; ``summary`` adds the counts of these steps.
    """
    result = _import_table(fmt, path, effective=effective, correlations=correlations)
    if not earlier:
        return result
    olds = [_import_table(fmt, old, effective=day, correlations=correlations)
            for old, day in earlier]
    editions = [old.table for old in olds]
    table, moved = carry_back(result.table, editions)
    summary = {**result.summary,
               f"MFN entries dated from the earlier editions ({len(editions)})": moved}
    if table.valid_from is not None and table.preferential:
        prefs, dated, gaps = carry_back_preferences(
            table.preferential, [e.preferential for e in editions],
            since=earliest([e.valid_from for e in editions], table.valid_from),
            start=table.valid_from)
        table = table.model_copy(update={"preferential": tuple(prefs)})
        summary[f"preferential entries dated from the earlier editions ({len(editions)})"] = \
            dated
        summary["preferences the earlier editions give otherwise (not_covered on their days)"] = \
            gaps
    more = []
    for name, extra in result.more:  # withheld lines (US column 2): against the editions'
        theirs = [dict(old.more).get(name) for old in olds]
        if extra.withheld and None not in theirs:  # else the lines keep the table's date
            extra, moved = carry_back(extra, cast(list[TariffFile], theirs), part="withheld")
            summary[f"{name} lines dated from the earlier editions ({len(editions)})"] = moved
        more.append((name, extra))
    return replace(result, table=table, summary=summary, more=tuple(more))


def _import_table(fmt: str, path: Path, *, effective: date | None,
                  correlations: Mapping[str, frozenset[str]] | None) -> ImportResult:
    """:func:`import_table` of one edition."""
    result = import_tariff(fmt, path, effective=effective)
    table, summary = result.table, dict(result.summary)
    blocked = not_covered_entries(table, result.problems)
    if blocked:
        table = table.model_copy(update={"mfn": (*table.mfn, *blocked)})
    if table.mfn or blocked:
        summary["not_covered entries (unparsed lines: lookups fail closed)"] = len(blocked)
    if table.imported is not None and table.imported.nomenclature in _HS2017_BASED:
        # the unparsed lines are not_covered entries by now: a new code carved from one of
        # them is a split naming it, never given its siblings' duty
        mapped = to_hs2022(table, bundled_correlations() if correlations is None
                           else correlations)
        table = mapped.table
        summary["HS2022 subheadings carried over (HS2017 lines of one duty)"] = \
            len(mapped.added)
        kept = sum(split.kept for split in mapped.splits)
        summary["HS2022 split entries (HS2017 lines of different duties)"] = \
            len(mapped.splits) - kept
        summary["HS2022 kept codes that took goods of other duties (split entries)"] = kept
        summary[f"HS2022 kept codes correlated with more than {BROAD} others (not split)"] = \
            len(mapped.broad)
        summary["HS2022 subheadings with no table line under their HS2017 codes"] = \
            len(mapped.uncovered)
        summary["HS2022 subheadings with no table line under some of their HS2017 codes "
                "(left out)"] = len(mapped.partial)
        if mapped.unknown_kept:
            summary["HS2022 kept codes with goods of an HS2017 subheading the file has no "
                    "line of (not covered)"] = len(mapped.unknown_kept)
    return replace(result, table=table, summary=summary)
