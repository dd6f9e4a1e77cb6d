"""Write rules/tariffs/EU.preferences.yaml: the EU's preferential duties under the EU-Japan EPA,
the EU-Korea FTA, CETA and the EU-UK TCA, code by code, from TARIC's preferential measures.

Run from the repository root: ``python bench/regen_eu_preferences.py [LINES_TSV] [--out DIR]``
(``LINES_TSV`` here the kept CSV, default ``bench/data/EU_taric_preferences.csv``), or
``python bench/regen_eu_preferences.py --from-export preferential_rates.csv`` to rewrite the
kept rows (``LINES_TSV``, those of the four areas) from a new export first.

Where the rows come from. The Danish Customs Agency exports TARIC's measures
(toldtarif_ext.zip); github.com/Bal1979/Customs-Analytics @ 82df4e8 extracted its
preferential tariff measures (``reference/tariff/preferential_rates.csv``: ``hs_code, area,
date_start, date_end, rate, is_quota``, one row per measure: a 10-digit code, the geographical
area, the measure's dates, the first figure of its duty as a fraction, and whether it is a
tariff-quota measure) as of June 2026. A measure at a code ending in zeros covers the codes
below it (``8703000000``: heading 8703). The rows of the four areas read here (JP, KR, CA, GB) are
kept in bench/data (the export is 8.5 MB; the header of the kept file says how it was read).

How the rows are read, per agreement (:data:`AREAS`):

- The measures that are not tariff-quota measures give the agreement's duty at their code's
  prefix (the code without its trailing pairs of zeros), each from its start to its end; where
  two overlap, the higher duty (never lower than TARIC says). A stage in force at the
  export's date whose measure ends later (TARIC opens the EU-Japan EPA's stages a year at a
  time) holds on after it, never lower than the law's. Tariff-quota measures are not read (a
  duty within a quota only: the goods pay what the other measures say).
- A code a quote may give (each code of the EU's MFN tables, and the 6- and 8-digit codes
  above each measure's) that no measure covers on some days from the agreement's entry into
  force, the agreement gives nothing then: an ``excluded`` entry (a claim pays the MFN duty
  and the quote says why), where the curated ``hs: "*"`` zero of rules/unions/EU.yaml would
  otherwise free it. Before the first measure that covers a code the export cannot say (its
  measures are on today's codes: a code the CN re-coded started anew), so nothing is
  written; after the last, the entry says a later CN may have replaced the code. Where
  measures cover only TARIC codes under the code and all charge one duty, the code gets it
  (a zero is the ``*`` zero's); where they charge different duties, or other than what
  covers the code, the code is ``excluded``, saying to give the 10-digit code (its measures
  answer it).
- The export keeps only a duty's first figure: where the MFN duty of the EU's tables has a
  specific part (a duty per kg, an agricultural component, an entry price), the preferential
  figure cannot say whether the agreement removed that part, so a claim there fails closed
  (``not_covered``) wherever a measure covers the goods (and pays the MFN duty where none
  does). Not for the EU-UK TCA, whose zero is whole (no tariff on originating goods).
- The prefixes of the curated entries of an agreement in rules/unions/EU.yaml (cars 8703,
  rice, CETA's quota goods) are left to them.

A measure's figure of 0 needs no entry where the code's shorter entries already give 0 (the
``*`` zero). Confidence medium: a third party's extraction of TARIC, copied through a reader.
"""

from __future__ import annotations

import hashlib
import re
import sys
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import kcs_preferences as prefs  # noqa: E402
from _regen import CHAPTERS_1_97, export_parser, write_national_table  # noqa: E402

from pricing_engine.rules.fields import SourceModel  # noqa: E402
from pricing_engine.rules.model import TERM_NAMES, PreferentialEntry  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "EU_taric_preferences.csv"
AS_OF = date(2026, 6, 17)  # the export's date (the EU tables' TARIC export of June 2026)
#: The areas read: the agreement a quote claims, its entry into force (the curated zero's),
#: and whether its duty is free of any specific part wherever TARIC gives it 0 (the EU-UK
#: TCA: zero tariffs on all originating goods, Art. GOODS.5).
AREAS: dict[str, tuple[str, date, bool]] = {
    "JP": ("EU-Japan EPA", date(2019, 2, 1), False),
    "KR": ("EU-Korea FTA", date(2011, 7, 1), False),
    "CA": ("CETA", date(2017, 9, 21), False),
    "GB": ("EU-UK TCA", date(2021, 1, 1), True),
}
HEADER = "hs_code,area,date_start,date_end,rate,is_quota"
ROW = re.compile(r"^(\d{10}),([A-Z0-9]{2,4}),(\d{4}-\d\d-\d\d),(\d{4}-\d\d-\d\d)?,"
                 r"(\d+(?:\.\d+)?),([01])$")
SOURCE = SourceModel(
    id="taric-pref-eu",
    title="TARIC preferential duty measures of the EU as exported by the Danish Customs "
          "Agency (toldtarif_ext.zip, June 2026): the measures for Japan, Korea, Canada and "
          "the United Kingdom",
    url="https://info.skat.dk/data.aspx?oid=1939",
    accessed=date(2026, 12, 5),
    note="read from a third party's extraction, github.com/Bal1979/Customs-Analytics @ "
         "82df4e8, reference/tariff/preferential_rates.csv (a duty's first figure only), "
         "copied through the code index's reader; the rows of JP, KR, CA and GB are kept in "
         "bench/data/EU_taric_preferences.csv")
NOTE = ("The EU's preferential duties under the EU-Japan EPA, the EU-Korea FTA, CETA and the "
        "EU-UK TCA by "
        "TARIC code, from TARIC's preferential measures as exported in June 2026 "
        "(bench/regen_eu_preferences.py): staged duties with their dates, the goods an "
        "agreement leaves out (excluded: a claim pays the MFN duty), goods whose MFN duty has "
        "a specific part (a claim fails closed: the export gives a duty's first figure only). "
        "Beside the curated zeros and entries of rules/unions/EU.yaml. Not contained: the "
        "agreements' tariff quotas, measures after June 2026. Confidence medium.")
MADE_BY = "bench/regen_eu_preferences.py from TARIC's preferential measures"
FOREVER = date(9999, 12, 31)
#: An MFN entry's duty terms besides a rate and a specific duty: minimums and maximums, an
#: agricultural component, an entry price, ... (the export's first figure cannot say them)
OTHER_TERMS = frozenset(TERM_NAMES) - {"rate", "specific"}


@dataclass(frozen=True)
class Measure:
    """One row read: its prefix, dates (``end`` inclusive) and duty."""

    prefix: str
    start: date
    end: date
    rate: Decimal


def prefix_of(code: str) -> str:
    """A TARIC code without its trailing pairs of zeros: the prefix of the codes it covers."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, fields) of each data row of a kept or exported CSV; a row of another
    shape stops the script naming the file and line."""
    out = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line == HEADER:
            continue
        found = ROW.match(line)
        if found is None:
            raise SystemExit(f"{path}:{number}: not '{HEADER}': {line!r}")
        out.append((number, [found[i] or "" for i in range(1, 7)]))
    return out


def keep(export: Path, out: Path) -> int:
    """Rewrite the kept rows (those of :data:`AREAS`) from an export; how many."""
    rows = [",".join(f) for _, f in read_rows(export) if f[1] in AREAS]
    digest = hashlib.sha256(export.read_bytes()).hexdigest()
    header = [
        "# TARIC preferential duty measures (Danish Customs Agency export, June 2026) of the",
        f"# areas JP, KR, CA and GB, from {export.name} (sha256 {digest}) of",
        "# github.com/Bal1979/Customs-Analytics @ 82df4e8",
        "# (reference/tariff/preferential_rates.csv).",
        "# Written by bench/regen_eu_preferences.py --from-export.",
        HEADER,
    ]
    out.write_text("\n".join((*header, *rows)) + "\n", encoding="utf-8")
    return len(rows)


def measures(rows: Iterable[list[str]], area: str) -> dict[str, list[Measure]]:
    """The area's measures that are not tariff-quota measures, by prefix."""
    out: dict[str, list[Measure]] = {}
    for code, where, start, end, rate, quota in rows:
        if where != area or quota == "1" or not code.startswith(CHAPTERS_1_97):
            continue
        m = Measure(prefix_of(code), date.fromisoformat(start),
                    date.fromisoformat(end) if end else FOREVER, Decimal(rate))
        out.setdefault(m.prefix, []).append(m)
    return out



def _cuts(found: Iterable[Measure], start: date) -> list[date]:
    """The days from ``start`` on where what ``found`` charges may change, and the end."""
    days = {start, FOREVER}
    for m in found:
        days.add(max(m.start, start))
        if m.end < FOREVER:
            days.add(m.end + timedelta(days=1))
    return sorted(d for d in days if d >= start)


def timeline(found: Sequence[Measure], start: date) -> list[tuple[date, date, Decimal | None]]:
    """The duty of ``found`` from ``start`` on: (first day, last day, duty or None where no
    measure is in force), the higher where two overlap, equal neighbours joined; the duty in
    force at the export's date holds on past the end its measure was given."""
    cuts = _cuts(found, start)
    out: list[tuple[date, date, Decimal | None]] = []
    for a, b in pairwise(cuts):
        last = b - timedelta(days=1) if b < FOREVER else FOREVER
        rates = [m.rate for m in found if m.start <= a and m.end >= a]
        rate = max(rates) if rates else None
        if out and out[-1][2] == rate and out[-1][1] + timedelta(days=1) == a:
            out[-1] = (out[-1][0], last, rate)
        else:
            out.append((a, last, rate))
    if len(out) > 1 and out[-1][2] is None and out[-1][0] > AS_OF:
        # the export's measures end after its date (TARIC opens a stage's measure yearly): the
        # last stage holds on, never lower than the law's (the stages only fall)
        out[-2:] = [(out[-2][0], FOREVER, out[-2][2])]
    return out


def at(found: Mapping[str, list[tuple[date, date, Decimal | None]]], prefix: str,
       day: date) -> Decimal | None:
    """The duty on ``day`` of a prefix's timeline (None: no measure)."""
    for a, b, rate in found.get(prefix, ()):
        if a <= day <= b:
            return rate
    return None


@dataclass(frozen=True)
class Outcome:
    """What a code gets on some days: a duty, or an entry saying why it gets none."""

    kind: str  # "rate", "excluded", "not_covered"
    rate: Decimal | None = None
    why: str = ""


def mfn_codes(rules: Path) -> tuple[set[str], set[str]]:
    """The EU's MFN table codes (rules/tariffs/EU*.yaml): those charging a plain ad valorem
    duty above 0, and those whose duty has a specific part (or is not a plain rate)."""
    plain: set[str] = set()
    other: set[str] = set()
    for name in ("EU.yaml", "EU.cnlines.yaml"):
        doc: dict[str, Any] = yaml.safe_load((rules / "tariffs" / name).read_text("utf-8"))
        for e in doc.get("mfn") or ():
            hs = str(e["hs"])
            if e.get("not_covered") or e.get("split") or e.get("reference"):
                continue
            specific = e.get("specific") or []
            amounts = [Decimal(str(x["amount"])) for x in (
                specific if isinstance(specific, list) else [specific])]
            if any(amounts) or set(e) & OTHER_TERMS:
                other.add(hs)
            elif Decimal(str(e.get("rate", "0"))) > 0:
                plain.add(hs)  # (a specific duty of 0, durum wheat's EUR 0/t, is no part)
    return plain, other


def entries_for(area: str, found: dict[str, list[Measure]], plain: set[str],
                other: set[str], left: tuple[str, ...], counts: Counter[str],
                ) -> list[PreferentialEntry]:
    """The entries of one area (module docstring); ``left``: the prefixes of the agreement's
    curated entries in rules/unions/EU.yaml (not ``*``), left to them."""
    agreement, start, whole = AREAS[area]
    specific = () if whole else tuple(sorted(c for c in other if not c.startswith(left)))
    # a measure at or under a code whose MFN duty has a specific part is not read
    lines = {p: timeline(ms, start) for p, ms in found.items()
             if not p.startswith(left) and not p.startswith(specific)}
    keys = sorted(lines)
    codes = set(plain | other if whole else plain)
    for p in lines:
        codes.update(p[:n] for n in (6, 8) if len(p) > n)
    codes = {c for c in codes if c.startswith(CHAPTERS_1_97) and not c.startswith(left)}
    decided: dict[str, list[tuple[date, date, Outcome]]] = {}
    everything = sorted(found)
    for code in specific:  # covered by a measure at, above or below it: not read
        covered = any(code[:n] in found for n in range(len(code), 1, -1)) or any(
            p.startswith(code) for p in everything[bisect_left(everything, code):
                                                  bisect_left(everything, code + "~")])
        decided[code] = [(start, FOREVER, Outcome("not_covered", why=(
            "the EU's MFN duty on these goods has a specific part (a duty per unit, an "
            "agricultural component, an entry price, a minimum or maximum), and the source "
            f"gives only the first figure of {agreement}'s preferential duty: whether the "
            "agreement removes that part is not in the rules")) if covered else Outcome(
                "excluded", why=(
                f"TARIC gives no {agreement} preference on these goods")))]
    for code in sorted(codes - set(specific)):
        ancestors = [code[:n] for n in range(len(code), 1, -1) if code[:n] in lines]
        below = [p for p in keys[bisect_left(keys, code):bisect_left(keys, code + "~")]
                 if len(p) > len(code)]
        covering = [m for p in (*ancestors, *below) for m in found[p]]
        # before the first measure of the code, the export cannot say (its measures are on
        # today's codes: one re-coded since started anew) unless no measure ever covers it
        first = min((max(m.start, start) for m in covering), default=start)
        # the last day a measure covers it, as its timeline runs (a stage in force holds on)
        ends = max((b for p in (*ancestors, *below) for _, b, r in lines[p] if r is not None),
                   default=FOREVER)
        days = _cuts(covering, start)
        out: list[tuple[date, date, Outcome]] = []
        for a, b in pairwise(days):
            if a < first:
                continue
            last = b - timedelta(days=1) if b < FOREVER else FOREVER
            own = next((r for p in ancestors if (r := at(lines, p, a)) is not None), None)
            under = {at(lines, p, a) for p in below} - {None}
            if own is None and not under and a > ends:
                outcome = Outcome("excluded", why=(
                    f"TARIC gives no {agreement} preference on these goods after "
                    f"{ends.isoformat()} (where a later edition of the CN replaced the code, "
                    "give the new one)"))
            elif own is None and not under:
                outcome = Outcome("excluded", why=(
                    f"TARIC gives no {agreement} preference on these goods"))
            elif own is None and len(under) == 1:
                # every measure under it charges the same: that duty (TARIC subdivides a
                # code for other areas' sake); a zero is the "*" zero's
                (rate,) = under
                if rate == 0:
                    continue
                outcome = Outcome("rate", rate,
                                  "the duty TARIC's measures give every code under it")
            elif under and (own is None or under != {own}):
                outcome = Outcome("excluded", why=(
                    f"TARIC's {agreement} duties differ between the 10-digit TARIC codes "
                    "under this code: give the TARIC code (meanwhile the MFN duty)"))
            else:
                continue
            if out and out[-1][2] == outcome and out[-1][1] + timedelta(days=1) == a:
                out[-1] = (out[-1][0], last, outcome)
            else:
                out.append((a, last, outcome))
        if out:
            decided[code] = out
    written: dict[str, list[tuple[date, date, Outcome]]] = {
        code: list(spans) for code, spans in decided.items()}
    for prefix, found_spans in lines.items():
        for a, b, rate in _outside(found_spans, decided.get(prefix, ())):
            if rate is None:
                continue
            if rate == 0 and not _needs_zero(prefix, a, lines, decided):
                counts[f"{area}: free as the shorter entries say"] += 1
                continue
            written.setdefault(prefix, []).append((a, b, Outcome("rate", rate)))
    entries: list[PreferentialEntry] = []
    for code in sorted(written, key=lambda c: (len(c), c)):  # shorter codes first
        spans = sorted(written[code], key=lambda s: s[0])
        filled = []
        for i, (a, b, o) in enumerate(spans):
            filled.append((a, b, o))
            after = spans[i + 1][0] if i + 1 < len(spans) else None
            if after is not None and after > b + timedelta(days=1):
                # a key's entries run without a gap: between two, what the shorter codes say
                filled += _filler(code, b + timedelta(days=1), after - timedelta(days=1),
                                  written)
        written[code] = filled
        for a, b, o in filled:
            counts[f"{area}: {'duty' if o.kind == 'rate' else o.kind}"] += 1
            entries.append(PreferentialEntry.model_validate({
                "agreement": agreement, "origins": [area], "hs": code,
                **({"rate": o.rate} if o.kind == "rate" else {o.kind: o.why}),
                **({"note": o.why} if o.kind == "rate" and o.why else {}),
                "valid_from": a, **({"valid_to": b} if b < FOREVER else {})}))
    return entries


def _filler(code: str, first: date, last: date,
            written: Mapping[str, list[tuple[date, date, Outcome]]],
            ) -> list[tuple[date, date, Outcome]]:
    """What the entries of the codes shorter than ``code`` say from ``first`` to ``last``
    (the ``*`` zero where none does), as spans."""
    shorter = [code[:n] for n in range(len(code) - 1, 1, -1) if code[:n] in written]
    days = sorted({first, last + timedelta(days=1), *(
        d for c in shorter for a, b, _ in written[c]
        for d in (a, b + timedelta(days=1) if b < FOREVER else FOREVER) if first < d <= last)})
    out: list[tuple[date, date, Outcome]] = []
    for a, b in pairwise(days):
        o = next((o for c in shorter for x, y, o in written[c] if x <= a <= y),
                 Outcome("rate", Decimal(0), "free as the shorter entries say"))
        out.append((a, b - timedelta(days=1), o))
    return out


def _outside(spans: Sequence[tuple[date, date, Decimal | None]],
             taken: Sequence[tuple[date, date, Outcome]],
             ) -> list[tuple[date, date, Decimal | None]]:
    """``spans`` without the days ``taken`` (an entry at the same code says otherwise then)."""
    out = list(spans)
    for x, y, _ in taken:
        cut = []
        for a, b, rate in out:
            if b < x or a > y:
                cut.append((a, b, rate))
                continue
            if a < x:
                cut.append((a, x - timedelta(days=1), rate))
            if b > y:
                cut.append((y + timedelta(days=1), b, rate))
        out = cut
    return out


def _needs_zero(prefix: str, day: date, lines: Mapping[str, list[tuple[date, date,
               Decimal | None]]], decided: Mapping[str, list[tuple[date, date, Outcome]]],
               ) -> bool:
    """Whether a zero at ``prefix`` on ``day`` says something its shorter entries do not:
    the nearest shorter prefix with an entry that day charges a duty or gives none."""
    for n in range(len(prefix) - 1, 1, -1):
        shorter = prefix[:n]
        for a, b, _ in decided.get(shorter, ()):
            if a <= day <= b:
                return True
        rate = at(lines, shorter, day)
        if rate is not None:
            return rate != 0
    return False


def main() -> None:
    """Read the kept rows, write the table, print what was read."""
    args = export_parser(__doc__, DEFAULT, "--from-export", "PREFERENTIAL_RATES_CSV",
                         "the export's rows of JP, KR, CA, GB").parse_args()
    if args.from_export:
        print(f"{keep(args.from_export, args.lines)} rows kept in {args.lines}")
    rows = [f for _, f in read_rows(args.lines)]
    plain, other = mfn_codes(ROOT / "rules")
    curated = prefs.curated_entries(yaml.safe_load(
        (ROOT / "rules" / "unions" / "EU.yaml").read_text("utf-8")))
    counts: Counter[str] = Counter()
    entries = []
    for area in AREAS:
        left = tuple(hs for agreement, hs, _ in curated
                     if agreement == AREAS[area][0] and hs != "*")
        entries += entries_for(area, measures(rows, area), plain, other, left, counts)
    print(f"{len(rows)} rows read; {dict(sorted(counts.items()))}")
    written, _, _ = write_national_table(
        {}, tariff="EU", as_of=AS_OF, source=SOURCE, import_format="taric-pref-export",
        file=args.lines.name, sha256=hashlib.sha256(args.lines.read_bytes()).hexdigest(),
        confidence="medium", note=NOTE, out=args.out, made_by=MADE_BY,
        in_force_from_as_of=False, name="EU.preferences.yaml", preferential=entries)
    print(f"written to {written}: {len(entries)} entries")


if __name__ == "__main__":
    main()
