"""Write rules/tariffs/TR.yaml from the lists of Türkiye's 2026 Import Regime Decision.

Run from the repository root: ``python bench/regen_tr_tariff.py [LINES_TSV] [--out DIR]``
(default ``bench/data/TR_import_regime_2026.tsv``), or, with new lists,
``python bench/regen_tr_tariff.py --from-json DIR`` to rewrite that TSV from them first.

Where the lines come from. Türkiye's applied import duties are set each year by the Import
Regime Decision (İthalat Rejimi Kararı) and the additional customs duty (İGV) decision, whose
lists the Ministry of Trade publishes as Excel files: for each 12-digit GTİP line, the customs
duty (GV) and the İGV per group of origin countries (EU/EFTA/free trade partners, Qatar, UAE,
least developed, special incentive, GSP, and "other countries": China, the US, Japan, India,
Russia and most others), and for fish (List IV) and some agricultural goods an additional
financial obligation (EMY). No download was possible here; the lines read are those a project
parsed, without a language model, from the Ministry's 2026 Excel sets into JSON and committed
to github.com/cemdizdar85-arch/mevzuat-radar (``veri/gtip-vergi-ulke.json``, chapters 25-97
and processed agricultural goods; ``veri/gtip-vergi-tarim.json``, chapters 1-24;
``veri/gtip-balik.json``, List IV; ``veri/gtip-igv-ulke.json``; ``veri/gtip-emy-tarim.json``;
files of 2026-07-12, snapshot e7025c5). The TSV keeps, for each line, the "other countries"
figures: GV (from each list that gives the line), İGV, fish EMY and agricultural EMY.

How a line is read. The "other countries" GV is the duty of a quote without a preference
claim: the MFN entry (N % ad valorem). The İGV and the fish EMY of that column are additional
ad valorem duties, written for every origin: a good of a partner, GSP or least developed
country pays less only with its proof of origin, which a quote cannot claim for TR here (the
conservative figure). A line that is in two lists with different GV (processed agricultural
goods), with no "other countries" GV, or with an agricultural EMY (a figure per table or
quantity the lists do not explain) is ``not_covered`` with the figures.

Which entries are written. A 12-digit line is a 10-digit code and two national digits: the
lines of a 10-digit code are gathered where they charge alike, and otherwise each line is
written (a quote giving the 12-digit line prices it; one giving the 10-digit code gets the
error naming the lines, or with ``ambiguous_hs: highest`` the dearest). Then the codes of a
six-digit subheading that all charge alike become one six-digit entry, else each is written; an
additional duty is written per subheading where its lines agree, else as a six-digit entry
that fails closed naming the lines and one per line (0 % included), so that a six-digit code
never misses a line's İGV. All from 2026-07-12, the date of the lists read. Confidence low: a
third party's parse of the official lists; preferences, anti-dumping and countervailing
duties, surveillance, suspensions and end-use reliefs, the KKDF levy on deferred payment, the
TRT levy, excise (ÖTV) and VAT are not in it: a quote on these lines goes to review.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import export_parser, percent, refuse_codes_twice, write_kept_lines  # noqa: E402

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import (  # noqa: E402
    AdditionalEntry,
    MfnEntry,
    TariffFile,
    TariffImport,
)
from pricing_engine.tariff.table import by_subheading, write_table  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "TR_import_regime_2026.tsv"
AS_OF = date(2026, 7, 12)  # the date of the lists read
OTHER = "Diğer Ülkeler (Çin, ABD, Japonya, Rusya…)"
IGV = "Türkiye additional customs duty (İGV)"
EMY = "Türkiye additional financial obligation (EMY)"
FIELDS = ("CODE", "GV", "IGV", "EMY_FISH", "EMY_AGRI")
SOURCE = SourceModel(
    id="tr-import-regime-2026",
    title="Türkiye, Ministry of Trade: the 2026 Import Regime Decision and additional customs "
          "duty (İGV) decision lists, rates for 'other countries' per 12-digit GTİP line",
    url="https://www.trade.gov.tr/",
    accessed=date(2026, 12, 3),
    note="read from the lists parsed from the Ministry's 2026 Excel sets and committed to "
         "github.com/cemdizdar85-arch/mevzuat-radar (veri/gtip-*.json of 2026-07-12, snapshot "
         "e7025c5); kept in bench/data/TR_import_regime_2026.tsv")
NOTE = ("The customs duty (GV), additional customs duty (İGV) and fish EMY of each line of "
        "Türkiye's 2026 Import Regime Decision for 'other countries' (a quote without a "
        "preference claim), as the lists stood on 2026-07-12, from that day. The İGV and EMY "
        "are written for every origin: partner, GSP and least developed origins pay less only "
        "with proof of origin (not claimable here). Not contained: preferences, anti-dumping "
        "and countervailing duties, suspensions, end-use reliefs, KKDF, the TRT levy, excise "
        "(ÖTV); agricultural EMY lines fail closed. Confidence low: a third party's parse of "
        "the official lists; a quote on these lines goes to review.")
MADE_BY = "bench/regen_tr_tariff.py from the lists of Türkiye's 2026 Import Regime Decision"

Row = tuple[str, str, str, str, str]


def _load(path: Path) -> tuple[Any, bytes]:
    """A list file's data and its bytes (read once: the bytes are hashed for the header)."""
    try:
        raw = path.read_bytes()
        return json.loads(raw.decode("utf-8-sig")), raw
    except (OSError, ValueError) as err:
        raise SystemExit(f"{path}: not a JSON list file: {err}") from None


def _figure(value: object) -> str:
    """A figure of the lists as text ('' for none)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"not a figure: {value!r}")
    return str(value).strip()


def _column(path: Path, table: object, pick: Any) -> dict[str, str]:
    """``pick(values)`` of each code of one list, as text; a list of another shape stops the
    script naming the file and the code."""
    if not isinstance(table, dict):
        raise SystemExit(f"{path}: not a mapping of GTİP codes")
    out: dict[str, str] = {}
    for code, values in table.items():
        try:
            out[code] = _figure(pick(values))
        except (KeyError, IndexError, TypeError, AttributeError, ValueError) as err:
            raise SystemExit(f"{path}: {code}: not in the list's shape ({err})") from None
    return out


def tsv_from_json(folder: Path, out: Path) -> int:
    """Rewrite ``out`` from the JSON lists in ``folder``. Returns the number of lines kept."""
    names = ("gtip-vergi-ulke", "gtip-vergi-tarim", "gtip-balik", "gtip-igv-ulke",
             "gtip-emy-tarim")
    paths = {n: folder / f"{n}.json" for n in names}
    loaded = [_load(paths[n]) for n in names]
    industrial, agricultural, fish_doc, igv, agri_emy = (data for data, _ in loaded)
    kodlar = fish_doc.get("kodlar") if isinstance(fish_doc, dict) else None
    try:
        fish = ast.literal_eval(kodlar) if isinstance(kodlar, str) else kodlar
    except (ValueError, SyntaxError):
        fish = None
    if not isinstance(fish, dict):
        raise SystemExit(f"{paths['gtip-balik']}: no 'kodlar' mapping")
    lists = {
        "I": _column(paths["gtip-vergi-ulke"], industrial, lambda v: v[6]),
        "A": _column(paths["gtip-vergi-tarim"], agricultural, lambda v: v.get(OTHER)),
        "F": _column(paths["gtip-balik"], fish, lambda v: v["gv"][-1]),
    }
    igv_du = _column(paths["gtip-igv-ulke"], igv, lambda v: v[6])
    emy_fish = _column(paths["gtip-balik"], fish, lambda v: v["emy"][-1])
    emy_agri = _column(paths["gtip-emy-tarim"], agri_emy, lambda v: v.get(OTHER))
    gv: dict[str, list[str]] = defaultdict(list)
    for letter, column in lists.items():
        for code, figure in column.items():
            gv[code].append(f"{letter}:{figure}")
    kept: list[str] = []
    for code in sorted(gv):
        digits = code.replace(".", "")
        if not re.fullmatch(r"\d{12}", digits):
            raise SystemExit(f"{folder}: GTİP code {code!r} is not 12 digits")
        figures = (igv_du.get(code, ""), emy_fish.get(code, ""), emy_agri.get(code, ""))
        kept.append("\t".join((digits, " ".join(gv[code]), *figures)))
    raw = b"".join(data for _, data in loaded)
    header = [
        "# Türkiye's 2026 Import Regime Decision and İGV decision lists (Ministry of Trade",
        "# Excel sets as parsed into veri/gtip-*.json of github.com/cemdizdar85-arch/",
        "# mevzuat-radar, 2026-07-12), sha256 of the five files",
        f"# {hashlib.sha256(raw).hexdigest()}:",
        "# per 12-digit GTİP line the 'other countries' figures: GV per list that gives the",
        "# line (I: industrial, A: agricultural, F: fish List IV), İGV %, fish EMY %, and the",
        "# agricultural EMY as written (empty: none). Written by bench/regen_tr_tariff.py.",
        "# " + "\t".join(FIELDS),
    ]
    return write_kept_lines(out, header, kept)


def read_tsv(path: Path) -> list[Row]:
    """The rows of the kept lines; a row of another shape stops the script naming the line."""
    rows: list[Row] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != len(FIELDS) or not re.fullmatch(r"\d{12}", parts[0]):
            raise SystemExit(f"{path}:{number}: not '{'<TAB>'.join(FIELDS)}': {line!r}")
        rows.append((parts[0], parts[1], parts[2], parts[3], parts[4]))
    return rows


def _rate(text: str, what: str, code: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise SystemExit(f"{code}: {what} {text!r} not understood") from None
    return value / 100


Charge = tuple[Decimal | None, str | None, Decimal, Decimal]  # MFN, why not, İGV, EMY


def line_charge(row: Row) -> Charge:
    """What one 12-digit line charges for 'other countries'."""
    code, gv_text, igv_text, emy_text, agri_text = row
    igv = _rate(igv_text, "İGV", code) if igv_text else Decimal(0)
    emy = _rate(emy_text, "EMY", code) if emy_text else Decimal(0)
    figures = dict(part.split(":", 1) for part in gv_text.split())
    if agri_text and agri_text != "0":
        return None, (f"an additional financial obligation (EMY) of '{agri_text}' applies to "
                      "this agricultural line, per a table or quantity the lists read do not "
                      "explain"), igv, emy
    values = set(figures.values())
    if values == {""}:
        return None, "the Import Regime Decision's lists give no duty for 'other countries'", \
            igv, emy
    if len(values) > 1:
        named = ", ".join(f"{'list ' + k}: {v or 'none'}" for k, v in sorted(figures.items()))
        return None, (f"the Import Regime Decision's lists give this line different duties "
                      f"({named}): a processed agricultural good's parts are not read here"), \
            igv, emy
    return _rate(values.pop(), "GV", code), None, igv, emy


def _shown(charge: Charge) -> str:
    mfn, _, igv, emy = charge
    if mfn is None:
        return "not covered"
    extra = "".join(f" + {label} {percent(v)}" for label, v in (("İGV", igv), ("EMY", emy))
                    if v)
    return percent(mfn) + extra


def ten_digit_entries(charges: Mapping[str, Charge]) -> dict[str, Charge]:
    """The charge of each 10-digit code whose 12-digit lines' ``charges`` agree, and of each
    12-digit line of the other codes."""
    by10: dict[str, list[tuple[str, Charge]]] = defaultdict(list)
    for code, charge in sorted(charges.items()):
        by10[code[:10]].append((code, charge))
    out: dict[str, Charge] = {}
    for code, lines in sorted(by10.items()):
        if len({charge for _, charge in lines}) == 1:
            out[code] = lines[0][1]
        else:
            out.update(lines)
    return out


def additional(name: str, rates: dict[str, Decimal]) -> list[AdditionalEntry]:
    """One additional duty's entries: per subheading where its codes agree (none at 0 %),
    else a six-digit entry that fails closed naming them and one per code."""
    by6: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for code, rate in sorted(rates.items()):
        by6[code[:6]].append((code, rate))
    out: list[AdditionalEntry] = []
    for sub, codes in by6.items():
        values = {rate for _, rate in codes}
        if len(values) == 1:
            rate = values.pop()
            if rate:
                out.append(AdditionalEntry(name=name, hs=sub, rate=rate, valid_from=AS_OF))
            continue
        named = ", ".join(f"{c} {percent(r)}" for c, r in codes)
        out.append(AdditionalEntry(
            name=name, hs=sub, valid_from=AS_OF,
            not_covered=f"the {name} differs between the lines of this subheading ({named}): "
                        "give the line's code"))
        out += [AdditionalEntry(name=name, hs=c, rate=r, valid_from=AS_OF) for c, r in codes]
    return out


def main() -> None:
    """Read the lines, build the table, write it, print figures."""
    parser = export_parser(__doc__, DEFAULT)
    parser.add_argument("--from-json", type=Path, metavar="DIR",
                        help="first rewrite LINES_TSV from the JSON lists in DIR")
    args = parser.parse_args()
    if args.from_xlsx:
        parser.error("the lists are read from their JSON parse: use --from-json")
    if args.from_json:
        print(f"{tsv_from_json(args.from_json, args.lines)} lines written to {args.lines}")
    raw = args.lines.read_bytes()
    rows = read_tsv(args.lines)
    refuse_codes_twice((row[0] for row in rows), "GTİP lines")
    charges = {row[0]: line_charge(row) for row in rows}
    tens = ten_digit_entries(charges)
    mfn = by_subheading(
        MfnEntry(hs=code, valid_from=AS_OF, not_covered=why) if rate is None
        else MfnEntry(hs=code, rate=rate, valid_from=AS_OF)
        for code, (rate, why, _, _) in tens.items())
    priced = {code: charge for code, charge in tens.items() if charge[0] is not None}
    extra = (additional(IGV, {c: charge[2] for c, charge in priced.items()})
             + additional(EMY, {c: charge[3] for c, charge in priced.items()}))
    unpriced = sum(1 for charge in charges.values() if charge[0] is None)
    table = TariffFile(
        tariff="TR", as_of=AS_OF, sources=[SOURCE],
        imported=TariffImport(format="tr-import-regime-json", file=args.lines.name,
                              sha256=hashlib.sha256(raw).hexdigest(), lines=len(rows),
                              parsed=len(rows) - unpriced, nomenclature="HS2022"),
        confidence="low", note=NOTE, mfn=mfn, additional=extra)
    out = write_table(table, args.out, made_by=MADE_BY)
    print(f"{len(rows)} lines read, {len(rows) - unpriced} with a duty, "
          f"{sum(1 for r in rows if r[2] not in ('', '0'))} with an İGV; "
          f"{sum(len(c) == 10 for c in tens)} 10-digit codes and "
          f"{sum(len(c) == 12 for c in tens)} 12-digit lines of codes whose lines differ")
    print(f"written to {out}: {len(mfn)} duty entries", dict(Counter(len(e.hs) for e in mfn)),
          f"{len(extra)} additional entries")


if __name__ == "__main__":
    main()
