"""The compiled rule cache: the same book back, never trusted when it is not what was written.

The cache (pricing_engine.rules.cache) keeps a compiled book as JSON under a key over the rule
files' bytes and the code; its digest is recorded in the user data directory. These tests
use the small fixture rule set with a tariff table (no bundled rules, to stay quick) and
a cache and data directory of their own.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.documents import parse_yaml
from pricing_engine.errors import RuleFileError
from pricing_engine.rules import RuleBook, build, iter_rule_errors, load_rules, loader, parse
from pricing_engine.rules.table_reader import read_table
from tests.rules.conftest import forget_loaded, load_compiled, rules_with_table

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "rules_good"
DAY = date(2026, 11, 20)
TABLE = """\
# yaml-language-server: $schema=../schema/rules.schema.json
# Written by `pricing-engine tariff import us-hts-json`: do not edit by hand;
tariff: US
as_of: 2026-06-08
sources:
  - {id: "hts", title: "USITC HTS 2026 Revision 10", url: "https://hts.usitc.gov/"}
imported: {format: us-hts-json, file: "hts.json.gz", lines: 4, parsed: 4, nomenclature: HS2022}
confidence: high
valid_from: 2026-06-08
mfn:
  - {hs: "22042150", specific: {amount: "0.063", currency: USD, per: litre}}
  - {hs: "64039960", rate: "0.08", note: "a note, with: punctuation # and a hash"}
  - {hs: "64039990", rate: "0.1", min: {amount: "3.5", currency: USD, per: pair}}
  - {hs: "95030000", rate: "0", confidence: medium}
preferential:
  - {agreement: "KORUS", origins: [KR], hs: "64", rate: "0", requires: proof_of_origin}
  - {agreement: "USMCA", origins: [CA, MX], hs: "6403", rate: "0", requires: proof_of_origin}
"""


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture rule set with a US tariff table, and empty cache and data directories."""
    return rules_with_table(tmp_path, monkeypatch, TABLE)


def _same(a: RuleBook, b: RuleBook) -> None:
    assert (a.files, a.content_hash, a.countries()) == (b.files, b.content_hash, b.countries())
    assert a.incoterms() == b.incoterms()
    for code in a.countries():
        x, y = a.country(code), b.country(code)
        for field in dataclasses.fields(x):
            if not field.compare:
                continue  # derived at use (the entries of codes looked up)
            assert getattr(x, field.name) == getattr(y, field.name), (code, field.name)


def _cache_file(root: Path) -> Path:
    (found,) = (root.parent / "cache").glob("rules-*.json")
    return found


def test_a_cached_book_is_the_book_built(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = load_compiled(rules)
    cache = _cache_file(rules)
    head, *body = cache.read_bytes().splitlines()
    assert json.loads(head)["book"] is True and all(map(json.loads, body))  # JSON, no pickle
    forget_loaded()

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again instead of read from the cache")

    monkeypatch.setattr(build, "compile_country", no_compiling)
    cached = load_rules(rules, include_bundled=False)
    assert cached is not built
    _same(built, cached)
    line = cached.duty("US", "6403.99.90", "CN", DAY).mfn
    assert (line.rate, line.min and line.min.per, line.ref.line) == (Decimal("0.1"), "pair", 13)
    assert [p.agreement for p in cached.duty("US", "6403.99.90", "KR", DAY).preferential] \
        == ["KORUS"]


@pytest.mark.parametrize("damage", ["truncated", "edited", "no digest", "not json"])
def test_a_damaged_or_unrecorded_cache_is_ignored_and_rebuilt(
        rules: Path, damage: str, caplog: pytest.LogCaptureFixture) -> None:
    built = load_compiled(rules)
    cache = _cache_file(rules)
    data = cache.read_bytes()
    if damage == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "edited":  # a rate changed in place: a well-formed file, not the one written
        assert b"0.08" in data
        cache.write_bytes(data.replace(b"0.08", b"0.00", 1))
    elif damage == "no digest":
        (rules.parent / "data" / "rules-digests.json").unlink()
    else:
        cache.write_bytes(b"\x80\x04\x95not json at all")
    forget_loaded()
    with caplog.at_level(logging.WARNING, logger="pricing_engine.rules.cache"):
        again = load_rules(rules, include_bundled=False)
    assert "ignoring rules cache" in caplog.text
    _same(built, again)
    assert again.duty("US", "6403.99.60", "CN", DAY).mfn.rate == Decimal("0.08")


def test_a_changed_file_is_a_new_key(rules: Path) -> None:
    assert load_rules(rules, include_bundled=False).duty(
        "US", "9503.00.00", "CN", DAY).mfn.rate == Decimal("0")
    table = rules / "tariffs" / "US.yaml"
    table.write_text(TABLE.replace('"95030000", rate: "0"', '"95030000", rate: "0.04"'))
    forget_loaded()
    assert load_rules(rules, include_bundled=False).duty(
        "US", "9503.00.00", "CN", DAY).mfn.rate == Decimal("0.04")


def test_validate_still_names_every_problem_in_a_table_after_a_clean_build(rules: Path) -> None:
    load_rules(rules, include_bundled=False)
    assert list(iter_rule_errors([rules], include_bundled=False)) == []  # the record answers
    table = rules / "tariffs" / "US.yaml"
    text = TABLE.replace('rate: "0.1"', 'rate: "-0.1"').replace("origins: [KR]", "origins: [XX]")
    table.write_text(text)
    forget_loaded()
    errors = [(Path(e.path).name, e.line, e.column) for e in
              iter_rule_errors([rules], include_bundled=False)]
    lines = text.splitlines()
    assert ("US.yaml", 13, lines[12].index('"-0.1"') + 1) in errors  # a negative rate
    assert ("US.yaml", 16, lines[15].index("XX") + 1) in errors  # an unknown origin
    with pytest.raises(RuleFileError):
        load_rules(rules, include_bundled=False)


def test_rules_compiled_by_an_earlier_build_are_cached_too(
        rules: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that parses the files again but keeps the countries it compiled from the same
    bytes (build.py) writes the cache as a first build does: their models are equal ones.
    (They are kept where the first build could not be cached: here its cache directory is
    the digests' own, which the cache refuses.)"""
    cache = rules.parent / "cache"
    monkeypatch.setenv("PRICING_ENGINE_CACHE", str(rules.parent / "data"))
    load_rules(rules, include_bundled=False)
    assert build._COMPILED
    monkeypatch.setenv("PRICING_ENGINE_CACHE", str(cache))
    loader._BOOKS.clear()
    parse._CACHE.clear()  # the compiled countries stay
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="pricing_engine.rules.cache"):
        built = load_compiled(rules)
    assert "not caching" not in caplog.text
    assert len(list(cache.glob("rules-*.json"))) == 1
    forget_loaded()
    again = load_rules(rules, include_bundled=False)
    assert not parse._CACHE  # read back from the cache: no file parsed
    _same(built, again)


def test_a_first_build_keeps_the_book_read_back_from_the_cache(
        rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once its compiled book is cached, a first use keeps that book, as a later process
    reads it, and lets the tariff tables' parse and compiled countries go (many times the
    cached book's size)."""
    forget_loaded()
    compiled: list[RuleBook] = []

    def build_book(*args: object, **kwargs: object) -> tuple[RuleBook, list[str]]:
        made = build.build_book(*args, **kwargs)  # type: ignore[arg-type]
        compiled.append(made[0])
        return made

    monkeypatch.setattr(loader, "build_book", build_book)
    built = load_rules(rules, include_bundled=False)
    assert len(compiled) == 1 and built is not compiled[0]
    assert built.country("US") is not compiled[0].country("US")
    assert not [f for f in parse._CACHE.values() if f.kind == "tariff"]
    assert all(r.code != "US" for r in build._COMPILED.values())
    _same(built, compiled[0])
    forget_loaded()
    again = load_rules(rules, include_bundled=False)
    assert not parse._CACHE  # read back from the cache: no file parsed
    _same(built, again)
    assert built.duty("US", "6403.99.60", "CN", DAY).mfn.rate == Decimal("0.08")


def test_the_table_reader_reads_what_yaml_reads() -> None:
    fast = read_table(TABLE.encode(), "US.yaml")
    slow = parse_yaml(TABLE, "US.yaml")
    assert fast is not None
    assert fast.data == slow.data
    assert dict(fast.marks) == dict(slow.marks)
    assert dict(fast.key_marks) == dict(slow.key_marks)


def test_the_table_reader_finds_each_position_inside_an_entry_as_yaml_does() -> None:
    """Positions inside an entry are found when first asked for: each one, asked first."""
    slow = parse_yaml(TABLE, "US.yaml")
    inside = [loc for loc in slow.marks if len(loc) > 2]
    assert len(inside) > 10
    for loc in [*inside, ("mfn", 0, "nothing"), ("mfn", 2, "min", "amount", "deeper"),
                ("mfn", 9, "hs"), ("preferential", 0, "origins", 5)]:
        fast = read_table(TABLE.encode(), "US.yaml")
        assert fast is not None
        assert (loc in fast.marks) == (loc in slow.marks), loc
        assert fast.mark(loc) == slow.mark(loc), loc
        fast = read_table(TABLE.encode(), "US.yaml")
        assert fast is not None
        assert fast.mark(loc, key=True) == slow.mark(loc, key=True), loc


def test_a_table_nested_too_deep_is_named_at_its_line(rules: Path) -> None:
    """Nesting past the YAML reader's bound is left to it: a RuleFileError, not a crash."""
    deep = TABLE.replace('rate: "0", confidence', 'rate: ' + "[" * 5000 + "]" * 5000
                         + ', confidence')
    assert read_table(deep.encode(), "US.yaml") is None
    (rules / "tariffs" / "US.yaml").write_text(deep)
    forget_loaded()
    errors = list(iter_rule_errors([rules], include_bundled=False))
    line = deep.splitlines().index(next(x for x in deep.splitlines() if "[[[" in x)) + 1
    assert [(Path(e.path).name, e.line) for e in errors] == [("US.yaml", line)]
    assert "nesting depth" in errors[0].message


@pytest.mark.parametrize("change", [
    ("  - {hs: \"95030000\"", "# a comment\n  - {hs: \"95030000\""),  # a comment line
    ('rate: "0.08"', 'rate: "0.\\u0030"'),  # an escape
    ('per: pair', 'per: pair of shoes'),  # a plain scalar with spaces
    ('rate: "0", confidence', 'rate: null, confidence'),  # null
    ("preferential:\n", "preferential:\nmfn:\n"),  # a key twice
    ("  - {hs: \"95030000\"", "  - {hs: \"95030000\", hs: \"1\""),  # a key twice in an entry
])
def test_anything_else_is_left_to_the_yaml_reader(change: tuple[str, str]) -> None:
    text = TABLE.replace(*change, 1)
    assert text != TABLE
    assert read_table(text.encode(), "US.yaml") is None
