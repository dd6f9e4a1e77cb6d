"""One country's compiled rules and the lookups on them.

Built once per load by compile.py: every entry is already a result record with its span and
reference, grouped in plain dicts, so lookups only filter (no pydantic work per call).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from pathlib import PurePath
from types import MappingProxyType
from typing import Literal, NamedTuple, TypeVar, cast, overload

from pricing_engine.countries import country_code, subdivision_code
from pricing_engine.errors import AmbiguousHsCode, InputError, MissingRule, UnknownCountry
from pricing_engine.hs_codes import starting_with
from pricing_engine.hs_editions import edition_note, subheadings_under
from pricing_engine.money import percent_text
from pricing_engine.rules.chapters import ChapterIndex
from pricing_engine.rules.fields import HS_ANY
from pricing_engine.rules.model import CountryFile, Customs, MfnWithheldEntry
from pricing_engine.rules.results import (
    AdditionalDuty,
    DeMinimis,
    DutyLookup,
    DutyRule,
    FeeRule,
    RuleRef,
    Surcharge,
    TaxCollection,
    TaxHit,
    TaxUplift,
    Terms,
)
from pricing_engine.rules.timeline import Span

__all__ = [
    "DUTY_FIELDS",
    "MODES",
    "AmbiguousHs",
    "CandidateLines",
    "CountryRules",
    "RateTable",
    "describe_terms",
    "normalize_hs",
    "not_covered",
]

MODES = frozenset({"sea", "air", "road", "rail", "courier", "post"})
#: What to do with an HS code shorter than national lines that charge differently: name the
#: candidate lines (``error``, the default) or price the dearest of them (``highest``).
AmbiguousHs = Literal["error", "highest"]
_HS_INPUT = re.compile(r"[0-9]{2,10}")
#: HS codes whose index entries a country keeps at hand (cleared when full).
_PREFIXES_KEPT = 4096
#: country_code of a quote's origin, kept for the codes seen last (the same few repeat).
_origin_code = lru_cache(maxsize=512)(country_code)
_MFN_ENTRY = re.compile(r"duty\.mfn\[([0-9]+)\]")


def normalize_hs(hs: str) -> str:
    """Return ``hs`` without dots or spaces (``"6109.10"`` -> ``"610910"``), or raise."""
    code = hs.replace(".", "").replace(" ", "")
    if not (code.isascii() and _HS_INPUT.fullmatch(code)):
        raise InputError(f"HS code {hs!r} must be 2-10 digits (dots and spaces are ignored)")
    return code


@dataclass(frozen=True, slots=True)
class RateTable:
    """Dated rates of one tax by rate class, plus its product-class mapping."""

    name: str
    mode: Literal["national", "add", "replace"]
    collected: Literal["at_border", "self_assessed"]
    rates: Mapping[str, tuple[tuple[Span, TaxHit], ...]]
    classes: Mapping[str, str]
    recoverable: bool = True

    def rate_class(self, tax_class: str, fallback: Mapping[str, str]) -> str | None:
        """The rate class a quote's tax class means here, or None."""
        if tax_class in self.rates:
            return tax_class
        mapped = self.classes.get(tax_class) or fallback.get(tax_class)
        return mapped if mapped in self.rates else None

    def on(self, rate_class: str, day: date) -> TaxHit | None:
        """The rate of ``rate_class`` in force on ``day``."""
        return next((hit for span, hit in self.rates[rate_class] if span.covers(day)), None)


@dataclass(frozen=True, slots=True)
class CandidateLines:
    """The national lines an HS code may mean, when the quote asks for the ``highest``.

    ``lookups`` holds each candidate line's own lookup (its MFN rule, and the preferences and
    additional duties keyed at that line), in code order; the rest of the code given, where
    an entry covers it, comes last, matched at the code given. ``error`` is what the default
    (``error``) raises: it names every candidate and its duty.
    """

    given: str
    lookups: tuple[DutyLookup, ...]
    error: AmbiguousHsCode


R = TypeVar("R", DutyRule, AdditionalDuty)
V = TypeVar("V")
#: (span, origins or None for every origin, excluded origins, rule), indexed by HS prefix.
Keyed = tuple[Span, frozenset[str] | None, frozenset[str], R]


@dataclass(frozen=True, slots=True)
class _Prefixes:
    """The index entries one HS code meets, whatever the origin and date: a lookup's start.

    ``mfn`` and ``pref`` hold the entries of every prefix of the code, the code itself first
    and the general regime (``*``) last, ``extra`` those of its prefixes without ``*`` (kept
    by origin on the country: :meth:`CountryRules._extra_at_any`); ``under`` the MFN entries of each
    national line longer than the code, in code order. ``decided`` keeps the MFN rule found
    for the code by date (a few dates; a code over national lines compares them all).
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


class _ChapterPart(NamedTuple):
    """A chapter's part of the MFN, preference and additional-duty indexes
    (:meth:`CountryRules._chapter_index`)."""

    mfn: Mapping[str, tuple[tuple[Span, DutyRule], ...]]
    pref: Mapping[str, tuple[Keyed[DutyRule], ...]]
    extra: Mapping[str, tuple[Keyed[AdditionalDuty], ...]]
    #: the lengths of their keys, longest first, ``*`` left out
    lengths: tuple[int, ...]
    #: the additional-duty keys, sorted, ``*`` left out
    extra_keys: tuple[str, ...]


#: The CountryRules fields of a tariff, which the members of a customs union share (the
#: union's compiled duty rules: the book builds them once, the cache writes them once).
DUTY_FIELDS = ("has_duty", "mfn", "mfn_keys", "preferential", "additional", "surcharges",
               "splits", "replaced", "withheld", "withheld_keys", "withheld_splits",
               "withheld_replaced")


@dataclass(frozen=True, slots=True)
class CountryRules:
    """A country's rules with its union's customs and tariff merged in."""

    code: str
    currency: str
    union: str | None
    file: str
    model: CountryFile
    customs: Customs
    tax: RateTable | None
    subdivisions: Mapping[str, tuple[RateTable, ...]]
    mfn: Mapping[str, tuple[tuple[Span, DutyRule], ...]]
    preferential: Mapping[str, tuple[Keyed[DutyRule], ...]]
    additional: Mapping[str, tuple[Keyed[AdditionalDuty], ...]]
    surcharges: tuple[tuple[Span, Surcharge], ...]
    de_minimis: tuple[tuple[Span, DeMinimis], ...]
    fees: tuple[tuple[Span, FeeRule], ...]
    collection: tuple[tuple[Span, TaxCollection], ...]
    #: the share of the customs value in the import-tax base (its part ``uplift``), by date
    uplift: tuple[tuple[Span, TaxUplift], ...] = ()
    #: where the customs' declaration rounding (``customs.rounding``) is written, if any
    rounding_ref: RuleRef | None = None
    has_duty: bool = field(default=True)
    #: the MFN prefixes, sorted (national lines under a shorter code are found by bisection)
    mfn_keys: tuple[str, ...] = ()
    #: the lines each ``split`` MFN entry names (those its code was carved from), by prefix,
    #: with the spans of their entries in ``mfn``
    splits: Mapping[str, tuple[tuple[Span, tuple[str, ...]], ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    #: the tariff-table lines a curated entry of the same code replaces, by code, with the
    #: spans the table gives them (there the entry still stands for a line the table lists)
    replaced: Mapping[str, tuple[tuple[Span], ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    #: the rates charged on goods of origins denied MFN (``duty.withheld`` lines: US column
    #: 2), indexed as ``mfn``, ``mfn_keys``, ``splits`` and ``replaced`` are
    withheld: Mapping[str, tuple[tuple[Span, DutyRule], ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    withheld_keys: tuple[str, ...] = ()
    withheld_splits: Mapping[str, tuple[tuple[Span, tuple[str, ...]], ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    withheld_replaced: Mapping[str, tuple[tuple[Span], ...]] = field(
        default_factory=lambda: MappingProxyType({}))
    #: set on the rules :meth:`_schedule` makes: the name of the rates their ``mfn`` holds
    schedule: str | None = None
    #: the rules of each schedule of rates instead of MFN, made at first use
    _schedules: dict[str, CountryRules] = field(default_factory=dict, init=False, repr=False,
                                                compare=False)
    #: the index entries of the HS codes looked up lately (derived, never stored or compared)
    _prefixes: dict[str, _Prefixes] = field(default_factory=dict, init=False, repr=False,
                                            compare=False)
    #: a chapter's part of the MFN, preference and additional-duty indexes and their keys,
    #: by chapter (:meth:`_chapter_index`)
    _chapters: dict[str, _ChapterPart] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    #: the MFN and preference entries at ``*``, once gathered (:meth:`_at_any`)
    _any_entries: list[tuple[tuple[tuple[Span, DutyRule], ...], tuple[Keyed[DutyRule], ...]]] = (
        field(default_factory=list, init=False, repr=False, compare=False))
    #: the additional duties at ``*`` that can apply to an origin, by origin (a duty by
    #: country writes an entry per country there, which every lookup would otherwise walk)
    _any_extra: dict[str, tuple[Keyed[AdditionalDuty], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @property
    def valuation(self) -> Literal["CIF", "FOB"]:
        """The duty base: CIF or FOB."""
        return self.customs.valuation

    def tax_rates(
        self, tax_class: str, on: date, *, subdivision: str | None = None
    ) -> tuple[TaxHit, ...]:
        """Every tax that applies to ``tax_class`` on ``on`` (see RuleBook.tax_rates)."""
        tables = self._tax_tables(subdivision)
        if not tables:
            return ()
        national = self.tax.classes if self.tax else {}
        hits: list[TaxHit] = []
        for table in tables:
            rate_class = table.rate_class(tax_class, national)
            if rate_class is None:
                raise MissingRule(f"{self.code}: tax class {tax_class!r} is not defined for "
                                  f"{table.name} ({self.file}); known: {sorted(table.rates)}")
            hit = table.on(rate_class, on)
            if hit is None:
                raise MissingRule(f"{self.code}: no {table.name} rate for class {tax_class!r} "
                                  f"({rate_class}) on {on} ({self.file})")
            hits.append(hit)
        return tuple(hits)

    def _tax_tables(self, subdivision: str | None) -> list[RateTable]:
        extra: tuple[RateTable, ...] = ()
        if subdivision is not None:
            sub = subdivision_code(subdivision)
            if not sub.startswith(self.code + "-"):
                raise UnknownCountry(f"subdivision {sub} is not in {self.code}")
            extra = self.subdivisions.get(sub, ())
        if any(t.mode == "replace" for t in extra):
            return list(extra)
        return ([self.tax] if self.tax else []) + list(extra)

    @overload
    def duty(self, hs_code: str, origin: str, on: date, *,
             claimed_agreement: str | None = None,
             ambiguous_hs: Literal["error"] = "error") -> DutyLookup: ...

    @overload
    def duty(self, hs_code: str, origin: str, on: date, *,
             claimed_agreement: str | None = None,
             ambiguous_hs: AmbiguousHs) -> DutyLookup | CandidateLines: ...

    def duty(
        self, hs_code: str, origin: str, on: date, *, claimed_agreement: str | None = None,
        ambiguous_hs: AmbiguousHs = "error",
    ) -> DutyLookup | CandidateLines:
        """MFN (longest prefix valid on ``on``), matching preferences, additions, surcharges.

        An HS code shorter than national lines that charge differently raises AmbiguousHsCode,
        unless ``ambiguous_hs="highest"``: then every candidate line's own lookup comes back
        in a :class:`CandidateLines` (the caller prices each and keeps the dearest).
        """
        hs = normalize_hs(hs_code)
        origin = _origin_code(origin)
        if not self.has_duty:
            raise MissingRule(f"{self.code}: no duty rules ({self.file})")
        withheld = None if self.schedule is not None else self._withheld(origin, on)
        if withheld is not None:
            return self._priced_instead(hs, origin, on, withheld, claimed_agreement,
                                        ambiguous_hs)
        try:
            mfn = self._mfn(hs, on)
        except AmbiguousHsCode as exc:
            if ambiguous_hs != "highest":
                raise
            return self._candidates(hs, origin, on, claimed_agreement, exc)
        found = self._entries(hs)
        deep_extra = bool(_matching(found.deep_extra, origin, on))
        deep_pref = claimed_agreement is not None and bool(_matching(found.deep_pref, origin, on))
        # or a code read as another (not a line of the table's edition: :meth:`_listed`)
        elsewhere = not (hs.startswith(mfn.hs) or mfn.hs.startswith(hs))
        if deep_extra or deep_pref or elsewhere:
            key = (on, origin, claimed_agreement, ambiguous_hs == "highest")
            kept = found.over.get(key)
            if kept is None:
                kept = self._over_lines(hs, mfn, origin, on, claimed_agreement, ambiguous_hs)
                if len(found.over) >= 16:
                    found.over.clear()
                found.over[key] = kept
            return kept
        return self._lookup(hs, mfn, origin, on, claimed_agreement)

    def _over_lines(self, hs: str, mfn: DutyRule, origin: str, on: date,
                    claimed_agreement: str | None, ambiguous_hs: AmbiguousHs
                    ) -> DutyLookup | CandidateLines:
        """The lookup of a code that stands for national lines whose MFN duties agree: the
        preferences and additional duties keyed at each line count too (a Section 301 list
        names 8-digit lines, so ``0901.21`` from China pays what its one line 0901.21.00
        pays), and so do the codes below the lines a list names (``subs``: a Section 232
        list's 10-digit lines, beside the rest of their 8-digit line). Where the lines' other
        duties differ the code does not say which apply: the ambiguity error naming each
        line's duties (or, for ``highest``, every line)."""
        # the lines, not the rest of the code beside them: a line's lookup holds the entries
        # of the code's own prefixes too, and its MFN duty already agrees with the rest's
        choices = [c for c in self._choices(hs, on) if c[2] is not None]
        choices = [c for c in choices if c[1] != hs] or choices or [(hs, hs, mfn)]
        lookups = [self._lookup(key, cast(DutyRule, rule), origin, on, claimed_agreement)
                   for _, key, rule in choices]
        subs = self._entries(hs).subs
        if subs:  # lines of a list below the tariff's lines, and the rest of each such line
            choices, lookups = self._with_subs(subs, choices, lookups, origin, on,
                                               claimed_agreement)
        claimed = claimed_agreement is not None  # an unclaimed preference charges nothing
        first = _charges(lookups[0], claimed)
        if all(_charges(found, claimed) == first for found in lookups[1:]):
            return lookups[0]
        lines = tuple((label, _charged(found, claimed))
                      for (label, _, _), found in zip(choices, lookups, strict=True))
        digits = max(len(key) for _, key, _ in choices)
        error = AmbiguousHsCode(
            f"{self.code}: HS {hs} covers {len(lines)} national tariff line(s) whose "
            f"{self.schedule or 'MFN'} duty "
            f"agrees but whose other duties for origin {origin} differ ({_shown(lines)}): give "
            f"the full {digits}-digit line ({self._duty_file()})", lines)
        if ambiguous_hs != "highest":
            raise error
        return CandidateLines(given=hs, lookups=tuple(lookups), error=error)

    def _with_subs(self, subs: tuple[str, ...], tops: list[tuple[str, str, DutyRule | None]],
                   looked: list[DutyLookup], origin: str, on: date,
                   claimed_agreement: str | None
                   ) -> tuple[list[tuple[str, str, DutyRule | None]], list[DutyLookup]]:
        """The lines ``tops`` (their lookups ``looked``) and those of ``subs`` that add a duty
        their line does not charge at all (a Section 232 list's 10-digit lines under an
        8-digit line without it), each such line then standing for its other lines; with
        their lookups, in code order. A 10-digit line that changes the rate of a duty its line
        charges (a Section 301 list's excepted or excluded lines) is left to its line, whose
        entry says so (the line's rate is the list's, the dearer)."""
        pairs = list(zip(tops, looked, strict=True))
        below = []
        for sub in subs:
            # the line it is under (the code itself, when that is the line)
            line = next((lookup for (_, key, _), lookup in pairs if sub.startswith(key)), None)
            if line is None:
                continue
            lookup = self._lookup(sub, line.mfn, origin, on, claimed_agreement)
            if {a.name for a in lookup.additional} - {a.name for a in line.additional}:
                below.append(((sub, sub, line.mfn), lookup))
        if not below:
            return tops, looked
        split = {key for (_, key, _), _ in pairs
                 if any(choice[0].startswith(key) for choice, _ in below)}
        merged = sorted([*((((f"{key} (its other lines)" if key in split else label), key, rule),
                            lookup) for (label, key, rule), lookup in pairs), *below],
                        key=lambda pair: pair[0][1])
        return [choice for choice, _ in merged], [lookup for _, lookup in merged]

    def _withheld(self, origin: str, on: date) -> MfnWithheldEntry | None:
        """The entry by which the country denies goods of ``origin`` its MFN rates on ``on``."""
        duty = self.model.duty
        for entry in () if duty is None else duty.mfn_withheld:
            if origin in entry.origins and Span(entry.valid_from, entry.valid_to).covers(on):
                return entry
        return None

    def _priced_instead(self, hs: str, origin: str, on: date, entry: MfnWithheldEntry,
                        claimed_agreement: str | None, ambiguous_hs: AmbiguousHs
                        ) -> DutyLookup | CandidateLines:
        """The lookup of goods of an origin denied MFN on ``on``: from the lines of the rates
        that apply instead (``entry.schedule``), read as MFN lines are (national lines, the
        ambiguity of a shorter code), without preferences, with the additional duties and
        surcharges. Where the rules do not give those rates (no schedule, or no line for the
        code) it fails closed: MFN would price the goods too low."""
        since = f" since {entry.valid_from}" if entry.valid_from else ""
        where = f"{self.file}, duty.mfn_withheld{': ' + entry.note if entry.note else ''}"
        head = f"{self.code}: goods of {origin} do not get MFN rates{since}; {entry.instead} "
        if entry.schedule is None:
            raise MissingRule(f"{head}apply instead, and those rates are not encoded ({where})")
        rules = self._schedule(entry.schedule)
        try:
            return rules.duty(hs, origin, on, claimed_agreement=claimed_agreement,
                              ambiguous_hs=ambiguous_hs)
        except AmbiguousHsCode as exc:
            raise AmbiguousHsCode(f"{head}apply instead ({where}): {exc}",
                                  exc.candidates) from None
        except MissingRule as exc:
            raise MissingRule(f"{head}apply instead, and the rules do not give them here "
                              f"({where}): {exc}") from None

    def _schedule(self, name: str) -> CountryRules:
        """These rules with the ``withheld`` lines as their MFN lines and no preferences,
        kept once made (threads may make it at once: equal rules, the last stored stays)."""
        kept = self._schedules.get(name)
        if kept is None:
            empty: Mapping[str, tuple[Keyed[DutyRule], ...]] = MappingProxyType({})
            kept = replace(self, mfn=self.withheld, mfn_keys=self.withheld_keys,
                           splits=self.withheld_splits, replaced=self.withheld_replaced,
                           preferential=empty, schedule=name)
            self._schedules[name] = kept
        return kept

    def _lookup(self, hs: str, mfn: DutyRule, origin: str, on: date,
                claimed_agreement: str | None) -> DutyLookup:
        found = self._entries(hs)
        pref = _best(_matching(found.pref, origin, on), lambda r: r.agreement or "")
        others: tuple[str, ...] = ()
        excluded: DutyRule | None = None
        if claimed_agreement is not None:
            claimed = [r for r in pref if r.agreement == claimed_agreement]
            for rule in claimed:
                if rule.not_covered is not None:
                    raise MissingRule(
                        f"{self.code}: HS {hs}: the rules do not give {claimed_agreement}'s "
                        f"terms on these goods: {rule.not_covered} ({rule.ref}); "
                        "quote without the claim for the MFN duty")
            excluded = next((r for r in claimed if r.excluded is not None), None)
            claimed = [r for r in claimed if r.excluded is None]
            if not claimed:
                others = tuple(sorted({r.agreement for r in pref if r.agreement
                                       and r.excluded is None and r.not_covered is None}))
            pref = claimed
        elif any(r.excluded is not None or r.not_covered is not None for r in pref):
            pref = [r for r in pref if r.excluded is None and r.not_covered is None]
        extra = _best([*_matching(found.extra, origin, on),
                       *_matching(self._extra_at_any(origin), origin, on)], lambda r: r.name)
        surcharges = tuple(s for span, s in self.surcharges if span.covers(on))
        return DutyLookup(mfn, tuple(pref), tuple(extra), surcharges, others, excluded,
                          self.schedule)

    def _entries(self, hs: str) -> _Prefixes:
        """The index entries ``hs`` meets, gathered once per code (see :class:`_Prefixes`).

        Threads may gather the same code at once: each builds the same immutable record, and
        the last one stored stays.
        """
        found = self._prefixes.get(hs)
        if found is None:
            mfn, pref, extra, lengths, _ = self._chapter_index(hs[:2])
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
            under = self._keys_under(hs)
            subs = self._subs(hs, under)
            deep_pref: tuple[Keyed[DutyRule], ...] = ()
            deep_extra: tuple[Keyed[AdditionalDuty], ...] = ()
            if under or subs:
                deep = sorted({line[:n] for line in (*under, *subs)
                               for n in range(size + 1, len(line) + 1)})
                deep_pref = tuple(e for k in deep for e in pref.get(k, ()))
                deep_extra = tuple(e for k in deep for e in extra.get(k, ()))
            mfn_any, pref_any = self._at_any()
            found = _Prefixes(
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

    def _chapter_index(self, chapter: str) -> _ChapterPart:
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
            kept = _ChapterPart(mfn, pref, extra, lengths,
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

    def _subs(self, hs: str, under: list[str]) -> tuple[str, ...]:
        """The additional-duty keys longer than ``hs`` that start with it and are neither a
        national line under it nor a prefix of one (those the lines' own lookups read): codes
        of lists given below the tariff's lines, such as a Section 232 list's 10-digit lines
        under an 8-digit HTS line. (A preference keyed below the lines is the table's own
        affair: its tables write the code above them at the MFN rate where they differ.)"""
        keys = starting_with(self._chapter_index(hs[:2]).extra_keys, hs)
        if keys and keys[0] == hs:  # (the only key of its length there: keys are sorted)
            keys = keys[1:]
        if not keys:
            return ()
        # (a line under hs starts with itself: not a sub)
        return tuple(key for key in keys if not any(line.startswith(key) for line in under))

    def _keys_under(self, hs: str) -> list[str]:
        """The MFN prefixes longer than ``hs`` that start with it, sorted."""
        keys = starting_with(self.mfn_keys, hs)
        # hs itself, if keyed, comes first: the only key of its length that starts with it
        return list(keys[1:] if keys and keys[0] == hs else keys)

    def _candidates(self, hs: str, origin: str, on: date, claimed_agreement: str | None,
                    error: AmbiguousHsCode) -> CandidateLines:
        """Each line ``hs`` may mean (:meth:`_choices`) with the preferences and additional
        duties keyed at that line. A line whose duty the rules do not give leaves the dearest
        unknown: then the ambiguity error stands, saying so."""
        choices = self._choices(hs, on)
        unknown = [label for label, _, rule in choices if rule is None or not_covered(rule)]
        if unknown:
            raise AmbiguousHsCode(
                f"{error}; the dearest line is not known either: the rules give no duty for "
                f"{', '.join(unknown[:8])}{' ...' if len(unknown) > 8 else ''}",
                error.candidates)
        return CandidateLines(
            given=hs, error=error,
            lookups=tuple(self._lookup(key, rule, origin, on, claimed_agreement)
                          for _, key, rule in choices if rule is not None))

    def _choices(self, hs: str, on: date) -> list[tuple[str, str, DutyRule | None]]:
        """The lines ``hs`` may mean, as (label, key its other duties are read at, MFN rule):
        the national lines under it (a split entry stands for the lines it was carved from)
        and the rest of it, matched at ``hs``; for a code under a split entry, its lines; for a
        code the table does not list, those of the code it is read as (:meth:`_listed`)."""
        listed = self._listed(hs, on)
        if listed != hs:
            return self._choices(listed, on)
        found = self._shorter(hs, on)
        under = self._lines_under(hs, on)
        if not under:
            split = self._split_lines(found, on) if found is not None else None
            return [(code, code, rule) for code, rule in split or ()]
        found = self._rest(hs, under, found, on)
        # the subheadings of a heading or chapter no entry gives: each a candidate, in code
        # order among the lines
        gaps = self._unlisted(hs, found, on)
        out: list[tuple[str, str, DutyRule | None]] = []
        for line in under:
            while gaps and gaps[0] < line.hs:
                out.append((gaps[0], gaps[0], None))
                gaps.pop(0)
            split = self._split_lines(line, on)
            if split is None:
                out.append((line.hs, line.hs, line))
            else:
                out += [(f"{code} (carved into {line.hs})", code, rule) for code, rule in split]
        out += [(sub, sub, None) for sub in gaps]
        took = self._took(hs, found, on)
        if took is not None:  # a kept code: the older lines it took goods from are of it too
            shown = {line.hs for line in under}
            out += [(code, code, rule) for code, rule in took if code not in shown]
        elif found is not None:
            out.append((f"{found.hs} (rest of {hs})", hs, found))
        return out

    def _unlisted(self, hs: str, found: DutyRule | None, on: date) -> list[str]:
        """The HS2022 subheadings under ``hs``, a code shorter than a subheading with national
        lines under it and nothing shorter standing for its rest (``found`` is None), that no
        entry gives a duty for on ``on``: its lines are then not all of it (a table that lacks
        a subheading, or was read in part), so the code must not take their duty. A
        subheading is known from the UN HS2022 table the package ships; where that cannot be
        read, a code shorter than a subheading fails closed."""
        if found is not None or len(hs) >= 6:
            return []
        subs = subheadings_under(hs)
        if subs is None:
            raise MissingRule(
                f"{self.code}: HS {hs} is shorter than a subheading, and the HS2022 "
                "nomenclature shipped with the package could not be read to tell which "
                "subheadings the rules give a duty for: give the subheading or the line")
        return [sub for sub in subs
                if self._shorter(sub, on) is None and not self._lines_under(sub, on)]

    def _took(self, hs: str, found: DutyRule | None, on: date
              ) -> list[tuple[str, DutyRule | None]] | None:
        """The lines of a kept code's split entry at ``hs`` itself (an HS2017 subheading kept
        in HS2022 that took goods from others: its lines, which start with ``hs``, and
        theirs), else None. A new code's split names only lines of other codes: once a table
        lists newer lines under it, they are all of it (:meth:`_rest`)."""
        if found is None or found.hs != hs:
            return None
        lines = self._split_lines(found, on)
        if lines is None or not any(code.startswith(hs) for code, _ in lines):
            return None
        return lines

    def _mfn(self, hs: str, on: date) -> DutyRule:
        """The MFN rule of ``hs`` on ``on`` (:meth:`_decide_mfn`), kept once found."""
        decided = self._entries(hs).decided
        found = decided.get(on)
        if found is None:
            found = self._decide_mfn(hs, on)
            if len(decided) >= 8:
                decided.clear()
            decided[on] = found
        return found

    def _decide_mfn(self, hs: str, on: date) -> DutyRule:
        """The longest prefix of ``hs`` valid on ``on``, unless national lines under ``hs``
        (longer prefixes) charge otherwise: then the code does not say which duty applies.
        A ``split`` entry gives the duty of the lines it was carved from where they agree.
        A code the tariff table does not list is read as its subheading (:meth:`_listed`)."""
        listed = self._listed(hs, on)
        if listed != hs:
            try:
                return self._decide_mfn(listed, on)
            except AmbiguousHsCode as exc:
                raise AmbiguousHsCode(self._read_as(hs, listed, exc), exc.candidates) from None
            except MissingRule as exc:
                raise MissingRule(self._read_as(hs, listed, exc)) from None
        found = self._shorter(hs, on)
        under = self._lines_under(hs, on)
        if under:
            found = self._rest(hs, under, found, on)
            took = self._took(hs, found, on)
            beside: list[DutyRule | None] = ([rule for _, rule in took] if took is not None
                                             else [found] if found else [])
            # an entry without a duty (not covered, split; no rule) is unlike any other
            kinds = {(None,) if r is None else (r.hs,) if not_covered(r) else _terms(r)
                     for r in (*under, *beside)}
            if len(kinds) == 1 and self._unlisted(hs, found, on):  # subheadings of it the
                kinds.add((None,))  # rules say nothing of (named by _ambiguous in any case)
            if len(kinds) > 1:
                raise self._ambiguous(hs, under, on)
            # one national line under the code is the line meant; several alike: any
            found = under[0] if len(under) == 1 or found is None else found
        if found is None:
            edition = edition_note(hs)  # an HS2017 code in an HS2022 tariff: say so
            raise MissingRule(f"{self.code}: no {self.schedule or 'MFN'} duty rule for HS {hs} "
                              f"on {on} "
                              f"({self._duty_file()})" + (f"; {edition}" if edition else ""))
        if not_covered(found):
            split = self._split_lines(found, on)
            if split is not None:
                return self._split(hs, found, split, on)
            raise MissingRule(f"{self.code}: HS {hs} is not covered by the duty rules on {on}: "
                              f"{self._reason(found)} ({found.ref})")
        return found

    def _rest(self, hs: str, under: list[DutyRule], found: DutyRule | None, on: date
              ) -> DutyRule | None:
        """The entry that gives the rest of ``hs`` beside the national lines ``under`` it: the
        shorter prefix ``found``, unless a tariff table lists lines under a code of six digits
        or more (:meth:`_listed_line`). A table lists every national line of a subheading it
        writes lines for, so they are all of the code; the shorter prefix then names no goods
        of it and is neither a candidate line nor the reason a lookup fails, whether it is not
        covered (Norway's chapters 1-24 with the 2019 tariff's lines under them), a curated
        heading rate (US 6403 8.5 % over the HTS lines of 6403.99, which ``highest`` would
        otherwise weigh as a line) or a general regime (the UAE's 5 % over the GCC table's
        lines). An entry at ``hs`` itself still stands beside the lines: it speaks of that very
        code (a split entry there aside: see :meth:`_took`). A curated duty there that charges
        otherwise means the code does not say which applies; a ``not_covered`` entry there (a
        table whose lines of the code were read in part: Egypt's) means the lines are not all
        of it, so the code fails closed naming them. A heading or chapter (shorter than a
        subheading) leaves a shorter prefix out likewise where each of its HS2022
        subheadings has its own entry (:meth:`_all_own`)."""
        if found is None:
            return None
        if len(hs) < 6:
            return None if len(found.hs) < len(hs) and self._all_own(hs, on) else found
        if ((len(found.hs) < len(hs) or self._split_lines(found, on) is not None)
                and any(self._listed_line(r, on) for r in under)):
            # but a kept code's split entry says its lines are not all of it (:meth:`_took`)
            return found if self._took(hs, found, on) is not None else None
        return found

    def _all_own(self, hs: str, on: date) -> bool:
        """Whether every HS2022 subheading of ``hs`` (a heading or chapter) is given by entries
        of its own on ``on``: an entry of six digits or more, or national lines a table lists
        (:meth:`_rest`). Then a prefix shorter than ``hs`` names none of its goods (the UAE's
        5 % beside the GCC table's lines of a heading it lists whole). Not where the
        shipped HS2022 table cannot be read (the shorter prefix then stays a candidate)."""
        subs = subheadings_under(hs)
        if not subs:
            return False
        for sub in subs:
            own = self._shorter(sub, on)
            if own is None:
                return False
            if len(own.hs) >= 6:
                continue
            lines = self._lines_under(sub, on)
            if not lines or self._rest(sub, lines, own, on) is not None:
                return False
        return True

    def _listed_line(self, rule: DutyRule, on: date) -> bool:
        """Whether ``rule`` is a line a tariff table lists on ``on``: the table's own entry,
        or a curated entry that replaces the table's line of the same code in force then."""
        if PurePath(rule.ref.file).parent.name == "tariffs":
            return True
        return any(span.covers(on) for (span,) in self.replaced.get(rule.hs, ()))

    def _listed(self, hs: str, on: date) -> str:
        """``hs``, or the code it is read as when a tariff table does not list it: a code of
        more than six digits that no entry of six digits or more starts (nor has lines under
        it), inside a subheading whose national lines a table gives, is not a line of that
        table's edition of the nomenclature (a CN 2026 code against the CN 2020 table, a
        mistyped line); since the table lists every line of the subheading, the goods are
        one of them, so the code is read as its subheading: priced where the subheading's
        lines all charge alike, else the ambiguity naming them; never as a shorter heading or
        general regime beside the lines. (Not at seven digits or more: a newer line need not
        belong to the group of older lines its digits share, CN 2022's 0307 22 95 with the
        other molluscs rather than CN 2020's 0307 22 90.)"""
        if len(hs) <= 6 or self._entries(hs).under:
            return hs
        found = self._shorter(hs, on)
        if found is not None and len(found.hs) >= 6:  # the general regime "*" is shorter
            return hs
        subheading = hs[:6]
        if any(self._listed_line(r, on) for r in self._lines_under(subheading, on)):
            return subheading
        return hs

    def _read_as(self, hs: str, listed: str, exc: MissingRule) -> str:
        """The error of ``listed`` told of the code given, ``hs``."""
        text = str(exc)
        head = f"{self.code}: "
        text = text[len(head):] if text.startswith(head) else text
        return (f"{self.code}: HS {hs} is not a line of the tariff table (read as HS {listed}, "
                f"whose lines the table lists): {text}")

    def _split(self, hs: str, entry: DutyRule, lines: list[tuple[str, DutyRule | None]],
               on: date) -> DutyRule:
        """The duty of a code carved from ``lines``: theirs where they all charge alike."""
        priced = [rule for _, rule in lines if rule is not None and not not_covered(rule)]
        if len(priced) == len(lines) and len({_terms(r) for r in priced}) == 1:
            return priced[0]
        named = tuple((code, "no rule" if rule is None else self._describe(rule, on))
                      for code, rule in lines)
        where = f"HS {hs}" if hs == entry.hs else f"HS {hs} (under {entry.hs})"
        carved = (f"it was carved from {len(lines)} tariff line(s) of an older nomenclature "
                  f"(the correlation table's)")
        if not priced:
            raise MissingRule(f"{self.code}: {where} is not covered by the duty rules on {on}: "
                              f"{carved}, and the rules give a duty for none of them "
                              f"({_shown(named)}) ({entry.ref})")
        raise AmbiguousHsCode(f"{self.code}: {where} does not say which duty applies: {carved} "
                              f"with different duties ({_shown(named)}): give the line the "
                              f"goods fall under ({entry.ref})", named)

    def _split_lines(self, rule: DutyRule, on: date) -> list[tuple[str, DutyRule | None]] | None:
        """The lines a split entry was carved from, each with its MFN rule (None: no rule);
        None for any other entry."""
        if not not_covered(rule):
            return None
        codes = next((c for span, c in self.splits.get(rule.hs, ()) if span.covers(on)), None)
        return None if codes is None else [(code, self._shorter(code, on)) for code in codes]

    def _shorter(self, hs: str, on: date) -> DutyRule | None:
        """The MFN rule of the longest prefix of ``hs`` (``hs`` itself included) valid on
        ``on``, else the general regime (``*``) where the file gives one."""
        for span, rule in self._entries(hs).mfn:  # Span.covers written out: a hot path
            if (span.start is None or span.start <= on) and (span.end is None or on <= span.end):
                return rule
        return None

    def _reason(self, rule: DutyRule) -> str:
        """The ``not_covered`` text of the entry (else a pointer to the entry)."""
        if rule.not_covered:
            return rule.not_covered
        found = _MFN_ENTRY.fullmatch(rule.ref.entry)
        duty = self.model.duty
        if found and rule.ref.file == self.file and duty is not None:
            index = int(found.group(1))
            if index < len(duty.mfn) and duty.mfn[index].not_covered:
                return str(duty.mfn[index].not_covered)
        return f"prefix {rule.hs} is marked not_covered (the entry says why)"

    def _describe(self, rule: DutyRule, on: date) -> str:
        """A line's duty for a person (:func:`describe_terms`); a split entry says so."""
        split = self._split_lines(rule, on)
        if split is not None:
            return f"split: carved from {len(split)} line(s) of an older nomenclature"
        return describe_terms(rule)

    def _lines_under(self, hs: str, on: date) -> list[DutyRule]:
        """The MFN rules of national lines longer than ``hs`` that start with it."""
        out = []
        for entries in self._entries(hs).under:
            for span, rule in entries:
                if span.covers(on):
                    out.append(rule)
                    break
        return out

    def _ambiguous(self, hs: str, under: list[DutyRule], on: date) -> MissingRule:
        """The error of a code over lines of different duties: AmbiguousHsCode naming the
        lines, or MissingRule when the rules give a duty for none of them."""
        choices = self._choices(hs, on)
        lines = tuple((label, "no rule" if rule is None else self._describe(rule, on))
                      for label, _, rule in choices)
        rest = self._rest(hs, under, self._shorter(hs, on), on)
        took = self._took(hs, rest, on)
        count = len(lines) - (rest is not None and took is None)  # the rest of hs: no line
        digits = max(len(r.hs) for r in under)
        if all(rule is None or not_covered(rule) for _, _, rule in choices):
            return MissingRule(
                f"{self.code}: HS {hs} is not covered by the duty rules on {on}: the rules give "
                f"a duty for none of its {count} national tariff line(s) ({_shown(lines)}) "
                f"({self._duty_file()})")
        if took is not None:
            return AmbiguousHsCode(
                f"{self.code}: HS {hs} covers {count} national tariff line(s) with different "
                f"duties, {count - len(under)} of them of older subheadings it took goods from "
                f"(the correlation table's) ({_shown(lines)}): give the line the goods fall "
                f"under ({rest.ref if rest is not None else self._duty_file()})", lines)
        return AmbiguousHsCode(
            f"{self.code}: HS {hs} covers {count} national tariff line(s) with different "
            f"duties ({_shown(lines)}): give the full {digits}-digit line "
            f"({self._duty_file()})", lines)

    def _duty_file(self) -> str:
        return f"tariff of {self.union}" if self.union else self.file

    def de_minimis_on(
        self, on: date, mode: str, ship_from: str, origin: str | None,
        buyer_type: str | None = None,
    ) -> tuple[DeMinimis, ...]:
        """The most specific thresholds of each kind that apply (see RuleBook.de_minimis)."""
        _check_mode(mode)
        ship_from = country_code(ship_from)
        origin = country_code(origin) if origin is not None else None
        matches: list[tuple[int, DeMinimis]] = []
        for span, dm in self.de_minimis:
            if not span.covers(on) or (dm.modes is not None and mode not in dm.modes):
                continue
            if dm.ship_from is not None and ship_from not in dm.ship_from:
                continue
            if dm.origins is not None and origin not in dm.origins:
                continue
            if dm.buyer_types is not None and buyer_type not in dm.buyer_types:
                continue
            score = sum(x is not None for x in (dm.modes, dm.ship_from, dm.origins,
                                                dm.buyer_types))
            matches.append((score, dm))
        chosen: list[DeMinimis] = []
        for kind in ("duty", "tax"):  # a "both" entry competes for duty and for tax
            found = [(s, dm) for s, dm in matches if dm.kind in (kind, "both")]
            top = max((s for s, _ in found), default=-1)
            chosen += [dm for s, dm in found if s == top and dm not in chosen]
        return tuple(dm for _, dm in matches if dm in chosen)

    def fees_on(self, on: date, mode: str) -> tuple[FeeRule, ...]:
        """Fees in force on ``on`` for transport ``mode``."""
        _check_mode(mode)
        return tuple(f for span, f in self.fees
                     if span.covers(on) and (f.modes is None or mode in f.modes))

    def uplift_on(self, on: date) -> TaxUplift | None:
        """The import-tax base's uplift in force on ``on``; a base that lists ``uplift`` with
        none in force on the day fails closed (never a silent 0)."""
        if "uplift" not in self.customs.tax_base:
            return None
        for span, uplift in self.uplift:
            if span.covers(on):
                return uplift
        raise MissingRule(f"{self.code}: the import-tax base adds an uplift of the customs "
                          f"value, but none is in force on {on} ({self.file})")

    def collection_on(self, on: date) -> tuple[TaxCollection, ...]:
        """Tax-collection schemes in force on ``on``."""
        return tuple(c for span, c in self.collection if span.covers(on))


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise InputError(f"unknown transport mode {mode!r}; use one of {sorted(MODES)}")


def _chapter(index: Mapping[str, V], code: str) -> Mapping[str, V]:
    """The part of ``index`` whose keys are in chapter ``code`` (all of it, if not split)."""
    return cast(Mapping[str, V], index.chapter(code)) if isinstance(index, ChapterIndex) \
        else index


def _matching(entries: tuple[Keyed[R], ...], origin: str, on: date) -> list[R]:
    """The rules of ``entries`` (longest prefix first) that apply to ``origin`` on ``on``."""
    # the origin first (most entries name other origins), then Span.covers written out:
    # this runs for every entry of every prefix of every lookup
    return [rule for span, origins, excluded, rule in entries
            if (origins is None or origin in origins) and origin not in excluded
            and (span.start is None or span.start <= on) and (span.end is None or on <= span.end)]


def _best(found: list[R], name: Callable[[R], str]) -> list[R]:
    """Keep, per agreement or duty name, the rule of the longest matching prefix."""
    if len(found) < 2:
        return found
    chosen: dict[str, R] = {}
    for rule in found:  # longest prefixes come first
        chosen.setdefault(name(rule), rule)
    return list(chosen.values())


def _charges(found: DutyLookup, claimed: bool) -> tuple[object, ...]:
    """What a lookup charges beside its MFN duty (which the lines of a code compared agree
    on), comparable across lines: the claimed preference (``claimed``) by agreement and
    each additional duty by name, with their terms and conditions (not the entry they come
    from)."""
    return ({p.agreement: (p.requires, _terms(p)) for p in found.preferential} if claimed
            else None,
            {a.name: (_terms(a), a.top_up_to, a.applies_with_preference,
                      a.applies_without_preference, a.only_for_use, a.except_for_use,
                      a.not_with)
             for a in found.additional})


def _charged(found: DutyLookup, claimed: bool) -> str:
    """A line's duties for a person: ``free + Section 301 7.5 %`` (and the claimed
    preference's, ``claimed``)."""
    parts = [describe_terms(found.mfn)]
    parts += [f"{a.name} not covered" if _unpriced(a) else f"{a.name} {describe_terms(a)}"
              + (f" (not with a {a.not_with} duty)" if a.not_with else "")
              for a in found.additional]
    parts += [f"{p.agreement} {describe_terms(p)}" for p in found.preferential
              if p.agreement and claimed]
    return " + ".join(parts)


def _unpriced(extra: AdditionalDuty) -> bool:
    """Whether an additional duty is one the rules do not give (``not_covered``)."""
    return (extra.rate is None and extra.specific is None and extra.declared is not None
            and extra.declared.unpriced is not None)


def _shown(lines: tuple[tuple[str, str], ...]) -> str:
    """The first eight lines and their duties, for a message."""
    shown = "; ".join(f"{code} {terms}" for code, terms in lines[:8])
    return shown + (f"; and {len(lines) - 8} more" if len(lines) > 8 else "")


def not_covered(rule: Terms) -> bool:
    """Whether ``rule`` marks a prefix the rules do not cover (no duty terms at all)."""
    return rule.rate is None and rule.specific is None and rule.declared is None


_TERM_FIELDS = attrgetter(*(term.name for term in fields(Terms)))


def _terms(rule: Terms) -> tuple[object, ...]:
    """What a duty charges: the values of its :class:`Terms` fields, comparable as a tuple."""
    return cast(tuple[object, ...], _TERM_FIELDS(rule))


def describe_terms(rule: Terms) -> str:
    """A duty's terms for a person: ``3.4 %``, ``0.01 USD/kg + 10 %``, ``free``."""
    top = getattr(rule, "top_up_to", None)
    if top is not None:  # before not_covered: a top-up has no terms of its own
        return f"up to {_percent(top)} with the line's duty"
    if not_covered(rule):
        return "not covered"
    parts = [f"{s.amount} {s.currency}/{s.per}"
             for s in (rule.specific, *rule.more) if s is not None]
    if rule.rate is not None and (rule.rate or not parts):
        parts.append("free" if not rule.rate else _percent(rule.rate))
    declared = rule.declared
    if declared is not None:
        if declared.unpriced is not None:
            return declared.unpriced.split(":", 1)[0].split(" ('", 1)[0]
        parts += [f"{_percent(p.rate)} on the {' and '.join(p.of)}" for p in declared.parts]
        parts += list(declared.agricultural)
        if declared.less_per_degree is not None:
            less = declared.less_per_degree
            parts.append(f"less {less.amount} {less.currency}/{less.per} per degree under "
                         f"{declared.below}")
    text = " + ".join(parts) or "free"
    for word, rate, spec in (("min", rule.min_rate, rule.min), ("max", rule.max_rate, rule.max)):
        limit = ([_percent(rate)] if rate is not None else []) + (
            [f"{spec.amount} {spec.currency}/{spec.per}"] if spec is not None else [])
        if word == "max" and declared is not None:
            limit += declared.max_agricultural
        if limit:
            text += f" ({word} {' + '.join(limit)})"
    if declared is not None and declared.out_of_quota is not None:
        text += f" in quota, {describe_terms(declared.out_of_quota)} out of quota"
    return text


def _percent(rate: Decimal) -> str:
    return percent_text(rate, space=" ")
