"""Render the DE->FR example proposal for four locales and screenshot it with Chromium.

Writes docs/proposal-<locale>.png (the README shows them). Needs Chromium and fonts with
Japanese and Arabic glyphs (Debian: apt-get install -y chromium fonts-ipafont-gothic
fonts-noto-core). Run from the repository top::

    .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from pricing_engine.decision import load_proposal
from pricing_engine.landed import LandedCostEngine
from pricing_engine.proposal import build_document, load_descriptions, write_document
from pricing_engine.proposal.chromium import screenshot

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ("de_DE", "fr_FR", "ja_JP", "ar_AE")


def main() -> int:
    engine = LandedCostEngine.load()
    proposal = load_proposal(ROOT / "examples" / "proposals" / "de-fr-b2b.yaml")
    result = engine.quote(proposal)
    descriptions = load_descriptions(ROOT / "examples" / "descriptions" / "de-fr-b2b.yaml")
    with tempfile.TemporaryDirectory() as work:
        for locale in LOCALES:
            document = build_document(proposal, result, locale=locale, rules=engine.rules,
                                      descriptions=descriptions)
            page = Path(work) / f"proposal-{locale}.html"
            write_document(document, locale, page)
            out = ROOT / "docs" / f"proposal-{locale}.png"
            screenshot(page, out, width=900, height=860)
            print(out.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
