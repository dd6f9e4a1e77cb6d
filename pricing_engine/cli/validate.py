"""``pricing-engine validate`` (rule files, for CI) and ``pricing-engine schema``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from pricing_engine._gc import gc_paused
from pricing_engine.cli._console import visible
from pricing_engine.errors import RuleFileError
from pricing_engine.output_schemas import OUTPUT_KINDS, output_schema
from pricing_engine.rules.report import RuleErrorRecord, ValidationReport, validation_report
from pricing_engine.rules.schema import schema_json

__all__ = ["schema", "validate"]


def _other_checkers() -> dict[str, Callable[[Path], Iterable[RuleFileError]]]:
    """Checkers of the other files that live beside the rules (the approval policy)."""
    try:
        from pricing_engine.policy.loader import iter_policy_errors
    except ImportError:  # pragma: no cover - the policy package is part of the product
        return {}
    return {"policy": iter_policy_errors}


def _github(err: RuleErrorRecord) -> str:
    def prop(text: str) -> str:
        return (text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
                .replace(":", "%3A").replace(",", "%2C"))

    message = err.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::error file={prop(err.file)},line={err.line},col={err.column}::{message}"


def _print(report: ValidationReport, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(report.model_dump(mode="json"), indent=2))
        return
    for err in report.errors:  # control characters from a file are written out, never sent raw
        click.echo(visible(_github(err) if fmt == "github" else str(err)))
    if report.errors:
        click.echo(f"{len(report.errors)} error(s) in {report.bad_files} of {report.files} "
                   "rule file(s)", err=True)
    else:
        click.echo(f"ok: {report.files} rule file(s)", err=True)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text: file:line:column: message; json: one document; "
              "github: GitHub Actions annotations.")
@click.option("--no-bundled", is_flag=True,
              help="Check PATHs alone, without the bundled rules as context (unions, members).")
def validate(paths: tuple[str, ...], fmt: str, no_bundled: bool) -> None:
    """Check rule files (default: the bundled rules) and report every error at once.

    PATH is a rule file or a directory of them. Cross-file references (a member file's
    union, a preference's origins) are resolved against the bundled rules unless
    --no-bundled; only errors in PATHs are reported.

    \b
    Exit codes: 0 no errors; 1 errors found; 2 usage error (e.g. a PATH that does not exist).
    """
    # the CLI owns its process: no GC passes over the files being checked, then kept
    with gc_paused(freeze=True):
        report = validation_report(paths, include_bundled=not no_bundled,
                                   check_other=_other_checkers())
    _print(report, fmt)
    if not report.ok:
        raise click.exceptions.Exit(1)


def _schema_text(kind: str) -> str:
    if kind in OUTPUT_KINDS:
        return json.dumps(output_schema(kind), indent=2, ensure_ascii=False) + "\n"
    if kind == "rules":
        return schema_json()
    if kind == "policy":
        from pricing_engine.policy.model import Policy

        doc: dict[str, object] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                                  **Policy.model_json_schema(mode="validation")}
    elif kind == "quote":
        from pricing_engine.quote import quote_json_schema

        doc = quote_json_schema()
    else:
        from pricing_engine.decision.proposal import proposal_schema

        doc = proposal_schema()
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


@click.command()
@click.option("--kind", type=click.Choice(["rules", "policy", "quote", "proposal",
                                           *OUTPUT_KINDS]),
              default="rules", show_default=True,
              help="rules: country, union and Incoterms files (rules/schema/rules.schema.json); "
              "policy: the approval policy (rules/schema/policy.schema.json); quote and "
              "proposal: the inputs of `quote` and `check` (examples/*.schema.json); "
              "quote-result, decision, screen-result, screen-record, lists-status, lists-diff, "
              "validate-result and rescreen-record: the JSON documents `quote`, `check`, "
              "`screen NAME`, `screen --input`, `lists`, `lists diff`, `validate` and "
              "`screen --input --changed-since` write (schemas/*.schema.json).")
def schema(kind: str) -> None:
    """Print a JSON Schema: of an input (rules by default, policy, quote...) or an output.

    The output kinds (quote-result, decision, screen-result, screen-record, lists-status,
    lists-diff, validate-result, rescreen-record) are the schemas of the JSON documents
    `quote`, `check`, `screen NAME`, `screen --input`, `lists`, `lists diff`, `validate` and
    `screen --input --changed-since` write.
    """
    click.echo(_schema_text(kind), nl=False)
