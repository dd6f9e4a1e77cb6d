"""Semantic checks of a rule set: what no single field can tell.

File names against codes, source ids, tax classes referenced but not defined, timelines
(overlaps, gaps, duplicate prefixes), subdivision codes, origins and union membership. Every
problem is collected (CI wants all of them at once), each at its YAML node.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from pricing_engine.countries import country_code, is_subdivision
from pricing_engine.documents import Document, Loc
from pricing_engine.errors import InputError, RuleFileError
from pricing_engine.rules.fields import Dated
from pricing_engine.rules.incoterms import ELEMENTS, INCOTERMS_2020, IncotermsFile
from pricing_engine.rules.model import (
    CountryFile,
    Customs,
    DeMinimisEntry,
    Duty,
    TariffFile,
    Tax,
    TaxBaseUplift,
    UnionFile,
)
from pricing_engine.rules.parse import ParsedFile
from pricing_engine.rules.timeline import timelines

__all__ = ["by_position", "check_rule_set", "tariff_part"]

#: The part of a tariff table's file name after its code: ``US.chapter99.yaml``.
_PART = re.compile(r"[a-z0-9][a-z0-9_-]*")


def tariff_part(label: str) -> str:
    """Which of its code's tables a tariff file is: ``chapter99`` for ``US.chapter99.yaml``,
    ``""`` for ``US.yaml``. A country may have one table of each part."""
    return PurePath(label).stem.partition(".")[2]


class _Context:
    """What the whole set knows: unions and their members, countries and their files."""

    def __init__(self, files: Sequence[ParsedFile]) -> None:
        self.unions: dict[str, UnionFile] = {}
        self.countries: dict[str, CountryFile] = {}
        self.broken = {(f.kind, f.code) for f in files if f.checked is None}
        self.broken_unions = {f.code for f in files if f.kind == "union" and f.checked is None}
        for f in files:
            model = f.checked[0] if f.checked else None
            if isinstance(model, UnionFile):
                self.unions[model.union] = model
            elif isinstance(model, CountryFile):
                self.countries[model.country] = model

    def is_origin(self, code: str) -> bool:
        if code in self.unions:
            return True
        try:
            return country_code(code) == code
        except InputError:
            return False


def check_rule_set(files: Sequence[ParsedFile]) -> list[RuleFileError]:
    """Every semantic error of the parsed files, in file and line order."""
    ctx = _Context(files)
    errors: list[RuleFileError] = list(_duplicates(files))
    for f in files:
        if f.checked is None:
            continue
        model, doc = f.checked
        if isinstance(model, CountryFile):
            errors += _country(model, doc, ctx)
        elif isinstance(model, UnionFile):
            errors += _union(model, doc, ctx)
        elif isinstance(model, TariffFile):
            errors += _tariff(model, doc, ctx)
        else:
            errors += _incoterms(model, doc)
    return by_position(errors)


def by_position(errors: Iterable[RuleFileError]) -> list[RuleFileError]:
    """``errors`` in file, line and column order (how every check reports them)."""
    return sorted(errors, key=lambda e: (e.path, e.line, e.column))


def _duplicates(files: Sequence[ParsedFile]) -> Iterator[RuleFileError]:
    seen: dict[tuple[str, str | None], str] = {}
    for f in files:
        if f.kind is None or f.doc is None:
            continue
        code = f"{f.code}.{tariff_part(f.label)}" if f.kind == "tariff" else f.code
        first = seen.setdefault((f.kind, code), f.label)
        if first != f.label:
            yield f.doc.error((f.kind,) if f.kind != "incoterms" else (),
                              f"{f.kind} {f.code} is defined again (first in {first})")


def _country(m: CountryFile, doc: Document, ctx: _Context) -> Iterator[RuleFileError]:
    yield from _file_name(doc, m.country, "country")
    yield from _sources(m, doc)
    if m.union is not None:
        union = ctx.unions.get(m.union)
        if union is None and m.union in ctx.broken_unions:
            pass  # the union file has errors of its own
        elif union is None:
            yield doc.error(("union",), f"unknown customs union {m.union!r} (no union file)")
        elif m.country not in union.members:
            yield doc.error(("union",), f"{m.country} is not a member of {m.union}")
        for key in ("customs", "duty"):
            if key in doc.data:
                yield doc.error((key,), f"a member of {m.union} inherits `{key}` from the "
                                f"union file; remove it here", key=True)
    else:
        for code, union in ctx.unions.items():
            if m.country in union.members:
                yield doc.error(("country",), f"{code} lists {m.country} as a member: "
                                f"add `union: {code}`")
        if "customs" not in doc.data:
            yield doc.error((), "missing key 'customs' (required unless the country is in a "
                            "customs union)")
    if m.tax is None and not m.no_tax_reason:
        yield doc.error(("tax",), "tax is null: say why in `no_tax_reason`")
    if m.tax is not None:
        yield from _tax(m.tax, doc)
    yield from _subdivisions(m, doc)
    if m.customs is not None:
        yield from _customs(m.customs, doc)
    if m.duty is not None:
        yield from _duty(m.duty, doc, ctx)
    yield from _timeline(doc, ("fees",), m.fees, lambda e: e.code or e.name)


def _union(m: UnionFile, doc: Document, ctx: _Context) -> Iterator[RuleFileError]:
    yield from _file_name(doc, m.union, "union")
    yield from _sources(m, doc)
    seen: set[str] = set()
    for i, member in enumerate(m.members):
        if member in seen:
            yield doc.error(("members", i), f"member {member} is listed twice")
        seen.add(member)
        country = ctx.countries.get(member)
        if ctx.countries and country is None:
            yield doc.error(("members", i), f"member {member} has no country file")
        elif country is not None and country.union != m.union:
            yield doc.error(("members", i), f"the file of {member} does not say "
                            f"`union: {m.union}`")
    yield from _customs(m.customs, doc)
    if m.duty is not None:
        yield from _duty(m.duty, doc, ctx)
        for i, _ in enumerate(m.duty.mfn_withheld):
            yield doc.error(("duty", "mfn_withheld", i), "origins denied MFN are a member "
                            "state's decision: give mfn_withheld in the country files")
    yield from _timeline(doc, ("fees",), m.fees, lambda e: e.code or e.name)


def _incoterms(m: IncotermsFile, doc: Document) -> Iterator[RuleFileError]:
    if m.elements != ELEMENTS:
        yield doc.error(("elements",), f"elements must list the 10 cost elements in shipment "
                        f"order: {', '.join(ELEMENTS)}")
    missing = [c for c in INCOTERMS_2020 if c not in m.rules]
    unknown = [c for c in m.rules if c not in INCOTERMS_2020]
    if missing or unknown:
        yield doc.error(("rules",), f"rules must be the 11 Incoterms 2020 rules (missing: "
                        f"{', '.join(missing) or 'none'}; unknown: {', '.join(unknown) or 'none'})",
                        key=True)
    for code, rule in m.rules.items():
        absent = [e for e in ELEMENTS if e not in rule.costs]
        if absent:
            yield doc.error(("rules", code, "costs"), f"costs must name every cost element; "
                            f"missing: {', '.join(absent)}", key=True)


def _file_name(doc: Document, code: str, key: str) -> Iterator[RuleFileError]:
    """In the documented layout (countries/XX.yaml, unions/XX.yaml) the name is the code."""
    path = PurePath(doc.path)
    if path.parent.name in ("countries", "unions") and path.stem != code:
        yield doc.error((key,), f"file name {PurePath(doc.path).name!r} disagrees with "
                        f"{key} {code}: name it {code}.yaml")


def _sources(m: CountryFile | UnionFile | TariffFile, doc: Document) -> Iterator[RuleFileError]:
    ids: set[str] = set()
    for i, s in enumerate(m.sources):
        if s.id in ids:
            yield doc.error(("sources", i, "id"), f"source id {s.id!r} is used twice")
        ids.add(s.id)
    for loc, node in _walk(m, ()):
        source = getattr(node, "source", None)
        if isinstance(source, str) and source not in ids:
            yield doc.error((*loc, "source"), f"unknown source id {source!r}; "
                            f"known: {', '.join(sorted(ids))}")


def _walk(node: Any, loc: Loc) -> Iterator[tuple[Loc, BaseModel]]:
    """Every model under ``node`` (itself included) that names a source or may hold one that
    does (:func:`_may_hold_sourced`), with its location, depth first in field order.
    Iterative: a table's quarter of a million entries would otherwise pass each model up a
    chain of nested generators."""
    stack: list[tuple[Loc, Any]] = [(loc, node)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, BaseModel):
            yield loc, node
            children = [((*loc, key), value) for name, key in _field_keys(type(node))
                        if isinstance(value := getattr(node, name), (BaseModel, tuple, dict))]
        elif isinstance(node, tuple):
            children = [((*loc, i), item) for i, item in enumerate(node)
                        if isinstance(item, (BaseModel, tuple, dict))]
        else:  # a dict: the only other kind pushed
            children = [((*loc, key), item) for key, item in node.items()
                        if isinstance(item, (BaseModel, tuple, dict))]
        stack.extend(reversed(children))


_FIELD_KEYS: dict[type[BaseModel], tuple[tuple[str, str], ...]] = {}


def _field_keys(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """The (attribute, key as written) of each field of ``cls`` whose type may hold a model."""
    keys = _FIELD_KEYS.get(cls)
    if keys is None:
        keys = _FIELD_KEYS[cls] = tuple((name, info.alias or name)
                                        for name, info in cls.model_fields.items()
                                        if _may_hold_sourced(info.annotation))
    return keys


def _may_hold_sourced(annotation: Any) -> bool:
    """Whether a field of this type may hold a model that names a source (``source``), in a
    tuple or dict or not (when unsure: yes). A table's entries name one; the amounts, parts
    and quotas inside them do not, so the walk does not open them."""
    if annotation is None or annotation is type(None):
        return False
    if isinstance(annotation, type) and get_origin(annotation) is None:
        if issubclass(annotation, BaseModel):
            return _sourced(annotation)
        return not issubclass(annotation, _LEAVES)
    args = get_args(annotation)
    if get_origin(annotation) is Literal:
        return False
    if get_origin(annotation) is Annotated:
        return _may_hold_sourced(args[0])
    if get_origin(annotation) in (Union, UnionType):
        return any(_may_hold_sourced(a) for a in args)
    if get_origin(annotation) in _CONTAINERS and args:  # tuple[str, ...]: no model inside
        return any(_may_hold_sourced(a) for a in args if a is not Ellipsis)
    return True


_SOURCED: dict[type[BaseModel], bool] = {}


def _sourced(cls: type[BaseModel]) -> bool:
    """Whether a model of ``cls`` names a source or may hold one that does."""
    found = _SOURCED.get(cls)
    if found is None:
        _SOURCED[cls] = True  # a model that may hold its own kind: unsure while asked
        found = _SOURCED[cls] = "source" in cls.model_fields or any(
            _may_hold_sourced(info.annotation) for info in cls.model_fields.values())
    return found


#: Generic containers whose type arguments say all they may hold (a mapping: its keys and
#: values).
_CONTAINERS = (tuple, list, set, frozenset, dict, Sequence, Mapping)


#: Types whose values hold no model (a subclass of BaseModel is still walked).
_LEAVES = (str, int, float, Decimal, date, Enum)


def _tax(tax: Tax, doc: Document) -> Iterator[RuleFileError]:
    yield from _rates(doc, ("tax",), tax.rates, tax.classes, tax.name)


def _rates(doc: Document, loc: Loc, rates: Sequence[Any], classes: Mapping[str, str],
           name: str) -> Iterator[RuleFileError]:
    defined = {r.rate_class for r in rates}
    # Entries set aside for field errors still define their class: no cascade of errors.
    raw = doc.raw((*loc, "rates"))
    written = {str(r.get("class")) for r in raw if isinstance(r, dict)} \
        if isinstance(raw, list) else set()
    known = ", ".join(sorted(defined | written))
    for product, rate_class in classes.items():
        if rate_class not in defined and rate_class not in written:
            yield doc.error((*loc, "classes", product), f"class {product!r} maps to rate class "
                            f"{rate_class!r}, which {name} does not define "
                            f"(defined: {known})")
    yield from _timeline(doc, (*loc, "rates"), rates, lambda r: r.rate_class)


def _subdivisions(m: CountryFile, doc: Document) -> Iterator[RuleFileError]:
    for code, sub in m.subdivisions.items():
        if not code.startswith(m.country + "-") or not is_subdivision(code):
            yield doc.error(("subdivisions", code), f"{code!r} is not an ISO 3166-2 "
                            f"subdivision of {m.country}", key=True)
        for i, t in enumerate(sub.taxes):
            yield from _rates(doc, ("subdivisions", code, "taxes", i), t.rates, t.classes,
                              t.name)


def _customs(c: Customs, doc: Document) -> Iterator[RuleFileError]:
    if "customs_value" not in c.tax_base:
        yield doc.error(("customs", "tax_base"), "tax_base must include customs_value")
    if "uplift" in c.tax_base and not c.tax_base_uplift:
        yield doc.error(("customs", "tax_base"), "tax_base lists uplift: give its rate in "
                        "tax_base_uplift")
    if c.tax_base_uplift and "uplift" not in c.tax_base:
        yield doc.error(("customs", "tax_base_uplift"), "tax_base_uplift is given but "
                        "tax_base does not list uplift", key=True)
    yield from _timeline(doc, ("customs", "tax_base_uplift"), c.tax_base_uplift,
                         TaxBaseUplift.timeline_key)
    yield from _timeline(doc, ("customs", "de_minimis"), c.de_minimis,
                         DeMinimisEntry.timeline_key)
    yield from _timeline(doc, ("customs", "tax_collection"), c.tax_collection,
                         lambda t: t.scheme)


def _tariff(m: TariffFile, doc: Document, ctx: _Context) -> Iterator[RuleFileError]:
    path = PurePath(doc.path)
    code, dot, part = path.stem.partition(".")
    misnamed = code != m.tariff or (dot and not _PART.fullmatch(part))
    if path.parent.name == "tariffs" and misnamed:
        more = f" (or {m.tariff}.<part>.yaml, part in lower-case letters, digits, _ and -)"
        yield doc.error(("tariff",), f"file name {path.name!r} disagrees with tariff "
                        f"{m.tariff}: name it {m.tariff}.yaml{more if dot else ''}")
    yield from _sources(m, doc)
    country = ctx.countries.get(m.tariff)
    if m.tariff in ctx.unions or ("union", m.tariff) in ctx.broken or (
            "country", m.tariff) in ctx.broken:
        pass
    elif country is None:
        yield doc.error(("tariff",), f"no country or union file for tariff {m.tariff}: a "
                        "tariff table extends the duty rules of one")
    elif country.union is not None:
        yield doc.error(("tariff",), f"{m.tariff} takes its tariff from {country.union}: name "
                        f"the table `tariff: {country.union}`")
    yield from _duty(m.duty(), doc, ctx, at=())


def _duty(d: Duty, doc: Document, ctx: _Context, *, at: Loc = ("duty",)
          ) -> Iterator[RuleFileError]:
    yield from _timeline(doc, (*at, "mfn"), d.mfn, lambda e: e.hs,
                         what=lambda e: f"HS prefix {e.hs}")
    yield from _timeline(doc, (*at, "preferential"), d.preferential,
                         lambda e: (e.agreement, e.hs, e.origins),
                         what=lambda e: f"preference {e.agreement} for HS {e.hs}")
    yield from _timeline(doc, (*at, "additional"), d.additional,
                         lambda e: (e.name, e.hs, e.origins),
                         what=lambda e: f"additional duty {e.name} for HS {e.hs}")
    yield from _timeline(doc, (*at, "surcharges"), d.surcharges, lambda e: e.name)
    yield from _splits(d, doc, at)
    yield from _timeline(doc, (*at, "withheld"), d.withheld, lambda e: e.hs,
                         what=lambda e: f"withheld-origin line {e.hs}")
    for i, line in enumerate(d.withheld):
        if line.split is not None:
            yield doc.error((*at, "withheld", i, "split"), "a withheld-origin line is a line "
                            "of the schedule that prices it: give its duty, or not_covered")
    yield from _timeline(doc, (*at, "mfn_withheld"), d.mfn_withheld, lambda e: e.origins,
                         what=lambda e: f"MFN withheld from {', '.join(e.origins)}")
    for part, entries in (("preferential", d.preferential), ("additional", d.additional),
                          ("mfn_withheld", d.mfn_withheld)):
        for i, e in enumerate(entries):
            for field in ("origins", "except_origins"):
                for j, code in enumerate(getattr(e, field, None) or ()):
                    if not ctx.is_origin(code):
                        yield doc.error((*at, part, i, field, j), f"unknown origin "
                                        f"{code!r}: not an ISO 3166-1 alpha-2 code or a union")


def _splits(d: Duty, doc: Document, at: Loc) -> Iterator[RuleFileError]:
    """A split entry names lines that exist: MFN entries of the same file, none itself a
    split (a lookup takes their duty, or names them)."""
    splits = {e.hs for e in d.mfn if e.split is not None}
    known = {e.hs for e in d.mfn}
    for i, e in enumerate(d.mfn):
        seen: set[str] = set()
        for j, code in enumerate(e.split or ()):
            where = (*at, "mfn", i, "split", j)
            if code == e.hs:
                yield doc.error(where, f"split HS {e.hs} names itself: list the lines it was "
                                "carved from")
            elif code in seen:
                yield doc.error(where, f"split HS {e.hs} names line {code} twice")
            elif code not in known:
                yield doc.error(where, f"split HS {e.hs} names line {code}, which has no MFN "
                                "entry in this file")
            elif code in splits:
                yield doc.error(where, f"split HS {e.hs} names line {code}, which is a split "
                                "itself: name the lines that one was carved from")
            seen.add(code)


def _timeline(doc: Document, loc: Loc, entries: Sequence[Dated],
              key: Callable[[Any], Hashable], *,
              what: Callable[[Any], str] | None = None) -> Iterator[RuleFileError]:
    _spans, problems = timelines(entries, key)
    for p in problems:
        other = doc.mark((*loc, p.other))[0]
        message = p.message
        if p.kind == "duplicate" and what is not None:
            message = f"duplicate {what(entries[p.index])} (same key and start as line {other})"
        else:
            message = f"{message} (line {other})"
        yield doc.error((*loc, p.index), message)
