"""Write rules/tariffs/KR.yaml from the Korea Customs Service's tariff-rate file (2025).

Run from the repository root: ``python bench/regen_kr_tariff.py [RATES_CSV] [--out DIR]``
(default ``bench/data/KR_tariff_rates_2025.csv``), or, with a new edition of the file,
``python bench/regen_kr_tariff.py --from-csv 관세율표.csv`` to rewrite that CSV from it first.

Where the rates come from. The Korea Customs Service publishes every rate of Korea's tariff by
10-digit HSK line as the open-data file "관세청_품목번호별 관세율표" (data.go.kr dataset
15051179; columns 품목번호, 관세율구분, 관세율, 단위당세액, 기준가격, 적용국가구분,
용도세율구분, 적용개시일, 적용만료일), one block per kind of rate (관세율구분): A the basic rate
of the Customs Act's schedule (기본세율), C the WTO concession rate (WTO양허규정 별표1가), L the
adjustment tariffs (조정관세), F the international cooperation tariffs of tariff negotiations
(국제협력관세; those of 적용국가구분 1 apply to goods of every origin), W1 / W2 the WTO
tariff-rate quotas' in-quota (with a recommendation) and out-of-quota rates (별표1나), P1 / P3
the quota tariffs (할당관세), the agreement and preference rates (E*, F*, R ...) and U (goods
of North Korea). The 2025 edition
(every row 2025-01-01 to 2025-12-31) read here is the CSV committed to
github.com/juhun-ham/2025-2-DSCD-FIVE-01 @ 86c162b (``data/관세율표.csv``). That repository has no
snapshot here: the blocks A, C, F, L, W1 and W2 were read through the code index's reader in
16,000-character pages on 2026-12-05 and copied out as they stand (the kept CSV's header says
how they were checked). The meaning of each code is UNI-PASS's (세율적용 우선순위).

Which rate applies to goods of a WTO member without an agreement claim (Customs Act, Article
50): the WTO concession rate or an international cooperation tariff for every origin, where it
is lower than the basic (or adjustment) rate, else the basic rate; an adjustment tariff before
either. So each line is written:

- with an L row (adjustment tariff, 2025): that rate for its days (the higher reading: an
  adjustment tariff of Article 69(2) applies before the concession rate), and not covered from
  2026-01-01 (each year's adjustment tariffs are set by decree; 2026's are not in the file);
- with one W1 and one W2 row (a WTO tariff-rate quota), each a plain percentage: the W1 rate
  in quota (goods with a quota recommendation) and the W2 rate out of quota
  (``out_of_quota``: the quote line says which applies, ``tariff_quota``); where either gives
  an amount per unit too ("N % or KRW M per unit, whichever is the greater", the unit not
  given) or there are more rows, not covered, naming them and the basic rate; with a W2 row
  only (no in-quota rate: beef 40 % where the basic rate is
  30 %), the W2 rate, which goods without a recommendation pay;
- otherwise the lowest of A, C and F; a C or F row that also gives an amount per unit
  (단위당세액, "N % or KRW M per unit, whichever is the greater", the unit not given) is taken
  only where its ad valorem part is not lower than the rate so far (which then applies), else
  the line is not covered.

Rows with a use-rate mark (용도세율구분: a rate for goods of a stated end use) or for listed
countries only (적용국가구분 2) are not the line's general rate and are left out; a line with
no general A row is not covered. The quota tariffs (P1, P3: lower rates, by recommendation or
for a year's period), the special safeguards (T1, T2), C1-C6 (whose meaning is not
published), and the preferences and agreements other than those below are not read. Entries are in
force from 2025-01-01, the file's first day, and kept after 2025-12-31: the basic and
concession rates are the Act's and the WTO schedule's and change by their amendment, which
the 2025 file cannot show. Confidence low: a quote on these lines goes to review.

Agreement rates (:func:`agreement_entries`): KORUS (FUS1), the EU-Korea FTA (FEU1) and the
UK-Korea FTA (FGB1), each beside the curated ``hs: "*"`` zero of rules/countries/KR.yaml, and
the Korea-China FTA (FCN1), the Korea-ASEAN FTA's common schedule (FAS1, for the members
without a schedule of their own in the file), the FTAs with Australia (FAU1), Cambodia (FKH1),
Canada (FCA1), Chile (FCL1), Colombia (FCO1), Israel (FIL1), New Zealand (FNZ1), Peru (FPE1),
the Philippines (FPH1), Singapore (FSG1), Türkiye (FTR1) and Viet Nam (FVN1), the CEPAs with
India (FIN1) and Indonesia (FID1), the Korea-EFTA FTA (FEF1) and Korea's RCEP schedules for
the ASEAN members (FRCAS1), Australia (FRCAU1), China (FRCCN1), Japan (FRCJP1) and New Zealand
(FRCNZ1), each beside a zero of the table's own: a line the agreement does not free gets its
rate (the lower of it and the MFN duty; the MFN duty where it gives one the script does not
read), and a line the file gives no rate of the agreement is ``excluded`` from it (a claim
pays the MFN duty). The EU and UK rows are those of
2025-01-01 to 2025-06-30 (both agreements cut their staged rates each 1 July), the others
2025's (cut each 1 January): kept after, a stage too high at most, never lower.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import (  # noqa: E402
    CHAPTERS_1_97,
    NotUnderstood,
    export_parser,
    from_percent,
    write_kept_lines,
    write_national_table,
)

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry, PreferentialEntry, QuotaDuty  # noqa: E402
from pricing_engine.tariff.table import by_subheading  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "KR_tariff_rates_2025.csv"
IN_FORCE = date(2025, 1, 1)
NEXT_YEAR = date(2026, 1, 1)
#: The agreement blocks read: the rate a quote claiming the agreement gets, for its origins,
#: and whether rules/countries/KR.yaml has its ``hs: "*"`` zero (its names and origins),
#: else the table writes one. The Korea-ASEAN FTA's common schedule (FAS1) is read for the
#: members without a schedule of their own in the file (FASTH: Thailand; FASPH1-3: the
#: Philippines, not read: their goods get the MFN duty under it).
AGREEMENTS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "FUS1": ("KORUS", ("US",), True),
    "FEU1": ("EU-Korea FTA", ("EU",), True),
    "FGB1": ("UK-Korea FTA", ("GB",), True),
    "FCN1": ("Korea-China FTA", ("CN",), False),
    "FAS1": ("AKFTA", ("BN", "ID", "KH", "LA", "MM", "MY", "SG", "VN"), False),
    "FAU1": ("Korea-Australia FTA", ("AU",), False),
    "FCA1": ("Korea-Canada FTA", ("CA",), False),
    "FCL1": ("Korea-Chile FTA", ("CL",), False),
    "FIN1": ("Korea-India CEPA", ("IN",), False),
    "FNZ1": ("Korea-New Zealand FTA", ("NZ",), False),
    "FRCJP1": ("RCEP", ("JP",), False),  # Korea's RCEP schedule for Japan's goods
    "FSG1": ("Korea-Singapore FTA", ("SG",), False),
    "FVN1": ("Korea-Vietnam FTA", ("VN",), False),
    "FCO1": ("Korea-Colombia FTA", ("CO",), False),
    "FID1": ("Korea-Indonesia CEPA", ("ID",), False),
    "FIL1": ("Korea-Israel FTA", ("IL",), False),
    "FKH1": ("Korea-Cambodia FTA", ("KH",), False),
    "FPE1": ("Korea-Peru FTA", ("PE",), False),
    "FPH1": ("Korea-Philippines FTA", ("PH",), False),
    "FTR1": ("Korea-Turkey FTA", ("TR",), False),
    "FEF1": ("Korea-EFTA FTA", ("CH", "IS", "LI", "NO"), False),
    # Korea's RCEP schedules for the other parties (all in force with Korea before 2025)
    "FRCAS1": ("RCEP", ("BN", "ID", "KH", "LA", "MY", "PH", "SG", "TH", "VN"), False),
    "FRCAU1": ("RCEP", ("AU",), False),
    "FRCCN1": ("RCEP", ("CN",), False),
    "FRCNZ1": ("RCEP", ("NZ",), False),
}
KINDS = ("A", "C", "F", "L", "W1", "W2", *AGREEMENTS)  # the blocks kept
#: the agreements written to a second table, rules/tariffs/KR.agreements.yaml (one file would
#: be over the loader's size limit of a rule file)
SECOND_TABLE = ("RCEP", "Korea-EFTA FTA")
HEADER = ("품목번호", "관세율구분", "관세율", "단위당세액", "기준가격", "적용국가구분",
          "용도세율구분", "적용개시일", "적용만료일")
SOURCE = SourceModel(
    id="kr-kcs-rates-2025",
    title="Korea Customs Service, tariff rates by HSK line (관세청_품목번호별 관세율표, data.go.kr "
          "dataset 15051179), 2025: the basic rate (A), WTO concession (C), international "
          "cooperation tariff (F), adjustment tariffs (L) and WTO tariff-rate quotas (W1, W2) "
          "of each 10-digit line",
    url="https://www.data.go.kr/data/15051179/fileData.do",
    accessed=date(2026, 12, 5),
    note="2025 edition read from the CSV committed to github.com/juhun-ham/2025-2-DSCD-FIVE-01 "
         "@ 86c162b (data/관세율표.csv), copied through the code index's reader; kept in "
         "bench/data/KR_tariff_rates_2025.csv. The codes' meanings are UNI-PASS's (세율적용 "
         "우선순위, https://unipass.customs.go.kr/clip/hsinfosrch/openULS0201009Q.do)")
NOTE = ("The duty of each 10-digit HSK line of Korea's tariff for goods of WTO members without "
        "an agreement claim, as the Korea Customs Service's 2025 rate file gives it: the WTO "
        "concession rate or an international cooperation tariff for every origin where lower "
        "than the basic rate, else the basic rate (Customs Act, "
        "Article 50), from 2025-01-01; 2025's adjustment tariffs to 2025-12-31 (those lines "
        "are not covered after). Not contained: quota tariffs (할당관세), special safeguards, "
        "end-use rates, tariff-rate quota lines (not covered: both rates named), the rates "
        "of agreements other than KORUS, the EU-Korea, UK-Korea, Korea-China, Korea-Australia, "
        "Korea-Cambodia, Korea-Canada, Korea-Chile, Korea-Colombia, Korea-Israel, Korea-New "
        "Zealand, Korea-Peru, Korea-Philippines, Korea-Singapore, Korea-Turkey and Korea-Viet Nam "
        "FTAs, the Korea-India and Korea-Indonesia CEPAs and the Korea-ASEAN FTA's common "
        "schedule (whose 2025 rates are written for the lines they do not free, kept after "
        "2025: a stage too high at most; a line without a rate of the agreement is excluded "
        "from it) and, in rules/tariffs/KR.agreements.yaml, the Korea-EFTA FTA and Korea's RCEP "
        "schedules, preferences, anti-dumping duties, changes of the tariff after 2025, VAT and "
        "excise. Confidence low: a quote on these lines goes to review.")
SECOND_NOTE = (
    "Korea's rates under the Korea-EFTA FTA (its common schedule FEF1, for CH, IS, LI and NO; "
    "the states' own schedules of farm goods, FEFCH, FEFIS and FEFNO, are not read) and RCEP "
    "(Korea's schedules for the ASEAN members, FRCAS1; Australia, FRCAU1; China, FRCCN1; Japan, "
    "FRCJP1; New Zealand, FRCNZ1), as the Korea Customs Service's 2025 rate file gives them, "
    "beside rules/tariffs/KR.yaml's MFN duties (one table would be over the loader's size "
    "limit): each agreement's zero for every code, the 2025 rate of each line it does not free "
    "(kept after 2025: a stage too high at most), and an exclusion where the file gives a line "
    "no rate of it (a claim pays the MFN duty). Sub-schedules (FRCAS2-8 and the like: tariff "
    "quotas, seasonal and kind-of-goods rates) are not read. Confidence low: a quote on these "
    "lines goes to review.")
MADE_BY = "bench/regen_kr_tariff.py from the Korea Customs Service's rate file"




def _day(text: str) -> date:
    """A date of the file (YYYYMMDD)."""
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def _shown(row: list[str]) -> str:
    amount = f" or KRW {row[3]} per unit" if row[3] else ""
    return f"{row[2]} %{amount}"


def line_entries(code: str, rows: list[list[str]]) -> list[MfnEntry]:
    """The dated MFN entries of one line from its rows (the 9 columns of the file)."""
    general = [r for r in rows if not r[6] and r[5] == "1"]
    by_kind: dict[str, list[list[str]]] = defaultdict(list)
    for row in general:
        by_kind[row[1]].append(row)
    basic = by_kind.get("A", [])
    if len(basic) > 1:
        raise NotUnderstood(f"{code}: {len(basic)} basic-rate rows")
    outside = by_kind.get("W2", [])
    if outside and not by_kind.get("W1"):
        if len(outside) > 1 or outside[0][3]:
            return [MfnEntry(hs=code, valid_from=IN_FORCE, not_covered=(
                f"the WTO rate for goods without a quota recommendation is "
                f"{'; '.join(_shown(r) for r in outside)}, whichever is the greater (the unit "
                "not given)"))]
        return [MfnEntry(hs=code, rate=from_percent(outside[0][2]), valid_from=IN_FORCE, note=(
            f"the WTO rate for goods without a quota recommendation (미추천세율, W2); basic "
            f"rate {_shown(basic[0]) if basic else 'none'}"))]
    inside = by_kind.get("W1", [])
    if len(inside) == 1 and len(outside) == 1 and not inside[0][3] and not outside[0][3]:
        return [MfnEntry(hs=code, rate=from_percent(inside[0][2]),
                         out_of_quota=QuotaDuty(rate=from_percent(outside[0][2])),
                         valid_from=IN_FORCE, note=(
                             "a WTO tariff-rate quota line: W1 in quota, with a quota "
                             "recommendation; W2 out of quota; basic rate "
                             f"{_shown(basic[0]) if basic else 'none'}"))]
    if inside or outside:
        quota = "; ".join(f"{kind} {_shown(r)}" for kind in ("W1", "W2")
                          for r in by_kind.get(kind, []))
        why = (f"a WTO tariff-rate quota line ({quota}: W1 in quota with a recommendation, W2 "
               f"out of quota; basic rate {_shown(basic[0]) if basic else 'none'}): which "
               "applies depends on the importer's quota recommendation")
        return [MfnEntry(hs=code, not_covered=why, valid_from=IN_FORCE)]
    if not basic:
        return [MfnEntry(hs=code, valid_from=IN_FORCE, not_covered=(
            "the rate file gives this line no general basic rate (only rates for a stated "
            "end use, or none)"))]
    if basic[0][3]:
        return [MfnEntry(hs=code, valid_from=IN_FORCE, not_covered=(
            f"the basic rate is {_shown(basic[0])}, whichever is the greater, and the rate "
            "file does not give the unit"))]
    adjustment = by_kind.get("L", [])
    if adjustment:
        if len(adjustment) > 1:
            raise NotUnderstood(f"{code}: adjustment-tariff rows not read: {adjustment}")
        if adjustment[0][3]:
            return [MfnEntry(hs=code, valid_from=IN_FORCE, not_covered=(
                f"an adjustment tariff (조정관세) of {_shown(adjustment[0])}, whichever is the "
                f"greater, to {_day(adjustment[0][8])} (the unit not given), and the next "
                "year's are not in the rules"))]
        last = _day(adjustment[0][8])
        return [
            MfnEntry(hs=code, rate=from_percent(adjustment[0][2]), valid_from=IN_FORCE,
                     valid_to=last, note=f"the adjustment tariff (조정관세) of 2025; basic "
                     f"rate {basic[0][2]} %"),
            MfnEntry(hs=code, valid_from=last + timedelta(days=1), not_covered=(
                f"an adjustment tariff (조정관세) of {adjustment[0][2]} % applied to this line "
                f"to {last}; each year's are set by decree, and the next are not in the "
                "rules")),
        ]
    rate = from_percent(basic[0][2])
    for kind, name in (("C", "the WTO concession rate"),
                       ("F", "the international cooperation tariff")):
        concession = by_kind.get(kind, [])
        if len(concession) > 1:
            raise NotUnderstood(f"{code}: {len(concession)} {kind} rows")
        if concession:
            lower = from_percent(concession[0][2])
            if concession[0][3] and lower < rate:
                return [MfnEntry(hs=code, valid_from=IN_FORCE, not_covered=(
                    f"{name} {_shown(concession[0])}, whichever is the greater (the unit not "
                    f"given), may be lower than the basic rate {basic[0][2]} %"))]
            rate = min(rate, lower)
    return [MfnEntry(hs=code, rate=rate, valid_from=IN_FORCE)]


class Stage(NamedTuple):
    """One dated agreement entry of a line: its rate and, for a tariff-quota line's MFN duty,
    the duty beyond the quota; ``rate`` None is an exclusion (the agreement grants the line
    nothing: a claim pays the MFN duty), ``note`` saying why."""

    start: date | None
    end: date | None
    rate: Decimal | None
    note: str
    beyond: QuotaDuty | None = None

    @property
    def free(self) -> bool:
        return self.rate is not None and self.rate == 0 and self.beyond is None


def _priced(entries: list[MfnEntry]) -> list[MfnEntry]:
    """A line's MFN entries that give a duty (not the days it is not covered)."""
    return [e for e in entries if e.not_covered is None and e.rate is not None]


def _mfn_stage(e: MfnEntry, note: str) -> Stage:
    """The MFN duty of a line's entry as an agreement stage (a quota line's both sides)."""
    return Stage(e.valid_from, e.valid_to, e.rate, note, e.out_of_quota)


def agreement_entries(rows: dict[str, list[list[str]]], lines: dict[str, list[MfnEntry]],
                      six: set[str]) -> tuple[list[PreferentialEntry], Counter[str]]:
    """The preferential entries of :data:`AGREEMENTS` beside an ``hs: "*"`` zero (rules/
    countries/KR.yaml's curated one, or the table's own): each priced line whose agreement
    rate is not free gets its own entry (the lower of the agreement's rate and the MFN duty;
    the MFN duty where the file gives the line no rate of the agreement, or one it does not
    read: with an amount per unit, or seasonal, for part of the year). On a tariff-quota line
    the agreement's rate stands alone (the quote compares it with the MFN duty of the side
    of the quota the line declares), and the MFN duty it falls back to is both sides. Where
    the MFN table writes one six-digit entry for a subheading, its lines' rates are written
    as one six-digit entry when they agree; when they differ, the six-digit code gets the MFN
    duty (a six-digit claim is not granted what only some lines have) and every line its own
    entry, a free one too. Dated as the line's MFN entries."""
    out: list[PreferentialEntry] = []
    counts: Counter[str] = Counter()
    for kind, (agreement, origins, curated) in AGREEMENTS.items():
        if not any(r[1] == kind for given in rows.values() for r in given):
            continue  # a file without the block: no entry, no zero
        if not curated:
            out.append(PreferentialEntry(
                agreement=agreement, origins=origins, hs="*", rate=Decimal(0),
                valid_from=IN_FORCE, note=f"KCS {kind}: free unless an entry for the line "
                "says otherwise"))
        found: dict[str, tuple[Stage, ...]] = {}  # per line, over its priced MFN entries
        for code, entries in lines.items():
            given = [r for r in rows.get(code, []) if r[1] == kind and not r[6]]
            priced = _priced(entries)
            if not given and priced and not all(
                    _mfn_stage(e, "").free for e in priced):
                # the agreement grants the line nothing: an ``excluded`` entry, the claim
                # paying the MFN duty of the day
                counts[f"{agreement}: none"] += len(priced)
                found[code] = (Stage(priced[0].valid_from, None, None,
                                     f"KCS's rate file gives no {agreement} rate for this "
                                     "line"),)
                continue
            stages: list[Stage] = []
            for e in priced:
                if len(given) == 1 and not given[0][3] and given[0][7] == "20250101" \
                        and given[0][8] in ("20250630", "20251231"):
                    rate = from_percent(given[0][2])
                    stage = Stage(e.valid_from, e.valid_to, rate if e.out_of_quota is not None
                                  else min(rate, e.rate), "")
                    what = "read"
                elif not given:
                    stage, what = _mfn_stage(e, "no agreement rate: the MFN duty"), "none"
                else:
                    stage, what = _mfn_stage(e, (
                        f"the agreement rate {'; '.join(_shown(r) for r in given)} is not "
                        "read: the MFN duty")), "unread"
                counts[f"{agreement}: {what}"] += 1
                stages.append(stage)
            if stages:
                found[code] = tuple(stages)
        by_sub: dict[str, list[str]] = defaultdict(list)
        for code in sorted(found):
            by_sub[code[:6]].append(code)
        write: list[tuple[str, tuple[Stage, ...]]] = []
        for sub, codes in by_sub.items():
            alike = len({found[c] for c in codes}) == 1
            if sub in six and alike:
                write.append((sub, found[codes[0]]))
                continue
            if sub in six:  # the MFN duty for a six-digit claim, each line its own
                counts[f"{agreement}: subheadings whose lines differ"] += 1
                mfn = [_mfn_stage(e, "the agreement's rates differ between the lines of this "
                                     "subheading: give the national line (meanwhile the MFN "
                                     "duty)")
                       for e in _priced(lines[codes[0]])]
                write.append((sub, tuple(mfn)))
                write += [(c, found[c]) for c in codes]
                continue
            write += [(c, found[c]) for c in codes if not all(s.free for s in found[c])]
        for hs, written in write:
            if hs in six and all(s.free for s in written):
                continue  # the "*" zero
            for s in written:
                out.append(PreferentialEntry(
                    agreement=agreement, origins=origins, hs=hs, rate=s.rate,
                    out_of_quota=s.beyond, valid_from=s.start, valid_to=s.end,
                    note=s.note or None) if s.rate is not None else PreferentialEntry(
                    agreement=agreement, origins=origins, hs=hs, excluded=s.note,
                    valid_from=s.start))
    return out, counts


def read_rows(path: Path) -> dict[str, list[list[str]]]:
    """The kept file's rows by line code; a row of another shape, a code outside chapters
    1-97 or a date not of 2025 stops the script naming the file and line."""
    lines: dict[str, list[list[str]]] = defaultdict(list)
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        row = line.split(",")
        if len(row) != len(HEADER) or not re.fullmatch(r"\d{10}", row[0]) \
                or row[1] not in KINDS:
            raise SystemExit(f"{path}:{number}: not a row of the kinds read: {line!r}")
        if not row[0].startswith(CHAPTERS_1_97):
            raise SystemExit(f"{path}:{number}: {row[0]} is outside chapters 1-97")
        if not (row[7].startswith("2025") and row[8].startswith("2025")):
            raise SystemExit(f"{path}:{number}: dates {row[7]}-{row[8]} are not of 2025")
        if row[1] in AGREEMENTS:
            pass  # an agreement's rate may be for part of the year (a stage)
        elif row[7] != "20250101" or (row[1] != "L" and row[8] != "20251231"):
            raise SystemExit(f"{path}:{number}: a rate for part of the year: {line!r}")
        try:
            Decimal(row[2])
        except ArithmeticError:
            raise SystemExit(f"{path}:{number}: rate {row[2]!r} is not a number") from None
        lines[row[0]].append(row)
    return lines


def csv_from_export(export: Path, out: Path) -> int:
    """Rewrite ``out`` from an edition of the rate file: its rows of the kinds read."""
    raw = export.read_bytes()
    text = raw.decode("utf-8-sig", errors="strict")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != HEADER:
        raise SystemExit(f"{export}: the header is not {','.join(HEADER)}")
    kept = [",".join(row) for row in rows[1:] if len(row) == len(HEADER) and row[1] in KINDS]
    header = [
        "# The Korea Customs Service's tariff-rate file (관세청_품목번호별 관세율표, data.go.kr",
        f"# 15051179), {export.name}, sha256 {hashlib.sha256(raw).hexdigest()}: its rows of",
        f"# the kinds {', '.join(KINDS)}. Written by bench/regen_kr_tariff.py --from-csv.",
        "# " + ",".join(HEADER),
    ]
    return write_kept_lines(out, header, kept)


def main() -> None:
    """Read the rows, build the table, write it, print figures."""
    args = export_parser(__doc__, DEFAULT, option="--from-csv", metavar="RATE_FILE",
                         what="an edition of the rate file").parse_args()
    if args.from_csv:
        print(f"{csv_from_export(args.from_csv, args.lines)} rows written to {args.lines}")
    lines: dict[str, list[MfnEntry]] = {}
    kinds: Counter[str] = Counter()
    rows = read_rows(args.lines)
    for code, given in sorted(rows.items()):
        try:
            found = line_entries(code, given)
        except NotUnderstood as exc:
            raise SystemExit(f"{args.lines}: {exc}") from None
        lines[code] = found
        kinds["adjustment tariff" if len(found) > 1 else
              "not covered" if found[0].not_covered else
              "tariff quota" if found[0].out_of_quota is not None else "priced"] += 1
    print(f"{sum(kinds.values())} lines read: {dict(kinds)}")
    six = {e.hs for e in by_subheading(e for found in lines.values() for e in found)
           if len(e.hs) == 6}
    preferential, counts = agreement_entries(rows, lines, six)
    print(f"{len(preferential)} agreement entries: {dict(sorted(counts.items()))}")
    sha256 = hashlib.sha256(args.lines.read_bytes()).hexdigest()
    second = [e for e in preferential if e.agreement in SECOND_TABLE]
    written, entries, _ = write_national_table(
        lines, tariff="KR", as_of=IN_FORCE, source=SOURCE, import_format="kr-kcs-rates-csv",
        file=args.lines.name, sha256=sha256, confidence="low", note=NOTE, out=args.out,
        made_by=MADE_BY, in_force_from_as_of=False,
        preferential=[e for e in preferential if e.agreement not in SECOND_TABLE])
    print(f"written to {written}: {len(entries)} entries",
          dict(Counter(len(e.hs) for e in entries)))
    written, _, _ = write_national_table(
        {}, tariff="KR", as_of=IN_FORCE, source=SOURCE, import_format="kr-kcs-rates-csv",
        file=args.lines.name, sha256=sha256, confidence="low", note=SECOND_NOTE, out=args.out,
        made_by=MADE_BY, in_force_from_as_of=False, name="KR.agreements.yaml",
        preferential=second)
    print(f"written to {written}: {len(second)} agreement entries ({', '.join(SECOND_TABLE)})")


if __name__ == "__main__":
    main()
