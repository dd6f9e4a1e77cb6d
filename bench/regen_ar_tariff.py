"""Write rules/tariffs/AR.yaml: Argentina's import duty as the Mercosur common external tariff.

Run from the repository root (needs ``pip install openpyxl``):
``python bench/regen_ar_tariff.py TEC_XLSX [--out DIR]``.

``TEC_XLSX`` is the same Gecex workbook ``bench/regen_br_tariff.py`` reads (Brazil's
publication of the annexes to Res. Gecex 272/2021, saved on 2026-03-16). Its Anexo I is the
Mercosur Common External Tariff (Arancel Externo Común, AEC; TEC in Portuguese) of every NCM
code, the rates the four members share: ``NCM | DESCRIÇÃO | TEC (%)``, its 2022 common cut
(Decisión CMC 08/22) included. Argentina's general regime is that tariff; where Argentina
departs from it, this table does not know:

- the capital goods and IT goods the workbook marks ``BK`` / ``BIT``: each member applies its
  own regime to them (Argentina's national BK/BIT rates, changed again in 2025 by Decretos 513
  and 536/2025), so these codes are written ``not_covered`` naming the regime: a quote there
  fails closed with the reason, it is not priced at a rate Argentina does not apply;
- the vehicles of headings 8701-8707: the automotive sector is outside the AEC (each member
  applies its own rates, Argentina 35 % on most vehicles, as Brazil's Anexo II shows for its
  own 35 % against the AEC's 20 %): ``not_covered`` too;
- every other code gets the AEC rate with ``confidence: low``: Argentina's national exception
  list (Lista Nacional de Excepciones) and the decrees of 2024-2026 that cut or raised the
  rates of some thousand codes are not applied, so a quote with it goes to review.

Lines under one six-digit subheading that charge alike become one six-digit entry; otherwise
each eight-digit line is written and a six-digit lookup names them.

The days before the workbook. The Korea Customs Service's 2025 table of Brazil's tariff (kept
for bench/regen_br_tariff.py as ``bench/data/BR_kcs_tariff_2025.tsv``, saved 2025-06-13; see
bench/kcs_dated_back.py) gives, in its column 기본세율, the AEC (the TEC of Anexo I), not
Brazil's Anexo II departures: it is a second, earlier snapshot of the common tariff. A code it
gives the workbook's AEC rate is dated from 2025-06-13 (every code both have: 8,813 of the
8,829 at the AEC rate; 16 are not in it). Where it gives another rate or no line, the days
from 2025-06-13 to the day before the workbook are ``not_covered`` at the code, naming it. The
codes of Argentina's national regimes (BK/BIT, vehicles) are ``not_covered`` from 2025-06-13
too. Before that day the table gives nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import write_national_table  # noqa: E402
from kcs_dated_back import KCS_DAY, date_back, kcs_source, read_kcs_mfn  # noqa: E402
from regen_br_tariff import (  # noqa: E402
    AS_OF,
    KCS_MFN,
    KCS_WORKBOOK,
    _code,
    _rows,
    print_counts,
    rate_and_mark,
)

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402

SHEET = "Anexo I - TEC"
#: Headings of the Mercosur automotive regime, outside the common tariff.
AUTOMOTIVE = ("8701", "8702", "8703", "8704", "8705", "8706", "8707")
SOURCE = SourceModel(
    id="mercosur-aec-2026",
    title="Mercosur Common External Tariff (AEC/TEC) by NCM code, Anexo I to Res. Gecex nº "
          "272/2021 as published by Brazil's Gecex/Camex, workbook of 2026-03-16 (Anexo I as "
          "amended to Res. Gecex 812 of 2025-10-28)",
    url="https://www.gov.br/mdic/pt-br/assuntos/camex",
    accessed=date(2026, 12, 5),
    note="read from a copy of the official workbook: github.com/ronaldofelixSaygo/"
         "sistema-conta-grafica-precatorios, tec-oficial.xlsx @ 341b153; the common tariff "
         "the Mercosur members share, not Argentina's own publication")
NOTE = ("Argentina's import duty (derecho de importación extrazona) as the Mercosur common "
        "external tariff gives it (Anexo I of the Gecex workbook of 2026-03-16). Not "
        "contained: Argentina's national exception list and the decrees of 2024-2026 that "
        "changed the rates of some thousand codes (hence confidence low: a quote with it goes "
        "to review), the statistics fee (tasa de estadística), trade remedies, intra-Mercosur "
        "and other agreement rates. From 2025-06-13 where the Korea Customs Service's 2025 "
        "table of Brazil's tariff, whose column is the AEC, gives the same rate, else from "
        "2026-03-16. Capital and IT goods (BK/BIT) follow a national regime "
        "and vehicles (8701-8707) the automotive regime: not covered (a lookup there fails "
        "closed).")
MADE_BY = "bench/regen_ar_tariff.py from the Gecex TEC workbook (Anexo I, the Mercosur AEC)"
WHAT = "KCS's 2025 table of Brazil's tariff (its column gives the Mercosur AEC)"
KCS_SOURCE = kcs_source("BR", "Brazil", KCS_WORKBOOK, "기본세율", KCS_MFN.name,
                        "NCM codes whose AEC rate")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("xlsx", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    raw = args.xlsx.read_bytes()
    book = openpyxl.load_workbook(args.xlsx, read_only=True)
    out: Counter[str] = Counter()
    lines: dict[str, MfnEntry] = {}
    unread: list[str] = []
    for row in _rows(book, SHEET):
        code = _code(row.get("NCM"))
        if code is None:
            continue
        found = rate_and_mark(row.get("TEC (%)"))
        if found is None:  # not guessed: the code is written as not covered, with the text
            text = row.get("TEC (%)")
            unread.append(f"{code} {text!r}")
            lines[code] = MfnEntry(hs=code, not_covered=(
                f"the Mercosur AEC's rate text {text!r} was not read"))
            continue
        rate, regime = found
        shown = f"{(rate * 100).normalize():f}"  # 12.6, 0
        if regime is not None:
            lines[code] = MfnEntry(hs=code, not_covered=(
                f"{'a capital good' if regime == 'BK' else 'an IT good'} ({regime}): Argentina "
                f"applies its national {regime} regime, not the AEC's {shown} %"))
            out[f"{regime} codes (not covered: national regime)"] += 1
            continue
        if code.startswith(AUTOMOTIVE):
            lines[code] = MfnEntry(hs=code, not_covered=(
                "a vehicle of the Mercosur automotive regime, outside the AEC: Argentina "
                f"applies its own rate (most vehicles 35 %), not the AEC's {shown} %"))
            out["automotive codes (not covered: outside the AEC)"] += 1
            continue
        lines[code] = MfnEntry(hs=code, rate=rate)
        out["codes at the AEC rate"] += 1
    # the days from KCS's day: the codes at the AEC rate where KCS's table of Brazil agrees
    priced = {code: e for code, e in lines.items() if e.not_covered is None}
    dated, counts = date_back(priced, read_kcs_mfn(KCS_MFN), since=KCS_DAY, until=AS_OF,
                              what=WHAT)
    for code, entry in lines.items():
        if entry.not_covered is not None:  # a national regime: on those days too
            dated[code] = [entry.model_copy(update={"valid_from": KCS_DAY})]
    counts["only in the snapshot"] = sum(1 for code in dated if code not in lines)
    print(f"the days from {KCS_DAY} of the {len(priced)} codes at the AEC rate: "
          f"{dict(counts)}")
    target, mfn, unpriced = write_national_table(
        dated, tariff="AR", as_of=AS_OF, source=SOURCE, import_format="mercosur-aec-xlsx",
        file=args.xlsx.name, sha256=hashlib.sha256(raw).hexdigest(), confidence="low",
        note=NOTE, out=args.out, made_by=MADE_BY, in_force_from_as_of=False,
        more_sources=(KCS_SOURCE,), total=len(lines),
        parsed=sum(1 for e in lines.values() if e.not_covered is None))
    print(f"{target}: {len(mfn)} entries for {len(lines)} NCM codes "
          f"({sum(len(e.hs) == 6 for e in mfn)} six-digit), {len(unpriced)} not covered")
    print_counts(out, unread)


if __name__ == "__main__":
    main()
