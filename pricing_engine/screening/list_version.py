"""Load a former version of the lists from a directory, to compare the lists in effect with it.

Three layouts are read, in this order:

- a lists directory with a ``manifest.json`` (the bundled layout, a user lists directory, a
  copy of one): every list it names, verified; it is *complete*, so a list it lacks that the
  lists in effect have counts as added whole;
- the copy ``lists update`` keeps of the version it replaced (``.previous/ID``, with its
  manifest record in ``previous.json``): that one list;
- a directory holding an OFAC CSV set (``sdn.csv``, ``alt.csv``, ``add.csv``, or
  ``cons_prim.csv``...; else every ``.csv`` file in it), as ``lists diff`` reads it.

The last two hold one list: the other lists in effect are taken as unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pricing_engine import _jsonsafe as jsonsafe
from pricing_engine.errors import InputError
from pricing_engine.screening.bundle import MANIFEST, load_directory
from pricing_engine.screening.lists import load_list
from pricing_engine.screening.model import SanctionsList

__all__ = ["ListVersion", "load_version"]

_PREVIOUS_RECORD = "previous.json"
_OFAC_CSV_NAMES = ("sdn.csv", "alt.csv", "add.csv", "cons_prim.csv", "cons_alt.csv",
                   "cons_add.csv")  # fmt: skip


@dataclass(frozen=True, slots=True)
class ListVersion:
    """The lists of a former version; ``complete`` when it is a whole lists directory."""

    lists: tuple[SanctionsList, ...]
    complete: bool


def load_version(directory: Path) -> ListVersion:
    """Load the former version of the lists kept in ``directory`` (see the module docstring)."""
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory of lists")
    if (directory / MANIFEST).is_file():
        return ListVersion(load_directory(directory), complete=True)
    if (directory / _PREVIOUS_RECORD).is_file():
        return ListVersion((_load_previous(directory),), complete=False)
    present = {p.name.lower(): p for p in directory.iterdir() if p.is_file()}
    files = [present[name] for name in _OFAC_CSV_NAMES if name in present]
    if not files:
        files = sorted(p for n, p in present.items() if n.endswith(".csv") and n[0] != ".")
    if not files:
        raise InputError(
            f"{directory}: no {MANIFEST}, {_PREVIOUS_RECORD} or OFAC CSV file in this directory"
        )
    return ListVersion((load_list("ofac_csv", *files),), complete=False)


def _load_previous(directory: Path) -> SanctionsList:
    try:
        record = jsonsafe.loads((directory / _PREVIOUS_RECORD).read_text(encoding="utf-8"))[
            "record"]
        names = [Path(item["path"]).name for item in record["files"]]  # no path escapes
        return load_list(record["format"], *(directory / n for n in names), list_id=record["id"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{directory / _PREVIOUS_RECORD}: cannot read it: {exc}") from exc
