"""The on-disk layout of a compiled :class:`~pricing_engine.rules.book.RuleBook`: JSON only.

One JSON document per line. The first is a small header (format, key, the kind of each input
file); the second the book's small parts: the plain data of the country, union and Incoterms
files (read back through their pydantic models, as the loader reads them), each country's
other compiled fields, the duty sections (the duty rules of a tariff: a customs union's
members share theirs) as the numbers of their parts, and the sha256 of every part; then one
line per part, written as columns (:mod:`.cache_columns`): a duty index (MFN, preferences,
additional duties) has a part per HS chapter, the other duty fields one each.

Reading a book (:func:`loads`) decodes only the first two lines and the Incoterms; a
country's rules when the country is first asked for, and an index's chapter when a lookup
first meets it (:class:`~pricing_engine.rules.chapters.ChapterIndex`): a quote of a pump to
the US decodes chapter 84 of the US tariff, not the EU's or the rest of the US's. Anything
that does not decode to exactly the expected shapes, or a part whose bytes are not those its
digest names, raises :class:`CacheFormatError`: a file is used whole or not at all. At load
that means no book; at first use, the ``fallback`` given to :func:`loads` (the loader's: build
the book again from the rule files) supplies that country, or that chapter, instead: whole,
never a part of one and a part of the other.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from decimal import InvalidOperation
from functools import partial
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pricing_engine import _jsonsafe as jsonsafe
from pricing_engine.rules.book import RuleBook
from pricing_engine.rules.cache_columns import (
    CacheFormatError,
    decode_field,
    field,
    index,
    is_index,
)
from pricing_engine.rules.chapters import ChapterIndex, Entries, chapter_of
from pricing_engine.rules.country import DUTY_FIELDS, CountryRules
from pricing_engine.rules.incoterms import IncotermRule, IncotermsFile
from pricing_engine.rules.model import CountryFile, Customs, UnionFile

__all__ = ["FORMAT", "CacheFormatError", "Fallback", "dumps", "dumps_header", "header", "loads"]

_T = TypeVar("_T")

#: The header's format name and version.
FORMAT = ("pricing-engine rules cache", 4)
#: Supplies a country whose cached rules proved unusable at first use, or raises.
Fallback = Callable[[str, CacheFormatError], CountryRules]
_MODELS: dict[str, type[BaseModel]] = {
    "country": CountryFile, "union": UnionFile, "incoterms": IncotermsFile,
}
_DEFAULT_CUSTOMS = Customs(valuation="CIF")
#: CountryRules fields written as the label of the file they come from.
_BY_FILE = ("model", "customs")
_ERRORS = (KeyError, IndexError, TypeError, ValueError, AttributeError, InvalidOperation,
           RecursionError, ValidationError)


def dumps_header(*, key: str, kinds: Mapping[str, str], book: bool = False) -> bytes:
    """The header line alone: a record that the inputs of ``key`` validated without error."""
    head = {"format": FORMAT[0], "version": FORMAT[1], "key": key, "book": book,
            "kinds": dict(kinds)}
    return _line(head)


def header(data: bytes, *, key: str) -> tuple[dict[str, str], bool]:
    """The input files' kinds and whether a book follows, or raise CacheFormatError."""
    try:
        head = jsonsafe.loads(data.partition(b"\n")[0])
    except ValueError as exc:
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
    writer = _Writer(models)
    countries = [writer.country(book.country(code)) for code in book.countries()]
    body = {
        "files": list(book.files), "content_hash": book.content_hash,
        "members": {u: sorted(book.members(u)) for u in unions},
        "models": {label: [kind, data] for label, (kind, _, data) in models.items()},
        "countries": countries,
        "sections": writer.sections,
        "parts": [hashlib.sha256(p.rstrip(b"\n")).hexdigest() for p in writer.parts],
    }
    return b"".join([dumps_header(key=key, kinds=kinds, book=True), _line(body),
                     *writer.parts])


def loads(data: bytes, *, key: str, fallback: Fallback | None = None) -> RuleBook:
    """The book in ``data``, its countries decoded at first use; or raise CacheFormatError.

    A country whose rules prove unusable then comes from ``fallback`` (without one, the
    lookup raises CacheFormatError).
    """
    if not header(data, key=key)[1]:
        raise CacheFormatError("no book in this cache file")
    lines = data.split(b"\n")
    if lines[-1]:
        raise CacheFormatError("a cache file cut short")
    try:
        return _Reader(json.loads(lines[1]), lines[2:-1], fallback).book()
    except CacheFormatError:
        raise
    except _ERRORS as exc:
        raise CacheFormatError(f"{type(exc).__name__}: {exc}") from None


def _line(document: Any) -> bytes:
    """One JSON document on one line (JSON escapes every newline inside strings)."""
    try:
        return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"
    except (TypeError, ValueError) as exc:
        raise CacheFormatError(f"cannot encode the rule book: {exc}") from None


def _fields() -> tuple[str, ...]:
    """The CountryRules fields written one by one (every field not shared or by file; those
    not set by the constructor are derived at use)."""
    names = tuple(f.name for f in dataclasses.fields(CountryRules) if f.init)
    return tuple(n for n in names if n not in DUTY_FIELDS and n not in _BY_FILE)


class _Writer:
    def __init__(self, models: Mapping[str, tuple[str, BaseModel, Any]]) -> None:
        self.models = models
        self.sections: list[dict[str, Any]] = []
        self.parts: list[bytes] = []
        self._section_ids: dict[int, int] = {}
        self._owners: list[CountryRules] = []  # the first country of each written section

    def country(self, rules: CountryRules) -> dict[str, Any]:
        _, model, _ = self.models[rules.file]
        # Rules compiled by an earlier build of the same file's bytes (build.py keeps them)
        # hold the model of that build's parse: an equal one, not the same object.
        if model is not rules.model and model != rules.model:
            raise CacheFormatError(f"{rules.code}: its model is not that of {rules.file}")
        return {"model": rules.file, "customs": self._customs(rules),
                "duty": self._section(rules),
                "fields": {name: field(getattr(rules, name)) for name in _fields()}}

    def _customs(self, rules: CountryRules) -> str | None:
        for label, (_, model, _) in self.models.items():
            if getattr(model, "customs", None) is rules.customs:
                return label
        for label, (_, model, _) in self.models.items():  # compiled by an earlier build
            if getattr(model, "customs", None) == rules.customs:
                return label
        if rules.customs == _DEFAULT_CUSTOMS:
            return None
        raise CacheFormatError(f"{rules.code}: customs rules of no file")

    def _section(self, rules: CountryRules) -> int:
        """The number of the country's duty section, written once per tariff."""
        found = self._section_ids.get(id(rules.mfn))
        if found is not None:
            first = self._owners[found]
            if any(getattr(first, f) is not getattr(rules, f) for f in DUTY_FIELDS[1:]):
                raise CacheFormatError(f"{rules.code}: shares only part of its duty rules")
            return found
        self._section_ids[id(rules.mfn)] = len(self.sections)
        self._owners.append(rules)
        fields: dict[str, Any] = {}
        for name in DUTY_FIELDS:
            value = getattr(rules, name)
            copied = self._copied(value)
            if copied is not None:
                fields[name] = {"chapters": copied}
                continue
            if not is_index(value):
                fields[name] = {"part": self._part(field(value))}
                continue
            chapters: dict[str, dict[str, Entries]] = {}
            for key, entries in value.items():
                chapters.setdefault(chapter_of(key), {})[key] = entries
            # each chapter of an index is an index: written as one without checking again
            fields[name] = {"chapters": {code: [self._part({"index": index(part)}), len(part)]
                                         for code, part in chapters.items()}}
        self.sections.append({"owner": rules.code, "fields": fields})
        return len(self.sections) - 1

    def _part(self, document: Any) -> int:
        self.parts.append(_line(document))
        return len(self.parts) - 1

    def _copied(self, value: Any) -> dict[str, list[int]] | None:
        """An index read from a cache, its chapters copied as that cache holds them (their
        digests checked), not decoded and written again; None for any other value, or when
        a chapter cannot be copied (then it is written as any index)."""
        if not isinstance(value, ChapterIndex) or not len(value):
            return None
        written: list[bytes] = []
        for code in value.counts():
            raw = value.written(code)
            if raw is None:
                return None
            written.append(raw)
        chapters: dict[str, list[int]] = {}
        for (code, count), raw in zip(value.counts().items(), written, strict=True):
            self.parts.append(raw + b"\n")
            chapters[code] = [len(self.parts) - 1, count]
        return chapters


class _Reader:
    """The book's small parts, decoded at load; each country's rules when first asked for.

    The book calls :meth:`resolve` under its lock; a chapter is decoded by any thread (its
    parts are only read, and what it builds is stored once by the index).
    """

    def __init__(self, body: dict[str, Any], parts: list[bytes],
                 fallback: Fallback | None) -> None:
        self.body = body
        self.fallback = fallback
        self.parts = parts
        self.digests: list[str] = body["parts"]
        self.sections: list[dict[str, Any]] = body["sections"]
        if len(self.digests) != len(parts):
            raise CacheFormatError(f"{len(parts)} parts where {len(self.digests)} are listed")
        self.countries: dict[str, dict[str, Any]] = {}
        for c in body["countries"]:
            code, duty, fields = c["fields"]["code"]["value"], c["duty"], c["fields"]
            if not isinstance(code, str) or type(duty) is not int \
                    or not 0 <= duty < len(self.sections) or set(fields) != set(_fields()) \
                    or c["model"] not in body["models"] or code in self.countries:
                raise CacheFormatError(f"country {code!r}: bad record")
            self.countries[code] = c
        self._models: dict[str, BaseModel] = {}
        self._duties: dict[int, dict[str, Any]] = {}

    def book(self) -> RuleBook:
        body = self.body
        incoterms: dict[str, IncotermRule] = {}
        for label, (kind, _) in body["models"].items():
            if kind == "incoterms":
                model = self.model(label)
                if not isinstance(model, IncotermsFile):
                    raise CacheFormatError(f"{label}: not an Incoterms file")
                incoterms = {c: IncotermRule.from_entry(c, e) for c, e in model.rules.items()}
        members = {u: frozenset(codes) for u, codes in body["members"].items()}
        return RuleBook({}, members, incoterms, files=tuple(body["files"]),
                        content_hash=body["content_hash"],
                        deferred={code: (self.union(code), self.resolve)
                                  for code in self.countries})

    def union(self, code: str) -> str | None:
        """The customs union of ``code``, without decoding its rules."""
        union = self.countries[code]["fields"]["union"]["value"]
        if union is not None and not isinstance(union, str):
            raise CacheFormatError(f"country {code}: bad union")
        return union

    def resolve(self, code: str) -> CountryRules:
        """The rules of ``code``, from the cache or else from the fallback."""
        try:
            return _decoded(lambda: self.country(code), f"{code}: ")
        except CacheFormatError as exc:
            if self.fallback is None:
                raise
            return self.fallback(code, exc)

    def model(self, label: str) -> BaseModel:
        found = self._models.get(label)
        if found is None:
            kind, data = self.body["models"][label]
            found = self._models[label] = _MODELS[kind].model_validate(data)
        return found

    def part(self, number: int) -> Any:
        """The JSON of part ``number``, if its bytes are those its digest names."""
        raw = self.parts[number]
        if hashlib.sha256(raw).hexdigest() != self.digests[number]:
            raise CacheFormatError(f"part {number} of the cache is not the one written")
        return json.loads(raw)

    def duty(self, number: int) -> dict[str, Any]:
        """The duty fields of section ``number``: its indexes decoded a chapter at a time."""
        found = self._duties.get(number)
        if found is None:
            fields = self.sections[number]["fields"]
            if set(fields) != set(DUTY_FIELDS):
                raise CacheFormatError(f"duty section {number} of other fields")
            found = {}
            for name in DUTY_FIELDS:
                d = fields[name]
                if "chapters" in d:
                    counts = {code: int(c) for code, (_, c) in d["chapters"].items()}
                    found[name] = ChapterIndex(counts, partial(self.chapter, number, name),
                                               partial(self.written, number, name))
                else:
                    found[name] = decode_field(self.part(d["part"]))
            self._duties[number] = found
        return found

    def written(self, number: int, name: str, code: str) -> bytes | None:
        """The part of chapter ``code`` of index ``name`` of section ``number`` as written,
        if its bytes are those its digest names; else None."""
        try:
            part = self.sections[number]["fields"][name]["chapters"][code][0]
        except _ERRORS:
            return None
        if type(part) is not int or not 0 <= part < len(self.parts):
            return None
        raw = self.parts[part]
        return raw if hashlib.sha256(raw).hexdigest() == self.digests[part] else None

    def chapter(self, number: int, name: str, code: str) -> Mapping[str, Entries]:
        """Chapter ``code`` of index ``name`` of section ``number``, else the fallback's."""
        section = self.sections[number]

        def decode() -> Mapping[str, Entries]:
            part, count = section["fields"][name]["chapters"][code]
            index = decode_field(self.part(part))
            if not isinstance(index, Mapping) or len(index) != count \
                    or any(chapter_of(k) != code for k in index):
                raise CacheFormatError(f"{name} chapter {code} of other keys")
            return index

        try:
            return _decoded(decode, "")
        except CacheFormatError as exc:
            if self.fallback is None:
                raise
            rebuilt = getattr(self.fallback(section["owner"], exc), name)
            return MappingProxyType({k: v for k, v in rebuilt.items() if chapter_of(k) == code})

    def country(self, code: str) -> CountryRules:
        c = self.countries[code]
        model = self.model(c["model"])
        if not isinstance(model, CountryFile) or model.country != code:
            raise CacheFormatError(f"country {code} has no file")
        customs = _DEFAULT_CUSTOMS if c["customs"] is None else getattr(
            self.model(c["customs"]), "customs", None)
        if not isinstance(customs, Customs):
            raise CacheFormatError(f"{code}: customs of no file")
        values = {name: decode_field(d) for name, d in c["fields"].items()}
        if values["file"] != c["model"]:
            raise CacheFormatError(f"{code}: rules of another file")
        return CountryRules(model=model, customs=customs, **self.duty(c["duty"]), **values)


def _decoded(decode: Callable[[], _T], where: str) -> _T:
    """What ``decode`` returns; any error of a malformed part as a CacheFormatError."""
    try:
        return decode()
    except CacheFormatError:
        raise
    except _ERRORS as exc:
        raise CacheFormatError(f"{where}{type(exc).__name__}: {exc}") from None
