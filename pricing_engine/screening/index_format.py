"""The on-disk layout of a :class:`.NameIndex`: strings and numbers only, never code.

The disk cache used to pickle the index, so whoever could replace a cache file could run code
in every process that screened. This layout holds UTF-8 strings and little-endian numbers that
:func:`loads` reads with ``str.split`` and ``array``; every count, type and cross-reference is
checked before an index is returned, and anything else raises :class:`IndexFormatError` (a file
is used whole or not at all)::

    MAGIC, header length (u32), header (JSON: key, code, counts, section byte lengths),
    then the sections of SECTIONS, in that order

A string section joins its strings with NUL (a name holding NUL is not cached). A sequence of
tuples is a section of u32 row lengths and a section of the rows' items. A mapping of strings
to tuples keeps its keys sorted by (tuple length, key) with (length, count) groups, so loading
builds its tuples with ``zip`` instead of one Python step per key; the order also makes the
bytes of a cache depend on the lists and the code alone, never on the process that wrote them.
"""

from __future__ import annotations

import json
import math
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import accumulate, chain, islice
from typing import Any, TypeVar, get_args

from pricing_engine import _jsonsafe as jsonsafe
from pricing_engine.errors import PricingEngineError
from pricing_engine.screening.index import EntityRecord, NameIndex
from pricing_engine.screening.model import EntityKind

__all__ = ["FORMAT_VERSION", "MAGIC", "IndexFormatError", "dumps", "loads"]

MAGIC = b"pricing-engine screening index\n"
#: Bumped whenever the layout below changes.
FORMAT_VERSION = 2
#: Section name -> array typecode ("s" for NUL-joined strings, "?" for one byte per flag).
SECTIONS: dict[str, str] = {
    "entity_fields": "s",  # list id, entry id, kind, primary name: four per entity
    "countries.rows": "I", "countries": "s",
    "years.rows": "I", "years": "I",
    "programs.rows": "I", "programs": "s",
    "name_entity": "I", "name_middle": "Q", "name_person": "?", "name_weak": "?",
    "name_text": "s",
    "name_tokens.rows": "I", "name_tokens": "I",
    "vocab": "s", "weights": "d",
    "postings.rows": "I", "postings": "I",
    "keys.names": "s", "keys.groups": "I", "keys": "I",
    "neighbours.rows": "I", "neighbours": "I", "neighbour_similarity": "d",
    "joins.names": "s", "joins.groups": "I", "joins": "I",
    "identifiers.names": "s", "identifiers.groups": "I", "identifiers": "I",
}  # fmt: skip
#: The fields of NameIndex this layout stores; an index with others is not cached at all.
_STORED = frozenset({
    "entities", "identifiers", "joins", "keys", "name_entity", "name_middle", "name_person",
    "name_text", "name_tokens", "name_weak", "neighbour_similarity", "neighbours", "postings",
    "unknown_weight", "vocab", "vocab_id", "weights",
})  # fmt: skip
_HEADER = {"format", "key", "code", "entities", "names", "vocab", "unknown_weight", "sections"}
_KINDS = frozenset(get_args(EntityKind))
_SIZES = {"I": 4, "Q": 8, "d": 8}
T = TypeVar("T")


class IndexFormatError(PricingEngineError, ValueError):
    """Bytes that are not a whole, consistent index for the expected lists and code."""


def dumps(index: NameIndex, *, key: str, code: str) -> bytes:
    """Return ``index`` in the cache layout; raise IndexFormatError if it cannot be stored."""
    if set(NameIndex.__slots__) != _STORED:  # a field added to the index but not stored here
        raise IndexFormatError(f"NameIndex fields {sorted(NameIndex.__slots__)} are not stored")
    entities = index.entities
    keys, identifiers, joins = _group(index.keys), _group(index.identifiers), _group(index.joins)
    values: dict[str, Iterable[Any]] = {
        "entity_fields": (field for e in entities for field in e[:4]),
        "countries.rows": (len(e[4]) for e in entities),
        "countries": (c for e in entities for c in e[4]),
        "years.rows": (len(e[5]) for e in entities),
        "years": (y for e in entities for y in e[5]),
        "programs.rows": (len(e[6]) for e in entities),
        "programs": (p for e in entities for p in e[6]),
        "name_entity": index.name_entity, "name_middle": index.name_middle,
        "name_person": index.name_person, "name_weak": index.name_weak,
        "name_text": index.name_text,
        "name_tokens.rows": map(len, index.name_tokens),
        "name_tokens": (t for tokens in index.name_tokens for t in tokens),
        "vocab": index.vocab, "weights": index.weights,
        "postings.rows": map(len, index.postings),
        "postings": (n for posting in index.postings for n in posting),
        "keys.names": keys[0], "keys.groups": keys[1], "keys": keys[2],
        "neighbours.rows": map(len, index.neighbours),
        "neighbours": (v for near in index.neighbours for v in near),
        "neighbour_similarity": (s for near in index.neighbour_similarity for s in near),
        "joins.names": joins[0], "joins.groups": joins[1],
        "joins": (x for pair in joins[2] for x in pair),
        "identifiers.names": identifiers[0], "identifiers.groups": identifiers[1],
        "identifiers": identifiers[2],
    }  # fmt: skip
    blobs = {name: _encode(name, code, values[name]) for name, code in SECTIONS.items()}
    header = json.dumps({
        "format": FORMAT_VERSION, "key": key, "code": code, "entities": len(entities),
        "names": len(index.name_text), "vocab": len(index.vocab),
        "unknown_weight": index.unknown_weight,
        "sections": [[name, len(blob)] for name, blob in blobs.items()],
    }).encode()  # fmt: skip
    return b"".join((MAGIC, _encode("header", "I", [len(header)]), header, *blobs.values()))


def _group(mapping: Mapping[str, tuple[T, ...]]) -> tuple[list[str], list[int], list[T]]:
    by_length: dict[int, list[str]] = defaultdict(list)
    for name in sorted(mapping):
        by_length[len(mapping[name])].append(name)
    lengths = sorted(by_length)
    names = [name for length in lengths for name in by_length[length]]
    groups = [n for length in lengths for n in (length, len(by_length[length]))]
    return names, groups, list(chain.from_iterable(map(mapping.__getitem__, names)))


def _encode(name: str, code: str, values: Iterable[Any]) -> bytes:
    try:
        if code == "s":
            strings = list(values)
            text = "\0".join(strings)
            if text.count("\0") != max(len(strings) - 1, 0):
                raise IndexFormatError(f"section {name}: a string holds NUL")
            return text.encode("utf-8")
        if code == "?":
            return bytes(map(bool, values))
        numbers = array(code, values)
    except (OverflowError, TypeError, UnicodeEncodeError) as exc:
        raise IndexFormatError(f"section {name}: {exc}") from exc
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tobytes()


def loads(data: bytes, *, key: str, code: str) -> NameIndex:
    """Return the index stored in ``data`` for lists ``key`` and code ``code``, all checked."""
    header, sections = _split(data)
    if header["key"] != key or header["code"] != code:
        raise IndexFormatError("the index is for other lists or another version of the code")
    read = _Sections(sections)
    n_entities, n_names, n_vocab = header["entities"], header["names"], header["vocab"]
    index = NameIndex()
    index.unknown_weight = float(header["unknown_weight"])
    index.entities = _entities(read, n_entities)
    index.name_entity = read.numbers("name_entity", n_names, below=n_entities)
    index.name_middle = read.numbers("name_middle", n_names)
    index.name_person = read.flags("name_person", n_names)
    index.name_weak = read.flags("name_weak", n_names)
    index.name_text = read.strings("name_text", n_names)
    index.name_tokens = read.rows("name_tokens", n_names, read.numbers, below=n_vocab)
    index.vocab = read.strings("vocab", n_vocab)
    index.vocab_id = {token: vid for vid, token in enumerate(index.vocab)}
    if len(index.vocab_id) != n_vocab:
        raise IndexFormatError("section vocab: a token is listed twice")
    index.weights = read.numbers("weights", n_vocab)
    if not all(map(math.isfinite, index.weights)):
        raise IndexFormatError("section weights: a weight is not a finite number")
    index.postings = read.rows("postings", n_vocab, read.numbers, below=n_names)
    index.keys = read.mapping("keys", read.numbers("keys", None, below=n_vocab))
    index.neighbours = read.rows("neighbours", n_vocab, read.numbers, below=n_vocab)
    index.neighbour_similarity = _similarities(read, index.neighbours)
    index.identifiers = read.mapping(
        "identifiers", read.numbers("identifiers", None, below=n_entities)
    )
    index.joins = read.mapping("joins", _joins(read, [len(t) for t in index.name_tokens]))
    return index


def _split(data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Check the magic and the header; return the header and each section's bytes."""
    start = len(MAGIC) + 4
    if not data.startswith(MAGIC) or len(data) < start:
        raise IndexFormatError("not a screening index cache (no magic bytes)")
    (size,) = _decode("header", data[len(MAGIC) : start], "I")
    try:
        header = jsonsafe.loads(data[start : start + size])
    except ValueError as exc:  # UnicodeDecodeError is a ValueError
        raise IndexFormatError(f"unreadable header: {exc}") from exc
    if not isinstance(header, dict) or set(header) != _HEADER:
        raise IndexFormatError("the header does not have the expected fields")
    counts = [header[field] for field in ("format", "entities", "names", "vocab")]
    weight, sections = header["unknown_weight"], header["sections"]
    if (
        not all(type(n) is int and n >= 0 for n in counts)
        or header["format"] != FORMAT_VERSION
        or type(weight) not in (int, float)
        or not (math.isfinite(weight) and weight >= 0)
    ):
        raise IndexFormatError("the header's format version or counts are not as expected")
    if (
        not isinstance(sections, list)
        or not all(isinstance(s, list) and len(s) == 2 for s in sections)
        or [s[0] for s in sections] != list(SECTIONS)
        or not all(type(s[1]) is int and s[1] >= 0 for s in sections)
    ):
        raise IndexFormatError("the header does not list the expected sections")
    ends = list(accumulate((s[1] for s in sections), initial=start + size))
    if ends[-1] != len(data):
        raise IndexFormatError(f"{len(data)} bytes where the header accounts for {ends[-1]}")
    return header, {s[0]: data[a:b] for s, a, b in zip(sections, ends, ends[1:], strict=False)}


def _decode(name: str, data: bytes, code: str) -> list[Any]:
    if len(data) % _SIZES[code]:
        raise IndexFormatError(f"section {name}: {len(data)} bytes is not a whole number of items")
    numbers = array(code)
    if numbers.itemsize != _SIZES[code]:  # a platform whose C ints are not the usual sizes
        raise IndexFormatError(f"array type {code!r} is not {_SIZES[code]} bytes here")
    numbers.frombytes(data)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tolist()


class _Sections:
    """Typed, counted and bounded access to the sections of one cache file."""

    __slots__ = ("data",)

    def __init__(self, data: dict[str, bytes]) -> None:
        self.data = data

    def strings(self, name: str, count: int) -> list[str]:
        """Return the ``count`` NUL-joined strings of a section."""
        data = self.data[name]
        if not data and count <= 1:  # no strings, or one empty one
            return [""] * count
        try:
            strings = data.decode("utf-8").split("\0")
        except UnicodeDecodeError as exc:
            raise IndexFormatError(f"section {name}: {exc}") from exc
        if len(strings) != count:
            raise IndexFormatError(f"section {name}: {len(strings)} strings, not {count}")
        return strings

    def numbers(self, name: str, count: int | None, *, below: int | None = None) -> list[Any]:
        """Return the numbers of a section (exactly ``count`` unless None), each < ``below``."""
        values = _decode(name, self.data[name], SECTIONS[name])
        if count is not None and len(values) != count:
            raise IndexFormatError(f"section {name}: {len(values)} numbers, not {count}")
        if below is not None and values and max(values) >= below:
            raise IndexFormatError(f"section {name}: a reference beyond {below} items")
        return values

    def flags(self, name: str, count: int) -> list[bool]:
        """Return the one-byte flags of a section: exactly ``count``, each 0 or 1."""
        data = self.data[name]
        if len(data) != count or data.translate(None, b"\0\1"):
            raise IndexFormatError(f"section {name}: not {count} flags of 0 or 1")
        return list(map(bool, data))

    def rows(self, name: str, count: int, items: Any, **checks: Any) -> list[tuple[Any, ...]]:
        """Return ``count`` tuples: row lengths from ``name.rows``, items from ``items``."""
        lengths = self.numbers(f"{name}.rows", count)
        flat = items(name, sum(lengths), **checks)
        ends = list(accumulate(lengths))
        return [tuple(flat[a:b]) for a, b in zip([0, *ends], ends, strict=False)]

    def mapping(self, name: str, items: list[T]) -> dict[str, tuple[T, ...]]:
        """Return a section's names mapped to tuples of ``items``, by (length, count) groups."""
        groups = self.numbers(f"{name}.groups", None)
        lengths, counts = groups[::2], groups[1::2]
        if len(groups) % 2 or 0 in lengths or sum(map(int.__mul__, lengths, counts)) != len(items):
            raise IndexFormatError(f"section {name}.groups: does not account for its items")
        names = self.strings(f"{name}.names", sum(counts))
        stream = iter(items)
        values: list[tuple[T, ...]] = []
        for length, count in zip(lengths, counts, strict=True):
            values.extend(islice(zip(*[stream] * length, strict=False), count))
        mapping = dict(zip(names, values, strict=True))
        if len(mapping) != len(names):
            raise IndexFormatError(f"section {name}.names: a name is listed twice")
        return mapping


def _entities(read: _Sections, count: int) -> list[EntityRecord]:
    fields = read.strings("entity_fields", 4 * count)
    kinds = set(fields[2::4])
    if not kinds <= _KINDS:
        raise IndexFormatError(f"section entity_fields: unknown kinds {sorted(kinds - _KINDS)}")
    countries = read.rows("countries", count, read.strings)
    years = read.rows("years", count, read.numbers)
    programs = read.rows("programs", count, read.strings)
    it = iter(fields)
    return [
        (list_id, entry_id, kind, name, c, y, p)
        for (list_id, entry_id, kind, name), c, y, p in zip(
            zip(it, it, it, it, strict=True), countries, years, programs, strict=True
        )
    ]


def _similarities(read: _Sections, rows: list[tuple[int, ...]]) -> list[tuple[float, ...]]:
    """Return the similarity of each neighbour, in rows as ``rows``, each in (0, 1]."""
    flat = read.numbers("neighbour_similarity", sum(map(len, rows)))
    if not all(0.0 < s <= 1.0 for s in flat):  # also false for NaN
        raise IndexFormatError("section neighbour_similarity: a similarity outside (0, 1]")
    ends = list(accumulate(map(len, rows)))
    return [tuple(flat[a:b]) for a, b in zip([0, *ends], ends, strict=False)]


def _joins(read: _Sections, lengths: list[int]) -> list[tuple[int, int]]:
    """Return the (name id, position) pairs of the joins, each inside its listed name."""
    flat = read.numbers("joins", None)
    name_ids, positions = flat[::2], flat[1::2]
    if len(flat) % 2 or (name_ids and max(name_ids) >= len(lengths)):
        raise IndexFormatError("section joins: a reference beyond the listed names")
    if not all(j + 1 < lengths[n] for n, j in zip(name_ids, positions, strict=True)):
        raise IndexFormatError("section joins: a position beyond its listed name")
    return list(zip(name_ids, positions, strict=True))
