"""The JSON contract: every document the CLI emits starts with ``"schema_version": 1`` and
validates against its published schema (committed in schemas/, printed by ``schema --kind``)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pricing_engine.cli.main import cli
from pricing_engine.output_schemas import OUTPUT_KINDS

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[1]
QUOTE = str(ROOT / "examples" / "de-us-ddp.yaml")
PROPOSAL = str(ROOT / "examples" / "proposals" / "de-gb-dap.yaml")
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PROPOSALS = sorted((ROOT / "examples" / "proposals").glob("*.yaml"))
MODES = [(), ("--target", "0.25"), ("--compare-incoterms",)]
BATCH = ('{"id": "1", "name": "Banco Nacional de Cuba"}\n{"id": "2"}\n'
         '{"id": 3, "name": "\u738b\u5c0f\u660e", "kind": "person"}\n')


def _valid(kind: str, doc: Any) -> None:
    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=None).validate(doc)


def _json(*args: str, stdin: str | None = None, exit_codes: tuple[int, ...] = (0,)) -> Any:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert result.exit_code in exit_codes, result.output
    return json.loads(result.stdout)


def _first_is_version(doc: dict[str, Any]) -> None:
    assert next(iter(doc)) == "schema_version"
    assert doc["schema_version"] == 1


@pytest.mark.parametrize("extra", MODES)
def test_quote_documents_carry_the_schema_version(extra: tuple[str, ...]) -> None:
    _first_is_version(_json("quote", QUOTE, "--format", "json", *extra))


def test_check_document_carries_the_schema_version() -> None:
    _first_is_version(_json("check", PROPOSAL, "--format", "json", exit_codes=(0, 3, 4)))


def test_screen_documents_carry_the_schema_version() -> None:
    _first_is_version(_json("screen", "Banco Nacional de Cuba", "--format", "json"))
    result = CliRunner().invoke(cli, ["screen", "--input", "-", "--workers", "1"], input=BATCH)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["1", "2", 3]
    assert records[1]["error"]
    for record in records:
        _first_is_version(record)


def test_lists_and_validate_documents_carry_the_schema_version() -> None:
    _first_is_version(_json("lists", "--format", "json"))
    _first_is_version(_json("validate", "--format", "json"))


@pytest.mark.parametrize("kind", OUTPUT_KINDS)
def test_committed_output_schema_matches_the_command(kind: str) -> None:
    printed = CliRunner().invoke(cli, ["schema", "--kind", kind])
    assert printed.exit_code == 0, printed.output
    committed = ROOT / "schemas" / f"{kind}.schema.json"
    assert printed.output == committed.read_text(encoding="utf-8"), (
        f"regenerate: pricing-engine schema --kind {kind} > schemas/{kind}.schema.json")
    jsonschema.Draft202012Validator.check_schema(json.loads(printed.output))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_quote_validates_against_the_quote_result_schema(example: Path) -> None:
    for extra in MODES:
        doc = _json("quote", str(example), "--format", "json", *extra)
        _valid("quote-result", doc)
        assert (doc["price_for_margin"] is None) == ("--target" not in extra)
        assert (doc["compare_incoterms"] is None) == ("--compare-incoterms" not in extra)


@pytest.mark.parametrize("proposal", PROPOSALS, ids=lambda p: p.name)
def test_every_example_decision_validates_against_the_decision_schema(
        proposal: Path, tmp_path: Path) -> None:
    doc = _json("check", str(proposal), "--format", "json", "--audit-dir", str(tmp_path),
                exit_codes=(0, 3, 4))
    _valid("decision", doc)
    assert doc["audit_record"] and Path(doc["audit_record"]).parent == tmp_path


def test_screen_result_and_records_validate_against_their_schemas() -> None:
    result = _json("screen", "Banco Nacional de Cuba", "--format", "json")
    assert result["matches"]
    _valid("screen-result", result)
    done = CliRunner().invoke(cli, ["screen", "--input", "-", "--workers", "1"], input=BATCH)
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["status"] for r in records] == ["hit", None, "review"]
    assert records[2]["unread_scripts"]
    assert records[0]["matches"][0] == result["matches"][0]  # one match shape, explained
    for record in records:
        _valid("screen-record", record)


def test_the_cost_split_prices_import_duties_as_the_table_does() -> None:
    doc = _json("quote", QUOTE, "--format", "json")
    element = next(e for e in doc["cost_split"] if e["element"] == "import_duties_taxes")
    totals = doc["totals"]
    charges = sum(Decimal(totals[k]["quote_amount"]["amount"])
                  for k in ("duty", "import_tax", "fees"))
    assert element["amount"] == {"amount": str(charges), "currency": doc["currency"]}
    table = CliRunner().invoke(cli, ["quote", QUOTE]).stdout
    row = next(line for line in table.splitlines() if "import_duties_taxes" in line)
    assert f"€{charges:,}" in row


def test_notes_and_cost_split_speak_in_codes() -> None:
    doc = _json("quote", QUOTE, "--format", "json")
    assert [n["code"] for n in doc["notes"]] == ["ROUNDING_RESIDUE", "DDP_CUSTOMS_VALUE_NET"]
    assert {n["code"] for n in doc["de_minimis"]} == {"DE_MINIMIS_NOT_RELIEVED"}
    assert doc["residue_line"] == 1 and "on line 1 " in doc["notes"][0]["message"]
    insurance = next(e for e in doc["cost_split"] if e["element"] == "insurance")
    assert (insurance["paid_by"], insurance["decided_by"]) == ("seller", "risk_bearer")
    assert Decimal(doc["totals"]["margin"]["ratio"]) < 1  # a fraction, not a percentage


# -- lists, lists diff and validate: documents built by library models --------------------

LISTS = ROOT / "sanctions_lists"
RULES_BAD = ROOT / "tests" / "fixtures" / "rules_bad"


def _cells(table: str, first: str) -> list[str]:
    """The cells of the table row whose first cell is ``first``."""
    row = next(line for line in table.splitlines() if line.startswith(f"\u2502 {first} "))
    return [cell.strip() for cell in row.split("\u2502")[1:-1]]


def test_lists_status_validates_and_the_table_shows_its_figures(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "user"
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(user))
    imported = CliRunner().invoke(cli, ["lists", "import", "un_xml",
                                        str(LISTS / "un_sc_consolidated.xml"), "--id", "un_sc",
                                        "--dir", str(user)])
    assert imported.exit_code == 0, imported.output
    doc = _json("lists", "--format", "json")
    _first_is_version(doc)
    _valid("lists-status", doc)
    assert doc["user_dir"] == str(user)
    assert [(r["origin"], r["id"]) for r in doc["lists"]] == [
        ("bundled", "ofac_sdn"), ("bundled", "ofac_cons"), ("user", "un_sc")]
    table = CliRunner().invoke(cli, ["lists"]).stdout
    for row in doc["lists"]:
        cells = _cells(table, row["id"])
        assert cells[:6] == [row["id"], row["format"], row["published"] or "?",
                             f"{row['entries']:,}", row["sha256"][:12], row["origin"]]
    given = _json("lists", "--lists", str(LISTS), "--format", "json")
    _valid("lists-status", given)
    assert {r["origin"] for r in given["lists"]} == {"lists-dir", "user"}


def test_lists_diff_validates_and_the_text_shows_its_figures() -> None:
    old = ROOT / "tests" / "fixtures" / "lists" / "un_handmade.xml"
    new = LISTS / "un_sc_consolidated.xml"
    args = ["lists", "diff", "--format", "un_xml", str(old), str(new)]
    doc = _json(*args, "--format-out", "json")
    _first_is_version(doc)
    _valid("lists-diff", doc)
    summary = doc["summary"]
    assert summary["added"] == len(doc["added"]) > 0 and summary["removed"] == len(doc["removed"])
    assert summary["changed"] == len(doc["changed"])
    text = CliRunner().invoke(cli, args).stdout
    counts = ", ".join(f"{f} {n}" for f, n in summary["changed_fields"].items() if n)
    assert text.startswith(f"added {summary['added']}, removed {summary['removed']}, "
                           f"changed {summary['changed']} ({counts})\n")
    assert f"re-screen against {summary['rescreen_entries']} entries;" in text
    same = _json("lists", "diff", "--format", "un_xml", str(new), str(new), "--format-out", "json")
    _valid("lists-diff", same)
    assert same["summary"]["changed"] == 0 and same["added"] == same["changed"] == []


def test_validate_results_validate_and_the_text_shows_their_figures() -> None:
    ok = _json("validate", "--format", "json")
    _first_is_version(ok)
    _valid("validate-result", ok)
    assert ok["ok"] is True and ok["errors"] == [] and ok["files"] > 0
    bad = _json("validate", str(RULES_BAD), "--format", "json", exit_codes=(1,))
    _first_is_version(bad)
    _valid("validate-result", bad)
    assert bad["ok"] is False and bad["errors"]
    assert {"file", "line", "column", "message"} == set(bad["errors"][0])
    text = CliRunner().invoke(cli, ["validate", str(RULES_BAD)])
    assert text.exit_code == 1
    assert text.stdout.splitlines() == [
        f"{e['file']}:{e['line']}:{e['column']}: {e['message']}" for e in bad["errors"]]
    files = len({e["file"] for e in bad["errors"]})
    assert text.stderr == (f"{len(bad['errors'])} error(s) in {files} of {bad['files']} "
                           "rule file(s)\n")


def test_a_report_that_says_ok_with_errors_is_refused() -> None:
    from pydantic import ValidationError

    from pricing_engine.rules.report import RuleErrorRecord, ValidationReport

    error = RuleErrorRecord(file="x.yaml", line=1, column=1, message="bad")
    with pytest.raises(ValidationError, match="ok must be true exactly when"):
        ValidationReport(ok=True, files=1, errors=(error,))
    with pytest.raises(ValidationError, match="ok must be true exactly when"):
        ValidationReport(ok=False, files=1, errors=())
