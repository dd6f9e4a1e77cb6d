"""Write rules/tariffs/CA.yaml from the Customs Tariff of the Canada Border Services Agency.

Run from the repository root: ``python bench/regen_ca_tariff.py LINES [--check JSON] [--out DIR]``.

``LINES`` is CBSA's Customs Tariff (T2026) as CBSA distributes it in Microsoft Access format
(the ``TPHS`` table: one row per tariff item and statistical suffix, with its Most-Favoured-
Nation rate text), in either of two forms:

- the CSV export of that table kept in github.com/SAIL-Engineering/tariff-rate-tracker @
  ac5225f, ``data/ca_tariff_source/ca_tariff_2026_rev_3.csv`` (``mdb-export`` of ``TPHS``:
  ``TARIFF,EFF_DATE,CHANGE,SUB_CHAP,DESC1,DESC2,DESC3,FOOTNOTE,UOM,MFN,...``; its eight-digit
  tariff items are in effect from 2026-09-01), of which ``bench/data/CA_cbsa_T2026_rev_3.csv``
  is a copy (the shipped table is written from it: ``python bench/regen_ca_tariff.py
  bench/data/CA_cbsa_T2026_rev_3.csv``);
- an extract of its eight-digit tariff items, one a line: ``DDDD.DD.DD<TAB>MFN text``.

How a rate is read: the MFN text as CBSA prints it (``Free``, ``6.5 %``, ``2.5 ¢/kg``,
``238 % but not less than $2.91/kg``, ``11.93 ¢/kg plus 8.5 %``, ``5 % but not less than
4.74 ¢/kg or more than 9.48 ¢/kg``), ``$`` and ``¢`` being Canadian
(:func:`pricing_engine.tariff.rates.parse_rate` with ``dollar="CAD"``, after :func:`normal`).
A text the grammar does not read is written ``not_covered`` with the text, so a lookup there
fails closed.

Which lines are written: every tariff item of chapters 1-97 (chapters 98 and 99 are special
classification provisions, not goods); lines under one six-digit subheading that all charge
alike become one entry at six digits, otherwise each eight-digit item is written and a
six-digit lookup names them. The curated rules/countries/CA.yaml keeps its surtaxes and its
CUSMA and CETA zero for every code (``hs: "*"``, from their entry into force); its
hand-compiled MFN headings end 2026-08-31.

Preferences: CBSA's preferential tariff columns of each item (:data:`COLUMNS`: UST and MXT
for CUSMA, CEUT for CETA, CPTPT and CPUKT for the CPTPP, UKT, KRT, CIAT, CT, CRT, the
Canada-EFTA columns IT, NT and SLT, PT, COLT, JT, PAT, HNT, UAT), read from the CSV export
itself or, with ``--preferences EXTRACT``, from an extract of its tariff item rows
(``DDDD.DD.DD|`` and the row from its MFN field on). Each agreement not curated gets a zero
for every code from the revision's date; an item a column does not free gets an entry at
the column's rate, an ``excluded`` entry where the cell is empty (the agreement grants the
item nothing: the over-access-commitment items of supply-managed goods; a claim pays the
MFN rate and the quote says why), or the MFN rate where its text is not read. A
preference rate staged to fall on a later 1 January is the one of this revision.

General Tariff: from the CSV export itself, each item's ``General Tariff`` cell (its own row,
or the statistical row ``DDDD.DD.DD.00`` that stands for it) is written, read as the MFN
text is, as the ``withheld`` lines of ``rules/tariffs/CA.general_tariff.yaml``: the rates
of goods of the countries denied the Most-Favoured-Nation Tariff (North Korea; Russia and
Belarus since 2022-03-02), which countries/CA.yaml's ``mfn_withheld`` entries name. An
item whose cell is empty or ``N/A`` or not read is written ``not_covered``.

Before the earlier revision: where every item agrees with it, the items the Korea Customs
Service's 2025 table of Canada's tariff (saved 2025-06-13; its MFN column kept in
``bench/data/CA_kcs_tariff_2025.tsv``, CBSA's wording copied) gives the same text (or, for
an item it splits or merges, the same plain ad valorem rate) are dated from 2025-06-13, and
every other item, and each item only that table has, is ``not_covered`` from that day to
the day before the revision (bench/kcs_dated_back.py). The
preferences are not dated back (countries/CA.yaml's curated agreement zeros answer before).

``--check JSON``: compare every item with a second, independent reading of CBSA's tariff, the
``tariff.json`` of github.com/fahadhg/resilience-hq @ 39e010a (built from CBSA's T2026 Access
file in April 2026; its ``m`` is the MFN text's first percentage, or 0 where there is none or
the text is ``Free``), and print each item where the two disagree.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import refuse_codes_twice, write_national_table  # noqa: E402
from kcs_dated_back import KCS_DAY, date_back, kcs_source, read_kcs_mfn  # noqa: E402

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import (  # noqa: E402
    MfnEntry,
    PreferentialEntry,
    TariffFile,
    TariffImport,
)
from pricing_engine.tariff.carry_back import carry_back_preferences  # noqa: E402
from pricing_engine.tariff.rates import Unparsed, parse_rate  # noqa: E402
from pricing_engine.tariff.table import by_subheading, entry, write_table  # noqa: E402

#: The revision's effective date (the EFF_DATE of its tariff items, 09/01/26).
AS_OF = date(2026, 9, 1)
ITEM = re.compile(r"^(\d{4})\.(\d{2})\.(\d{2})$")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
SOURCE = SourceModel(
    id="cbsa-t2026",
    title="Canada Border Services Agency: Customs Tariff T2026 (Microsoft Access distribution, "
          "table TPHS: each tariff item's Most-Favoured-Nation and preferential tariff rates), "
          "revision in effect 2026-09-01",
    url="https://www.cbsa-asfc.gc.ca/trade-commerce/tariff-tarif/menu-eng.html",
    accessed=date(2026, 12, 2),
    note="read from the mdb-export of TPHS kept in github.com/SAIL-Engineering/tariff-rate-"
         "tracker @ ac5225f (data/ca_tariff_source/ca_tariff_2026_rev_3.csv), which could be "
         "read but not downloaded here: the MFN text of each eight-digit tariff item was "
         "copied out and checked against a second reading of the T2026 file; its rows "
         "were copied out again from the MFN field on (the preferential columns), each "
         "row's MFN text checked against the first copy; the whole file was copied a third "
         "time (bench/data/CA_cbsa_T2026_rev_3.csv, carriage returns dropped), from which "
         "this table is written and which gives every item's cells as the first two did")

NOTE = ("The Most-Favoured-Nation rates of Canada's Customs Tariff (CBSA, T2026, the revision "
        "in effect 2026-09-01), by eight-digit tariff item, and its free trade agreement tariffs "
        "(UST, MXT, CEUT, CPTPT, CPUKT, UKT, KRT, CIAT, CT, CRT, IT, NT, SLT, PT, COLT, JT, "
        "PAT, HNT, UAT) where they do not free an item; $ and ¢ are Canadian. An item an "
        "agreement grants nothing (an empty column: the over-access-commitment items of "
        "supply-managed goods) gets the MFN rate under it. Not contained: the unilateral "
        "preferential tariffs (GPT, LDCT, CCCT, AUT, NZT), the General Tariff, surtaxes and "
        "trade remedies (the curated China surtaxes are), rules of origin (a claim is taken "
        "as made; proof of origin is required), tariff-rate quota allocation (a supply-"
        "managed good's within-access-commitment item is a line of its own), preference "
        "rates staged to fall after this revision, later amendments.")

#: What the table's header says wrote it.
MADE_BY = "bench/regen_ca_tariff.py from CBSA's Customs Tariff T2026"


def read_items(text: str) -> list[tuple[str, str]]:
    """(eight-digit code, MFN text) of every tariff item of chapters 1-97.

    CBSA prints the over-access-commitment items of chapter 2 (0207.11.92, 0209.90.20 ...)
    only as their statistical row ``DDDD.DD.DD.00``: such a row stands for its item when the
    item has no row of its own. An item's text in :data:`CORRECTIONS` is replaced (and says
    so in the entry's note).
    """
    rows: list[tuple[str, str]] = []
    if text.startswith("TARIFF,"):
        for row in csv.DictReader(io.StringIO(text)):
            rows.append((row["TARIFF"].strip(), row["MFN"]))
    else:
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                code, sep, mfn = line.partition("\t")
                if not sep:
                    raise SystemExit(f"line {n}: expected a code and an MFN text: {line!r}")
                rows.append((code.strip(), mfn))
    refuse_codes_twice((code for code, _ in rows if ITEM.match(code)), "tariff items")
    items: dict[str, str] = {}
    statistical: dict[str, str] = {}
    for code, mfn in rows:
        if (found := ITEM.match(code)) and int(found[1][:2]) <= 97:
            items["".join(found.groups())] = mfn.strip()
        elif (found := ITEM.match(code.removesuffix(".00"))) and code.endswith(".00") \
                and int(found[1][:2]) <= 97:
            statistical["".join(found.groups())] = mfn.strip()
    for code, mfn in statistical.items():
        if code not in items and mfn:
            items[code] = mfn
    return sorted(items.items())


#: Item texts replaced, with why: the item's own row misprints what its statistical row
#: (the same file) prints in full.
CORRECTIONS = {
    "02071191": ("5 % but not less than 4.74 ¢/kg or more than 9.48 ¢/kg",
                 "CBSA prints '... or more than 9.48 ¢' on the item's row, without the unit; "
                 "its statistical row 0207.11.91.00 and every sibling item give ¢/kg"),
}


def normal(text: str) -> str:
    """CBSA's wording in the grammar's: ``plus`` a term, ``or more than`` a maximum, ``¢each``
    with its space, ``$.99`` with its zero."""
    text = re.sub(r"\s+plus\s+", " + ", text)
    text = re.sub(r"\s+or\s+more\s+than\s+", " but not more than ", text)
    text = re.sub(r"¢\s*each\b", "¢ each", text)
    return re.sub(r"\$\.(\d)", r"$0.\1", text)


def item_entry(code: str, text: str) -> MfnEntry:
    """The MFN entry of one tariff item (not_covered where the text is not read)."""
    corrected, why = CORRECTIONS.get(code, (text, None))
    terms = parse_rate(normal(corrected), dollar="CAD")
    if isinstance(terms, Unparsed):
        return MfnEntry(hs=code, not_covered=(
            f"the CBSA Customs Tariff gives '{text}' as the MFN rate: {terms.reason}"))
    return entry(MfnEntry, terms, hs=code, note=f"corrects the item's row: {why}" if why else None)


#: CBSA's preferential tariff columns read, with the agreement a quote claims and the origins
#: each column is for. CUSMA and CETA also have a curated ``hs: "*"`` zero in
#: countries/CA.yaml (from their entry into force); the table writes that zero for the others.
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "UST": ("CUSMA", ("US",)),
    "MXT": ("CUSMA", ("MX",)),
    "CEUT": ("CETA", ("EU",)),
    "CPTPT": ("CPTPP", ("AU", "BN", "CL", "JP", "MX", "MY", "NZ", "PE", "SG", "VN")),
    "CPUKT": ("CPTPP", ("GB",)),
    "UKT": ("Canada-UK TCA", ("GB",)),
    "KRT": ("CKFTA", ("KR",)),
    "CIAT": ("CIFTA", ("IL",)),
    "CT": ("CCFTA", ("CL",)),
    "CRT": ("CCRFTA", ("CR",)),
    "IT": ("Canada-EFTA FTA", ("IS",)),
    "NT": ("Canada-EFTA FTA", ("NO",)),
    "SLT": ("Canada-EFTA FTA", ("CH", "LI")),
    "PT": ("CPFTA", ("PE",)),
    "COLT": ("CCOFTA", ("CO",)),
    "JT": ("CJFTA", ("JO",)),
    "PAT": ("CPAFTA", ("PA",)),
    "HNT": ("CHFTA", ("HN",)),
    "UAT": ("CUFTA", ("UA",)),
}
#: The agreements whose ``hs: "*"`` zero countries/CA.yaml already gives.
CURATED = frozenset({"CUSMA", "CETA"})
#: The columns of the TPHS row from MFN on, in the order CBSA's export writes them.
TAIL = ("MFN", "AUT", "NZT", "CCCT", "LDCT", "GPT", "UST", "MXT", "CIAT", "CT", "CRT", "IT",
        "NT", "SLT", "PT", "COLT", "JT", "PAT", "HNT", "KRT", "CEUT", "CPTPT", "UKT", "row_id",
        "UAT", "General Tariff", "CPUKT")
#: What a column cell says of an item, once read: free, its own terms, or no preference.
FREE = "free"
#: An entry's duty fields, as (name, value) pairs in name order.
Terms = tuple[tuple[str, object], ...]


#: An over-access-commitment rate: 100 % or more, or dollars per kg alone (egg products).
OVER_ACCESS = re.compile(r"(?:^|\D)(?:[1-9]\d{2,}(?:\.\d+)?)\s*%|^\$[\d.]+/kg$")


def over_access(text: str) -> bool:
    """Whether an MFN text is an over-access-commitment rate of a supply-managed good."""
    return OVER_ACCESS.search(text.strip()) is not None


def read_columns(text: str) -> dict[str, dict[str, str]]:
    """Each tariff item's preferential column texts (code -> column -> text, stripped): the
    columns of :data:`COLUMNS` the export has (an earlier revision's has no CPUKT).

    ``text`` is the CSV export itself, or an extract of its tariff item rows, one a line:
    ``DDDD.DD.DD|<the row from its MFN field to its end, as the CSV writes it>``.
    """
    rows: list[tuple[str, dict[str, str]]] = []
    present: tuple[str, ...] = ("MFN", *COLUMNS)
    if text.startswith("TARIFF,"):
        reader = csv.DictReader(io.StringIO(text))
        rows = [(row["TARIFF"].strip(), row) for row in reader]
        present = tuple(c for c in present if c in (reader.fieldnames or ()))
    else:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            code, sep, tail = line.partition("|")
            cells = next(csv.reader(io.StringIO(tail)), [])
            if not sep or len(cells) != len(TAIL):
                raise SystemExit(f"line {n}: expected DDDD.DD.DD|{len(TAIL)} cells: {line!r}")
            rows.append((code.strip(), dict(zip(TAIL, cells, strict=True))))
    refuse_codes_twice((code for code, _ in rows if ITEM.match(code)), "tariff items")
    return {"".join(found.groups()): {c: (row.get(c) or "").strip() for c in present}
            for code, row in rows if (found := ITEM.match(code)) and int(found[1][:2]) <= 97}


def columns_given(columns: dict[str, dict[str, str]]) -> list[str]:
    """The preferential columns (of :data:`COLUMNS`) every item of a revision has."""
    return [c for c in COLUMNS if columns and all(c in cells for cells in columns.values())]


@dataclass(frozen=True)
class Cell:
    """What one column gives one item: no entry (free under the agreement's zero), or terms
    (``terms``: the entry's duty fields) of a ``kind``: ``own`` (the column's rate), ``none``
    (an empty cell: the agreement grants the item nothing, an ``excluded`` entry) or ``unread`` (a
    text the grammar does not read: the MFN rate, never cheaper than the tariff says)."""

    kind: str
    terms: Terms = ()
    text: str = ""

    @property
    def free(self) -> bool:
        return self.kind == FREE


def mfn_terms(mfn: MfnEntry) -> Terms:
    """What an MFN entry charges, as a preferential entry's duty fields."""
    return tuple(sorted(mfn.model_dump(
        exclude_unset=True, exclude={"hs", "note", "not_covered", "confidence"}).items()))


def read_cell(text: str, charges: Terms) -> Cell:
    """Read one column cell of an item whose MFN entry charges ``charges``."""
    charges_nothing = charges == (("rate", Decimal(0)),)
    if text.lower() == "free":
        return Cell(FREE)
    if not text or text == "N/A":
        return Cell(FREE) if charges_nothing else Cell("none")
    terms = parse_rate(normal(text), dollar="CAD")
    if isinstance(terms, Unparsed):
        return Cell(FREE) if charges_nothing else Cell("unread", charges, text)
    own = entry(PreferentialEntry, terms, agreement="-", origins=("CA",), hs="*")
    return Cell("own", tuple(sorted(own.model_dump(
        exclude_unset=True, exclude={"hs", "note", "agreement", "origins"}).items())), text)


def _note(kind: str, columns: list[str], texts: set[str]) -> str:
    """The note of an entry of ``kind`` (a :class:`Cell` kind, ``split`` or ``any``) that
    ``columns`` give with their cell ``texts``."""
    names = ", ".join(columns)
    if kind == "own":
        return f"CBSA {names}: {' / '.join(sorted(texts))}"
    if kind == "none":
        return f"CBSA gives no {names} rate for this tariff item"
    if kind == "unread":
        return f"CBSA's {names} rate {' / '.join(sorted(texts))!r} is not read: the MFN rate"
    if kind == "split":
        return (f"CBSA's {names} rates differ between the tariff items of this subheading: "
                "give the eight-digit item (meanwhile the MFN rate)")
    return f"CBSA {names}: Free, unless an entry for the tariff item says otherwise"  # "any"


def preferences(columns: dict[str, dict[str, str]], lines: dict[str, MfnEntry],
                written: list[MfnEntry]) -> tuple[list[PreferentialEntry], Counter[str]]:
    """The table's preferential entries, and counts of what the columns gave.

    Per column: the agreement's ``hs: "*"`` zero (unless countries/CA.yaml gives it), then
    each item the column does not free, at its terms (:func:`read_cell`). Where the table
    writes one six-digit MFN entry for a subheading (its items charge alike), the column's
    entry is written there too when its items agree; when they differ, the six-digit code
    gets the MFN rate (a six-digit claim is not granted what only some items have) and every
    item its own entry, free ones included. An item whose MFN rate is not read is left out:
    its lookup fails closed before any claim is looked at. Columns of one agreement that give
    a code the same terms are written as one entry with their origins together.
    """
    six = {e.hs: mfn_terms(e) for e in written if len(e.hs) == 6}
    charged = {code: mfn_terms(mfn) for code, mfn in lines.items() if mfn.not_covered is None}
    rows: list[tuple[str, str, tuple[str, ...], str, Terms, str, str]] = []
    counts: Counter[str] = Counter()
    given = columns_given(columns)
    for column, (agreement, origins) in COLUMNS.items():
        if column not in given:  # not a column of this revision: the agreement's origins
            continue             # there get nothing from it
        if agreement not in CURATED:
            rows.append((agreement, "*", origins, "any", (("rate", Decimal(0)),), column, ""))
        by_sub: dict[str, list[tuple[str, Cell]]] = {}
        for code, cells in sorted(columns.items()):
            if code not in charged:
                continue
            cell = read_cell(cells[column], charged[code])
            counts[cell.kind] += 1
            by_sub.setdefault(code[:6], []).append((code, cell))
        for sub, items in by_sub.items():
            alike = len({(c.kind, repr(c.terms)) for _, c in items}) == 1
            if sub in six and alike:
                items = [(sub, items[0][1])]
            elif sub in six:
                counts["subheadings whose items differ"] += 1
                rows.append((agreement, sub, origins, "split", six[sub], column, ""))
                items = [(code, Cell("own", (("rate", Decimal(0)),), "Free") if c.free else c)
                         for code, c in items]
            rows += [(agreement, code, origins, c.kind, c.terms, column, c.text)
                     for code, c in items if not c.free]
    merged: dict[tuple[str, str, str, str], tuple[Terms, set[str], list[str], set[str]]] = {}
    for agreement, hs, origins, kind, terms, column, text in rows:
        found = merged.setdefault((agreement, hs, kind, repr(terms)), (terms, set(), [], set()))
        found[1].update(origins)
        found[2].append(column)
        if text:
            found[3].add(text)
    out = [_entry(agreement, hs, kind, terms, sorted(origins), _note(kind, columns_, texts))
           for (agreement, hs, kind, _), (terms, origins, columns_, texts) in merged.items()]
    return out, counts


def _entry(agreement: str, hs: str, kind: str, terms: Terms, origins: list[str],
           said: str) -> PreferentialEntry:
    """One preferential entry: ``said`` is its note, or why it is excluded (``none``)."""
    if kind == "none":
        return PreferentialEntry(agreement=agreement, origins=tuple(origins), hs=hs,
                                 excluded=said)
    return PreferentialEntry.model_validate({
        **dict(terms), "agreement": agreement, "origins": origins, "hs": hs, "note": said})


def first_percent(text: str) -> Decimal:
    """What the second reading keeps of a rate text: its first percentage, else 0."""
    found = PERCENT.search(text)
    return Decimal(found[1]) if found else Decimal(0)


def check(items: list[tuple[str, str]], path: Path) -> None:
    """Print the items where the second reading disagrees, and the counts."""
    other: dict[str, set[Decimal]] = {}
    for row in json.loads(path.read_text(encoding="utf-8")):
        other.setdefault(row["h"][:10].replace(".", ""), set()).add(
            Decimal(str(row.get("m") or 0)))
    counts: Counter[str] = Counter()
    for code, text in items:
        seen = other.get(code)
        if seen is None:
            counts["not in the second reading"] += 1
            print(f"  {code}: not in the second reading ({text!r})")
        elif seen != {first_percent(text)}:
            counts["disagree"] += 1
            print(f"  {code}: {text!r} here, {sorted(seen)} there")
        else:
            counts["agree"] += 1
    missing = set(other) - {code for code, _ in items} - {c for c in other if c[:2] > "97"}
    counts["only in the second reading"] = len(missing)
    for code in sorted(missing)[:40]:
        print(f"  {code}: only in the second reading ({sorted(other[code])})")
    print("check:", dict(counts))


#: The day before the revision: the last day an earlier revision's lines are written for.
BEFORE = AS_OF - timedelta(days=1)


class Revision(NamedTuple):
    """An earlier revision's TPHS export: its text, file name, day and items' MFN texts."""

    text: str
    name: str
    since: date
    items: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> Revision:
        """The export at ``path``, in force from the latest EFF_DATE of its tariff items,
        which must be before :data:`AS_OF`."""
        text = path.read_text(encoding="utf-8")
        days = [datetime.strptime(row["EFF_DATE"].split()[0], "%m/%d/%y").date()
                for row in csv.DictReader(io.StringIO(text))
                if ITEM.match(row["TARIFF"].strip())]
        if not days:
            raise SystemExit(f"{path}: the earlier export has no tariff items")
        if max(days) >= AS_OF:
            raise SystemExit(f"the earlier revision ({max(days)}) is not before {AS_OF}")
        return cls(text, path.name, max(days), dict(read_items(text)))


def carry_back(lines: dict[str, MfnEntry], now: dict[str, str], then: dict[str, str],
               since: date, what: str) -> tuple[dict[str, MfnEntry], list[MfnEntry]]:
    """The lines, each dated from ``since`` where the earlier revision (in force from
    ``since``) gives its item the same text (``then``) as this one (``now``); and, for every
    other item of either revision, a ``not_covered`` entry from ``since`` to :data:`BEFORE`:
    its rate on those days is not read (a revision in between may have changed it), and
    listing it keeps a shorter code over it from pricing on its siblings alone."""
    out = dict(lines)
    earlier: list[MfnEntry] = []
    for code in sorted(set(now) | set(then)):
        before, after = then.get(code), now.get(code)
        if before is not None and before == after and code in lines:
            out[code] = lines[code].model_copy(update={"valid_from": since})
            continue
        if before is None:
            why = f"not a tariff item of the revision in force from {since}"
        elif after is None:
            why = (f"a tariff item of the revision in force from {since} ({what} '{before}') "
                   f"that the revision of {AS_OF} does not keep")
        else:
            why = (f"the revision in force from {since} gives {what} '{before}', that of "
                   f"{AS_OF} '{after}'")
        earlier.append(MfnEntry(hs=code, valid_from=since, valid_to=BEFORE, not_covered=(
            f"{why}: the rate before {AS_OF} is not read here")))
    return out, earlier


def dated_back(lines: dict[str, MfnEntry], now: dict[str, str], then: dict[str, str],
               revision: Revision, what: str
               ) -> tuple[dict[str, MfnEntry], list[MfnEntry], date]:
    """:func:`carry_back` of the lines against an earlier ``revision``, and the day the table
    is in force from: the revision's where every item agrees (the lines then carry no day
    of their own), else :data:`AS_OF` (each line carries its own). Prints the counts."""
    since = revision.since
    dated, earlier = carry_back(lines, now, then, since, what)
    print(f"{what}: {sum(e.valid_from == since for e in dated.values())} items dated from "
          f"{since} (the same text in {revision.name}); {len(earlier)} not_covered from "
          f"{since} to {BEFORE}")
    return (dated, earlier, AS_OF) if earlier else (lines, [], since)


def main() -> None:
    """Read the items, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lines", type=Path)
    parser.add_argument("--check", type=Path, help="a second reading (tariff.json) to compare")
    parser.add_argument("--preferences", type=Path,
                        help="the tariff item rows from the MFN field on, one a line: "
                             "DDDD.DD.DD|MFN,AUT,...,CPUKT (when LINES is the extract)")
    parser.add_argument("--earlier", type=Path,
                        help="an earlier revision's TPHS CSV export: the items it gives the same "
                             "text are dated from its day")
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    raw = args.lines.read_bytes()
    text = raw.decode("utf-8")
    items = read_items(text)
    if args.check:
        check(items, args.check)
    if text.startswith("TARIFF,"):
        columns = read_columns(text)
    elif args.preferences is not None:
        columns = read_columns(args.preferences.read_text(encoding="utf-8"))
    else:
        raise SystemExit("give --preferences (an extract of the tariff item rows) when LINES "
                         "is not the CSV export itself")
    lines = {code: item_entry(code, text) for code, text in items}
    compare_columns(columns, dict(items))
    mfn_written = by_subheading(lines.values())
    preferential, counts = preferences(columns, lines, mfn_written)
    dated, earlier, note, start = lines, [], NOTE, AS_OF
    revision = Revision.read(args.earlier) if args.earlier else None
    if revision is not None:
        dated, earlier, start = dated_back(lines, dict(items), revision.items, revision,
                                           "the MFN rate")
        note += earlier_note(revision) + PREFERENCES_BACK.format(since=revision.since)
        then = {code: item_entry(code, text) for code, text in revision.items.items()}
        cells = read_columns(revision.text)
        compare_columns(cells, revision.items)
        old, _ = preferences(cells, then, by_subheading(then.values()))
        preferential, moved, gaps = carry_back_preferences(
            preferential, [old], since=revision.since, start=AS_OF)
        print(f"preferences: {moved} entries dated from {revision.since} (the same terms in "
              f"{revision.name}, origin by origin); {gaps} not_covered from {revision.since} "
              f"to {BEFORE}")
    more: list[SourceModel] = []
    if revision is not None and not earlier:  # every item as the revision: the days before
        own = {code: CORRECTIONS.get(code, (text, None))[0] for code, text in items}
        dated_lines, done = date_back(lines, read_kcs_mfn(KCS_MFN), since=KCS_DAY,
                                      until=start, what=KCS_WHAT, table_day=True, texts=own)
        print(f"the days from {KCS_DAY}: {dict(done)}")
        dated, more = dated_lines, [KCS_SOURCE]
        held = preferences_not_read(preferential, since=KCS_DAY, until=start)
        preferential = [*preferential, *held]
        print(f"preferences: {len(held)} not_covered from {KCS_DAY} to "
              f"{start - timedelta(days=1)} (a table's own terms for a code)")
        start = KCS_DAY
        note += KCS_NOTE.format(until=revision.since)
    target, mfn, _ = write_national_table(
        dated, tariff="CA", as_of=AS_OF, source=SOURCE, import_format="ca-cbsa-tphs",
        file=args.lines.name, sha256=hashlib.sha256(raw).hexdigest(), confidence="medium",
        note=note, out=args.out, made_by=MADE_BY, preferential=preferential, earlier=earlier,
        valid_from=start, more_sources=more,
        parsed=sum(1 for entry in lines.values() if entry.not_covered is None))
    print(f"preferential columns read ({', '.join(COLUMNS)}): {dict(counts)}; "
          f"{len(preferential)} entries")
    # the items whose own MFN text is not read (not the days before a revision)
    unpriced = [code for code, entry in lines.items() if entry.not_covered is not None]
    print(f"{target}: {len(mfn)} entries for {len(lines)} tariff items "
          f"({sum(len(e.hs) == 6 for e in mfn)} six-digit); {len(unpriced)} not read:")
    for code in unpriced:
        print(f"  {code}: {lines[code].not_covered}")
    if text.startswith("TARIFF,"):
        target, withheld, unpriced = write_general(
            text, [code for code, _ in items], file=args.lines.name,
            sha256=hashlib.sha256(raw).hexdigest(), out=args.out, earlier=revision)
        rates = Counter(e.rate for e in withheld if e.rate is not None and e.specific is None
                        and e.min is None)
        print(f"{target}: {len(withheld)} General Tariff entries for {len(items)} tariff "
              f"items; most common: {rates.most_common(3)}; {len(unpriced)} not read:")
        for code in unpriced:
            print(f"  {code}: {next(e.not_covered for e in withheld if e.hs == code)}")


def earlier_note(revision: Revision) -> str:
    """What a table says of the items dated back from an earlier revision."""
    since = revision.since
    return (f" Items to which the revision in force from {since} (CBSA's TPHS export of it, "
            f"bench/data/{revision.name}) gives the same text are in force from {since}; "
            f"every other item of either revision is not_covered from {since} to {BEFORE} "
            "(a revision in between may have changed it).")


#: The Korea Customs Service's table of the tariff (its MFN column), for the days before.
KCS_MFN = ROOT / "bench" / "data" / "CA_kcs_tariff_2025.tsv"
KCS_WHAT = "KCS's 2025 table of Canada's tariff"
KCS_SOURCE = kcs_source("CA", "Canada", "2025년_캐나다_관세율표.xlsx", "최혜국 (MFN)",
                        KCS_MFN.name, "items")
KCS_NOTE = (" Before {until}: from 2025-06-13 the items the Korea Customs Service's 2025 table "
            "of Canada's tariff gives alike (the same text); the other items, and "
            "those only that table has, are not covered on those days; the preferences are "
            "not dated back.")


def preferences_not_read(entries: Sequence[PreferentialEntry], *, since: date, until: date
                         ) -> list[PreferentialEntry]:
    """For every agreement and code a table's preference entries give their own terms
    (not the ``*`` zero), one ``not_covered`` entry from ``since`` to the day before
    ``until`` for their origins: the MFN lines are dated back to ``since``, the preferences
    are not, and a claim on those days must not fall through to a broader zero (the curated
    agreement zeros of countries/CA.yaml, which free the over-access goods a table excludes)."""
    keyed: dict[tuple[str, str], set[str]] = {}
    for e in entries:
        if e.hs != "*" and (e.valid_from is None or e.valid_from >= until):
            keyed.setdefault((e.agreement, e.hs), set()).update(e.origins)
    before = until - timedelta(days=1)
    return [PreferentialEntry(
        agreement=agreement, origins=tuple(sorted(origins)), hs=hs, valid_from=since,
        valid_to=before, not_covered=(
            f"the table's {agreement} terms under this code are from {until}; those before "
            "are not read here")) for (agreement, hs), origins in sorted(keyed.items())]


#: What the table says of its preferences dated back (:func:`carry_back_preferences`).
PREFERENCES_BACK = (
    " A preference that revision gives an item alike, origin by origin, is in force from "
    "{since} too; the others are from " + str(AS_OF) + ", and a claim under them before is "
    "not_covered (it fails closed): the CPTPP for GB (CPUKT, not a column of that revision), "
    "the terms that changed.")


GENERAL = "General Tariff"
GENERAL_NOTE = (
    "The General Tariff of Canada's Customs Tariff (CBSA, T2026, the revision in effect "
    "2026-09-01), by eight-digit tariff item: the rates of goods of the countries denied the "
    "Most-Favoured-Nation Tariff, which countries/CA.yaml's mfn_withheld entries name (35 % "
    "on most goods; an item's MFN rate where that is higher). $ and ¢ are Canadian. Not "
    "contained: surtaxes, later amendments.")


def read_general(text: str, items: Sequence[str]) -> dict[str, str]:
    """Each tariff item's General Tariff text, from its own row of the CSV export or else
    from the statistical row ``DDDD.DD.DD.00`` that stands for it ("" where neither has one)."""
    cells: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        code = row["TARIFF"].strip()
        cells.setdefault(code, (row.get(GENERAL) or "").strip())
    out = {}
    for code in items:
        dotted = f"{code[:4]}.{code[4:6]}.{code[6:8]}"
        out[code] = cells.get(dotted) or cells.get(dotted + ".00", "")
    return out


def general_entry(code: str, text: str) -> MfnEntry:
    """The General Tariff line of one tariff item (not_covered where it is not read)."""
    if text in ("", "N/A"):
        return MfnEntry(hs=code, not_covered=(
            f"the CBSA Customs Tariff gives {repr(text) if text else 'no text'} as the "
            "General Tariff rate"))
    terms = parse_rate(normal(text), dollar="CAD")
    if isinstance(terms, Unparsed):
        return MfnEntry(hs=code, not_covered=(
            f"the CBSA Customs Tariff gives '{text}' as the General Tariff rate: "
            f"{terms.reason}"))
    return entry(MfnEntry, terms, hs=code)


def write_general(text: str, items: Sequence[str], *, file: str, sha256: str, out: Path,
                  earlier: Revision | None = None
                  ) -> tuple[Path, list[MfnEntry], list[str]]:
    """Write ``tariffs/CA.general_tariff.yaml`` (the General Tariff as withheld lines);
    ``earlier``: an earlier revision, its items of the same text dated from its day
    (:func:`dated_back`)."""
    cells = read_general(text, items)
    lines = {code: general_entry(code, cell) for code, cell in cells.items()}
    unpriced = [code for code, e in lines.items() if e.not_covered is not None]
    before: list[MfnEntry] = []
    note, start = GENERAL_NOTE, AS_OF
    if earlier is not None:
        lines, before, start = dated_back(
            lines, cells, read_general(earlier.text, list(earlier.items)), earlier,
            "the General Tariff rate")
        note += earlier_note(earlier)
    withheld = [*before, *by_subheading(lines.values())]
    table = TariffFile(
        tariff="CA", as_of=AS_OF, sources=[SOURCE], valid_from=start, confidence="medium",
        imported=TariffImport(format="ca-cbsa-tphs", file=file, sha256=sha256,
                              lines=len(lines), parsed=len(lines) - len(unpriced),
                              nomenclature="HS2022"),
        note=note, withheld=tuple(withheld))
    return write_table(table, out, made_by=MADE_BY, part="general_tariff"), withheld, unpriced


def compare_columns(columns: dict[str, dict[str, str]], items: dict[str, str]) -> None:
    """Refuse a preference extract that does not belong to the items: each item needs its
    columns (an over-access item CBSA prints only as its statistical row has none: no
    agreement grants it anything), and each row's MFN text must be the item's."""
    wrong = [code for code, cells in columns.items()
             if code in items and cells["MFN"] != items[code]
             and code not in CORRECTIONS]
    if wrong:
        raise SystemExit(f"{len(wrong)} rows of the preference extract give another MFN text "
                         f"than the items: {', '.join(wrong[:10])}")
    given = columns_given(columns)
    for code in sorted(set(items) - set(columns)):
        if not over_access(items[code]):
            raise SystemExit(f"tariff item {code} has no row in the preference extract")
        columns[code] = {"MFN": items[code], **dict.fromkeys(given, "")}
    extra = sorted(set(columns) - set(items))
    if extra:
        raise SystemExit(f"rows for codes that are not tariff items: {', '.join(extra[:10])}")


if __name__ == "__main__":
    main()
