"""``pricing-engine check``: approve, review or refuse a proposal, with every reason.

Exit codes: 0 approved, 3 needs review, 4 refused, 2 invalid input or usage, 1 internal error;
141 (128 + SIGPIPE) approved but stdout closed before all of it was written.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table

from pricing_engine._gc import gc_paused
from pricing_engine.cli._console import literal, stdout_console
from pricing_engine.cli._fx_table import fx_table_options, reference_rates
from pricing_engine.cli._locale import LOCALE
from pricing_engine.cli._pipe import exit_on_closed_pipe
from pricing_engine.cli.quote_table import money, percent
from pricing_engine.decision import (
    Decision,
    load_allow_list,
    load_proposal,
    parse_proposal,
    write_audit,
)
from pricing_engine.documents import read_limited
from pricing_engine.engine import Engine

__all__ = ["EXIT_CODES", "check"]

EXIT_CODES = {"APPROVED": 0, "REVIEW": 3, "REJECTED": 4}
_COLOUR = {"APPROVED": "bold green", "REVIEW": "bold yellow", "REJECTED": "bold red",
           "info": "cyan", "review": "yellow", "reject": "red"}


@click.command("check")
@click.argument("proposal_file", metavar="PROPOSAL", type=str)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table for people, json for machines (one document).")
@click.option("--policy", "policy_file", type=click.Path(exists=True, dir_okay=False),
              help="A policy file (default: the bundled policy).")
@click.option("--allow-list", "allow_file", type=click.Path(exists=True, dir_okay=False),
              help="Cleared false positives (YAML).")
@click.option("--rules", "rules_dir", type=click.Path(exists=True),
              help="A rule directory laid over the bundled rules.")
@click.option("--lists", "lists_dir", type=click.Path(exists=True, file_okay=False),
              help="A sanctions lists directory with a manifest.json in place of the bundled "
              "lists; imported lists ($PRICING_ENGINE_LISTS_DIR) are laid over it as always.")
@click.option("--audit-dir", type=click.Path(file_okay=False),
              help="Write one JSON audit record per decision here (never overwriting).")
@click.option("--locale", type=LOCALE, default="en_US", show_default=True,
              help="Locale for money in the table: POSIX or BCP-47 (de_DE, de-DE, pt-BR).")
@fx_table_options
def check(proposal_file: str, fmt: str, policy_file: str | None,
          allow_file: str | None, rules_dir: str | None, lists_dir: str | None,
          audit_dir: str | None, locale: str, fx_table_file: str | None = None,
          no_fx_table: bool = False) -> None:
    """Decide on a PROPOSAL file (a quote file with optional approval sections; - reads stdin).

    The check is judged on today's date, whatever the proposal's date says: that date prices
    the quote, and one far off (by default over 365 days) needs review. The lists are those
    `pricing-engine lists` shows. A --lists DIR whose manifest is missing, malformed or does
    not match its files is invalid input (exit 2, naming the file); bundled or imported lists
    in that state refuse the proposal (LIST_MISSING, exit 4), as no party could be screened.

    \b
    Exit codes: 0 approved; 3 needs review; 4 refused;
    2 invalid input or usage (an unknown --locale); 1 internal error;
    141 approved, but stdout closed before the output was written
    (a review or refusal keeps 3 or 4 then).
    """
    proposal = (parse_proposal(read_limited(sys.stdin.buffer)) if proposal_file == "-"
                else load_proposal(proposal_file))
    allow_list = load_allow_list(allow_file) if allow_file else None
    if lists_dir is not None:
        from pricing_engine.screening.bundle import read_manifest

        read_manifest(Path(lists_dir))  # a directory the user named: its faults are input errors
    fx_table = reference_rates(fx_table_file, no_fx_table)
    # the CLI owns its process: no GC passes over the rules being compiled, nor over the
    # book kept to the end (at exit included)
    with gc_paused(freeze=True):
        engine = Engine.load(rules_dir, lists_dir, policy_file, fx_table=fx_table)
    if lists_dir is not None and engine.lists_error is not None:
        from pricing_engine.screening.bundle import manifest

        # The engine hashed every file once; a failure is traced to the directory the user
        # named (input error, exit 2) or else left to refuse the proposal (LIST_MISSING).
        manifest(Path(lists_dir))
    decision = engine.check(proposal, allow_list=allow_list)
    audit_path = None
    if audit_dir:
        audit_path = write_audit(engine.audit(decision, proposal, allow_list=allow_list),
                                 audit_dir)
    code = EXIT_CODES[decision.status]
    with exit_on_closed_pipe(code):  # `check P | head -1` still exits 4 for a refusal
        if fmt == "json":
            if audit_path is not None:
                decision = decision.model_copy(update={"audit_record": str(audit_path)})
            click.echo(json.dumps(decision.model_dump(mode="json"), indent=2,
                                  ensure_ascii=False))
        else:
            _render(decision, locale)
            if audit_path is not None:
                click.echo(f"audit record: {audit_path}", err=True)
    # SystemExit rather than ctx.exit: click returns (not exits) an Exit's code when run with
    # standalone_mode=False, and `python -m pricing_engine` ignores main()'s return value.
    raise SystemExit(code)


def _render(decision: Decision, locale: str) -> None:
    # markup=False: party names, SKUs and list text in the reasons print as written
    console = stdout_console(highlight=False, markup=False)
    console.print(literal((decision.status, _COLOUR[decision.status]),
                          f" proposal {decision.proposal_id} (checked on {decision.checked_on})"))
    if decision.approvers:
        console.print(f"approvers needed: {', '.join(decision.approvers)}")
    if decision.reasons:
        table = Table(title="Reasons", title_justify="left")
        for column in ("severity", "code", "message", "approvers"):
            table.add_column(column, overflow="fold")
        for reason in decision.reasons:
            table.add_row(literal((reason.severity, _COLOUR[reason.severity])), reason.code,
                          reason.message, ", ".join(reason.approvers))
        console.print(table)
    else:
        console.print("no reasons: every check passed")
    screened = ", ".join(f"{s.role}: {s.result.status if s.result else 'not screened'}"
                         for s in decision.screenings)
    console.print(f"screening: {screened}")
    quote = decision.quote
    if quote is None:
        console.print("landed cost: not computed (see the reasons)")
        return
    totals = quote.totals
    summary = Table(title="Landed cost", title_justify="left")
    summary.add_column("item")
    summary.add_column("amount", justify="right")
    margin = totals.margin
    rows = [("revenue", totals.revenue), ("seller cost-to-serve", totals.seller_cost_to_serve),
            ("buyer landed cost", totals.landed_cost), ("margin", margin.amount)]
    for label, amount in rows:
        summary.add_row(label, money(amount, locale))
    if margin.ratio is not None:
        summary.add_row("margin %", percent(margin.ratio, locale))
    console.print(summary)
