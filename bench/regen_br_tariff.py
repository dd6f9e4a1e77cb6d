"""Write rules/tariffs/BR.yaml from the TEC workbook of Brazil's Gecex (annexes to Res. 272/2021).

Run from the repository root (needs ``pip install openpyxl``):
``python bench/regen_br_tariff.py TEC_XLSX [--out DIR]``.

``TEC_XLSX`` is the workbook "Anexos I a X da Resolução Gecex nº 272/2021" that Brazil's
Ministry of Development, Industry, Trade and Services (MDIC, Camex executive secretariat)
publishes, as saved on 2026-03-16: ``tec-oficial.xlsx`` of
github.com/ronaldofelixSaygo/sistema-conta-grafica-precatorios @ 341b153 (blob 29acb33), a
copy of the official file (its sheets, headers and document properties are the ministry's).

How a line is read. Anexo I is the Mercosur Common External Tariff (TEC) of every NCM code
(HS 2022, 8 digits): ``NCM | DESCRIÇÃO | TEC (%)``, where a ``BK`` or ``BIT`` after the rate
marks capital goods and IT goods. Anexo II lists the Brazilian rates that differ from the TEC
(Art. 2 ff. of the resolution, the 10 % cuts of Decisão CMC 08/22 ...): its ``Alíquota
aplicada (%)`` is the rate Brazil applies to the code. Anexos V (LETEC), VI (LEBIT/BK) and IX
(DCC, temporary increases) are national exception lists; an entry for a whole code (``Nº Ex``
``-``) without a quota sets the code's rate from its start date to its end date, after which
the Anexo II/I rate applies again. Entries for an ``Ex`` (a product described within the
code) or within a quota apply to part of the code's goods only: they are not written (the
code's general rate stands, for the goods outside the Ex or beyond the quota), nor are
Anexos III (aeronautical sector), IV (shortage quotas), VIII (WTO quotas) and X (automotive
ACE-14 Ex lines), all of them Ex or quota entries.

Lines under one six-digit subheading that all charge alike become one six-digit entry;
otherwise each eight-digit line is written and a six-digit lookup names them.

Days. The table is in force from the workbook's day; the days back to 2025-06-13 come from
the Korea Customs Service's 2025 table of Brazil's tariff (``bench/data/BR_kcs_tariff_2025.tsv``,
rewritten with ``--kcs-xlsx``; bench/kcs_dated_back.py): a code it gives the same rate is
dated from that day, and so is a code whose Anexo II resolutions ("Atos de inclusão") are
all of an earlier year (:func:`settled_before`; KCS gives the TEC on many codes Brazil cuts).
An exception-list entry holds on its own days from 2025-06-13 on; the code's rate outside
them where KCS or the acts confirm it. Any other day before the workbook is not covered.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import write_national_table  # noqa: E402
from kcs_dated_back import (  # noqa: E402
    KCS_DAY,
    date_back,
    kcs_mfn,
    kcs_option,
    kcs_source,
    plain_rate,
)

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402

#: The workbook as saved (document properties: modified 2026-03-16): every annex as shown.
AS_OF = date(2026, 3, 16)
NCM = re.compile(r"(\d{4})\.(\d{2})\.(\d{2})")
RATE = re.compile(r"(\d+(?:[.,]\d+)?)(BK|BIT)?")
BASE = ("Anexo I - TEC", "Anexo II - Diferentes da TEC")
#: The exception lists read, by sheet, with the name a note gives each.
EXCEPTIONS = {"Anexo V - LETEC": "LETEC", "Anexo VI - LEBITBK": "LEBIT/BK", "Anexo IX - DCC": "DCC"}
#: Prefixes the curated rules/countries/BR.yaml dates (electric cars' yearly steps).
LEAVE = ("870380",)
SOURCE = SourceModel(
    id="br-gecex-tec-2026",
    title="Brazil, Gecex/Camex: Anexos I a X da Resolução Gecex nº 272/2021 (TEC and the "
          "Brazilian rates that differ from it, LETEC, LEBIT/BK, DCC), workbook of "
          "2026-03-16 (Anexos I-II to Res. Gecex 812 of 2025-10-28; lists to Res. 866-869/2026)",
    url="https://www.gov.br/mdic/pt-br/assuntos/camex",
    accessed=date(2026, 12, 2),
    note="read from a copy of the official workbook: github.com/ronaldofelixSaygo/"
         "sistema-conta-grafica-precatorios, tec-oficial.xlsx @ 341b153")
NOTE = ("Brazil's import duty (Imposto de Importação) by NCM code as the Gecex workbook of "
        "2026-03-16 gives it: the Anexo II rate where Brazil departs from the TEC, else the TEC "
        "(Anexo I), with the whole-code entries of the LETEC, LEBIT/BK and DCC lists for their "
        "periods. Not contained: Ex-tarifário and quota entries (a product within a code, or "
        "imports within a quota), Gecex resolutions after the workbook, antidumping and "
        "other trade remedies. Confidence medium.")
MADE_BY = "bench/regen_br_tariff.py from the Gecex TEC workbook (Res. 272/2021 annexes)"
KCS_MFN = ROOT / "bench" / "data" / "BR_kcs_tariff_2025.tsv"
KCS_WORKBOOK = "2025년_브라질_관세율표.xlsx"
KCS_SOURCE = kcs_source("BR", "Brazil", KCS_WORKBOOK, "기본세율", KCS_MFN.name, "NCM codes")
WHAT = "KCS's 2025 table of Brazil's tariff"


def _rows(book: Any, sheet: str) -> list[dict[str, Any]]:
    """The rows of ``sheet`` under its header row (the first whose first cell is NCM)."""
    header: list[str] | None = None
    out = []
    for row in book[sheet].iter_rows(values_only=True):
        if header is None:
            if row and str(row[0] or "").strip() == "NCM":
                header = [str(c or "").strip() for c in row]
            continue
        out.append(dict(zip(header, row, strict=False)))
    return out


def _code(cell: Any) -> str | None:
    m = NCM.fullmatch(("" if cell is None else str(cell)).strip())
    return None if m is None else "".join(m.groups())


def rate_and_mark(cell: Any) -> tuple[Decimal, str | None] | None:
    """A TEC rate cell (``12,6BK``, ``0``) as its rate and its BK / BIT mark, or None."""
    m = RATE.fullmatch(("" if cell is None else str(cell)).strip().replace(" ", ""))
    return None if m is None else (Decimal(m.group(1).replace(",", ".")) / 100, m.group(2))


def _rate(cell: Any) -> Decimal | None:
    found = rate_and_mark(cell)
    return None if found is None else found[0]


def _day(cell: Any) -> date | None:
    """A date cell: a date, ``2025-03-14 ...`` or ``01/04/2022`` (day first); else None."""
    if isinstance(cell, datetime):
        return cell.date()
    text = str(cell or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", text):
        return date.fromisoformat(text[:10])
    m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", text)
    return None if m is None else date(int(m.group(3)), int(m.group(2)), int(m.group(1)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xlsx", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    kcs_option(parser, KCS_MFN, KCS_WORKBOOK)
    args = parser.parse_args()
    snapshot = kcs_mfn(args.kcs_xlsx, "기본세율", 8, KCS_MFN, "Brazil's import tariff (NCM)")
    raw = args.xlsx.read_bytes()
    book = openpyxl.load_workbook(args.xlsx, read_only=True)
    out: Counter[str] = Counter()
    base: dict[str, Decimal] = {}
    acts: dict[str, str] = {}  # code -> the Gecex resolutions that set its Anexo II rate
    unread: list[str] = []
    for sheet in BASE:  # Anexo II's applied rate replaces Anexo I's TEC
        column = "TEC (%)" if sheet == BASE[0] else "Alíquota aplicada (%)"
        for row in _rows(book, sheet):
            code = _code(row.get("NCM"))
            if code is None:
                continue
            rate = _rate(row.get(column))
            if rate is None:
                unread.append(f"{sheet}: {code} {row.get(column)!r}")
                continue
            base[code] = rate
            out[sheet] += 1
            if sheet == BASE[1]:
                acts[code] = str(row.get("Atos de inclusão") or "")
    settled = {code for code, said in acts.items() if settled_before(said, KCS_DAY)}
    periods: dict[str, list[tuple[date, date | None, Decimal, str]]] = {}
    blocked: dict[str, str] = {}  # code -> why its exception entry was not read
    for sheet in EXCEPTIONS:
        for row in _rows(book, sheet):
            code = _code(row.get("NCM"))
            if code is None:
                continue
            ex = str(row.get("Nº Ex") or row.get("Nº EX") or "").strip()
            quota = str(row.get("Quota") or "").strip()
            if ex not in ("", "-") or quota not in ("", "-"):
                out[f"{sheet}: Ex or quota entries (not written)"] += 1
                continue
            rate, start = _rate(row.get("Alíquota (%)")), _day(row.get("Início de vigência"))
            if rate is None or start is None:  # the code's rate is then not known: not guessed
                unread.append(f"{sheet}: {code} {row.get('Alíquota (%)')!r} from "
                              f"{row.get('Início de vigência')!r}")
                blocked[code] = f"its {EXCEPTIONS[sheet]} entry could not be read"
                continue
            periods.setdefault(code, []).append(
                (start, _day(row.get("Término de vigência")), rate, sheet))
            out[f"{sheet}: whole-code entries"] += 1
    # each code's days from KCS's table (a code of an exception list is redone below)
    lines, counts = date_back({code: MfnEntry(hs=code, rate=rate) for code, rate in base.items()},
                              snapshot, since=KCS_DAY, until=AS_OF, what=WHAT)
    print(f"the days from {KCS_DAY}: {dict(counts)}")
    for code, rate in sorted(base.items()):
        spans = sorted(periods.get(code, ()))
        if code in settled and not spans and lines[code][0].not_covered is not None:
            lines[code] = [lines[code][-1].model_copy(update={"valid_from": KCS_DAY})]
            out["codes dated back by their Anexo II acts (KCS gives another rate)"] += 1
        if code in blocked:
            lines[code] = [_closed(code, f"the Gecex workbook: {blocked[code]}")]
            out["codes whose exception entry was not read (not covered)"] += 1
        elif len(spans) > 1:  # two lists for one code: not guessed
            lines[code] = [_closed(code, (
                "the Gecex workbook lists the code in more than one exception list "
                f"({', '.join(EXCEPTIONS[s[3]] for s in spans)})"))]
            out["codes in two exception lists (not covered)"] += 1
        elif spans:
            agrees = code in settled or (code in snapshot and plain_rate(snapshot[code]) == rate)
            lines[code] = listed(code, rate, spans[0], agrees, snapshot.get(code))
            out["codes with an exception-list rate"] += 1
            if agrees and spans[0][0] > KCS_DAY:
                out["  of which the days before the list's are known (KCS, acts)"] += 1
    target, mfn, _ = write_national_table(
        lines, tariff="BR", as_of=AS_OF, source=SOURCE, import_format="br-gecex-tec-xlsx",
        file=args.xlsx.name, sha256=hashlib.sha256(raw).hexdigest(), confidence="medium",
        note=NOTE, out=args.out, made_by=MADE_BY, leave=LEAVE, in_force_from_as_of=False,
        total=len(base), parsed=len(base) - len(blocked), more_sources=(KCS_SOURCE,))
    print(f"{target}: {len(mfn)} entries for {len(base)} NCM codes "
          f"({sum(len(e.hs) == 6 for e in mfn)} six-digit)")
    print_counts(out, unread)


def settled_before(said: str, day: date) -> bool:
    """Whether every Gecex resolution an Anexo II row names as setting its rate (``272/2021;
    391/2022``) is of a year before ``day``'s: the rate was then in force on ``day`` and has
    not changed since (the column names each resolution that set it, to the workbook's)."""
    years = [int(y) for y in re.findall(r"\d+/(\d{4})", said)]
    return bool(years) and max(years) < day.year


def _closed(code: str, why: str) -> MfnEntry:
    """A code whose rate is not known on any day of the table."""
    return MfnEntry(hs=code, valid_from=KCS_DAY, not_covered=why)


def listed(code: str, rate: Decimal, span: tuple[date, date | None, Decimal, str],
           agrees: bool, said: str | None) -> list[MfnEntry]:
    """The dated entries of a code with one whole-code exception entry ``span`` (its start,
    end, rate and sheet) over its Anexo I/II ``rate``: the list's rate on its own days (from
    KCS's day at the earliest), the code's rate on the others. The days before the workbook
    and outside the list's are known where KCS's table gives the code's rate (``agrees``);
    else not covered, naming what KCS gives (``said``)."""
    start, end, special, sheet = span
    note = f"{EXCEPTIONS[sheet]} from {start}" + (f" to {end}" if end else "")
    shown = " ".join((said or "").replace('"', "'").split()) or "no line"
    gap_why = (f"{WHAT} gives '{shown}', not the code's rate outside the {EXCEPTIONS[sheet]} "
               "entry: the duty on these days is not read")
    out: list[MfnEntry] = []

    def outside(first: date, last: date | None) -> None:
        """The code's own rate from ``first`` to ``last``: known from the workbook's day on,
        before it only where KCS agrees."""
        if last is not None and last < first:
            return
        if first < AS_OF and not agrees:
            upto = AS_OF - timedelta(days=1) if last is None or last >= AS_OF else last
            out.append(MfnEntry(hs=code, valid_from=first, valid_to=upto, not_covered=gap_why))
            first = upto + timedelta(days=1)
            if last is not None and last < first:
                return
        out.append(MfnEntry(hs=code, rate=rate, valid_from=first, valid_to=last))

    outside(KCS_DAY, start - timedelta(days=1))
    out.append(MfnEntry(hs=code, rate=special, note=note, valid_from=max(start, KCS_DAY),
                        valid_to=end))
    if end is not None:
        outside(end + timedelta(days=1), None)
    return out


def print_counts(out: Counter[str], unread: list[str]) -> None:
    """What a workbook's read gave, by kind, and the first rate cells it could not read."""
    for what, n in sorted(out.items()):
        print(f"  {what:58} {n:6}")
    print(f"  unread rate cells: {len(unread)}")
    for line in unread[:20]:
        print(f"    {line}")


if __name__ == "__main__":
    main()
