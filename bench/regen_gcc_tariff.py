"""Write rules/tariffs/AE.yaml from the text of Oman's 2025 edition of the GCC customs tariff.

Run from the repository root: ``python bench/regen_gcc_tariff.py TARFAH_TXT [--out DIR]``.
``TARFAH_TXT`` is ``Oman/tarfah.txt`` of github.com/agentbryce2025/test_data @ 42d5211: a
pdftotext conversion of the official PDF "Oman's Customs Tariff for 2025, valid on 1 January
2025" (Royal Oman Police, Directorate General of Customs,
https://www.customs.gov.om/media/idwfzthg/tarfah.pdf), the GCC Integrated Customs Tariff on
HS 2022 with 12-digit lines. The GCC states apply one common external tariff, so the duty of
its lines is the UAE's too, except where a state keeps its own (alcohol: 50 % in the UAE per
u.ae, 100 % in this book): chapters 22 and 24 and the pork preparations of 1601/1602 are left
to the curated rules/countries/AE.yaml.

How a rate is tied to a line. The conversion lost the table's rows: on each page the 12-digit
codes and the duty cells come out as separate runs, not always in the same order (the page of
heading 84.71 prints the codes of 84.67 after those of 84.71). Pairing them in order is
therefore not trusted. A page is read only where every duty cell on it says the same thing
(``0%``, ``5%``, ``100%`` or ``PROHIBITED``) and there are at least as many cells as codes:
then every line on the page has that duty, whatever the order. A six-digit subheading is
written only when every one of its lines is on such pages (they then all agree: checked);
the others are left to the curated rules (the general regime, or a ``not_covered`` heading).
``PROHIBITED`` lines become ``not_covered`` entries (the book bans their import in Oman; the
UAE's treatment was not checked).

Which subheadings are written: those under a prefix the curated AE file leaves
``not_covered`` (the GCC exempt goods: chapters 1, 2, 3, 7, 8, 10, 30, headings 4901, 4902,
8802, 8901, 9018, 9019, 9021, 9022), and elsewhere those whose duty is not the general 5 %
(0 %, 100 %, prohibited), since the general regime already gives 5 % there.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"\d{2} \d{2} \d{2} \d{2} \d{2} \d{2}")
CELL = re.compile(r"^(?:0%|5%|100%|PROHIBITED)$")
BIDI = re.compile("[\u202a-\u202e]")
# Curated prefixes of rules/countries/AE.yaml whose lines this table fills (GCC exempt list).
EXEMPT = ("01", "02", "03", "07", "08", "10", "30", "4901", "4902", "8802", "8901", "9018",
          "9019", "9021", "9022")
# Left to the curated file: alcohol and tobacco (national rates differ), pork preparations.
LEFT_OUT = ("22", "24", "1601", "160241", "160242", "160249")
RATES = {"0%": "0", "5%": "0.05", "100%": "1"}


def read_pages(text: str) -> tuple[dict[str, str], set[str], int]:
    """The duty of each 12-digit line on a trusted page, the lines elsewhere, pages read."""
    duty: dict[str, str] = {}
    untrusted: set[str] = set()
    trusted_pages = 0
    for page in text.split("\f"):
        codes = [c.replace(" ", "") for c in CODE.findall(page)]
        if not codes:
            continue
        cells = [c for c in (BIDI.sub("", line).strip() for line in page.split("\n"))
                 if CELL.match(c)]
        if len(set(cells)) == 1 and len(cells) >= len(codes):
            trusted_pages += 1
            for code in codes:
                if duty.setdefault(code, cells[0]) != cells[0]:
                    raise SystemExit(f"line {code} has two duties: {duty[code]}, {cells[0]}")
        else:
            untrusted.update(codes)
    return duty, untrusted, trusted_pages


def subheadings(duty: dict[str, str], untrusted: set[str]) -> dict[str, str]:
    """Six-digit subheadings whose lines are all read, with their one duty."""
    lines: dict[str, set[str]] = defaultdict(set)
    for code in (*duty, *untrusted):
        lines[code[:6]].add(code)
    out: dict[str, str] = {}
    for sub, codes in sorted(lines.items()):
        if codes & untrusted:
            continue
        found = {duty[c] for c in codes}
        if len(found) != 1:
            raise SystemExit(f"{sub}: lines on uniform pages disagree: {sorted(found)}")
        out[sub] = found.pop()
    return out


def entry(sub: str, cell: str) -> str:
    """One mfn entry of the table."""
    if cell == "PROHIBITED":
        why = ("the GCC tariff as published by Oman marks every line PROHIBITED (import "
               "banned there); the UAE treatment was not checked")
        return f'  - {{hs: "{sub}", not_covered: "{why}"}}'
    return f'  - {{hs: "{sub}", rate: "{RATES[cell]}"}}'


def main() -> None:
    """Read the text, pick the subheadings, write the table, print figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("text", type=Path)
    parser.add_argument("--out", type=Path, default=ROOT / "rules")
    args = parser.parse_args()
    raw = args.text.read_bytes()
    duty, untrusted, pages = read_pages(raw.decode("utf-8"))
    subs = subheadings(duty, untrusted)
    keep = {s: c for s, c in subs.items() if not s.startswith(LEFT_OUT)
            and (s.startswith(EXEMPT) or c != "5%")}
    lines = len(duty) + len(untrusted)
    source = (
        "{id: om-gcc-tariff-2025, title: \"Royal Oman Police, Directorate General of Customs:"
        " Oman's Customs Tariff for 2025, valid on 1 January 2025 (the GCC Integrated Customs"
        " Tariff, HS 2022, 12-digit lines)\", url: \"https://www.customs.gov.om/media/idwfzthg/"
        "tarfah.pdf\", accessed: 2026-12-01, note: \"read through a text conversion of the PDF:"
        " agentbryce2025/test_data, Oman/tarfah.txt @ 42d5211"
        " (https://github.com/agentbryce2025/test_data); only pages whose duty cells all agree"
        " are read\"}")
    imported = (f"{{format: gcc-tariff-text, file: tarfah.txt, "
                f"sha256: \"{hashlib.sha256(raw).hexdigest()}\", lines: {lines}, "
                f"parsed: {len(duty)}, nomenclature: HS2022}}")
    head = "\n".join([
        "# yaml-language-server: $schema=../schema/rules.schema.json",
        "# Generated by bench/regen_gcc_tariff.py: do not edit by hand (see rules/SOURCES.md).",
        "tariff: AE", "as_of: 2026-12-01", "sources:", f"  - {source}",
        f"imported: {imported}", "valid_from: 2025-01-01", "confidence: medium", "mfn:", ""])
    body = "\n".join(entry(s, c) for s, c in keep.items())
    out = args.out / "tariffs" / "AE.yaml"
    out.write_text(head + body + "\n", encoding="utf-8")
    print(f"{lines} lines, {len(duty)} on {pages} pages whose duty cells agree; "
          f"{len(subs)} of {len({c[:6] for c in (*duty, *untrusted)})} subheadings read")
    print(f"written: {len(keep)} subheadings to {out}:",
          dict(Counter(c for c in keep.values())))
    print("under the GCC exempt prefixes:",
          dict(Counter(c for s, c in keep.items() if s.startswith(EXEMPT))))


if __name__ == "__main__":
    main()
