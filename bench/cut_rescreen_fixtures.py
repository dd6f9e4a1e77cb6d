"""Cut tests/fixtures/sdn_delta/ from the official 2021-07-07 and 2024-05-03 OFAC SDN files.

    python bench/cut_rescreen_fixtures.py [--shared ../shared/data/sanctions] [--check]

The test of delta re-screening (tests/screening/test_rescreen_sdn_delta.py) may read nothing
outside the repository, so it screens two small versions of the SDN list cut from the official
files (../shared/data/sanctions/ofac_sdn_2021-07-07.csv and ofac_sdn_2024-05-03.csv; see
their SOURCES.md). Each fixture file is made of whole lines of its official file, byte for
byte (CRLF line ends, the DOS end-of-file byte 0x1A on the last line), in the file's order:

- ``same``: entries whose line is identical in both files;
- ``added``: entries of 2024 whose ent_num is not in 2021; ``removed``: the reverse;
- ``renamed``: entries in both whose primary name changed to another name (the two names
  share no word of four letters or more, and the new record does not keep the old name's
  words as an a.k.a.); ``programs``: entries in both whose only change is
  their programme.

Entries are taken by rule, not by hand: in each group, those (ent_num ascending) whose name has
at least two words of four letters or more and that no other entry of the cut shares a word
of four letters or more with (so that a party named after one entry matches that entry only),
spread over the group (every len/(4 n)-th candidate), ``--per-group`` of the first three
groups (8), 3 renamed and 2 of the programmes. The register ``parties.csv`` (id, name, kind)
names a party after each of them; the group is in the id (``added-3``, ``renamed-old-1``...),
which is what the test expects of it: ``added`` and ``renamed-new`` clear -> hit, ``removed``
and ``renamed-old`` hit -> clear, the others no change, and ``same``, ``programs`` and the
``clear`` parties (CRM names no entry resembles) screened against the changed entries only.
``--check`` screens the register against both versions in full and prints any party whose
statuses are not those of its group (none when the fixtures were cut).
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "sanctions"
OUT = ROOT / "tests" / "fixtures" / "sdn_delta"
FILES = {"2021-07-07": "ofac_sdn_2021-07-07.csv", "2024-05-03": "ofac_sdn_2024-05-03.csv"}
#: Parties no entry resembles: they must stay clear against both versions.
CLEAR = ("Acme Widgets GmbH", "Maria Schmidt", "Nordlicht Logistik AG", "Kenji Watanabe",
         "Harbor Freight Partners LLC", "Ingrid Johansson")  # fmt: skip
_WORD = re.compile(r"[A-Za-z]{4,}")


def read(path: Path) -> dict[str, tuple[bytes, list[str]]]:
    """Return ent_num -> (the line's bytes, its cells) of an official sdn.csv."""
    out: dict[str, tuple[bytes, list[str]]] = {}
    for line in path.read_bytes().splitlines(keepends=True):
        cells = next(csv.reader([line.decode("utf-8")]), [])
        if cells and cells[0].strip().isdigit():
            out[cells[0].strip()] = (line, cells)
    return out


def groups(old: dict[str, tuple[bytes, list[str]]], new: dict[str, tuple[bytes, list[str]]]
           ) -> dict[str, list[str]]:  # fmt: skip
    """Return the candidate ent_nums of each group, ascending."""
    both = [k for k in new if k in old]

    def gone(k: str) -> bool:  # the old name kept as an a.k.a., or a word kept
        before = words(old[k][1][1])
        return before <= words(new[k][0].decode("utf-8")) or bool(before & words(new[k][1][1]))

    def only_programs(k: str) -> bool:
        a, b = old[k][1], new[k][1]
        return a[3] != b[3] and a[:3] + a[4:] == b[:3] + b[4:]

    found = {
        "same": [k for k in both if old[k][0] == new[k][0]],
        "added": [k for k in new if k not in old],
        "removed": [k for k in old if k not in new],
        "renamed": [k for k in both if old[k][1][1] != new[k][1][1] and not gone(k)],
        "programs": [k for k in both if only_programs(k)],
    }
    return {g: sorted(ks, key=int) for g, ks in found.items()}


def words(name: str) -> set[str]:
    return {w.upper() for w in _WORD.findall(name)}


def pick(candidates: dict[str, list[str]], names: dict[str, list[str]], wanted: dict[str, int]
         ) -> dict[str, list[str]]:  # fmt: skip
    """Take candidates spread over each group whose words no entry taken so far shares."""
    taken: dict[str, list[str]] = {g: [] for g in candidates}
    used: set[str] = {w for clear in CLEAR for w in words(clear)}
    for group, keys in candidates.items():
        step = max(len(keys) // (wanted[group] * 4), 1)
        for k in keys[::step]:
            if len(taken[group]) == wanted[group]:
                break
            mine = set().union(*(words(n) for n in names[k]))
            if all(len(words(n)) >= 2 for n in names[k]) and not mine & used:
                taken[group].append(k)
                used |= mine
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--per-group", type=int, default=8)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    old, new = (read(args.shared / f) for f in FILES.values())
    names = {k: [old[k][1][1]] if k in old else [] for k in {*old, *new}}
    for k in new:
        names[k] = [*names[k], new[k][1][1]] if new[k][1][1] not in names[k] else names[k]
    wanted = {"same": args.per_group, "added": args.per_group, "removed": args.per_group,
              "renamed": 3, "programs": 2}  # fmt: skip
    taken = pick(groups(old, new), names, wanted)
    keep_old = {k for g in ("same", "removed", "renamed", "programs") for k in taken[g]}
    keep_new = {k for g in ("same", "added", "renamed", "programs") for k in taken[g]}
    for version, (table, keep) in zip(FILES, ((old, keep_old), (new, keep_new)), strict=True):
        directory = OUT / version
        directory.mkdir(parents=True, exist_ok=True)
        lines = [line for k, (line, _) in table.items() if k in keep]
        (directory / "sdn.csv").write_bytes(b"".join(lines) + b"\x1a")
    rows = [("id", "name", "kind")]
    kinds = {"individual": "person", "-0- ": "entity"}
    for group in ("same", "added", "removed", "renamed", "programs"):
        for n, k in enumerate(taken[group], 1):
            cells = (new if k in new else old)[k][1]
            if group == "renamed":
                rows.append((f"renamed-old-{n}", old[k][1][1], kinds.get(old[k][1][2], "")))
                rows.append((f"renamed-new-{n}", new[k][1][1], kinds.get(new[k][1][2], "")))
            else:
                rows.append((f"{group}-{n}", cells[1], kinds.get(cells[2], "")))
    rows += [(f"clear-{n}", name, "") for n, name in enumerate(CLEAR, 1)]
    with open(OUT / "parties.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    for group, ks in taken.items():
        print(f"{group}: {', '.join(ks)}")
    if args.check:
        check(rows[1:])


def check(rows: list[tuple[str, str, str]]) -> None:
    """Screen the register against both versions in full; print parties off their group."""
    from pricing_engine.screening.lists import load_list
    from pricing_engine.screening.screener import Screener

    old, new = (Screener.from_lists((load_list("ofac_csv", OUT / v / "sdn.csv",
                                               list_id="ofac_sdn"),), cache=False)
                for v in FILES)  # fmt: skip
    wanted = {"added": ("clear", "hit"), "renamed-new": ("clear", "hit"),
              "removed": ("hit", "clear"), "renamed-old": ("hit", "clear"),
              "same": ("hit", "hit"), "programs": ("hit", "hit"), "clear": ("clear", "clear")}
    off = 0
    for ident, name, _ in rows:
        got = (old.screen(name).status, new.screen(name).status)
        if got != wanted[ident.rsplit("-", 1)[0]]:
            off += 1
            print(f"off its group: {ident} {name!r}: {got[0]} -> {got[1]}")
    print(f"{len(rows)} parties, {off} off their group")


if __name__ == "__main__":
    main()
