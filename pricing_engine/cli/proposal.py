"""``pricing-engine proposal render``: the customer-facing proposal, in the buyer's language.

Exit codes: 0 written; 2 invalid input or usage (a bad proposal or descriptions file, an
unknown --locale, an --out that is not .html or .pdf, a missing rule or FX rate, or a PDF
asked for without Chromium); 1 internal error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pricing_engine._gc import gc_paused
from pricing_engine.cli._locale import LOCALE
from pricing_engine.decision import load_proposal, parse_proposal
from pricing_engine.documents import read_limited
from pricing_engine.landed import LandedCostEngine
from pricing_engine.proposal import (
    DEFAULT_VALID_DAYS,
    build_document,
    load_descriptions,
    write_document,
)
from pricing_engine.proposal.output import FORMATS
from pricing_engine.quote import load_fx

__all__ = ["proposal"]


def _output(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    # checked before any work: a wrong suffix is a usage error, not a wasted pricing run
    if value.suffix.lower() not in FORMATS:
        raise click.BadParameter(f"{value}: give a file ending in .html or .pdf", ctx, param)
    return value


@click.group("proposal")
def proposal() -> None:
    """Render the customer-facing proposal document (HTML or PDF) in the buyer's language.

    \b
    Exit codes: 0 written; 2 invalid input or usage; 1 internal error.
    """


@proposal.command("render")
@click.argument("proposal_file", metavar="PROPOSAL", type=str)
@click.option("--locale", type=LOCALE, default="en_US", show_default=True,
              help="The reader's locale: POSIX or BCP-47 (de_DE, fr-FR, ja_JP, ar-AE).")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path, dir_okay=False),
              callback=_output, help="The document to write: FILE.html, or FILE.pdf (Chromium).")
@click.option("--descriptions", "descriptions_file", type=str,
              help="Line descriptions per SKU and locale (YAML/JSON: 'SKU: {fr: text}').")
@click.option("--valid-days", type=click.IntRange(1, 3650), default=DEFAULT_VALID_DAYS,
              show_default=True, help="Days the proposal stands, from its date.")
@click.option("--rules", "rules_dir", type=str,
              help="A rule directory laid over the bundled rules.")
@click.option("--fx", "fx_file", type=str,
              help="FX table file (YAML/JSON: 'EUR/USD: \"1.0850\"'); the proposal's fx wins.")
def render(proposal_file: str, locale: str, out: Path, descriptions_file: str | None,
           valid_days: int, rules_dir: str | None, fx_file: str | None) -> None:
    """Write the PROPOSAL (a proposal or quote file; - reads stdin) as a document for the buyer.

    The document shows the seller and buyer, date and validity, the Incoterm and named place,
    each line with its description in the reader's language, prices and totals in the
    proposal's currency, the tax on the invoice and the mentions its treatment requires
    (e.g. the reverse charge of an intra-EU B2B sale). Numbers, dates, currencies and
    country names follow the locale (CLDR, through babel); labels come from the gettext
    catalogues (en, de, fr, es, ja, ar; English otherwise); Arabic is laid out right to left.
    Costs, margins and rule references never appear on it. The proposal is priced, not
    approved: run `pricing-engine check` before sending it.

    \b
    Exit codes: 0 written; 2 invalid input or usage (an unknown --locale,
    an --out not ending in .html or .pdf, a missing rule or FX rate, a PDF
    without Chromium); 1 internal error.
    """
    prop = (parse_proposal(read_limited(sys.stdin.buffer)) if proposal_file == "-"
            else load_proposal(proposal_file))
    descriptions = load_descriptions(descriptions_file) if descriptions_file else None
    fx = load_fx(fx_file) if fx_file else None
    # the CLI owns its process: no GC passes over the rules being compiled, then kept
    with gc_paused(freeze=True):
        engine = LandedCostEngine.load(rules_dir, fx=fx)
        result = engine.quote(prop, written_out=True)  # the document reads every line
    document = build_document(prop, result, locale=locale, rules=engine.rules,
                              valid_days=valid_days, descriptions=descriptions)
    path = write_document(document, locale, out)
    click.echo(f"wrote {path}", err=True)
