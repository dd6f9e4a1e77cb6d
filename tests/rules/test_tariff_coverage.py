"""Every HS2022 subheading of chapters 1-97 prices, or names its national lines, in US, GB, EU.

The 5,612 codes are tests/fixtures/hs2022_subheadings.txt (its header gives the source). For
each of the three shipped tariff tables a six-digit code must give a duty, or raise
AmbiguousHsCode naming the national lines under it with their duties (give the full line) or,
for an HS2022 code carved out of HS2017 lines of different duties, naming those lines (its
``split`` entry's) or the newer national lines a later table lists under it (EU.cnlines.yaml);
for a code kept from HS2017 that took goods of other duties from other codes, its lines and
theirs.
A MissingRule is a gap. The gaps known today are listed in tests/fixtures/hs2022_known_gaps.txt
with their cause (every line the code may mean has a rate text the importer cannot read yet):
no other code may fail, and a listed code that now prices must leave the list (a ratchet
towards 0).
Regenerate the list deliberately with ``PRICING_ENGINE_REGEN_GAPS=1 pytest <this file>``.
Run with ``-s`` to see the counts.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import RuleBook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CODES = [line for line in (FIXTURES / "hs2022_subheadings.txt").read_text().splitlines()
         if line and not line.startswith("#")]
GAPS = FIXTURES / "hs2022_known_gaps.txt"
#: Tariff -> the country whose duty lookups read it (an EU member reads the union's table).
TARIFFS = {"US": "US", "GB": "GB", "EU": "DE"}
ON = date(2026, 11, 20)



def _split(book: RuleBook, country: str, hs: str) -> tuple[str, ...]:
    """The lines the split entry of ``hs`` names (none: not a split code)."""
    entries = book.country(country).splits.get(hs, ())
    return next((lines for span, lines in entries if span.covers(ON)), ())


def _walk(book: RuleBook, country: str) -> tuple[Counter[str], dict[str, str]]:
    counts: Counter[str] = Counter()
    missing = {}
    for hs in CODES:
        try:
            book.duty(country, hs, "CN", ON)
        except AmbiguousHsCode as exc:
            named = [code for code, _ in exc.candidates]
            carved = _split(book, country, hs)
            if any(c.startswith(hs) for c in carved):  # kept, with goods of other HS2017 codes
                assert set(carved) <= set(named), named
                assert all(c.startswith(hs) or c in carved for c in named), named
                counts["ambiguous (its lines and those of HS2017 codes it took goods from)"] += 1
            elif carved and named == list(carved):  # new in HS2022: the HS2017 lines it came from
                counts["ambiguous (HS2017 lines named)"] += 1
            elif carved:  # or the newer lines of a later table under it (EU.cnlines.yaml)
                assert all(c.startswith(hs) and len(c) > 6 for c in named), named
                counts["ambiguous (newer lines of a split code named)"] += 1
            else:
                assert named and all(c.startswith(hs) or f"(rest of {hs})" in c for c in named)
                counts["ambiguous (lines named)"] += 1
        except MissingRule as exc:
            missing[hs] = str(exc).partition(f"on {ON}: ")[2][:100]
            counts["MissingRule"] += 1
        else:
            counts["priced"] += 1
    return counts, missing


def _known_gaps() -> dict[str, set[str]]:
    gaps: dict[str, set[str]] = {t: set() for t in TARIFFS}
    for line in GAPS.read_text().splitlines():
        if line and not line.startswith("#"):
            tariff, hs = line.split()[:2]
            gaps[tariff].add(hs)
    return gaps


def test_the_fixture_holds_every_subheading_of_chapters_1_to_97() -> None:
    assert len(CODES) == len(set(CODES)) == 5612
    assert all(len(c) == 6 and c.isdigit() and 1 <= int(c[:2]) <= 97 for c in CODES)


def test_every_subheading_prices_or_names_its_lines(bundled: RuleBook) -> None:
    found = {tariff: _walk(bundled, country) for tariff, country in TARIFFS.items()}
    for tariff, (counts, _) in found.items():
        print(f"{tariff}: " + ", ".join(f"{n} {what}" for what, n in sorted(counts.items())))
    if os.environ.get("PRICING_ENGINE_REGEN_GAPS"):
        header = [line for line in GAPS.read_text().splitlines() if line.startswith("#")]
        body = [f"{t} {hs}  # {why}".rstrip(" #") for t, (_, missing) in found.items()
                for hs, why in missing.items()]
        GAPS.write_text("\n".join(header + body) + "\n")
    gaps = _known_gaps()
    for tariff, (_, missing) in found.items():
        new = sorted(set(missing) - gaps[tariff])
        assert not new, f"{tariff}: MissingRule for {len(new)} subheading(s): {new[:20]}"
        closed = sorted(gaps[tariff] - set(missing))
        assert not closed, f"{tariff}: {closed[:20]} price now: remove them from {GAPS.name}"


@pytest.mark.parametrize(("country", "hs", "lines"), [
    ("US", "640399", "64039960"),  # footwear: Free / 8.5 % / 10 % lines
    ("GB", "950300", "95030099"),
    ("DE", "220421", "22042109"),
])
def test_a_code_over_lines_of_different_duties_names_them(bundled: RuleBook, country: str,
                                                           hs: str, lines: str) -> None:
    with pytest.raises(AmbiguousHsCode) as caught:
        bundled.duty(country, hs, "CN", ON)
    assert any(code.startswith(lines[:8]) for code, _ in caught.value.candidates)
    assert "give the full" in str(caught.value)
