"""The JSON documents of ``pricing-engine lists``: the lists in effect, and a diff of two versions.

:func:`lists_status` describes a :class:`~pricing_engine.screening.bundle.ListSet` (each list
with where it comes from and what its manifest records, files checked); :func:`diff_report`
summarises a :class:`~pricing_engine.screening.diff.ListDiff`. Both are frozen models carrying
``schema_version``; the CLI prints them as JSON or reads its table from them, so the two show
the same figures. Their schemas are ``schemas/lists-status.schema.json`` and
``schemas/lists-diff.schema.json``.
"""

from __future__ import annotations

from pydantic import Field

from pricing_engine.contract import OutputDocument, OutputModel
from pricing_engine.screening.bundle import ListOrigin, ListSet
from pricing_engine.screening.diff import ListDiff
from pricing_engine.screening.model import Entity, EntityKind

__all__ = [
    "ChangedEntry",
    "DiffEntry",
    "DiffSummary",
    "ListDiffReport",
    "ListRecord",
    "ListsStatus",
    "diff_report",
    "lists_status",
]


class ListRecord(OutputModel):
    """One list in effect: its origin and what its manifest records (files checked)."""

    origin: ListOrigin = Field(description="bundled, lists-dir (a --lists directory) or user "
                               "(imported with `lists import`)")
    id: str = Field(description="the list id, e.g. ofac_sdn")
    format: str = Field(description="the loader that reads the files (`lists formats`)")
    published: str | None = Field(description="the publication date the list or its source "
                                  "states (ISO); null if unknown")
    entries: int = Field(ge=0, description="entries the manifest records")
    sha256: str = Field(description="sha256 of the list's files (of their names and hashes "
                        "for several)")
    files: tuple[str, ...] = Field(description="the files, relative to the lists directory")
    source: str = Field(description="where the files came from")


class ListsStatus(OutputDocument):
    """The lists every command screens against: ``pricing-engine lists --format json``."""

    user_dir: str | None = Field(description="the user lists directory laid over the others "
                                 "(null for none)")
    lists: tuple[ListRecord, ...] = Field(description="in overlay order; an imported list "
                                          "replaces the one with its id")


def lists_status(list_set: ListSet) -> ListsStatus:
    """Describe the lists in effect, each file checked against its manifest's sha256."""
    return ListsStatus(
        user_dir=str(list_set.user) if list_set.user is not None else None,
        lists=tuple(
            ListRecord(origin=origin, id=info.list_id, format=info.format,
                       published=info.published, entries=info.entries, sha256=info.sha256,
                       files=info.files, source=info.source)
            for origin, info in list_set.origins()
        ),
    )


class DiffEntry(OutputModel):
    """An entry added or removed, as its list names it."""

    entry_id: str = Field(description="the entry's id in its list (OFAC ent_num...)")
    kind: EntityKind
    name: str

    @classmethod
    def of(cls, entity: Entity) -> DiffEntry:
        """Name ``entity``."""
        return cls(entry_id=entity.entry_id, kind=entity.kind, name=entity.name)


class ChangedEntry(DiffEntry):
    """An entry in both versions (named as in the new one), with the fields that differ."""

    fields: tuple[str, ...] = Field(description="the fields that differ (name, kind, aliases, "
                                    "countries, dates_of_birth, programs, identifiers, "
                                    "addresses, remarks), in that order")


class DiffSummary(OutputModel):
    """The counts of a diff."""

    added: int = Field(ge=0)
    removed: int = Field(ge=0)
    changed: int = Field(ge=0)
    changed_fields: dict[str, int] = Field(description="changed entries per field (every "
                                           "field compared, 0 included)")
    rescreen_entries: int = Field(ge=0, description="added entries and entries changed in a "
                                  "field the matcher reads: screen against these again")


class ListDiffReport(OutputDocument):
    """Entries added, removed and changed between two versions of a list (`lists diff`)."""

    old_list: str
    new_list: str
    summary: DiffSummary
    added: tuple[DiffEntry, ...]
    removed: tuple[DiffEntry, ...]
    changed: tuple[ChangedEntry, ...]


def diff_report(diff: ListDiff) -> ListDiffReport:
    """Summarise ``diff``: its counts and every entry added, removed or changed."""
    return ListDiffReport(
        old_list=diff.old_list,
        new_list=diff.new_list,
        summary=DiffSummary(added=len(diff.added), removed=len(diff.removed),
                            changed=len(diff.changed), changed_fields=diff.field_counts(),
                            rescreen_entries=len(diff.rescreen_entities())),
        added=tuple(DiffEntry.of(e) for e in diff.added),
        removed=tuple(DiffEntry.of(e) for e in diff.removed),
        changed=tuple(ChangedEntry(entry_id=c.entry_id, kind=c.new.kind, name=c.new.name,
                                   fields=c.fields) for c in diff.changed),
    )
