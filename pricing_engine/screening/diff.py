"""What changed between two versions of a list, and what a user must re-screen because of it.

Entries are matched by their list id (OFAC ent_num, UN reference number...). An entry present
only in the new version is *added*, only in the old one *removed*; an entry in both whose
fields differ is *changed*, with the fields named. Order inside a field does not count.

After an update, only what the change can affect needs screening again:
:meth:`ListDiff.rescreen_entities` are the new or changed entries (screen the whole customer
base against a screener built from just these: new matches can only come from them), and
:meth:`ListDiff.stale_entry_ids` the entries whose earlier matches may no longer hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pricing_engine.screening.model import Entity, SanctionsList

__all__ = ["FIELDS", "MATCH_FIELDS", "EntryChange", "ListDiff", "diff_lists"]

#: The fields compared, in the order changes are reported.
FIELDS: tuple[str, ...] = (
    "name",
    "kind",
    "aliases",
    "countries",
    "dates_of_birth",
    "programs",
    "identifiers",
    "addresses",
    "remarks",
)
#: Fields the matcher reads: a change in one of them can change a screening result.
MATCH_FIELDS: frozenset[str] = frozenset(
    {"name", "kind", "aliases", "countries", "dates_of_birth", "identifiers"}
)


@dataclass(frozen=True, slots=True)
class EntryChange:
    """One entry present in both versions, with the fields that differ.

    ``fields`` names them (``name``, ``aliases``, ``countries``, ...); :attr:`affects_matching`
    tells whether a re-screen is needed for it.
    """

    old: Entity
    new: Entity
    fields: tuple[str, ...]

    @property
    def entry_id(self) -> str:
        """The entry's id in its list."""
        return self.new.entry_id

    @property
    def affects_matching(self) -> bool:
        """Tell whether a changed field is one the matcher reads."""
        return not MATCH_FIELDS.isdisjoint(self.fields)


@dataclass(frozen=True, slots=True)
class ListDiff:
    """Added, removed and changed entries between two versions of a list."""

    old_list: str
    new_list: str
    added: tuple[Entity, ...]
    removed: tuple[Entity, ...]
    changed: tuple[EntryChange, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def rescreen_entities(self) -> tuple[Entity, ...]:
        """Return the entries that can produce new or different matches: added or re-matched."""
        moved = (c.new for c in self.changed if c.affects_matching)
        return (*self.added, *moved)

    def stale_entry_ids(self) -> frozenset[str]:
        """Return the ids whose earlier matches may be stale: removed, or changed for matching."""
        changed = {c.entry_id for c in self.changed if c.affects_matching}
        return frozenset({e.entry_id for e in self.removed} | changed)

    def affected_names(self) -> tuple[str, ...]:
        """Return every name (old and new, aliases included) a re-screen should cover, sorted."""
        entities: list[Entity] = [*self.added, *self.removed]
        for change in self.changed:
            if change.affects_matching:
                entities += [change.old, change.new]
        return tuple(sorted({name for e in entities for name, _ in e.names()}))

    def field_counts(self) -> dict[str, int]:
        """Return how many changed entries changed each field."""
        return {f: sum(f in c.fields for c in self.changed) for f in FIELDS}


def _value(entity: Entity, field: str) -> object:
    value = getattr(entity, field)
    return frozenset(value) if isinstance(value, tuple) else value


def changed_fields(old: Entity, new: Entity) -> tuple[str, ...]:
    """Return the fields that differ between two versions of one entry."""
    return tuple(f for f in FIELDS if _value(old, f) != _value(new, f))


def _by_id(entities: Iterable[Entity]) -> dict[str, Entity]:
    return {e.entry_id: e for e in entities}


def diff_lists(old: SanctionsList, new: SanctionsList) -> ListDiff:
    """Compare two versions of a list entry by entry (matched by entry id)."""
    before, after = _by_id(old.entities), _by_id(new.entities)
    changes = []
    for entry_id, entity in after.items():
        previous = before.get(entry_id)
        if previous is not None:
            fields = changed_fields(previous, entity)
            if fields:
                changes.append(EntryChange(previous, entity, fields))
    return ListDiff(
        old_list=old.info.list_id,
        new_list=new.info.list_id,
        added=tuple(e for i, e in after.items() if i not in before),
        removed=tuple(e for i, e in before.items() if i not in after),
        changed=tuple(changes),
    )
