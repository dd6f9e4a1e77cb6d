"""Helpers the table regeneration scripts of bench/ share (not part of the package)."""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pricing_engine._atomic import atomic_write  # noqa: E402
from pricing_engine.rules.fields import Confidence, SourceModel  # noqa: E402
from pricing_engine.rules.model import (  # noqa: E402
    AdditionalEntry,
    MfnEntry,
    PreferentialEntry,
    TariffFile,
    TariffImport,
)
from pricing_engine.tariff.table import (  # noqa: E402
    by_subheading,
    close_days_before,
    render_table,
    write_table,
)


def export_parser(doc: str | None, default: Path, option: str = "--from-xlsx",
                  metavar: str = "TARIFF_XLSX", what: str = "this export of the tariff",
                  ) -> argparse.ArgumentParser:
    """The command line of a script that makes a table from the lines of a government's
    export kept in bench/data/: ``[LINES_TSV] [--from-xlsx TARIFF_XLSX] [--out DIR]`` (or
    another ``option`` naming the export, its ``metavar``, and ``what`` it keeps of it)."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument("lines", type=Path, nargs="?", default=default)
    parser.add_argument(option, type=Path, metavar=metavar,
                        help=f"first rewrite LINES_TSV from {what}")
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    return parser


def export_arguments(doc: str | None, default: Path) -> argparse.Namespace:
    """The arguments of :func:`export_parser`'s command line."""
    return export_parser(doc, default).parse_args()


def refuse_codes_twice(codes: Iterable[str], what: str) -> None:
    """Stop the script when a code is given twice (which of its rows would be the line?),
    naming the first ten such ``what``."""
    twice = sorted(code for code, n in Counter(codes).items() if n > 1)
    if twice:
        raise SystemExit(f"{what} given twice: {twice[:10]}")


#: HS chapters 1-24, as code prefixes.
CHAPTERS_1_24 = tuple(f"{c:02d}" for c in range(1, 25))
#: HS chapters 1-97 (the goods; 98 and 99 are national provisions), as code prefixes.
CHAPTERS_1_97 = tuple(f"{c:02d}" for c in range(1, 98))


def read_code_duty_tsv(path: Path, chapters: tuple[str, ...] = CHAPTERS_1_24,
                       lengths: tuple[int, ...] = (8,)) -> list[tuple[int, str, str]]:
    """(line number, code, duty text) of each row of a ``CODE<TAB>DUTY`` file whose ``#``
    lines are its header (the lines kept in bench/data/); a row of another shape (a code not
    of one of ``lengths`` digits), or a code outside ``chapters``, stops the script naming
    the file and line."""
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        code, sep, text = line.partition("\t")
        if not sep or not code.isdigit() or len(code) not in lengths or not text.strip():
            raise SystemExit(f"{path}:{number}: not 'CODE<TAB>DUTY': {line!r}")
        if not code.startswith(chapters):
            raise SystemExit(f"{path}:{number}: {code} is outside the chapters read")
        rows.append((number, code, text.strip()))
    return rows


def read_dated_tsv(path: Path, fields: tuple[str, ...], digits: int
                   ) -> list[tuple[int, list[str], date]]:
    """The line number, fields and date of each row of a ``CODE<TAB>...<TAB>FROM`` file kept in
    bench/data/ (``#`` lines are its header; ``fields`` names the columns before FROM, the
    first the code of ``digits`` digits); a row of another shape, or a date that is not
    YYYY-MM-DD, stops the script naming the file and line."""
    shape = "<TAB>".join((*fields, "FROM"))
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != len(fields) + 1 or not re.fullmatch(rf"\d{{{digits}}}", parts[0]):
            raise SystemExit(f"{path}:{number}: not '{shape}': {line!r}")
        try:
            day = date.fromisoformat(parts[-1])
        except ValueError:
            raise SystemExit(f"{path}:{number}: date {parts[-1]!r} is not YYYY-MM-DD") from None
        rows.append((number, parts[:-1], day))
    return rows


def export_day(xlsx: Path, number: int, code: str, digits: int, when: str, form: str) -> str:
    """The date (YYYY-MM-DD) of row ``number`` of a government's export, written ``form``
    there; a code that is not of ``digits`` digits or a date not so written stops the script
    naming the file and row."""
    if not re.fullmatch(rf"\d{{{digits}}}", code):
        raise SystemExit(f"{xlsx}: row {number}: code {code!r} is not {digits} digits")
    try:
        return datetime.strptime(when, form).date().isoformat()
    except ValueError:
        raise SystemExit(f"{xlsx}: row {number}: date {when!r} not understood") from None


def write_kept_lines(out: Path, header: Sequence[str], kept: Sequence[str]) -> int:
    """Write the lines kept of an export (``#`` header first) to ``out``; how many."""
    out.write_text("\n".join((*header, *kept)) + "\n", encoding="utf-8")
    return len(kept)


class NotUnderstood(ValueError):
    """A duty text, cell or row a regeneration script does not read (the script stops,
    naming it)."""


def from_percent(text: str) -> Decimal:
    """A rate written in percent as a fraction: ``"6.5"`` is ``Decimal("0.065")``."""
    return Decimal(text) / 100


def percent(rate: Decimal) -> str:
    """A rate as a tariff writes it: ``Decimal("0.065")`` is ``6.5 %``."""
    return f"{(rate * 100).normalize():f} %"


def charge_key(entry: MfnEntry) -> tuple[Decimal | None, str | None]:
    """What an ad valorem table's entry charges: its rate, or why it is not covered."""
    return entry.rate, entry.not_covered


def gather_lines(got: Sequence[tuple[str, MfnEntry]], code: str) -> list[MfnEntry]:
    """National lines (``got``: each line's code and entry) under ``code`` (the GCC states'
    12-digit lines under their 8-digit code): one entry for ``code`` where they charge alike
    (:func:`charge_key`), in force from the latest of their dates; else each line's entry at
    its own code, so that a quote giving the line prices it and one giving ``code`` gets the
    error naming the lines (or, with ``ambiguous_hs: highest``, the dearest)."""
    entries = [e for _, e in got]
    if len({charge_key(e) for e in entries}) > 1:
        return [e.model_copy(update={"hs": line}) for line, e in got]
    days = [e.valid_from for e in entries if e.valid_from is not None]
    return [entries[0].model_copy(update={"hs": code, "valid_from": max(days) if days else None})]


def unknown_before(entries: Sequence[MfnEntry], tariff: str) -> list[MfnEntry]:
    """``entries`` and, for each code dated later than another code of its subheading, a
    ``not_covered`` entry for the days between (:func:`close_days_before`): an export that
    dates each line from the day its current duty applies (ZATCA's, the Nigeria Customs
    Service's) says nothing of a line before that day, while its neighbours already price
    (Saudi 0104.10.90, 7 % from 2025-01-01, was priced at 0104.10.10's 0 % on 2024-12-31).
    ``tariff`` names the source in the entry's text ("the Saudi tariff")."""
    return close_days_before(entries, lambda day: (
        f"{tariff} gives this line's duty from {day}; what it charged before is not known "
        "here"))


def curated_mfn_entries(country: str) -> list[dict[str, Any]]:
    """The MFN entries of rules/countries/<country>.yaml, as read from YAML."""
    path = ROOT / "rules" / "countries" / f"{country}.yaml"
    entries: list[dict[str, Any]] = yaml.safe_load(path.read_text("utf-8"))["duty"]["mfn"]
    return entries


def curated_prefixes(country: str) -> tuple[str, ...]:
    """The prefixes of rules/countries/<country>.yaml's MFN entries whose confidence is not
    low: hand-checked entries a generated table leaves alone."""
    return tuple(e["hs"] for e in curated_mfn_entries(country) if e.get("confidence") != "low")


def curated_where_lines_agree(country: str, lines: Mapping[str, MfnEntry]) -> tuple[str, ...]:
    """The codes a generated table leaves to the curated rules/countries/<country>.yaml: under
    each curated MFN prefix whose confidence is not low, the six-digit subheadings whose lines
    all charge what the curated entry charges (a line the table cannot price counts as
    agreeing), and the prefix itself when the table has no line under it. A subheading with a
    line that charges otherwise is written whole by the table, so its lines answer for a full
    code (and a shorter one names them); the curated heading still answers for the rest."""
    leave: list[str] = []
    for entry in curated_mfn_entries(country):
        if entry.get("confidence") == "low":
            continue
        prefix = entry["hs"]
        under = {code: line for code, line in lines.items() if code.startswith(prefix)}
        if not under:
            leave.append(prefix)
            continue
        for subheading in sorted({code[:6] for code in under}):
            own = [line for code, line in under.items() if code.startswith(subheading)]
            if all(line.not_covered is not None or _charges_alike(entry, line) for line in own):
                leave.append(subheading)
    return tuple(leave)


_OTHER_TERMS = ("specific", "min", "max", "min_rate", "max_rate", "parts", "less_per_degree",
                "agricultural")


def _charges_alike(curated: Mapping[str, object], line: MfnEntry) -> bool:
    """Whether a table line charges what a curated entry (as read from YAML) charges: the
    same ad valorem rate and neither has any other term (specific, minimum, maximum...)."""
    if any(curated.get(k) is not None or getattr(line, k) is not None for k in _OTHER_TERMS):
        return False
    rate = curated.get("rate")
    return rate is not None and line.rate is not None and Decimal(str(rate)) == line.rate


def write_national_table(
    lines: Mapping[str, MfnEntry | Sequence[MfnEntry]], *, tariff: str, as_of: date,
    source: SourceModel, import_format: str, file: str, sha256: str, confidence: Confidence,
    note: str, out: Path, made_by: str, leave: tuple[str, ...] = (), total: int | None = None,
    preferential: Sequence[PreferentialEntry] = (), in_force_from_as_of: bool = True,
    name: str | None = None, earlier: Sequence[MfnEntry] = (), valid_from: date | None = None,
    parsed: int | None = None, more_sources: Sequence[SourceModel] = (),
    additional: Sequence[AdditionalEntry] = (),
) -> tuple[Path, list[MfnEntry], list[str]]:
    """Write the table of ``lines`` (national line code -> entry, or its dated entries) under
    ``out``: one entry per subheading whose lines agree, else the lines (:func:`by_subheading`),
    leaving out the codes under the curated prefixes ``leave``. ``total`` is the count of
    lines the file has, when it is not ``len(lines)``; ``preferential`` entries are written
    as they are; the table is in force from ``as_of`` unless ``in_force_from_as_of`` is false
    (each entry then carries its own date). ``name``: the file's name under ``out/tariffs``
    when the table is another than the country's own ``<CODE>.yaml`` (a second table the
    loader reads beside it, ``AU.kcs.yaml``). ``earlier``: dated entries of the days before
    the table's revision (an earlier revision's lines), written as they are beside the
    lines and not counted among them; ``valid_from``: the day the table is in force from
    when it is not ``as_of`` (lines an earlier revision gives alike); ``parsed``: how many of
    the ``total`` lines were read, when ``lines`` is a part of them; ``more_sources``: the
    sources entries name besides ``source`` (an amendment read into the lines); ``additional``:
    the table's additional entries, written as they are. Returns the file
    written, its entries and the codes not priced (a line with a ``not_covered`` entry)."""
    dated = {code: (e,) if isinstance(e, MfnEntry) else tuple(e) for code, e in lines.items()}
    # an earlier revision's entry of a code first: its days come before the line's
    mfn = list(earlier) + by_subheading(e for code, entries in dated.items()
                                        if not code.startswith(leave) for e in entries)
    unpriced = [c for c, entries in dated.items()
                if any(e.not_covered is not None for e in entries)]
    in_force = {"valid_from": valid_from or as_of} if in_force_from_as_of else {}
    table = TariffFile(
        tariff=tariff, as_of=as_of, sources=[source, *more_sources],
        imported=TariffImport(format=import_format, file=file, sha256=sha256,
                              lines=len(lines) if total is None else total,
                              parsed=len(lines) - len(unpriced) if parsed is None else parsed,
                              nomenclature="HS2022"),
        **in_force, confidence=confidence, note=note, mfn=mfn,
        preferential=tuple(preferential),
        **({"additional": tuple(additional)} if additional else {}))
    if name is None:
        return write_table(table, out, made_by=made_by), mfn, unpriced
    target = out / "tariffs" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(target) as handle:
        handle.write(render_table(table, made_by))
    return target, mfn, unpriced


def write_line_table(lines: Sequence[MfnEntry], *, tariff: str, as_of: date,
                     source: SourceModel, import_format: str, kept: Path, note: str, out: Path,
                     made_by: str, confidence: Confidence = "low") -> Path:
    """:func:`write_national_table` for ``lines`` of one entry each, dated each, read from the
    file ``kept`` (its name and hash go in the table); print what was written. Returns the
    file."""
    written, entries, _ = write_national_table(
        {e.hs: e for e in lines}, tariff=tariff, as_of=as_of, source=source,
        import_format=import_format, file=kept.name,
        sha256=hashlib.sha256(kept.read_bytes()).hexdigest(), confidence=confidence,
        note=note, out=out, made_by=made_by, in_force_from_as_of=False)
    print(f"written to {written}: {len(entries)} entries",
          dict(Counter(len(e.hs) for e in entries)))
    return written


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, column letter -> text) of the first sheet of an .xlsx, by the standard
    library: shared strings, inline strings and plain values. A file that is not such a
    workbook stops the script, naming it."""
    try:
        yield from _xlsx_rows(path)
    except (OSError, zipfile.BadZipFile, KeyError, IndexError, ValueError,
            ElementTree.ParseError) as exc:
        raise SystemExit(f"{path}: not a workbook this script can read: {exc}") from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with zipfile.ZipFile(path) as book:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in book.namelist():
            root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{_NS}t"))
                      for si in root.iter(f"{_NS}si")]
        sheets = sorted(n for n in book.namelist() if n.startswith("xl/worksheets/sheet"))
        with book.open(sheets[0]) as handle:
            for _, row in ElementTree.iterparse(handle):
                if row.tag != f"{_NS}row":
                    continue
                cells: dict[str, str] = {}
                for c in row.iter(f"{_NS}c"):
                    ref = _CELL.match(c.get("r", ""))
                    if ref is None:
                        continue
                    if c.get("t") == "inlineStr":
                        text = "".join(t.text or "" for t in c.iter(f"{_NS}t"))
                    else:
                        v = c.find(f"{_NS}v")
                        text = "" if v is None or v.text is None else v.text
                        if c.get("t") == "s" and text:
                            text = shared[int(text)]
                    cells[ref[1]] = text
                yield int(row.get("r", "0")), cells
                row.clear()
