"""Read the Section 232 metals lists (U.S. note 16 to subchapter III of HTS chapter 99).

From 2026-04-06 (the metals proclamation of April 2026, which terminated headings 9903.80,
9903.81 and 9903.85 of the earlier actions) one note gives every article of aluminium, steel
or copper and every derivative article under Section 232: subdivision (c) lists the HTS
provisions, (i) to (x), and headings 9903.82.02-.26 say what each list pays:

- lists (i)-(v), articles of aluminium, steel and copper and their first derivatives: the
  duty of the line + 50 % (9903.82.02); products of the United Kingdom, lists (i)-(iv): + 25 %
  (9903.82.04);
- lists (vi)-(viii), further derivatives and articles of copper: + 25 % (9903.82.09); UK
  products, lists (vi)-(vii): + 15 % (9903.82.05);
- lists (ix)-(x), derivative articles: the column 1 duty and the additional duty "will total
  15 percent ad valorem" (9903.82.10; 10 % under 9903.82.07 for articles whose metal was at
  least 95 % smelted or melted in the United States, which a quote does not say).

Each list item becomes an :class:`~pricing_engine.rules.model.AdditionalEntry` named
``Section 232 metals`` at the provision the note gives (4, 8 or 10 digits; the longest prefix
wins). The note's layout comes from a PDF's text layer: two lists can share a page, their
labels beside the codes, so a code is not always under its own label. The rates do not care
within a group ((i)-(v), (vi)-(viii)), and the only distinction within one, copper for UK
products, is told by chapter 74 in the first group and by list (viii) (four codes of 8544,
on their own page) in the second.

What a quote cannot tell is said in the entry, never assumed away: outside chapters 72, 73,
74 and 76 the duty is due only where the listed metal is at least 15 % of the article's
weight (9903.82.03); the UK rates need 95 % UK-melted metal. The duty is written (the
dearer case) and the note says when it is not due.

Before 2026-04-06 (the proclamations in :data:`SOURCES`): the articles of steel and
aluminium of the 2018 proclamations (their HS scope) carry their 2018-2026 timeline,
exemptions and quotas by origin as ``except_origins``; derivatives and copper paid on the
value of their metal content (9903.81.89-.93, 9903.85.04-.09, 9903.78.01), which a quote
does not give, and are ``not_covered`` from the day their
duty began (2020-02-08 for nails, stampings and stranded wire, 2025-03-12 for the
derivatives of the 2025 expansion, 2025-08-01 for copper): a quote of those days fails
closed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pricing_engine.rules.fields import Confidence, SourceModel
from pricing_engine.rules.model import AdditionalEntry, GoodsUse
from pricing_engine.tariff.rates import plain
from pricing_engine.tariff.table import Problem

__all__ = ["NAME", "SOURCES", "TRUCKS", "WOOD", "Section232", "checked_rate", "ended_before",
           "excepting", "flat_text", "heading_rate", "heading_row", "heading_rows", "noted",
           "page_head", "read_note16", "read_note37_38", "read_subdivisions", "row_rate",
           "section232_entries", "wood_and_truck_entries"]

NAME = "Section 232 metals"
WOOD = "Section 232 wood"
TRUCKS = "Section 232 trucks"
NOTES_SOURCE = "usitc-hts-ch99-note16"
NOTES_37_38 = "usitc-hts-ch99-notes37-38"
HISTORY_SOURCE = "pp-232-metals"
SOURCES = (
    SourceModel(id=NOTES_SOURCE, title="USITC Harmonized Tariff Schedule, Chapter 99, "
                "subchapter III U.S. note 16 (lists (c)(i)-(x)) and headings 9903.82.02-.26 "
                "(Section 232 aluminium, steel, copper and derivatives from 2026-04-06)",
                url="https://hts.usitc.gov/"),
    SourceModel(id=NOTES_37_38, title="USITC Harmonized Tariff Schedule, Chapter 99, "
                "subchapter III U.S. notes 37 (timber, lumber, upholstered wooden furniture, "
                "kitchen cabinets and vanities: headings 9903.76.01-.23) and 38(b)-(c) "
                "(medium- and heavy-duty vehicles, buses: 9903.74.01-.02), in force from "
                "2025-10-14 (wood, Proclamation 10976 of 2025-09-29) and 2025-11-01 (trucks "
                "and buses, Proclamation 10984 of 2025-10-17)",
                url="https://hts.usitc.gov/"),
    SourceModel(id=HISTORY_SOURCE, title="Section 232 steel and aluminium proclamations: 9704 "
                "and 9705 (2018-03-08), 9739/9740 (exemptions to 2018-05-31), 9894 (CA, MX "
                "2019-05-20), 10328/10356/10406 (EU, JP, UK quotas 2022), 10895 and 10896 "
                "(2025-02-10: exemptions end, aluminium 25 %, derivatives, from 2025-03-12), "
                "10947 (50 %, UK 25 %, from 2025-06-04); copper 9903.78.01 (50 % from "
                "2025-08-01)",
                url="https://www.cbp.gov/trade/programs-administration/entry-summary/"
                    "232-tariffs-aluminum-and-steel"),
)

#: The day the note 16 headings took over (the older 232 headings "are terminated as of
#: April 6, 2026", U.S. note 19 to subchapter III).
START = date(2026, 4, 6)
D = Decimal
_LABEL = re.compile(r"\((i|ii|iii|iv|v|vi|vii|viii|ix|x)\)\s+(Articles of (?:aluminum|steel|"
                    r"copper)|Derivative (?:aluminum|steel) articles):")
_CODE = re.compile(r"(?<![\d.])(\d{4})(?:\.(\d{2})(?:\.(\d{2}|\d{4}))?)?(?![\d.])")
_PAGE = ("Harmonized Tariff Schedule", "Annotated for", "99 - III")  # page heads: no codes
#: The articles of the 2018 proclamations (Proclamation 9705 steel, 9704 aluminium), which
#: carry their 2018-2026 timeline; every other listed code is a derivative.
_STEEL_2018 = (*(str(h) for h in range(7206, 7216)), "721610", "721621", "721622", "721631",
               "721632", "721633", "721640", "721650", "721699",
               *(str(h) for h in range(7217, 7230)), "730110", "730210", "730240", "730290",
               "7304", "7305", "7306")
_ALUMINIUM_2018 = ("7601", "7604", "7605", "7606", "7607", "7608", "7609", "7616995160",
                   "7616995170")
#: The derivatives of Proclamations 9980 (2020-02-08): nails, staples, bumper stampings,
#: stranded wire.
_DERIVATIVES_2020 = ("7317", "870810", "870829", "7614")
_GROUP = {"i": "A", "ii": "A", "iii": "A", "iv": "A", "v": "A",
          "vi": "B", "vii": "B", "viii": "B", "ix": "C", "x": "C"}
#: The chapters whose articles pay whatever their metal's share of the weight (9903.82.03).
_METAL_CHAPTERS = ("72", "73", "74", "76")


@dataclass(frozen=True, slots=True)
class Section232:
    """The note's lists: list number -> the provisions it names (digits only), and the
    problems found."""

    lists: dict[str, tuple[str, ...]]
    problems: tuple[Problem, ...]


def read_note16(text: str, name: str) -> Section232:
    """The lists of note 16(c) of subchapter III (the 2026 metals note) in ``text``."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines)
                  if re.match(r"16\.\s*\(a\)", line.strip())
                  and "9903.82.02" in " ".join(lines[i:i + 2])), None)
    if start is None:  # a problem only where the file names the note's headings
        return Section232({}, (Problem(name, 0, "9903.82", "note", "16(a)",
                                       "U.S. note 16 (headings 9903.82.02-.19) not found: "
                                       "no Section 232 metals lists read"),)
                          if "9903.82.02" in text else ())
    end = next((i for i in range(start, len(lines))
                if re.match(r"\(d\)\s", lines[i].strip())), len(lines))
    found: dict[str, list[str]] = {}
    current: str | None = None
    for i in range(start, end):
        line = lines[i]
        if page_head(line):
            continue
        line = line.split("[Compiler's note", 1)[0].replace("U.S. Notes (con.)", "")
        label = _LABEL.search(line)
        if label is not None:
            if current is not None:  # codes left of a label belong to the list before it
                found[current] += _codes(line[:label.start()])
            current = label[1]
            found.setdefault(current, [])
            line = line[label.end():]
        if current is not None:
            found[current] += _codes(line)
    problems = [Problem(name, start + 1, "9903.82", "list", f"16(c)({k})",
                        "list not found or empty")
                for k in _GROUP if not found.get(k)]
    return Section232({k: tuple(v) for k, v in found.items()}, tuple(problems))


def _codes(text: str) -> list[str]:
    return ["".join(part or "" for part in m.groups()) for m in _CODE.finditer(text)]


@dataclass(frozen=True, slots=True)
class _Span:
    start: date
    rate: Decimal | None  # None, and no top_up_to: not covered
    top_up_to: Decimal | None = None
    origins: tuple[str, ...] | None = None
    except_origins: tuple[str, ...] = ()
    confidence: Confidence = "medium"
    note: str = ""


_EU_JP_GB = "EU, JP and GB quotas from 2022 (GB from 2022-06-01, JP 2022-04-01) read as exempt"
#: The 2018-2026 timeline of the articles of steel (lists (iii)) before note 16: dated spans
#: (origins left out are exempt, or within a quota read as exempt).
_STEEL = (
    _Span(date(2018, 3, 23), D("0.25"), except_origins=("CA", "MX", "EU", "AU", "KR", "BR",
                                                        "AR"),
          note="Proclamation 9705; CA, MX, EU, AU, KR, BR, AR exempt until 2018-05-31"),
    _Span(date(2018, 6, 1), D("0.25"), except_origins=("AU", "KR", "BR", "AR"),
          note="AU exempt; KR, BR, AR by quota (read as exempt); TR 50 % 2018-08-13.."
               "2019-05-20 not written"),
    _Span(date(2019, 5, 20), D("0.25"), except_origins=("AU", "KR", "BR", "AR", "CA", "MX")),
    _Span(date(2022, 1, 1), D("0.25"),
          except_origins=("AU", "KR", "BR", "AR", "CA", "MX", "EU", "JP", "GB"),
          confidence="low", note=_EU_JP_GB),
    _Span(date(2025, 3, 12), D("0.25"), confidence="high",
          note="Proclamation 10896: every exemption and quota ended"),
    _Span(date(2025, 6, 4), D("0.50"), except_origins=("GB",), confidence="high",
          note="Proclamation 10947: 50 %"),
)
_ALUMINIUM = (
    _Span(date(2018, 3, 23), D("0.10"), except_origins=("CA", "MX", "EU", "AU", "KR", "BR",
                                                        "AR"),
          note="Proclamation 9704; CA, MX, EU, AU, KR, BR, AR exempt until 2018-05-31"),
    _Span(date(2018, 6, 1), D("0.10"), except_origins=("AU", "AR"),
          note="AU exempt; AR by quota (read as exempt)"),
    _Span(date(2019, 5, 20), D("0.10"), except_origins=("AU", "AR", "CA", "MX"),
          note="CA 10 % on unwrought non-alloyed aluminium 2020-08-16..2020-09-01 not written"),
    _Span(date(2022, 1, 1), D("0.10"), except_origins=("AU", "AR", "CA", "MX", "EU", "GB"),
          confidence="low", note="EU and GB (2022-06-01) quotas read as exempt"),
    _Span(date(2025, 3, 12), D("0.25"), confidence="high",
          note="Proclamation 10895: 25 %, every exemption and quota ended"),
    _Span(date(2025, 6, 4), D("0.50"), except_origins=("GB",), confidence="high",
          note="Proclamation 10947: 50 %"),
)
_UK_BEFORE = _Span(date(2025, 6, 4), D("0.25"), origins=("GB",), confidence="high",
                   note="Proclamation 10947: UK products stay at 25 %")
_DERIVATIVE = _Span(
    date(2025, 3, 12), None, confidence="high",
    note="derivative article: from 2025-03-12 (the derivatives of 2020, nails and bumper "
         "stampings, earlier; further lists 2025-06-23 and 2025-08-18) until 2026-04-05 the "
         "Section 232 duty was due on the value of the steel or aluminium content "
         "(9903.81.89-.93, 9903.85.04-.09), which a quote does not give, and only for the "
         "lines listed on the day: not encoded, a quote of those days is reviewed")
_COPPER = _Span(
    date(2025, 8, 1), None, confidence="high",
    note="copper: 50 % from 2025-08-01 (9903.78.01) on semi-finished copper, on the copper "
         "content of intensive derivatives, until 2026-04-05; which lines paid on which value "
         "is not in this revision's notes: not encoded, a quote of those days is reviewed")


def section232_entries(read: Section232) -> tuple[list[AdditionalEntry], Counter[str]]:
    """The ``Section 232 metals`` entries of the lists, and counts for the import summary."""
    group_of: dict[str, set[str]] = {}
    in_list: dict[str, set[str]] = {}
    for number, codes in read.lists.items():
        for code in codes:
            group_of.setdefault(code, set()).add(_GROUP[number])
            in_list.setdefault(code, set()).add(number)
    summary: Counter[str] = Counter()
    out: list[AdditionalEntry] = []
    for code in sorted(group_of):
        groups, lists = group_of[code], in_list[code]
        group = min(groups)  # A pays most, then B, then C: the dearer list stands
        summary[f"Section 232 list group {group}: provisions"] += 1
        out += _timeline(code, group, lists, groups)
    summary["Section 232 entries written"] = len(out)
    return out, summary


def _timeline(code: str, group: str, lists: set[str], groups: set[str]) -> list[AdditionalEntry]:
    chapter = code[:2]
    weight = "" if chapter in _METAL_CHAPTERS else (
        "; not due where the listed metal is under 15 % of the article's weight "
        "(9903.82.03): the quote does not say, so it is charged")
    both = f"; also on another list ({', '.join(sorted(groups - {group}))}): the dearer " \
           "list is written" if len(groups) > 1 else ""
    where = f"U.S. note 16(c)({'/'.join(sorted(lists, key=list(_GROUP).index))})"
    uk: list[_Span] = []
    if code.startswith(_STEEL_2018):
        spans, uk = list(_STEEL), [_UK_BEFORE]
    elif code.startswith(_ALUMINIUM_2018):
        spans, uk = list(_ALUMINIUM), [_UK_BEFORE]
    elif chapter == "74" or lists <= {"v", "viii"}:
        spans = [_COPPER]
    elif code.startswith(_DERIVATIVES_2020):
        spans = [_Span(date(2020, 2, 8), None, confidence="high", note=_DERIVATIVE.note)]
    else:
        spans = [_DERIVATIVE]
    if group == "A":
        rate, uk_rate, heading = D("0.50"), D("0.25") if chapter != "74" else None, "9903.82.02"
    elif group == "B":
        rate, heading = D("0.25"), "9903.82.09"
        uk_rate = D("0.15") if "viii" not in lists else None
    else:
        rate, uk_rate, heading = None, None, "9903.82.10"
        both += (": brings the duty to 15 % of the value (10 % under 9903.82.07 for metal at "
                 "least 95 % smelted or melted in the US)")
    now = _Span(START, rate, D("0.15") if rate is None else None,
                except_origins=("GB",) if uk_rate is not None else (),
                confidence="high" if not weight else "medium",
                note=f"{where}, heading {heading}{weight}{both}")
    out = _entries(code, [*spans, now], None)
    if uk_rate is not None:
        uk_note = (f"{where}, heading {'9903.82.04' if group == 'A' else '9903.82.05'}: UK "
                   "products whose metal was at least 95 % melted or smelted in the UK "
                   "(otherwise the rate for every origin applies)" + weight)
        out += _entries(code, [*uk, _Span(START, uk_rate, origins=("GB",),
                                          confidence="medium", note=uk_note)], ("GB",))
    return out


def _entries(code: str, spans: list[_Span], origins: tuple[str, ...] | None
             ) -> list[AdditionalEntry]:
    out = []
    for k, span in enumerate(spans):
        end = spans[k + 1].start - timedelta(days=1) if k + 1 < len(spans) else None
        source = NOTES_SOURCE if span.start >= START else HISTORY_SOURCE
        common = {"name": NAME, "hs": code, "origins": origins, "valid_from": span.start,
                  "valid_to": end, "source": source, "confidence": span.confidence,
                  "note": span.note or None}
        if span.top_up_to is not None:
            out.append(AdditionalEntry(**common, top_up_to=span.top_up_to,
                                       except_origins=span.except_origins))
        elif span.rate is None:  # the reason is the note: not written twice
            out.append(AdditionalEntry(**{**common, "note": None}, not_covered=span.note))
        else:
            out.append(AdditionalEntry(**common, rate=span.rate,
                                       except_origins=span.except_origins))
    return out


#: The days the wood and truck headings took effect (Proclamations 10976 and 10984).
WOOD_START = date(2025, 10, 14)
TRUCKS_START = date(2025, 11, 1)
#: Note 37 and 38 subdivision -> the text that opens it and the one that opens the next.
_SUBDIVISIONS = {
    "37(b)": ("(b) The rates of duty set forth in heading 9903.76.01", "(c) Heading 9903.76.02"),
    "37(d)": ("(d) The rates of duty set forth in headings 9903.76.02", "(e) Except for"),
    "37(f)": ("(f) Except for as provided by 9903.76.04, the rates", "(g) Heading 9903.76.04"),
    "38(b)": ("(b) The rate of duty set forth in heading 9903.74.01", "(c) Heading 9903.74.02"),
    "38(c)": ("(c) Heading 9903.74.02 applies", "(d) Heading 9903.74.03"),
}


def read_note37_38(text: str, name: str) -> Section232:
    """The provisions listed in notes 37(b), (d), (f) (wood) and 38(b), (c) (trucks, buses)."""
    return read_subdivisions(text, name, _SUBDIVISIONS,
                             lambda key: "9903.76.01" if key.startswith("37") else "9903.74.01")


def flat_text(text: str) -> str:
    """The notes' text on one line, whitespace collapsed and page heads left out ("Revision 6
    (2026)" is not a code)."""
    kept = (line for line in text.splitlines() if not page_head(line))
    return " ".join(" ".join(kept).split())


def page_head(line: str) -> bool:
    """Tell whether ``line`` is part of a page head of the notes' text (no codes there)."""
    return any(mark in line for mark in _PAGE)


def heading_rows(lines: list[str]) -> dict[str, list[str]]:
    """Every Chapter 99 heading's row in the notes' tariff, read in one pass: heading -> the
    row's lines, from the first line starting with the heading and a space up to the next
    heading's row (at most 40 lines), as :func:`heading_row` gives one."""
    rows: dict[str, list[str]] = {}
    for i, line in enumerate(lines):
        if line.startswith("9903.") and " " in line:
            key = line.split(" ", 1)[0]
            if key not in rows:
                rows[key] = _row_from(lines, i)
    return rows


def heading_row(lines: list[str], heading: str) -> list[str] | None:
    """The lines of a Chapter 99 heading's row in the notes' tariff (the first line starting
    with the heading and a space, then those up to the next heading's row, at most 40), or
    None where the text has no such row."""
    start = next((i for i, line in enumerate(lines) if line.startswith(heading + " ")), None)
    return None if start is None else _row_from(lines, start)


def _row_from(lines: list[str], start: int) -> list[str]:
    row = [lines[start]]
    for line in lines[start + 1:start + 40]:
        if line.startswith("9903."):  # the next heading's row
            break
        row.append(line)
    return row


def row_rate(row: list[str] | None) -> Decimal | None:
    """The additional ad valorem rate a heading's row (:func:`heading_row`) states in its rate
    columns ("The duty provided in the applicable subheading + 25%"), or None where there is
    no row or it states no such rate. The rows are laid out in columns: the description at
    the left, the rates at the right, split by wide gaps."""
    if row is None:
        return None
    block = " ".join(_rate_columns(line) for line in row)
    found = re.search(r"subheading\s*\+\s*(\d+(?:\.\d+)?)\s*%", " ".join(block.split()))
    return None if found is None else Decimal(found[1]) / 100


def heading_rate(lines: list[str], heading: str) -> Decimal | None:
    """The additional ad valorem rate a Chapter 99 heading's row of the notes' tariff states
    (:func:`row_rate` of :func:`heading_row`), or None."""
    return row_rate(heading_row(lines, heading))


def noted(note: str | None, more: str) -> str:
    """An entry's note with ``more`` after it."""
    return f"{note}; {more}" if note else more


def ended_before(entry: AdditionalEntry, day: date) -> list[AdditionalEntry]:
    """``entry`` ended the day before ``day``; nothing where it begins on or after ``day``
    (what another duty's entries keep of it before that duty began)."""
    if entry.valid_from is not None and entry.valid_from >= day:
        return []
    return [entry.model_copy(update={"valid_to": day - timedelta(days=1)})]


def excepting(entry: AdditionalEntry, use: GoodsUse, day: date, more: str,
              **update: object) -> AdditionalEntry:
    """``entry`` from ``day`` (or its own later start), not charged on goods a line declares
    of ``use`` (beside any use it excepts already), ``more`` after its note; ``update``:
    other fields to change (the origins it is for)."""
    return entry.model_copy(update={
        "valid_from": max(entry.valid_from or day, day),
        "except_for_use": (*(entry.except_for_use or ()), use),
        "note": noted(entry.note, more), **update})


def checked_rate(lines: list[str], name: str, heading: str, rate: Decimal, *,
                 required: bool = False) -> tuple[Decimal | None, tuple[Problem, ...]]:
    """The rate heading ``heading`` states (:func:`heading_rate`) and the problem where it is
    not the ``rate`` a module writes (a new revision to read before it is imported), or,
    ``required``, where the row states none."""
    stated = heading_rate(lines, heading)
    if stated is None:
        return None, ((Problem(name, 0, heading, "rate", "",
                               f"the rate of heading {heading} was not found"),)
                      if required else ())
    if stated == rate:
        return stated, ()
    said, ours = plain(stated * 100), plain(rate * 100)
    return stated, (Problem(name, 0, heading, "rate", f"+ {said}%",
                            f"the notes state {said} %, the module {ours} %: update the "
                            "module's rate (and its dates)"),)


def _rate_columns(line: str) -> str:
    """The rate columns of a row's line: what follows the description (a line indented far
    holds rate columns only)."""
    indent = len(line) - len(line.lstrip())
    parts = re.split(r"\s{10,}", line.strip())
    return " ".join(parts if indent >= 60 else parts[1:])


def read_subdivisions(text: str, name: str, subdivisions: dict[str, tuple[str, str]],
                      heading: Callable[[str], str]) -> Section232:
    """The provisions listed after the colon of each subdivision of ``subdivisions`` (key ->
    the text that opens it and the one that opens the next). A subdivision not found, or
    without a provision, is a problem where the text names ``heading(key)``, the Chapter 99
    heading the list belongs to; a text without it is another revision's."""
    flat = flat_text(text)
    found: dict[str, tuple[str, ...]] = {}
    problems = []
    for key, (opening, closing) in subdivisions.items():
        named = heading(key) in text
        start = flat.find(opening)
        end = flat.find(closing, start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            if named:  # a problem only where the file names the note's headings
                problems.append(Problem(name, 0, heading(key), "note", key,
                                        "subdivision not found: its lines are not written"))
            continue
        body = flat[start + len(opening):end].split(":", 1)[-1]  # the list after its colon
        codes = [c for c in _codes(body) if not c.startswith(("98", "99"))]
        if not codes and named:
            problems.append(Problem(name, 0, heading(key), "list", key, "no provisions read"))
        found[key] = tuple(codes)
    return Section232(found, tuple(problems))


def wood_and_truck_entries(read: Section232, metals: Section232
                           ) -> tuple[list[AdditionalEntry], Counter[str]]:
    """``Section 232 wood`` and ``Section 232 trucks`` entries for the provisions of notes 37
    and 38, and counts. A 10-digit line note 16 lists under a truck provision is not a truck
    (9903.74.05: "not medium- and heavy-duty vehicles"): no truck duty there, the metals duty
    applies."""
    summary: Counter[str] = Counter()
    out: list[AdditionalEntry] = []
    common = {"source": NOTES_37_38}
    for code in read.lists.get("37(b)", ()):
        out.append(AdditionalEntry(
            name=WOOD, hs=code, rate=D("0.10"), valid_from=WOOD_START, **common,
            note="softwood timber and lumber, U.S. note 37(b), heading 9903.76.01 (the "
                 "antidumping and countervailing duties on Canadian softwood are not encoded)"))
        summary["Section 232 wood: timber and lumber provisions"] += 1
    for key, what, heading in (("37(d)", "upholstered wooden furniture", "9903.76.02"),
                               ("37(f)", "kitchen cabinets and vanities, wooden",
                                "9903.76.03")):
        scope = "" if key == "37(d)" else (
            "; not due on cabinets and vanities other than wooden ones (9903.76.04)")
        where = f"{what}, U.S. note {key}"
        for code in read.lists.get(key, ()):
            summary[f"Section 232 wood: {what} provisions"] += 1
            out += [
                AdditionalEntry(name=WOOD, hs=code, rate=D("0.25"), valid_from=WOOD_START,
                                except_origins=("GB", "EU", "JP", "KR"),
                                confidence="medium" if scope else "high", **common,
                                note=f"{where}, heading {heading}{scope}; 30 % / 50 % "
                                     "announced for 2026-01-01 and put off to 2027-01-01 "
                                     "are not written"),
                AdditionalEntry(name=WOOD, hs=code, rate=D("0.10"), valid_from=WOOD_START,
                                origins=("GB",), confidence="medium", **common,
                                note=f"{where}, heading 9903.76.20 (UK){scope}"),
                AdditionalEntry(name=WOOD, hs=code, top_up_to=D("0.15"), valid_from=WOOD_START,
                                origins=("EU", "JP", "KR"), confidence="medium", **common,
                                note=f"{where}, headings 9903.76.21-.23: 15 % in lieu of the "
                                     f"line's duty for the EU, Japan and Korea (KORUS goods "
                                     f"excepted for Korea){scope}")]
    metals_codes = {c for codes in metals.lists.values() for c in codes}
    for key, rate, heading, what in (("38(b)", D("0.25"), "9903.74.01",
                                      "medium- and heavy-duty vehicles"),
                                     ("38(c)", D("0.10"), "9903.74.02", "buses")):
        note = (f"{what}, U.S. note {key}, heading {heading}; USMCA vehicles approved by "
                "Commerce pay on their non-US content only (9903.74.03), not written: the full "
                "value is charged")
        for code in read.lists.get(key, ()):
            summary[f"Section 232 trucks: {what} provisions"] += 1
            out.append(AdditionalEntry(name=TRUCKS, hs=code, rate=rate,
                                       valid_from=TRUCKS_START, **common, note=note))
            for line in sorted(c for c in metals_codes if c.startswith(code) and c != code):
                out.append(AdditionalEntry(
                    name=TRUCKS, hs=line, rate=D("0"), valid_from=TRUCKS_START, **common,
                    note=f"listed in U.S. note 16 under {what} provision {code}: not a "
                         "medium- or heavy-duty vehicle (9903.74.05); the metals duty applies"))
                summary["Section 232 trucks: lines left to the metals lists"] += 1
    return out, summary
