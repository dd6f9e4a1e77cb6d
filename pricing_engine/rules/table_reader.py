"""Read a tariff table in the layout the importer writes, without YAML's node composer.

A table holds tens of thousands of entries, and composing them as YAML nodes takes seconds.
``pricing-engine tariff import`` writes them one flow mapping per line (see
:func:`pricing_engine.tariff.table.render_table`)::

    mfn:
      - {hs: "01012100", rate: "0"}
      - {hs: "01022940", specific: {amount: "0.01", currency: USD, per: kg}}
    preferential:
      - {agreement: "KORUS", origins: [KR], hs: "01", rate: "0", requires: proof_of_origin}

:func:`read_table` reads such a file: the header (every line before the first list key,
``mfn:``, ``preferential:`` or ``additional:``) through
:func:`pricing_engine.documents.parse_yaml`, the entry lines with a strict grammar of their
own that gives the same data and the same line and column of every node as the YAML reader.
A line outside that grammar (a comment, a block mapping, an escape, a plain scalar with a
space...) makes it return None, and the caller reads the whole file as YAML: the grammar only
decides how fast a file is read, never what it means.
"""

from __future__ import annotations

import re
from typing import Any

from pricing_engine.documents import MAX_NODES, Document, Loc, decode_utf8, parse_yaml

__all__ = ["read_table"]

_LIST_KEYS = ("mfn", "preferential", "additional")
_ITEM = "  - {"
#: One token of an entry line: punctuation, a key, a double-quoted string (no escapes) or a
#: plain word that YAML reads as its own text (never null: see _NULLS).
_TOKEN = re.compile(r'([{}\[\]])|, |([a-z_]+): |"([^"\\]*)"|([A-Za-z0-9][A-Za-z0-9_.+-]*)')
_NULLS = frozenset({"null", "Null", "NULL"})
#: Characters that YAML treats specially or refuses anywhere in a file (tabs, CR, controls).
_ODD = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\ufeff\u0085\u2028\u2029]")


class _Unreadable(Exception):
    """The line is outside the grammar: read the file as YAML instead."""


def read_table(raw: bytes, name: str) -> Document | None:
    """The Document of a tariff table in the importer's layout, or None for any other file."""
    if not raw.startswith(b"# ") or b"\ntariff: " not in raw[:4096]:
        return None
    text = decode_utf8(raw, name)
    if _ODD.search(text):
        return None
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines)
                  if line.split(":", 1)[0] in _LIST_KEYS and not line.startswith(" ")), None)
    if start is None:
        return None
    head = parse_yaml("\n".join(lines[:start]) + "\n", name)
    if not isinstance(head.data, dict) or any(k in head.data for k in _LIST_KEYS):
        return None
    data: dict[str, Any] = dict(head.data)
    marks = dict(head.marks)
    key_marks = dict(head.key_marks)
    nodes = len(marks)
    key: str | None = None
    items: list[Any] = []
    try:
        for number, line in enumerate(lines[start:], start=start + 1):
            if line.startswith(_ITEM) and key is not None:
                loc = (key, len(items))
                if not items:
                    marks[(key,)] = (number, 3)
                value, end = _value(line, 4, loc, number, marks, key_marks)
                if end != len(line):
                    raise _Unreadable
                items.append(value)
                continue
            name_part, colon, rest = line.partition(":")
            if line == "" and number == len(lines):
                continue  # the newline that ends the file
            if not colon or name_part not in _LIST_KEYS or name_part in data \
                    or rest not in ("", " []"):
                raise _Unreadable
            if key is not None and not items:
                raise _Unreadable  # `mfn:` with nothing under it is null in YAML
            key, items = name_part, []
            data[key] = items
            key_marks[(key,)] = (number, 1)
            if rest:
                marks[(key,)] = (number, len(key) + 3)
                key = None  # an empty flow list: no items may follow
    except _Unreadable:
        return None
    nodes += len(marks) - len(head.marks)
    if nodes > MAX_NODES:
        return None  # the YAML reader names the line where the limit is passed
    if key is not None and not items:
        return None  # `mfn:` with nothing under it is null in YAML, not a list
    return Document(name, data, marks, key_marks)


def _value(line: str, pos: int, loc: Loc, number: int, marks: dict[Loc, tuple[int, int]],
           key_marks: dict[Loc, tuple[int, int]]) -> tuple[Any, int]:
    """Read the node starting at ``line[pos]``; return it and the position after it."""
    match = _TOKEN.match(line, pos)
    if match is None:
        raise _Unreadable
    marks[loc] = (number, pos + 1)
    punct, quoted, word = match.group(1), match.group(3), match.group(4)
    if quoted is not None:
        return quoted, match.end()
    if word is not None:
        if word in _NULLS:
            raise _Unreadable
        return word, match.end()
    if punct == "{":
        return _mapping(line, match.end(), loc, number, marks, key_marks)
    if punct == "[":
        return _sequence(line, match.end(), loc, number, marks, key_marks)
    raise _Unreadable


def _mapping(line: str, pos: int, loc: Loc, number: int, marks: dict[Loc, tuple[int, int]],
             key_marks: dict[Loc, tuple[int, int]]) -> tuple[dict[str, Any], int]:
    out: dict[str, Any] = {}
    while True:
        match = _TOKEN.match(line, pos)
        if match is None or match.group(2) is None:
            raise _Unreadable
        key = match.group(2)
        if key in out:
            raise _Unreadable  # the YAML reader names a duplicate key
        key_marks[(*loc, key)] = (number, pos + 1)
        out[key], pos = _value(line, match.end(), (*loc, key), number, marks, key_marks)
        pos, closed = _after_item(line, pos, "}")
        if closed:
            return out, pos


def _sequence(line: str, pos: int, loc: Loc, number: int, marks: dict[Loc, tuple[int, int]],
              key_marks: dict[Loc, tuple[int, int]]) -> tuple[list[Any], int]:
    out: list[Any] = []
    if line.startswith("]", pos):
        return out, pos + 1
    while True:
        value, pos = _value(line, pos, (*loc, len(out)), number, marks, key_marks)
        out.append(value)
        pos, closed = _after_item(line, pos, "]")
        if closed:
            return out, pos


def _after_item(line: str, pos: int, close: str) -> tuple[int, bool]:
    """Past the ``", "`` before another item (False) or the ``close`` ending the node (True)."""
    if line.startswith(", ", pos):
        return pos + 2, False
    if line.startswith(close, pos):
        return pos + 1, True
    raise _Unreadable
