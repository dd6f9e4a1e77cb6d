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
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _regen import curated_where_lines_agree, write_national_table  # noqa: E402

from pricing_engine.rules.fields import SourceModel, SpecificModel  # noqa: E402
from pricing_engine.rules.model import MfnEntry  # noqa: E402

AS_OF = date(2026, 4, 1)
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


def general(code: str, text: str) -> MfnEntry:
    """The MFN entry of a line whose Rate column reads ``text``."""
    aud = "AUD"
    stages = STAGE.findall(text)
    if stages:
        day, month, year, rate = stages[-1]
        when = date(int(year), MONTHS[month], int(day))
        if when <= AS_OF:
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


def main() -> None:
    """Read the copy, build the table, write it, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("json", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    raw = args.json.read_bytes()
    lines = read_lines(args.json)
    kept_out = curated_where_lines_agree("AU", lines)
    out, mfn, unpriced = write_national_table(
        lines, tariff="AU", as_of=AS_OF, source=SOURCE, import_format="au-working-tariff-json",
        file=args.json.name, sha256=hashlib.sha256(raw).hexdigest(), confidence="low",
        note=NOTE, out=args.out, made_by=MADE_BY, leave=kept_out)
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
