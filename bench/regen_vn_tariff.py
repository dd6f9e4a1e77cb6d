"""Write rules/tariffs/VN.yaml from the MFN column of Viet Nam's 2026 import tariff.

Run from the repository root: ``python bench/regen_vn_tariff.py [LINES_TSV] [--out DIR]``
(default ``bench/data/VN_tariff_2026-01.tsv``), or, with a new compilation,
``python bench/regen_vn_tariff.py --from-xlsx Tariff.xlsx`` to rewrite that TSV from it first.

Where the lines come from. Viet Nam's preferential import duty (thuế suất nhập khẩu ưu đãi,
the rate for goods of WTO members, "MFN") of each 8-digit AHTN 2022 line is set by Appendix II
of Decree 26/2023/ND-CP (from 2023-07-15) as amended since (Decree 73/2025/ND-CP of
2025-03-31: cars of 8703.23.57 and .63 to 50 %, 8703.24.51 to 32 %, wooden furniture of
94.01/94.03 to 0 %, apples 5 % ...). The Decree is published as a PDF; the machine-readable
copy read here is ``public/data/Tariff.xlsx`` committed to github.com/quyphong91/tariffvn @
29f65b2 (2026-01-07, "Update Tariff 7 Jan"; workbook modified 2026-01-07), a private
compilation of the 2026 tariff (level, code, Vietnamese and English description, the
standard rate, the MFN rate and 21 agreement columns), not a government file. It carries
Decree 73/2025's rates (checked on the lines above). The TSV keeps the code and MFN text of
the 11,414 lines of chapters 1-97 (``--from-xlsx`` reads columns B and F with the standard
library); chapter 98, Viet Nam's own list of goods classified elsewhere that take another rate
under conditions, is left out.

How a duty is read: ``N`` is N % ad valorem; ``N (NHN: M)`` is a tariff-quota line (N % in
quota, M % out of quota, ``out_of_quota``: the quote line says which applies,
``tariff_quota``); ``Theo hướng dẫn tại ... Chương 98`` sets the line's duty by the notes of
chapter 98 (used vehicles, goods taking a chapter 98 rate): a ``not_covered`` line with the
tariff's words. Any other text stops the script, naming the line.

Which entries are written: the lines of a six-digit subheading that charge alike become one
six-digit entry, else each line is written (a six-digit lookup over lines of different
duties names them), all from 2026-01-07, the compilation's date (each line's own date is not
in it). The days before: a line the Korea Customs Service's table of Viet Nam's tariff as
saved 2025-06-13 (column MFN 특혜세율; ``bench/data/VN_kcs_tariff_2025.tsv``) gives the same
rate is dated from that day; any other line, and each code only that table has in a
subheading with lines here, is ``not_covered`` from that day to 2026-01-06
(bench/kcs_dated_back.py). Confidence low: a private compilation, and changes after 2026-01-07, the
agreement rates, the specific and mixed duties of used vehicles, safeguard and anti-dumping
duties, excise and environmental protection tax are not in it: a quote on these lines goes
to review.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import (  # noqa: E402
    CHAPTERS_1_97,
    export_parser,
    read_code_duty_tsv,
    refuse_codes_twice,
    write_kept_lines,
    xlsx_rows,
)
from kcs_dated_back import (  # noqa: E402
    kcs_mfn,
    kcs_option,
    kcs_source,
    write_dated_line_table,
)

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry, QuotaDuty  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "VN_tariff_2026-01.tsv"
AS_OF = date(2026, 1, 7)  # the compilation's date (commit and workbook)
#: The Korea Customs Service's table of the tariff (its MFN column), for the days before.
KCS_MFN = ROOT / "bench" / "data" / "VN_kcs_tariff_2025.tsv"
KCS_WORKBOOK = "2025년_베트남_관세율표.xlsx"
KCS_SOURCE = kcs_source("VN", "Viet Nam", KCS_WORKBOOK, "MFN 특혜세율", KCS_MFN.name, "lines")
NOTE_BEFORE = (" Before 2026-01-07: from 2025-06-13 the lines the Korea Customs Service's 2025 "
               "table of Viet Nam's tariff charges alike; the other lines, and the codes only "
               "that table has, are not covered on those days.")
AD_VALOREM = re.compile(r"^(\d+(?:\.\d+)?)$")
QUOTA = re.compile(r"^(\d+(?:\.\d+)?) \(NHN: (\d+(?:\.\d+)?)\)$")
CHAPTER_98 = re.compile(r"^Theo hướng dẫn .*Chương 98$")
SOURCE = SourceModel(
    id="vn-mfn-2026",
    title="Viet Nam, the preferential (MFN) import duty of each AHTN 2022 line: Decree "
          "26/2023/ND-CP Appendix II as amended (Decree 73/2025/ND-CP ...), 2026 tariff",
    url="https://vanban.chinhphu.vn/",
    accessed=date(2026, 12, 3),
    note="read from a private compilation of the 2026 tariff committed to "
         "github.com/quyphong91/tariffvn @ 29f65b2 (public/data/Tariff.xlsx, 2026-01-07), not "
         "a government file; kept in bench/data/VN_tariff_2026-01.tsv")
NOTE = ("The preferential (MFN) import duty of each line of Viet Nam's tariff as a private "
        "compilation gave it on 2026-01-07 (Decree 26/2023/ND-CP as amended, Decree "
        "73/2025/ND-CP included), from that day. Not contained: changes after 2026-01-07, "
        "agreement rates (ATIGA, ACFTA, CPTPP, EVFTA, RCEP and others), chapter 98 rates, "
        "used vehicles' specific and mixed duties, safeguard "
        "and anti-dumping duties, excise, environmental protection tax. Confidence low: a quote "
        "on these lines goes to review.")
MADE_BY = "bench/regen_vn_tariff.py from a compilation of Viet Nam's 2026 tariff"


def tsv_from_xlsx(xlsx: Path, out: Path) -> int:
    """Rewrite ``out`` from a compilation: code (column B) and MFN text (column F) of each
    8-digit line of chapters 1-97. Returns the number of lines kept."""
    raw = xlsx.read_bytes()
    kept: list[str] = []
    for number, cells in xlsx_rows(xlsx):
        code, duty = (cells.get(k, "").strip() for k in "BF")
        if not re.fullmatch(r"\d{8}", code) or not code.startswith(CHAPTERS_1_97):
            continue
        duty = " ".join(duty.split())
        if not duty:
            raise SystemExit(f"{xlsx}: row {number}: {code} gives no MFN rate")
        kept.append(f"{code}\t{duty}")
    header = [
        "# Viet Nam's 2026 import tariff as compiled on 2026-01-07 (public/data/Tariff.xlsx of",
        "# github.com/quyphong91/tariffvn @ 29f65b2; Decree 26/2023/ND-CP Appendix II as",
        f"# amended), sha256 {hashlib.sha256(raw).hexdigest()}:",
        "# the code (column B) and preferential MFN duty as written (column F) of each 8-digit",
        "# line of chapters 1-97. Written by bench/regen_vn_tariff.py --from-xlsx.",
        "# CODE\tDUTY",
    ]
    return write_kept_lines(out, header, kept)


def line_entry(code: str, text: str) -> MfnEntry:
    """The MFN entry of one line from its duty as written."""
    found = AD_VALOREM.match(text)
    if found:
        return MfnEntry(hs=code, rate=Decimal(found[1]) / 100, valid_from=AS_OF)
    found = QUOTA.match(text)
    if found:
        return MfnEntry(hs=code, rate=Decimal(found[1]) / 100,
                        out_of_quota=QuotaDuty(rate=Decimal(found[2]) / 100), valid_from=AS_OF,
                        note=f"a tariff-quota line ('{text}')")
    if CHAPTER_98.match(text):
        why = f"the tariff sets this line's duty by the notes of its chapter 98 ('{text}')"
        return MfnEntry(hs=code, not_covered=why, valid_from=AS_OF)
    raise SystemExit(f"{code}: duty text not understood: {text!r}")


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = export_parser(__doc__, DEFAULT)
    kcs_option(parser, KCS_MFN, KCS_WORKBOOK)
    args = parser.parse_args()
    if args.from_xlsx:
        print(f"{tsv_from_xlsx(args.from_xlsx, args.lines)} lines written to {args.lines}")
    rows = read_code_duty_tsv(args.lines, CHAPTERS_1_97)
    refuse_codes_twice((code for _, code, _ in rows), "tariff lines")
    lines = [line_entry(code, text) for _, code, text in rows]
    kinds = Counter("tariff quota" if e.out_of_quota is not None else
                    "ad valorem" if e.rate is not None else
                    "chapter 98" for e in lines)
    print(f"{len(rows)} lines read: {dict(kinds)}")
    snapshot = kcs_mfn(args.kcs_xlsx, "MFN 특혜세율", 8, KCS_MFN, "Viet Nam's import tariff")
    write_dated_line_table(lines, snapshot, tariff="VN", as_of=AS_OF,
                           source=SOURCE, kcs=KCS_SOURCE,
                           what="KCS's 2025 table of Viet Nam's tariff",
                           import_format="vn-tariff-xlsx", kept=args.lines,
                           note=NOTE + NOTE_BEFORE, out=args.out, made_by=MADE_BY)


if __name__ == "__main__":
    main()
