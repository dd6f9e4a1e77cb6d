"""Safe YAML reading that keeps every node's line and column.

Only YAML's plain data model is read (mappings, sequences, scalars): no Python objects are
ever constructed. Scalars keep their *text*, so ``rate: 0.20`` reaches the models as the string
``"0.20"`` and becomes an exact Decimal there (never a float), and ``country: NO`` stays
Norway. A duplicated key is an error, not "last one wins". Oversized files (a device or a
pipe is never read past the limit), alias bombs ("billion laughs") and text that is not UTF-8
are refused with a RuleFileError naming the line. Every document the package reads (rule
files, policies, quotes, proposals, allow-lists, FX tables) comes through here; JSON is read
as the YAML it also is, with its line numbers.

JSON text takes a shorter road to the same data: :func:`json.loads` with numbers kept as their
text, read only when nothing in the text could make YAML read it otherwise (see
:func:`_json_data`), and the node positions found by the YAML reader only if something asks
for them (an error message), so a valid JSON request or file costs a few microseconds a node
and an invalid one gets the same ``file:line:column`` message as before.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from pricing_engine.errors import RuleFileError

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_LISTED", "MAX_NODES", "Document", "LazyMarks", "Loc",
           "Readable",
           "decode_utf8", "parse_yaml", "read_file", "read_limited", "read_yaml",
           "validate_document"]

#: A file larger than this is refused before parsing.
MAX_BYTES = 5 * 1024 * 1024
#: Bound on the nodes a file may expand to once aliases are followed (alias bombs). A quote
#: of the most lines it may hold (quote.MAX_LINES), every field given, stays well under it.
MAX_NODES = 300_000
#: Bound on nesting (a recursive alias would otherwise never end).
MAX_DEPTH = 64

#: How many problems one error message spells out when it lists them all.
MAX_LISTED = 10

Loc = tuple[str | int, ...]
_M = TypeVar("_M", bound=BaseModel)
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL = "tag:yaml.org,2002:null"
#: Tags the YAML resolver gives plain data; an explicit other tag (!!python/..., !custom) is
#: refused rather than ignored, so a file cannot even ask for object construction.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge",
              "value")
)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed YAML file: plain data plus the 1-based (line, column) of every node.

    ``marks`` maps a path (``("tax", "rates", 0, "rate")``) to the position of the value
    there; ``key_marks`` maps the same path to the position of its mapping key. (For JSON
    text both are found when first read, which valid documents seldom need.)
    """

    path: str
    data: Any
    marks: Mapping[Loc, tuple[int, int]]
    key_marks: Mapping[Loc, tuple[int, int]]
    #: For a salvaged part of a file (see prune.py): the whole file, and new -> old paths.
    whole: Document | None = None
    back: Mapping[Loc, Loc] | None = None

    def raw(self, loc: Loc) -> Any:
        """The data at ``loc`` as the file wrote it (entries set aside included), or None."""
        if self.whole is not None and self.back is not None:
            return self.whole.raw(self.back.get(loc, loc))
        node = self.data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def mark(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Position of the node at ``loc``, or of its nearest ancestor that exists."""
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        probe = tuple(loc)
        marks = self.marks  # one look-up a step: every compiled entry asks for its line
        while True:
            found = marks.get(probe)
            if found is not None:
                return found
            if not probe:
                return 1, 1
            probe = probe[:-1]

    def error(self, loc: Loc, message: str, *, key: bool = False) -> RuleFileError:
        """A RuleFileError at the node ``loc`` of this file."""
        line, column = self.mark(loc, key=key)
        return RuleFileError(self.path, line, column, message)

    def validation_errors(
        self, exc: ValidationError, errors: Sequence[ErrorDetails] | None = None,
    ) -> Iterator[RuleFileError]:
        """Each problem pydantic found in this document, as ``field: message`` at its node.

        An unknown or missing field points at its key rather than at its value. ``errors``
        is a selection of ``exc.errors()`` to report (default: all of them).
        """
        for err in exc.errors() if errors is None else errors:
            loc = tuple(err["loc"])
            where = ".".join(str(part) for part in loc)
            message = str(err["msg"]).removeprefix("Value error, ")
            key = err["type"] in ("extra_forbidden", "missing")
            yield self.error(loc, f"{where}: {message}" if where else message, key=key)


def read_yaml(path: str | Path, *, label: str | None = None, too_big: str = "") -> Document:
    """Read and parse one YAML or JSON file; ``label`` is the name errors give (default: path).

    ``too_big`` is added to the message when the file is over a size limit (say what to do).
    A device, FIFO or pipe (``/dev/stdin``, ``<(...)``) is read too, never past the limit.
    """
    name = label or str(path)
    return parse_yaml(read_file(path, name, hint=_hint(too_big)), name, too_big=too_big)


def read_file(path: str | Path, name: str, *, limit: int = MAX_BYTES, hint: str = "") -> bytes:
    """The bytes of the file at ``path``, at most ``limit``; ``name`` is what errors call it.

    A larger file is a RuleFileError (``hint``, if given, is added to its message: what to
    do), refused by its size before it is read; a device, FIFO or pipe (``/dev/stdin``,
    ``<(...)``), whose size says 0, is read too, never past the limit.
    """
    try:
        with Path(path).open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size  # 0 for a device, FIFO or pipe
            if size > limit:
                raise RuleFileError(name, 1, 1, f"file is {size} bytes; the limit is "
                                    f"{limit}{hint}")
            raw = read_limited(handle, limit=limit)
    except OSError as exc:
        raise RuleFileError(name, 0, 0, f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > limit:  # a device or a pipe, or a file that grew since fstat
        raise RuleFileError(name, 1, 1, f"file is over {limit} bytes; the limit is {limit}{hint}")
    return raw


class Readable(Protocol):
    """What :func:`read_limited` reads from: a binary file, stdin's buffer, a GzipFile."""

    def read(self, size: int, /) -> bytes: ...


def read_limited(stream: Readable, *, limit: int = MAX_BYTES) -> bytes:
    """The bytes of ``stream`` (a file, device, FIFO or pipe), ``limit`` + 1 of them at most.

    One byte more than a document may hold, so that :func:`parse_yaml` refuses a larger one:
    a stream with no end (``/dev/zero``, ``yes |``) is never read past it. A reader with a
    limit of its own (a catalogue, a tariff or list file) passes it as ``limit``.
    """
    chunks: list[bytes] = []
    size = 0
    while size <= limit and (chunk := stream.read(limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def decode_utf8(raw: bytes, name: str) -> str:
    """``raw`` as text; bytes that are not UTF-8 are an error at their line and byte offset."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        what = ("UTF-16 text: save it as UTF-8" if raw[:2] in (b"\xff\xfe", b"\xfe\xff")
                else "not UTF-8 text (a binary file?)")
        raise RuleFileError(name, line, column, f"{what}: byte 0x{raw[start]:02x} at byte "
                            f"offset {start} ({exc.reason})") from None


def parse_yaml(text: str | bytes, name: str, *, too_big: str = "") -> Document:
    """Parse one YAML or JSON document (text, or bytes that must be UTF-8) with node positions."""
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise RuleFileError(name, 1, 1, f"document is over the {MAX_BYTES}-byte limit"
                            + _hint(too_big))
    if isinstance(text, bytes):
        text = decode_utf8(text, name)
    data = _json_data(text)
    if data is not None:
        positions = _Positions(text, name, too_big)
        return Document(name, data,
                        LazyMarks({}, lambda: positions.document().marks, _never),
                        LazyMarks({}, lambda: positions.document().key_marks, _never))
    return _parse_marked(text, name, too_big)


def _parse_marked(text: str, name: str, too_big: str) -> Document:
    """Parse ``text`` as YAML, keeping the position of every node."""
    try:
        node = yaml.compose(_json_escapes(text), Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise RuleFileError(name, line, col, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, ...)
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise RuleFileError(name, line, column, f"invalid YAML: character U+{code:04X} is "
                            "not allowed in YAML (a binary file?)") from None
    except yaml.YAMLError as exc:
        raise RuleFileError(name, 0, 0, "invalid YAML: " + " ".join(str(exc).split())) from None
    builder = _Builder(name, too_big)
    data = None if node is None else builder.build(node, ())
    return Document(name, data, builder.marks, builder.key_marks)


def validate_document(
    doc: Document, model: type[_M], not_mapping: str, *, count_others: bool = False,
    list_others: bool = False,
) -> _M:
    """Return ``doc`` validated as ``model``, or raise its first problem as a RuleFileError.

    The error reads ``file:line:column: field: message`` at the offending node (at the key for
    an unknown or missing field); ``not_mapping`` is the message for a document that is not a
    mapping. With ``count_others``, a message adds how many other problems there are; with
    ``list_others`` it goes on to state each (``; line:column: field: message``, up to
    MAX_LISTED of them, then how many more), so one line carries every problem.
    """
    if not isinstance(doc.data, dict):
        raise RuleFileError(doc.path, 1, 1, not_mapping)
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems = _without_echoes(exc)
        errors = doc.validation_errors(exc, problems)
        first = next(errors)
        others = len(problems) - 1
        message = first.message
        if list_others and others:
            listed = [f"{e.line}:{e.column}: {e.message}" for e in islice(errors, MAX_LISTED)]
            rest = others - len(listed)
            message += "; " + "; ".join(listed) + (f" (and {rest} more)" if rest else "")
        elif count_others and others:
            message += f" (and {others} more)"
        raise RuleFileError(first.path, first.line, first.column, message) from None


def _without_echoes(exc: ValidationError) -> list[ErrorDetails]:
    """``exc.errors()`` less a list's "too short" that only echoes its items' own errors."""
    errors = exc.errors()
    inner = {tuple(e["loc"][:n]) for e in errors for n in range(len(e["loc"]))}
    return [e for e in errors if e["type"] != "too_short" or tuple(e["loc"]) not in inner]


def _hint(too_big: str) -> str:
    return f"; {too_big}" if too_big else ""


#: A UTF-16 surrogate pair written as two JSON escapes (``"\ud83d\ude00"``), which YAML does
#: not read; the escape before it must not itself be escaped (an even run of backslashes).
_SURROGATES = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})",
                         re.IGNORECASE)


def _json_escapes(text: str) -> str:
    """JSON's surrogate-pair escapes as the characters they stand for (lines keep their numbers)."""
    if "\\u" not in text or text.lstrip()[:1] not in ("{", "["):
        return text

    def char(m: re.Match[str]) -> str:
        high, low = int(m.group(2), 16), int(m.group(3), 16)
        return m.group(1) + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    return _SURROGATES.sub(char, text)


#: Characters that keep JSON text off the short road, because YAML refuses them, reads them
#: as line breaks (NEL, LS, PS) or skips them (a byte order mark); and tabs.
_NOT_PLAIN = re.compile(
    "[^\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
#: Blanks between a key and its colon: a line break or many of them keep JSON off the short
#: road (a YAML key in braces ends at its line and within 1024 characters).
_KEY_GAP = re.compile(r'"\s+:')
#: An escaped UTF-16 surrogate: YAML reads a pair (after _json_escapes) as JSON does, and
#: refuses a lone one, which JSON reads as a lone surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")
#: A longer key (in characters, each written with at most six) leaves its text to YAML.
_LONG_KEY = 128


class _NotPlain(Exception):
    """JSON that the YAML reader is left to read (it may read other data, or refuse it)."""


def _refuse(_text: str) -> Any:
    raise _NotPlain


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    # the longest key with map and max (C loops): the hook runs for every object of the text
    if len(out) != len(pairs) or "<<" in out or max(map(len, out), default=0) > _LONG_KEY:
        raise _NotPlain  # a duplicate or merge key is YAML's error to report; see _LONG_KEY
    return out


#: Numbers stay their text (as YAML scalars do); NaN and Infinity are not JSON.
_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_int=str, parse_float=str,
                            parse_constant=_refuse)


def _json_data(text: str) -> Any:
    """The data YAML would read from ``text``, read as JSON; None to leave it to YAML.

    Only a JSON object or array whose every part YAML reads alike: strings (JSON's escapes
    are YAML's), numbers as their text, ``true``/``false`` as those words, ``null`` as None;
    no duplicate or merge key, within MAX_DEPTH and MAX_NODES. Anything else (not JSON, or
    JSON that YAML might read otherwise) returns None, and the YAML reader gives the data or
    the error it always gave.
    """
    if text[:1] not in ("{", "[") and text.lstrip()[:1] not in ("{", "["):
        return None
    if _NOT_PLAIN.search(text):
        return None
    # In ASCII text that _NOT_PLAIN lets through, the only blanks are space, LF and CR: a
    # text with none of them after a quote has no key gap to look for (compact JSON)
    if not (text.isascii() and '" ' not in text and '"\n' not in text and '"\r' not in text) \
            and any(not _short_gap(m.group()[1:-1]) for m in _KEY_GAP.finditer(text)):
        return None
    try:
        data = _DECODER.decode(text)
        if _SURROGATE_ESCAPE.search(text):
            json.dumps(data, ensure_ascii=False).encode("utf-8")  # refuses a lone surrogate
    except (ValueError, RecursionError, _NotPlain):  # UnicodeEncodeError is a ValueError
        return None
    if _plainly_within(text):
        return data
    return data if _as_yaml_reads(data) else None


def _plainly_within(text: str) -> bool:
    """Whether the text alone shows its data needs no walk by :func:`_as_yaml_reads`.

    No ``true`` or ``false`` anywhere (so no boolean to write as YAML's text); no more
    braces and brackets than MAX_DEPTH (so no container nested MAX_DEPTH deep); no more
    characters than MAX_NODES (a node takes one at least). A request's quote is all three,
    and is then read in one pass, the decoder's.
    """
    return (len(text) <= MAX_NODES and "true" not in text and "false" not in text
            and text.count("{") + text.count("[") <= MAX_DEPTH)


def _short_gap(blanks: str) -> bool:
    return len(blanks) < 16 and "\n" not in blanks and "\r" not in blanks


def _as_yaml_reads(data: dict[str, Any] | list[Any]) -> bool:
    """Write JSON's booleans as YAML's text, in place; False if over MAX_DEPTH or MAX_NODES."""
    count = 1
    stack: list[tuple[dict[str, Any] | list[Any], int]] = [(data, 0)]
    while stack:
        node, depth = stack.pop()
        if node and depth >= MAX_DEPTH:
            return False
        count += len(node)
        if count > MAX_NODES:
            return False
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if value is True or value is False:
                node[key] = "true" if value else "false"  # type: ignore[index]
            elif isinstance(value, (dict, list)):
                stack.append((value, depth + 1))
    return True


class _Positions:
    """The node positions of a JSON text, found by the YAML reader when first asked for."""

    __slots__ = ("_found", "name", "text", "too_big")

    def __init__(self, text: str, name: str, too_big: str) -> None:
        self.text = text
        self.name = name
        self.too_big = too_big
        self._found: Document | None = None

    def document(self) -> Document:
        if self._found is None:  # two threads may both parse: the same result either way
            self._found = _parse_marked(self.text, self.name, self.too_big)
        return self._found


class LazyMarks(Mapping[Loc, tuple[int, int]]):
    """Node (or key) positions of which only some were kept as the text was read; the rest are
    found when first asked for.

    ``kept`` holds the positions kept; ``complete(loc)`` tells whether it answers for ``loc``
    (the position, or that there is none); ``every()`` gives every position (found once, by
    its maker, on the first call that needs it).
    """

    __slots__ = ("_complete", "_every", "_kept")

    def __init__(self, kept: Mapping[Loc, tuple[int, int]],
                 every: Callable[[], Mapping[Loc, tuple[int, int]]],
                 complete: Callable[[Loc], bool]) -> None:
        self._kept = kept
        self._every = every
        self._complete = complete

    def _for(self, loc: Loc) -> Mapping[Loc, tuple[int, int]]:
        return self._kept if self._complete(loc) else self._every()

    def __getitem__(self, loc: Loc) -> tuple[int, int]:
        return self._for(loc)[loc]

    def get(self, loc: Loc, default: Any = None) -> Any:
        return self._for(loc).get(loc, default)

    def __contains__(self, loc: object) -> bool:
        return isinstance(loc, tuple) and loc in self._for(loc)

    def __iter__(self) -> Iterator[Loc]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())


def _never(loc: Loc) -> bool:
    return False


class _Builder:
    """Turns a composed node graph into dicts, lists and strings, counting every node."""

    def __init__(self, name: str, too_big: str = "") -> None:
        self.name = name
        self.too_big = too_big
        self.count = 0
        self.marks: dict[Loc, tuple[int, int]] = {}
        self.key_marks: dict[Loc, tuple[int, int]] = {}

    def _fail(self, node: yaml.Node, message: str) -> RuleFileError:
        return RuleFileError(
            self.name, node.start_mark.line + 1, node.start_mark.column + 1, message
        )

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(node, f"more than {MAX_NODES} nodes once aliases are expanded "
                             "(an alias bomb?); refusing the file" + _hint(self.too_big))
        if len(loc) > MAX_DEPTH:
            raise self._fail(node, f"nested deeper than {MAX_DEPTH} levels (a recursive alias?)")
        self.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _PLAIN_TAGS:
            raise self._fail(node, f"YAML tag {node.tag!r} is not allowed")
        if isinstance(node, yaml.ScalarNode):
            return None if node.tag == _NULL else str(node.value)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        raise self._fail(node, "unsupported YAML node")  # pragma: no cover - compose makes none

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _NULL:
                raise self._fail(key_node, "mapping keys must be plain strings")
            key = str(key_node.value)
            if key == "<<":
                raise self._fail(key_node, "merge keys (<<) are not supported; write keys out")
            if key in out:
                raise self._fail(key_node, f"duplicate key {key!r}")
            self.key_marks[(*loc, key)] = (key_node.start_mark.line + 1,
                                           key_node.start_mark.column + 1)
            out[key] = self.build(value_node, (*loc, key))
        return out
