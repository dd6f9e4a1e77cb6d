"""The agreement rates of the Korea Customs Service's tariff tables, as preferential entries.

Used by bench/regen_kcs_tariff.py, and by bench/regen_cn_tariff.py for the agreement column of
China's tariff (its own :class:`Column` list, its cells written as the texts read here). Each
KCS workbook gives, beside the country's MFN duty, the rates of the agreements that country
applies to Korean goods (and a few more): the columns read are :data:`COLUMNS`, each with the
agreement a quote claims and the origins it is for. They are kept, code by code and as written,
in ``bench/data/XX_kcs_tariff_2025.preferences.tsv`` (``CODE`` then one column per heading).

What a cell says of a line (:func:`read_cell`):

- free: ``Free``, ``Exempted``, ``0%`` (and, in Australia's table, an empty cell: its RCEP
  column lists only the lines of Schedule 14 and of the excise-equivalent duties);
- a rate: ``N%`` (Thailand: also baht per litre, kilogram or metre, read as its MFN column;
  the Philippines' ATIGA column: ``N% - All.``, every member's rate; ``N% - Except VN.``
  or ``N% - Except ID, MY and BN.``, the rate of every member but those named, who get the
  MFN duty, the most they can pay; ``N% - Only for TH and SG.``, the rate of those named);
  Australia's staged rates as its tariff writes them, ``4% From 1 January 2024: 3% From 1
  January 2026: Free`` (the first rate until the first date) or ``5% - From 12 December 2014
  4% - From 1 January 2017 ...`` (each rate from its date), dated stage by stage;
- a tariff quota: ``In : 0% Out : 50%`` (AKFTA) or ``In: 15.00% Out: 20.00%`` (RCEP), the
  in-quota rate with the one beyond it (``out_of_quota``: the quote line declares which);
- no rate (``N.O.``, ``N.A.``, ``-``, ``미양허`` "not conceded", the Philippine ATIGA
  column's ``GE`` general exclusion, an empty cell): the agreement grants the line nothing, so
  the MFN duty;
- anything else (rates by kind of goods within the line, "or, if lower",
  Colombia's Andean price band, excise-equivalent amounts, which Australia indexes twice a
  year): not read, so the MFN duty, never cheaper than the table says.

Japan's table (April 2025) gives only agreement columns: its EPAs, the CPTPP, the EU and UK
agreements, RCEP's three schedules and the US-Japan Trade Agreement (:data:`COLUMNS`), matched
with the MFN duties of its own schedule; they are in force from 2025-04-01.

Entries (:func:`preferences`): per agreement an ``hs: "*"`` zero (unless the country's curated
file gives one: Australia's KAFTA and RCEP, Japan's EU and UK agreements; the US-Japan Trade
Agreement lists the lines it covers and gets none), then the lines it does not free. Lines
under a curated prefix of the agreement are left to it where it serves the column's origins,
and charged the MFN duty where it serves others only. Where the table
writes one six-digit MFN entry for a subheading and the agreement's lines agree, one six-digit
entry; where they differ, the six-digit code gets the MFN duty (a six-digit claim is not
granted what only some lines have) and every line its own entry. A line whose MFN duty is not
priced is left out: its lookup fails closed before any claim is looked at. A line
whose agreement rate is not read gets the MFN duty as the table writes it (both sides of a
tariff-quota line). Everything is in
force from 2025-06-13, the day KCS saved the workbooks; a stage dated earlier starts then.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from pricing_engine.rules.model import MfnEntry, PreferentialEntry

AS_OF = date(2025, 6, 13)  # the day KCS saved the 2025 workbooks

ASEAN = ("BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN")
#: The RCEP parties whose goods Australia's common schedule serves (as rules/countries/AU.yaml
#: has them in force by 2023-06-02; Myanmar left out there too).
RCEP_AU = ("BN", "CN", "ID", "JP", "KH", "KR", "LA", "MY", "NZ", "PH", "SG", "TH", "VN")


@dataclass(frozen=True)
class Column:
    """One agreement column of a KCS workbook."""

    heading: str
    agreement: str  # the name a quote claims
    origins: tuple[str, ...]
    #: False: the column lists the lines the agreement covers and leaves the rest empty (no
    #: ``hs: "*"`` zero; an empty or unread cell writes nothing, so the MFN duty)
    free_default: bool = True
    #: who gives the rates, as the entries' notes name it
    by: str = "KCS"


#: Per country, the agreement columns read. Thailand and Malaysia schedule RCEP and AKFTA
#: rates by partner (or may): their columns, compiled for Korean exporters, serve KR only.
COLUMNS: dict[str, tuple[Column, ...]] = {
    "AU": (Column("대한민국 협정세율", "KAFTA", ("KR",)), Column("RCEP", "RCEP", RCEP_AU)),
    "CO": (Column("콜롬비아-대한민국 협정세율", "Colombia-Korea FTA", ("KR",)),),
    "MY": (Column("ATIGA", "ATIGA", tuple(c for c in ASEAN if c != "MY")),
           Column("AKFTA", "AKFTA", ("KR",)), Column("RCEP", "RCEP", ("KR",))),
    "PE": (Column("페루-대한민국 협정세율", "Peru-Korea FTA", ("KR",)),),
    "TH": (Column("아세안-한국 협정세율", "AKFTA", ("KR",)), Column("RECP", "RCEP", ("KR",))),
    "MX": (),  # its table gives the MFN duty only
    "IN": (Column("인도-대한민국 협정세율", "Korea-India CEPA", ("KR",)),),
    "PH": (Column("한-아세안 무역협정 AKFTA", "AKFTA", ("KR",)),
           Column("아세안 무역협정 ATIGA", "ATIGA", tuple(c for c in ASEAN if c != "PH")),
           Column("RCEP 협정세율 RCEP KOREA", "RCEP", ("KR",)),
           Column("Korea-Philippines FTA", "Korea-Philippines FTA", ("KR",))),
}
JP_CPTPP = ("AU", "BN", "CA", "CL", "GB", "MX", "MY", "NZ", "PE", "SG", "VN")
#: Japan's columns: its EPAs partner by partner, the CPTPP, RCEP's three schedules (ASEAN,
#: Australia and New Zealand; China; Korea) and the US-Japan Trade Agreement, which covers only
#: the lines it lists. The GSP and LDC columns (특혜세율, LDC) are not read.
COLUMNS["JP"] = (
    Column("아세안", "AJCEP", ASEAN),
    Column("싱가폴", "Japan-Singapore EPA", ("SG",)),
    Column("멕시코", "Japan-Mexico EPA", ("MX",)),
    Column("말레이시아", "Japan-Malaysia EPA", ("MY",)),
    Column("칠레", "Japan-Chile EPA", ("CL",)),
    Column("태국", "Japan-Thailand EPA", ("TH",)),
    Column("인도네시아", "Japan-Indonesia EPA", ("ID",)),
    Column("브루나이", "Japan-Brunei EPA", ("BN",)),
    Column("필리핀", "Japan-Philippines EPA", ("PH",)),
    Column("스위스", "Japan-Switzerland EPA", ("CH",)),
    Column("베트남", "Japan-Viet Nam EPA", ("VN",)),
    Column("인도", "Japan-India CEPA", ("IN",)),
    Column("페루", "Japan-Peru EPA", ("PE",)),
    Column("호주", "JAEPA", ("AU",)),
    Column("몽골", "Japan-Mongolia EPA", ("MN",)),
    Column("TPP11(CPTPP) 환태평양경제동반자협정", "CPTPP", JP_CPTPP),
    Column("유럽연합", "EU-Japan EPA", ("EU",)),
    Column("영국", "UK-Japan CEPA", ("GB",)),
    Column("RCEP아세안호주뉴질랜드", "RCEP",
           ("AU", "BN", "ID", "KH", "LA", "MY", "NZ", "PH", "SG", "TH", "VN")),
    Column("RCEP중국", "RCEP", ("CN",)),
    Column("RCEP대한민국", "RCEP", ("KR",)),
    Column("USJTA 미일 무역협정", "USJTA", ("US",), free_default=False),
)
#: Tables too large for one rule file (its bound on YAML nodes): per country, each table's
#: name part and the columns it holds (Japan: its EPAs, then the CPTPP, EU, UK, RCEP and USJTA).
PARTS: dict[str, tuple[tuple[str, range], ...]] = {
    "JP": (("kcs", range(0, 15)), ("kcs2", range(15, 22))),
}
#: A curated preferential entry: (agreement, HS prefix, origins).
Curated = tuple[str, str, frozenset[str]]

FREE_TEXTS = frozenset({"Free", "Exempted", "Free%"})
#: ``미양허`` (not conceded) and the Philippine ATIGA column's ``GE - (General Exclusion - 양허
#: 제외)`` say the agreement grants the line nothing
NO_RATE_TEXTS = frozenset({"", "N.O.", "N.A.", "-", "미양허",
                           "GE - (General Exclusion - 양허 제외)"})
#: A text a reader writes for a cell whose rate it cannot know (China's: part of the cell lost
#: by the parse; a tariff-quota line): ``not read: <why>``. A claim pays the MFN duty of the
#: day, the quote saying why (an ``excluded`` entry), as where the agreement gives no rate.
UNKNOWN = "not read: "
RATE = r"(Free|\d+(?:\.\d+)?%)"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
DAY = r"From (\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})"
#: A tariff-quota cell, ``In : 0% Out : 50%`` (AKFTA) or ``In: 15.00% Out: 20.00%`` (RCEP).
QUOTA = re.compile(r"In ?: ?(\d+(?:\.\d+)?) ?% Out ?: ?(\d+(?:\.\d+)?) ?%")
#: ``5% - From 12 December 2014 4% - From 1 January 2017 ...``: each rate from its date.
EACH_FROM = re.compile(r"(?:" + RATE + " - " + DAY + r" ?)+")
#: ``4% From 1 January 2024: 3% ...`` or ``From 1 January 2022: 4% From ...``.
THEN_FROM = re.compile(RATE + r"?(?: ?" + DAY + r":? " + RATE + r")*\.?")
#: The Philippine ATIGA column's ``5% - Except ID, MY and BN.`` / ``0% - Only for TH and SG.``
MEMBERS = re.compile(r"(?P<rate>\d+(?:\.\d+)?)% - (?P<how>Except|Only for) "
                     r"(?P<list>[A-Z]{2}(?:(?:, | and )[A-Z]{2})*)\.")

#: An entry's duty fields and dates: ((valid_from, valid_to, ((name, value), ...)), ...).
Stage = tuple[date, date | None, tuple[tuple[str, object], ...]]
Stages = tuple[Stage, ...]


def free(as_of: date) -> Stages:
    """Free from ``as_of`` on."""
    return ((as_of, None, (("rate", Decimal(0)),)),)


def preferences_tsv(lines: Path) -> Path:
    """Where the agreement texts of the lines kept in ``lines`` are kept."""
    return lines.with_suffix(".preferences.tsv")


def keep_row(kept: dict[str, tuple[str, ...]], country: str, code: str,
             cells: Mapping[str, str]) -> None:
    """Keep a workbook row's agreement texts (``cells`` by heading, already cleaned) under
    ``code``. A code given again (Japan's seasonal banana rows) keeps, per column, both texts
    where they differ, joined by " / " (not read: the MFN duty)."""
    texts = tuple(cells.get(c.heading, "") for c in COLUMNS[country])
    before = kept.get(code)
    if before is not None:
        texts = tuple(a if a == b else f"{a} / {b}" for a, b in zip(before, texts, strict=True))
    kept[code] = texts


def tsv_rows(kept: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The kept rows as TSV lines, in the workbook's order."""
    return ["\t".join((code, *texts)) for code, texts in kept.items()]


def read_tsv(path: Path, country: str) -> dict[str, tuple[str, ...]]:
    """code -> the agreement texts of each column; a row of another shape stops the script
    naming the file and line."""
    if not path.exists():
        raise SystemExit(f"{path}: not found (rewrite it with --from-xlsx)")
    width = 1 + len(COLUMNS[country])
    out: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != width or not parts[0].isdigit() or parts[0] in out:
            raise SystemExit(f"{path}:{number}: not CODE and {width - 1} agreement texts, or "
                             f"a code given twice: {line!r}")
        out[parts[0]] = tuple(p.strip() for p in parts[1:])
    return out


def _rate(text: str) -> Decimal:
    return Decimal(0) if text == "Free" else Decimal(text[:-1]) / 100


def _day(day: str, month: str, year: str) -> date:
    return date(int(year), MONTHS.index(month) + 1, int(day))


def staged(text: str) -> list[tuple[date | None, Decimal]] | None:
    """Australia's staged rate text as (from, rate) stages (None: before the first date), or
    None when it is not one."""
    if EACH_FROM.fullmatch(text):
        return [(_day(d, m, y), _rate(r))
                for r, d, m, y in re.findall(RATE + " - " + DAY, text)]
    found = THEN_FROM.fullmatch(text)
    if found is None or not text:
        return None
    lead = [(None, _rate(found[1]))] if found[1] else []
    return lead + [(_day(d, m, y), _rate(r))
                   for d, m, y, r in re.findall(DAY + r":? " + RATE, text)]


def dated(stages: Sequence[tuple[date | None, Decimal]], as_of: date = AS_OF) -> Stages:
    """The stages in force on or after ``as_of``, each from its date (not before)."""
    out: list[Stage] = []
    for i, (start, rate) in enumerate(stages):
        following = stages[i + 1][0] if i + 1 < len(stages) else None
        end = following - timedelta(days=1) if following is not None else None
        if end is not None and end < as_of:
            continue
        out.append((max(start or as_of, as_of), end, (("rate", rate),)))
    return tuple(out)


@dataclass(frozen=True)
class Cell:
    """What one column gives one line: ``free``, ``own`` (its stages), ``none`` (no rate:
    the MFN duty) or ``unread`` (a text not read: the MFN duty). ``members``: the origins a
    ``free`` or ``own`` rate is for, where the text names some of the column's (None: all of
    them); the column's other origins get the MFN duty."""

    kind: str
    stages: Stages = ()
    text: str = ""
    members: frozenset[str] | None = None
    #: what the column's other origins pay where ``members`` is set: the line's MFN duty
    others: Stages = ()


def read_cell(country: str, text: str, read_mfn_text: Callable[[str], MfnEntry | None],
              as_of: date = AS_OF, origins: Sequence[str] = ()) -> Cell:
    """Read one agreement cell of a column for ``origins``. ``read_mfn_text`` reads a text as
    the MFN column's grammar (None: not a single priced duty). Japan's bracketed rates (an
    agreement rate the MFN duty undercuts) are read as the rate. A Philippine rate that names
    members no origin of the column has, or leaves none, is not read."""
    if country == "JP":
        text = re.sub(r"^\((Free|\d+(?:\.\d+)?%)\)$", r"\1", text)
    if country == "PH":  # ATIGA: "0% - All." (every member), "- Except VN.", "- Only for TH."
        named = MEMBERS.fullmatch(text)
        if named is not None:
            rate = Decimal(named["rate"]) / 100
            listed = frozenset(re.split(r", | and ", named["list"]))
            members = frozenset(origins) - listed if named["how"] == "Except" else listed
            if not listed <= frozenset(origins) or not members:
                return Cell("unread", text=text)
            stages = ((as_of, None, (("rate", rate),)),)
            return Cell("free" if rate == 0 else "own", stages, text,
                        None if members == frozenset(origins) else members)
        text = re.sub(r"^(\d+(?:\.\d+)?%) - All\.$", r"\1", text)
    if country == "IN":  # "5.00% - All Goods": the rate for every good of the line
        text = re.sub(r"^(\d+(?:\.\d+)?%) - All [Gg]oods$", r"\1", text)
    if text in FREE_TEXTS or (country == "AU" and not text):
        return Cell("free")
    if text in NO_RATE_TEXTS or text.startswith(UNKNOWN):
        return Cell("none", text=text)
    quota = QUOTA.fullmatch(text)
    if quota:  # a tariff quota: the in-quota rate, and the one beyond it
        inside, beyond = (Decimal(rate) / 100 for rate in quota.groups())
        return Cell("own", ((as_of, None, (("out_of_quota", {"rate": beyond}),
                                           ("rate", inside))),), text)
    found = re.fullmatch(r"(\d+(?:\.\d+)?) ?%", text)
    if found:
        rate = Decimal(found[1]) / 100
        return Cell("free") if rate == 0 else Cell("own", ((as_of, None, (("rate", rate),)),),
                                                    text)
    if country == "AU":
        stages = staged(text)
        if stages is None:
            return Cell("unread", text=text)
        out = dated(stages, as_of)
        return Cell("free") if out == free(as_of) else Cell("own", out, text)
    entry = read_mfn_text(text)
    if entry is None:
        return Cell("unread", text=text)
    return Cell("own", ((as_of, None, terms(entry)),), text)


def terms(entry: MfnEntry) -> tuple[tuple[str, object], ...]:
    """What an MFN entry charges, as a preferential entry's duty fields (no dates)."""
    return tuple(sorted(entry.model_dump(
        exclude_unset=True, exclude={"hs", "note", "not_covered", "confidence", "valid_from",
                                     "valid_to", "split", "source"}).items()))


def mfn_stages(entries: Sequence[MfnEntry], as_of: date = AS_OF) -> Stages:
    """An MFN line's entries from ``as_of`` on as stages (the preference charging what MFN
    charges); a ``not_covered`` entry gives a stage not covered either (on days the line's
    MFN duty is not read, neither is what charges it)."""
    return tuple((max(e.valid_from or as_of, as_of), e.valid_to,
                  terms(e) if e.not_covered is None else (("not_covered", e.not_covered),))
                 for e in entries if e.valid_to is None or e.valid_to >= as_of)


def six_digit(entries: Iterable[MfnEntry]) -> dict[str, list[MfnEntry]]:
    """The six-digit entries of a table's MFN entries (``by_subheading``'s), by subheading:
    what :func:`preferences` takes as ``six``."""
    out: dict[str, list[MfnEntry]] = {}
    for e in entries:
        if len(e.hs) == 6:
            out.setdefault(e.hs, []).append(e)
    return out


def curated_entries(doc: Mapping[str, Any]) -> list[Curated]:
    """The preferential entries of a curated country (or union) file, as read."""
    return [(str(e["agreement"]), str(e["hs"]), frozenset(e["origins"]))
            for e in ((doc.get("duty") or {}).get("preferential") or ())]


def preferences(country: str, texts: Mapping[str, tuple[str, ...]],
                lines: Mapping[str, Sequence[MfnEntry]], six: Mapping[str, Sequence[MfnEntry]],
                read_mfn_text: Callable[[str], MfnEntry | None], *, as_of: date = AS_OF,
                curated: Sequence[Curated] = (), columns: range | None = None,
                table: Sequence[Column] | None = None,
                ) -> tuple[list[PreferentialEntry], Counter[str]]:
    """The preferential entries of ``country`` and counts of what its columns gave.

    ``texts``: each line's agreement texts (:func:`read_tsv`); ``lines``: the MFN entries of
    each line the table prices (code -> its dated entries; a line whose MFN is not priced is
    left out); ``six``: the six-digit MFN entries the table writes (subheading -> entries);
    ``curated``: the country's curated preferential entries. An agreement whose curated
    ``hs: "*"`` entries serve all of a column's origins gets no zero of its own, and the lines
    under a curated prefix of the same agreement and an origin of the column are left to it.
    ``columns``: which of the country's columns to read (default: all); ``table``: the
    columns themselves where they are not :data:`COLUMNS` (China's agreement codes).
    """
    counts: Counter[str] = Counter()
    out: list[PreferentialEntry] = []
    zero = free(as_of)
    for i, column in enumerate(COLUMNS[country] if table is None else table):
        if columns is not None and i not in columns:
            continue
        served = set(column.origins)
        mine = [(hs, origins) for agreement, hs, origins in curated
                if agreement == column.agreement]
        starred = set().union(*(o for hs, o in mine if hs == "*" and o & served))
        left = tuple(hs for hs, o in mine if hs != "*" and o & served)
        # a curated prefix of the agreement for other origins says what it gives there: not
        # these origins (the MFN duty, not the table's text)
        others = tuple(hs for hs, o in mine if hs != "*" and not o & served)
        # (hs, kind, stages, text, origins): origins None for all of the column's
        rows: list[tuple[str, str, Stages, str, frozenset[str] | None]] = []
        if column.free_default and not starred >= set(column.origins):
            rows.append(("*", "any", zero, "", None))
        by_sub: dict[str, list[tuple[str, Cell]]] = {}
        per_sub = Counter(c[:6] for c in lines if not c.startswith(left))
        for code, given in sorted(texts.items()):
            mfn = lines.get(code)
            if not mfn or all(e.not_covered is not None for e in mfn) \
                    or code.startswith(left):
                continue
            cell = read_cell(country, given[i], read_mfn_text, as_of, column.origins)
            if code.startswith(others):
                cell = Cell("curated", text=given[i])
            elif cell.members is not None:  # the rate of some members, the MFN duty of the rest
                stages = mfn_stages(mfn, as_of)
                cell = replace(cell, members=None) if stages in (zero, cell.stages) else \
                    replace(cell, others=stages)
            counts[cell.kind] += 1
            if cell.members is not None:
                counts["rates of some members (the others: the MFN duty)"] += 1
            if not column.free_default:
                if cell.kind in ("none", "unread", "curated"):
                    continue  # no entry: no preference, the MFN duty
                cell = Cell("own", zero, "Free") if cell.kind == "free" else cell
            elif cell.kind in ("none", "unread", "curated"):
                stages = mfn_stages(mfn, as_of)
                if stages == zero:
                    cell = Cell("free")
                elif cell.kind == "none":  # the agreement grants the line nothing
                    cell = Cell("none", excluded(column, cell.text, as_of), cell.text)
                else:
                    cell = Cell(cell.kind, stages, cell.text)
            by_sub.setdefault(code[:6], []).append((code, cell))
        for sub, items in by_sub.items():
            alike = len({(c.kind, repr(c.stages), c.members, repr(c.others))
                         for _, c in items}) == 1 and \
                (column.free_default or len(items) == per_sub[sub])
            if sub in six and alike:
                items = [(sub, items[0][1])]
            elif sub in six:
                counts["subheadings whose lines differ"] += 1
                rows.append((sub, "split", mfn_stages(six[sub], as_of), "", None))
                items = [(code, replace(c, kind="own", stages=zero, text=c.text or "Free")
                          if c.kind == "free" else c) for code, c in items]
            for code, c in items:
                if c.members is not None:  # the others' MFN duty (the "*" zero is for all)
                    if c.kind != "free":
                        rows.append((code, "members", c.stages, c.text, c.members))
                    rows.append((code, "others", c.others, c.text,
                                 frozenset(column.origins) - c.members))
                elif c.kind != "free":
                    rows.append((code, c.kind, c.stages, c.text, None))
        for hs, kind, stages, text, origins in rows:
            for start, end, fields in stages:
                out.append(PreferentialEntry.model_validate({
                    **dict(fields), "agreement": column.agreement,
                    "origins": [o for o in column.origins if origins is None or o in origins],
                    "hs": hs, "valid_from": start,
                    **({"valid_to": end} if end else {}),
                    **({"note": n} if (n := _note(kind, column, text, len(stages))) else {})}))
    return out, counts


def excluded(column: Column, text: str, as_of: date = AS_OF) -> Stages:
    """The one stage of a line an agreement's column gives no rate: an ``excluded`` entry
    (a claim pays the MFN duty, whatever it is on the day, and the quote says why)."""
    said = " ".join(text.replace('"', "'").split())
    if said.startswith(UNKNOWN):
        why = f"{column.by}'s {column.agreement} rate for this line is {said}: the MFN duty"
    else:
        why = (f"{column.by}'s table gives no {column.agreement} rate for this line"
               + (f" ('{said}')" if said else ""))
    return ((as_of, None, (("excluded", why),)),)


def _note(kind: str, column: Column, text: str, stages: int) -> str | None:
    """The note of an entry of ``kind`` (a :class:`Cell` kind, ``split`` or ``any``)."""
    said = " ".join(text.replace('"', "'").split())
    said = said if len(said) <= 160 else said[:157] + "..."
    if kind == "any":
        return f"{column.by} {column.heading}: free unless an entry for the line says otherwise"
    if kind == "none":
        return None  # its ``excluded`` says why
    if kind == "curated":
        return (f"the curated rules give {column.agreement} here for other origins only "
                f"({column.by}: '{said}'): the MFN duty")
    if kind == "unread":
        return f"{column.by}'s {column.agreement} rate '{said}' is not read: the MFN duty"
    if kind == "members":
        return f"{column.by} {column.agreement}: '{said}'"
    if kind == "others":
        return (f"{column.by} {column.agreement}: '{said}': not these members' rate, the MFN "
                "duty")
    if kind == "split":
        return (f"{column.by}'s {column.agreement} rates differ between the lines of this "
                "subheading: give the national line (meanwhile the MFN duty)")
    return f"{column.by} {column.agreement}: '{said}'" if stages > 1 else None
