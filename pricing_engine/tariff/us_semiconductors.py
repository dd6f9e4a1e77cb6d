"""The Section 232 duty on semiconductor articles (U.S. note 39 to subchapter III of chapter 99,
headings 9903.79.01-.09).

From 2026-01-15 (the Proclamation of 2026-01-14, "Adjusting Imports of Semiconductors,
Semiconductor Manufacturing Equipment, and Their Derivative Products"), a semiconductor article
pays the duty of its line + 25 % (heading 9903.79.01), from every country and on top of any
preference claimed (39(a)). Note 39(b) names the provisions (8471.50, 8471.80, 8473.30), but a
good of them is a semiconductor article only where it is, or contains, a logic integrated
circuit within narrow bounds of total processing performance and DRAM bandwidth; and one
imported for a use of 39(d) (U.S. data centres, repairs, research and development, startups,
consumer electronics, civil industrial or public sector applications in the United States)
pays nothing more (9903.79.03-.09). Neither the code nor the quote says which: the entries
are ``only_for_use: semiconductor_article``, charged on a line that declares its goods such an
article (``uses: [semiconductor_article]``, meaning one entered under 9903.79.01, not for an
exempt use). A line that does not declare its uses is not charged and its result says so
(GOODS_USE_UNDECLARED), as for the vehicle parts of every use.

A semiconductor article under 9903.79.01 is not subject to the Section 232 duties on
passenger vehicles, light trucks, medium- and heavy-duty vehicles, their parts, or the metals
(39(a)(1)-(5)): the entries of those duties at, under or over a listed provision are split at
the day this duty began, and from then on are ``except_for_use: semiconductor_article`` (beside
a use they already except).
The IEEPA duties 39(a)(6)-(8) also spares ended on 2026-02-23 and are not written here.

The list and the rate are read from the notes' text, so that a revision that changes them
changes the table: a text naming heading 9903.79.01 whose list cannot be read, or whose row
states another rate, is an import problem.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from pricing_engine.rules.fields import SourceModel
from pricing_engine.rules.model import AdditionalEntry, GoodsUse
from pricing_engine.tariff.us_automobiles import AUTOS
from pricing_engine.tariff.us_section232 import NAME as METALS
from pricing_engine.tariff.us_section232 import (
    TRUCKS,
    Section232,
    checked_rate,
    ended_before,
    excepting,
    read_subdivisions,
)
from pricing_engine.tariff.us_vehicle_parts import PARTS

__all__ = ["HEADING", "NAME", "RATE", "SOURCE", "SOURCES", "START", "USE", "read_note39",
           "semiconductor_entries"]

NAME = "Section 232 semiconductors"
HEADING = "9903.79.01"
SOURCE = "usitc-hts-ch99-note39"
SOURCES = (
    SourceModel(id=SOURCE, title="USITC Harmonized Tariff Schedule, Chapter 99, subchapter III "
                "U.S. note 39 and headings 9903.79.01-.09 (semiconductor articles: "
                "Proclamation of 2026-01-14, from 12:01 a.m. EST on 2026-01-15; CBP CSMS "
                "#67400472)", url="https://hts.usitc.gov/"),
)

START = date(2026, 1, 15)
#: The rate heading 9903.79.01 states ("The duty provided in the applicable subheading + 25%").
RATE = Decimal("0.25")
#: The use a quote line declares for goods that are semiconductor articles of 9903.79.01.
USE: GoodsUse = "semiconductor_article"
#: The Section 232 duties a semiconductor article of 9903.79.01 is not subject to (39(a)(1)-(5)).
SPARED = (AUTOS, PARTS, TRUCKS, METALS)

_SUBDIVISIONS = {
    "39(b)": ('(b) For the purposes of this note, "semiconductor articles" refers to',
              "To be included within the definition of semiconductor articles"),
}
_WHAT = ("only on a logic integrated circuit, or an article containing one, within the "
         "processing performance and DRAM bandwidth bounds of note 39(b), not imported for a "
         "use of 39(d) (U.S. data centres, repairs, R&D, startups, consumer electronics, civil "
         "industrial or public sector applications: 9903.79.03-.09)")


def read_note39(text: str, name: str) -> Section232:
    """The provisions of note 39(b); a problem where the list cannot be read in a text naming
    heading 9903.79.01, or where its row states another rate than :data:`RATE`."""
    read = read_subdivisions(text, name, _SUBDIVISIONS, lambda _key: HEADING)
    problems = list(read.problems)
    problems += checked_rate(text.splitlines(), name, HEADING, RATE)[1]
    return Section232(read.lists, tuple(problems))


def semiconductor_entries(read: Section232, others: Iterable[AdditionalEntry]
                          ) -> tuple[list[AdditionalEntry], list[AdditionalEntry],
                                     Counter[str]]:
    """The ``Section 232 semiconductors`` entries of the provisions ``read``; ``others`` (the
    other Section 232 entries) with those :data:`SPARED` that overlap a listed provision
    excepting semiconductor articles from :data:`START`; counts."""
    listed = read.lists.get("39(b)", ())
    summary: Counter[str] = Counter()
    out = [AdditionalEntry(name=NAME, hs=code, rate=RATE, valid_from=START, source=SOURCE,
                           only_for_use=USE, confidence="medium",
                           note=f"semiconductor articles, U.S. note 39(b), heading {HEADING}: "
                                f"+ 25 %, with any preference claimed; {_WHAT}: give uses: "
                                f"[{USE}] if the goods are one")
           for code in listed]
    summary["Section 232 semiconductors: provisions"] = len(out)
    kept: list[AdditionalEntry] = []
    for entry in others:
        if not _spared(entry, listed):
            kept.append(entry)
            continue
        kept += _split(entry)
        summary["Section 232 semiconductors: entries of another duty not charged on "
                "semiconductor articles"] += 1
    return out, kept, summary


def _spared(entry: AdditionalEntry, listed: tuple[str, ...]) -> bool:
    """Whether a semiconductor article is spared ``entry`` on some day: one of the duties of
    39(a)(1)-(5), at, under or over a listed provision, in force on or after :data:`START`."""
    return (entry.name in SPARED and entry.not_covered is None
            and (entry.valid_to is None or entry.valid_to >= START)
            and any(entry.hs.startswith(p) or p.startswith(entry.hs) or entry.hs == "*"
                    for p in listed))


def _split(entry: AdditionalEntry) -> list[AdditionalEntry]:
    """``entry`` as it was before :data:`START` and, from then, not charged on semiconductor
    articles."""
    return [*ended_before(entry, START), excepting(
        entry, USE, START, f"not on semiconductor articles of heading {HEADING} from "
        f"{START.isoformat()} (note 39(a)): uses: [{USE}]")]
