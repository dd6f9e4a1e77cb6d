"""Streaming, namespace-blind XML reading for the list loaders, refusing DTDs at the parser.

The lists are large, flat XML documents: :func:`iter_records` streams the record elements
with ``iterparse`` and frees each one after use. Official list files never carry a DOCTYPE;
a file with one (and so possibly entity definitions: "billion laughs", external entities) is
refused by an expat parser that reads the document's prolog before ElementTree's parser sees
it, whatever the encoding (UTF-16 included) and however far into the file the DOCTYPE sits.
After the root element starts, XML allows no DOCTYPE and no entity declaration: expat
refuses one there as malformed XML. So defusedxml is not needed, and ElementTree's C parser
keeps its speed (expat handlers on a pure-Python parser would cost it about four times).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import BinaryIO, Literal, NoReturn
from xml.parsers import expat

from pricing_engine.errors import ListFormatError

__all__ = ["child_text", "children", "expect_root", "iter_records", "local", "root_attributes"]


def local(tag: str) -> str:
    """Return an element tag without its ``{namespace}``."""
    return tag.rpartition("}")[2]


class _RootSeen(Exception):
    """The prolog is over: the guard has nothing more to check."""


class _PrologGuard:
    """A binary file whose reads go through an expat parser until the root element starts.

    The guard parses what ElementTree's parser is about to parse, before it does, with the
    same expat settings (namespace processing, encoding detection), and raises
    ListFormatError on a DOCTYPE or an entity declaration, or on a prolog expat cannot read.
    """

    def __init__(self, path: Path, handle: BinaryIO) -> None:
        self._path = path
        self._handle = handle
        self._expat: expat.XMLParserType | None = expat.ParserCreate(namespace_separator="}")
        self._expat.StartDoctypeDeclHandler = self._refuse
        self._expat.EntityDeclHandler = self._refuse
        self._expat.StartElementHandler = self._root

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        if self._expat is not None:
            try:
                self._expat.Parse(data, not data)
            except _RootSeen:
                self._expat = None
            except expat.ExpatError as exc:
                raise ListFormatError(f"{self._path}:{exc.lineno}: malformed XML: {exc}") from None
        return data

    def _refuse(self, *_: object) -> NoReturn:
        line = self._expat.CurrentLineNumber if self._expat is not None else 0
        raise ListFormatError(f"{self._path}:{line}: refusing an XML file with a DTD or entity "
                              f"declarations (official list files carry none)")

    def _root(self, *_: object) -> NoReturn:
        raise _RootSeen


def _iterparse(path: Path, event: Literal["start", "end"]) -> Generator[ET.Element, None, None]:
    """Yield the elements of ``ET.iterparse`` for one event, read through the prolog guard.

    Read and parse errors become ListFormatError naming the file (and the line).
    """
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ListFormatError(f"{path}: cannot read list file: {exc.strerror or exc}") from exc
    with handle:
        try:
            for _, element in ET.iterparse(_PrologGuard(path, handle), events=(event,)):
                yield element
        except ET.ParseError as exc:
            raise ListFormatError(f"{path}:{exc.position[0]}: malformed XML: {exc}") from exc
        except OSError as exc:
            raise ListFormatError(f"{path}: cannot read list file: {exc.strerror or exc}") \
                from exc


def root_attributes(path: Path) -> tuple[str, dict[str, str]]:
    """Return the root element's local name and attributes (namespaces stripped)."""
    elements = _iterparse(path, "start")
    try:
        for element in elements:
            return local(element.tag), {local(k): v for k, v in element.attrib.items()}
    finally:
        elements.close()  # closes the file now, not when the generator is collected
    raise ListFormatError(f"{path}: empty XML document")


def expect_root(path: Path, name: str, what: str | None = None) -> dict[str, str]:
    """Return the root element's attributes if its local name is ``name``, else raise.

    ``what`` names the format in the error (``expected export (EU FSF XML)``).
    """
    root, attributes = root_attributes(path)
    if root != name:
        named = f" ({what})" if what else ""
        raise ListFormatError(f"{path}: root element is {root}, expected {name}{named}")
    return attributes


def iter_records(path: Path, *tags: str) -> Iterator[ET.Element]:
    """Yield each complete element whose local name is one of ``tags``, then free it."""
    wanted = frozenset(tags)
    for element in _iterparse(path, "end"):
        if local(element.tag) in wanted:
            yield element
            element.clear()


def _named(tag: str, name: str) -> bool:
    # the hot path of every loader: plain equality first, the namespace-suffix test second
    return tag == name or (tag.endswith(name) and tag[-len(name) - 1] == "}")


def children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    """Yield the direct children named ``name`` (namespace ignored)."""
    return (child for child in element if _named(child.tag, name))


def child_text(element: ET.Element, name: str) -> str:
    """Return the text of the first child named ``name`` with whitespace collapsed, or ``""``."""
    for child in element:
        if _named(child.tag, name):
            return " ".join(child.text.split()) if child.text else ""
    return ""
