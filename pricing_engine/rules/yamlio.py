"""Safe YAML reading that keeps every node's line and column.

Only YAML's plain data model is read (mappings, sequences, scalars): no Python objects are
ever constructed. Scalars keep their *text*, so ``rate: 0.20`` reaches the models as the string
``"0.20"`` and becomes an exact Decimal there (never a float), and ``country: NO`` stays
Norway. Oversized files and alias bombs ("billion laughs") are refused with a RuleFileError.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from pricing_engine.errors import RuleFileError

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "Document", "Loc", "parse_yaml", "read_yaml"]

#: A rule file larger than this is refused before parsing.
MAX_BYTES = 5 * 1024 * 1024
#: Bound on the nodes a file may expand to once aliases are followed (alias bombs).
MAX_NODES = 200_000
#: Bound on nesting (a recursive alias would otherwise never end).
MAX_DEPTH = 64

Loc = tuple[str | int, ...]
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
    there; ``key_marks`` maps the same path to the position of its mapping key.
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
        while probe not in self.marks and probe:
            probe = probe[:-1]
        return self.marks.get(probe, (1, 1))

    def error(self, loc: Loc, message: str, *, key: bool = False) -> RuleFileError:
        """A RuleFileError at the node ``loc`` of this file."""
        line, column = self.mark(loc, key=key)
        return RuleFileError(self.path, line, column, message)

    def validation_errors(self, exc: ValidationError) -> Iterator[RuleFileError]:
        """Each problem pydantic found in this document, as ``field: message`` at its node.

        An unknown or missing field points at its key rather than at its value.
        """
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = ".".join(str(part) for part in loc)
            message = str(err["msg"]).removeprefix("Value error, ")
            key = err["type"] in ("extra_forbidden", "missing")
            yield self.error(loc, f"{where}: {message}" if where else message, key=key)


def read_yaml(path: str | Path, *, label: str | None = None) -> Document:
    """Read and parse one YAML file; ``label`` is the name errors give (default: the path)."""
    name = label or str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise RuleFileError(name, 1, 1, f"file is {size} bytes; the limit is {MAX_BYTES}")
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise RuleFileError(name, 0, 0, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleFileError(name, 1, 1, f"not UTF-8 text ({exc.reason})") from None
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> Document:
    """Parse YAML ``text`` (one document) into plain data with node positions."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise RuleFileError(name, 1, 1, f"document is over the {MAX_BYTES}-byte limit")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise RuleFileError(name, line, col, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise RuleFileError(name, 0, 0, f"invalid YAML: {exc}") from None
    builder = _Builder(name)
    data = None if node is None else builder.build(node, ())
    return Document(name, data, builder.marks, builder.key_marks)


class _Builder:
    """Turns a composed node graph into dicts, lists and strings, counting every node."""

    def __init__(self, name: str) -> None:
        self.name = name
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
                             "(an alias bomb?); refusing the file")
        if len(loc) > MAX_DEPTH:
            raise self._fail(node, f"nested deeper than {MAX_DEPTH} levels (a recursive alias?)")
        self.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _PLAIN_TAGS:
            raise self._fail(node, f"YAML tag {node.tag!r} is not allowed in rule files")
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
