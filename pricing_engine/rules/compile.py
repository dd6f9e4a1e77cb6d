"""Turn validated rule files into the lookup form: result records with spans and references.

Runs once per load. Each entry becomes a slotted record carrying a RuleRef (file, line, entry
path, source), grouped by HS prefix or rate class and sorted, so lookups only filter.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, TypeVar

from pricing_engine.documents import Document, Loc
from pricing_engine.rules import results
from pricing_engine.rules.country import CountryRules, RateTable
from pricing_engine.rules.duty_terms import Keyed
from pricing_engine.rules.fields import Dated, Meta, SpecificModel
from pricing_engine.rules.model import (
    AdditionalEntry,
    CountryFile,
    Customs,
    DeMinimisEntry,
    Duty,
    DutyAmounts,
    DutyTerms,
    FeeEntry,
    MfnEntry,
    PreferentialEntry,
    QuotaDuty,
    RateEntry,
    TariffFile,
    TaxBaseUplift,
    UnionFile,
)
from pricing_engine.rules.timeline import Span, timelines

__all__ = ["Origin", "compile_country"]

D = TypeVar("D", bound=Dated)


@dataclass(frozen=True, slots=True)
class Origin:
    """A parsed file: its model, its YAML positions and its sources by id."""

    doc: Document
    sources: Mapping[str, str]
    default_source: str | None = None
    checked: date | None = None  # the day the file was last checked (RuleRef.checked)

    @classmethod
    def of(cls, doc: Document, model: CountryFile | UnionFile | TariffFile) -> Origin:
        """Index a file's sources as ``title <url>`` by id.

        A tariff table's entries that name no source cite the table's first source.
        """
        titles = {s.id: s.title + (f" <{s.url}>" if s.url else "") for s in model.sources}
        if isinstance(model, TariffFile):
            return cls(doc, titles, titles[model.sources[0].id], model.last_checked)
        return cls(doc, titles, None, model.as_of)

    def ref(self, loc: Loc, entry: Meta) -> results.RuleRef:
        """The reference of the entry at ``loc``."""
        name = ""
        for part in loc:
            name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
        source = self.sources.get(entry.source) if entry.source else self.default_source
        line = self.doc.mark(loc)[0]
        note = entry.note if entry.confidence == "low" else None  # what a review checks
        return results.RuleRef(self.doc.path, line, name, source, entry.confidence, note,
                               self.checked)


def compile_country(
    model: CountryFile, origin: Origin, union: tuple[UnionFile, Origin] | None,
    members: Mapping[str, frozenset[str]],
    tariffs: Sequence[tuple[TariffFile, Origin]] = (),
) -> CountryRules:
    """Compile one country file (with its union's customs and tariff) into CountryRules.

    ``tariffs`` are the tariff tables of the country (or of its union, for a member), in
    order: their lines come under the curated duty rules, which win on the same HS prefix (and
    agreement with an origin in common, or additional duty name); an earlier table wins over a
    later one the same way.
    """
    customs_src, duty_src = origin, origin
    customs, duty = model.customs, model.duty
    if union is not None:
        customs, duty = union[0].customs, union[0].duty
        customs_src = duty_src = union[1]
    customs = customs or Customs(valuation="CIF")
    tax = None
    if model.tax is not None:
        tax = _table(model.tax.name, "national", "at_border", model.tax.rates,
                     model.tax.classes, origin, ("tax", "rates"), model.tax.recoverable)
    subs = {
        code: tuple(
            _table(t.name, t.mode, t.collected, t.rates, t.classes, origin,
                   ("subdivisions", code, "taxes", i, "rates"), t.recoverable)
            for i, t in enumerate(sub.taxes)
        )
        for code, sub in model.subdivisions.items()
    }
    fee_base = customs.fee_base
    mfn, pref, extra, surcharges, splits, replaced = _duty_indexes(duty or Duty(), duty_src,
                                                                   members, tariffs)
    fees = _dated(model.fees, lambda f: f.code or f.name, origin, ("fees",),
                  lambda e, ref: _fee(e, ref, fee_base))
    return CountryRules(
        code=model.country,
        currency=model.currency,
        union=model.union,
        file=origin.doc.path,
        model=model,
        customs=customs,
        tax=tax,
        subdivisions=MappingProxyType(subs),
        has_duty=duty is not None or bool(tariffs),
        mfn=mfn, preferential=pref, additional=extra, surcharges=surcharges, fees=fees,
        mfn_keys=tuple(sorted(mfn)), splits=splits, replaced=replaced,
        **_withheld_lines(duty or Duty(), duty_src, tariffs),
        de_minimis=_dated(customs.de_minimis, DeMinimisEntry.timeline_key, customs_src,
                          ("customs", "de_minimis"), _de_minimis),
        rounding_ref=None if customs.rounding is None else customs_src.ref(
            ("customs", "rounding"), customs.rounding),
        uplift=_dated(customs.tax_base_uplift, TaxBaseUplift.timeline_key, customs_src,
                      ("customs", "tax_base_uplift"), lambda e, ref: results.TaxUplift(
                          e.rate, e.except_origins, ref)),
        collection=_dated(customs.tax_collection, lambda c: c.scheme, customs_src,
                          ("customs", "tax_collection"), lambda e, ref: results.TaxCollection(
                              e.scheme, e.collected, e.holder, e.buyer_types,
                              e.max_consignment, ref)),
    )


R = TypeVar("R")


def _dated(
    entries: Sequence[D], key: Callable[[D], Hashable], origin: Origin, loc: Loc,
    build: Callable[[D, results.RuleRef], R],
) -> tuple[tuple[Span, R], ...]:
    spans, _problems = timelines(entries, key)
    return tuple((spans[i], build(e, origin.ref((*loc, i), e))) for i, e in enumerate(entries))


def _de_minimis(e: DeMinimisEntry, ref: results.RuleRef) -> results.DeMinimis:
    flat = e.flat_duty
    return results.DeMinimis(e.kind, e.amount, e.basis, ref, e.modes, e.ship_from, e.origins,
                             e.buyer_types, None if flat is None else results.Specific(
                                 flat.amount.amount, flat.amount.currency.code, flat.per))


def _table(
    name: str, mode: str, collected: str, rates: Sequence[RateEntry], classes: Mapping[str, str],
    origin: Origin, loc: Loc, recoverable: bool,
) -> RateTable:
    by_class: dict[str, list[tuple[Span, results.TaxHit]]] = {}
    spans, _problems = timelines(rates, lambda r: r.rate_class)
    for i, entry in enumerate(rates):
        hit = results.TaxHit(name, entry.rate, entry.rate_class,
                             mode, collected,  # type: ignore[arg-type]
                             origin.ref((*loc, i), entry), recoverable)
        by_class.setdefault(entry.rate_class, []).append((spans[i], hit))
    return RateTable(name, mode, collected,  # type: ignore[arg-type]
                     MappingProxyType({k: tuple(v) for k, v in by_class.items()}),
                     MappingProxyType(dict(classes)), recoverable)


_DutyIndexes = tuple[
    Mapping[str, tuple[tuple[Span, results.DutyRule], ...]],
    Mapping[str, tuple[Keyed[results.DutyRule], ...]],
    Mapping[str, tuple[Keyed[results.AdditionalDuty], ...]],
    tuple[tuple[Span, results.Surcharge], ...],
    Mapping[str, tuple[tuple[Span, tuple[str, ...]], ...]],
    Mapping[str, tuple[tuple[Span], ...]],
]


def _duty_indexes(
    duty: Duty, origin: Origin, members: Mapping[str, frozenset[str]],
    tariffs: Sequence[tuple[TariffFile, Origin]],
) -> _DutyIndexes:
    mfn = _Lines()
    pref: dict[str, list[Keyed[results.DutyRule]]] = {}
    extra: dict[str, list[Keyed[results.AdditionalDuty]]] = {}
    layers: list[tuple[Duty, Origin, Loc]] = [(duty, origin, ("duty",))]
    layers += [(table.duty(), src, ()) for table, src in tariffs]
    expanded: dict[tuple[str, ...], frozenset[str]] = {}  # thousands of entries share a list

    def expand(codes: Sequence[str]) -> frozenset[str]:
        key = tuple(codes)
        got = expanded.get(key)
        if got is None:
            got = expanded[key] = _expand(key, members)
        return got

    # what the layers above the one being added give: the origins each agreement serves at
    # a prefix, the additional duties by name and prefix (grown layer by layer, not
    # gathered again from every entry for each layer)
    agreed: dict[tuple[str | None, str], set[str]] = {}
    named: set[tuple[str, str]] = set()
    for layer, src, at in layers:
        mfn.add(layer.mfn, src, (*at, "mfn"), curated_layer=layer is duty)
        given: list[tuple[tuple[str | None, str], frozenset[str]]] = []
        spans, _ = timelines(layer.preferential, lambda e: (e.agreement, e.hs, e.origins))
        for i, p in enumerate(layer.preferential):
            served = expand(p.origins)
            if not served.isdisjoint(agreed.get((p.agreement, p.hs), ())):
                continue  # an upper layer gives this agreement here for these origins
            rule = _rule(p, p.hs, p.agreement, p.requires,
                         src.ref((*at, "preferential", i), p))
            pref.setdefault(p.hs, []).append((spans[i], served, frozenset(), rule))
            given.append(((p.agreement, p.hs), served))
        for found, served in given:
            agreed.setdefault(found, set()).update(served)
        spans, _ = timelines(layer.additional, lambda e: (e.name, e.hs, e.origins))
        added: list[tuple[str, str]] = []
        for i, a in enumerate(layer.additional):
            if (a.name, a.hs) in named:  # the same duty at the same prefix: the upper layer's
                continue
            added.append((a.name, a.hs))
            ref = src.ref((*at, "additional", i), a)
            terms = _terms(a)
            if a.not_covered is not None:  # a lookup under it fails closed with the reason
                terms["declared"] = results.Declared(unpriced=a.not_covered)
            elif a.out_of_quota is not None:  # a safeguard's quota: the line says which side
                terms["declared"] = results.Declared(out_of_quota=_quota(a.out_of_quota))
            add = results.AdditionalDuty(**terms, name=a.name, hs=a.hs,
                                         applies_with_preference=a.applies_with_preference,
                                         ref=ref, top_up_to=a.top_up_to,
                                         only_for_use=a.only_for_use,
                                         applies_without_preference=(
                                             a.applies_without_preference),
                                         except_for_use=a.except_for_use,
                                         not_with=a.not_with, not_priced=a.not_priced)
            origins = expand(a.origins) if a.origins is not None else None
            extra.setdefault(a.hs, []).append((spans[i], origins,
                                               expand(a.except_origins), add))
        named.update(added)
    surcharges = _dated(duty.surcharges, lambda s: s.name, origin, ("duty", "surcharges"),
                        lambda e, ref: results.Surcharge(e.name, e.rate, e.base, ref))
    return (_freeze(mfn.rules), _freeze(pref), _freeze(extra), surcharges,
            _freeze(mfn.splits), _freeze(mfn.replaced))


def _withheld_lines(duty: Duty, origin: Origin, tariffs: Sequence[tuple[TariffFile, Origin]]
                    ) -> dict[str, Any]:
    """The CountryRules fields of the ``withheld`` lines of the curated rules and the tables
    (the rates charged on goods of origins denied MFN), layered as the MFN lines are."""
    lines = _Lines()
    lines.add(duty.withheld, origin, ("duty", "withheld"), curated_layer=True)
    for table, src in tariffs:
        lines.add(table.duty().withheld, src, ("withheld",), curated_layer=False)
    return {"withheld": _freeze(lines.rules), "withheld_keys": tuple(sorted(lines.rules)),
            "withheld_splits": _freeze(lines.splits),
            "withheld_replaced": _freeze(lines.replaced)}


class _Lines:
    """MFN-shaped lines by code, layer by layer: a code an upper (curated) layer gives is its,
    a table only adds lines (see FORMAT.md, tariff table)."""

    def __init__(self) -> None:
        self.rules: dict[str, list[tuple[Span, results.DutyRule]]] = {}
        self.splits: dict[str, list[tuple[Span, tuple[str, ...]]]] = {}  # lines a split names
        self.replaced: dict[str, list[tuple[Span]]] = {}  # table lines a curated one replaces

    def add(self, entries: Sequence[MfnEntry], src: Origin, at: Loc, *,
            curated_layer: bool) -> None:
        curated = set(self.rules)  # a prefix the curated rules give is theirs
        spans, _ = timelines(entries, lambda e: e.hs)
        for i, e in enumerate(entries):
            if e.hs in curated:
                if curated_layer:
                    continue
                # a table's line under a code an upper layer gives: replaced when it is in
                # force; listed after the upper layer's entries, it answers only on the days
                # none of them is in force (a curated entry dated to end before the table)
                self.replaced.setdefault(e.hs, []).append((spans[i],))
            self.rules.setdefault(e.hs, []).append(
                (spans[i], _rule(e, e.hs, None, None, src.ref((*at, i), e))))
            if e.split is not None:
                self.splits.setdefault(e.hs, []).append((spans[i], e.split))


V = TypeVar("V")


def _freeze(index: dict[str, list[V]]) -> Mapping[str, tuple[V, ...]]:
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


def _expand(codes: Sequence[str], members: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The countries ``codes`` name, each union (EU, EAEU ...) given as its members."""
    out: set[str] = set()
    for code in codes:
        group = members.get(code)
        if group is None:
            out.add(code)
        else:
            out |= group
    return frozenset(out)


def _rule(e: DutyTerms, hs: str, agreement: str | None, requires: str | None,
          ref: results.RuleRef) -> results.DutyRule:
    return results.DutyRule(**_terms(e), hs=hs, agreement=agreement, requires=requires, ref=ref,
                            valid_from=e.valid_from, valid_to=e.valid_to,
                            not_covered=_not_covered(e),
                            excluded=e.excluded if isinstance(e, PreferentialEntry) else None)


def _not_covered(e: DutyTerms) -> str | None:
    """Why the entry gives no duty, if its kind can say (getattr with a default would ask
    pydantic's __getattr__, which raises, for a kind without the field)."""
    return (e.not_covered if isinstance(e, MfnEntry | AdditionalEntry | PreferentialEntry)
            else None)


def _terms(e: DutyTerms) -> dict[str, Any]:
    """The fields of :class:`~pricing_engine.rules.results.Terms` that ``e`` gives."""
    return {**_amounts(e), "declared": _declared(e)}


def _amounts(e: DutyAmounts) -> dict[str, Any]:
    """The fields of :class:`~pricing_engine.rules.results.Terms` but ``declared``."""
    first, more = _specifics(e.specific)
    return {"rate": e.rate, "specific": first, "min": _spec(e.min), "max": _spec(e.max),
            "more": more, "min_rate": e.min_rate, "max_rate": e.max_rate}


#: What a quote of a line whose duty the rules cannot compute is told (entry price system).
_ENTRY_PRICE = ("entry price system: the duty depends on the consignment's entry price (CN "
               "Annex 2), whose bands no table gives; price it by hand from the entry-price "
               "duty")


def _declared(e: DutyTerms) -> results.Declared | None:
    """The terms of ``e`` that need a figure of the quote line (None: it has none)."""
    if e.parts is None and e.less_per_degree is None and e.agricultural is None \
            and e.reference is None and e.entry_price is None and e.out_of_quota is None:
        return None
    less = e.less_per_degree
    unpriced = _ENTRY_PRICE if e.entry_price else None
    if e.reference is not None:
        unpriced = (f"the duty is that of another provision ('{e.reference}'): quote the "
                    "components, or the article, under their own HS codes")
    return results.Declared(
        tuple(results.PartRate(p.rate, p.of) for p in e.parts or ()),
        None if less is None else results.Specific(less.amount, less.currency, less.per),
        None if less is None else less.below, e.agricultural or (), e.max_agricultural or (),
        unpriced, None if e.out_of_quota is None else _quota(e.out_of_quota))


def _quota(q: QuotaDuty) -> results.Terms:
    """The duty beyond a tariff quota, as plain terms (nothing in them needs the line)."""
    return results.Terms(**_amounts(q), declared=None)


def _specifics(
    given: tuple[SpecificModel, ...] | None,
) -> tuple[results.Specific | None, tuple[results.Specific, ...]]:
    """A duty's first specific amount, and the others (all due)."""
    if not given:
        return None, ()
    first, *more = (results.Specific(s.amount, s.currency, s.per) for s in given)
    return first, tuple(more)


def _spec(s: SpecificModel | None) -> results.Specific | None:
    return None if s is None else results.Specific(s.amount, s.currency, s.per)


def _fee(e: FeeEntry, ref: results.RuleRef, fee_base: str) -> results.FeeRule:
    return results.FeeRule(
        e.name, e.code, e.rate, e.fixed,
        e.min, e.max,
        e.base or fee_base, e.per, e.modes, e.exempt_agreements, ref,
        e.value_over, e.value_at_most,
    )
