"""The on-disk layout of a compiled :class:`~pricing_engine.rules.book.RuleBook`: JSON only.

Two JSON documents, one per line: a small header (format, key, the kind of each input file)
and the body. The body holds the plain data of the country, union and Incoterms files (read
back through their pydantic models, as the loader reads them), and the compiled lookup
records as rows of strings and numbers: the duty rules of each tariff once (a customs union's
members share theirs), the other records tagged with a type from a closed list
(:data:`_TYPES`). Decimals travel as their text, dates as ISO text, money as amount text and
currency code. Anything that does not decode to exactly these shapes raises
:class:`CacheFormatError`: a file is used whole or not at all.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import islice
from types import MappingProxyType
from typing import Any

from moneyed import Money
from pydantic import BaseModel, ValidationError

from pricing_engine.errors import PricingEngineError
from pricing_engine.rules import results
from pricing_engine.rules.book import RuleBook
from pricing_engine.rules.country import CountryRules, Keyed, RateTable
from pricing_engine.rules.incoterms import IncotermRule, IncotermsFile
from pricing_engine.rules.model import CountryFile, Customs, UnionFile
from pricing_engine.rules.timeline import Span

__all__ = ["FORMAT", "CacheFormatError", "dumps", "dumps_header", "header", "loads"]

#: The header's format name and version.
FORMAT = ("pricing-engine rules cache", 1)
#: The record types the body may name, by name.
_TYPES: dict[str, type] = {t.__name__: t for t in (
    RateTable, Span, results.AdditionalDuty, results.DeMinimis, results.FeeRule,
    results.RuleRef, results.Specific, results.Surcharge, results.TaxCollection, results.TaxHit,
)}
_MODELS: dict[str, type[BaseModel]] = {
    "country": CountryFile, "union": UnionFile, "incoterms": IncotermsFile,
}
_DEFAULT_CUSTOMS = Customs(valuation="CIF")
#: CountryRules fields written by _country / read by _rules (the duty ones go by reference).
_DUTY_FIELDS = ("has_duty", "mfn", "mfn_keys", "preferential", "additional", "surcharges",
                "splits")
_OTHER_FIELDS = ("tax", "subdivisions", "de_minimis", "fees", "collection")
_STORED = frozenset({"code", "currency", "union", "file", "model", "customs",
                     *_DUTY_FIELDS, *_OTHER_FIELDS})


class CacheFormatError(PricingEngineError, ValueError):
    """Bytes that are not a whole, consistent cached book for the expected key."""


def dumps_header(*, key: str, kinds: Mapping[str, str], book: bool = False) -> bytes:
    """The header line alone: a record that the inputs of ``key`` validated without error."""
    header = {"format": FORMAT[0], "version": FORMAT[1], "key": key, "book": book,
              "kinds": dict(kinds)}
    return json.dumps(header, separators=(",", ":")).encode() + b"\n"


def header(data: bytes, *, key: str) -> tuple[dict[str, str], bool]:
    """The input files' kinds and whether a book follows, or raise CacheFormatError."""
    try:
        head = json.loads(data.partition(b"\n")[0])
    except (ValueError, RecursionError) as exc:
        raise CacheFormatError(f"bad header: {exc}") from None
    if not isinstance(head, dict) or [head.get("format"), head.get("version")] != \
            list(FORMAT) or head.get("key") != key:
        raise CacheFormatError("not a rules cache of this format and key")
    kinds, book = head.get("kinds"), head.get("book")
    if not isinstance(kinds, dict) or not isinstance(book, bool) \
            or not all(isinstance(v, str) for v in kinds.values()):
        raise CacheFormatError("bad header")
    return kinds, book


def dumps(book: RuleBook, *, key: str, unions: Iterable[str], kinds: Mapping[str, str],
          models: Mapping[str, tuple[str, BaseModel, Any]]) -> bytes:
    """``book`` in the cache layout; ``models``: label -> (kind, model, plain data)."""
    fields = {f.name for f in dataclasses.fields(CountryRules)}
    if fields != _STORED:  # a field added to CountryRules but not written here: no cache
        raise CacheFormatError(f"CountryRules fields {sorted(fields ^ _STORED)} are not stored")
    writer = _Writer(models)
    body = {
        "files": list(book.files), "content_hash": book.content_hash,
        "members": {u: sorted(book.members(u)) for u in unions},
        "models": {label: [kind, data] for label, (kind, _, data) in models.items()},
        "countries": [writer.country(book.country(code)) for code in book.countries()],
        "duties": writer.duties, "strings": writer.strings,
    }
    try:
        return dumps_header(key=key, kinds=kinds, book=True) + json.dumps(
            body, separators=(",", ":"), ensure_ascii=False).encode()
    except (TypeError, ValueError) as exc:
        raise CacheFormatError(f"cannot encode the rule book: {exc}") from None


def loads(data: bytes, *, key: str) -> RuleBook:
    """The book in ``data``, or raise CacheFormatError."""
    if not header(data, key=key)[1]:
        raise CacheFormatError("no book in this cache file")
    try:
        return _Reader(json.loads(data.partition(b"\n")[2])).book()
    except CacheFormatError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, InvalidOperation,
            RecursionError, ValidationError) as exc:
        raise CacheFormatError(f"{type(exc).__name__}: {exc}") from None


class _Writer:
    def __init__(self, models: Mapping[str, tuple[str, BaseModel, Any]]) -> None:
        self.models = models
        self.duties: list[dict[str, Any]] = []
        self.strings: list[str] = []
        self._string_ids: dict[str, int] = {}
        self._duty_ids: dict[int, int] = {}
        self._owners: list[CountryRules] = []  # the first country of each written tariff

    def string(self, text: str | None) -> int | None:
        if text is None:
            return None
        found = self._string_ids.get(text)
        if found is None:
            found = self._string_ids[text] = len(self.strings)
            self.strings.append(text)
        return found

    def country(self, rules: CountryRules) -> dict[str, Any]:
        _, model, _ = self.models[rules.file]
        if model is not rules.model:
            raise CacheFormatError(f"{rules.code}: its model is not that of {rules.file}")
        return {
            "code": rules.code, "currency": rules.currency, "union": rules.union,
            "file": rules.file, "customs": self._customs(rules),
            "duty": self._duty(rules),
            **{name: _encode(getattr(rules, name)) for name in _OTHER_FIELDS},
        }

    def _customs(self, rules: CountryRules) -> str | None:
        for label, (_, model, _) in self.models.items():
            if getattr(model, "customs", None) is rules.customs:
                return label
        if rules.customs == _DEFAULT_CUSTOMS:
            return None
        raise CacheFormatError(f"{rules.code}: customs rules of no file")

    def _duty(self, rules: CountryRules) -> int:
        """The index of the country's duty rules in ``duties``, written once per tariff."""
        found = self._duty_ids.get(id(rules.mfn))
        if found is not None:
            first = self._owners[found]
            if any(getattr(first, f) is not getattr(rules, f) for f in _DUTY_FIELDS[1:]):
                raise CacheFormatError(f"{rules.code}: shares only part of its duty rules")
            return found
        rows: list[results.DutyRule] = []
        rule_ids: dict[int, int] = {}

        def rule(r: results.DutyRule) -> int:
            if id(r) not in rule_ids:
                rule_ids[id(r)] = len(rows)
                rows.append(r)
            return rule_ids[id(r)]

        mfn = [(hs, span, rule(r)) for hs, entries in rules.mfn.items() for span, r in entries]
        pref = [(hs, span, origins, excluded, rule(r))
                for hs, entries in rules.preferential.items()
                for span, origins, excluded, r in entries]
        table = _Tables(self.string)
        refs = [r.ref for r in rows]
        duty = {
            "has_duty": rules.has_duty, "mfn_keys": _join(rules.mfn_keys),
            "rules": {
                "hs": _join(r.hs for r in rows), "rate": _join(_text(r.rate) for r in rows),
                "specific": _join(table.specific(r.specific) for r in rows),
                "min": _join(table.specific(r.min) for r in rows),
                "max": _join(table.specific(r.max) for r in rows),
                "agreement": _join(table.string(r.agreement) for r in rows),
                "requires": _join(table.string(r.requires) for r in rows),
                "file": _join(table.string(f.file) for f in refs),
                "line": _join(str(f.line) for f in refs),
                "entry": _join(f.entry for f in refs),
                "source": _join(table.string(f.source) for f in refs),
                "confidence": _join(table.string(f.confidence) for f in refs),
                "valid_from": _join(_day(r.valid_from) for r in rows),
                "valid_to": _join(_day(r.valid_to) for r in rows),
            },
            "mfn": {"hs": _join(rules.mfn), "count": _counts(rules.mfn),
                    "span": _join(table.span(m[1]) for m in mfn),
                    "rule": _join(str(m[2]) for m in mfn)},
            "preferential": {
                "hs": _join(rules.preferential), "count": _counts(rules.preferential),
                "span": _join(table.span(p[1]) for p in pref),
                "origins": _join(table.origins(p[2]) for p in pref),
                "excluded": _join(table.origins(p[3]) for p in pref),
                "rule": _join(str(p[4]) for p in pref)},
            "additional": _additional(rules.additional, table),
            "surcharges": _encode(rules.surcharges), "splits": _encode(rules.splits),
        }
        duty.update(table.dump())
        self._duty_ids[id(rules.mfn)] = len(self.duties)
        self._owners.append(rules)
        self.duties.append(duty)
        return len(self.duties) - 1


def _additional(index: Mapping[str, tuple[Keyed[results.AdditionalDuty], ...]],
                table: _Tables) -> dict[str, str]:
    """The additional duties as columns (a Section 301 table has tens of thousands)."""
    rows = [(span, origins, excluded, a) for entries in index.values()
            for span, origins, excluded, a in entries]
    duties = [r[3] for r in rows]
    refs = [a.ref for a in duties]
    return {
        "hs": _join(index), "count": _counts(index),
        "span": _join(table.span(r[0]) for r in rows),
        "origins": _join(table.origins(r[1]) for r in rows),
        "excluded": _join(table.origins(r[2]) for r in rows),
        "name": _join(table.string(a.name) for a in duties),
        "duty_hs": _join(a.hs for a in duties),
        "rate": _join(_text(a.rate) for a in duties),
        "specific": _join(table.specific(a.specific) for a in duties),
        "min": _join(table.specific(a.min) for a in duties),
        "max": _join(table.specific(a.max) for a in duties),
        "with_preference": _join("1" if a.applies_with_preference else "0" for a in duties),
        "file": _join(table.string(f.file) for f in refs),
        "line": _join(str(f.line) for f in refs),
        "entry": _join(f.entry for f in refs),
        "source": _join(table.string(f.source) for f in refs),
        "confidence": _join(table.string(f.confidence) for f in refs),
    }


#: Joins the values of one column. No value may hold it (_join checks), and "" is None.
_SEP = "|"


def _join(values: Iterable[str | None]) -> str:
    out = []
    for value in values:
        if value is None:
            out.append("")
        elif not value or _SEP in value:
            raise CacheFormatError(f"cannot write {value!r} in a column")
        else:
            out.append(value)
    return _SEP.join(out)


def _split(text: str, size: int | None = None) -> list[str]:
    """A column's values; without ``size`` its values are never empty ("" is no value)."""
    if size is None:
        return text.split(_SEP) if text else []
    values = text.split(_SEP) if size else []
    if len(values) != size:
        raise CacheFormatError(f"a column of {len(values)} values where {size} are expected")
    return values


class _Tables:
    """The values a duty column refers to by number: specific amounts, spans, origin sets."""

    def __init__(self, string: Any) -> None:
        self.string_id = string
        self.specifics: dict[results.Specific, int] = {}
        self.spans: dict[Span, int] = {}
        self.origin_sets: dict[frozenset[str] | None, int] = {}

    def string(self, text: str | None) -> str | None:
        return None if text is None else str(self.string_id(text))

    def specific(self, s: results.Specific | None) -> str | None:
        return None if s is None else str(self.specifics.setdefault(s, len(self.specifics)))

    def span(self, s: Span) -> str:
        return str(self.spans.setdefault(s, len(self.spans)))

    def origins(self, codes: frozenset[str] | None) -> str:
        return str(self.origin_sets.setdefault(codes, len(self.origin_sets)))

    def dump(self) -> dict[str, Any]:
        return {
            "specifics": [[_text(s.amount), s.currency, s.per] for s in self.specifics],
            "spans": [[_day(s.start), _day(s.end)] for s in self.spans],
            "origin_sets": [None if o is None else sorted(o) for o in self.origin_sets],
        }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _encode(value: Any) -> Any:
    """A value of the small records as tagged JSON: {"D": decimal}, {"c": type, "f": fields}."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, Decimal):
        return {"D": str(value)}
    if isinstance(value, date):
        return {"T": value.isoformat()}
    if isinstance(value, Money):
        return {"M": [str(value.amount), value.currency.code]}
    if isinstance(value, tuple):
        return {"t": [_encode(v) for v in value]}
    if isinstance(value, frozenset):
        return {"s": sorted(value)}
    if isinstance(value, Mapping):
        return {"m": [[k, _encode(v)] for k, v in value.items()]}
    name = type(value).__name__
    if _TYPES.get(name) is type(value) and dataclasses.is_dataclass(value):
        return {"c": name, "f": [_encode(getattr(value, f.name))
                                 for f in dataclasses.fields(value)]}
    raise CacheFormatError(f"cannot encode a {name}")


class _Reader:
    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body
        self.strings: list[str] = body["strings"]
        self.decimals: dict[str, Decimal] = {}
        self.days: dict[str, date] = {}

    def book(self) -> RuleBook:
        body = self.body
        models = {label: _MODELS[kind].model_validate(data)
                  for label, (kind, data) in body["models"].items()}
        incoterms: dict[str, IncotermRule] = {}
        for model in models.values():
            if isinstance(model, IncotermsFile):
                incoterms = {c: IncotermRule.from_entry(c, e) for c, e in model.rules.items()}
        duties = [self.duty(d) for d in body["duties"]]
        countries = {}
        for c in body["countries"]:
            model = models[c["file"]]
            if not isinstance(model, CountryFile) or model.country != c["code"]:
                raise CacheFormatError(f"country {c['code']} has no file")
            customs = _DEFAULT_CUSTOMS if c["customs"] is None else getattr(
                models[c["customs"]], "customs", None)
            if not isinstance(customs, Customs):
                raise CacheFormatError(f"{c['code']}: customs of no file")
            countries[c["code"]] = CountryRules(
                code=c["code"], currency=c["currency"], union=c["union"], file=c["file"],
                model=model, customs=customs, **duties[c["duty"]],
                **{name: _decode(c[name]) for name in _OTHER_FIELDS})
        members = {u: frozenset(codes) for u, codes in body["members"].items()}
        return RuleBook(countries, members, incoterms, files=tuple(body["files"]),
                        content_hash=body["content_hash"])

    def decimal(self, text: str | None) -> Decimal | None:
        if text is None:
            return None
        found = self.decimals.get(text)
        if found is None:
            found = self.decimals[text] = Decimal(text)
        return found

    def day(self, text: str | None) -> date | None:
        if text is None:
            return None
        found = self.days.get(text)
        if found is None:
            found = self.days[text] = date.fromisoformat(text)
        return found

    def duty(self, d: dict[str, Any]) -> dict[str, Any]:
        strings, day = self.strings, self.day
        specifics = [results.Specific(Decimal(a), c, p) for a, c, p in d["specifics"]]
        spans = [Span(day(a), day(b)) for a, b in d["spans"]]
        sets = [None if codes is None else frozenset(codes) for codes in d["origin_sets"]]
        cols = d["rules"]
        size = len(_split(cols["hs"]))
        col = {name: _split(cols[name], size) for name in _RULE_COLUMNS}

        def values(name: str, table: dict[str, Any]) -> list[Any]:
            return [table[t] for t in col[name]]

        def by_number(name: str, items: list[Any]) -> list[Any]:
            return values(name, {t: None if t == "" else items[int(t)] for t in set(col[name])})

        def texts(name: str, convert: Any) -> list[Any]:
            return values(name, {t: None if t == "" else convert(t) for t in set(col[name])})

        refs = list(map(results.RuleRef, by_number("file", strings), map(int, col["line"]),
                        col["entry"], by_number("source", strings),
                        by_number("confidence", strings)))
        rules = list(map(results.DutyRule, col["hs"], texts("rate", Decimal),
                         by_number("specific", specifics), by_number("min", specifics),
                         by_number("max", specifics), by_number("agreement", strings),
                         by_number("requires", strings), refs, texts("valid_from", day),
                         texts("valid_to", day)))
        m, p = d["mfn"], d["preferential"]
        size = len(_split(m["span"]))
        mfn = _grouped(m, zip(_numbered(m["span"], size, spans), _numbered(m["rule"], size, rules),
                              strict=True))
        size = len(_split(p["span"]))
        pref = _grouped(p, zip(_numbered(p["span"], size, spans),
                               _numbered(p["origins"], size, sets),
                               _numbered(p["excluded"], size, sets),
                               _numbered(p["rule"], size, rules), strict=True))
        a = d["additional"]
        size = len(_split(a["span"]))
        acol = {name: _split(a[name], size) for name in _ADDITIONAL_COLUMNS}

        def numbered(name: str, items: list[Any]) -> list[Any]:
            table = {t: None if t == "" else items[int(t)] for t in set(acol[name])}
            return [table[t] for t in acol[name]]

        rates = {t: None if t == "" else Decimal(t) for t in set(acol["rate"])}
        arefs = map(results.RuleRef, numbered("file", strings), map(int, acol["line"]),
                    acol["entry"], numbered("source", strings), numbered("confidence", strings))
        duties = map(results.AdditionalDuty, numbered("name", strings), acol["duty_hs"],
                     [rates[t] for t in acol["rate"]], numbered("specific", specifics),
                     numbered("min", specifics), numbered("max", specifics),
                     [t == "1" for t in acol["with_preference"]], arefs)
        extra = _grouped(a, zip(numbered("span", spans), numbered("origins", sets),
                                numbered("excluded", sets), duties, strict=True))
        return {"has_duty": bool(d["has_duty"]), "mfn": mfn,
                "mfn_keys": tuple(_split(d["mfn_keys"])), "preferential": pref,
                "additional": extra, "surcharges": _decode(d["surcharges"]),
                "splits": _decode(d["splits"])}


_ADDITIONAL_COLUMNS = ("span", "origins", "excluded", "name", "duty_hs", "rate", "specific",
                       "min", "max", "with_preference", "file", "line", "entry", "source",
                       "confidence")
_RULE_COLUMNS = ("hs", "rate", "specific", "min", "max", "agreement", "requires", "file", "line",
                 "entry", "source", "confidence", "valid_from", "valid_to")


def _numbered(text: str, size: int, items: list[Any]) -> list[Any]:
    """The items a column names by number."""
    table = {t: items[int(t)] for t in set(_split(text, size))}
    return [table[t] for t in _split(text, size)]


def _grouped(columns: dict[str, str], entries: Iterable[Any]) -> MappingProxyType[str, Any]:
    """An index by HS prefix: each key takes the next ``count`` entries (empty: one)."""
    keys = _split(columns["hs"])
    counts = _split(columns["count"], len(keys))
    items = list(entries)
    if not any(counts):  # one entry per key: the tuples are made in C
        if len(items) != len(keys):
            raise CacheFormatError("an index whose counts do not match its entries")
        return MappingProxyType(dict(zip(keys, zip(items), strict=True)))
    it = iter(items)
    index = {k: tuple(islice(it, int(c) if c else 1)) for k, c in zip(keys, counts, strict=True)}
    if sum(map(len, index.values())) != len(items):
        raise CacheFormatError("an index whose counts do not match its entries")
    return MappingProxyType(index)


def _counts(index: Mapping[str, tuple[Any, ...]]) -> str:
    return _SEP.join("" if len(v) == 1 else str(len(v)) for v in index.values())


def _decode(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int):
        return value
    if not isinstance(value, dict) or len(value) not in (1, 2):
        raise CacheFormatError(f"unexpected value {value!r:.60}")
    if "c" in value:
        kind = _TYPES[value["c"]]
        return kind(*(_decode(v) for v in value["f"]))
    (tag, item), = value.items()
    if tag == "D":
        return Decimal(item)
    if tag == "T":
        return date.fromisoformat(item)
    if tag == "M":
        return Money(Decimal(item[0]), item[1])
    if tag == "t":
        return tuple(_decode(v) for v in item)
    if tag == "s":
        return frozenset(item)
    if tag == "m":
        return MappingProxyType({k: _decode(v) for k, v in item})
    raise CacheFormatError(f"unknown tag {tag!r}")
