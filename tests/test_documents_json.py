"""JSON's short road through the document reader gives YAML's data, positions and errors.

:func:`pricing_engine.documents.parse_yaml` reads JSON text with :mod:`json` when nothing in it
could make YAML read it otherwise, and finds node positions with the YAML reader only when
asked. These tests hold it to the marked YAML reader (``_parse_marked``, the one road before):
the same data and positions for every text the short road takes, the YAML reader's own answer
(data or error) for every text it leaves, and the same ``file:line:column`` messages for JSON
bodies with mistakes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pricing_engine import documents
from pricing_engine.decision import parse_proposal
from pricing_engine.documents import (
    MAX_DEPTH,
    _json_data,
    _parse_marked,
    parse_yaml,
    validate_document,
)
from pricing_engine.errors import RuleFileError
from pricing_engine.quote import Quote, parse_quote
from pricing_engine.screening.result import ScreeningQuery

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PROPOSALS = sorted((ROOT / "examples" / "proposals").glob("*.yaml"))
NOT_A_QUOTE = "a quote is a mapping (id:, date:, lines:, ...)"


def marked(text: str, name: str = "<request>") -> Any:
    """What the marked YAML reader gives: its Document, or the message of its error."""
    try:
        return _parse_marked(text, name, "")
    except RuleFileError as exc:
        return str(exc)


def assert_same_as_yaml(text: str) -> bool:
    """parse_yaml(text) equals the marked reader's answer; True when JSON's road was taken."""
    slow = marked(text)
    try:
        doc = parse_yaml(text, "<request>")
    except RuleFileError as exc:
        assert str(exc) == slow
        return False
    assert not isinstance(slow, str), f"the YAML reader refuses it: {slow}"
    assert doc.data == slow.data
    assert dict(doc.marks) == slow.marks and dict(doc.key_marks) == slow.key_marks
    return _json_data(text) is not None


def as_json(data: Any, style: int) -> str:
    """``data`` as a client might write it: compact, spaced, indented, escaped or not."""
    return [lambda d: json.dumps(d),
            lambda d: json.dumps(d, ensure_ascii=False, separators=(",", ":")),
            lambda d: json.dumps(d, indent=2),
            lambda d: json.dumps(d, ensure_ascii=False, indent=1).replace("\n", "\r\n"),
            lambda d: json.dumps(d, indent="\t"),
            lambda d: " \n" + json.dumps(d, separators=(" ,", " : ")) + "\n\n"][style](data)


def example_json(path: Path) -> Any:
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


# --- the same data and positions ------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES + PROPOSALS, ids=lambda p: p.name)
@pytest.mark.parametrize("style", range(6))
def test_every_example_as_json_reads_as_yaml_reads_it(path: Path, style: int) -> None:
    text = as_json(example_json(path), style)
    took_json = assert_same_as_yaml(text)
    assert took_json == (style != 4)  # tab-indented JSON is left to YAML


EDGE_CASES = [
    '{"a":1}', '{"a":"b","c":-1}', '{"a":[-1,-2.5e-3,1E+400,-0,0.0]}', '{"a":{"b":{}}}',
    '{"a":[]}', "{}", "[]", "[1, [2, [3]]]", '{"a": true, "b": false, "c": null, "d": [true]}',
    '{"a": "true", "b": "null", "c": "1.0", "d": "NO", "e": "2026-01-01", "f": "~"}',
    '{"a": "x\\/y \\b\\f\\n\\r\\t \\" \\\\ \\u0000 \\u00e9 \\u20ac \\ud83d\\ude00"}',
    '{"\\u0041": 1, "": 2, "a b": "# not a comment", "k:": "v: w", "-": "- x"}',
    '{"a": "\u2027 \u202a \ufffd \U0001f600 \u00a0"}', '{\r\n"a": 1\r\n}', '{\r"a": 1\r}',
    '{"a": 12345678901234567890123456789}', '{"a":\n1}', '{"a": "' + "x" * 5000 + '"}',
    '{"' + "k" * 128 + '": 1}', '{"a"' + " " * 15 + ": 1}", '{"a": "\\\\ud800 \\\\\\u00e9"}',
    '{"\\ud83d\\ude00": "\\uD83D\\uDE00"}',
]
LEFT_TO_YAML = [
    '{"a": "\\ud800"}', '{"a": "\\uDC00"}', '{"a": "\\\\ud83d\\ude00"}',
    '{"a": "\\ud83d\\\\ude00"}', '{"a": "\\ude00\\ud83d"}', '{"\\ud800": 1}',
    '{"a":1,"a":2}', '{"<<": {"b": 1}}',
    '{"a": "x\x85y"}', '{"a": "x\u2028y"}', '{"a": "x\u2029y"}', '{"a": "\ufeff"}',
    '{"a": "\x7f"}', '{"a": "\x9f"}', '{"a"\n: 1}', '{"a"\r\n  : 1}', '{"a"' + " " * 16 + ": 1}",
    '{"' + "k" * 129 + '": 1}', '{"' + "\\u006b" * 200 + '": 1}', '{"a": NaN}',
    '{"a": Infinity}', '{"a": -Infinity}', '{\t"a": 1}', '{"a": 1} x', '{"a": 1}\n---\n',
    '"just a string"', "5", "a: 1", "", "{a: 1}", "{'a': 1}", '{"a": 1,}', "[1, 2",
    "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2), "[" * 5000 + "]" * 5000,
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_json_the_short_road_takes(text: str) -> None:
    assert _json_data(text) is not None
    assert assert_same_as_yaml(text)


@pytest.mark.parametrize("text", LEFT_TO_YAML)
def test_json_left_to_yaml_gets_yamls_answer(text: str) -> None:
    assert _json_data(text) is None
    assert not assert_same_as_yaml(text)


def test_at_the_depth_limit_and_one_over() -> None:
    at = "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH
    assert _json_data("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) is not None
    assert _json_data(at) is not None and assert_same_as_yaml(at)
    over = "[" * MAX_DEPTH + "[1]" + "]" * MAX_DEPTH
    assert _json_data(over) is None
    with pytest.raises(RuleFileError, match="nested deeper"):
        parse_yaml(over, "deep.json")


def test_at_the_node_limit_and_one_over(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "MAX_NODES", 50)  # both roads read the module's limit
    at = '{"a": [' + ",".join(["1"] * 23) + '], "b": {' + ",".join(
        f'"k{i}": [true]' for i in range(12)) + "}}"  # 1 + 2 + 23 + 12 + 12 = 50 nodes (keys free)
    assert _json_data(at) is not None and assert_same_as_yaml(at)
    over = at.replace("[true]", "[true, 1]", 1)
    assert _json_data(over) is None
    with pytest.raises(RuleFileError, match="more than 50 nodes"):
        parse_yaml(over, "many.json")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=25)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=5), st.integers(0, 5))
def test_any_json_object_reads_as_yaml_reads_it(data: dict[str, Any], style: int) -> None:
    assert_same_as_yaml(as_json(data, style))


def _walked(text: str) -> Any:
    """_json_data as it was before _plainly_within: every text's data walked."""
    try:
        data = documents._DECODER.decode(text)
    except (ValueError, RecursionError, documents._NotPlain):
        return None
    return data if documents._as_yaml_reads(data) else None


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES.filter(lambda v: isinstance(v, dict | list)), st.integers(0, 5),
       st.integers(0, 70))
def test_a_text_that_needs_no_walk_reads_as_the_walk_reads_it(
        data: Any, style: int, wrap: int) -> None:
    text = as_json(data, style)
    for candidate in (text, "[" * wrap + text + "]" * wrap):
        if not documents._NOT_PLAIN.search(candidate):
            assert _json_data(candidate) == _walked(candidate)


@pytest.mark.parametrize("gap", ["", " ", "  ", "\n", "\r\n", " " * 15, " " * 16, "\xa0",
                                 "\u3000", "\u2003", " \xa0", "\xa0" * 16])
@pytest.mark.parametrize("before", ['{"a"', '{"k": "v", "a"', '{"\u00e9"', '{"a\\" "'])
def test_blanks_between_a_key_and_its_colon_are_looked_for_as_before(
        before: str, gap: str) -> None:
    text = before + gap + ': 1}'
    found = not documents._NOT_PLAIN.search(text) and all(
        documents._short_gap(m.group()[1:-1]) for m in documents._KEY_GAP.finditer(text))
    if not found:
        assert _json_data(text) is None
    else:
        assert _json_data(text) == _walked(text)


def test_the_text_check_stands_back_at_its_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    nested = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert documents._plainly_within(nested)
    assert not documents._plainly_within("[" + nested + "]")
    assert not documents._plainly_within('{"a": "true"}')  # a word in a string: walked
    assert not documents._plainly_within('{"a": false}')
    monkeypatch.setattr(documents, "MAX_NODES", 10)
    assert documents._plainly_within("[1,2,3,4]")
    assert not documents._plainly_within("[1,2,3,4,5]")  # 11 characters: counted
    assert _json_data("[1,2,3,4,5,6,7,8,9]") is not None  # 10 nodes
    assert _json_data("[1,2,3,4,5,6,7,8,9,0]") is None  # 11


# --- the same errors ------------------------------------------------------------------------


def quote_json() -> str:
    return as_json(example_json(ROOT / "examples" / "cn-de-dap.yaml"), 2)


def slow_quote_error(text: str) -> str:
    with pytest.raises(RuleFileError) as info:
        validate_document(_parse_marked(text, "<request>", ""), Quote, NOT_A_QUOTE,
                          list_others=True)
    return str(info.value)


def test_a_json_quote_takes_the_short_road_and_validates() -> None:
    text = quote_json()
    assert _json_data(text) is not None
    assert parse_quote(text, "<request>") == Quote.model_validate(marked(text).data)


def where(text: str, token: str) -> str:
    """``line:column:`` of the first ``token`` in ``text`` (1-based, as messages give them)."""
    at = text.index(token)
    return f"{text.count(chr(10), 0, at) + 1}:{at - text.rfind(chr(10), 0, at)}:"


@pytest.mark.parametrize(("change", "token", "field"), [
    (("lines", 0, "quantity", "-3"), '"-3"', "lines.0.quantity"),
    (("lines", 1, "hs_code", "84x"), '"84x"', "lines.1.hs_code"),
    (("buyer", "country", "XX"), '"XX"', "buyer.country"),
    (("incoterm", "ABC"), '"ABC"', "incoterm"),
    (("lines", 0, "colour", "red"), '"colour"', "lines.0.colour"),
    (("seller", None), "null", "seller"),
    (("packages", True), "true", "packages"),
])
def test_a_json_quote_with_a_mistake_names_the_same_place(change: tuple[Any, ...], token: str,
                                                          field: str) -> None:
    data = example_json(ROOT / "examples" / "cn-de-dap.yaml")
    *path, key, value = change
    node = data
    for part in path:
        node = node[part]
    node[key] = value
    text = as_json(data, 2)
    assert _json_data(text) is not None
    with pytest.raises(RuleFileError) as info:
        parse_quote(text, "<request>")
    assert str(info.value) == slow_quote_error(text)
    assert str(info.value).startswith(f"<request>:{where(text, token)} {field}: "), info.value


def test_a_missing_field_points_at_its_mapping_key() -> None:
    data = example_json(ROOT / "examples" / "cn-de-dap.yaml")
    del data["lines"][1]["quantity"]
    text = as_json(data, 2)
    with pytest.raises(RuleFileError) as info:
        parse_quote(text, "<request>")
    assert str(info.value) == slow_quote_error(text)
    assert "lines.1.quantity" in str(info.value)


@pytest.mark.parametrize("text", [
    '{"id": "Q1",\n "id": "Q2"}', '{"id": "Q1", "date": "2026-01-01",\n "lines": [\n]\n',
    '{"id": "\\ud800"}', '[\n{"id": 1}\n]', '{"id": "Q1"\n: 2}',
])
def test_json_that_yaml_refuses_gives_yamls_message(text: str) -> None:
    with pytest.raises(RuleFileError) as info:
        parse_quote(text, "<request>")
    assert str(info.value) == (marked(text) if isinstance(marked(text), str)
                               else slow_quote_error(text))


def test_a_party_and_a_proposal_read_alike() -> None:
    party = '{"name": "Banco Nacional de Cuba", "kind": "entity",\n "country": "C"}'
    with pytest.raises(RuleFileError) as info:
        validate_document(parse_yaml(party, "<request>"), ScreeningQuery, "a party")
    with pytest.raises(RuleFileError) as slow:
        validate_document(_parse_marked(party, "<request>", ""), ScreeningQuery, "a party")
    assert str(info.value) == str(slow.value) and str(info.value).startswith("<request>:2:")
    for path in PROPOSALS:
        text = as_json(example_json(path), 0)
        assert _json_data(text) is not None
        assert parse_proposal(text, path.name) == parse_proposal(
            path.read_text(encoding="utf-8"), path.name)
