"""Write rules/tariffs/AU.yaml from a copy of Schedule 3 of Australia's Working Tariff.

Run from the repository root: ``python bench/regen_au_tariff.py SCHEDULE3_JSON [--out DIR]``.
``SCHEDULE3_JSON`` is ``data/tariff-schedule3.json`` of
github.com/networkneedsau/australian-tariff-classification @ 9a8f3f3 (added 2026-04-01): the
classifications of Schedule 3 to the Customs Tariff Act 1995 as the Australian Border Force
publishes them in its Working Tariff (abf.gov.au), one record per tariff classification and
statistical code, with the "Rate" column as displayed. That copy is a third party's, and it
is incomplete: 1,585 of the 5,612 HS2022 subheadings of chapters 1-97 have no line in it (most
of chapters 28, 52, 55, 61, 62 and 72-73), so those keep failing closed (or their curated
entry); within a subheading it read, a line it missed cannot be told apart.

How a rate is read. The Rate column gives the general rate first, then the rates of
preference categories (``DCS``, ``DCT``, ``CA``, ``NZ/PG/FI/DC/LDC/SG`` ...), which are not
read here (MFN only). A phased rate (``5% From1July2018 3.75% From1July2019 Free``) is taken at
its last stage. ``Free`` and ``N%`` are ad valorem; ``$N/L`` and ``$N/kg`` AUD per litre or
per kg; ``N%, and $N/L of alcohol`` ad valorem plus AUD per litre of alcohol. A rate with a
condition this engine does not price (``$N/L of alcohol, calculated on that alcohol content by
which ... exceeds 1.15``, ``/kg of tobacco content``, ``or, if lower, $N/kg TSS``) or a line
with no rate in the copy is written ``not_covered`` with the text, so it fails closed.

Which lines are written: every subheading the copy has, but those under a prefix of the
curated rules/countries/AU.yaml whose confidence is not low and whose lines all charge what
the curated entry charges (hand-checked entries stay where the copy agrees; a subheading with a
line that charges otherwise is written whole, :func:`_regen.curated_where_lines_agree`); under
its low-confidence heading rates ("5 %, some lines free") the table's lines, being
longer, are what an eight-digit lookup finds. One six-digit entry where a subheading's lines
agree, else the eight-digit lines. Confidence low: a third party's copy, incomplete, as of
2026-04-01; a quote on these lines goes to review.

Days. The Korea Customs Service's 2025 table of Schedule 3 (bench/data/AU_kcs_tariff_2025.tsv,
which bench/regen_kcs_tariff.py keeps for AU.kcs.yaml) is an earlier snapshot: a
classification whose KCS Rate text, read as the copy's is, charges alike is dated from that
table's day (2025-06-13), the others are not covered on the days between
(bench/kcs_dated_back.py). A classification KCS gives in a subheading the copy has lines in,
and the copy lacks, is not covered from 2025-06-13 on (the copy's six-digit entry must not
answer for it). An excise-equivalent rate (:func:`indexed`) ends the day before the next
indexation day after the copy and is not covered from then.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import curated_where_lines_agree, write_national_table  # noqa: E402
from kcs_dated_back import KCS_DAY, charge_terms, date_back, kcs_source  # noqa: E402

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402

AS_OF = date(2026, 4, 1)
#: The first day after the copy on which Schedule 3's excise-equivalent rates may be indexed,
#: by chapter: alcohol and fuels on 1 February and 1 August (or, where the index number is
#: published late, the fifth day after: Customs Tariff Act 1995, s. 19(5)), tobacco on
#: 1 March and 1 September.
INDEXED_FROM = {"22": date(2026, 8, 1), "27": date(2026, 8, 1), "24": date(2026, 9, 1)}
RATE = r"(Free|\d+(?:\.\d+)?%)"
STAGE = re.compile(r"From\s*(\d{1,2})\s*([A-Z][a-z]+)\s*(\d{4})\s*" + RATE)
LEAD = re.compile(r"^" + RATE + r"(?=$|\s|[A-Z,]|\u00a0)")
ALCOHOL = re.compile(r"^(\d+(?:\.\d+)?)%, and \$(\d[\d,]*(?:\.\d+)?)/L of alcohol"
                     r"(?! , calculated)(?!, calculated)")
PER_UNIT = re.compile(r"^\$(\d[\d,]*(?:\.\d+)?) ?/(L of alcohol|L|kg)(?=$|\s)(?! of)")
MONTHS = {m: i for i, m in enumerate(("January", "February", "March", "April", "May", "June",
                                       "July", "August", "September", "October", "November",
                                       "December"), start=1)}
SOURCE = SourceModel(
    id="abf-working-tariff-s3",
    title="Australian Border Force: Working Tariff, Schedule 3 to the Customs Tariff Act "
          "1995 (general rates, HS2022 8-digit tariff classifications), as displayed on "
          "2026-04-01",
    url="https://www.abf.gov.au/importing-exporting-and-manufacturing/tariff-classification/"
        "current-tariff/schedule-3",
    accessed=date(2026, 12, 1),
    note="read from a third party's copy: github.com/networkneedsau/"
         "australian-tariff-classification, data/tariff-schedule3.json @ 9a8f3f3 (incomplete: "
         "1,585 of the 5,612 HS2022 subheadings have no line in it)")
NOTE = ("MFN (general) rates of Schedule 3 as the ABF Working Tariff displayed them on "
        "2026-04-01, read from a third party's incomplete copy; preference categories (DCS, "
        "DCT, CA, NZ/PG/FI/DC/LDC/SG) and free trade agreement rates are not read; excise-"
        "equivalent duties on fuels, alcohol and tobacco are indexed twice a year. Hence "
        "confidence low: a quote on these lines goes to review.")

#: What the table's header says wrote it.
MADE_BY = 'bench/regen_au_tariff.py from a copy of the ABF Working Tariff, Schedule 3'


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _ad_valorem(text: str) -> Decimal:
    return Decimal(0) if text == "Free" else Decimal(text[:-1]) / 100


def general(code: str, text: str, as_of: date = AS_OF) -> MfnEntry:
    """The MFN entry of a line whose Rate column reads ``text`` on ``as_of`` (a phased rate
    whose last stage is later is not priced)."""
    aud = "AUD"
    stages = STAGE.findall(text)
    if stages:
        day, month, year, rate = stages[-1]
        when = date(int(year), MONTHS[month], int(day))
        if when <= as_of:
            return MfnEntry(hs=code, rate=_ad_valorem(rate),
                            note=f"the last stage of '{text}'")
        return _unpriced(code, text, "a stage after the copy's date")
    found = ALCOHOL.match(text)
    if found and "calculated on" not in text:
        return MfnEntry(hs=code, rate=Decimal(found[1]) / 100, specific=SpecificModel(
            amount=_amount(found[2]), currency=aud, per="litre_alcohol"))
    found = PER_UNIT.match(text)
    if found and "calculated on" not in text:
        per = {"L": "litre", "kg": "kg", "L of alcohol": "litre_alcohol"}[found[2]]
        return MfnEntry(hs=code, specific=SpecificModel(amount=_amount(found[1]),
                                                        currency=aud, per=per))
    found = LEAD.match(text)
    if found and ", or" not in text and "of alcohol" not in text:
        return MfnEntry(hs=code, rate=_ad_valorem(found[1]))
    if not text:
        return _unpriced(code, text, "the copy has no rate for this line")
    return _unpriced(code, text, "a condition the rules do not price")


def indexed(entry: MfnEntry) -> bool:
    """Whether the entry charges an amount by quantity in chapters 22, 24 or 27: the
    excise-equivalent duties on alcohol, tobacco and fuels, which are indexed twice a year
    (:data:`INDEXED_FROM`)."""
    return entry.specific is not None and entry.hs.startswith(tuple(INDEXED_FROM))


def _terms_of(text: str) -> object:
    """What a Rate text of KCS's table charges as of its day, as
    :func:`kcs_dated_back.charge_terms` gives a line's (a text of several statistical codes,
    joined by " / ", is not read)."""
    return None if " / " in text else charge_terms(general("00000000", text, KCS_DAY))


def index_ended(entries: list[MfnEntry]) -> list[MfnEntry]:
    """A line's dated entries with an excise-equivalent rate ended the day before the first
    indexation day after the copy (:data:`INDEXED_FROM`) and ``not_covered`` from it."""
    last = entries[-1]
    if not indexed(last) or last.valid_to is not None:
        return entries
    said = _amount_said(last)
    day = INDEXED_FROM[last.hs[:2]]
    return [*entries[:-1], last.model_copy(update={"valid_to": day - timedelta(1)}),
            MfnEntry(hs=last.hs, valid_from=day, not_covered=(
                f"an excise-equivalent rate ({said} on {AS_OF}), indexed on or after {day} "
                "(Customs Tariff Act 1995, s. 19 and following): the rate from then is not "
                "read"))]


def _amount_said(entry: MfnEntry) -> str:
    """What a line's specific amounts charge (``AUD 107.99 a litre of alcohol``)."""
    return " + ".join(f"{s.currency} {s.amount} a {s.per.replace('_', ' of ')}"
                      for s in entry.specific or ())


def _unpriced(code: str, text: str, why: str) -> MfnEntry:
    # the general rate only: the preference categories' rates follow it
    general_part = re.split(r"\s(?=NZ/|DC|CA|SG|MY)", text)[0]
    shown = " ".join(general_part.replace('"', "'").split())
    said = f"the Working Tariff gives '{shown}': " if shown else ""
    return MfnEntry(hs=code, not_covered=f"{said}{why}")


def read_lines(path: Path) -> dict[str, MfnEntry]:
    """Each 8-digit tariff classification of the copy with its MFN entry."""
    data = json.loads(path.read_text(encoding="utf-8"))
    texts: dict[str, set[str]] = defaultdict(set)
    for section in data:
        for chapter in section["chapters"]:
            for heading in chapter["headings"]:
                for item in heading["classifications"]:
                    code = re.sub(r"\D", "", item["referenceNumber"])
                    text = " ".join(item["dutyRate"].replace("\u200b", " ").split())
                    if len(code) == 8:
                        texts[code].add(text)
    out = {}
    for code, found in sorted(texts.items()):
        given = sorted(t for t in found if t)
        if len(given) > 1:
            out[code] = _unpriced(code, " / ".join(given), "the copy gives two rates")
        else:
            out[code] = general(code, given[0] if given else "")
    return out


def kcs_snapshot() -> dict[str, str]:
    """KCS's 2025 table of Schedule 3 (its MFN column, kept for bench/regen_kcs_tariff.py in
    bench/data/AU_kcs_tariff_2025.tsv): each 8-digit tariff classification's Rate text, its
    statistical codes' gathered (several joined by " / "; none: empty)."""
    from regen_kcs_tariff import COUNTRIES, au_line_texts, default_tsv
    from regen_kcs_tariff import read_lines as kcs_rows

    rows = kcs_rows(default_tsv("AU"), COUNTRIES["AU"])
    return {line: " / ".join(texts) for line, texts in au_line_texts(rows).items()}


def main() -> None:
    """Read the copy, date its lines back, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("json", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    raw = args.json.read_bytes()
    lines = read_lines(args.json)
    kept_out = curated_where_lines_agree("AU", lines)
    dated, counts = date_back(lines, kcs_snapshot(), since=KCS_DAY, until=AS_OF,
                              what="KCS's 2025 table", terms_of=_terms_of, lacking=True)
    print(f"the days from {KCS_DAY}: {dict(counts)}")
    dated = {code: index_ended(entries) for code, entries in dated.items()}
    print("excise-equivalent rates ended at their indexation:",
          sum(1 for entries in dated.values() if len(entries) > 1 and indexed(entries[-2])))
    unpriced = [code for code, entry in lines.items() if entry.not_covered is not None]
    out, mfn, _ = write_national_table(
        dated, tariff="AU", as_of=AS_OF, source=SOURCE, import_format="au-working-tariff-json",
        file=args.json.name, sha256=hashlib.sha256(raw).hexdigest(), confidence="low",
        note=NOTE, out=args.out, made_by=MADE_BY, leave=kept_out, in_force_from_as_of=False,
        total=len(lines), parsed=len(lines) - len(unpriced), more_sources=(kcs_source(
            "AU", "Australia", "2025년_호주_관세율표.xlsx", "기본세율",
            "AU_kcs_tariff_2025.tsv", "classifications"),))
    print(f"written: {out}")
    print(f"{len(lines)} lines read, {len(lines) - len(unpriced)} priced, "
          f"{len(unpriced)} not priced")
    print("not priced, by reason:", dict(Counter(
        lines[c].not_covered.rsplit(": ", 1)[-1] for c in unpriced)))  # type: ignore[union-attr]
    subheadings = len({e.hs[:6] for e in mfn})
    print(f"{subheadings} subheadings written ({len(kept_out)} curated codes left alone), "
          f"{len(mfn)} entries:", dict(Counter(len(e.hs) for e in mfn)))
    print("rates:", Counter(str(e.rate) if e.specific is None else "specific"
                            for e in mfn if e.not_covered is None).most_common(8))


if __name__ == "__main__":
    main()
