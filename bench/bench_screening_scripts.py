"""Names written in their own script, screened against lists that give them only in Latin.

    python bench/bench_screening_scripts.py [--show 15]

The UN consolidated list gives many entries' names in their original script (Arabic,
Cyrillic, Chinese, Korean...) beside the romanised names. This takes those names as queries
and screens them against the bundled lists with every original-script alias removed, so the
only way to the entry is through the transliteration of the query and the matcher's handling
of romanisation variants: the case of a CRM that holds a name as the party wrote it, against
OFAC's Latin-only list. A query counts as found when its own UN entry is among the matches at
review level or above (with the entry's kind, as check screens a party of known kind).
Prints recall per script, the first missed queries, and the CPU time.

Negatives: each Arabic-script person name's first word joined to the last word of another
such name of a different family (neither source name's own pair of words; seeded), screened
against the same lists. These are not listed persons, but each word is a listed one: a
report at review level or above counts as a false positive (an upper bound: some such
pairs are a listed person's own alias).

The romanised names are the UN's own, the scripts' names Unicode's: no query is written
here, so the figures cannot be tuned to a hand-made set.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import time
import unicodedata
from collections import Counter

from pricing_engine.screening.bundle import load_bundled
from pricing_engine.screening.result import ScreeningQuery
from pricing_engine.screening.screener import Screener


def script_of(name: str) -> str:
    """The script of the first letter of ``name`` outside Latin (Unicode name's first word)."""
    for ch in name:
        if ch.isalpha() and ord(ch) > 0x24F:
            return unicodedata.name(ch, "UNKNOWN").split()[0]
    return "LATIN"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=15, help="missed names to print")
    args = parser.parse_args(argv)
    lists = load_bundled()
    queries: list[tuple[str, str, str, str]] = []  # (script, name, entry key, kind)
    stripped = []
    for lst in lists:
        entities = []
        for entity in lst.entities:
            kept = tuple(a for a in entity.aliases if a.type != "original_script")
            for alias in entity.aliases:
                if alias.type == "original_script" and script_of(alias.name) != "LATIN":
                    queries.append((script_of(alias.name), alias.name,
                                    f"{lst.info.list_id}:{entity.entry_id}", entity.kind))
            entities.append(dataclasses.replace(entity, aliases=kept))
        stripped.append(dataclasses.replace(lst, entities=tuple(entities)))
    screener = Screener.from_lists(stripped, cache=False)
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    reviewed: Counter[str] = Counter()
    missed: list[str] = []
    start = time.process_time()
    for script, name, key, kind in queries:
        total[script] += 1
        result = screener.screen(ScreeningQuery(name=name, kind=kind))
        keys = {f"{m.list}:{m.entry_id}" for m in result.matches}
        if key in keys:
            found[script] += 1
        else:
            if result.status != "clear":
                reviewed[script] += 1
            if len(missed) < args.show:
                best = result.matches[0].matched_name if result.matches else "-"
                missed.append(f"  {script:<10} {name}  ({key}; best: {best})")
    cpu = time.process_time() - start
    print(f"{len(queries)} original-script names of {sum(1 for _ in total)} scripts, screened "
          f"without their original-script aliases ({cpu:.1f} s CPU)")
    for script, n in total.most_common():
        print(f"  {script:<10} {n:>4} names  found {found[script] / n:6.1%}"
              f"  (not found but not clear: {reviewed[script]})")
    print(f"  all        {sum(total.values()):>4} names  found "
          f"{sum(found.values()) / max(1, sum(total.values())):6.1%}")
    if missed:
        print("missed:")
        print("\n".join(missed))
    negatives(screener, [name for script, name, _, kind in queries
                         if script == "ARABIC" and kind == "person"])
    return 0


def negatives(screener: Screener, names: list[str], count: int = 400) -> None:
    """Screen ``count`` recombined Arabic-script person names; print the false-positive rate."""
    words = [name.split() for name in names if len(name.split()) >= 2]
    listed = {(w[0], w[-1]) for w in words}
    rng = random.Random(20261202)
    made: set[tuple[str, str]] = set()
    while len(made) < count:
        first, last = rng.choice(words)[0], rng.choice(words)[-1]
        if (first, last) not in listed and first != last:
            made.add((first, last))
    flagged: list[str] = []
    for first, last in sorted(made):
        result = screener.screen(ScreeningQuery(name=f"{first} {last}", kind="person"))
        if result.status != "clear":
            best = result.matches[0] if result.matches else None
            flagged.append(f"  {first} {last}  ({best.matched_name if best else '-'})")
    print(f"negatives: {len(made)} recombined Arabic-script names, false-positive rate "
          f"{len(flagged) / len(made):.3f} ({len(flagged)})")
    print("\n".join(flagged[:10]))


if __name__ == "__main__":
    raise SystemExit(main())
