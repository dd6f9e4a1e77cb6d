"""The curated duty entries against the tariff tables they sit over.

A country's (or union's) own `duty.mfn` wins on its own codes (rules/FORMAT.md), so a curated
entry at the very code of a table line replaces the government's published line. That is
right for a sourced correction and wrong for anything else: EU and GB 6404 19 10 (indoor
footwear) were curated at 3.5 % and 2 % where the published CET and UKGT lines say 16.9 % and
16 %, and US 8712.00.25 at free where HTS 2026 Revision 10 says 5.5 %; each hid the table's
line. Every curated entry at a table line's code must charge what that line charges, unless
its note says it corrects the table (and why).
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
import yaml

RULES = Path(__file__).resolve().parents[2] / "rules"
TERMS = ("rate", "specific", "more", "min", "max", "min_rate", "max_rate", "declared",
         "parts", "agricultural", "not_covered", "split", "reference")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Each tariff's tables (``US.yaml`` and ``US.chapter99.yaml``, ``EU.yaml`` and
#: ``EU.cnlines.yaml``): a curated entry sits over the lines of all of them.
TABLES: dict[str, list[Path]] = {}
for _table in sorted((RULES / "tariffs").glob("*.yaml")):
    TABLES.setdefault(_table.name.split(".")[0], []).append(_table)


@functools.cache  # each table is read once for both checks (the tests do not change it)
def _load(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    assert isinstance(data, dict)
    return data


def _charges(entry: dict[str, Any]) -> dict[str, str]:
    """What an entry charges, comparable across files ("0.10" and "0.1" alike)."""
    def norm(value: Any) -> str:
        if isinstance(value, dict):
            return repr(sorted((k, norm(v)) for k, v in value.items()))
        if isinstance(value, list):
            return repr([norm(v) for v in value])
        try:
            return str(Decimal(value).normalize()) if isinstance(value, str) else repr(value)
        except InvalidOperation:
            return value
    return {key: norm(entry[key]) for key in TERMS if entry.get(key) is not None}


def _curated(code: str) -> Path:
    for folder in ("countries", "unions"):
        if (RULES / folder / f"{code}.yaml").is_file():
            return RULES / folder / f"{code}.yaml"
    raise AssertionError(f"tariffs/{code}*.yaml: no curated file for {code}")


def _table_lines(code: str) -> list[dict[str, Any]]:
    """The MFN entries of every table of ``code``, each with its dates (the table's
    ``valid_from`` where the line has none)."""
    out = []
    for table in TABLES[code]:
        doc = _load(table)
        for entry in doc.get("mfn") or []:
            out.append({"valid_from": doc.get("valid_from"), **entry})
    return out


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Tell whether two entries are in force on a common day (no date: open-ended)."""
    low, high = date.min, date.max
    return (max(a.get("valid_from") or low, b.get("valid_from") or low)
            <= min(a.get("valid_to") or high, b.get("valid_to") or high))


def test_the_tables_and_their_curated_files_are_found() -> None:
    assert set(TABLES) >= {"US", "GB", "EU", "AU", "JP", "NO", "NZ", "ZA", "AE", "BR", "CH", "CA"}
    assert [t.name for t in TABLES["EU"]] == ["EU.cnlines.yaml", "EU.preferences.yaml",
                                              "EU.yaml"]


@pytest.mark.parametrize("code", sorted(TABLES))
def test_a_curated_entry_at_a_table_line_charges_what_the_line_charges(code: str) -> None:
    lines: dict[str, list[dict[str, Any]]] = {}
    for entry in _table_lines(code):
        lines.setdefault(str(entry["hs"]), []).append(entry)
    curated = _load(_curated(code)).get("duty") or {}
    checked, wrong = 0, []
    for entry in curated.get("mfn") or []:
        hs = str(entry["hs"])
        if hs not in lines or "corrects the table" in str(entry.get("note", "")):
            continue
        beside = [line for line in lines[hs] if _overlap(entry, line)]
        if not beside:  # the curated entry ends before the table's line starts (CA 220410)
            continue
        checked += 1
        mine = _charges(entry)
        if all(_charges(line) != mine for line in beside):
            wrong.append(f"{hs}: curated {mine}, table {[_charges(x) for x in beside]}")
    assert not wrong, f"{_curated(code).name} hides the lines of {code}'s tables: {wrong}"
    if code == "US":  # the US file repeats three footwear lines: the check compares them
        assert checked >= 3


@pytest.mark.parametrize("code", sorted(TABLES))
def test_a_curated_subheading_agrees_with_lines_that_agree(code: str) -> None:
    # a six-digit curated entry over table lines that all charge alike, but not as it does,
    # makes a quote of the subheading ambiguous for nothing (EU 9401 10 aircraft seats was
    # curated at 2.7 % over the CET's one line at 0 %)
    lines: dict[str, dict[str, Any]] = {}
    for entry in _table_lines(code):
        if entry.get("valid_to") is None:  # the line as it stands now
            lines[str(entry["hs"])] = entry
    curated = _load(_curated(code)).get("duty") or {}
    wrong = []
    for entry in curated.get("mfn") or []:
        hs = str(entry["hs"])
        if (len(hs) != 6 or entry.get("valid_to") is not None
                or "corrects the table" in str(entry.get("note", ""))):
            continue
        under = {repr(_charges(line)) for code, line in lines.items()
                 if code.startswith(hs) and code != hs}
        if len(under) == 1 and repr(_charges(entry)) not in under:
            wrong.append(f"{hs}: curated {_charges(entry)}, every table line {under.pop()}")
    assert not wrong, f"{_curated(code).name} disagrees with {code}'s tables: {wrong}"
