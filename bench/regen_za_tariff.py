"""Write rules/tariffs/ZA.yaml from the text of SARS Schedule 1 Part 1 (customs duty), 2025-05-09.

Run from the repository root: ``python bench/regen_za_tariff.py SARS_TEXT [--out DIR]``.
``SARS_TEXT`` is ``sars-complete-raw.txt`` of github.com/seanmking/hs-classification-mvp
@ 5795e6b: the text of the South African Revenue Service's "Schedule 1 / Part 1 - Customs
Duty" (Customs & Excise Tariff; every page dated 2025-05-09; HS 2022), as a PDF text
extraction gives it: one table cell per line.

How a line is read. A tariff line is its code (``0101.21`` or ``0406.90.11``), its check
digit, the description, the statistical unit and six rate cells: General, EU/UK, EFTA, SADC,
MERCOSUR, AfCFTA. A line is read only when its last six cells all read as rates (else it is
a heading over subdivided lines, or not read: ``not_covered``); a MERCOSUR cell may name the
members it frees (``free to Argentina, Brazil``). The General cell is the MFN
duty: ``free``; ``N%`` (decimal comma); ``Nc/kg``, ``Nc/li``, ``Nc/li aa`` (cents per kg,
litre, litre of absolute alcohol), ``Nc/u``; ``Nc/kg with a maximum of M%``; and the
alternatives ``N% or Nc/kg`` and ``N% or Nc/2u`` (footwear: cents per pair), read as the
greater of the two: the ad valorem rate with the specific amount as its minimum (``min``). The
tariff's General Note B on duty assessment was not read; the greater is what the tariff's
older wording said ("25 per cent or 3/- per garment whichever duty shall be the greater",
quoted in a GATT document of 1960), what commercial customs software computes from SARS's
formula codes (``MAX(0.4 * VFD, 2.4 * [KG])`` for ``40% OR 240C/KG``, pairs for ``2U``), and
what ITAC's footwear report describes (the R5 per pair protecting the bottom end of the
market); and it never charges less than either reading would. The forms with ``less N%``
(the specific amount less a share of the value) are written ``not_covered`` with their text.
The preference columns are not read (MFN only).

Lines under one six-digit subheading that all charge alike become one six-digit entry;
otherwise each eight-digit line is written and a six-digit lookup names them.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import write_national_table  # noqa: E402

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402

AS_OF = date(2025, 5, 9)
#: A line's code; the extraction runs the codes of deleted subheadings printed without a line
#: into the next line's code ("2527.002528.00": 2527.00 gone, 2528.00 the line), so the last
#: code of such a run is the line's
LINE = re.compile(r"^(?:\d{4}\.\d{2})*(\d{4}\.\d{2}(?:\.\d{2})?)$")
BREAK = re.compile(r"^(\d{2}\.\d{2}|(?:\d{4}\.\d{2})*\d{4}\.\d{1,2}(?:\.\d{1,2})?)$")
SECTION = ("CHAPTER ", "SECTION ", "SUBCHAPTER ", "NOTE", "Additional Note", "Subheading Note")
PAGE = ("Date: 20", "SCHEDULE 1 / PART 1", "Customs & Excise Tariff")
HEADER = ("Heading /", "CD", "Article Description", "Statistical", "Rate of Duty",
          "Subheading", "Unit", "General", "EU / UK", "EFTA", "SADC", "MERCOSUR", "AfCFTA")
#: A rate cell; ``free to Argentina, Brazil`` is a MERCOSUR cell that frees the goods of the
#: members it names only (a preference column: not read, but a cell of the line all the same)
CELL = re.compile(r"^(free|free\s*to\s*[A-Z].*|[\d,]+%|.*c/.*|.*%.*)$", re.I)
NUM = r"(\d+(?:,\d+)?)"
PER = {"kg": "kg", "kgnet": "kg", "li": "litre", "liaa": "litre_alcohol", "u": "unit",
       "2u": "pair"}
SOURCE = SourceModel(
    id="sars-schedule1-part1-2025",
    title="South African Revenue Service: Customs & Excise Tariff, Schedule 1 Part 1 "
          "(customs duty), General rate column, as at 2025-05-09 (HS 2022)",
    url="https://www.sars.gov.za/legal-counsel/primary-legislation/schedules-to-the-customs-"
        "and-excise-act-1964/",
    accessed=date(2026, 12, 1),
    note="read from a text extraction of the PDF: github.com/seanmking/hs-classification-mvp,"
         " sars-complete-raw.txt @ 5795e6b; a line is read only when its six rate cells are")
NOTE = ("The General (MFN) rate of SARS Schedule 1 Part 1 as at 2025-05-09, read from a text "
        "extraction of the PDF. Not contained: amendments after that date (Schedule 1 is "
        "amended by notice in the Government Gazette several times a year), the preference "
        "columns (EU/UK, EFTA, SADC, MERCOSUR, AfCFTA), anti-dumping and safeguard duties "
        "(Schedule 2) and excise (Part 2). Confidence medium.")

#: What the table's header says wrote it.
MADE_BY = 'bench/regen_za_tariff.py from the text of SARS Schedule 1 Part 1'


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def clean(text: str) -> list[str]:
    """The extraction's lines without page headers and repeated column headings."""
    lines = [line.rstrip("\n") for line in text.split("\n")]
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(PAGE):
            i += 1
            continue
        if line == HEADER[0] and tuple(lines[i:i + len(HEADER)]) == HEADER:
            i += len(HEADER)
            continue
        out.append(line)
        i += 1
    return out


def records(lines: list[str]) -> list[tuple[int, str, list[str]]]:
    """(line number, code, cells) of each tariff line: its code, check digit and cells."""
    out = []
    i = 0
    while i < len(lines):
        found = LINE.match(lines[i])
        if found and i + 1 < len(lines) and re.fullmatch(r"\d", lines[i + 1]):
            j = i + 2
            cells = []
            while (j < len(lines) and not BREAK.match(lines[j])
                   and not lines[j].startswith(SECTION)):
                if lines[j].strip():
                    cells.append(lines[j].strip())
                j += 1
            out.append((i + 1, found[1].replace(".", ""), cells))
            i = j
            continue
        i += 1
    return out


def general(code: str, text: str) -> MfnEntry:
    """The MFN entry of a line whose General cell reads ``text``."""
    squeezed = re.sub(r"\s+", "", text).lower()
    if squeezed == "free":
        return MfnEntry(hs=code, rate=Decimal(0))
    found = re.fullmatch(NUM + "%", squeezed)
    if found:
        return MfnEntry(hs=code, rate=_dec(found[1]) / 100)
    found = re.fullmatch(NUM + r"c/(kg|kgnet|li|liaa|u)", squeezed)
    if found:
        return MfnEntry(hs=code, specific=SpecificModel(
            amount=_dec(found[1]) / 100, currency="ZAR", per=PER[found[2]]))
    found = re.fullmatch(NUM + "%or" + NUM + r"c/(kg|kgnet|2u)", squeezed)
    if found:  # the greater of the two (the module's docstring)
        return MfnEntry(hs=code, rate=_dec(found[1]) / 100, min=SpecificModel(
            amount=_dec(found[2]) / 100, currency="ZAR", per=PER[found[3]]))
    found = re.fullmatch(NUM + r"c/(kg|kgnet|li|liaa|u)withamaximumof" + NUM + "%", squeezed)
    if found:
        return MfnEntry(hs=code, specific=SpecificModel(
            amount=_dec(found[1]) / 100, currency="ZAR", per=PER[found[2]]),
            max_rate=_dec(found[3]) / 100)
    shown = " ".join(text.replace('"', "'").split())
    shown = _spaced(shown)
    return MfnEntry(hs=code, not_covered=f"the SARS tariff's General rate is '{shown}': "
                                         f"a form the rules do not price")


def _spaced(text: str) -> str:
    """The rate text with the spaces the extraction lost around its own words put back."""
    text = re.sub(r"\s*with\s*a\s*maximum\s*of\s*", " with a maximum of ", text)
    text = re.sub(r"(?<=[a-z])less\b", " less", text)  # "860c/kgless 85%"
    return re.sub(r"\s*\b(or|less)\s*", r" \1 ", text).strip()


def read_lines(text: str) -> tuple[dict[str, MfnEntry], int]:
    """Each read tariff line with its MFN entry, and how many tariff lines there are."""
    recs = records(clean(text))
    codes = {code for _, code, _ in recs}
    out: dict[str, MfnEntry] = {}
    for _, code, cells in recs:
        rates = cells[-6:]
        if len(rates) == 6 and all(CELL.match(c) for c in rates):
            out[code] = general(code, rates[0])
        elif not any(other != code and other.startswith(code) for other in codes):
            out[code] = MfnEntry(hs=code, not_covered="the line's rate cells could not be "
                                 "read from the text of the SARS tariff")
    lines = sum(not any(o != c and o.startswith(c) for o in codes) for c in codes)
    return out, lines


def main() -> None:
    """Read the text, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("text", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    raw = args.text.read_bytes()
    lines, total = read_lines(raw.decode("utf-8"))
    out, mfn, unpriced = write_national_table(
        lines, tariff="ZA", as_of=AS_OF, source=SOURCE, import_format="sars-schedule1-text",
        file=args.text.name, sha256=hashlib.sha256(raw).hexdigest(), confidence="medium",
        note=NOTE, out=args.out, made_by=MADE_BY, total=total)
    print(f"written: {out}")
    print(f"{total} tariff lines, {len(lines)} read, {len(lines) - len(unpriced)} priced, "
          f"{len(unpriced)} not priced")
    print("not priced:", Counter(lines[c].not_covered.split(": ")[-1]  # type: ignore[union-attr]
                                 for c in unpriced))
    subheadings = len({e.hs[:6] for e in mfn})
    print(f"{subheadings} subheadings, {len(mfn)} entries:", dict(Counter(len(e.hs) for e in mfn)))
    print("rates:", Counter(str(e.rate) if e.specific is None else "specific"
                            for e in mfn if e.not_covered is None).most_common(10))


if __name__ == "__main__":
    main()
