"""Shared pieces of the proposal tests: one engine, the example files, a text extractor."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pricing_engine.decision import load_proposal
from pricing_engine.landed import LandedCostEngine
from pricing_engine.proposal import ProposalDocument, build_document, load_descriptions

ROOT = Path(__file__).resolve().parents[2]
DE_FR = ROOT / "examples" / "proposals" / "de-fr-b2b.yaml"
DESCRIPTIONS = ROOT / "examples" / "descriptions" / "de-fr-b2b.yaml"
#: Every example a proposal can be rendered from: the quotes and the proposals.
EXAMPLES = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/proposals/*.yaml")])

#: The parties' addresses on the DE->FR proposal, in their countries' postal order (every
#: locale: an address is written as its country's post reads it).
ADDRESSES = ("Industriestraße 12", "70565 STUTTGART", "14 rue de Gerland", "Bâtiment B",
             "69007 LYON")
#: What a reader of each locale sees for the DE->FR proposal: CLDR's patterns as babel
#: writes them (no-break spaces, the right-to-left mark of Arabic), written out here so that
#: a change in them is noticed, and the reverse-charge mention in the reader's language.
EXPECTED = {
    "de_DE": ("33.600,00\xa0€", "4.350,00\xa0€", "20. November 2026", "20. Dezember 2026",
              "Frankreich", "Steuerschuldnerschaft des Leistungsempfängers", "Angebot",
              "Kreiselpumpe", *ADDRESSES),
    "fr_FR": ("33\u202f600,00\xa0€", "4\u202f350,00\xa0€", "20 novembre 2026",
              "20 décembre 2026", "Allemagne", "Autoliquidation", "Proposition commerciale",
              "Pompe centrifuge", *ADDRESSES),
    "es_ES": ("33.600,00\xa0€", "312,50\xa0€", "20 de noviembre de 2026", "Alemania",
              "Inversión del sujeto pasivo", "Oferta", "Bomba centrífuga", *ADDRESSES),
    "ja_JP": ("€33,600.00", "€4,350.00", "2026年11月20日", "2026年12月20日", "フランス",
              "リバースチャージ（Reverse charge）", "見積書", "遠心ポンプ", *ADDRESSES),
    "ar_AE": ("\u200f33,600.00\xa0€", "\u200f4,350.00\xa0€", "20 نوفمبر 2026", "فرنسا",
              "آلية الاحتساب العكسي (Reverse charge)", "عرض سعر", "مضخة طرد مركزي", *ADDRESSES),
    "en_GB": ("€33,600.00", "20 November 2026", "France", "Reverse charge", "Proposal",
              "Centrifugal pump", *ADDRESSES),
}


@pytest.fixture(scope="session")
def engine() -> LandedCostEngine:
    return LandedCostEngine.load()


@pytest.fixture(scope="session")
def document_of(engine: LandedCostEngine) -> Callable[..., ProposalDocument]:
    """Build the document of a proposal file for a locale (with the example descriptions)."""
    descriptions = load_descriptions(DESCRIPTIONS)

    def build(path: Path, locale: str) -> ProposalDocument:
        proposal = load_proposal(path)
        return build_document(proposal, engine.quote(proposal), locale=locale,
                              rules=engine.rules, descriptions=descriptions)

    return build


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "script", "title")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text a reader sees in ``html`` (no style, script or title), blanks collapsed."""
    parser = _Text()
    parser.feed(html)
    # collapse ASCII blanks only: babel's no-break spaces are part of what is checked
    return re.sub(r"[ \t\r\n]+", " ", " ".join(parser.parts)).strip()
