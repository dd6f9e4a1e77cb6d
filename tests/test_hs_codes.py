"""starting_with: the run of a sorted list of codes under a prefix."""

from __future__ import annotations

import random

import pytest

from pricing_engine.hs_codes import starting_with

CODES = ("*", "01", "0101", "010121", "01012100", "010129", "0102", "0103", "10", "1001")


@pytest.mark.parametrize(("prefix", "expected"), [
    ("0101", ("0101", "010121", "01012100", "010129")),
    ("01012", ("010121", "01012100", "010129")),
    ("01", ("01", "0101", "010121", "01012100", "010129", "0102", "0103")),
    ("010130", ()),   # between two codes: none
    ("2", ()),        # after every code
    ("", CODES),      # every code
    ("*", ("*",)),
])
def test_the_codes_under_a_prefix(prefix: str, expected: tuple[str, ...]) -> None:
    assert starting_with(CODES, prefix) == expected


def test_a_list_gives_a_list_and_agrees_with_a_plain_filter() -> None:
    rng = random.Random(7)
    codes = sorted({"".join(rng.choice("0129") for _ in range(rng.randint(2, 10)))
                    for _ in range(3000)})
    for prefix in {c[:n] for c in codes[::50] for n in range(1, len(c) + 1)} | {"3", "99999"}:
        found = starting_with(codes, prefix)
        assert isinstance(found, list)
        assert found == [c for c in codes if c.startswith(prefix)], prefix
