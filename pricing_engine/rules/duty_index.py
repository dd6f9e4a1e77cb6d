"""A country's duty indexes and the entries one HS code meets in them.

The compiled MFN, preference and additional-duty entries are indexed by HS prefix (compile.py);
:class:`DutyIndex` gathers, once per code looked up, the entries of each of its prefixes and
of the national lines under it (:class:`CodeEntries`), the first step of every duty lookup
(duty_mfn.py decides the MFN duty from them, duty_lookup.py the rest). The country's rules
(:class:`~pricing_engine.rules.country.CountryRules`) are a DutyIndex: the attributes
declared here are its fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, TypeVar, cast

from pricing_engine.hs_codes import starting_with
from pricing_engine.rules.chapters import ChapterIndex
from pricing_engine.rules.duty_terms import Keyed, not_covered
from pricing_engine.rules.fields import HS_ANY
from pricing_engine.rules.model import CountryFile
from pricing_engine.rules.results import AdditionalDuty, CandidateLines, DutyLookup, DutyRule
from pricing_engine.rules.timeline import Span

__all__ = ["ChapterPart", "CodeEntries", "DutyIndex"]

#: HS codes whose index entries a country keeps at hand (cleared when full).
_PREFIXES_KEPT = 4096
V = TypeVar("V")


@dataclass(slots=True)
class CodeEntries:
    """The index entries one HS code meets, whatever the origin and date: a lookup's start.

    ``mfn`` and ``pref`` hold the entries of every prefix of the code, the code itself first
    and the general regime (``*``) last, ``extra`` those of its prefixes without ``*`` (kept
    by origin on the country: :meth:`DutyIndex._extra_at_any`); ``under`` the MFN entries of each
    national line longer than the code, in code order. ``decided`` keeps the MFN rule found
    for the code by date (a few dates; a code over national lines compares them all).
    Not frozen: no one outside the index holds one, and a frozen record costs every first
    lookup its field-by-field construction (7 % of its instructions).
    """

    mfn: tuple[tuple[Span, DutyRule], ...]
    under: tuple[tuple[tuple[Span, DutyRule], ...], ...]
    pref: tuple[Keyed[DutyRule], ...]
    extra: tuple[Keyed[AdditionalDuty], ...]
    #: the preferences and additional duties keyed between the code and the national lines
    #: under it, or the ``subs`` (where one applies, the lines' own lookups may charge
    #: otherwise)
    deep_pref: tuple[Keyed[DutyRule], ...] = ()
    deep_extra: tuple[Keyed[AdditionalDuty], ...] = ()
    #: codes longer than the code (and than the national line they are under) at which an
    #: additional duty is keyed: lines of a list given at 10 digits
    subs: tuple[str, ...] = ()
    decided: dict[date, DutyRule] = field(default_factory=dict, compare=False)
    #: the lookups of the code over its lines, by (date, origin, claim, highest), kept once made
    over: dict[tuple[date, str, str | None, bool], DutyLookup | CandidateLines] = field(
        default_factory=dict, compare=False)


class ChapterPart(NamedTuple):
    """A chapter's part of the MFN, preference and additional-duty indexes
    (:meth:`DutyIndex._chapter_index`)."""

    mfn: Mapping[str, tuple[tuple[Span, DutyRule], ...]]
    pref: Mapping[str, tuple[Keyed[DutyRule], ...]]
    extra: Mapping[str, tuple[Keyed[AdditionalDuty], ...]]
    #: the lengths of their keys, longest first, ``*`` left out
    lengths: tuple[int, ...]
    #: the additional-duty keys, sorted, ``*`` left out
    extra_keys: tuple[str, ...]


class DutyIndex:
    """A tariff's entries by HS prefix, and those one code meets (kept per code)."""

    __slots__ = ()
    code: str
    union: str | None
    file: str
    model: CountryFile
    has_duty: bool
    mfn: Mapping[str, tuple[tuple[Span, DutyRule], ...]]
    #: the MFN prefixes, sorted (national lines under a shorter code are found by bisection)
    mfn_keys: tuple[str, ...]
    preferential: Mapping[str, tuple[Keyed[DutyRule], ...]]
    additional: Mapping[str, tuple[Keyed[AdditionalDuty], ...]]
    splits: Mapping[str, tuple[tuple[Span, tuple[str, ...]], ...]]
    replaced: Mapping[str, tuple[tuple[Span], ...]]
    schedule: str | None
    _prefixes: dict[str, CodeEntries]
    _chapters: dict[str, ChapterPart]
    _any_entries: list[tuple[tuple[tuple[Span, DutyRule], ...], tuple[Keyed[DutyRule], ...]]]
    _any_extra: dict[str, tuple[Keyed[AdditionalDuty], ...]]

    def _entries(self, hs: str) -> CodeEntries:
        """The index entries ``hs`` meets, gathered once per code (see :class:`CodeEntries`).

        Threads may gather the same code at once: each builds an equal record (never changed
        but for its ``decided`` and ``over`` caches), and the last one stored stays.
        """
        found = self._prefixes.get(hs)
        if found is None:
            mfn, pref, extra, lengths, extra_keys = self._chapter_index(hs[:2])
            size = len(hs)
            # the code's prefixes, longest first, of the lengths the chapter's keys have
            keys = [hs[:n] for n in lengths if n <= size]
            mfn_found: list[tuple[Span, DutyRule]] = []
            pref_found: list[Keyed[DutyRule]] = []
            extra_found: list[Keyed[AdditionalDuty]] = []
            for key in keys:  # loops, not generators: this runs for every code looked up
                got = mfn.get(key)
                if got:
                    mfn_found.extend(got)
                got_pref = pref.get(key)
                if got_pref:
                    pref_found.extend(got_pref)
                got_extra = extra.get(key)
                if got_extra:
                    extra_found.extend(got_extra)
            under = list(_below(self.mfn_keys, hs))  # the MFN prefixes longer than hs
            subs = self._subs(hs, under, extra_keys)
            deep_pref: tuple[Keyed[DutyRule], ...] = ()
            deep_extra: tuple[Keyed[AdditionalDuty], ...] = ()
            if under or subs:
                deep = sorted({line[:n] for line in (*under, *subs)
                               for n in range(size + 1, len(line) + 1)})
                deep_pref = tuple(e for k in deep for e in pref.get(k, ()))
                deep_extra = tuple(e for k in deep for e in extra.get(k, ()))
            mfn_any, pref_any = self._at_any()
            found = CodeEntries(
                subs=subs,
                mfn=(*mfn_found, *mfn_any),
                under=tuple(mfn[k] for k in under),
                deep_pref=deep_pref,
                deep_extra=deep_extra,
                pref=(*pref_found, *pref_any),
                extra=tuple(extra_found))
            if len(self._prefixes) >= _PREFIXES_KEPT:
                self._prefixes.clear()
            self._prefixes[hs] = found
        return found

    def _chapter_index(self, chapter: str) -> ChapterPart:
        """The MFN, preference and additional-duty entries of ``chapter`` (each index's part
        of it: :func:`_chapter`), the lengths of their keys (the prefixes of a code worth
        looking up) and the additional-duty keys in order (kept per chapter; threads may
        build the same record at once, the last stored stays)."""
        kept = self._chapters.get(chapter)
        if kept is None:
            mfn = _chapter(self.mfn, chapter)
            pref = _chapter(self.preferential, chapter)
            extra = _chapter(self.additional, chapter)
            lengths = tuple(sorted({len(key) for index in (mfn, pref, extra) for key in index
                                    if key != HS_ANY and len(key) > 1}, reverse=True))
            kept = ChapterPart(mfn, pref, extra, lengths,
                                tuple(sorted(k for k in extra if k != HS_ANY)))
            self._chapters[chapter] = kept
        return kept

    def _at_any(self) -> tuple[tuple[tuple[Span, DutyRule], ...], tuple[Keyed[DutyRule], ...]]:
        """The MFN and preference entries keyed at ``*`` (the general regime, an agreement
        over the whole tariff), which every code meets after its own prefixes (kept)."""
        kept = self._any_entries
        if not kept:
            kept.append((tuple(self.mfn.get(HS_ANY, ())),
                         tuple(self.preferential.get(HS_ANY, ()))))
        return kept[0]

    def _extra_at_any(self, origin: str) -> tuple[Keyed[AdditionalDuty], ...]:
        """The additional duties keyed at ``*`` that apply to goods of ``origin`` on some day
        (kept per origin; threads may build the same tuple at once, the last stored stays)."""
        kept = self._any_extra.get(origin)
        if kept is None:
            kept = tuple(e for e in self.additional.get(HS_ANY, ())
                         if (e[1] is None or origin in e[1]) and origin not in e[2])
            self._any_extra[origin] = kept
        return kept

    def _subs(self, hs: str, under: list[str], keys: tuple[str, ...]) -> tuple[str, ...]:
        """The additional-duty keys (of ``keys``, the chapter's, sorted) longer than ``hs``
        that start with it and are neither a national line under it nor a prefix of one
        (those the lines' own lookups read): codes of lists given below the tariff's lines,
        such as a Section 232 list's 10-digit lines under an 8-digit HTS line. (A preference
        keyed below the lines is the table's own affair: its tables write the code above them
        at the MFN rate where they differ.)"""
        below = _below(keys, hs)
        if not below:  # (most codes: no generator made)
            return ()
        # (a line under hs starts with itself: not a sub)
        return tuple(key for key in below if not any(line.startswith(key) for line in under))

    def _shorter(self, hs: str, on: date) -> DutyRule | None:
        """The MFN rule of the longest prefix of ``hs`` (``hs`` itself included) valid on
        ``on``, else the general regime (``*``) where the file gives one."""
        for span, rule in self._entries(hs).mfn:  # Span.covers written out: a hot path
            if (span.start is None or span.start <= on) and (span.end is None or on <= span.end):
                return rule
        return None

    def _lines_under(self, hs: str, on: date) -> list[DutyRule]:
        """The MFN rules of national lines longer than ``hs`` that start with it."""
        out = []
        for entries in self._entries(hs).under:
            for span, rule in entries:
                if span.covers(on):
                    out.append(rule)
                    break
        return out

    def _split_lines(self, rule: DutyRule, on: date) -> list[tuple[str, DutyRule | None]] | None:
        """The lines a split entry was carved from, each with its MFN rule (None: no rule);
        None for any other entry."""
        if not not_covered(rule):
            return None
        codes = next((c for span, c in self.splits.get(rule.hs, ()) if span.covers(on)), None)
        return None if codes is None else [(code, self._shorter(code, on)) for code in codes]

    def _listed_line(self, rule: DutyRule, on: date) -> bool:
        """Whether ``rule`` is a line a tariff table lists on ``on``: the table's own entry,
        or a curated entry that replaces the table's line of the same code in force then."""
        if rule.ref.in_table:
            return True
        return any(span.covers(on) for (span,) in self.replaced.get(rule.hs, ()))

    def _duty_file(self) -> str:
        return f"tariff of {self.union}" if self.union else self.file


def _below(keys: tuple[str, ...], hs: str) -> tuple[str, ...]:
    """The keys of ``keys`` (sorted) longer than ``hs`` that start with it."""
    found = starting_with(keys, hs)
    # hs itself, if keyed, comes first: the only key of its length that starts with it
    return found[1:] if found and found[0] == hs else found


def _chapter(index: Mapping[str, V], code: str) -> Mapping[str, V]:
    """The part of ``index`` whose keys are in chapter ``code`` (all of it, if not split)."""
    return cast(Mapping[str, V], index.chapter(code)) if isinstance(index, ChapterIndex) \
        else index
