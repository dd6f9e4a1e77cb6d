"""Section 232 duties on passenger vehicles and light trucks (U.S. note 33(a)-(e), (i), (k),
(n), (s) to subchapter III of chapter 99).

Note 33(b) lists the HTS provisions of "automobiles": passenger vehicles (sedans, sport utility
vehicles, crossover utility vehicles, minivans, cargo vans) and light trucks. From 2025-04-03
(Proclamation 10908) they pay the line's duty + 25 % (heading 9903.94.01), whatever their
origin and whatever preference they claim (33(a)). By origin, the deals:

- the United Kingdom, on the passenger vehicles of note 33(i) (the 8703 provisions of 33(b)):
  + 7.5 % from 2025-06-30 (9903.94.31), within a yearly quota of 100,000 vehicles (65,205 in
  2025) that a quote cannot see: the in-quota rate is written, at low confidence, and the note
  says what is due over the quota; its light trucks keep the 25 %;
- the European Union (9903.94.50/.51, from 2025-08-01), Japan (9903.94.40/.41, from
  2025-09-16) and Korea (9903.94.60/.61, from 2025-11-01): 15 % in all where the line's own
  duty is below that, nothing more where it is 15 % or more (``top_up_to``). For Korea the
  note reads column 1-General or -Special: the KORUS rate where the line claims it.

What a quote cannot tell is said in the entry, never assumed away; the dearer case is written:

- USMCA vehicles whose U.S. content Commerce approves pay the 25 % on their non-U.S. content
  only (9903.94.03);
- vehicles at least 25 years old (9903.94.04) and goods of the listed provisions that are not
  passenger vehicles or light trucks (9903.94.02) pay nothing more.

A provision also on the list of medium- and heavy-duty vehicles (note 38(b), from 2025-11-01:
8704.60.00, trucks propelled by an electric motor only, of any weight) would pay both duties
if both were written. From that day the truck duty (+ 25 % from every origin, the dearer
reading) answers there and this one is zero, its note saying a light truck pays this one
instead.

The vehicles listed are not subject to the Section 232 metals duties (33(a)(1)): metals
entries at or under a listed provision are cut from 2025-04-03, as the vehicle parts' are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from pricing_engine.rules.fields import SourceModel
from pricing_engine.rules.model import AdditionalEntry
from pricing_engine.tariff.us_section232 import (
    NAME,
    TRUCKS,
    TRUCKS_START,
    Section232,
    checked_rate,
    ended_before,
    read_subdivisions,
)
from pricing_engine.tariff.us_vehicle_parts import DEALS

__all__ = ["AUTOS", "SOURCE", "SOURCES", "START", "automobile_entries", "read_note33"]

AUTOS = "Section 232 autos"
SOURCE = "usitc-hts-ch99-note33-vehicles"
SOURCES = (
    SourceModel(id=SOURCE, title="USITC Harmonized Tariff Schedule, Chapter 99, subchapter III "
                "U.S. note 33(a)-(e), (i), (k), (n), (s) (passenger vehicles and light trucks: "
                "headings 9903.94.01-.04, UK 9903.94.31, Japan .40/.41, EU .50/.51, Korea "
                ".60/.61); Proclamation 10908 (from 2025-04-03) and the deals in force from "
                "2025-06-30 (UK), 2025-08-01 (EU), 2025-09-16 (Japan), 2025-11-01 (Korea)",
                url="https://hts.usitc.gov/"),
)

D = Decimal
START = date(2025, 4, 3)
#: The rate heading 9903.94.01 states ("The duty provided in the applicable subheading + 25%").
RATE = D("0.25")
#: The UK's rate on the passenger vehicles of note 33(i), within its quota.
UK_RATE = D("0.075")
UK_QUOTA = ("within the yearly quota of 100,000 passenger vehicles (65,205 in 2025), which a "
            "quote cannot see: over it the 25 % of heading 9903.94.01 is due")
#: 15 % in all for the EU, Japan and Korea; the UK's own rate above. Their days are the
#: automobile-parts deals' (:data:`~pricing_engine.tariff.us_vehicle_parts.DEALS`).
_HEADINGS = {"GB": "9903.94.31", "EU": "9903.94.50/.51", "JP": "9903.94.40/.41",
             "KR": "9903.94.60/.61 (column 1-General or -Special: the KORUS rate where "
                   "claimed)"}
_DEAL_START = {deal.origin: deal.start for deal in DEALS}
_NOT_WRITTEN = ("charged on the full value: USMCA vehicles Commerce approves pay on their "
                "non-U.S. content only (9903.94.03); vehicles 25 years old or more "
                "(9903.94.04) and goods that are not passenger vehicles or light trucks "
                "(9903.94.02) pay nothing more")

#: Note 33 subdivision -> the text that opens it and the one that opens the next.
_SUBDIVISIONS = {
    "33(b)": ("(b) The rates of duty set forth in headings 9903.94.01",
              "(c) Heading 9903.94.02 applies"),
    "33(i)": ("(i) Heading 9903.94.31 sets forth",
              "The aggregate annual import volume under heading 9903.94.31"),
}
_LIST_HEADINGS = {"33(b)": "9903.94.01", "33(i)": "9903.94.31"}


def read_note33(text: str, name: str) -> Section232:
    """The provisions of notes 33(b) (passenger vehicles and light trucks) and 33(i) (the UK's
    passenger vehicles); a problem where the rows of headings 9903.94.01 and .31 state
    another rate than this module writes (a new revision to read before it is imported)."""
    read = read_subdivisions(text, name, _SUBDIVISIONS, _LIST_HEADINGS.__getitem__)
    lines = text.splitlines()
    problems = list(read.problems)
    for heading, rate in (("9903.94.01", RATE), ("9903.94.31", UK_RATE)):
        problems += checked_rate(lines, name, heading, rate)[1]
    return Section232(read.lists, tuple(problems))


def automobile_entries(read: Section232, trucks: Iterable[str],
                       others: Iterable[AdditionalEntry]
                       ) -> tuple[list[AdditionalEntry], list[AdditionalEntry], Counter[str]]:
    """The ``Section 232 autos`` entries of the provisions ``read``; ``others`` (the other
    Section 232 entries) with the metals entries on those provisions cut from the day this
    duty began; counts. ``trucks``: the provisions of note 38(b) (medium- and heavy-duty
    vehicles)."""
    listed = read.lists.get("33(b)", ())
    uk = set(read.lists.get("33(i)", ()))
    heavy = set(trucks)
    summary: Counter[str] = Counter()
    out: list[AdditionalEntry] = []
    for code in listed:
        deals = tuple(o for o in _DEAL_START if o != "GB" or code in uk)
        last = TRUCKS_START - timedelta(days=1) if code in heavy else None
        out += _timeline(code, deals, last)
        summary["Section 232 autos: provisions"] += 1
        if code in uk:
            summary["Section 232 autos: UK passenger vehicle provisions (33(i))"] += 1
        if last is not None:
            summary["Section 232 autos: provisions left to the truck duty from 2025-11-01"] += 1
    summary["Section 232 autos: UK provisions not in 33(b), not written"] = len(uk - set(listed))
    kept, cut = _cut_metals(others, listed)
    summary["Section 232 autos entries written"] = len(out)
    summary["Section 232 metals: entries on vehicle provisions ended"] = cut
    return out, kept, summary


def _timeline(code: str, deals: tuple[str, ...], last: date | None) -> list[AdditionalEntry]:
    """One provision's entries: + 25 % from :data:`START` for the origins without a deal in
    force, the deals from their days, and a zero after ``last`` (the truck duty's)."""
    common = {"name": AUTOS, "hs": code, "source": SOURCE, "confidence": "medium"}
    where = "passenger vehicles and light trucks, U.S. note 33(b)"
    bounds = sorted({START, *(d for o, d in _DEAL_START.items() if o in deals
                              and (last is None or d <= last))})
    out = []
    for k, begin in enumerate(bounds):
        end = bounds[k + 1] - timedelta(days=1) if k + 1 < len(bounds) else last
        dealt = tuple(o for o in deals if _DEAL_START[o] <= begin)
        out.append(AdditionalEntry(**common, rate=RATE, valid_from=begin, valid_to=end,
                                   except_origins=dealt,
                                   note=f"{where}, heading 9903.94.01: + 25 %, with any "
                                        f"preference claimed; {_NOT_WRITTEN}"))
    for origin in deals:
        begin = _DEAL_START[origin]
        if last is not None and begin > last:
            continue
        deal = {"top_up_to": D("0.15")} if origin != "GB" else {"rate": UK_RATE}
        what = ("15 % in all (the line's duty brought up to it, nothing more where it is "
                "higher)" if origin != "GB" else f"+ 7.5 % {UK_QUOTA}")
        out.append(AdditionalEntry(**{**common, "confidence": "low" if origin == "GB"
                                      else "medium"}, origins=(origin,), valid_from=begin,
                                   valid_to=last, **deal,
                                   note=f"{where}; {origin}: heading {_HEADINGS[origin]}, "
                                        f"{what}; {_NOT_WRITTEN}"))
    if last is not None:
        out.append(AdditionalEntry(
            **common, rate=D("0"), valid_from=last + timedelta(days=1),
            note=f"{where} and medium- and heavy-duty vehicles, note 38(b): {TRUCKS} (+ 25 % "
                 "from every origin) is charged instead, the dearer reading; a light truck "
                 "pays this duty instead (+ 25 %, the deals 15 % in all)"))
    return out


def _cut_metals(entries: Iterable[AdditionalEntry], listed: Iterable[str]
                ) -> tuple[list[AdditionalEntry], int]:
    """``entries`` with the metals entries at or under a listed provision ended the day
    before :data:`START` (note 33(a)(1)), a zero from then at a listed provision a shorter
    metals entry covers, and how many entries were cut or added."""
    provisions = tuple(listed)
    out: list[AdditionalEntry] = []
    cut = 0
    entries = list(entries)
    shorter = {e.hs for e in entries if e.name == NAME}
    for code in provisions:
        if any(code.startswith(h) and code != h for h in shorter if h != "*"):
            cut += 1
            out.append(AdditionalEntry(
                name=NAME, hs=code, rate=D("0"), valid_from=START, source=SOURCE,
                note="passenger vehicles and light trucks of U.S. note 33(b) are not subject "
                     "to the metals duties (33(a)(1))"))
    for entry in entries:
        if entry.name != NAME or not entry.hs.startswith(provisions) or (
                entry.valid_to is not None and entry.valid_to < START):
            out.append(entry)
            continue
        cut += 1
        out += ended_before(entry, START)
    return out, cut
