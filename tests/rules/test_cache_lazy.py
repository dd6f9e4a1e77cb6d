"""A cached rule book decodes a country's rules when first asked for: once, whole, for all threads.

The compiled cache (pricing_engine.rules.cache_format) keeps each tariff's duty rules as a
section of its own, its indexes a part per HS chapter; loading reads only the small parts,
a lookup the chapters it meets. These tests use the fixture rule set
with a US tariff table (as tests/rules/test_rule_cache.py does) and a cache of their own. A
section that proves unusable at first use is never priced from: the book is built again from
the rule files, the cache file is dropped, and the next load writes a new one.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pricing_engine._digests import record_digest
from pricing_engine.rules import RuleBook, build, cache, load_rules
from pricing_engine.rules import cache_format as fmt
from pricing_engine.rules.cache_columns import CacheFormatError, column, decode_column
from pricing_engine.rules.chapters import ChapterIndex, chapter_of
from pricing_engine.rules.results import DutyRule, RuleRef, Specific
from tests.rules.conftest import forget_loaded, load_compiled, rules_with_table

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "rules_good"
DAY = date(2026, 11, 20)
TABLE = """\
tariff: US
as_of: 2026-06-08
sources:
  - {id: "hts", title: "USITC HTS 2026 Revision 10", url: "https://hts.usitc.gov/"}
confidence: high
valid_from: 2026-06-08
mfn:
  - {hs: "64039960", rate: "0.08"}
  - {hs: "64039990", rate: "0.10", min: {amount: "3.5", currency: USD, per: pair}}
  - {hs: "95030000", rate: "0"}
preferential:
  - {agreement: "KORUS", origins: [KR], hs: "64", rate: "0", requires: proof_of_origin}
"""


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture rule set with a US tariff table, and empty cache and data directories."""
    return rules_with_table(tmp_path, monkeypatch, TABLE)


def _cache_file(root: Path) -> Path:
    (found,) = (root.parent / "cache").glob("rules-*.json")
    return found


def _cached(rules: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[RuleBook, RuleBook]:
    """The book built, and the same read back from the cache (never compiled again)."""
    built = load_compiled(rules)
    forget_loaded()

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again instead of read from the cache")

    with monkeypatch.context() as patch:
        patch.setattr(build, "compile_country", no_compiling)
        cached = load_rules(rules, include_bundled=False)
    return built, cached


def _same(x: Any, y: Any) -> None:
    for field in dataclasses.fields(x):
        if field.compare:
            assert getattr(x, field.name) == getattr(y, field.name), field.name


def _decoded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The duty sections decoded from now on, in order."""
    seen: list[int] = []
    decode = fmt._Reader.duty

    def counting(self: Any, number: int) -> dict[str, Any]:
        if number not in self._duties:
            seen.append(number)
        return decode(self, number)

    monkeypatch.setattr(fmt._Reader, "duty", counting)
    return seen


def test_a_country_is_decoded_at_first_use_and_a_union_once(
        rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = load_compiled(rules)
    forget_loaded()
    seen = _decoded(monkeypatch)
    book = load_rules(rules, include_bundled=False)
    assert book.countries() == built.countries() and seen == []
    assert book.union_of("DE") == "EU" and seen == []  # known without decoding
    assert book.duty("US", "6403.99.90", "KR", DAY).preferential[0].agreement == "KORUS"
    assert len(seen) == 1
    de, fr = book.country("DE"), book.country("FR")
    assert len(seen) == 2 and de.mfn is fr.mfn  # the EU's members share one section
    for code in book.countries():
        _same(built.country(code), book.country(code))
    assert len(seen) == len(set(seen))  # each section once


def test_a_lookup_decodes_the_chapters_it_meets(
        rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built, book = _cached(rules, monkeypatch)
    us = book.country("US")
    assert isinstance(us.mfn, ChapterIndex) and isinstance(us.preferential, ChapterIndex)
    assert us.mfn._decoded == {} and len(us.mfn) == len(built.country("US").mfn)
    assert book.duty("US", "6403.99.90", "KR", DAY).mfn.rate == Decimal("0.10")
    for index in (us.mfn, us.preferential):  # chapter 64 and the general regime ("*")
        assert "64" in index._decoded and set(index._decoded) <= {"64", "*"}
    assert dict(us.mfn) == dict(built.country("US").mfn)  # the rest, on demand
    assert set(us.mfn._decoded) == {chapter_of(k) for k in us.mfn}


def test_threads_asking_at_once_get_one_country_built_once(
        rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, book = _cached(rules, monkeypatch)
    seen = _decoded(monkeypatch)
    start = threading.Barrier(8)
    got: list[Any] = []

    def ask() -> None:
        start.wait()
        got.append((book.country("US"), book.duty("US", "6403.99.60", "CN", DAY).mfn.rate))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 8 and len({id(rules) for rules, _ in got}) == 1
    assert {rate for _, rate in got} == {Decimal("0.08")}
    assert len(seen) == 1


def _rewrite(path: Path, rules: Path, change: Any) -> None:
    """Change the cache file's body or a section, keeping it trusted (its digest recorded)."""
    lines = path.read_bytes().split(b"\n")
    change(lines)
    data = b"\n".join(lines)
    path.write_bytes(data)
    key = json.loads(lines[0])["key"]
    record_digest(rules.parent / "data" / cache.DIGESTS, key, hashlib.sha256(data).hexdigest(),
                  keep=16, what="rules", log=logging.getLogger("test"))


def _us_mfn_64(lines: list[bytes]) -> int:
    """The line of chapter 64 of the US MFN index (the part a 6403 lookup decodes)."""
    body = json.loads(lines[1])
    (section,) = [c["duty"] for c in body["countries"] if c["fields"]["code"]["value"] == "US"]
    return 2 + int(body["sections"][section]["fields"]["mfn"]["chapters"]["64"][0])


def _edit_rate(lines: list[bytes]) -> None:
    """A rate changed in a US part: the part is not the one its digest names."""
    n = _us_mfn_64(lines)
    assert b'"0.08"' in lines[n]
    lines[n] = lines[n].replace(b'"0.08"', b'"0.00"', 1)


def _unknown_shape(lines: list[bytes]) -> None:
    """A part of a shape this code does not read, under a matching digest."""
    n = _us_mfn_64(lines)
    lines[n] = b'{"index":{"keys":["6403"],"counts":null,"cols":[{"rows":[1]}]}}'
    body = json.loads(lines[1])
    body["parts"][n - 2] = hashlib.sha256(lines[n]).hexdigest()
    lines[1] = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


@pytest.mark.parametrize("damage", [_edit_rate, _unknown_shape])
def test_an_unusable_section_is_rebuilt_from_the_files_never_half_priced(
        rules: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        damage: Any) -> None:
    built = load_compiled(rules)
    path = _cache_file(rules)
    _rewrite(path, rules, damage)
    forget_loaded()
    book = load_rules(rules, include_bundled=False)  # the small parts are fine: no warning
    assert book.country("GB").code == "GB"  # another country's section decodes
    assert book.duty("US", "9503.00.00", "CN", DAY).mfn.rate == Decimal("0")  # another chapter
    assert "ignoring" not in caplog.text
    with caplog.at_level(logging.WARNING, logger="pricing_engine.rules.cache"):
        found = book.duty("US", "6403.99.60", "CN", DAY).mfn
    assert "ignoring malformed rules cache" in caplog.text and "(US)" in caplog.text
    assert found.rate == Decimal("0.08")  # from the book built again, not the edited bytes
    _same(built.country("US"), book.country("US"))
    assert not path.exists()  # dropped: the next load builds and writes a new one
    forget_loaded()
    assert load_rules(rules, include_bundled=False).duty(
        "US", "6403.99.60", "CN", DAY).mfn.rate == Decimal("0.08")
    assert _cache_file(rules).exists()


def test_without_a_rebuild_an_unusable_section_is_a_clear_error(
        rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_rules(rules, include_bundled=False)
    path = _cache_file(rules)
    _rewrite(path, rules, _edit_rate)
    key = json.loads(path.read_bytes().partition(b"\n")[0])["key"]
    book = cache.load_cached(key)
    assert book is not None
    with pytest.raises(CacheFormatError, match=r"part \d+ of the cache is not the one written"):
        book.duty("US", "6403.99.60", "CN", DAY)


def test_files_changed_since_the_load_are_never_mixed_in(
        rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_rules(rules, include_bundled=False)
    _rewrite(_cache_file(rules), rules, _edit_rate)
    forget_loaded()
    book = load_rules(rules, include_bundled=False)
    table = rules / "tariffs" / "US.yaml"
    table.write_text(TABLE.replace('rate: "0.08"', 'rate: "0.09"'), encoding="utf-8")
    with pytest.raises(CacheFormatError, match="changed since"):
        book.duty("US", "6403.99.60", "CN", DAY)


def test_columns_carry_every_record_field_and_the_decimal_text() -> None:
    ref = RuleRef("rules/tariffs/US.yaml", 9, "mfn[0]", None)
    rules = [DutyRule(rate=Decimal("0.10") if i % 2 else Decimal("0.1"),
                      specific=Specific(Decimal("3.50"), "USD", "pair"), min=None, max=None,
                      more=(Specific(Decimal("1"), "USD", "kg"),), min_rate=None,
                      max_rate=Decimal("0.2"), declared=None, hs=f"640399{i:02d}",
                      agreement=None, requires=None, ref=dataclasses.replace(ref, line=9 + i),
                      valid_from=DAY)
             for i in range(40)]
    back = decode_column(json.loads(json.dumps(column(rules))), len(rules))
    assert back == rules
    assert [str(r.rate) for r in back] == [str(r.rate) for r in rules]  # 0.10 stays 0.10
    assert str(back[0].specific.amount if back[0].specific else "") == "3.50"
    with pytest.raises(CacheFormatError):
        decode_column(json.loads(json.dumps(column(rules))), len(rules) + 1)


def test_repeated_records_differing_only_in_a_decimal_text_stay_apart() -> None:
    # Few distinct values over many rows are written once each and numbered: records equal
    # as numbers (3.50 and 3.5, 0.10 and 0.1) must still be two values, nested or not.
    amounts = [Decimal("3.50"), Decimal("3.5"), Decimal("3.5")]
    specifics = [Specific(amounts[i % 3], "USD", "pair") for i in range(60)]
    nested = [(Specific(amounts[i % 3], "USD", "kg"),) if i % 4 else None for i in range(60)]
    spans = [dataclasses.replace(RuleRef("rules/tariffs/US.yaml", 9, "mfn[0]", None),
                                 line=9 + i % 2) for i in range(60)]
    for values in (specifics, nested, spans):
        col = column(values)
        assert "ids" in col and len(col["of"]) < len(values)
        back = decode_column(json.loads(json.dumps(col)), len(values))
        assert back == values
        assert list(map(repr, back)) == list(map(repr, values))


def test_equal_sets_are_one_value_whatever_order_they_were_made_in() -> None:
    # A set of strings iterates in an order that follows the process's hash seed and the
    # order it was made in: equal sets of origins (a few per table, over thousands of rows)
    # are one value, so that the cache's bytes do not change from one process to the next.
    codes = [f"{a}{b}" for a in "ABCDEFGH" for b in "KLMNOPQR"]
    pairs = [(frozenset([x, y]), frozenset([y, x])) for x in codes for y in codes if x < y]
    apart = [(s, t) for s, t in pairs if repr(s) != repr(t)]
    assert apart  # equal sets iterated in another order (their strings' hashes collide)
    s, t = apart[0]
    for values in ([s, t] * 30, [s, None, t] * 20):
        col = column(values)
        assert "ids" in col and len(col["of"]) == len(set(values))  # each set once
        assert decode_column(json.loads(json.dumps(col)), len(values)) == values


def test_a_book_read_from_its_cache_is_written_again_without_decoding_its_chapters(
        rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's rule directory over the bundled book writes the bundled countries again: their
    chapters are copied as the cache holds them (digests checked), not decoded and encoded."""
    load_rules(rules, include_bundled=False)
    data = _cache_file(rules).read_bytes()
    head, body = (json.loads(line) for line in data.split(b"\n")[:2])
    book = fmt.loads(data, key=head["key"])
    models = {label: (kind, fmt._MODELS[kind].model_validate(plain), plain)
              for label, (kind, plain) in body["models"].items()}
    encoded: list[object] = []
    index = fmt.index
    monkeypatch.setattr(fmt, "index", lambda m: encoded.append(m) or index(m))
    again = fmt.dumps(book, key=head["key"], unions=body["members"], kinds=head["kinds"],
                      models=models)
    assert encoded == []  # no chapter encoded again...
    us = book.country("US")
    assert isinstance(us.mfn, ChapterIndex) and us.mfn._decoded == {}  # ... nor decoded
    assert again == data  # the same bytes
    # a chapter whose bytes are not those its digest names is encoded from its entries
    lines = data.split(b"\n")
    (section,) = (s for s in body["sections"] if s["owner"] == "US")
    number = section["fields"]["mfn"]["chapters"]["64"][0]
    assert b'"0.08"' in lines[2 + number]
    lines[2 + number] = lines[2 + number].replace(b'"0.08"', b'"0.09"')
    book = fmt.loads(b"\n".join(lines), key=head["key"], fallback=lambda code, exc: (
        load_rules(rules, include_bundled=False).country(code)))
    written = fmt.dumps(book, key=head["key"], unions=body["members"], kinds=head["kinds"],
                        models=models)
    assert encoded and written == data  # the rebuilt chapter, written as at first
