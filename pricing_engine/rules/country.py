"""One country's compiled rules: tax rates, duty lookups, de minimis, fees.

Built once per load by compile.py: every entry is already a result record with its span and
reference, grouped in plain dicts, so lookups only filter (no pydantic work per call). The
duty lookups are :class:`~pricing_engine.rules.duty_lookup.DutyLookups` (duty_index.py,
duty_mfn.py, duty_lookup.py), which :class:`CountryRules` is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Literal

from pricing_engine.countries import country_code, subdivision_code
from pricing_engine.errors import InputError, MissingRule, UnknownCountry
from pricing_engine.rules.duty_index import ChapterPart, CodeEntries
from pricing_engine.rules.duty_lookup import DutyLookups
from pricing_engine.rules.duty_terms import Keyed
from pricing_engine.rules.model import CountryFile, Customs
from pricing_engine.rules.results import (
    AdditionalDuty,
    DeMinimis,
    DutyRule,
    FeeRule,
    RuleRef,
    Surcharge,
    TaxCollection,
    TaxHit,
    TaxUplift,
)
from pricing_engine.rules.timeline import Span

__all__ = ["DUTY_FIELDS", "MODES", "CountryRules", "RateTable"]

MODES = frozenset({"sea", "air", "road", "rail", "courier", "post"})


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


#: The CountryRules fields of a tariff, which the members of a customs union share (the
#: union's compiled duty rules: the book builds them once, the cache writes them once).
DUTY_FIELDS = ("has_duty", "mfn", "mfn_keys", "preferential", "additional", "surcharges",
               "splits", "replaced", "withheld", "withheld_keys", "withheld_splits",
               "withheld_replaced")


@dataclass(frozen=True, slots=True)
class CountryRules(DutyLookups):
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
    _prefixes: dict[str, CodeEntries] = field(default_factory=dict, init=False, repr=False,
                                            compare=False)
    #: a chapter's part of the MFN, preference and additional-duty indexes and their keys,
    #: by chapter (:meth:`_chapter_index`)
    _chapters: dict[str, ChapterPart] = field(
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
