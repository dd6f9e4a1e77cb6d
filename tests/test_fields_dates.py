"""Dates in documents: ISO ``YYYY-MM-DD`` only, and a clear message for anything else.

pydantic's date reads a number as a Unix timestamp: ``20261120`` failed with "Datetimes
provided to dates should have zero time" and ``1732060800`` was silently 2024-11-20.
:data:`pricing_engine.fields.IsoDate`, the one date type of the input models, refuses both.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from pricing_engine.errors import InputError, RuleFileError
from pricing_engine.fields import FrozenModel, IsoDate, read_date
from pricing_engine.fx_rates import load_reference_rates
from pricing_engine.policy.loader import iter_policy_errors
from pricing_engine.pricebook import load_markets
from pricing_engine.quote import parse_quote

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "de-us-ddp.yaml"
NOT_ISO = ["20261120", "1732060800", "2026-11-20T00:00:00", "2026-11-20T00:00",
           "2026-W47-5", "2026/11/20", "20-11-2026", "2026-11-2", " 2026-11-20",
           "2026-11-20 ", "\u0662\u0660\u0662\u0666-11-20", "\uff12\uff10\uff12\uff16-11-20",
           "", "today"]


def test_an_iso_date_and_a_date_read() -> None:
    assert read_date("2026-11-20") == date(2026, 11, 20)
    assert read_date(date(2024, 2, 29)) == date(2024, 2, 29)


@pytest.mark.parametrize("value", [*NOT_ISO, 20261120, 1732060800, 1.5, None,
                                   datetime(2026, 11, 20)])
def test_anything_else_is_refused_with_the_expected_form(value: object) -> None:
    with pytest.raises(InputError) as caught:
        read_date(value)
    assert str(caught.value) == f"expected a date as YYYY-MM-DD, not {value!r}"


@pytest.mark.parametrize(("text", "why"), [("2026-02-30", "day is out of range for month"),
                                           ("2026-13-01", "month must be in 1..12")])
def test_a_day_not_in_the_calendar_says_why(text: str, why: str) -> None:
    with pytest.raises(InputError, match=f"^'{text}' is not a date: {why}$"):
        read_date(text)


class _Dated(FrozenModel):
    day: IsoDate
    until: IsoDate | None = None


def test_the_model_type_gives_the_bare_message_and_keeps_its_schema() -> None:
    with pytest.raises(ValidationError) as caught:
        _Dated.model_validate({"day": "20261120"})
    assert [e["msg"] for e in caught.value.errors()] == [
        "expected a date as YYYY-MM-DD, not '20261120'"]
    assert _Dated.model_validate({"day": "2026-11-20", "until": None}).until is None
    assert _Dated.model_json_schema()["properties"]["day"] == {
        "format": "date", "title": "Day", "type": "string"}


def _quote_text(day: str) -> str:
    text = EXAMPLE.read_text("utf-8")
    assert "\ndate: 2026-11-20\n" in text
    return text.replace("\ndate: 2026-11-20\n", f"\ndate: {day}\n")


@pytest.mark.parametrize("day", ["20261120", "1732060800", "'1732060800'"])
def test_a_quote_names_file_line_and_field(day: str) -> None:
    text = _quote_text(day)
    line = text.splitlines().index(f"date: {day}") + 1
    with pytest.raises(RuleFileError) as caught:
        parse_quote(text, "q.yaml")
    shown = day.strip("'")
    assert str(caught.value) == (f"q.yaml:{line}:7: date: expected a date as YYYY-MM-DD, "
                                 f"not '{shown}'")


def test_a_json_quote_with_a_number_for_a_date_is_refused() -> None:
    quote = parse_quote(_quote_text("2026-11-20"), "q.yaml")
    data = quote.model_dump(mode="json")
    import json

    text = json.dumps(data).replace('"date": "2026-11-20"', '"date": 1732060800')
    with pytest.raises(RuleFileError, match=r"date: expected a date as YYYY-MM-DD, not "
                                            r"'1732060800'"):
        parse_quote(text, "q.json")


def test_a_policy_embargo_date(tmp_path: Path) -> None:
    text = (ROOT / "rules" / "policy.yaml").read_text("utf-8")
    old = "{country: CU, valid_from: 1962-02-07,"
    assert old in text
    path = tmp_path / "policy.yaml"
    path.write_text(text.replace(old, "{country: CU, valid_from: 19620207,"), "utf-8")
    messages = [str(e) for e in iter_policy_errors(path)]
    assert any(m.endswith("embargoes.0.valid_from: expected a date as YYYY-MM-DD, not "
                          "'19620207'") for m in messages), messages


def test_a_markets_file_date(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "pricebook" / "markets.yaml").read_text("utf-8")
    path = tmp_path / "markets.yaml"
    path.write_text(text.replace("\ndate: 2026-11-20\n", "\ndate: 1732060800\n"), "utf-8")
    with pytest.raises(RuleFileError, match=r"markets.yaml:6:7: date: expected a date as "
                                            r"YYYY-MM-DD, not '1732060800'"):
        load_markets(path)


def test_an_fx_table_file_day(tmp_path: Path) -> None:
    path = tmp_path / "fx.yaml"
    path.write_text('source: test\nas_of: "2025-05-09"\nbase: EUR\nrates:\n'
                    '  "20250509": {USD: "1.1252"}\n', "utf-8")
    with pytest.raises(RuleFileError, match=r"expected a date as YYYY-MM-DD, not '20250509'"):
        load_reference_rates(path)
    path.write_text('source: test\nas_of: 1746748800\nbase: EUR\nrates:\n'
                    '  "2025-05-09": {USD: "1.1252"}\n', "utf-8")
    with pytest.raises(RuleFileError, match=r"fx.yaml:2:8: as_of: expected a date as "
                                            r"YYYY-MM-DD, not '1746748800'"):
        load_reference_rates(path)
