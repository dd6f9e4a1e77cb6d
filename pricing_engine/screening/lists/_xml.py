"""Streaming, namespace-blind XML reading for the list loaders, refusing DTDs.

The lists are large, flat XML documents: :func:`iter_records` streams the record elements
with ``iterparse`` and frees each one after use. Official list files never carry a DOCTYPE;
a file with one (and so possibly entity definitions: "billion laughs", external entities) is
refused before the parser sees it, so defusedxml is not needed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from pricing_engine.errors import ListFormatError

__all__ = ["child_text", "children", "expect_root", "iter_records", "local", "root_attributes"]

_PROLOGUE_BYTES = 65536
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def local(tag: str) -> str:
    """Return an element tag without its ``{namespace}``."""
    return tag.rpartition("}")[2]


def _check_prologue(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            head = handle.read(_PROLOGUE_BYTES)
    except OSError as exc:
        raise ListFormatError(f"{path}: cannot read list file: {exc.strerror or exc}") from exc
    if _DOCTYPE.search(head):
        raise ListFormatError(f"{path}: refusing an XML file with a DTD or entity declarations")


def root_attributes(path: Path) -> tuple[str, dict[str, str]]:
    """Return the root element's local name and attributes (namespaces stripped)."""
    _check_prologue(path)
    try:
        for _, element in ET.iterparse(path, events=("start",)):
            return local(element.tag), {local(k): v for k, v in element.attrib.items()}
    except ET.ParseError as exc:
        raise ListFormatError(f"{path}:{exc.position[0]}: malformed XML: {exc}") from exc
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
    _check_prologue(path)
    wanted = frozenset(tags)
    try:
        for _, element in ET.iterparse(path, events=("end",)):
            if local(element.tag) in wanted:
                yield element
                element.clear()
    except ET.ParseError as exc:
        raise ListFormatError(f"{path}:{exc.position[0]}: malformed XML: {exc}") from exc


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
