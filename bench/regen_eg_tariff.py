"""Write rules/tariffs/EG.yaml from Egypt's customs tariff as customs.gov.eg shows it, line by line.

Run from the repository root: ``python bench/regen_eg_tariff.py [LINES_TSV] [--out DIR]``
(default ``bench/data/EG_customs_tariff_lines.tsv``), or ``python bench/regen_eg_tariff.py
--from-crawl DIR`` to rewrite that TSV first from a crawl of the site (``DIR`` holding
``EGY_official_progress_01.json`` ... ``_97.json``).

The source. Egypt's import duties are the customs tariff of Presidential Decree 419 of 2018
as amended, which the Egyptian Customs Authority shows per 10-digit line at
customs.gov.eg/Services/Tarif (a line's details, ``TrfDetails``, list its taxes: the import
duty ``ضريبة الوارد``, the VAT, the table tax and fees, then, under each agreement's name, that
agreement's rates). A third party crawled the site in August 2026 and committed one JSON file
per chapter, each line's taxes word for word (``taxes_verbatim``), to
github.com/aouggad-web/afcfta-final-002 (``backend/data/crawled/EGY_official_progress_NN.json``).
Those files could not be fetched whole here: the lines kept in the TSV are those read from
them page by page (2026-12-06: the first and a middle page of each chapter's file, and
more pages of 30 chapters), each with its taxes as written. So the table covers part of the
tariff; ``--from-crawl`` reads every line of a full copy of the crawl.

How a line's taxes are read. The entries before the first agreement's name are the line's
own: the first ``ضريبة الوارد : X`` is the MFN duty (``N%``; ``صفر``, zero; ``N جنية لكل كيلو جرام
صافى``, EGP N per kg net); a table tax (``ضريبة الجدول``), a fee collected for an industry
chamber (``رسم محصلة لحساب غرفة ...``) or the health insurance levy (``تامين صحى``) is a charge
due that the rules do not compute (the table tax, for one, is on the value plus the customs
duty): an additional entry ``not_priced`` saying what is due (a quote gets a 0.00 charge
naming it and goes to review). A line with no import duty entry, or a form not read (or a
rate over 1,000 %: the site's 3000 % on vermouth and other fermented drinks, whose own
instruction says 300 %), is ``not_covered`` with its text. The agreements' rates are not
read.

Valid from 2026-08-29 (the crawl), ``confidence: low``: a third party's crawl, part of the
lines. (Nafeza's export of the same tariff, github.com/Mohamed-Reda1010/egypt-customs-tariff,
was read first and not used: of the lines read from the site it gives 0 % on 210 where the site
gives a duty (35-60 % on garments, footwear, carpets: an agreement's zero, it seems), another
rate on 32 and no duty at all on 493, most of chapters 3-24.)
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _regen import percent, refuse_codes_twice, write_national_table  # noqa: E402

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import AdditionalEntry, MfnEntry  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "EG_customs_tariff_lines.tsv"
AS_OF = date(2026, 8, 29)
CRAWL = ("github.com/aouggad-web/afcfta-final-002, "
         "backend/data/crawled/EGY_official_progress_NN.json")
SOURCE = SourceModel(
    id="eg-customs-tariff",
    title="Egyptian Customs Authority: customs tariff (Presidential Decree 419/2018 as "
          "amended), the taxes of each 10-digit line as customs.gov.eg shows them "
          "(Services/Tarif, TrfDetails)",
    url="https://www.customs.gov.eg/Services/Tarif",
    accessed=date(2026, 12, 6),
    note=f"read from a third party's crawl of the site (August 2026): {CRAWL}; the lines read "
         "are kept in bench/data/EG_customs_tariff_lines.tsv")
NOTE = ("Egypt's import duty (ضريبة الوارد) of the tariff lines read from a crawl of "
        "customs.gov.eg (August 2026), from 2026-08-29: part of the tariff (the lines of the pages "
        "of each chapter's crawl read); a code the table has no line for fails closed. "
        "A line's table tax, industry-chamber fee or health insurance levy is named but not "
        "priced (the quote goes to review). Not contained: the agreements' rates (EU, EFTA, "
        "UK, Türkiye, Mercosur, GAFTA, Agadir, COMESA, AfCFTA), the VAT of each line, changes "
        "after the crawl. Low: a third party's crawl, read in part.")
MADE_BY = "bench/regen_eg_tariff.py from a crawl of customs.gov.eg"

DUTY = "ضريبة الوارد"
#: the charges a line may list that the rules name but do not price: label -> what it is
CHARGES = {"ضريبة الجدول": "Egypt table tax", "رسم محصلة": "Egypt industry chamber fee",
           "تامين صحى": "Egypt health insurance levy"}
#: the line's own taxes besides the duty: the VAT (the country file's) and those charges
OWN = ("ضريبة قيمه مضافه", *CHARGES)
PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")
PER_KG = re.compile(r"^(\d+(?:\.\d+)?) جنية لكل كيلو جرام صافى$")


def _split(entry: str) -> tuple[str, str]:
    label, _, value = entry.partition(":")
    return label.strip(), " ".join(value.split())


def own_taxes(verbatim: list[str]) -> list[tuple[str, str]]:
    """The (label, value) entries of a line before the first agreement's name."""
    out = []
    for entry in verbatim:
        label, value = _split(entry)
        if label != DUTY and not label.startswith(OWN):
            break  # an agreement's name: what follows is its rates
        out.append((label, value))
    return out


def tsv_from_crawl(crawl: Path, out: Path) -> int:
    """Rewrite the kept TSV from a crawl's chapter files: code and taxes as written."""
    rows = []
    for path in sorted(crawl.glob("EGY_official_progress_*.json")):
        for line in json.loads(path.read_text("utf-8"))["data"]:
            code = line["code"].replace("/", "")
            if not re.fullmatch(r"\d{10}", code):
                raise SystemExit(f"{path}: not a 10-digit line: {line['code']!r}")
            rows.append((code, " | ".join(" ".join(e.split()) for e in line["taxes_verbatim"])))
    refuse_codes_twice((c for c, _ in rows), "tariff lines")
    out.write_text(_HEADER + "".join(f"{c}\t{t}\n" for c, t in sorted(rows)), "utf-8")
    return len(rows)


_HEADER = ("# Egypt's customs tariff, the taxes of each line as customs.gov.eg shows them "
           "(TrfDetails), from a crawl of August 2026 (" + CRAWL + "): CODE<TAB>taxes_verbatim "
           "joined by ' | '. Written by bench/regen_eg_tariff.py --from-crawl.\n")


def read_tsv(path: Path) -> list[tuple[str, list[str]]]:
    """(code, taxes as written) of each line; a row of another shape stops the script."""
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not re.fullmatch(r"\d{10}", parts[0]):
            raise SystemExit(f"{path}:{number}: not a row 'CODE<TAB>TAXES': {line!r}")
        rows.append((parts[0], [e.strip() for e in parts[1].split(" | ") if e.strip()]))
    refuse_codes_twice((code for code, _ in rows), "tariff lines")
    return rows


def line_entries(code: str, verbatim: list[str]) -> tuple[MfnEntry, list[AdditionalEntry]]:
    """The MFN entry of one line and the charges it lists that are not priced."""
    own = own_taxes(verbatim)
    duties = [value for label, value in own if label == DUTY]
    said = "Egypt's tariff as customs.gov.eg shows it"
    charges = [AdditionalEntry(
        name=CHARGES[key], hs=code, not_priced=(
            f"{said} lists '{label} : {value}' on this line, a charge the rules do not "
            "price"))
        for label, value in own for key in CHARGES if label.startswith(key)]
    if not duties:
        return MfnEntry(hs=code, not_covered=f"{said} lists no import duty for this "
                                             "line"), charges
    text = duties[0]
    if text == "صفر":
        return MfnEntry(hs=code, rate=Decimal(0)), charges
    found = PERCENT.match(text)
    if found and Decimal(found[1]) <= 1000:
        return MfnEntry(hs=code, rate=Decimal(found[1]) / 100), charges
    found = PER_KG.match(text)
    if found:
        return MfnEntry(hs=code, specific=(SpecificModel(
            amount=Decimal(found[1]), currency="EGP", per="kg"),)), charges
    return MfnEntry(hs=code, not_covered=f"{said} gives '{text}': a form of duty the rules "
                                         "do not price"), charges


def partial_subheadings(mfn: dict[str, MfnEntry]) -> dict[str, MfnEntry]:
    """A ``not_covered`` six-digit entry for each subheading divided into national lines (a
    line not ending in ``0000``): the lines read may not be all of it, so a six-digit code, or
    a line not read, fails closed instead of taking the duty of the lines read."""
    by_sub: dict[str, list[str]] = {}
    for code in sorted(mfn):
        by_sub.setdefault(code[:6], []).append(code)
    return {sub: MfnEntry(hs=sub, not_covered=(
        "the lines of this subheading read from the crawl of customs.gov.eg "
        f"({', '.join(lines)}) may not be all of them: give the 10-digit line"))
        for sub, lines in by_sub.items() if not all(c.endswith("0000") for c in lines)}


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("lines", type=Path, nargs="?", default=DEFAULT)
    parser.add_argument("--from-crawl", type=Path, metavar="DIR",
                        help="first rewrite LINES_TSV from a crawl's chapter files")
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    if args.from_crawl:
        print(f"{tsv_from_crawl(args.from_crawl, args.lines)} lines written to {args.lines}")
    raw = args.lines.read_bytes()
    rows = read_tsv(args.lines)
    mfn: dict[str, MfnEntry] = {}
    additional: list[AdditionalEntry] = []
    for code, verbatim in rows:
        mfn[code], charges = line_entries(code, verbatim)
        additional += charges
    mfn.update(partial_subheadings(mfn))
    out, written, unpriced = write_national_table(
        mfn, tariff="EG", as_of=AS_OF, source=SOURCE, import_format="customs-gov-eg-crawl",
        file=args.lines.name, sha256=hashlib.sha256(raw).hexdigest(), confidence="low",
        note=NOTE, out=args.out, made_by=MADE_BY, additional=additional, total=len(rows),
        parsed=sum(1 for code, _ in rows if mfn[code].not_covered is None))
    kinds = Counter("not covered" if e.not_covered else "per kg" if e.specific else
                    "ad valorem" for e in (mfn[code] for code, _ in rows))
    print(f"{len(rows)} lines read ({len({c[:6] for c, _ in rows})} subheadings): "
          f"{dict(kinds)}; {len(additional)} charges named, not priced; rates "
          f"{dict(Counter(percent(mfn[c].rate) for c, _ in rows if mfn[c].rate is not None))}")
    print(f"written to {out}: {len(written)} entries", dict(Counter(len(e.hs) for e in written)),
          f"{len(unpriced)} lines not priced")


if __name__ == "__main__":
    main()
