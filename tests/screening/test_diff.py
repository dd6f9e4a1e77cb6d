"""List diffs on small lists (the real 2021-07 vs 2024-05 SDN snapshots: bench/crosscheck)."""

from __future__ import annotations

from dataclasses import replace

from pricing_engine.screening.diff import diff_lists
from pricing_engine.screening.list_report import diff_report
from pricing_engine.screening.model import Alias, Entity, ListInfo, SanctionsList


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
    summary = diff_report(result).summary
    assert summary.changed_fields["programs"] == 1
    counts = (summary.added, summary.removed, summary.changed, summary.rescreen_entries)
    assert counts == (1, 1, 1, 1)


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
