"""Write rules/tariffs/CN.yaml from the MFN column of China's import tariff, 2026 edition.

Run from the repository root: ``python bench/regen_cn_tariff.py [LINES_TSV] [--out DIR]``
(default ``bench/data/CN_tariff_2026.tsv``), or, with a new parse of the tariff,
``python bench/regen_cn_tariff.py --from-json import_raw.json meta.json`` to rewrite that TSV
from it first.

Where the lines come from. The Customs Tariff of the People's Republic of China (《中华人民共和国
进出口税则（2026）》, the annex to the Customs Tariff Law) is compiled by the State Council
Tariff Commission from its announcement of the 2025 edition (税委会公告2024年第13号) and the
2026 tariff adjustment plan (税委会公告2025年第11号), in force from 2026-01-01. It is published
as a book and PDF; the machine-readable copy read here is a third party's parse of that PDF,
``data/import_raw.json`` (8,972 eight-digit lines: code, description, MFN, agreement,
special-preference and general columns, page) and ``data/meta.json`` (the rules and
explanations, the footnotes of each page) of github.com/mosgpt-alt/shuimatong @ 8a7b829
("中华人民共和国进出口税则（2026）"). That repository has no snapshot here: its JSON was read
through the code index's reader in 16,000-character pages and each line's code, MFN cell and
page copied out (bench/data/CN_tariff_2026.tsv says how it was checked). The TSV keeps the
code, the MFN cell as written and, where the cell carries a footnote mark, the footnote's
text from meta.json (the footnotes are numbered per page).

How a cell is read (the tariff's rules and explanations, 一(二)3, (六)2, (七)2):

- ``N``: N % ad valorem.
- ``N∆M``: N % MFN with a provisional rate (进口暂定税率) of M %, which applies instead to
  goods entitled to MFN rates; provisional rates are set for a calendar year, so M % is
  written for 2026 and N % from 2027-01-01 (the 2027 plan is not in this table).
- a footnote mark instead of the rate, the note "最惠国税率：X元/千克" (or 元/平方米, 元/吨,
  元/升): a specific duty of CNY X per kilogram (square metre, tonne, litre); after ``∆``,
  "最惠国暂定税率：..." the provisional duty, "R%或A元/吨，两者从低" being R % at most CNY A
  per tonne.
- ``N`` with the note "关税配额税率：Q": a tariff-quota line (wheat, maize, rice, sugar, wool,
  cotton, fertilisers): Q % in quota, N % out of quota (``out_of_quota``: the quote line says
  which applies, ``tariff_quota``); "关税配额税率：Q；进口暂定税率：P": P % in quota in 2026
  (the provisional rate), Q % from 2027-01-01. What the note says after that (a sliding duty
  on a quantity of cotton imported beyond the quota, at most the out-of-quota rate) is kept
  in the entry's note, not priced.
- the ITA expansion note on printed matter (49.xx) says nothing of the rate: the rate stands.

Any other cell or note stops the script, naming the line. Which entries are written: the lines
of a six-digit subheading that charge alike become one six-digit entry, else each line is
written (a six-digit lookup over lines of different duties names them). Confidence low: a
third party's parse, copied by hand through a reader; the ``ex`` marks of provisional rates
that apply to part of a line only, the agreement, special-preference and general columns,
anti-dumping, countervailing and safeguard duties, retaliatory tariffs, import VAT and
consumption tax are not in it: a quote on these lines goes to review.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import (  # noqa: E402
    NotUnderstood,
    from_percent,
    write_kept_lines,
    write_national_table,
)

from pricing_engine.rules.fields import Per, SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry, QuotaDuty  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "CN_tariff_2026.tsv"
IN_FORCE = date(2026, 1, 1)  # 税则（2026）: 自2026年1月1日起实施
PROVISIONAL_END = date(2026, 12, 31)  # the 2026 plan's provisional rates
NEXT_YEAR = date(2027, 1, 1)
CHAPTERS_1_97 = tuple(f"{c:02d}" for c in range(1, 98))
NUM = r"\d+(?:\.\d+)?"
MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: one side of a cell: a rate, a footnote mark, or both ("65①": 65 %, see note ①)
SIDE = rf"({NUM})?([{MARKS}]*)"
CELL = re.compile(rf"^{SIDE}(?:[∆△]{SIDE})?$")
UNITS: dict[str, Per] = {"千克": "kg", "平方米": "m2", "吨": "tonne", "升": "litre"}
SPECIFIC = re.compile(rf"^最惠国(暂定)?税率：({NUM})元/(千克|平方米|吨|升)。$")
CAPPED = re.compile(rf"^最惠国暂定税率：({NUM})%或({NUM})元/(千克|吨)，两者从低。$")
QUOTA = re.compile(rf"^关税配额税率：({NUM})(?:；进口暂定税率：({NUM}))?。")
ITA_PRINTED = "取消印刷品的关税仅影响参加方有关货物贸易的权利和义务"
SOURCE = SourceModel(
    id="cn-tariff-2026",
    title="Customs Tariff of the People's Republic of China (2026) (中华人民共和国进出口税则"
          "（2026）), State Council Tariff Commission: the MFN column of each 8-digit line, "
          "with the 2026 provisional rates (announcements 2024 No. 13 and 2025 No. 11)",
    url="https://gss.mof.gov.cn/",
    accessed=date(2026, 12, 5),
    note="read from a third party's parse of the 2026 tariff book, github.com/mosgpt-alt/"
         "shuimatong @ 8a7b829 (data/import_raw.json, data/meta.json), copied through the "
         "code index's reader; kept in bench/data/CN_tariff_2026.tsv. Not a government file")
NOTE = ("The MFN import duty of each 8-digit line of China's Customs Tariff (2026), in force "
        "from 2026-01-01, with the 2026 provisional rates (which apply instead to goods "
        "entitled to MFN rates) to 2026-12-31 and the MFN rate from 2027-01-01. Not "
        "contained: the agreement rates (ACFTA, RCEP, ChAFTA and others; the curated entries "
        "of rules/countries/CN.yaml give some), special preferences, the general rate, "
        "which provisional rates apply to part of a line only (ex), the sliding duty on a "
        "quantity of cotton beyond its quota, anti-dumping, countervailing and "
        "safeguard duties, retaliatory tariffs (US goods: rules/countries/CN.yaml), import "
        "VAT and consumption tax. Confidence low: a third party's parse of the tariff book; "
        "a quote on these lines goes to review.")
MADE_BY = "bench/regen_cn_tariff.py from China's 2026 import tariff"




def _specific(note: str, code: str) -> tuple[SpecificModel, bool]:
    """The specific duty a note gives, and whether it is the provisional one."""
    found = SPECIFIC.match(note)
    if not found:
        raise NotUnderstood(f"{code}: footnote not read: {note!r}")
    return SpecificModel(amount=Decimal(found[2]), currency="CNY",
                         per=UNITS[found[3]]), bool(found[1])


def _mfn_side(code: str, number: str | None, note: str) -> MfnEntry:
    """The MFN (not provisional) duty of a cell's first side, from its number and note."""
    if note.startswith(ITA_PRINTED):
        note = ""
    if number is not None and not note:
        return MfnEntry(hs=code, rate=from_percent(number), valid_from=IN_FORCE)
    if number is None and note:
        specific, provisional = _specific(note, code)
        if provisional:
            raise NotUnderstood(f"{code}: a provisional note on the MFN side: {note!r}")
        return MfnEntry(hs=code, specific=specific, valid_from=IN_FORCE)
    raise NotUnderstood(f"{code}: MFN side not read: {number!r} {note!r}")


def _provisional_side(code: str, number: str | None, note: str) -> dict[str, Any]:
    """The duty terms of a cell's provisional side."""
    if number is not None and not note:
        return {"rate": from_percent(number)}
    capped = CAPPED.match(note)
    if number is None and capped:
        return {"rate": from_percent(capped[1]),
                "max": SpecificModel(amount=Decimal(capped[2]), currency="CNY",
                                     per=UNITS[capped[3]])}
    if number is None and note:
        specific, provisional = _specific(note, code)
        if provisional:
            return {"specific": specific}
    raise NotUnderstood(f"{code}: provisional side not read: {number!r} {note!r}")


def _quota_entries(code: str, number: str | None, quota: re.Match[str],
                   note: str) -> list[MfnEntry]:
    """The dated entries of a tariff-quota line: its in-quota rate (the 2026 provisional one,
    then the MFN in-quota rate from 2027) with the out-of-quota rate, the cell's number."""
    if number is None:
        raise NotUnderstood(f"{code}: a tariff-quota note without the out-of-quota rate")
    beyond = QuotaDuty(rate=from_percent(number))
    said = f"China's tariff, 2026: '{note}'"
    if not quota[2]:
        return [MfnEntry(hs=code, rate=from_percent(quota[1]), out_of_quota=beyond,
                         valid_from=IN_FORCE, note=f"a tariff-quota line ({said})")]
    return [
        MfnEntry(hs=code, rate=from_percent(quota[2]), out_of_quota=beyond,
                 valid_from=IN_FORCE, valid_to=PROVISIONAL_END,
                 note=f"a tariff-quota line, the 2026 provisional in-quota rate ({said})"),
        MfnEntry(hs=code, rate=from_percent(quota[1]), out_of_quota=beyond,
                 valid_from=NEXT_YEAR, note=(
                     "a tariff-quota line: the 2026 provisional in-quota rate ended on "
                     f"2026-12-31 and the 2027 plan's is not in this table ({said})")),
    ]


def line_entries(code: str, cell: str, notes: list[str]) -> list[MfnEntry]:
    """The dated MFN entries of one line from its cell and the texts of its marks, in order."""
    found = CELL.match(cell)
    if not found or not cell:
        raise NotUnderstood(f"{code}: MFN cell not read: {cell!r}")
    base_number, base_marks, prov_number, prov_marks = found.groups()
    marks = [*base_marks, *(prov_marks or "")]
    if len(marks) != len(notes):
        raise NotUnderstood(f"{code}: {len(marks)} footnote mark(s) in {cell!r}, "
                            f"{len(notes)} note(s) given")
    base_notes, prov_notes = notes[:len(base_marks)], notes[len(base_marks):]
    provisional = "∆" in cell or "△" in cell
    quota = QUOTA.match(" ".join(base_notes))
    if quota:
        if provisional:
            raise NotUnderstood(f"{code}: a provisional rate on a tariff-quota line: {cell!r}")
        return _quota_entries(code, base_number, quota, " ".join(base_notes))
    mfn = _mfn_side(code, base_number, " ".join(base_notes))
    if not provisional:
        return [mfn]
    terms = _provisional_side(code, prov_number, " ".join(prov_notes))
    mfn_text = (f"{base_number} %" if base_number is not None
                else f"{mfn.specific[0].amount} CNY/{mfn.specific[0].per}"
                if mfn.specific else "?")
    return [
        MfnEntry(hs=code, valid_from=IN_FORCE, valid_to=PROVISIONAL_END,
                 note=f"the 2026 provisional rate (MFN {mfn_text})", **terms),
        mfn.model_copy(update={"valid_from": NEXT_YEAR, "note": (
            "the MFN rate: the 2026 provisional rate ended on 2026-12-31 and the 2027 "
            "plan's is not in this table")}),
    ]


def read_lines(path: Path) -> list[tuple[int, str, str, list[str]]]:
    """(line number, code, MFN cell, footnote texts) of each row of the kept TSV
    (``CODE<TAB>MFN<TAB>NOTES``, notes joined by `` | ``); a row of another shape, a code
    outside chapters 1-97 or given twice stops the script naming the file and line."""
    rows, seen = [], set()
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not re.fullmatch(r"\d{8}", parts[0]) or not parts[1]:
            raise SystemExit(f"{path}:{number}: not 'CODE<TAB>MFN<TAB>NOTES': {line!r}")
        code, cell, notes = parts
        if not code.startswith(CHAPTERS_1_97):
            raise SystemExit(f"{path}:{number}: {code} is outside chapters 1-97")
        if code in seen:
            raise SystemExit(f"{path}:{number}: {code} given twice")
        seen.add(code)
        rows.append((number, code, cell, notes.split(" | ") if notes else []))
    return rows


def _note(page: dict[str, str], mark: str) -> str:
    """The text of footnote ``mark`` of a page. The parse sometimes runs two notes together
    under the first mark and leaves the next one empty (page 479: ⑩ "普通税率：433元/平方米。
    最惠国税率：13元/平方米。", ⑪ ""): an empty note takes the second sentence of the one
    before it."""
    text = page.get(mark, "")
    index = MARKS.find(mark)
    if not text and index > 0:
        before = page.get(MARKS[index - 1], "")
        _, sep, rest = before.partition("。")
        if sep and rest.strip():
            return rest.strip()
    return text


def tsv_from_json(raw: Path, meta: Path, out: Path) -> int:
    """Rewrite ``out`` from the parse's ``import_raw.json`` and ``meta.json``: each line's
    code, MFN cell and the texts of the cell's footnote marks (by the line's page). Returns
    the number of lines kept."""
    lines = json.loads(raw.read_text("utf-8"))
    notes = json.loads(meta.read_text("utf-8"))["notes"]
    kept = []
    for row in lines:
        code, cell = str(row["code"]), str(row["mfn"]).strip()
        page = notes.get(str(row["page"]), {})
        texts = [_note(page, mark) for mark in cell if mark in MARKS]
        if any(not text for text in texts):
            raise SystemExit(f"{raw}: {code}: a footnote of {cell!r} is not on page "
                             f"{row['page']} of {meta}")
        kept.append(f"{code}\t{cell}\t{' | '.join(texts)}")
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    header = [
        "# China's import tariff, 2026 edition (中华人民共和国进出口税则（2026）), as parsed from",
        f"# the tariff book by a third party ({raw.name}, sha256 {digest}; {meta.name}):",
        "# the code, the MFN cell as written and the texts of its footnote marks of each line.",
        "# Written by bench/regen_cn_tariff.py --from-json.",
        "# CODE\tMFN\tNOTES",
    ]
    return write_kept_lines(out, header, kept)


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("lines", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--from-json", type=Path, nargs=2, metavar=("IMPORT_RAW", "META"),
                        help="first rewrite LINES_TSV from a parse of the tariff book")
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    if args.from_json:
        raw, meta = args.from_json
        count = tsv_from_json(raw, meta, args.lines)
        print(f"{count} lines written to {args.lines}")
    lines: dict[str, list[MfnEntry]] = {}
    kinds: Counter[str] = Counter()
    for number, code, cell, notes in read_lines(args.lines):
        try:
            found = line_entries(code, cell, notes)
        except NotUnderstood as exc:
            raise SystemExit(f"{args.lines}:{number}: {exc}") from None
        lines[code] = found
        kinds["tariff quota" if found[0].out_of_quota is not None else
              "provisional" if len(found) > 1 else
              "specific" if found[0].specific else "ad valorem"] += 1
    print(f"{sum(kinds.values())} lines read: {dict(kinds)}")
    written, entries, _ = write_national_table(
        lines, tariff="CN", as_of=IN_FORCE, source=SOURCE, import_format="cn-tariff-json",
        file=args.lines.name, sha256=hashlib.sha256(args.lines.read_bytes()).hexdigest(),
        confidence="low", note=NOTE, out=args.out, made_by=MADE_BY, in_force_from_as_of=False)
    print(f"written to {written}: {len(entries)} entries",
          dict(Counter(len(e.hs) for e in entries)))


if __name__ == "__main__":
    main()
