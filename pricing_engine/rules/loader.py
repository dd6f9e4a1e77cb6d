"""Load rule files into a RuleBook, or collect every error in them (for CI).

The bundled rules come first; a user's directory (or file) is laid on top, its files
replacing bundled files of the same country or union (a tariff table: of the same part). The
core raises (RuleSetError, a RuleFileError naming the first problem and carrying all of
them); iter_rule_errors yields every problem at once. A book built before from the same bytes
by the same code is read from the compiled cache (:mod:`.cache`) instead of being parsed,
checked and compiled again (:mod:`.build`), and `validate` skips a set whose exact bytes
validated without error.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path, PurePath

from pricing_engine._resources import bundled_path
from pricing_engine.documents import MAX_BYTES
from pricing_engine.errors import RuleFileError
from pricing_engine.rules import cache
from pricing_engine.rules.book import RuleBook
from pricing_engine.rules.build import (
    TableReader,
    build_book,
    check_files,
    content_hash,
    forget_compiled,
    named,
)
from pricing_engine.rules.cache_format import CacheFormatError
from pricing_engine.rules.model import CountryFile, UnionFile
from pricing_engine.rules.parse import ParsedFile, forget, parse_file, table_code
from pricing_engine.rules.validate import by_position, tariff_part

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

__all__ = ["RuleSetError", "discover", "iter_rule_errors", "load_rules"]

_SUFFIXES = (".yaml", ".yml")
#: Books already built in this process, by the cache key of their inputs.
_BOOKS: dict[str, RuleBook] = {}


class RuleSetError(RuleFileError):
    """Rule files have errors: ``str()`` shows the first; ``errors`` holds them all."""

    def __init__(self, errors: Sequence[RuleFileError]) -> None:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first.path, first.line, first.column, first.message + more)
        self.errors = tuple(errors)


def discover(path: str | Path, *, label_root: str | None = None) -> list[tuple[Path, str]]:
    """Rule files under ``path`` (a file or a directory) as (path, label) pairs, sorted.

    A label is how errors and references name the file: the path as given, or, with
    ``label_root``, that name joined with the path relative to ``path``. Every ``*.yaml`` /
    ``*.yml`` name outside hidden directories is listed, whatever it is: a broken symlink,
    a directory or a device named like a rule file is reported when read (see ``_read``), never
    skipped, and so is a directory that cannot be listed, and a directory with no rule file
    in it (a mistyped or unmounted path is never a clean check of nothing, nor the bundled
    rules alone). Symlinked directories are followed once each.
    """
    root = Path(path)
    if not root.is_dir():
        return [(root, str(path))]
    base = label_root if label_root is not None else str(path)
    found: list[Path] = []
    seen = {os.path.realpath(root)}

    def unlisted(exc: OSError) -> None:
        found.append(Path(exc.filename))

    for top, dirs, files in os.walk(root, onerror=unlisted, followlinks=True):
        keep = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            if name.endswith(_SUFFIXES):  # a directory named like a rule file: an error
                found.append(Path(top, name))
                continue
            real = os.path.realpath(os.path.join(top, name))
            if real not in seen:  # a symlink loop, or a second way into one directory
                seen.add(real)
                keep.append(name)
        dirs[:] = keep
        found += [Path(top, n) for n in files if n.endswith(_SUFFIXES) and not n.startswith(".")]
    if not found:
        return [(root, str(path))]
    return [(p, os.path.join(base, *p.relative_to(root).parts)) for p in sorted(found)]


def _unusable(path: Path) -> str | None:
    """Why ``path`` cannot be read as a rule file, or None when it is a readable file."""
    try:
        info = path.stat()
    except OSError as exc:
        if path.is_symlink():
            return f"broken symbolic link to {os.readlink(path)!r} ({exc.strerror or exc})"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(info.st_mode):
        if path.suffix not in _SUFFIXES:
            try:
                os.listdir(path)
            except OSError as exc:
                return f"cannot list the directory: {exc.strerror or exc}"
            return "no rule files (*.yaml, *.yml) in this directory"
        return "a directory, not a rule file"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a device, pipe or socket)"
    if not os.access(path, os.R_OK):
        return "cannot read: permission denied"
    return None


def _read(path: Path, label: str) -> ParsedFile:
    """Parse one discovered rule file; a path that is not a readable file is an error at 1:1."""
    problem = _unusable(path)
    if problem is not None:
        err = RuleFileError(label, 1, 1, problem)
        return ParsedFile(label, None, None, None, None, (err,), "", path=str(path))
    return parse_file(path, label)


def _bundled_table(label: str) -> bool:
    return PurePath(label).parent == PurePath("rules", "tariffs")


def _named_table(path: Path, label: str, sha256: str, code: str | None = None) -> ParsedFile:
    """A tariff table known by its name alone, not read yet: a bundled one (its code and part
    from its file name: the bundled files are named so, which validating them checks), or
    a user's whose header names its ``code`` (:func:`.parse.table_code`). That is what
    checking a user's files against the bundled ones needs of a bundled table (its lines
    are never context for another file's checks, and their errors are not the user's); a
    build or a validation reads it when its country is compiled or its turn comes
    (build.TableReader). Its kind, code and part still let a user's table replace it."""
    code = code or PurePath(label).stem.partition(".")[0]
    return ParsedFile(label, "tariff", code, None, None, (), sha256, path=str(path))


def _table_reader(files: Sequence[ParsedFile]) -> TableReader:
    """The reader of the tables ``files`` names without reading (:class:`.build.TableReader`)."""
    return TableReader(files, lambda f: _read(Path(f.path), f.label))


def _overlay(base: list[ParsedFile], user: list[ParsedFile]) -> list[ParsedFile]:
    """User files replace bundled files of the same kind and code (for a tariff table, of the
    same part too: a user's ``US.yaml`` replaces the bundled ``US.yaml``, not
    ``US.chapter99.yaml``)."""
    replaced = {_slot(f) for f in user if f.kind is not None}
    return [f for f in base if _slot(f) not in replaced] + user


def _slot(f: ParsedFile) -> tuple[str | None, str | None, str]:
    return f.kind, f.code, tariff_part(f.label) if f.kind == "tariff" else ""


class _Inputs:
    """The files of one load: the bundled ones (if any) and a user's, with their sha256."""

    def __init__(self, bundled: bool, user: Iterable[str | Path] | None) -> None:
        self.bundled = discover(bundled_path("rules"), label_root="rules") if bundled else []
        self.user = [pair for path in user or () for pair in discover(path)]
        self.digests = {label: _sha256(p) for p, label in (*self.bundled, *self.user)}

    @property
    def key(self) -> str | None:
        """The cache key of these exact inputs; None when a file cannot be read whole."""
        return self._key(self.user)

    def bundled_key(self) -> str | None:
        """The cache key of the bundled files alone (as :attr:`key` for no user files)."""
        return self._key([])

    def _key(self, user: Sequence[tuple[Path, str]]) -> str | None:
        pairs = (("b", self.bundled), ("u", user))
        if not all(self.digests[label] for _, side in pairs for _, label in side):
            return None
        return cache.cache_key([f"bundled={bool(self.bundled)}"] + [
            f"{name}\0{label}\0{self.digests[label]}"
            for name, side in pairs for _, label in side])

    def parse_bundled(self) -> list[ParsedFile]:
        """The bundled files, parsed, but for each bundled tariff table, only named
        (:func:`_named_table`: read when needed, one at a time, by a TableReader)."""
        out = []
        for p, label in self.bundled:
            digest = self.digests[label]
            if digest and _bundled_table(label):
                out.append(_named_table(p, label, digest))
            else:
                out.append(_read(p, label))
        return out

    def parse_user(self, *, name_tables: bool = False) -> list[ParsedFile]:
        """The user's files, parsed; with ``name_tables``, a tariff table in the importer's
        layout only named (:func:`_named_table`, its code from its header), as the bundled
        ones are: a copy of the bundled rules holds as many (those of a table defined twice
        are read: "defined again" points into the file)."""
        out = []
        for p, label in self.user:
            digest = self.digests[label]
            code = table_code(p, label) if name_tables and digest else None
            out.append(_read(p, label) if code is None or digest is None
                       else _named_table(p, label, digest, code))
        slots = Counter(_slot(f) for f in out if f.kind == "tariff")
        return [_read(Path(f.path), f.label) if named(f) and slots[_slot(f)] > 1 else f
                for f in out]

    def unchanged(self, files: Iterable[ParsedFile]) -> bool:
        """Tell whether ``files`` were parsed from the bytes the key was made of."""
        return all(self.digests.get(f.label) == f.sha256 for f in files)


def _sha256(path: Path) -> str | None:
    """The sha256 of a readable regular file within the size limit, else None."""
    try:
        if _unusable(path) is not None or path.stat().st_size > MAX_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


#: The checkers of files of other kinds that live beside the rules, by kind (``policy``).
_Checkers = Mapping[str, Callable[[Path], Iterable[RuleFileError]]]


def iter_rule_errors(
    paths: Iterable[str | Path] | None = None, *, include_bundled: bool = True,
    check_other: _Checkers | None = None,
) -> Iterator[RuleFileError]:
    """Yield every error of the rule files under ``paths`` (default: the bundled rules).

    With ``include_bundled`` the bundled rules give context to cross-file checks (a member
    file naming the bundled EU union); only errors in the files under ``paths`` are reported.
    Files of another kind that live beside the rules (``policy``, see parse.OTHER_KINDS) are
    checked by ``check_other[kind](path)`` when given, else skipped. Files whose exact bytes
    (with the same companions) this code already validated without error (see
    :mod:`pricing_engine.rules.cache`) are not checked again.
    """
    inputs = _Inputs(paths is None or include_bundled, None if paths is None else list(paths))
    pairs = inputs.bundled if paths is None else inputs.user
    wanted = {label: p for p, label in pairs}
    key = inputs.key
    kinds = cache.validated_kinds(key) if key else None
    if kinds is not None:
        for label, path in wanted.items():
            checker = (check_other or {}).get(kinds.get(label, ""))
            if checker is not None:
                yield from checker(path)
        return
    user = inputs.parse_user(name_tables=True)
    if paths is not None and not any(f.is_rule_file for f in user):
        # Only files of other kinds (a policy): no rule file to check against the bundled rules.
        for f in user:
            yield from _own_errors(f, check_other)
        return
    # a user's files are checked against the bundled country and union files; the bundled
    # tables' lines are no file's context, and only the user's files' errors are reported.
    # The tables checked (the bundled ones, or the user's) are read one at a time
    # (TableReader).
    bundled = inputs.parse_bundled()
    files = bundled if paths is None else _overlay(bundled, user)
    tables = _table_reader(files)
    tables.check_rest(None if paths is None else wanted)
    clean = not tables.changed
    for f in files:
        own = tables.errors_of(f)
        clean = clean and not own
        if f.label in wanted:
            yield from own if named(f) else _own_errors(f, check_other)
    for err in by_position([*check_files([f for f in files if f.is_rule_file]),
                            *tables.checks]):
        clean = False
        if err.path in wanted:
            yield err
    if clean and key and inputs.unchanged([*bundled, *user]):
        cache.store_validated(key, _kinds([*bundled, *user]))


def _own_errors(f: ParsedFile, check_other: _Checkers | None) -> Iterator[RuleFileError]:
    """The errors of ``f`` alone: its own, and for a file of another kind (a policy) those
    of its checker in ``check_other``."""
    yield from f.errors
    checker = (check_other or {}).get(f.kind or "") if not f.is_rule_file else None
    if checker is not None:
        yield from checker(Path(f.path))


def _kinds(files: Iterable[ParsedFile]) -> dict[str, str]:
    return {f.label: f.kind or "" for f in files}


def load_rules(path: str | Path | None = None, *, include_bundled: bool = True) -> RuleBook:
    """Load the bundled rules, a user's rule directory on top of them, or the user's alone.

    Raises RuleSetError (a RuleFileError) when any loaded file has an error. A book built
    from the same bytes before is read from the compiled cache (:mod:`.cache`). An entry of
    the user's that is not a readable file (a broken link, a pipe, a directory with no rule
    file: see :func:`discover`) is raised at once, before any file is compiled or checked
    (``validate`` reports it with every other error).
    """
    inputs = _Inputs(include_bundled, None if path is None else [path])
    # (a file read for its digest is usable: only those without one are looked at again)
    unusable = [RuleFileError(label, 1, 1, why) for p, label in inputs.user
                if inputs.digests[label] is None and (why := _unusable(p)) is not None]
    if unusable:
        raise RuleSetError(unusable)
    key = inputs.key
    if key is not None and key in _BOOKS:  # immutable, so the same files may share one book
        return _BOOKS[key]
    cached = cache.load_cached(key, rebuild=partial(_rebuild, inputs)) if key else None
    if cached is not None:
        return _remember(key, cached)
    over = _over_bundled(inputs, key) if key else None
    return _remember(key, over if over is not None else _build(inputs, key))


def _over_bundled(inputs: _Inputs, key: str) -> RuleBook | None:
    """The book of a user's country files and tables over the bundled rules, the countries
    they do not touch taken from the bundled book (cached or loaded); None when that does
    not apply (build the set whole).

    It applies when the bundled book is at hand and no user file changes the unions' members
    (a union file lists the bundled one's): then another country's compiled rules (its file,
    its tables, the unions' members) and the checks of its tables (their context: the union
    files and its country file) are the bundled book's, found without error. A country file
    or table touches its country, a union's file or table the union's members, an Incoterms
    file no country (it is compiled on its own and is no other file's context). The user's
    files, the bundled country, union and Incoterms files and the tables of the countries
    and unions touched are read and checked (a table just before its country is compiled:
    build.TableReader; raising the whole build's RuleSetError, without reading the other
    tables); the touched countries are compiled. A union's members share
    its duty rules, compiled with one member's file but made of the union's file and tables
    alone (:func:`.compile.compile_country`): for a union not touched, the bundled book's.
    The result equals the whole build's (the same countries, files and content hash). It
    is cached only when a table was read (redoing the rest costs about a second).
    """
    if not inputs.bundled or not inputs.user:
        return None
    base_key = inputs.bundled_key()
    base = _BOOKS.get(base_key) if base_key else None
    if base is None and base_key is not None:
        base = cache.load_cached(base_key, rebuild=partial(_rebuild, _Inputs(True, None)))
        if base is not None:
            _remember(base_key, base)
    if base is None:
        return None
    user = inputs.parse_user(name_tables=True)
    mine = [f for f in user if f.is_rule_file]
    if not mine:
        return None
    bundled = inputs.parse_bundled()
    unions = {f.model.union: frozenset(f.model.members) for f in bundled
              if isinstance(f.model, UnionFile)}
    for f in mine:
        if f.kind == "union" and (not isinstance(f.model, UnionFile)
                                  or unions.get(f.model.union) != frozenset(f.model.members)):
            return None  # the unions' members: every country's origins
    # the countries whose rules the user's files change: those of a union's file or table
    # are its members (an Incoterms file changes none: it is compiled on its own and is no
    # other file's context)
    codes = {f.code for f in mine if f.kind in ("country", "tariff", "union") and f.code}
    redone = codes & set(unions)  # a union whose file or table the user gives
    touched = codes - redone | {c for union in redone for c in unions[union]}
    files = [f for f in _overlay(bundled, user) if f.is_rule_file]
    # the tables of the countries touched (the user's, the bundled ones not replaced) are
    # read one country at a time as it is compiled (TableReader)
    built = [f for f in files if f.kind in ("union", "incoterms")
             or (f.code in touched | redone and (f.model is not None or named(f)))]
    tables = _table_reader(built)
    # the whole build's errors: the tables not read have none in this context (their
    # book was built), and nothing in them is another file's context
    checks = check_files(files)
    skip = checks or any(f.errors for f in files)
    # a union's duty rules come from its file and tables (and the unions' members), whichever
    # member's file they are compiled with: the bundled book's (the members, checked, are
    # the union files')
    unions_touched = {f.model.union for f in files
                      if isinstance(f.model, CountryFile) and f.model.union and f.code in touched}
    shared = {union: base.country(first) for union, first in _first_members(bundled).items()
              if union in unions_touched - redone}
    part = None if skip else build_book(built, shared, read=tables)[0]
    tables.check_rest()  # every error at once: those of the tables no compile read too
    if any(tables.errors_of(f) for f in bundled):
        return None  # a bundled table in error: the whole build says what else is
    errors = [e for f in files for e in tables.errors_of(f)]
    checks = by_position([*checks, *tables.checks])
    if errors or checks or part is None:
        raise RuleSetError(errors + checks)
    if tables.changed:  # the book would bear the digests named, not those read
        raise CacheFormatError("the rule files changed while they were read: "
                               "load the rules again")
    book = RuleBook({code: part.country(code) for code in touched}, unions, part.incoterms(),
                    files=tuple(sorted(f.label for f in files)), content_hash=content_hash(files),
                    deferred={code: (base.union_of(code), base.country)
                              for code in base.countries() if code not in touched})
    if any(f.kind == "tariff" for f in built) and inputs.unchanged([*bundled, *user]):
        return _store(key, inputs, book, sorted(unions), files, [*bundled, *user])
    return book


def _first_members(files: Sequence[ParsedFile]) -> dict[str, str]:
    """Each union's first member in ``files`` order, whose file its duty rules are compiled
    with (:func:`.build.build_book`)."""
    first: dict[str, str] = {}
    for f in files:
        if isinstance(f.model, CountryFile) and f.model.union:
            first.setdefault(f.model.union, f.model.country)
    return first


def _rebuild(inputs: _Inputs) -> RuleBook:
    """The book of ``inputs`` built from the files again (their cached book proved unusable)."""
    return _build(inputs, None)


def _build(inputs: _Inputs, key: str | None) -> RuleBook:
    """Parse, check and compile ``inputs``; with ``key``, cache the book built."""
    if key is not None:
        log.info("compiling the rule files: the first use of this set of files (seconds with "
                 "the tariff tables); later runs read the compiled cache")
    # the tables are read one country at a time as it is compiled (TableReader)
    bundled, user = inputs.parse_bundled(), inputs.parse_user(name_tables=True)
    files = [f for f in _overlay(bundled, user) if f.is_rule_file]
    tables = _table_reader(files)
    checks = check_files(files)
    skip = checks or any(f.errors for f in files)
    book, unions = (None, []) if skip else build_book(files, read=tables)
    tables.check_rest()  # every error at once: those of the tables no compile read too
    errors = [e for f in files for e in tables.errors_of(f)]
    checks = by_position([*checks, *tables.checks])
    if errors or checks or book is None:
        raise RuleSetError(errors + checks)
    unchanged = inputs.unchanged([*bundled, *user]) and not tables.changed
    if not unchanged and key is None and inputs.key is not None:
        raise CacheFormatError("the rule files changed since their book was loaded: "
                               "load the rules again")
    if tables.changed:  # the book would bear the digests named, not those read
        raise CacheFormatError("the rule files changed while they were read: "
                               "load the rules again")
    if key is not None and unchanged:
        return _store(key, inputs, book, unions, files, [*bundled, *user])
    return book


def _store(key: str, inputs: _Inputs, book: RuleBook, unions: list[str],
           files: Sequence[ParsedFile], read: Sequence[ParsedFile]) -> RuleBook:
    """Cache ``book`` of the rule ``files`` (``read``: every file of the load, by kind) and
    return the book to keep: the one read back from the cache, as every later process reads
    it, once it is there. The tariff tables' parse and compiled form, many times the cached
    book's size (about 2 GB against 0.1 GB for the bundled rules), are then let go: a first
    use no longer carries them for the rest of its life. Else ``book``."""
    models = {f.label: (f.kind or "", f.model, f.doc.data) for f in files
              if f.kind in ("country", "union", "incoterms") and f.model is not None
              and f.doc is not None}
    if cache.store(key, book, unions, _kinds(read), models) is None:
        return book
    stored = cache.load_cached(key, rebuild=partial(_rebuild, inputs))
    if stored is None:
        return book
    tables = [f for f in read if f.kind == "tariff"]
    forget_compiled(tables)
    forget(tables)
    return stored


def _remember(key: str | None, book: RuleBook) -> RuleBook:
    if key is None:
        return book
    if len(_BOOKS) >= 8:
        _BOOKS.pop(next(iter(_BOOKS)))
    _BOOKS[key] = book
    return book
