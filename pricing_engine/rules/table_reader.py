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
``mfn:``, ``preferential:``, ``additional:`` or ``withheld:``) through
:func:`pricing_engine.documents.parse_yaml`, the entry lines with a strict grammar of their
own that gives the same data and the same line and column of every node as the YAML reader.
A line outside that grammar (a comment, a block mapping, an escape, a plain scalar with a
space, nesting deeper than the YAML reader allows...) makes it return None, and the caller
reads the whole file as YAML: the grammar only decides how fast a file is read, never what
it means.

The positions of the nodes inside an entry are found when first asked for (an error to
report), by reading the entry's line again: a valid table is asked only for its entries'
lines, which its first reading keeps. Keeping every node's position as it read took about
40 % of the reading.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from pricing_engine.documents import (
    MAX_NODES,
    Document,
    LazyMarks,
    Loc,
    decode_utf8,
    parse_yaml,
)
from pricing_engine.errors import RuleFileError

__all__ = ["read_header", "read_table"]

_LIST_KEYS = ("mfn", "preferential", "additional", "withheld")
_ITEM = "  - {"
#: The start of the first line that begins with a list key, where a table's header ends.
_FIRST_LIST = re.compile(rb"^(?:%s)(?::|$)" % "|".join(_LIST_KEYS).encode(), re.MULTILINE)
#: A plain word that YAML reads as its own text (never null: see _NULLS), and the inside of
#: a double-quoted string without escapes: the grammar's scalars, for both readers.
_WORD = r"[A-Za-z0-9][A-Za-z0-9_.+-]*"
_TEXT = r'[^"\\]*'
#: One token of an entry line: punctuation, a key, a double-quoted string or a plain word.
_TOKEN = re.compile(rf'([{{}}\[\]])|, |([a-z_]+): |"({_TEXT})"|({_WORD})')
_NULLS = frozenset({"null", "Null", "NULL"})
#: Characters that YAML treats specially or refuses anywhere in a file (tabs, CR, controls).
_ODD = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\ufeff\u0085\u2028\u2029]")
#: An entry's ``{`` is at this column (1-based), and its first key at this index (0-based).
_ENTRY_COLUMN = len(_ITEM)
#: How deep an entry may nest here (an entry is 1; the importer writes 3 at most): the YAML
#: reader reads a deeper one, and names the line where it passes its own limit.
_MAX_DEPTH = 8
_Marks = dict[Loc, tuple[int, int]]


class _Unreadable(Exception):
    """The line is outside the grammar: read the file as YAML instead."""


def _laid_out(raw: bytes) -> bool:
    """Whether ``raw`` starts as the importer starts a table (a comment, then ``tariff:``)."""
    return raw.startswith(b"# ") and b"\ntariff: " in raw[:4096]


def read_header(head: bytes, name: str) -> dict[str, Any] | None:
    """The header of a tariff table in the importer's layout (its lines before the first list
    key) read from the file's first bytes ``head``, or None where they do not hold one.

    This names a table without reading its entries (the loader reads them when its country
    is compiled); reading the whole file still decides what it is.
    """
    if not _laid_out(head):
        return None
    start = _FIRST_LIST.search(head)
    if start is None:
        return None
    try:
        text = decode_utf8(head[:start.start()], name)
        if _ODD.search(text):
            return None
        data = parse_yaml(text, name).data
    except RuleFileError:
        return None
    if not isinstance(data, dict) or any(k in data for k in _LIST_KEYS):
        return None
    return data


def read_table(raw: bytes, name: str) -> Document | None:
    """The Document of a tariff table in the importer's layout, or None for any other file."""
    if not _laid_out(raw):
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
    marks = dict(head.marks)  # the header's nodes, the lists and their entries
    key_marks = dict(head.key_marks)
    entries: dict[tuple[str, int], str] = {}  # an entry's line, read again for its nodes
    nodes = [len(marks)]
    key: str | None = None
    items: list[Any] = []
    try:
        for number, line in enumerate(lines[start:], start=start + 1):
            if line.startswith(_ITEM) and key is not None:
                if not items:
                    marks[(key,)] = (number, 3)
                at = (key, len(items))
                marks[at] = (number, _ENTRY_COLUMN)
                nodes[0] += 1
                entries[at] = line
                value = _flat(line, nodes)
                if value is None:
                    value, end = _mapping(line, _ENTRY_COLUMN, 1, nodes, (), None)
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
            nodes[0] += 1
            if rest:
                marks[(key,)] = (number, len(key) + 3)
                key = None  # an empty flow list: no items may follow
    except _Unreadable:
        return None
    if nodes[0] > MAX_NODES:
        return None  # the YAML reader names the line where the limit is passed
    if key is not None and not items:
        return None  # `mfn:` with nothing under it is null in YAML, not a list
    lazy = _Positions(marks, key_marks, entries)
    return Document(name, data, LazyMarks(marks, lambda: lazy.every()[0], lazy.kept),
                    LazyMarks(key_marks, lambda: lazy.every()[1], lazy.kept))


def _flat(line: str, nodes: list[int]) -> dict[str, Any] | None:
    """The entry of a line whose values are all plain or quoted words, or flat lists of them
    (:data:`_FLAT`: most lines of every table), read as :func:`_mapping` reads it (the same
    data, the same nodes counted, the same lines refused) by two regular expressions; None
    for any other line (nested mappings: :func:`_mapping` reads it)."""
    if _FLAT.fullmatch(line) is None:
        return None
    out: dict[str, Any] = {}
    count = 0
    for key, quoted, quote, word, listed in _PAIR.findall(line):
        if key in out:
            raise _Unreadable  # the YAML reader names a duplicate key
        count += 1
        if quote:
            out[key] = quoted
        elif word:
            if word in _NULLS:
                raise _Unreadable
            out[key] = word
        else:  # a list: its items, each a word or a quoted text
            items = []
            for text, plain in _ITEMS.findall(listed):
                if plain in _NULLS:
                    raise _Unreadable
                items.append(plain or text)  # a plain word is never empty; a text may be
            count += len(items)
            out[key] = items
    nodes[0] += count
    return out


_SCALAR = rf'(?:"{_TEXT}"|{_WORD})'
_INSIDE = rf"(?:{_SCALAR}(?:, {_SCALAR})*)?"  # a flat list's items
_LIST = rf"\[{_INSIDE}\]"
#: An entry line of keys with scalars or flat lists of scalars: tokens as :data:`_TOKEN`
#: reads them there (a value is never read as a key: a word is followed by ", ", "}" or "]").
_VALUE = rf"(?:{_SCALAR}|{_LIST})"
_FLAT = re.compile(rf"  - \{{(?:[a-z_]+: {_VALUE}, )*[a-z_]+: {_VALUE}\}}")
#: One key and its value in such a line: (key, text, '"' for a text, word, list's inside).
_PAIR = re.compile(rf'([a-z_]+): (?:"({_TEXT})(")|({_WORD})'
                   rf'|\[({_INSIDE})\])')
_ITEMS = re.compile(rf'"({_TEXT})"|({_WORD})')


class _Record(NamedTuple):
    """Where a reading records the positions of what it reads: the line's number, the marks."""

    number: int
    marks: _Marks
    key_marks: _Marks


def _value(line: str, pos: int, depth: int, nodes: list[int], loc: Loc,
           record: _Record | None) -> tuple[Any, int]:
    """Read the node starting at ``line[pos]``; return it and the position after it.

    ``nodes[0]`` counts the nodes read; with ``record``, each node's position is kept at its
    path (``loc``, which is not built without it).
    """
    match = _TOKEN.match(line, pos)
    if match is None:
        raise _Unreadable
    nodes[0] += 1
    if record is not None:
        record.marks[loc] = (record.number, pos + 1)
    punct, _, quoted, word = match.groups()
    if quoted is not None:
        return quoted, match.end()
    if word is not None:
        if word in _NULLS:
            raise _Unreadable
        return word, match.end()
    if depth >= _MAX_DEPTH:
        raise _Unreadable  # the YAML reader says how deep a file may nest, and where
    if punct == "{":
        return _mapping(line, match.end(), depth + 1, nodes, loc, record)
    if punct == "[":
        return _sequence(line, match.end(), depth + 1, nodes, loc, record)
    raise _Unreadable


def _mapping(line: str, pos: int, depth: int, nodes: list[int], loc: Loc,
             record: _Record | None) -> tuple[dict[str, Any], int]:
    out: dict[str, Any] = {}
    while True:
        match = _TOKEN.match(line, pos)
        if match is None:
            raise _Unreadable
        key = match.group(2)
        if key is None or key in out:
            raise _Unreadable  # the YAML reader names a duplicate key
        at = loc
        if record is not None:
            at = (*loc, key)
            record.key_marks[at] = (record.number, pos + 1)
        out[key], pos = _value(line, match.end(), depth, nodes, at, record)
        pos, closed = _after_item(line, pos, "}")
        if closed:
            return out, pos


def _sequence(line: str, pos: int, depth: int, nodes: list[int], loc: Loc,
              record: _Record | None) -> tuple[list[Any], int]:
    out: list[Any] = []
    if line.startswith("]", pos):
        return out, pos + 1
    while True:
        at = loc if record is None else (*loc, len(out))
        value, pos = _value(line, pos, depth, nodes, at, record)
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


class _Positions:
    """A table's node positions: the header's, the lists' and the entries' as first read;
    the nodes inside an entry from its line, read again when first asked for."""

    __slots__ = ("_entries", "_found", "key_marks", "marks")

    def __init__(self, marks: _Marks, key_marks: _Marks,
                 entries: dict[tuple[str, int], str]) -> None:
        self.marks, self.key_marks = marks, key_marks
        self._entries = entries
        self._found: tuple[_Marks, _Marks] | None = None

    def kept(self, loc: Loc) -> bool:
        """Tell whether the first reading kept the position at ``loc`` (or knew there is
        none): anything but a node under an entry."""
        return len(loc) <= 2 or (loc[0], loc[1]) not in self._entries

    def every(self) -> tuple[_Marks, _Marks]:
        """Every node's position and every key's (read once; two threads get the same)."""
        if self._found is None:
            marks, key_marks = dict(self.marks), dict(self.key_marks)
            for at, line in self._entries.items():
                record = _Record(marks[at][0], marks, key_marks)
                _mapping(line, _ENTRY_COLUMN, 1, [0], at, record)
            self._found = marks, key_marks
        return self._found
