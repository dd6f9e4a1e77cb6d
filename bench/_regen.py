"""Helpers the table regeneration scripts of bench/ share (not part of the package)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def curated_prefixes(country: str) -> tuple[str, ...]:
    """The prefixes of rules/countries/<country>.yaml's MFN entries whose confidence is not
    low: hand-checked entries a generated table leaves alone."""
    path = ROOT / "rules" / "countries" / f"{country}.yaml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    return tuple(e["hs"] for e in doc["duty"]["mfn"] if e.get("confidence") != "low")
