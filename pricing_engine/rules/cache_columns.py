"""Values and columns of records in the compiled rule cache: JSON only, generic over fields.

A value is written as JSON with a tag where JSON has no type of its own (:func:`encode`):
``{"D": "0.047"}`` a Decimal, ``{"T": "2026-06-08"}`` a date, ``{"M": [amount, currency]}``
money, ``{"t": [...]}`` a tuple, ``{"s": [...]}`` a frozenset, ``{"m": [[key, value], ...]}``
a mapping and ``{"c": type, "f": [...]}`` a record of a type from a closed list (:data:`TYPES`)
with its fields in order. The tens of thousands of duty entries of a tariff are written as
columns (:func:`column`), one per record field, so that a field added to a record flows
through without a change here:

- ``{"raw": [...]}``: JSON strings, integers, booleans or nulls, as they are (HS codes);
- ``{"ids": [...], "of": [...]}``: each distinct value once, then every value by its number
  (spans, rates, sources: a few distinct values over thousands of rows), decoded once each;
- ``{"rec": type, "fields": [...], "cols": [...]}``: records of one type, a column per field.

An index by HS prefix (``{"keys", "counts", "cols"}``, :func:`index`) holds its entries, tuples
of one width, as columns too. Decoding builds only the listed types and checks every shape;
anything else raises :class:`CacheFormatError`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from itertools import islice
from operator import attrgetter
from types import MappingProxyType
from typing import Any

from moneyed import Money

from pricing_engine.errors import PricingEngineError
from pricing_engine.rules import results
from pricing_engine.rules.country import RateTable
from pricing_engine.rules.timeline import Span

__all__ = ["TYPES", "CacheFormatError", "column", "decode", "decode_column", "decode_field",
           "decode_index", "encode", "field", "index", "is_index"]

#: The record types a cache may name, by name.
TYPES: dict[str, type] = {t.__name__: t for t in (
    RateTable, Span, results.AdditionalDuty, results.DeMinimis, results.Declared,
    results.DutyRule, results.FeeRule, results.PartRate, results.RuleRef, results.Specific,
    results.Surcharge, results.Terms,
    results.TaxCollection, results.TaxHit, results.TaxUplift,
)}
_PLAIN = frozenset({str, int, bool, type(None)})  # JSON's own scalars
#: Types whose equal values are written alike (a frozenset sorted), so a value is its own
#: key: not its repr, which for a set of strings follows the process's hash seed (equal
#: sets of origins made in another order were written twice, the cache's bytes differing
#: from one process to the next)
_EXACT = _PLAIN | {date, frozenset}
_NONE = type(None)


class CacheFormatError(PricingEngineError, ValueError):
    """Bytes that are not a whole, consistent cached book for the expected key."""


def encode(value: Any) -> Any:
    """``value`` as tagged JSON (see the module docstring)."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, Decimal):
        return {"D": str(value)}
    if isinstance(value, date):
        return {"T": value.isoformat()}
    if isinstance(value, Money):
        return {"M": [str(value.amount), value.currency.code]}
    if isinstance(value, tuple):
        return {"t": [encode(v) for v in value]}
    if isinstance(value, frozenset):
        return {"s": sorted(value)}
    if isinstance(value, Mapping):
        return {"m": [[k, encode(v)] for k, v in value.items()]}
    kind: type = type(value)
    name = kind.__name__
    if TYPES.get(name) is kind:  # each a dataclass
        return {"c": name, "f": [encode(getattr(value, n)) for n in _field_names(kind)]}
    raise CacheFormatError(f"cannot encode a {name}")


def decode(value: Any) -> Any:
    """The value of tagged JSON written by :func:`encode`."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if not isinstance(value, dict) or len(value) not in (1, 2):
        raise CacheFormatError(f"unexpected value {value!r:.60}")
    if "c" in value:
        kind = TYPES[value["c"]]
        return kind(*(decode(v) for v in value["f"]))
    (tag, item), = value.items()
    if tag == "D":
        return Decimal(item)
    if tag == "T":
        return date.fromisoformat(item)
    if tag == "M":
        return Money(Decimal(item[0]), item[1])
    if tag == "t":
        return tuple(v if type(v) is str else decode(v) for v in item)
    if tag == "s":
        return frozenset(_strings(item))
    if tag == "m":
        return MappingProxyType({k: decode(v) for k, v in item})
    raise CacheFormatError(f"unknown tag {tag!r}")


def _keys(values: Sequence[Any]) -> Sequence[Hashable]:
    """What makes values one distinct value: values with one key are written alike, so
    Decimal 0.10 and 0.1 stay two (their texts), as do records whose fields differ so.

    Values of one kind are keyed a field at a time (a record's key is the tuple of its
    fields' keys), which costs far less than a repr of each, and so are those of one kind
    beside None (an optional field); other mixed kinds by type and repr.
    """
    kinds = set(map(type, values))
    if len(kinds) == 2 and _NONE in kinds:  # an optional field: its values keyed as one kind
        present = iter(_keys([v for v in values if v is not None]))
        return [None if v is None else next(present) for v in values]
    if len(kinds) == 1:
        (kind,) = kinds
        if kind in _EXACT:
            return values
        if kind is Decimal:
            return list(map(str, values))
        if TYPES.get(kind.__name__) is kind and _field_names(kind):
            columns = [_keys(list(map(attrgetter(n), values))) for n in _field_names(kind)]
            return list(zip(*columns, strict=True))
    return list(zip(map(type, values), map(repr, values), strict=True))


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def column(values: Sequence[Any]) -> dict[str, Any]:
    """``values`` as a column (see the module docstring)."""
    kinds = set(map(type, values))
    if len(kinds) == 1:
        (kind,) = kinds
        sample = values[:256]  # whether the records are mostly distinct (rules) or not (spans)
        if TYPES.get(kind.__name__) is kind and len(set(_keys(sample))) * 2 > len(sample):
            names = _field_names(kind)
            return {"rec": kind.__name__, "fields": list(names),
                    "cols": [column(list(map(attrgetter(n), values))) for n in names]}
    keys = _keys(values)
    distinct = dict(zip(keys, values, strict=True))  # equal keys: values written alike
    if kinds <= _PLAIN and len(distinct) * 2 > len(values):
        return {"raw": list(values)}
    numbers = {key: i for i, key in enumerate(distinct)}
    return {"ids": list(map(numbers.__getitem__, keys)),
            "of": [encode(v) for v in distinct.values()]}


def decode_column(col: dict[str, Any], size: int) -> list[Any]:
    """The ``size`` values of a column written by :func:`column`."""
    if "raw" in col:
        values = col["raw"]
        if not isinstance(values, list) or not set(map(type, values)) <= _PLAIN:
            raise CacheFormatError("a raw column of other than JSON scalars")
    elif "ids" in col:
        ids = col["ids"]
        if not isinstance(ids, list) or (ids and min(ids) < 0):  # a string, float: TypeError
            raise CacheFormatError("a column of other than value numbers")
        distinct = [decode(v) for v in col["of"]]
        values = list(map(distinct.__getitem__, ids))
    else:
        kind = TYPES[col["rec"]]
        if col["fields"] != [f.name for f in dataclasses.fields(kind)]:
            raise CacheFormatError(f"{kind.__name__} records of other fields")
        values = list(map(kind, *(decode_column(c, size) for c in col["cols"])))
    if len(values) != size:
        raise CacheFormatError(f"a column of {len(values)} values where {size} are expected")
    return values


def index(mapping: Mapping[str, tuple[tuple[Any, ...], ...]]) -> dict[str, Any]:
    """An index by HS prefix whose entries are tuples of one width, as columns."""
    entries = [e for group in mapping.values() for e in group]
    widths = {len(e) for e in entries}
    if len(widths) > 1:
        raise CacheFormatError(f"an index of entries of {sorted(widths)} values")
    counts = [len(group) for group in mapping.values()]
    return {"keys": list(mapping), "counts": None if set(counts) <= {1} else counts,
            "cols": [column([e[i] for e in entries]) for i in range(max(widths, default=0))]}


def decode_index(d: dict[str, Any]) -> MappingProxyType[str, tuple[tuple[Any, ...], ...]]:
    """The index written by :func:`index`."""
    keys, counts = _strings(d["keys"]), d["counts"]
    if counts is not None and (len(counts) != len(keys)
                               or not all(type(c) is int and c > 0 for c in counts)):
        raise CacheFormatError("an index whose counts do not match its keys")
    size = len(keys) if counts is None else sum(counts)
    if size and not d["cols"]:
        raise CacheFormatError("an index of entries without values")
    entries = list(zip(*(decode_column(c, size) for c in d["cols"]), strict=True))
    found: dict[str, tuple[tuple[Any, ...], ...]]
    if counts is None:  # one entry per key: the tuples are made in C
        found = dict(zip(keys, zip(entries), strict=True))
    else:
        it = iter(entries)
        found = {k: tuple(islice(it, c)) for k, c in zip(keys, counts, strict=True)}
    if len(found) != len(keys):
        raise CacheFormatError("an index with a key twice")
    return MappingProxyType(found)


def is_index(value: Any) -> bool:
    """Tell whether ``value`` is an index by HS prefix: a mapping to tuples of entry tuples."""
    return isinstance(value, Mapping) and bool(value) and all(
        isinstance(g, tuple) and all(isinstance(e, tuple) for e in g) for g in value.values())


def field(value: Any) -> dict[str, Any]:
    """A field of compiled rules: an index by HS prefix as columns, anything else tagged."""
    return {"index": index(value)} if is_index(value) else {"value": encode(value)}


def decode_field(d: dict[str, Any]) -> Any:
    """A field written by :func:`field`."""
    if not isinstance(d, dict) or len(d) != 1:
        raise CacheFormatError(f"unexpected field {d!r:.60}")
    return decode_index(d["index"]) if "index" in d else decode(d["value"])


def _strings(values: Any) -> list[str]:
    if not isinstance(values, list) or not all(type(v) is str for v in values):
        raise CacheFormatError("a list of other than strings")
    return values
