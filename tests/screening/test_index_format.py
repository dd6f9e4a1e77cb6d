"""The index cache layout: a whole, consistent index round-trips; anything else is refused."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing_engine.screening import index_format
from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.index import NameIndex, build_index
from pricing_engine.screening.index_format import IndexFormatError, dumps, loads

KEY, CODE = "k" * 64, "c" * 64


@pytest.fixture(scope="module")
def index() -> NameIndex:
    """An index of the first 400 entries of each bundled list (people, vessels, aliases...)."""
    return build_index([replace(lst, entities=lst.entities[:400]) for lst in load_bundled()])


def test_an_index_round_trips_with_the_same_types(index: NameIndex) -> None:
    data = dumps(index, key=KEY, code=CODE)
    assert dumps(index, key=KEY, code=CODE) == data  # the same index, the same bytes
    loaded = loads(data, key=KEY, code=CODE)
    for slot in NameIndex.__slots__:
        assert getattr(loaded, slot) == getattr(index, slot), slot
    assert isinstance(loaded.name_tokens[0], tuple)
    assert isinstance(next(iter(loaded.keys.values())), tuple)
    assert all(isinstance(pair, tuple) for pairs in loaded.joins.values() for pair in pairs)
    assert all(isinstance(field, tuple) for e in loaded.entities for field in e[4:])


def test_an_empty_index_round_trips() -> None:
    empty = build_index([])
    loaded = loads(dumps(empty, key=KEY, code=CODE), key=KEY, code=CODE)
    assert [getattr(loaded, s) for s in NameIndex.__slots__] == [
        getattr(empty, s) for s in NameIndex.__slots__
    ]


def test_an_index_for_other_lists_or_code_is_refused(index: NameIndex) -> None:
    data = dumps(index, key=KEY, code=CODE)
    with pytest.raises(IndexFormatError, match="other lists or another version"):
        loads(data, key="0" * 64, code=CODE)
    with pytest.raises(IndexFormatError, match="other lists or another version"):
        loads(data, key=KEY, code="0" * 64)


def _set(slot: str, value: Callable[[NameIndex], object]) -> Callable[[NameIndex], None]:
    return lambda index: setattr(index, slot, value(index))


# Each edit makes an index whose bytes are well formed but whose content is inconsistent.
EDITS: dict[str, tuple[Callable[[NameIndex], None], str]] = {
    "posting beyond the names": (
        _set("postings", lambda i: [*i.postings[:-1], (len(i.name_text),)]),
        "section postings: a reference beyond",
    ),
    "key beyond the vocabulary": (
        _set("keys", lambda i: {**i.keys, "zzzz": (len(i.vocab),)}),
        "section keys: a reference beyond",
    ),
    "token beyond the vocabulary": (
        _set("name_tokens", lambda i: [(len(i.vocab),), *i.name_tokens[1:]]),
        "section name_tokens: a reference beyond",
    ),
    "name of no entity": (
        _set("name_entity", lambda i: [len(i.entities), *i.name_entity[1:]]),
        "section name_entity: a reference beyond",
    ),
    "identifier of no entity": (
        _set("identifiers", lambda i: {**i.identifiers, "12345": (len(i.entities),)}),
        "section identifiers: a reference beyond",
    ),
    "neighbour beyond the vocabulary": (
        _set("neighbours", lambda i: [(len(i.vocab),), *i.neighbours[1:]]),
        "section neighbours: a reference beyond",
    ),
    "similarity above 1": (
        _set("neighbour_similarity", lambda i: [tuple(s + 1 for s in row)
                                                for row in i.neighbour_similarity]),
        "a similarity outside",
    ),
    "similarity not a number": (
        _set("neighbour_similarity", lambda i: [tuple(float("nan") for _ in row)
                                                for row in i.neighbour_similarity]),
        "a similarity outside",
    ),
    "a similarity missing": (
        _set("neighbour_similarity", lambda i: [row[1:] for row in i.neighbour_similarity]),
        "section neighbour_similarity: .* numbers, not",
    ),
    "join past the end of its name": (
        _set("joins", lambda i: {**i.joins, "zz": ((0, len(i.name_tokens[0]) - 1),)}),
        "section joins: a position beyond",
    ),
    "unknown entity kind": (
        _set("entities", lambda i: [(*i.entities[0][:2], "company", *i.entities[0][3:]),
                                    *i.entities[1:]]),
        "unknown kinds",
    ),
    "weight that is not a number": (
        _set("weights", lambda i: [float("nan"), *i.weights[1:]]),
        "not a finite number",
    ),
    "vocabulary token twice": (
        _set("vocab", lambda i: [i.vocab[1], *i.vocab[1:]]),
        "listed twice",
    ),
}  # fmt: skip


@pytest.mark.parametrize("edit", EDITS)
def test_an_inconsistent_index_is_refused(index: NameIndex, edit: str) -> None:
    change, message = EDITS[edit]
    broken = copy.copy(index)
    change(broken)
    with pytest.raises(IndexFormatError, match=message):
        loads(dumps(broken, key=KEY, code=CODE), key=KEY, code=CODE)


def _header_edit(data: bytes, edit: Callable[[dict[str, object]], None]) -> bytes:
    start = len(index_format.MAGIC) + 4
    size = int.from_bytes(data[len(index_format.MAGIC) : start], "little")
    header = json.loads(data[start : start + size])
    edit(header)
    new = json.dumps(header).encode()
    return index_format.MAGIC + len(new).to_bytes(4, "little") + new + data[start + size :]


BYTE_EDITS: dict[str, Callable[[bytes], bytes]] = {
    "no magic": lambda d: b"\x80\x04" + d,
    "shorter than a header": lambda d: index_format.MAGIC + b"\x01",
    "header not JSON": lambda d: index_format.MAGIC + b"\x03\0\0\0{{{" + d[-10:],
    "trailing bytes": lambda d: d + b"\0",
    "one byte short": lambda d: d[:-1],
    "newer format": lambda d: _header_edit(
        d, lambda h: h.update(format=index_format.FORMAT_VERSION + 1)),
    "older format": lambda d: _header_edit(
        d, lambda h: h.update(format=index_format.FORMAT_VERSION - 1)),
    "count as text": lambda d: _header_edit(d, lambda h: h.update(names="7")),
    "more entities than stored": lambda d: _header_edit(
        d, lambda h: h.update(entities=int(str(h["entities"])) + 1)),
    "infinite weight": lambda d: _header_edit(d, lambda h: h.update(unknown_weight=1e999)),
    "an extra field": lambda d: _header_edit(d, lambda h: h.update(code_to_run="x")),
    "sections reordered": lambda d: _header_edit(
        d, lambda h: h.update(sections=list(reversed(h["sections"])))),
}  # fmt: skip


@pytest.mark.parametrize("edit", BYTE_EDITS)
def test_malformed_bytes_are_refused(index: NameIndex, edit: str) -> None:
    with pytest.raises(IndexFormatError):
        loads(BYTE_EDITS[edit](dumps(index, key=KEY, code=CODE)), key=KEY, code=CODE)


def test_a_name_holding_nul_is_not_cached(index: NameIndex) -> None:
    broken = copy.copy(index)
    broken.name_text = ["A\0B", *index.name_text[1:]]
    with pytest.raises(IndexFormatError, match="NUL"):
        dumps(broken, key=KEY, code=CODE)


@pytest.fixture(scope="module")
def small() -> bytes:
    lists = [replace(lst, entities=lst.entities[:25]) for lst in load_bundled()]
    return dumps(build_index(lists), key=KEY, code=CODE)


@settings(max_examples=300, deadline=None)
@given(edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=4),
       cut=st.integers(min_value=0))  # fmt: skip
def test_damaged_bytes_give_an_index_or_index_format_error_only(
    small: bytes, edits: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(small[: len(small) - cut % 64])
    for position, value in edits:
        data[position % len(data)] = value
    try:
        loaded = loads(bytes(data), key=KEY, code=CODE)
    except IndexFormatError:
        return
    assert isinstance(loaded, NameIndex)  # a change the layout cannot see: the digest's job


def test_an_index_with_a_field_the_layout_does_not_store_is_not_cached(
    index: NameIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a field added to NameIndex but not to the layout would come back empty: refuse instead
    monkeypatch.setattr(NameIndex, "__slots__", (*NameIndex.__slots__, "new_field"))
    with pytest.raises(IndexFormatError, match="not stored"):
        dumps(index, key=KEY, code=CODE)
