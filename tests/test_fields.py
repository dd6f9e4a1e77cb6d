"""pricing_engine.fields: one reading and one message per mistake in every document.

A country, a currency, an amount or a fraction reads the same in a quote, a proposal, a
policy, a rule file and a screening query (``DEU`` is ``DE`` everywhere), and the same wrong
value gives the same text after each document's ``file:line:column: field:`` prefix.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date as Date
from pathlib import Path

import pycountry
import pytest
from pydantic import ValidationError

from pricing_engine.countries import country_name
from pricing_engine.decision import parse_proposal
from pricing_engine.engine import Engine
from pricing_engine.errors import RuleFileError, UnknownCountry
from pricing_engine.fields import (
    Country,
    Currency,
    Fraction,
    FrozenModel,
    NonNegative,
    read_country,
)
from pricing_engine.policy.loader import iter_policy_errors, load_policy
from pricing_engine.quote import parse_quote
from pricing_engine.rules import iter_rule_errors
from pricing_engine.screening.batch import query_from_row
from pricing_engine.screening.result import ScreeningQuery

QUOTE = """\
id: Q-1
date: 2026-11-20
currency: {currency}
seller: {{name: Seller Ltd, country: GB}}
buyer: {{name: Buyer KK, country: {country}, subdivision: {subdivision}}}
mode: sea
incoterm: CIF
freight: {{amount: "{amount}", currency: GBP}}
fx: {{GBP/JPY: "191.27"}}
lines:
  - {{sku: A, hs_code: "6109.10", origin: GB, quantity: 1, unit_price: "10", unit_cost: "5"}}
targets: {{margin_floor: "{fraction}"}}
"""

PROPOSAL_PARTIES = """
parties:
  end_user: {{name: End User GmbH, country: {country}}}
lines:
  - {{sku: A, hs_code: "6109.10", origin: GB, quantity: 1, unit_price: "10", unit_cost: "5",
     discount: "{fraction}"}}
"""

POLICY = """\
policy_version: 1
name: test
as_of: 2026-11-20
sources:
  - {{id: s1, title: "A source"}}
margins:
  default: {{floor: "{fraction}", target: "0.90"}}
embargoes:
  - {{country: {country}, valid_from: 2020-01-01, regime: test, source: s1}}
region_embargoes:
  - {{subdivision: {subdivision}, name: R, valid_from: 2020-01-01, regime: test, source: s1}}
"""

RULES = """\
country: {country}
currency: {currency}
as_of: 2026-11-01
sources: [{{id: nta, title: "National Tax Agency"}}]
customs:
  valuation: CIF
  de_minimis:
    - {{kind: both, amount: {{amount: "{amount}", currency: JPY}}}}
tax: {{name: Consumption tax, rates: [{{class: standard, rate: "0.10"}}]}}
"""

GOOD = {"country": "JP", "currency": "GBP", "amount": "100", "fraction": "0.25",
        "subdivision": "JP-13"}


def _quote(**wrong: str) -> str:
    return QUOTE.format(**{**GOOD, **wrong})


def _proposal(**wrong: str) -> str:
    head = _quote().split("lines:")[0]  # the quote's fields, then a proposal's own sections
    return head + PROPOSAL_PARTIES.format(**{**GOOD, **wrong})


def _quote_message(**wrong: str) -> str:
    with pytest.raises(RuleFileError) as caught:
        parse_quote(_quote(**wrong), "q.yaml")
    return caught.value.message


def _proposal_message(**wrong: str) -> str:
    with pytest.raises(RuleFileError) as caught:
        parse_proposal(_proposal(**wrong), "p.yaml")
    return caught.value.message


def _policy_messages(tmp_path: Path, **wrong: str) -> list[str]:
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY.format(**{**GOOD, "country": "CU", **wrong}), encoding="utf-8")
    return [e.message for e in iter_policy_errors(path)]


def _rule_messages(tmp_path: Path, **wrong: str) -> list[str]:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES.format(**{**GOOD, "currency": "JPY", **wrong}), encoding="utf-8")
    return [e.message for e in iter_rule_errors([path], include_bundled=False)]


def _screen_message(country: str) -> str:
    problem = query_from_row({"name": "Someone", "country": country})
    assert isinstance(problem, str)
    return problem


def _after_field(message: str) -> str:
    """The text after ``field: `` (each document names its field its own way)."""
    return message.split(": ", 1)[1]


# -- the country-code rule ------------------------------------------------------------------


@pytest.mark.parametrize("given", ["DE", "de", "DEU", "deu", " De ", "\tDEU\n"])
def test_alpha2_and_alpha3_in_any_case_read_as_alpha2(given: str) -> None:
    assert read_country(given) == "DE"


def test_trade_aliases_and_kosovo_are_read_too() -> None:
    assert [read_country(c) for c in ("EL", "UK", "XI", "XK", "xkx")] == [
        "GR", "GB", "GB", "XK", "XK"]
    assert country_name("XK") == "Kosovo"


@pytest.mark.parametrize("given", ["XX", "DEX", "D", "DEUT", "", "12", "D-E"])
def test_anything_else_is_refused_naming_the_value(given: str) -> None:
    with pytest.raises(UnknownCountry) as caught:
        read_country(given)
    assert str(caught.value) == f"unknown country code {given!r} (ISO 3166-1)"


def test_a_model_error_carries_the_bare_message() -> None:
    class Place(FrozenModel):
        country: Country
        currency: Currency
        amount: NonNegative
        share: Fraction

    with pytest.raises(ValidationError) as caught:
        Place.model_validate({"country": "XX", "currency": "XYZ", "amount": "-1", "share": "1"})
    assert [e["msg"] for e in caught.value.errors()] == [
        "unknown country code 'XX' (ISO 3166-1)",
        "unknown currency code 'XYZ' (ISO 4217)",
        "-1 is outside the range of an amount: [0, 1e15]",
        "1 is outside the range of a fraction: [0, 1)",
    ]
    place = Place(country="jpn", currency="gbp", amount="12.50", share="0.25")  # type: ignore[arg-type]
    assert (place.country, place.currency) == ("JP", "GBP")
    with pytest.raises(ValidationError):
        Place(country="JP", currency="GBP", amount="1", share="0.2", extra="x")  # type: ignore[call-arg]


# -- every entry point reads DEU (and cuba) alike -------------------------------------------


def test_every_document_reads_alpha3_as_alpha2(tmp_path: Path) -> None:
    assert parse_quote(_quote(country="DEU")).buyer.country == "DE"
    assert parse_quote(_quote(subdivision=" jp-13")).buyer.subdivision == "JP-13"
    assert parse_proposal(_proposal(country="deu")).parties.end_user.country == "DE"  # type: ignore[union-attr]
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY.format(**{**GOOD, "country": "CUB"}), encoding="utf-8")
    assert [e.country for e in load_policy(path).embargoes] == ["CU"]
    assert _rule_messages(tmp_path, country="JPN") == []
    assert ScreeningQuery(name="Someone", country="DEU").country == "DE"
    assert ScreeningQuery(name="Someone", country="  ").country is None  # blank: not known


# -- one message per mistake ----------------------------------------------------------------

_COUNTRY = "unknown country code 'XX' (ISO 3166-1)"
_CURRENCY = "unknown currency code 'XYZ' (ISO 4217)"
_AMOUNT = "-5 is outside the range of an amount: [0, 1e15]"
_FRACTION = "1.5 is outside the range of a fraction: [0, 1)"
_SUBDIVISION = "unknown subdivision code 'JP-99' (ISO 3166-2)"

Reader = Callable[[Path], list[str]]
CASES: list[tuple[str, str, Reader]] = [
    ("country", _COUNTRY, lambda _: [_quote_message(country="XX")]),
    ("country", _COUNTRY, lambda _: [_proposal_message(country="XX")]),
    ("country", _COUNTRY, lambda tmp: _policy_messages(tmp, country="XX")),
    ("country", _COUNTRY, lambda tmp: _rule_messages(tmp, country="XX")),
    ("country", _COUNTRY, lambda _: [_screen_message("XX")]),
    ("currency", _CURRENCY, lambda _: [_quote_message(currency="XYZ")]),
    ("currency", _CURRENCY, lambda tmp: _rule_messages(tmp, currency="XYZ")),
    ("amount", _AMOUNT, lambda _: [_quote_message(amount="-5")]),
    ("amount", _AMOUNT, lambda tmp: _rule_messages(tmp, amount="-5")),
    ("fraction", _FRACTION, lambda _: [_quote_message(fraction="1.5")]),
    ("fraction", _FRACTION, lambda _: [_proposal_message(fraction="1.5")]),
    ("fraction", _FRACTION, lambda tmp: _policy_messages(tmp, fraction="1.5")),
    ("subdivision", _SUBDIVISION, lambda _: [_quote_message(subdivision="JP-99")]),
    ("subdivision", _SUBDIVISION, lambda tmp: _policy_messages(tmp, subdivision="JP-99")),
]


@pytest.mark.parametrize(("mistake", "expected", "read"), CASES,
                         ids=[f"{m}-{i}" for i, (m, _, _) in enumerate(CASES)])
def test_one_message_per_mistake(tmp_path: Path, mistake: str, expected: str,
                                 read: Reader) -> None:
    messages = read(tmp_path)
    assert len(messages) == 1, messages
    assert _after_field(messages[0]) == expected


# -- the real console scripts ---------------------------------------------------------------

EXE = shutil.which("pricing-engine", path=str(Path(sys.executable).parent)) or "pricing-engine"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {**os.environ, "PRICING_ENGINE_CACHE": str(tmp_path_factory.mktemp("cache")),
            "PRICING_ENGINE_LISTS_DIR": str(tmp_path_factory.mktemp("user-lists"))}


def _cli(env: dict[str, str], *args: str, stdin: str | None = None,
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def test_screen_reads_alpha3_as_a_quote_does(env: dict[str, str]) -> None:
    done = _cli(env, "screen", "Banco Nacional de Cuba", "--country", "CUB", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["query"]["country"] == "CU"


def test_screen_and_quote_refuse_an_unknown_country_with_one_message(
        env: dict[str, str]) -> None:
    screen = _cli(env, "screen", "Someone", "--country", "XX")
    quote = _cli(env, "quote", "-", "--format", "json", stdin=_quote(country="XX"))
    assert (screen.returncode, quote.returncode) == (2, 2), (screen.stderr, quote.stderr)
    assert f"country: {_COUNTRY}" in screen.stderr
    assert f"buyer.country: {_COUNTRY}" in quote.stderr


# -- the same decision whichever way a proposal writes its codes ----------------------------

PROPOSALS = Path(__file__).resolve().parent / "fixtures" / "proposals"
_CODE = re.compile(r"\b(country|origin): ([A-Z]{2})\b")


def _alpha3(text: str) -> str:
    """Every country and origin code of a proposal rewritten as lower-case alpha-3."""
    def three(m: re.Match[str]) -> str:
        found = pycountry.countries.get(alpha_2=m.group(2))
        assert found is not None, m.group(2)
        return f"{m.group(1)}: {str(found.alpha_3).lower()}"

    return _CODE.sub(three, text)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load(policy=PROPOSALS.parent / "policies" / "lenient_freshness.yaml")


@pytest.mark.parametrize("name", ["approved.yaml", "embargoed_destination.yaml"])
def test_a_proposal_in_alpha3_gets_the_same_decision(engine: Engine, name: str) -> None:
    text = (PROPOSALS / name).read_text(encoding="utf-8")
    rewritten = _alpha3(text)
    assert rewritten != text and "country: deu" in rewritten
    on = Date(2026, 11, 20)
    as_given = engine.check(parse_proposal(text), on=on)
    in_alpha3 = engine.check(parse_proposal(rewritten), on=on)
    assert in_alpha3.model_dump() == as_given.model_dump()
    assert as_given.status == ("APPROVED" if name == "approved.yaml" else "REJECTED")
