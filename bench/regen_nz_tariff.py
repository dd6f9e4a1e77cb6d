"""Write rules/tariffs/NZ.yaml from New Zealand's Working Tariff Document of 1 January 2022.

Run from the repository root: ``python bench/regen_nz_tariff.py WTD_ZIP [--out DIR]``.
``WTD_ZIP`` is "The Working Tariff Document 1 January 2022 txt files.zip" of
github.com/suestreet/NZ-Tariff @ c260dfb (deleted from the repository in 62f3e55): the text
files New Zealand Customs Service publishes with the Working Tariff Document (Tariff01.txt ...
Tariff98.txt; "Effective 1 January 2022"; HS 2022), cp1252, tab separated.

How a line is read. A tariff item is a line ``<tab>0101.21.00<tab>key<tab>unit<tab>
description<tab>Normal Tariff<tab>Preferential Tariff``; a long description goes on over the
next lines, the rates then standing at the end of the line where it ends. The Normal Tariff
(the rate for goods of any origin) is ``Free`` or a percentage written as a bare number
(``5``, ``10``). Any other form (``per l al``, ``per KTC``, "The rate applicable to ...",
no rate found) is written ``not_covered`` with its text. Preferential rates are not read.

Lines under one six-digit subheading that all charge alike become one six-digit entry;
otherwise each eight-digit item is written and a six-digit lookup names them. Confidence
low: the edition is of 2022, and the tariff has changed since.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import sys
import zipfile
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import write_national_table  # noqa: E402

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402

AS_OF = date(2022, 1, 1)
ITEM = re.compile(r"^\d{4}\.\d{2}\.\d{2}$")
HEAD = re.compile(r"^\d{2}\.\d{2}$|^\d{4}\.\d{2}$")
STAT = re.compile(r"^\d{2}[A-Z]$")
RATE = re.compile(r"^(Free|\d+(?:\.\d+)?)$")
PREF = re.compile(r"^(Free|\d+(?:\.\d+)?|\*See Below)$")
SOURCE = SourceModel(
    id="nz-wtd-2022",
    title="New Zealand Customs Service: Working Tariff Document, effective 1 January 2022 "
          "(Normal Tariff column, HS 2022), text files",
    url="https://www.customs.govt.nz/business/tariffs/working-tariff-document/",
    accessed=date(2026, 12, 1),
    note="read from github.com/suestreet/NZ-Tariff @ c260dfb, 'The Working Tariff Document 1 "
         "January 2022 txt files.zip'")
NOTE = ("The Normal Tariff (MFN) of New Zealand's Working Tariff Document effective 2022-01-01. "
        "Not contained: the changes since 2022 and the preferential rates. Confidence low: "
        "a quote on these lines goes to review.")

#: What the table's header says wrote it.
MADE_BY = "bench/regen_nz_tariff.py from New Zealand's Working Tariff Document (2022)"


def items(text: str) -> list[tuple[str, list[list[str]]]]:
    """Each tariff item's code and its lines (the item line and its continuations)."""
    out: list[tuple[str, list[list[str]]]] = []
    rows = [line.rstrip("\r").split("\t") for line in text.split("\n")]
    for i, fields in enumerate(rows):
        if len(fields) > 1 and ITEM.match(fields[1].strip()):
            lines = [fields]
            for nxt in rows[i + 1:i + 13]:
                second = nxt[1].strip() if len(nxt) > 1 else ""
                third = nxt[2].strip() if len(nxt) > 2 else ""
                if ITEM.match(second) or HEAD.match(second) or STAT.match(third):
                    break
                lines.append(nxt)
            out.append((fields[1].strip(), lines))
    return out


def normal(code: str, lines: list[list[str]]) -> MfnEntry:
    """The MFN entry of an item: the Normal Tariff at the end of its description."""
    for fields in lines:
        cells = [f.strip() for f in fields]
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) >= 3 and RATE.match(cells[-2]) and PREF.match(cells[-1]):
            if len(cells) >= 4 and cells[-3].startswith("per"):
                break  # a specific part beside it ("per l al"): not priced
            text = cells[-2]
            rate = Decimal(0) if text == "Free" else Decimal(text) / 100
            return MfnEntry(hs=code.replace(".", ""), rate=rate)
    parts = []
    for fields in lines:  # the rate's own cells: from "per ...", "plus ..." or "The rate ..."
        cells = [c.strip() for c in fields if c.strip()]
        for k, cell in enumerate(cells):
            if cell.startswith(("per", "plus", "The rate")):
                parts.append(" ".join(cells[k:]))
                break
    found = " ".join(dict.fromkeys(parts)) or "no rate found"
    shown = " ".join(found.replace('"', "'").split())[:120]
    return MfnEntry(hs=code.replace(".", ""), not_covered=f"the Working Tariff Document gives "
                    f"'{shown}' as the Normal Tariff: a form the rules do not price")


def main() -> None:
    """Read the text files, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zip", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    raw = args.zip.read_bytes()
    lines: dict[str, MfnEntry] = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in sorted(archive.namelist()):
            if not re.search(r"Tariff\d\d\.txt$", name) or re.search(r"Tariff9[89]", name):
                continue
            text = archive.read(name).decode("cp1252")
            for code, item_lines in items(text):
                entry = normal(code, item_lines)
                if entry.hs in lines and lines[entry.hs] != entry:
                    entry = MfnEntry(hs=entry.hs, not_covered="the Working Tariff Document "
                                     "prints this item twice with different rates")
                lines[entry.hs] = entry
    out, mfn, unpriced = write_national_table(
        lines, tariff="NZ", as_of=AS_OF, source=SOURCE, import_format="nz-wtd-text",
        file=args.zip.name, sha256=hashlib.sha256(raw).hexdigest(), confidence="low",
        note=NOTE, out=args.out, made_by=MADE_BY)
    print(f"written: {out}")
    print(f"{len(lines)} items, {len(lines) - len(unpriced)} priced, {len(unpriced)} not")
    subheadings = len({e.hs[:6] for e in mfn})
    print(f"{subheadings} subheadings, {len(mfn)} entries:", dict(Counter(len(e.hs) for e in mfn)))
    print("rates:", Counter(str(e.rate) for e in mfn if e.not_covered is None).most_common(8))


if __name__ == "__main__":
    main()
