"""Civil aircraft of the United Kingdom and Japan, spared the Section 232 metals duties (U.S.
note 35 to subchapter III of chapter 99, headings 9903.96.01 and 9903.96.02).

Under the deals with the United Kingdom (from 2025-06-30, 90 FR 27851) and Japan (from
2025-09-16, EO 14345 and Commerce's notice of 2025-09-16, 90 FR 44638), civil aircraft, their
engines, parts, components and subassemblies, and ground flight simulators and their parts,
that meet general note 6 of the HTSUS and are classified in the provisions note 35 lists
((a) for the UK, (b) for Japan, which leaves out unmanned aircraft), are not subject to the
Section 232 duties on aluminium, steel and copper (9903.82.02, .04-.17). Whether goods are
civil aircraft articles is not in their code: a quote line declares it (``uses:
[civil_aircraft]``, the use the Section 122 surcharge's note 2(aa)(iv) already asks for).

So each ``Section 232 metals`` entry that charges goods of the deal's origin on or after its
day, at, under or over a listed provision, is written again for that origin from that day with
``except_for_use: civil_aircraft``:

- an entry at or under a listed provision is split: the origin keeps it until the day before,
  and from the day has its own entry excepting civil aircraft (the other origins keep theirs);
- an entry over listed provisions (a heading whose subheadings the note lists one by one)
  gets, at each listed provision under it, an entry of the origin excepting civil aircraft;
  where another metals entry lies between them, which would answer there on some days, that
  provision is left as it was and counted (none in Revision 6).

An entry that already excepts another use (``vehicle_part``) excepts both. The IEEPA duties the
note also spares ended on 2026-02-23 and are not written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pricing_engine.rules.fields import SourceModel
from pricing_engine.rules.model import AdditionalEntry, GoodsUse
from pricing_engine.tariff.us_section232 import NAME as METALS
from pricing_engine.tariff.us_section232 import (
    Section232,
    ended_before,
    excepting,
    read_subdivisions,
)

__all__ = ["DEALS", "SOURCE", "SOURCES", "USE", "aircraft_entries", "read_note35"]

SOURCE = "usitc-hts-ch99-note35"
SOURCES = (
    SourceModel(id=SOURCE, title="USITC Harmonized Tariff Schedule, Chapter 99, subchapter III "
                "U.S. note 35 and headings 9903.96.01 (civil aircraft of the United Kingdom, "
                "from 2025-06-30, 90 FR 27851) and 9903.96.02 (of Japan, except unmanned "
                "aircraft, from 2025-09-16: EO 14345, 90 FR 44638, CBP CSMS #66242844)",
                url="https://hts.usitc.gov/"),
)
#: The use a quote line declares for civil aircraft articles meeting general note 6.
USE: GoodsUse = "civil_aircraft"


@dataclass(frozen=True, slots=True)
class Deal:
    origin: str
    start: date
    heading: str
    list: str


DEALS = (Deal("GB", date(2025, 6, 30), "9903.96.01", "35(a)"),
         Deal("JP", date(2025, 9, 16), "9903.96.02", "35(b)"))
#: Note 35 subdivision -> the text that opens it and the one that opens the next (" 36. ":
#: the next note's number, which a code's digits cannot be).
_SUBDIVISIONS = {
    "35(a)": ("(a) As provided in heading 9903.96.01, the additional duties",
              "(b) As provided in heading 9903.96.02"),
    "35(b)": ("(b) As provided in heading 9903.96.02, the additional duties", " 36. "),
}
_HEADINGS = {deal.list: deal.heading for deal in DEALS}


def read_note35(text: str, name: str) -> Section232:
    """The provisions of note 35(a) (the UK's) and 35(b) (Japan's); a problem where a list
    cannot be read in a text naming its heading."""
    return read_subdivisions(text, name, _SUBDIVISIONS, _HEADINGS.__getitem__)


def aircraft_entries(read: Section232, entries: Iterable[AdditionalEntry]
                     ) -> tuple[list[AdditionalEntry], Counter[str]]:
    """``entries`` (the Section 232 entries of the import) with the metals entries of each
    deal's origin on its listed provisions not charged on civil aircraft from the deal's day
    (see the module), and counts."""
    out = list(entries)
    summary: Counter[str] = Counter()
    for deal in DEALS:
        listed = read.lists.get(deal.list, ())
        summary[f"civil aircraft {deal.origin} (note {deal.list}): provisions"] = len(listed)
        out = _spare(out, deal, listed, summary)
    return out, summary


def _for_origin(entry: AdditionalEntry, origin: str) -> bool:
    """Whether ``entry`` is a metals entry for goods of ``origin``."""
    return entry.name == METALS and (origin in entry.origins if entry.origins is not None
                                     else origin not in entry.except_origins)


def _applies(entry: AdditionalEntry, deal: Deal) -> bool:
    """Whether ``entry`` is a metals entry charging goods of the deal's origin on or after
    its day (a zero charges nothing to spare)."""
    zero = entry.rate == 0 and entry.specific is None and entry.parts is None
    return (_for_origin(entry, deal.origin) and not zero
            and (entry.valid_to is None or entry.valid_to >= deal.start))


def _spare(entries: list[AdditionalEntry], deal: Deal, listed: tuple[str, ...],
           summary: Counter[str]) -> list[AdditionalEntry]:
    """``entries`` with the metals entries of ``deal`` spared on the ``listed`` provisions."""
    metals = [e.hs for e in entries if _for_origin(e, deal.origin)]
    key = f"civil aircraft {deal.origin}"
    out: list[AdditionalEntry] = []
    for entry in entries:
        if not _applies(entry, deal):
            out.append(entry)
            continue
        under = entry.hs.startswith(listed) if listed else False
        over = [p for p in listed if p.startswith(entry.hs) and p != entry.hs]
        if not under and not over:
            out.append(entry)
            continue
        if under:
            out += _split(entry, deal)
            summary[f"{key}: metals entries spared on civil aircraft"] += 1
            continue
        out.append(entry)
        for provision in over:
            if any(provision.startswith(h) and len(h) > len(entry.hs) for h in metals):
                summary[f"{key}: provisions under another metals entry, left charged"] += 1
                continue
            out.append(_spared(entry, deal, hs=provision, origins=(deal.origin,),
                               except_origins=()))
            summary[f"{key}: metals entries written at a listed provision"] += 1
    return out


def _split(entry: AdditionalEntry, deal: Deal) -> list[AdditionalEntry]:
    """``entry`` for the deal's origin as it was before the deal's day and, from it, not
    charged on civil aircraft; for the other origins it is unchanged."""
    out = ended_before(entry, deal.start)
    if entry.origins == (deal.origin,):
        return [*out, _spared(entry, deal)]
    others = ({"origins": tuple(o for o in entry.origins if o != deal.origin)}
              if entry.origins is not None
              else {"except_origins": tuple(sorted({*entry.except_origins, deal.origin}))})
    begin = max(entry.valid_from or deal.start, deal.start)
    out.append(entry.model_copy(update={"valid_from": begin, **others}))
    return [*out, _spared(entry, deal, origins=(deal.origin,), except_origins=())]


def _spared(entry: AdditionalEntry, deal: Deal, **update: object) -> AdditionalEntry:
    """``entry`` for the deal's origin from its day, not on goods declared civil aircraft."""
    return excepting(entry, USE, deal.start, f"{deal.origin}: not on civil aircraft articles "
                     f"(note {deal.list}, heading {deal.heading}): uses: [{USE}]", **update)
