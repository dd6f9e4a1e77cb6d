"""Read the Section 122 surcharge's scope (U.S. note 2(aa) to subchapter III of HTS chapter 99).

Heading 9903.03.01 put an additional 10 % ad valorem duty on products of every country from
12:01 a.m. EST on 2026-02-24 (the Proclamation of 2026-02-20 under section 122 of the Trade
Act of 1974, for 150 days: the last day is 2026-07-23), on top of the column 1 duty, a
preference's rate and the other Chapter 99 duties, except (note 2(aa)):

- (ii), heading 9903.03.03: the products of the subheadings it lists (agricultural goods,
  energy, pharmaceuticals, critical minerals, some electronics...): no surcharge;
- (iii), 9903.03.04: particular articles within a subheading (etrogs in 0805.90.01, baked
  goods for religious purposes in 1905.90.10...);
- (iv), 9903.03.05: civil aircraft, their engines, parts and components and flight simulators
  that meet general note 6, in the provisions it lists;
- (v), 9903.03.06: goods under Section 232 (metals, vehicles and their parts, wood, trucks
  and their parts, semiconductors);
- (vi)-(vii), 9903.03.07-.08: products of Canada or Mexico entered free of duty under USMCA;
- (viii), 9903.03.09: textile and apparel goods of the CAFTA-DR partners entered free of duty
  under that agreement;
- 9903.03.02 (goods in transit before the start), .10 (donations), .11 (informational
  materials), chapter 98 entries and accompanied baggage: what the goods are, or how they
  travel, not their code.

This module reads (ii), (iii) and (iv) and the rate of 9903.03.01 from the notes' text and
writes ``Section 122 surcharge`` entries: 10 % at ``*`` (for CA and MX and for the CAFTA-DR
partners' textiles, only where no preference applies), 0 at each line of (ii) and at each
provision the Section 232 entries of the same import cover (from the day their duty began,
within the surcharge's days), and, where the exemption depends on what the goods are rather
than their code, the surcharge with a note saying what is left unapplied ((iii)) or with the
use that takes it off (``except_for_use``: ``civil_aircraft`` for (iv), ``vehicle_part`` for a
provision under Section 232 only as a vehicle part, both for a provision of (iv) that is one).
A list line given at 10 digits gets its 8-digit line written at 10 % with a note (give the
10-digit code), like the Section 301 lists.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pricing_engine.rules.fields import Confidence, SourceModel
from pricing_engine.rules.model import AdditionalEntry, GoodsUse
from pricing_engine.tariff.table import Problem
from pricing_engine.tariff.us_section232 import checked_rate, flat_text, read_subdivisions

__all__ = ["AIRCRAFT", "END", "NAME", "RATE", "SOURCES", "START", "Section122",
           "read_note2aa", "section122_entries"]

NAME = "Section 122 surcharge"
#: The first and last days of the surcharge (9903.03.02: "before 12:01 a.m. eastern standard
#: time on February 24, 2026"; 150 days, CBP CSMS #67844987).
START = date(2026, 2, 24)
END = date(2026, 7, 23)
#: The rate heading 9903.03.01 states ("The duty provided in the applicable subheading + 10%").
RATE = Decimal("0.10")
SOURCE = "usitc-hts-ch99-note2aa"
SOURCES = (
    SourceModel(id=SOURCE, title="USITC Harmonized Tariff Schedule, Chapter 99, subchapter III "
                "U.S. note 2(aa) and headings 9903.03.01-.11 (Section 122 temporary import "
                "surcharge, Proclamation of 2026-02-20: 10 % from 2026-02-24 for 150 days, "
                "with its exemptions)", url="https://hts.usitc.gov/"),
)
AIRCRAFT: GoodsUse = "civil_aircraft"
VEHICLE_PART: GoodsUse = "vehicle_part"
#: (vi)-(vii): origins exempt where their goods enter free of duty under USMCA.
USMCA = ("CA", "MX")
#: (viii): the CAFTA-DR partners, whose textile and apparel goods (general note 29(d)(v):
#: chapters 50-63 here) entered free of duty under the agreement are exempt.
CAFTA = ("CR", "DO", "GT", "HN", "NI", "SV")
_TEXTILES = tuple(str(c) for c in range(50, 64))

_ITEM = re.compile(r"\((\d{1,2})\)\s*(.+?)\s*\(classifiable\s+in\s+subheading\s+"
                   r"(\d{4})\.(\d{2})\.(\d{2})\)")
#: The opening of each subdivision of note 2(aa) read, and of the next one.
_OPENINGS = {
    "ii": "(ii) As provided in heading 9903.03.03",
    "iii": "(iii) As provided in heading 9903.03.04",
    "iv": "(iv) As provided in heading 9903.03.05",
    "v": "(v) As provided in heading 9903.03.06",
}
_LISTS = {"ii": ("ii", "iii"), "iv": ("iv", "v")}  # the lists of provisions: (ii) and (iv)


@dataclass(frozen=True, slots=True)
class Section122:
    """What note 2(aa) lists: exempt codes (ii), particular articles (iii) as code ->
    description, civil aircraft provisions (iv), the rate of 9903.03.01, problems."""

    exempt: tuple[str, ...]
    articles: dict[str, str]
    aircraft: tuple[str, ...]
    rate: Decimal | None
    problems: tuple[Problem, ...]


def read_note2aa(text: str, name: str) -> Section122:
    """The lists of note 2(aa) of subchapter III in the notes' ``text``: the provisions of
    (ii) and (iv) as :func:`~pricing_engine.tariff.us_section232.read_subdivisions` reads a
    note's lists, the particular articles of (iii) from the text between (iii) and (iv)."""
    missing = [key for key, opening in _OPENINGS.items() if opening not in text]
    if missing:
        problem = Problem(name, 0, "9903.03", "note", "2(aa)",
                          f"U.S. note 2(aa) subdivision(s) {', '.join(missing)} not found: "
                          "no Section 122 lists read")
        return Section122((), {}, (), None, (problem,) if "9903.03.01" in text else ())
    lists = read_subdivisions(
        text, name, {key: (_OPENINGS[a], _OPENINGS[b]) for key, (a, b) in _LISTS.items()},
        lambda key: _OPENINGS[key][-10:])
    problems = list(lists.problems)
    flat = flat_text(text)
    start = flat.find(_OPENINGS["iii"])
    articles = {"".join(m.group(3, 4, 5)): m[2] for m in
                _ITEM.finditer(flat, start, flat.find(_OPENINGS["iv"], start))}
    rate, wrong = checked_rate(text.splitlines(), name, "9903.03.01", RATE, required=True)
    problems += wrong
    exempt, aircraft = (tuple(sorted(set(lists.lists.get(key, ())))) for key in ("ii", "iv"))
    if not articles:
        problems.append(Problem(name, 0, "9903.03.04", "note", "2(aa)(iii)",
                                "no codes read from the list"))
    return Section122(exempt, articles, aircraft, rate, tuple(problems))


def section122_entries(read: Section122, section232: Iterable[AdditionalEntry]
                       ) -> tuple[list[AdditionalEntry], Counter[str]]:
    """The ``Section 122 surcharge`` entries of the lists ``read`` and of the provisions the
    ``section232`` entries (of the same import) put under Section 232 within its days."""
    summary: Counter[str] = Counter()
    whole, used = _section232(section232)
    out = list(_general())
    written: set[str] = set()

    def covered(code: str) -> date | None:
        """The first day within the surcharge's days a Section 232 duty of every use covers
        ``code`` (at it or a shorter provision), else None."""
        days = [whole[code[:n]] for n in range(2, len(code) + 1) if code[:n] in whole]
        return min(days) if days else None

    listed = set(read.exempt)
    for code in sorted(whole.keys() - listed):  # a listed line is exempt all along, below
        out += _exempt_from(code, whole[code], "goods under Section 232 (note 2(aa)(v), "
                            "heading 9903.03.06)")
        written.add(code)
    summary["Section 232 provisions: no surcharge from their duty's day"] = len(whole)
    for code in read.exempt:
        since = covered(code)
        if since is not None and since <= START and code not in whole:
            continue  # under a shorter Section 232 provision all along: its zero answers
        out += _exempt_from(code, START, "listed in note 2(aa)(ii), heading 9903.03.03")
        written.add(code)
    summary["lines exempt by list (ii)"] = len(read.exempt)
    partial: dict[str, list[str]] = {}
    for code in read.exempt:
        if len(code) == 10 and code[:8] not in read.exempt:
            partial.setdefault(code[:8], []).append(code)
    for line, tens in sorted(partial.items()):
        if covered(line) is None:
            named = ", ".join(f"{t[:4]}.{t[4:6]}.{t[6:]}" for t in tens)
            out += _charged(line, f"its lines {named} are exempt (note 2(aa)(ii)): give the "
                            "10-digit code", "medium")
            written.add(line)
    summary["8-digit lines with exempt 10-digit lines of list (ii)"] = len(partial)
    for code, article in sorted(read.articles.items()):
        if covered(code) is None and code not in written:
            out += _charged(code, f"not on {article} (note 2(aa)(iii), heading 9903.03.04): "
                            "not applied, the quote does not describe the article", "medium")
            written.add(code)
    summary["lines with particular articles exempt (iii): charged, noted"] = len(read.articles)
    parts_note = (f"not on goods under Section 232 as vehicle parts (note 2(aa)(v)): give uses: "
                  f"[{VEHICLE_PART}] if the goods are one")
    for code in read.aircraft:
        if covered(code) is None and code not in written:
            note = ("not on civil aircraft, their engines, parts and components meeting general "
                    f"note 6 (note 2(aa)(iv), heading 9903.03.05): give uses: [{AIRCRAFT}]")
            uses: tuple[GoodsUse, ...] = (AIRCRAFT,)
            if used.get(code, END + timedelta(days=1)) <= START:  # a vehicle part all along
                uses, note = (AIRCRAFT, VEHICLE_PART), f"{note}; {parts_note}"
                summary["civil aircraft provisions (iv) also under Section 232 as vehicle "
                        "parts: not charged on goods declared either"] += 1
            out += _charged(code, note, "high", except_for_use=uses)
            written.add(code)
    summary["civil aircraft provisions (iv): not charged on goods declared so"] = \
        len(read.aircraft)
    for code in sorted(used):
        if covered(code) is None and code not in written:
            out += _charged(code, parts_note, "high", except_for_use=(VEHICLE_PART,),
                            since=used[code])
            written.add(code)
    summary["Section 232 vehicle parts provisions: not charged on goods declared so"] = \
        len(used)
    summary["Section 122 entries written"] = len(out)
    return out, summary


def _section232(entries: Iterable[AdditionalEntry]) -> tuple[dict[str, date], dict[str, date]]:
    """Provision -> the first day within the surcharge's days a Section 232 duty applies to
    it for goods of every origin: of every use, and (the second) only for a declared use."""
    whole: dict[str, date] = {}
    used: dict[str, date] = {}
    for entry in entries:
        if not entry.name.startswith("Section 232") or entry.origins is not None:
            continue
        if entry.rate is not None and not entry.rate and entry.specific is None:
            continue  # a zero: no Section 232 duty on those days
        first = max(entry.valid_from or START, START)
        if first > END or (entry.valid_to is not None and entry.valid_to < START):
            continue
        kept = used if entry.only_for_use is not None else whole
        kept[entry.hs] = min(kept.get(entry.hs, first), first)
    return whole, used


def _general() -> list[AdditionalEntry]:
    """The surcharge at ``*``: every origin; CA and MX, and the CAFTA-DR partners' textiles,
    only where no preference applies (their goods entered free under USMCA / CAFTA-DR are
    exempt)."""
    note = "heading 9903.03.01 (note 2(aa)(i))"
    return [
        AdditionalEntry(name=NAME, hs="*", except_origins=USMCA, rate=RATE, valid_from=START,
                        valid_to=END, source=SOURCE, note=note),
        AdditionalEntry(name=NAME, hs="*", origins=USMCA, rate=RATE, valid_from=START,
                        valid_to=END, source=SOURCE, applies_with_preference=False,
                        note=f"{note}; not on goods entered free of duty under USMCA "
                             "(2(aa)(vi)-(vii), 9903.03.07-.08)"),
        *(AdditionalEntry(name=NAME, hs=chapter, origins=CAFTA, rate=RATE, valid_from=START,
                          valid_to=END, source=SOURCE, applies_with_preference=False,
                          confidence="medium",
                          note=f"{note}; not on textile and apparel goods entered free of duty "
                               "under CAFTA-DR (2(aa)(viii), 9903.03.09; general note "
                               "29(d)(v) read as chapters 50-63)")
          for chapter in _TEXTILES),
    ]


def _exempt_from(code: str, since: date, why: str) -> list[AdditionalEntry]:
    """No surcharge on ``code`` from ``since`` (the surcharge before it, within its days)."""
    out = []
    if since > START:
        out += _charged(code, f"{why} from {since}", "high", until=since - timedelta(days=1))
    out.append(AdditionalEntry(name=NAME, hs=code, rate=Decimal(0), valid_from=since,
                               valid_to=END, source=SOURCE, note=f"not charged: {why}"))
    return out


def _charged(code: str, note: str, confidence: Confidence, *,
             except_for_use: tuple[GoodsUse, ...] | None = None, since: date = START,
             until: date = END
             ) -> list[AdditionalEntry]:
    """The surcharge at ``code`` written like the ``*`` entries (CA and MX only where no
    preference applies), with ``note``."""
    out = []
    if since > START:  # before the Section 232 duty began: the surcharge, of every use
        out += _charged(code, note, confidence, until=since - timedelta(days=1))
    use = {} if except_for_use is None else {"except_for_use": except_for_use}
    common = {"name": NAME, "hs": code, "rate": RATE, "valid_from": since, "valid_to": until,
              "source": SOURCE, "confidence": confidence, **use}
    out.append(AdditionalEntry.model_validate({
        **common, "except_origins": USMCA, "note": f"heading 9903.03.01; {note}"}))
    out.append(AdditionalEntry.model_validate({
        **common, "origins": USMCA, "applies_with_preference": False,
        "note": f"heading 9903.03.01; {note}; not on goods entered free of duty under USMCA"}))
    return out
