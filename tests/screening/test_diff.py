"""List diffs: on the two real OFAC SDN snapshots (2021-07 vs 2024-05) and on small lists."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from pricing_engine.screening.diff import diff_lists
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.model import Alias, Entity, ListInfo, SanctionsList

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sanctions"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} (reference data) absent")


def _names(path: Path) -> dict[str, str]:
    with path.open(encoding="cp1252", newline="") as handle:
        return {r[0]: r[1] for r in csv.reader(handle) if len(r) == 12}


@needs_shared
def test_real_ofac_snapshots() -> None:
    old_sdn, new_sdn = SHARED / "ofac_sdn_2021-07-07.csv", SHARED / "ofac_sdn_2024-05-03.csv"
    old = load_list(
        "ofac_csv", old_sdn, SHARED / "ofac_alt_2021-07-07.csv", SHARED / "ofac_add_2021-07-07.csv"
    )
    new = load_list("ofac_csv", new_sdn)
    result = diff_lists(old, new)
    before, after = _names(old_sdn), _names(new_sdn)
    assert {e.entry_id for e in result.added} == after.keys() - before.keys()
    assert {e.entry_id for e in result.removed} == before.keys() - after.keys()
    assert len(result.added) == 6870 and len(result.removed) == 881  # checked with the sets above
    renamed = {k for k in before.keys() & after.keys() if before[k] != after[k]}
    assert {c.entry_id for c in result.changed if "name" in c.fields} == renamed
    assert len(renamed) == 60
    # the 2024 side has no alt.csv here, so every entry with alt.csv (strong) aliases lost them
    had_aliases = {
        e.entry_id for e in old.entities if any(a.strength == "strong" for a in e.aliases)
    } & after.keys()
    lost = {c.entry_id for c in result.changed if "aliases" in c.fields}
    assert had_aliases <= lost
    # re-screening covers the added entries and every changed name or alias
    rescreen = {e.entry_id for e in result.rescreen_entities()}
    assert rescreen >= {e.entry_id for e in result.added} | renamed
    assert result.stale_entry_ids() >= {e.entry_id for e in result.removed}


def _list(*entities: Entity) -> SanctionsList:
    info = ListInfo("t", "test", "hand-made", None, "0" * 64, len(entities))
    return SanctionsList(info, entities)


def test_changed_fields_ignore_order_and_drive_rescreening() -> None:
    a = Entity("t", "1", "person", "DOE, John", (Alias("JD"), Alias("JOHNNY")), ("US", "GB"))
    b = Entity("t", "2", "entity", "ACME LTD", programs=("SDGT",))
    c = Entity("t", "3", "entity", "GONE LLC")
    a_reordered = replace(a, aliases=(Alias("JOHNNY"), Alias("JD")), countries=("GB", "US"))
    b_programs = replace(b, programs=("SDGT", "IRAN"))
    d = Entity("t", "4", "vessel", "NEW SHIP")
    result = diff_lists(_list(a, b, c), _list(a_reordered, b_programs, d))
    assert [e.entry_id for e in result.added] == ["4"]
    assert [e.entry_id for e in result.removed] == ["3"]
    assert [(ch.entry_id, ch.fields) for ch in result.changed] == [("2", ("programs",))]
    # a programs-only change cannot change who matches: only the new vessel needs screening
    assert [e.entry_id for e in result.rescreen_entities()] == ["4"]
    assert result.stale_entry_ids() == {"3"}
    assert result.affected_names() == ("GONE LLC", "NEW SHIP")
    assert result.as_dict()["summary"]["changed_fields"]["programs"] == 1


def test_weak_to_strong_alias_is_a_matching_change() -> None:
    old = Entity("t", "1", "person", "DOE, John", (Alias("JD", "weak"),))
    new = replace(old, aliases=(Alias("JD", "strong"),))
    result = diff_lists(_list(old), _list(new))
    assert result.changed[0].fields == ("aliases",)
    assert result.changed[0].affects_matching
    assert result.affected_names() == ("DOE, John", "JD")


def test_identical_lists_have_no_diff() -> None:
    a = Entity("t", "1", "person", "DOE, John")
    assert not diff_lists(_list(a), _list(a))
