"""Fail closed: a missing FX rate, rule, HS code or origin is an error naming it, never 0."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from pricing_engine.cli.quote import quote as quote_command
from pricing_engine.errors import (
    AmbiguousHsCode,
    InputError,
    MissingCountryRules,
    MissingFxRate,
    MissingRule,
    RuleFileError,
    naming_line,
)

from .conftest import BASE, make_quote, merge

ROOT = Path(__file__).resolve().parents[2]


def test_missing_fx_rate_names_the_pair(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MissingFxRate, match="EUR/USD"):
        engine.quote(make_quote())


def test_destination_without_rules(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MissingCountryRules, match=r"^no rule file for country BR") as caught:
        engine.quote(make_quote(buyer={"country": "BR"}, lines=[BASE["lines"][0]] * 2))
    assert caught.value.quote_line is None  # a country's rules, not a line, are missing


def test_missing_origin_is_refused_by_the_quote_model() -> None:
    data = merge(BASE, {})
    del data["lines"][0]["origin"]
    with pytest.raises(ValidationError, match="origin"):
        make_quote(lines=data["lines"])


def test_bad_hs_code_and_float_amounts_are_refused() -> None:
    with pytest.raises(ValidationError, match="HS code"):
        make_quote(lines=[{**BASE["lines"][0], "hs_code": "84x3"}])
    with pytest.raises(ValidationError, match="float"):
        make_quote(lines=[{**BASE["lines"][0], "unit_price": 10.5}])


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValidationError, match="extra"):
        make_quote(frieght={"amount": "1", "currency": "EUR"})


def test_price_that_does_not_cover_seller_costs(engine) -> None:  # type: ignore[no-untyped-def]
    q = make_quote(incoterm="DAP", freight={"amount": "5000", "currency": "EUR"},
                   fx={"EUR/USD": "1.1"})
    with pytest.raises(InputError, match="does not cover"):
        engine.quote(q)


def test_a_rule_missing_for_one_line_names_the_line(engine) -> None:  # type: ignore[no-untyped-def]
    # of a quote of several lines, the one whose code or class no rule covers: its number
    # and SKU (of a quote's only line there is nothing to add)
    good = BASE["lines"][0]
    lines = [good, {**good, "sku": "VALVE-50", "hs_code": "0000.00"}, {**good, "sku": "C"}]
    with pytest.raises(MissingRule, match=r"^line 2 \(VALVE-50\): US: no MFN duty rule for "
                       r"HS 000000"):
        engine.quote(make_quote(lines=lines, fx={"EUR/USD": "1.1"}))
    with pytest.raises(MissingRule, match=r"^US: no MFN duty rule for HS 000000"):
        engine.quote(make_quote(lines=lines[1:2], fx={"EUR/USD": "1.1"}))
    books = {**good, "sku": "C", "tax_class": "zero_rated_books"}
    with pytest.raises(MissingRule, match=r"^line 3 \(C\): FR: tax class 'zero_rated_books'"):
        engine.quote(make_quote(lines=[good, good, books],
                                buyer={"country": "FR", "type": "consumer"}))


@pytest.mark.parametrize(("example", "field", "value", "message"), [
    ("de-us-ddp.yaml", "hs_code", '"0000.00"',
     "line 2 (VALVE-50): US: no MFN duty rule for HS 000000"),
    ("de-fr-b2b-reverse-charge.yaml", "tax_class", "zero_rated_books",
     "line 2 (PUMP-200): FR: tax class 'zero_rated_books' is not defined"),
])
def test_the_quote_command_points_at_the_line_a_rule_is_missing_for(
        tmp_path: Path, example: str, field: str, value: str, message: str) -> None:
    # file:line:column of the line's field, as an invalid value would be
    lines = (ROOT / "examples" / example).read_text(encoding="utf-8").splitlines()
    if field == "tax_class":  # a second line, of a class France does not define
        start = next(n for n, line in enumerate(lines) if line.startswith("  - sku:"))
        end = next(n for n in range(start + 1, len(lines)) if not lines[n].startswith("    "))
        lines[end:end] = [*lines[start:end], f"    tax_class: {value}"]
        at = end + (end - start)
    else:
        at = [n for n, line in enumerate(lines) if "hs_code:" in line][1]  # line 2's code
        lines[at] = f"    hs_code: {value}"
    quote = tmp_path / "q.yaml"
    quote.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = CliRunner().invoke(quote_command, [str(quote)])
    assert isinstance(done.exception, RuleFileError), done.output
    assert str(done.exception).startswith(f"{quote}:{at + 1}:"), str(done.exception)
    assert f": lines.1.{field}: {message}" in str(done.exception)


def test_naming_line_names_a_line_but_not_for_a_whole_country() -> None:
    with pytest.raises(AmbiguousHsCode) as caught, naming_line(1, "VALVE-50", 3):
        raise AmbiguousHsCode("US: HS 848180 covers 4 lines", (("84818010", "4 %"),))
    assert str(caught.value) == "line 2 (VALVE-50): US: HS 848180 covers 4 lines"
    assert caught.value.quote_line == (1, "hs_code")
    assert caught.value.candidates == (("84818010", "4 %"),)  # its fields kept
    with pytest.raises(MissingCountryRules) as whole, naming_line(1, "VALVE-50", 3):
        raise MissingCountryRules("XX: no duty rules (rules/countries/XX.yaml)")
    assert str(whole.value) == "XX: no duty rules (rules/countries/XX.yaml)"
    assert whole.value.quote_line is None
