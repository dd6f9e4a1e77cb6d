"""Safe YAML: no object construction, bounded size and alias expansion, exact scalars."""

from __future__ import annotations

from pathlib import Path

import pytest

from pricing_engine.documents import MAX_BYTES, parse_yaml, read_yaml
from pricing_engine.errors import RuleFileError
from pricing_engine.rules import iter_rule_errors, load_rules

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BILLION_LAUGHS)
    with pytest.raises(RuleFileError, match="alias bomb") as info:
        read_yaml(bomb)
    assert info.value.path == str(bomb) and info.value.line >= 1
    (error,) = iter_rule_errors([bomb], include_bundled=False)
    assert "alias bomb" in error.message


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(RuleFileError, match=r"recursive alias|alias bomb"):
        parse_yaml("a: &a [*a]\n", "loop.yaml")


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.truncate(MAX_BYTES + 1)  # sparse: cheap to make, never read
    with pytest.raises(RuleFileError, match="limit"):
        read_yaml(big)
    (error,) = iter_rule_errors([big], include_bundled=False)
    assert "limit" in error.message and error.line == 1


def test_python_tags_are_refused_not_constructed() -> None:
    with pytest.raises(RuleFileError, match="tag") as info:
        parse_yaml("country: JP\nx: !!python/object/apply:os.system ['echo hi']\n", "evil.yaml")
    assert (info.value.line, info.value.column) == (2, 4)


def test_scalars_keep_their_text() -> None:
    doc = parse_yaml("country: NO\nhs: 0101\nrate: 0.1\nbig: 1e400\nwhen: 2021-07-01\n"
                     "none: null\n", "t.yaml")
    assert doc.data == {"country": "NO", "hs": "0101", "rate": "0.1", "big": "1e400",
                        "when": "2021-07-01", "none": None}


def test_merge_keys_and_duplicate_keys_are_errors() -> None:
    with pytest.raises(RuleFileError, match="merge keys"):
        parse_yaml("base: &b {a: 1}\nx:\n  <<: *b\n", "m.yaml")
    with pytest.raises(RuleFileError, match="duplicate key 'a'") as info:
        parse_yaml("a: 1\nb: 2\na: 3\n", "d.yaml")
    assert (info.value.line, info.value.column) == (3, 1)


def test_two_documents_are_an_error() -> None:
    with pytest.raises(RuleFileError, match="invalid YAML"):
        parse_yaml("a: 1\n---\nb: 2\n", "two.yaml")


def test_marks_are_one_based_and_follow_paths() -> None:
    doc = parse_yaml("tax:\n  rates:\n    - {class: standard, rate: \"0.2\"}\n", "m.yaml")
    assert doc.mark(("tax", "rates", 0, "rate")) == (3, 31)
    assert doc.mark(("tax", "rates", 0, "rate"), key=True) == (3, 25)
    assert doc.mark(("tax", "rates", 0, "nope")) == (3, 7)  # nearest existing ancestor


def test_non_utf8_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("country: JP\nnote: caf\xe9\n".encode("latin-1"))
    with pytest.raises(RuleFileError, match="UTF-8"):
        load_rules(bad, include_bundled=False)
