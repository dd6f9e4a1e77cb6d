"""Parse one rule file into its model, mapping every pydantic error to a YAML position.

The file's kind is told by its top-level keys: ``country`` (a country file), ``members`` or
``union`` (a customs-union file), ``tariff`` (a tariff table: a published tariff's national
lines, imported), ``rules`` (the Incoterms file). Results are cached by the file's
name and SHA-256, so reloading unchanged rules costs a read and a hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from pricing_engine.documents import MAX_BYTES, Document, Loc, parse_yaml
from pricing_engine.errors import RuleFileError
from pricing_engine.rules.incoterms import IncotermsFile
from pricing_engine.rules.model import CountryFile, TariffFile, UnionFile
from pricing_engine.rules.prune import salvage
from pricing_engine.rules.table_reader import read_header, read_table

__all__ = ["OTHER_KINDS", "Kind", "ParsedFile", "RuleFileModel", "forget", "model_errors",
           "parse_file", "table_code"]

Kind = Literal["country", "union", "tariff", "incoterms", "policy"]
#: Files of other kinds that live beside the rules (the approval policy, rules/policy.yaml),
#: told by a top-level key. They are not part of the rule book: their own module checks them.
OTHER_KINDS: dict[Kind, tuple[str, ...]] = {"policy": ("policy_version", "margins")}
_MODELS: dict[str, type[BaseModel]] = {
    "country": CountryFile, "union": UnionFile, "tariff": TariffFile, "incoterms": IncotermsFile,
}
_CACHE: dict[tuple[str, str], ParsedFile] = {}
#: How much of a file :func:`table_code` reads: a table's header is a few hundred bytes.
_HEAD_BYTES = 64 * 1024
#: The model of a rule file of each kind.
RuleFileModel = CountryFile | UnionFile | TariffFile | IncotermsFile


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One rule file: its YAML, its model (None when invalid) and the errors found so far."""

    label: str
    kind: Kind | None
    code: str | None  # the country or union code; "incoterms" for the Incoterms file
    doc: Document | None
    model: RuleFileModel | None
    errors: tuple[RuleFileError, ...]
    sha256: str
    #: What the semantic checks read: the model and its YAML, or the salvaged valid part.
    checked: tuple[RuleFileModel, Document] | None = None
    path: str = ""  # where the file was read from

    @property
    def is_rule_file(self) -> bool:
        """False for the other kinds of file that live beside the rules (the policy)."""
        return self.kind not in OTHER_KINDS


def parse_file(path: Path, label: str) -> ParsedFile:
    """Parse ``path`` (errors name it ``label``), from the cache when its bytes are known."""
    try:
        size = path.stat().st_size
        raw = b"" if size > MAX_BYTES else path.read_bytes()
    except OSError as exc:
        err = RuleFileError(label, 0, 0, f"cannot read: {exc.strerror or exc}")
        return ParsedFile(label, None, None, None, None, (err,), "")
    if size > MAX_BYTES:
        err = RuleFileError(label, 1, 1, f"file is larger than the {MAX_BYTES}-byte limit")
        return ParsedFile(label, None, None, None, None, (err,), "")
    digest = hashlib.sha256(raw).hexdigest()
    key = (label, digest)
    cached = _CACHE.get(key)
    if cached is None:
        if len(_CACHE) > 4096:  # rule sets are small; this only bounds a long-lived process
            _CACHE.clear()
        cached = _CACHE[key] = _parse(raw, label, digest)
    return cached if cached.path == str(path) else replace(cached, path=str(path))


def table_code(path: Path, label: str) -> str | None:
    """The code of the tariff table at ``path`` as its header names it, for a table in the
    importer's layout (:func:`~pricing_engine.rules.table_reader.read_header`: only its
    first bytes are read), else None (another kind of file or layout, or unreadable).

    A loader names such a table without parsing it and reads it when its country is
    compiled; reading it whole still decides what it is (build.TableReader says where that
    differs).
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError:
        return None
    data = read_header(head, label)
    if data is None or _kind(data) != "tariff":
        return None
    return _code(data, "tariff")


def forget(files: Iterable[ParsedFile]) -> None:
    """Drop ``files`` from the cache of parsed files (a tariff table's parse holds tens of
    times its bytes: a process whose compiled book was cached need not keep it)."""
    for f in files:
        _CACHE.pop((f.label, f.sha256), None)


def _parse(raw: bytes, label: str, digest: str) -> ParsedFile:
    try:
        # a tariff table in the importer's layout reads without YAML's composer (same Document)
        doc = read_table(raw, label) or parse_yaml(raw, label)
    except RuleFileError as exc:
        return ParsedFile(label, None, None, None, None, (exc,), digest)
    kind = _kind(doc.data)
    if kind in OTHER_KINDS:
        return ParsedFile(label, kind, kind, doc, None, (), digest)
    if kind is None:
        err = doc.error((), "not a rule file: expected a mapping with a `country`, `union` "
                        "(with `members`), `tariff` or `rules` key")
        return ParsedFile(label, None, None, doc, None, (err,), digest)
    try:
        model: Any = _MODELS[kind].model_validate(doc.data)
    except ValidationError as exc:
        return ParsedFile(label, kind, _code(doc.data, kind), doc, None,
                          tuple(model_errors(doc, exc)), digest,
                          salvage(doc, _MODELS[kind], exc))
    # the code as the model reads it ("ch" is CH): what files are matched on
    code = "incoterms" if kind == "incoterms" else getattr(model, kind)
    return ParsedFile(label, kind, code, doc, model, (), digest, (model, doc))


def _kind(data: object) -> Kind | None:
    if not isinstance(data, dict):
        return None
    for other, keys in OTHER_KINDS.items():
        if any(k in data for k in keys):
            return other
    if "tariff" in data:
        return "tariff"
    if "country" in data:
        return "country"
    if "members" in data or "union" in data:
        return "union"
    if "rules" in data or "elements" in data:
        return "incoterms"
    return None


def _code(data: dict[str, Any], kind: Kind) -> str | None:
    if kind == "incoterms":
        return "incoterms"
    value = data.get(kind)
    return value if isinstance(value, str) else None


def model_errors(doc: Document, exc: ValidationError) -> list[RuleFileError]:
    """Turn pydantic's errors into RuleFileErrors at the offending nodes, in file order."""
    out = []
    for err in exc.errors(include_url=False, include_context=False):
        loc: Loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(
            ("function-", "tagged-union["))))
        kind, msg = err["type"], str(err["msg"]).removeprefix("Value error, ")
        if kind == "extra_forbidden":
            out.append(doc.error(loc, f"unknown key {loc[-1]!r}", key=True))
        elif kind == "missing":
            where = ".".join(map(str, loc[:-1])) or "the file"
            out.append(doc.error(loc[:-1], f"missing key {loc[-1]!r} in {where}"))
        elif loc and loc[-1] == "[key]":
            out.append(doc.error(loc[:-1], f"key {loc[-2]!r}: {msg}", key=True))
        else:
            out.append(doc.error(loc, f"{_dotted(loc)}: {msg}" if loc else msg))
    return sorted(out, key=lambda e: (e.line, e.column))


def _dotted(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
