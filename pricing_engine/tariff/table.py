"""The tariff table: one imported schedule's MFN and preferential lines, and its YAML file.

A table is written as ``DIR/tariffs/<CODE>.yaml`` (CODE: the country or union whose
``duty.mfn`` it extends), entries in the shape of a country file's ``duty.mfn`` and
``duty.preferential`` (rules/FORMAT.md), one flow mapping per line, sorted by HS code, so that
two imports of the same file are byte-identical and a new revision diffs line by line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from pricing_engine._atomic import atomic_write
from pricing_engine.rules.fields import SourceModel
from pricing_engine.tariff.rates import ParsedRate, Specific, plain

__all__ = [
    "ImportResult",
    "Imported",
    "MfnLine",
    "PreferenceLine",
    "Problem",
    "TariffTable",
    "render_table",
    "write_table",
]


@dataclass(frozen=True, slots=True)
class Imported:
    """The input file of an import: format, name, sha256 and how many rate texts parsed."""

    format: str
    file: str
    sha256: str
    lines: int
    parsed: int
    nomenclature: str


@dataclass(frozen=True, slots=True)
class MfnLine:
    """One national tariff line's MFN duty."""

    hs: str
    duty: ParsedRate


@dataclass(frozen=True, slots=True)
class PreferenceLine:
    """One preferential duty: an agreement's partner origins on an HS prefix."""

    agreement: str
    origins: tuple[str, ...]
    hs: str
    duty: ParsedRate
    confidence: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A rate text the importer could not use, with the file and row it came from."""

    file: str
    row: int
    hs: str
    column: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.hs} {self.column}: {self.reason}: {self.text!r}"


@dataclass(frozen=True, slots=True)
class TariffTable:
    """An imported schedule, ready to write."""

    tariff: str
    as_of: date
    sources: tuple[SourceModel, ...]
    imported: Imported
    confidence: str
    mfn: tuple[MfnLine, ...]
    preferential: tuple[PreferenceLine, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportResult:
    """A table, the problems found building it, and counts worth printing (rows skipped...)."""

    table: TariffTable
    problems: tuple[Problem, ...]
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def share(self) -> Decimal:
        """The share of the file's MFN rate texts that parsed (1 for a file without any)."""
        imported = self.table.imported
        return Decimal(imported.parsed) / imported.lines if imported.lines else Decimal(1)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _specific(value: Specific) -> str:
    return f"{{amount: {_q(plain(value.amount))}, currency: {value.currency}, per: {value.per}}}"


def _duty(duty: ParsedRate) -> str:
    parts = []
    if duty.specific is not None:
        parts.append(f"specific: {_specific(duty.specific)}")
    if duty.rate is not None:
        parts.append(f"rate: {_q(plain(duty.rate))}")
    parts += [f"{name}: {_specific(limit)}"
              for name, limit in (("min", duty.min), ("max", duty.max)) if limit is not None]
    return ", ".join(parts)


def _preference(line: PreferenceLine) -> str:
    text = (f"  - {{agreement: {_q(line.agreement)}, origins: [{', '.join(line.origins)}], "
            f"hs: {_q(line.hs)}, {_duty(line.duty)}, requires: proof_of_origin")
    if line.confidence:
        text += f", confidence: {line.confidence}"
    if line.note:
        text += f", note: {_q(line.note)}"
    return text + "}"


def render_table(table: TariffTable) -> str:
    """The table's YAML text: deterministic, entries sorted by HS code, one per line."""
    imp = table.imported
    lines = [
        "# yaml-language-server: $schema=../schema/rules.schema.json",
        f"# Written by `pricing-engine tariff import {imp.format}`: do not edit by hand;",
        "# re-import the published file instead (hand-curated entries live in their own layer).",
        f"tariff: {table.tariff}",
        f"as_of: {table.as_of.isoformat()}",
        "sources:",
    ]
    for src in table.sources:
        url = f", url: {_q(src.url)}" if src.url else ""
        lines.append(f"  - {{id: {_q(src.id)}, title: {_q(src.title)}{url}}}")
    lines += [
        f"imported: {{format: {imp.format}, file: {_q(imp.file)}, sha256: {_q(imp.sha256)}, "
        f"lines: {imp.lines}, parsed: {imp.parsed}, nomenclature: {imp.nomenclature}}}",
        f"confidence: {table.confidence}",
        f"valid_from: {table.as_of.isoformat()}",
        "mfn:",
    ]
    lines += [f"  - {{hs: {_q(m.hs)}, {_duty(m.duty)}}}" for m in sorted(table.mfn,
                                                                           key=lambda m: m.hs)]
    if table.preferential:
        lines.append("preferential:")
        order = sorted(table.preferential, key=lambda p: (p.hs, p.agreement, p.origins))
        lines += [_preference(p) for p in order]
    else:
        lines.append("preferential: []")
    return "\n".join(lines) + "\n"


def write_table(table: TariffTable, out_dir: Path) -> Path:
    """Write ``out_dir/tariffs/<CODE>.yaml`` whole or not at all; return its path."""
    target = out_dir / "tariffs" / f"{table.tariff}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(target) as handle:
        handle.write(render_table(table))
    return target
