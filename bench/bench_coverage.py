"""Print, per shipped tariff jurisdiction, how many HS2022 subheadings of chapters 1-97 price.

Run from the repository root: ``python bench/bench_coverage.py [--on YYYY-MM-DD]
[--hs PATH] [--origin XX] [--additional] [--lines]``. Reads the six-digit codes of
../shared/data/hs/hs_harmonized-system.csv (the HS 2022 nomenclature, chapters 1-97) and looks
up each one's MFN duty in every shipped country on the date (default today) with the bundled
rules. Per country: the codes that price, those
that raise AmbiguousHsCode (the national lines under the code differ: give the full line), and
those that raise MissingRule, split into `not covered` (an entry that says why its duty is not
given) and the rest (no rule at all); `general` counts the priced codes that the general regime
(``hs: "*"``) gives and `gen %` their share of all the codes (`-`: the tariff has no general
rate on the date), `table` those a tariff table's line gives (rules/tariffs/). The members of a
customs union share its tariff: one row for the union.

Then, for each tariff with codes not covered, why: the reasons the rule files give in their
``not_covered`` entries (their own words, shortened), each with the chapters it closes and how
many codes; that is where a country's general regime stops (agricultural chapters priced line
by line, an amended tariff not encoded, lines a table could not read).

The lookups are for goods of ``--origin`` (default CN). With ``--additional`` a code also counts
as not covered where an additional duty due on it for that origin is one the rules cannot
price (a ``not_covered`` entry of a Section 232 list, an IEEPA duty on the days it was
not encoded...): what a quote of that line would be refused for, beside its MFN duty.

With ``--lines``, a second table: the national lines each tariff keys (its MFN entries of more
than six digits with no longer entry under them, chapters 1-97), each looked up at its full
length, which is how a quote that gives the line asks: how many price, how many name other
lines (an 8-digit US line whose 10-digit statistical lines, keyed by an additional duty's
list, charge otherwise) and how many fail closed.
"""

from __future__ import annotations

import argparse
import csv
import re
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from pricing_engine.errors import AmbiguousHsCode, MissingRule
from pricing_engine.rules import load_rules
from pricing_engine.rules.fields import HS_ANY

HS_CSV = Path(__file__).resolve().parents[2] / "shared" / "data" / "hs" / "hs_harmonized-system.csv"


def subheadings(path: Path) -> list[str]:
    """The six-digit HS codes of chapters 1-97 in the nomenclature file."""
    with path.open(encoding="utf-8", newline="") as f:
        return [row["hscode"] for row in csv.DictReader(f)
                if len(row["hscode"]) == 6 and row["hscode"].isdigit()
                and 1 <= int(row["hscode"][:2]) <= 97]


# "XX: HS 0302 is not covered by the duty rules on 2026-12-01: <reason> (<file>:<line> (...))",
# or "(<file>)" where every national line under the code is itself not covered
NOT_COVERED = re.compile(r"is not covered by the duty rules on [0-9-]+: (?P<why>.*) \((?P<file>"
                         r"[^()]*?)(?::\d+ \([^()]*\))?\)$", re.S)


def count(book: object, country: str, codes: list[str], on: date,
          why: dict[tuple[str, str], list[str]], origin: str = "CN",
          additional: bool = False) -> Counter[str]:
    """Outcome counts of the MFN lookup of every code in ``country`` on ``on`` for goods of
    ``origin`` (``additional``: its additional duties too); the codes not covered are added to
    ``why`` under (the reason the rules give, the file giving it)."""
    out: Counter[str] = Counter()
    for hs in codes:
        try:
            lookup = book.duty(country, hs, origin, on)  # type: ignore[attr-defined]
        except AmbiguousHsCode:
            out["ambiguous"] += 1
        except MissingRule as exc:
            found = NOT_COVERED.search(str(exc))
            out["not covered" if found else "no rule"] += 1
            if found:
                why[(found["why"], Path(found["file"]).name)].append(hs)
        else:
            unpriced = [a for a in lookup.additional if additional and a.declared is not None
                        and a.declared.unpriced is not None]
            if unpriced:
                out["not covered"] += 1
                why[(f"{unpriced[0].name}: {unpriced[0].declared.unpriced}",
                     Path(unpriced[0].ref.file).name)].append(hs)
                continue
            out["priced"] += 1
            out["general"] += lookup.mfn.hs == HS_ANY
            out["table"] += "tariffs" in Path(lookup.mfn.ref.file).parts
    return out


def has_general(book: object, country: str, on: date) -> bool:
    """Tell whether the country's MFN rules have a general rate (``*``, priced) on ``on``."""
    rules = book.country(country)  # type: ignore[attr-defined]
    return any(span.covers(on) and rule.not_covered is None
               for span, rule in rules.mfn.get(HS_ANY, ()))


def chapters(codes: list[str]) -> str:
    """The chapters of ``codes`` as ranges: ``01-24, 35, 38``."""
    nums = sorted({int(c[:2]) for c in codes})
    runs: list[list[int]] = []
    for n in nums:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]:02d}" if len(r) == 1 else f"{r[0]:02d}-{r[-1]:02d}" for r in runs)


def short(text: str, width: int = 110) -> str:
    """``text`` on one line, cut to ``width`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 3] + "..."


def national_lines(book: object, rows: dict[str, list[str]], on: date, origin: str,
                   additional: bool) -> None:
    """Print, per tariff, the outcome of looking up each national line it keys."""
    print(f"\nNational lines (MFN keys of more than six digits, none under them, chapters "
          f"1-97), each looked up at its full length on {on}, goods of {origin}")
    print("{:<16}{:>8}{:>8}{:>8}{:>11}{:>13}{:>9}".format(
        "tariff", "lines", "priced", "%", "ambiguous", "not covered", "no rule"))
    for tariff, members in sorted(rows.items()):
        rules = book.country(members[0])  # type: ignore[attr-defined]
        keys = [k for i, k in enumerate(rules.mfn_keys)  # the lines: no longer key under them
                if len(k) > 6 and 1 <= int(k[:2]) <= 97
                and not (i + 1 < len(rules.mfn_keys) and rules.mfn_keys[i + 1].startswith(k))]
        if not keys:
            continue
        c = count(book, members[0], keys, on, defaultdict(list), origin, additional)
        label = tariff if len(members) == 1 else f"{tariff} ({len(members)})"
        print(f"{label:<16}{len(keys):>8}{c['priced']:>8}{100 * c['priced'] / len(keys):>7.1f}%"
              f"{c['ambiguous']:>11}{c['not covered']:>13}{c['no rule']:>9}")


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--on", type=date.fromisoformat, default=date.today())
    parser.add_argument("--hs", type=Path, default=HS_CSV)
    parser.add_argument("--origin", default="CN", help="the goods' origin (default CN)")
    parser.add_argument("--additional", action="store_true",
                        help="count a code whose additional duty is not covered as not covered")
    parser.add_argument("--lines", action="store_true",
                        help="also look up every national line of more than six digits")
    args = parser.parse_args()
    codes = subheadings(args.hs)
    book = load_rules()
    rows: dict[str, list[str]] = {}
    for country in book.countries():
        union = book.country(country).union
        rows.setdefault(union or country, []).append(country)
    cpu = time.process_time()
    print(f"HS2022 subheadings of chapters 1-97: {len(codes)}; MFN"
          f"{' and additional duties' if args.additional else ''} on {args.on}, goods of "
          f"{args.origin}")
    head = ("tariff", "priced", "%", "general", "gen %", "table", "ambiguous", "not covered",
            "no rule")
    print("{:<16}{:>8}{:>8}{:>9}{:>8}{:>7}{:>11}{:>13}{:>9}".format(*head))
    reasons: dict[str, dict[tuple[str, str], list[str]]] = {}
    for tariff, members in sorted(rows.items()):
        why: dict[tuple[str, str], list[str]] = defaultdict(list)
        c = count(book, members[0], codes, args.on, why, args.origin, args.additional)
        reasons[tariff] = why
        label = tariff if len(members) == 1 else f"{tariff} ({len(members)})"
        share = 100 * c["priced"] / len(codes)
        general = (f"{100 * c['general'] / len(codes):>7.1f}%"
                   if has_general(book, members[0], args.on) else f"{'-':>8}")
        print(f"{label:<16}{c['priced']:>8}{share:>7.1f}%{c['general']:>9}{general}"
              f"{c['table']:>7}{c['ambiguous']:>11}{c['not covered']:>13}{c['no rule']:>9}")
    print(f"CPU {time.process_time() - cpu:.2f} s for {len(rows)} tariffs x {len(codes)} codes")
    if args.lines:
        national_lines(book, rows, args.on, args.origin, args.additional)
    print("\nNot covered, by the reason the rule files give (chapters: codes):")
    for tariff, why in sorted(reasons.items()):
        for (text, file), hit in sorted(why.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            print(f"{tariff:<4}{file:<9} ch {chapters(hit)}: {len(hit)}: {short(text)}")


if __name__ == "__main__":
    main()
