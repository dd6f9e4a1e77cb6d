"""Write rules/tariffs/CN.yaml from the MFN column of China's import tariff, 2026 edition, and
rules/tariffs/CN.agreements*.yaml from its agreement column.

Run from the repository root: ``python bench/regen_cn_tariff.py [LINES_TSV] [--out DIR]``
(default ``bench/data/CN_tariff_2026.tsv``, its agreement cells kept beside it in
``CN_tariff_2026.preferences.tsv``), or, with a new parse of the tariff,
``python bench/regen_cn_tariff.py --from-json import_raw.json meta.json`` to rewrite both
from it first (``--preferences-from-json``: the agreement cells only, listing the lines whose
MFN cell differs from LINES_TSV's: a check of two copies of the parse).

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
written (a six-digit lookup over lines of different duties names them). The agreement column
is read by bench/cn_agreements.py (how, and where the parse lost part of a cell, there);
its entries go to three files, an agreement's all in one (a rule file's bounds). Confidence
low: a third party's parse, copied by hand through a reader; the ``ex`` marks of provisional
rates that apply to part of a line only, the special-preference and general columns,
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

import cn_agreements  # noqa: E402
import kcs_preferences as prefs  # noqa: E402
import yaml  # noqa: E402
from _regen import (  # noqa: E402
    CHAPTERS_1_97,
    NotUnderstood,
    from_percent,
    write_kept_lines,
    write_national_table,
)
from cn_agreements import MARKS, NUM, UNITS  # noqa: E402  (the tariff book's notation)

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry, PreferentialEntry, QuotaDuty  # noqa: E402
from pricing_engine.tariff.table import by_subheading  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "CN_tariff_2026.tsv"
IN_FORCE = date(2026, 1, 1)  # 税则（2026）: 自2026年1月1日起实施
PROVISIONAL_END = date(2026, 12, 31)  # the 2026 plan's provisional rates
NEXT_YEAR = date(2027, 1, 1)
#: one side of a cell: a rate, a footnote mark, or both ("65①": 65 %, see note ①)
SIDE = rf"({NUM})?([{MARKS}]*)"
CELL = re.compile(rf"^{SIDE}(?:[∆△]{SIDE})?$")
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
        "entitled to MFN rates) to 2026-12-31 and the MFN rate from 2027-01-01. The "
        "agreement rates are in rules/tariffs/CN.agreements*.yaml. Not contained: special "
        "preferences, the general rate, which provisional rates apply to part of a line "
        "only (ex), the sliding duty on a "
        "quantity of cotton beyond its quota, anti-dumping, countervailing and "
        "safeguard duties, retaliatory tariffs (US goods: rules/countries/CN.yaml), import "
        "VAT and consumption tax. Confidence low: a third party's parse of the tariff book; "
        "a quote on these lines goes to review.")
AGREEMENTS_NOTE = (
    "The agreement rates (协定税率) of each 8-digit line of China's Customs Tariff (2026), in "
    "force from 2026-01-01, for the agreements of the tariff's table of agreements (APTA, "
    "ACFTA, China's FTAs with Chile, Pakistan, New Zealand, Singapore, Peru, Costa Rica, "
    "Switzerland, Iceland, Korea, Australia, Georgia, Mauritius, Cambodia, Nicaragua, "
    "Ecuador, Serbia and the Maldives, the Honduras early harvest, RCEP by RCEP origin, the "
    "Hong Kong and Macao CEPAs, ECFA): bench/cn_agreements.py. A claim needs proof of "
    "origin; the lower of the agreement and the MFN or provisional rate applies. Where the "
    "parse lost part of a line's cell, a claim under an agreement not read by then pays the "
    "MFN duty (excluded, saying so). Not "
    "contained: rates staged to fall after 2026 (2026's stand: never lower than the law's), "
    "the agreements' own tariff quotas and the terms on China's tariff-quota lines (a claim "
    "there pays the MFN duty), agreement duties in footnotes other than a duty per unit, "
    "ChAFTA's special safeguard on beef and milk powder (rules/countries/CN.yaml), the "
    "special preferential rates for least-developed countries. Confidence low: a third "
    "party's parse of the tariff book.")
MADE_BY = "bench/regen_cn_tariff.py from China's 2026 import tariff"
#: the most agreement entries one file holds (a rule file's bounds on bytes and YAML nodes)
PART = 25_000




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


def _kept(raw: Path, meta: Path) -> dict[str, list[str]]:
    """``CODE<TAB>CELL<TAB>NOTES`` for each line of the parse, by field (``mfn``; ``agr`` with
    each run of white space as one space: where the parse joins the lines the book's cell
    wraps over): the line's cell and the texts of the cell's footnote marks (by the line's
    page). The parse is read once for both."""
    notes = json.loads(meta.read_text("utf-8"))["notes"]
    kept: dict[str, list[str]] = {"mfn": [], "agr": []}
    for row in json.loads(raw.read_text("utf-8")):
        code, page = str(row["code"]), notes.get(str(row["page"]), {})
        for field, lines in kept.items():
            cell = str(row.get(field) or "").strip()
            if field == "agr":
                cell = " ".join(cell.split())
            texts = [_note(page, mark) for mark in cell if mark in MARKS]
            if any(not text for text in texts):
                raise SystemExit(f"{raw}: {code}: a footnote of {cell!r} is not on page "
                                 f"{row['page']} of {meta}")
            lines.append(f"{code}\t{cell}\t{' | '.join(texts)}")
    return kept


def _header(raw: Path, meta: Path, what: str, option: str) -> list[str]:
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    return [
        "# China's import tariff, 2026 edition (中华人民共和国进出口税则（2026）), as parsed from",
        f"# the tariff book by a third party ({raw.name}, sha256 {digest}; {meta.name}):",
        f"# the code, the {what} cell as written and the texts of its footnote marks of each",
        f"# line. Written by bench/regen_cn_tariff.py {option}.",
        f"# CODE\t{'MFN' if what == 'MFN' else 'AGREEMENTS'}\tNOTES",
    ]


def tsv_from_json(raw: Path, meta: Path, out: Path) -> int:
    """Rewrite ``out`` from the parse's ``import_raw.json`` and ``meta.json``: each line's
    code, MFN cell and the texts of the cell's footnote marks (by the line's page); and the
    agreement cells the same way (:func:`preferences_from_json`). Returns the number of
    lines kept."""
    kept = _kept(raw, meta)
    _write_preferences(raw, meta, out, "--from-json", kept)
    return write_kept_lines(out, _header(raw, meta, "MFN", "--from-json"), kept["mfn"])


def preferences_from_json(raw: Path, meta: Path, lines: Path, option: str) -> list[str]:
    """Rewrite the agreement cells kept beside ``lines`` (its ``.preferences.tsv``) from the
    parse; return the lines whose MFN cell differs from the one ``lines`` keeps (each
    ``code: kept -> parsed``), as a check of two copies of the parse."""
    kept = _kept(raw, meta)
    _write_preferences(raw, meta, lines, option, kept)
    if not lines.exists():
        return []
    before = {code: cell for _, code, cell, _ in read_lines(lines)}
    return [f"{code}: {before.get(code)!r} -> {cell!r}"
            for code, cell, _ in (row.split("\t") for row in kept["mfn"])
            if before.get(code) != cell]


def _write_preferences(raw: Path, meta: Path, lines: Path, option: str,
                       kept: dict[str, list[str]]) -> None:
    """Write the agreement cells of :func:`_kept` beside ``lines``."""
    write_kept_lines(prefs.preferences_tsv(lines), _header(raw, meta, "agreement", option),
                     kept["agr"])


def read_preferences(path: Path) -> dict[str, tuple[str, list[str]]]:
    """code -> (its agreement cell, the texts of the cell's footnote marks) of the kept
    ``CODE<TAB>AGREEMENTS<TAB>NOTES`` file; a row of another shape stops the script naming
    the file and line."""
    if not path.exists():
        raise SystemExit(f"{path}: not found (rewrite it with --preferences-from-json)")
    out: dict[str, tuple[str, list[str]]] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not re.fullmatch(r"\d{8}", parts[0]) or parts[0] in out:
            raise SystemExit(f"{path}:{number}: not 'CODE<TAB>AGREEMENTS<TAB>NOTES', or a "
                             f"code given twice: {line!r}")
        out[parts[0]] = (parts[1], parts[2].split(" | ") if parts[2] else [])
    return out


def agreement_entries(path: Path, lines: dict[str, list[MfnEntry]],
                      ) -> list[PreferentialEntry]:
    """The preferential entries of the agreement cells kept in ``path`` for the priced
    ``lines`` (bench/cn_agreements.py), printing what was read."""
    texts = {}
    for code, (cell, notes) in read_preferences(path).items():
        found = lines.get(code)
        try:
            texts[code] = cn_agreements.texts_of(
                cell, notes, bool(found) and found[0].out_of_quota is not None)
        except NotUnderstood as exc:
            raise SystemExit(f"{path}: {code}: {exc}") from None
    priced = {code: found for code, found in lines.items()
              if all(e.not_covered is None for e in found)}
    six = prefs.six_digit(by_subheading(e for found in priced.values() for e in found))
    curated = prefs.curated_entries(yaml.safe_load(
        (ROOT / "rules" / "countries" / "CN.yaml").read_text("utf-8")))
    entries, counts, table = cn_agreements.preferences(texts, priced, six, IN_FORCE, curated)
    broad = [c.heading for c in table if c.free_default]
    print(f"agreement cells read: {dict(counts)}; '*' zero for {', '.join(broad)}; "
          f"{len(entries)} preferential entries")
    return entries


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("lines", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--from-json", type=Path, nargs=2, metavar=("IMPORT_RAW", "META"),
                        help="first rewrite LINES_TSV (and the agreement cells kept beside "
                             "it) from a parse of the tariff book")
    parser.add_argument("--preferences-from-json", type=Path, nargs=2,
                        metavar=("IMPORT_RAW", "META"),
                        help="first rewrite only the agreement cells kept beside LINES_TSV, "
                             "listing the lines whose MFN cell differs from LINES_TSV's")
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    if args.from_json:
        raw, meta = args.from_json
        count = tsv_from_json(raw, meta, args.lines)
        print(f"{count} lines written to {args.lines}")
    if args.preferences_from_json:
        raw, meta = args.preferences_from_json
        differ = preferences_from_json(raw, meta, args.lines, "--preferences-from-json")
        print(f"agreement cells written to {prefs.preferences_tsv(args.lines)}; MFN cells "
              f"that differ from {args.lines.name}: {len(differ)}", *differ[:20], sep="\n")
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
    kept = prefs.preferences_tsv(args.lines)
    agreements = agreement_entries(kept, lines)  # read before anything is written
    written, entries, _ = write_national_table(
        lines, tariff="CN", as_of=IN_FORCE, source=SOURCE, import_format="cn-tariff-json",
        file=args.lines.name, sha256=hashlib.sha256(args.lines.read_bytes()).hexdigest(),
        confidence="low", note=NOTE, out=args.out, made_by=MADE_BY, in_force_from_as_of=False)
    print(f"written to {written}: {len(entries)} entries",
          dict(Counter(len(e.hs) for e in entries)))
    digest = hashlib.sha256(kept.read_bytes()).hexdigest()
    for n, part in enumerate(cn_agreements.parts(agreements, PART), 1):
        names = ", ".join(dict.fromkeys(e.agreement for e in part))
        written, _, _ = write_national_table(
            {}, tariff="CN", as_of=IN_FORCE, source=SOURCE, import_format="cn-tariff-json",
            file=kept.name, sha256=digest,
            confidence="low", note=f"{AGREEMENTS_NOTE} This file: {names}.", out=args.out,
            made_by=MADE_BY, in_force_from_as_of=False,
            name=f"CN.agreements{n if n > 1 else ''}.yaml", preferential=part)
        print(f"written to {written}: {len(part)} agreement entries ({names})")


if __name__ == "__main__":
    main()
