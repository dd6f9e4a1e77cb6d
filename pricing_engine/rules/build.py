"""Check and compile parsed rule files into a RuleBook, reusing the work of earlier builds.

A user's rule directory laid over the bundled rules is a new set of files, but most of it is
the bundled files again, tariff tables included (tens of thousands of lines each). The
semantic checks of a tariff table depend only on its bytes and on the union and country files
it names (:func:`check_files`), and a country's compiled rules only on its file, its union's,
its tariff table and the unions' members (:func:`build_book`): both are kept per process, by
those files' labels and sha256, in bounded tables, so a second set that shares them checks and
compiles only what differs. The results are immutable, so sharing them is safe. A country may
have several tables, one per part of the file name (``US.yaml``, ``US.chapter99.yaml``): they
come under its curated rules in that order (the table without a part first).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Container, Hashable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from pricing_engine.errors import RuleFileError
from pricing_engine.rules.book import RuleBook
from pricing_engine.rules.compile import Origin, compile_country
from pricing_engine.rules.country import DUTY_FIELDS, CountryRules
from pricing_engine.rules.incoterms import IncotermRule, IncotermsFile
from pricing_engine.rules.model import CountryFile, TariffFile, UnionFile
from pricing_engine.rules.parse import ParsedFile, forget
from pricing_engine.rules.validate import by_position, check_rule_set, tariff_part

__all__ = ["TableReader", "build_book", "check_files", "content_hash", "forget_compiled", "named"]

V = TypeVar("V")
_KEPT = 256  # entries per table: a few rule sets' worth; cleared when full
_TABLE_ERRORS: dict[Hashable, tuple[RuleFileError, ...]] = {}
_COMPILED: dict[Hashable, CountryRules] = {}


def _ids(files: Sequence[ParsedFile | None]) -> tuple[tuple[str, str], ...]:
    return tuple((f.label, f.sha256) for f in files if f is not None)


def check_files(files: Sequence[ParsedFile]) -> list[RuleFileError]:
    """Every semantic error of ``files`` (as check_rule_set), tariff tables checked once."""
    tables = [f for f in files if f.kind == "tariff" and f.checked is not None]
    parts = Counter((f.code, tariff_part(f.label)) for f in files if f.kind == "tariff")
    if max(parts.values(), default=0) > 1:
        return check_rule_set(files)  # a table defined twice: the whole set says where
    rest = [f for f in files if not (f.kind == "tariff" and f.checked is not None)]
    errors = check_rule_set(rest)
    for table in tables:
        errors += _table_errors(table, rest)
    return by_position(errors)


def _table_errors(table: ParsedFile, files: Sequence[ParsedFile]) -> tuple[RuleFileError, ...]:
    """The semantic errors of ``table`` in its context of ``files``: the union files and its
    country's file (kept per table and context)."""
    context = [f for f in files if f.kind == "union"] + [
        f for f in files if f.kind == "country" and f.code == table.code]
    key = (table.label, table.sha256, _ids(context))
    found = _TABLE_ERRORS.get(key)
    if found is None:
        found = tuple(e for e in check_rule_set([*context, table]) if e.path == table.label)
        _keep(_TABLE_ERRORS, key, found)
    return found


def named(f: ParsedFile) -> bool:
    """Whether ``f`` is a tariff table known by its name alone, not read yet (a bundled
    table: see :class:`TableReader`)."""
    return f.kind == "tariff" and f.doc is None and not f.errors


class TableReader:
    """Reads, for :func:`build_book`, the tariff tables of a set of files that names them
    without reading them (:func:`named`), a country (or union) at a time, and checks each
    in its context; its country is compiled, then the table's parse let go. The bundled
    tables' parse is tens of times their bytes (about 1.3 GB for 54 MB): read all at once,
    before anything is compiled, it made most of a first use's peak memory.

    ``own`` gathers the errors of the tables read (by label; :meth:`errors_of` a file's,
    read or not) and ``checks`` those of their checks; a country with one is not compiled,
    and the caller raises them with the rest.
    :meth:`check_rest` reads those no compile asked for (a country compiled already, a
    table of no country). ``changed`` tells whether a table's bytes were not those it was
    named with (edited while the rules were read).
    """

    def __init__(self, files: Sequence[ParsedFile], read: Callable[[ParsedFile], ParsedFile]
                 ) -> None:
        self._files = [f for f in files if f.kind in ("union", "country")]
        self._read = read
        self._pending = {f.label: f for f in files if named(f)}
        self._failed: set[str] = set()
        self.own: dict[str, tuple[RuleFileError, ...]] = {}
        self.checks: list[RuleFileError] = []
        self.changed = False

    def __call__(self, tables: Sequence[ParsedFile]) -> list[ParsedFile] | None:
        """``tables`` read (those named), or None where one of them has an error."""
        out = []
        for table in tables:
            if self._pending.pop(table.label, None) is not None:
                table = self._parse(table)
            out.append(table)
        if any(t.label in self._failed for t in out):
            forget(out)
            return None
        return out

    def errors_of(self, f: ParsedFile) -> tuple[RuleFileError, ...]:
        """The errors of ``f`` itself: those found reading it, for a table it reads."""
        return self.own.get(f.label, ()) if named(f) else f.errors

    def check_rest(self, labels: Container[str] | None = None) -> None:
        """Read and check the tables not read yet (of those, the ones ``labels`` holds, if
        given), one at a time."""
        for label in [k for k in self._pending if labels is None or k in labels]:
            forget([self._parse(self._pending.pop(label))])

    def _parse(self, table: ParsedFile) -> ParsedFile:
        parsed = self._read(table)
        self.changed = self.changed or parsed.sha256 != table.sha256
        own = parsed.errors
        if parsed.kind is not None and parsed.kind != "tariff":  # named a table, is not one
            own += (RuleFileError(table.label, 1, 1, f"not a tariff table: a {parsed.kind} "
                                  "file, though its place (rules/tariffs/) or its first lines "
                                  "name it one"),)
        checks = _table_errors(parsed, self._files) if parsed.checked is not None else ()
        if parsed.kind == "tariff" and parsed.code != table.code and not (own or checks):
            # (read whole, a file may say otherwise than the first lines it was named by)
            own += (RuleFileError(table.label, 1, 1, f"the tariff table of {parsed.code}, "
                                  f"though its place or its first lines name {table.code}"),)
        if own or checks or parsed.model is None:
            self._failed.add(table.label)
        self.own[table.label] = own
        self.checks += checks
        return parsed


def build_book(files: Sequence[ParsedFile], shared: Mapping[str, CountryRules] | None = None,
               *, read: TableReader | None = None) -> tuple[RuleBook, list[str]]:
    """The book of ``files`` (all valid) and the codes of its customs unions.

    A union's duty rules are compiled with its first member's file (in ``files`` order) and
    shared by the others; ``shared`` gives some unions' first members compiled already (by
    union code: another book of the same union and tariff files), so that ``files`` may hold
    other members without the union's tables. With ``read``, ``files`` may name tables
    without reading them (:func:`named`): each is read just before its country is compiled
    and let go after; a country whose tables have errors is left out (``read`` says which:
    the book is then not to be used).
    """
    unions: dict[str, ParsedFile] = {}
    tariffs: dict[str, list[ParsedFile]] = {}  # a country's tables: US.yaml, US.chapter99.yaml
    incoterms: dict[str, IncotermRule] = {}
    for f in files:
        if isinstance(f.model, UnionFile):
            unions[f.model.union] = f
        elif isinstance(f.model, TariffFile):
            tariffs.setdefault(f.model.tariff, []).append(f)
        elif read is not None and named(f) and f.code:
            tariffs.setdefault(f.code, []).append(f)
        elif isinstance(f.model, IncotermsFile):
            incoterms = {c: IncotermRule.from_entry(c, e) for c, e in f.model.rules.items()}
    members = {code: frozenset(u.model.members) for code, u in unions.items()
               if isinstance(u.model, UnionFile)}
    signature = tuple(sorted((code, tuple(sorted(m))) for code, m in members.items()))
    countries: dict[str, CountryRules] = {}
    shared = dict(shared or {})  # a union's first member: its compiled tariff
    for f in files:
        if not isinstance(f.model, CountryFile):
            continue
        code = f.model.union
        union = unions.get(code) if code else None
        first = shared.get(code) if code and union else None
        tables = [] if first else sorted(tariffs.get(code or f.model.country, ()),
                                         key=lambda t: (tariff_part(t.label), t.label))
        key = (_ids([f, union, *tables]), signature)
        rules = _COMPILED.get(key)
        if rules is None:
            found = tables if read is None else read(tables)
            if found is None:
                continue  # a table with errors (told by read)
            rules = compile_country(f.model, _origin(f), _union(union), members,
                                    [_tariff(t) for t in found])
            _keep(_COMPILED, key, rules)
            if read is not None:
                forget(found)
                del found  # (the tables' parse goes now, not at the next country)
        if first is not None:  # the members of a union share its compiled duty rules
            rules = replace(rules, **{name: getattr(first, name) for name in DUTY_FIELDS})
        elif code and union:
            shared[code] = rules
        countries[f.model.country] = rules
    book = RuleBook(countries, members, incoterms,
                    files=tuple(sorted(f.label for f in files)), content_hash=content_hash(files))
    return book, sorted(unions)


def forget_compiled(files: Sequence[ParsedFile]) -> None:
    """Drop the compiled countries made with any of ``files`` (a process whose book was
    cached reads the lighter cached one: a compiled tariff weighs several times as much)."""
    ids = set(_ids(files))
    for key in list(_COMPILED):  # (a copy: another thread may be compiling)
        if isinstance(key, tuple) and ids.intersection(key[0]):
            _COMPILED.pop(key, None)


def content_hash(files: Sequence[ParsedFile]) -> str:
    """A book's content hash: sha256 over its files' labels and sha256s, by label."""
    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.label):
        digest.update(f"{f.label}\0{f.sha256}\n".encode())
    return digest.hexdigest()


def _origin(f: ParsedFile) -> Origin:
    if f.doc is None or not isinstance(f.model, CountryFile | UnionFile | TariffFile):
        raise ValueError(f"{f.label}: not a valid country, union or tariff file")
    return Origin.of(f.doc, f.model)


def _union(f: ParsedFile | None) -> tuple[UnionFile, Origin] | None:
    if f is None:
        return None
    if not isinstance(f.model, UnionFile):
        raise ValueError(f"{f.label}: not a valid union file")
    return f.model, _origin(f)


def _tariff(f: ParsedFile) -> tuple[TariffFile, Origin]:
    if not isinstance(f.model, TariffFile):
        raise ValueError(f"{f.label}: not a valid tariff file")
    return f.model, _origin(f)


def _keep(table: dict[Hashable, V], key: Hashable, value: V) -> None:
    if len(table) >= _KEPT:
        table.clear()
    table[key] = value
