"""Date a government tariff table's lines back to the Korea Customs Service's 2025 snapshot.

A table read from a government's own publication is in force from that publication's day
(Israel's customs book as built on 2026-03-10); on the days before, it gives nothing and a
quote fails closed. The Korea Customs Service's 2025 table of the same tariff (saved
2025-06-13; see bench/regen_kcs_tariff.py for the workbooks) is a second, earlier snapshot:
where it gives a line the same plain ad valorem rate (or free), the line is taken to have
charged that rate on every day between the two, and is dated from the snapshot's day.
Where it gives another rate, a form this module does not compare, or no line, the days
between are written ``not_covered`` at the code (the rate may have changed on any of them);
so is a code of the snapshot the later table no longer has, so that a six-digit quote on
those days is not priced on the siblings alone.

The snapshot's MFN column is kept in bench/data as ``CODE<TAB>TEXT``
(:func:`write_kcs_mfn` from the workbook, :func:`read_kcs_mfn` back).
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from _regen import CHAPTERS_1_97, write_kept_lines, write_national_table, xlsx_rows

from pricing_engine.rules.fields import Confidence, SourceModel
from pricing_engine.rules.model import MfnEntry
from pricing_engine.tariff.table import charges

#: The day the Korea Customs Service saved its 2025 workbooks (their tables' day).
KCS_DAY = date(2025, 6, 13)
COPY = ("github.com/tayayayait/2026-Korea-Customs-Service-Public-Data-AI-Startup-Contest @ "
        "1ba3e66 (api가이드파일/관세청_국가별 관세율표_20251231/)")
_PLAIN = re.compile(r"(\d+(?:\.\d+)?) ?%")
_FREE = {"free", "exempted", "exemption", "무세", "0"}


def kcs_source(country: str, name: str, workbook: str, column: str, kept: str,
               what: str = "", *, use: str | None = None) -> SourceModel:
    """The source a dated-back table names for KCS's table of ``name``'s tariff (``country``
    its code; ``column`` the column read, ``kept`` the file in bench/data, ``what`` its lines
    are called); ``use``: what the table takes from it, where that is more than dating its
    lines."""
    return SourceModel(
        id=f"kcs-tariff-{country.lower()}-2025",
        title=f"Korea Customs Service: table of {name}'s customs tariff (관세청 국가별 관세율표, "
              f"{workbook}, saved {KCS_DAY}), column {column}",
        url="https://www.data.go.kr/data/15051176/fileData.do", accessed=date(2026, 12, 6),
        note=f"copy at {COPY.split(' (')[0]}; kept as bench/data/{kept}; " + (
            use or f"used only to date the {what} it charges alike from {KCS_DAY}"))


def plain_rate(text: str) -> Decimal | None:
    """A plain ad valorem rate as a KCS table writes it (``5%``, ``5 %``, ``Free``,
    ``Exempted``, ``0``) as a fraction, else None."""
    text = " ".join(text.split())
    if text.lower() in _FREE:
        return Decimal(0)
    found = _PLAIN.fullmatch(text)
    return Decimal(found[1]) / 100 if found else None


def kcs_column(xlsx: Path, heading: str, length: int) -> dict[str, str]:
    """Each national line of chapters 1-97 of a KCS workbook (its code cut to ``length``
    digits: Israel's 11-digit codes carry a check digit, Canada's 10-digit ones a statistical
    suffix, whose lines must then give one text) -> the text of the column headed ``heading``,
    white space made single (a row without one is left out)."""
    columns: dict[str, str] = {}
    kept: dict[str, str] = {}
    for number, cells in xlsx_rows(xlsx):
        if not columns:
            columns = {" ".join(v.split()): k for k, v in cells.items()}
            if "세번" not in columns or heading not in columns:
                raise SystemExit(f"{xlsx}: row {number}: no column headed 세번 and {heading!r}")
            continue
        code = cells.get(columns["세번"], "").strip()
        if len(code) < length or not code.isdigit() or not code.startswith(CHAPTERS_1_97):
            continue
        text = " ".join(cells.get(columns[heading], "").split())
        if not text:
            continue  # a heading row (Canada's tariff item above its statistical lines)
        if code[:length] in kept and kept[code[:length]] != text:
            raise SystemExit(f"{xlsx}: row {number}: {code[:length]} given twice, with "
                             f"{kept[code[:length]]!r} and {text!r}")
        kept[code[:length]] = text
    return kept


def confirm_kcs(rows: Sequence[tuple[str, str]], xlsx: Path, heading: str, chapters: str
                ) -> int:
    """Stop the script unless KCS's workbook ``xlsx`` gives, in its column ``heading``, each
    (eight-digit code, duty text) of ``rows`` the same text and has no other line in the
    ``chapters`` (a description: "chapters 1-24") the rows cover: the rows are then KCS's
    table of those chapters, of :data:`KCS_DAY`. Returns the lines compared."""
    kcs = kcs_column(xlsx, heading, 8)
    ours = dict(rows)
    prefixes = tuple({code[:2] for code in ours})
    differ = [f"{code} {text!r} (KCS: {kcs.get(code, 'no line')!r})"
              for code, text in sorted(ours.items()) if not _same_text(kcs.get(code, ""), text)]
    extra = sorted(code for code in kcs if code.startswith(prefixes) and code not in ours)
    if differ or extra:
        raise SystemExit(f"{xlsx}: not KCS's table of {chapters}: {len(differ)} lines differ "
                         f"({'; '.join(differ[:3])}), {len(extra)} lines only KCS gives "
                         f"({', '.join(extra[:3])})")
    print(f"{xlsx.name}: KCS's column {heading!r} gives all {len(ours)} lines of {chapters} "
          f"the same text, and no other line there")
    return len(ours)


def write_kcs_mfn(xlsx: Path, heading: str, length: int, out: Path, what: str) -> int:
    """Rewrite ``out`` from a KCS workbook's column headed ``heading`` (:func:`kcs_column`).
    Returns the lines kept."""
    kept = kcs_column(xlsx, heading, length)
    header = [f"# {what}: the MFN column ('{heading}') of the Korea Customs Service's 2025 table",
              f"# ({xlsx.name}, saved {KCS_DAY}; copy at {COPY}),",
              f"# sha256 {hashlib.sha256(xlsx.read_bytes()).hexdigest()}: each line of "
              f"chapters 1-97, its code cut to {length} digits.",
              "# Written by bench/kcs_dated_back.py (write_kcs_mfn).", "# CODE\tTEXT"]
    return write_kept_lines(out, header, [f"{c}\t{t}" for c, t in sorted(kept.items())])


def kcs_option(parser: argparse.ArgumentParser, kept: Path, workbook: str) -> None:
    """Give a script's ``parser`` the option ``--kcs-xlsx WORKBOOK`` that rewrites ``kept``
    from KCS's ``workbook`` first (:func:`kcs_mfn`)."""
    parser.add_argument("--kcs-xlsx", type=Path, metavar="WORKBOOK",
                        help=f"first rewrite {kept.name} from KCS's {workbook}")


def kcs_check_option(parser: argparse.ArgumentParser, what: str, workbook: str) -> None:
    """Give a script's ``parser`` the option ``--kcs-xlsx WORKBOOK`` that first checks
    ``what`` against KCS's ``workbook`` (:func:`confirm_kcs`)."""
    parser.add_argument("--kcs-xlsx", type=Path, metavar="WORKBOOK",
                        help=f"first check {what} against KCS's {workbook}")


def kcs_mfn(xlsx: Path | None, heading: str, length: int, kept: Path, what: str
            ) -> dict[str, str]:
    """The kept column (:func:`read_kcs_mfn` of ``kept``), first rewritten from the workbook
    ``xlsx`` where one is given (:func:`write_kcs_mfn`, the lines written printed)."""
    if xlsx is not None:
        print(f"{write_kcs_mfn(xlsx, heading, length, kept, what)} KCS lines written to {kept}")
    return read_kcs_mfn(kept)


def read_kcs_mfn(path: Path) -> dict[str, str]:
    """The kept column: code -> text. A row of another shape stops the script, naming it."""
    out: dict[str, str] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        code, sep, text = line.partition("\t")
        if not sep or not code.isdigit() or code in out:
            raise SystemExit(f"{path}:{number}: not 'CODE<TAB>TEXT' of a new code: {line!r}")
        out[code] = text
    return out


def charge_terms(entry: MfnEntry) -> tuple[tuple[str, str], ...] | None:
    """What a priced entry charges on any of its days (:func:`pricing_engine.tariff.table.
    charges`); None where it is not covered."""
    return None if entry.not_covered is not None else charges(entry, days=False)


def _plain(entry: MfnEntry) -> Decimal | None:
    """The entry's rate where it charges a plain ad valorem rate and nothing else."""
    data = entry.model_dump(exclude_unset=True,
                            exclude={"hs", "valid_from", "valid_to", "note", "source"})
    return entry.rate if set(data) == {"rate"} else None


def _related(code: str, snapshot: Mapping[str, str], ordered: Sequence[str]) -> list[str]:
    """The snapshot's codes that answer for a table's ``code``: the same code, else the
    snapshot's finer lines under it, else its longest code that begins it (down to six
    digits): a line the later table splits or merges is compared with what it came from."""
    if code in snapshot:
        return [code]
    at = bisect.bisect_left(ordered, code)
    finer = []
    while at < len(ordered) and ordered[at].startswith(code):
        finer.append(ordered[at])
        at += 1
    if finer:
        return finer
    return next(([code[:n]] for n in range(len(code) - 1, 5, -1) if code[:n] in snapshot), [])


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def date_back(lines: Mapping[str, MfnEntry], snapshot: Mapping[str, str], *, since: date,
              until: date, what: str, table_day: bool = False,
              texts: Mapping[str, str] | None = None,
              terms_of: Callable[[str], object] | None = None, lacking: bool = False,
              ) -> tuple[dict[str, list[MfnEntry]], Counter[str]]:
    """The table's ``lines`` (code -> its one entry, in force from ``until``) with their
    days before ``until`` from the ``snapshot`` of ``since`` (code -> MFN text, its codes
    written as the lines' are). A line whose snapshot lines (:func:`_related`) all charge
    its plain ad valorem rate, or, given the lines' own ``texts`` as the later table's source
    writes them (where the snapshot copies that source's wording), all give its text, is
    dated from ``since`` (no ``valid_from`` where
    ``table_day``: the table is then in force from ``since``; a code of the snapshot that
    begins another is a heading, left out); any other line gets a
    ``not_covered`` entry from ``since`` to the day before ``until`` beside its own entry
    from ``until``, and so does each code of the snapshot no line of the table relates to
    in a subheading the table has lines in. ``terms_of``: what a snapshot text charges, as
    :func:`charge_terms` gives a line's (None: not read), where the snapshot's texts are read
    whole rather than as plain ad valorem rates; ``lacking``: the later table is a copy known
    to leave lines out, so such a code of the snapshot is ``not_covered`` from ``since`` on,
    the later days too (its duty is not known on any of them).
    Returns the dated lines and counts of what was done."""
    before = until - timedelta(days=1)
    # a code that begins another is a heading of the snapshot, not a line
    ordered = sorted(snapshot)
    ordered = [c for c, after in zip(ordered, [*ordered[1:], ""], strict=True)
               if not after.startswith(c)]
    snapshot = {c: snapshot[c] for c in ordered}
    out: dict[str, list[MfnEntry]] = {}
    counts: Counter[str] = Counter()
    used: set[str] = set()

    def gap(code: str, why: str) -> MfnEntry:
        return MfnEntry(hs=code, valid_from=since, valid_to=before, not_covered=(
            f"{why}: the duty from {since} to {before} is not read"))

    def shown(code: str) -> str:
        return " ".join(snapshot[code].replace('"', "'").split()) or "no rate"

    for code, entry in sorted(lines.items()):
        related = _related(code, snapshot, ordered)
        used.update(related)
        rate = _plain(entry) if terms_of is None else charge_terms(entry)
        read = plain_rate if terms_of is None else terms_of
        own_text = None if texts is None else texts.get(code)
        if related and ((rate is not None
                        and {read(snapshot[c]) for c in related} == {rate})
                        or (own_text is not None and entry.not_covered is None
                        and all(_same_text(snapshot[c], own_text) for c in related))):
            out[code] = [MfnEntry.model_validate(entry.model_dump(
                exclude_unset=True, exclude={"valid_from"})) if table_day
                else entry.model_copy(update={"valid_from": since})]
            counts["dated back" if related == [code] else "dated back (split or merged)"] += 1
            continue
        own = entry.model_copy(update={"valid_from": until})
        if not related:
            out[code] = [gap(code, f"not a line of {what}"), own]
            counts["not in the snapshot"] += 1
            continue
        said = "; ".join(f"{c} '{shown(c)}'" if c != code else f"'{shown(c)}'"
                         for c in related[:3]) + ("; ..." if len(related) > 3 else "")
        out[code] = [gap(code, f"{what} gives {said}"), own]
        counts["differ or not compared"] += 1
    covered = {code[:6] for code in lines}
    for code in ordered:
        # a subheading the table has no line in gives nothing on any day (a second table,
        # such as Australia's KCS fill lines, may answer there): no gap to keep closed
        if code not in used and code[:6] in covered:
            said = f"a line of {what} ('{shown(code)}') the later table does not have"
            out[code] = [MfnEntry(hs=code, valid_from=since, not_covered=(
                f"{said}: its duty is not read"))] if lacking else [gap(code, said)]
            counts["only in the snapshot"] += 1
    return out, counts


def write_dated_line_table(lines: Sequence[MfnEntry], snapshot: Mapping[str, str], *,
                           tariff: str, as_of: date, source: SourceModel, kcs: SourceModel,
                           what: str, import_format: str, kept: Path, note: str, out: Path,
                           made_by: str, confidence: Confidence = "low") -> Path:
    """Write the table of ``lines`` (one entry each, each dated from ``as_of``, read from the
    file ``kept``) with their days from :data:`KCS_DAY` (:func:`date_back` against the
    ``snapshot`` of ``what``, named as the source ``kcs``); print what was done. Returns
    the file."""
    dated, counts = date_back({e.hs: e for e in lines}, snapshot, since=KCS_DAY,
                              until=as_of, what=what)
    print(f"the days from {KCS_DAY}: {dict(counts)}")
    written, entries, _ = write_national_table(
        dated, tariff=tariff, as_of=as_of, source=source, import_format=import_format,
        file=kept.name, sha256=hashlib.sha256(kept.read_bytes()).hexdigest(),
        confidence=confidence, note=note, out=out, made_by=made_by,
        in_force_from_as_of=False, total=len(lines), more_sources=(kcs,),
        parsed=sum(1 for e in lines if e.not_covered is None))
    print(f"written to {written}: {len(entries)} entries",
          dict(Counter(len(e.hs) for e in entries)))
    return written
