"""Every validation rule has a bad file of its own that states the errors it must produce."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pricing_engine.rules import iter_rule_errors

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
GOOD = FIXTURES / "rules_good"
BAD = FIXTURES / "rules_bad"
_EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.+)$", re.MULTILINE)
CASES = sorted(BAD.rglob("*.yaml"))


def _errors(path: Path) -> list[tuple[int, int, str]]:
    text = path.read_text(encoding="utf-8")
    paths: list[Path] = [GOOD, path] if "# context: good" in text else [path]
    return [(e.line, e.column, e.message)
            for e in iter_rule_errors(paths, include_bundled=False)
            if e.path == str(path)]


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(BAD)) for p in CASES])
def test_bad_file_yields_exactly_its_expected_errors(path: Path) -> None:
    expected = [(int(a), int(b), msg) for a, b, msg in
                _EXPECT.findall(path.read_text(encoding="utf-8"))]
    assert expected, f"{path.name} states no expected error"
    found = _errors(path)
    assert len(found) == len(expected), f"got {found}"
    for line, column, message in expected:
        hits = [f for f in found if f[:2] == (line, column) and message in f[2]]
        assert hits, f"expected {line}:{column}: {message!r}; got {found}"


def test_there_is_a_bad_file_per_rule() -> None:
    assert len(CASES) >= 25


def test_good_fixture_set_is_clean() -> None:
    assert list(iter_rule_errors([GOOD], include_bundled=False)) == []
