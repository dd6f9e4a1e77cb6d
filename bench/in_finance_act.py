"""Read the amendments of India's Finance Act 2025 to the First Schedule of the Customs Tariff Act.

``bench/data/IN_finance_bill_2025_schedules.txt`` holds the text of the Finance Bill 2025's
Second and Third Schedules (see its header). Three kinds of amendment change a tariff rate:

- a new rate: "for the entry in column (4) occurring against tariff item(s) 2515 11 00, ...
  / all the tariff items of heading(s) 9401, 9403 / of sub-heading 2711 19 / the heading 8704,
  the entry "20%" shall be substituted" (the codes named are prefixes: an item, a heading or a
  sub-heading and every item under it);
- lines replaced: "for tariff item(s) A [and B | to B] and the entries relating thereto, the
  following shall be substituted, namely: "..."" (the items named, or every item from A to B,
  give way to the quoted lines);
- lines inserted: "after tariff item A and the entries relating thereto, the following shall be
  inserted, namely: "..."".

A quoted line reads "CODE --- description unit RATE -" (the description may run over several
lines of the text; the last cell is the preferential rate, "-"). The amendments that change a
description, a note or a unit only are not read. :func:`read` returns them all; a quoted block
with a line whose rate it cannot read stops the script naming it (never a silent rate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

TEXT = Path(__file__).resolve().parent / "data" / "IN_finance_bill_2025_schedules.txt"
#: the Second Schedule took effect from 2025-02-02 (a declaration under the Provisional
#: Collection of Taxes Act), the Third from 2025-05-01 (section 98(b))
SECOND, THIRD = date(2025, 2, 2), date(2025, 5, 1)

CODE = r"\d{4}(?: \d{2}){0,2}"  # a heading, sub-heading or tariff item as printed
ITEM = r"\d{4} \d{2} \d{2}"
#: a rate cell as the schedules write it
RATE = (r"Free|\d+(?:\.\d+)?%"
        r"(?: or Rs\. ?\d+(?:\.\d+)? per [a-z. ]+?,? whichever is (?:higher|lower))?")
NEW_RATE = re.compile(
    r"for the entry in column \(4\) occurring against (?P<what>(?:(?!the entry).)*?),? the "
    r"entry “(?P<rate>[^”]+)”,? shall be substituted")
REPLACED = re.compile(
    r"for (?:sub-heading " + CODE + r", )?tariff items? (?P<what>" + ITEM + r"(?:,? (?:and|to) "
    + ITEM + r")?) and (?:the )?entries relating thereto,? the following shall be substituted,"
    r" namely ?:[ —–-]*“(?P<block>[^”]*)”")
INSERTED = re.compile(
    r"after tariff item (?P<what>" + ITEM + r") and (?:the )?entries relating thereto,? the "
    r"following shall be inserted, namely ?:[ —–-]*“(?P<block>[^”]*)”")
#: a new line of a quoted block: its code, then (after the description and the unit) its rate
#: and the preferential cell "-"
LINE = re.compile(r"(?P<code>" + ITEM + r") -+ (?P<rest>.*?) (?P<rate>" + RATE + r") -(?= |$)")
ITEM_START = re.compile(ITEM + r" -+ ")


@dataclass
class Amendments:
    """What the schedules change: new rates by prefix, lines taken out and lines added."""

    #: prefix (4, 6 or 8 digits) -> (rate text, in force from, where the schedule says it)
    rates: dict[str, tuple[str, date, str]] = field(default_factory=dict)
    #: the items a replacement takes out: single items, and ranges (first, last) inclusive
    removed: set[str] = field(default_factory=set)
    ranges: list[tuple[str, str]] = field(default_factory=list)
    #: new 8-digit items -> (rate text, in force from, where)
    added: dict[str, tuple[str, date, str]] = field(default_factory=dict)

    def gone(self, code: str) -> bool:
        """Whether a replacement took the item ``code`` out."""
        return code in self.removed or any(lo <= code <= hi for lo, hi in self.ranges)

    def rate(self, code: str) -> tuple[str, date, str] | None:
        """The new rate of ``code`` (its longest amended prefix), if any."""
        for n in (8, 6, 4):
            found = self.rates.get(code[:n])
            if found:
                return found
        return None


def _flat(text: str) -> str:
    """The text as one line: page markers and page numbers out, white space single."""
    text = re.sub(r"=====PAGE \d+=====\s*\n\s*\d+\s*\n", " ", text)
    return re.sub(r"\s+", " ", text)


def _codes(what: str) -> list[str]:
    """The codes a list names, its spaces dropped (the text once prints "2933 5930")."""
    codes = [c.replace(" ", "") for c in re.findall(r"\d[\d ]*\d", what)]
    bad = [c for c in codes if len(c) not in (4, 6, 8)]
    if bad:
        raise SystemExit(f"{TEXT}: not a heading, sub-heading or item: {bad} in {what!r}")
    return codes


def _chapter_at(flat: str, at: int) -> str:
    found = list(re.finditer(r"\((\d+|[ivx]+)\) ?in Chapter (\d+)", flat[:at]))
    return f"item ({found[-1][1]}), Chapter {found[-1][2]}" if found else "item ?"


def read(path: Path = TEXT) -> Amendments:
    """The amendments of both schedules (the Second's from 2025-02-02, the Third's from
    2025-05-01)."""
    raw = "\n".join(line for line in path.read_text("utf-8").splitlines()
                    if not line.startswith("#"))
    flat = _flat(raw)
    third_at = flat.index("THE THIRD SCHEDULE")
    out = Amendments()
    for found in NEW_RATE.finditer(flat):
        since = SECOND if found.start() < third_at else THIRD
        schedule = "Second" if since == SECOND else "Third"
        where = f"Finance Act 2025, {schedule} Schedule, {_chapter_at(flat, found.start())}"
        codes = _codes(found["what"])
        if not codes:
            raise SystemExit(f"{path}: no tariff code in {found['what']!r}")
        for code in codes:
            out.rates[code] = (found["rate"].strip(), since, where)
    for pattern, replaces in ((REPLACED, True), (INSERTED, False)):
        for found in pattern.finditer(flat):
            where = f"Finance Act 2025, Third Schedule, {_chapter_at(flat, found.start())}"
            codes = _codes(found["what"])
            if replaces:
                if " to " in found["what"]:
                    out.ranges.append((codes[0], codes[1]))
                else:
                    out.removed.update(codes)
            block = found["block"]
            lines = list(LINE.finditer(block))
            starts = len(ITEM_START.findall(block))
            if len(lines) != starts:
                raise SystemExit(f"{path}: {where}: {starts} new lines, {len(lines)} with a rate "
                                 f"read, in {block[:200]!r}")
            for line in lines:
                out.added[line["code"].replace(" ", "")] = (line["rate"], THIRD, where)
    return out


if __name__ == "__main__":
    got = read()
    print(f"{len(got.rates)} prefixes with a new rate, {len(got.removed)} items and "
          f"{len(got.ranges)} ranges replaced, {len(got.added)} lines added")
    for code, (rate, since, where) in sorted(got.rates.items()):
        print(code, rate, since, where, sep="\t")
