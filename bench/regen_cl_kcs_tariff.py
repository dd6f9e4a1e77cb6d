"""Write rules/tariffs/CL.kcs.yaml: the lines of Chile's tariff that the general 6 % misses.

Run from the repository root: ``python bench/regen_cl_kcs_tariff.py [--out DIR]
[--kcs-xlsx WORKBOOK]``. The Korea Customs Service's 2025 table of Chile's tariff (column
기본세율, saved 2025-06-13; see bench/kcs_dated_back.py) is kept as
``bench/data/CL_kcs_tariff_2025.tsv``; ``--kcs-xlsx`` rewrites that file from the workbook first.

Why. Chile charges 6 % on virtually every line (Law 19.589), which rules/countries/CL.yaml
gives as its general regime (``hs: "*"``). Its sources name the exceptions by heading only:
duty-free items inside headings 4901, 4906, 4907, 8401, 8710, 8802, 8901, 8902 and 8906, which
the curated file therefore leaves ``not_covered`` ("the line split is not encoded"). KCS's
table gives every eight-digit line with its duty.

What is written, each line from 2025-06-13 (before it the curated rules answer), confidence
low (a compilation, not Chile's Arancel Aduanero: a quote it prices goes to review):

- every line under a curated carve-out whose line split is not encoded, where KCS's lines show
  that split (some line charges other than the general 6 %). A carve-out whose every line KCS
  gives the general 6 % contradicts the curated source's reason (poultry of 0207, "a higher
  rate than 6 %" in HKTDC) and stays closed; so do the price-band headings (wheat, flour,
  sugar), whose entries are not about a line split;
- elsewhere, every line of a subheading where KCS gives a line a plain rate other than the
  general 6 % (fire-fighting vehicles, unmanned aircraft, which HS2022 moved out of 8802 into
  8806), its lines at 6 % too: a six-digit quote then names the lines, never taking one line's
  rate for all.

How a duty is read: a plain ad valorem rate (``6%``, ``0%``; :func:`kcs_dated_back.plain_rate`);
any other text under a carve-out is ``not_covered`` with the table's words, and elsewhere it is
left to the general regime and counted. Lines under one subheading that charge alike become one
six-digit entry, otherwise a six-digit quote names the lines.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import curated_mfn_entries, percent, write_national_table  # noqa: E402
from kcs_dated_back import KCS_DAY, kcs_mfn, kcs_option, kcs_source, plain_rate  # noqa: E402

from pricing_engine.rules.model import MfnEntry  # noqa: E402

KEPT = ROOT / "bench" / "data" / "CL_kcs_tariff_2025.tsv"
WORKBOOK = "2025년_칠레_관세율표.xlsx"
GENERAL = Decimal("0.06")  # rules/countries/CL.yaml's hs "*"
SPLIT = "the line split is not encoded"
SOURCE = kcs_source("CL", "Chile", WORKBOOK, "기본세율", KEPT.name, use=(
    "reference material compiled by KCS, not Chile's Arancel Aduanero"))
NOTE = ("Chile's duty on the lines where the general 6 % of rules/countries/CL.yaml does not "
        "hold or the curated rules leave the line split of a heading unencoded (the duty-free "
        "items of 4901, 4906, 4907, 8401, 8710, 8802, 8901, 8902, 8906), as the Korea Customs "
        "Service's 2025 table gives each eight-digit line (saved 2025-06-13), from that day. "
        "Not contained: the price bands (wheat, flour, sugar), the preferences, the surcharge on "
        "used goods, any change after the table was saved. Low: a compilation, not the "
        "Arancel Aduanero (a quote it prices goes to review).")
MADE_BY = "bench/regen_cl_kcs_tariff.py from the Korea Customs Service's table of Chile's tariff"


def curated_carve_outs() -> tuple[dict[str, str], tuple[str, ...]]:
    """The prefixes rules/countries/CL.yaml leaves ``not_covered``: those whose reason is an
    unencoded line split (prefix -> reason), and all of them."""
    closed = [e for e in curated_mfn_entries("CL") if e.get("not_covered")]
    split = {e["hs"]: e["not_covered"] for e in closed if SPLIT in e["not_covered"]}
    return split, tuple(e["hs"] for e in closed)


def line_entry(code: str, text: str) -> MfnEntry:
    """The entry of one line from its duty as KCS writes it, from KCS's day."""
    rate = plain_rate(text)
    if rate is not None:
        return MfnEntry(hs=code, rate=rate, valid_from=KCS_DAY)
    return MfnEntry(hs=code, valid_from=KCS_DAY, not_covered=(
        f"Chile's tariff as KCS gives it: '{text}': a form not read"))


def main() -> None:
    """Read KCS's lines, choose those the general regime misses, write the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    kcs_option(parser, KEPT, WORKBOOK)
    args = parser.parse_args()
    lines = kcs_mfn(args.kcs_xlsx, "기본세율", 8, KEPT, "Chile's customs tariff")
    split, closed = curated_carve_outs()
    chosen: dict[str, MfnEntry] = {}
    counts: Counter[str] = Counter()
    for prefix, why in sorted(split.items()):
        under = {c: t for c, t in lines.items() if c.startswith(prefix)}
        if all(plain_rate(t) == GENERAL for t in under.values()):
            print(f"{prefix}: KCS gives all {len(under)} lines the general 6 %, against the "
                  f"curated reason ({why[:60]}...): left closed")
            counts["carve-out left closed"] += 1
            continue
        chosen.update((c, line_entry(c, t)) for c, t in under.items())
        counts["carve-out filled"] += 1
    # elsewhere a subheading with a line KCS gives another plain rate is written whole: its
    # lines at the general 6 % too, so that a six-digit quote names them rather than taking
    # the other line's rate for all of them
    by6: dict[str, dict[str, str]] = defaultdict(dict)
    for code, text in lines.items():
        if not code.startswith(closed):
            by6[code[:6]][code] = text
    for _, under in sorted(by6.items()):
        rates = {plain_rate(t) for t in under.values()}
        counts["not plain, left to the general regime"] += sum(
            1 for t in under.values() if plain_rate(t) is None)
        if rates - {GENERAL, None}:
            chosen.update((c, line_entry(c, t)) for c, t in under.items())
            counts["subheadings elsewhere with a line not at the general 6 %"] += 1
    written, entries, _ = write_national_table(
        chosen, tariff="CL", as_of=KCS_DAY, source=SOURCE, import_format="kcs-tariff-xlsx",
        file=KEPT.name, sha256=hashlib.sha256(KEPT.read_bytes()).hexdigest(),
        confidence="low", note=NOTE, out=args.out, made_by=MADE_BY, total=len(lines),
        parsed=sum(1 for t in lines.values() if plain_rate(t) is not None),
        name="CL.kcs.yaml", in_force_from_as_of=False)
    print(f"{len(lines)} KCS lines read: {dict(counts)}")
    print(f"written to {written}: {len(chosen)} lines, {len(entries)} entries",
          dict(Counter(len(e.hs) for e in entries)),
          f"rates: {dict(Counter(percent(e.rate) for e in entries if e.rate is not None))}, "
          f"not covered: {sum(1 for e in entries if e.not_covered is not None)}")


if __name__ == "__main__":
    main()
