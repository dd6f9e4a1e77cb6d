"""``Engine.load(fx_table=...)``: the dated reference rates a quote without ``fx`` is priced at.

The example quote (examples/fx/us-gb-ecb-rates.yaml) has no ``fx``: its USD/GBP rate comes
from the table the engine was loaded with, on the quote's date (a Saturday: Friday's rates).
No sanctions lists are loaded (an empty directory): pricing does not need them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.decision import Proposal
from pricing_engine.engine import Engine
from pricing_engine.errors import MissingFxRate, RuleFileError
from pricing_engine.fx_ecb import read_ecb
from pricing_engine.fx_rates import ReferenceRates, write_reference_rates
from pricing_engine.quote import Quote, load_quote

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "fx" / "us-gb-ecb-rates.yaml"
#: A user's own table: 1 EUR = 1.25 USD = 0.85 GBP on Friday 2025-05-09, so USD/GBP = 0.68.
OWN = ReferenceRates.of({date(2025, 5, 9): {"USD": "1.25", "GBP": "0.85"}},
                        source="Treasury desk rates", label="desk-2025-05-09")


@pytest.fixture(scope="module")
def quote() -> Quote:
    q = load_quote(EXAMPLE)
    assert not q.fx and not q.customs_fx
    return q


def _engine(tmp_path: Path, **options: object) -> Engine:
    return Engine.load(lists=tmp_path, user_lists=False, **options)  # type: ignore[arg-type]


def _note(engine: Engine, quote: Quote) -> str:
    result = engine.quote(quote)
    return next(n.message for n in result.notes if n.code == "FX_REFERENCE_RATE")


def test_by_default_the_bundled_ecb_rates(tmp_path: Path, quote: Quote) -> None:
    engine = _engine(tmp_path)
    assert engine.quote(quote).lines[0].customs_value.amount == Decimal("8046.07")
    assert "European Central Bank" in _note(engine, quote)


def test_a_table_of_the_users_own(tmp_path: Path, quote: Quote) -> None:
    engine = _engine(tmp_path, fx_table=OWN)
    result = engine.quote(quote)
    # DAP: the whole price is the CIF customs value, 10680 USD at 0.85 / 1.25 = 0.68
    assert result.lines[0].customs_value.amount == Decimal("7262.40")
    note = _note(engine, quote)
    assert "USD/GBP 0.68" in note and "desk-2025-05-09" in note and "2025-05-09" in note


def test_a_table_file_as_fx_import_writes_it(tmp_path: Path, quote: Quote) -> None:
    path = write_reference_rates(OWN, tmp_path / "rates.yaml")
    for given in (path, str(path)):
        engine = _engine(tmp_path, fx_table=given)
        assert engine.quote(quote).lines[0].customs_value.amount == Decimal("7262.40")
        assert "Treasury desk rates" in _note(engine, quote)


def test_an_imported_ecb_file(tmp_path: Path, quote: Quote) -> None:
    daily = read_ecb(ROOT / "tests" / "fixtures" / "fx" / "eurofxref-daily.xml").table
    engine = _engine(tmp_path, fx_table=daily)
    assert engine.quote(quote).lines[0].customs_value.amount == Decimal("8046.07")
    assert "eurofxref-daily.xml" in _note(engine, quote)


def test_none_means_a_missing_pair_is_an_error(tmp_path: Path, quote: Quote) -> None:
    with pytest.raises(MissingFxRate, match="no FX rate for USD/GBP"):
        _engine(tmp_path, fx_table=None).quote(quote)


def test_a_table_too_old_for_the_quote_fails(tmp_path: Path, quote: Quote) -> None:
    stale = ReferenceRates.of({date(2025, 4, 1): {"USD": "1.08", "GBP": "0.84"}},
                              source="old", label="old-table")
    with pytest.raises(MissingFxRate, match="USD/GBP"):
        _engine(tmp_path, fx_table=stale).quote(quote)


def test_a_bad_table_file_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "rates.yaml"
    bad.write_text("source: desk\nas_of: 2025-05-09\nbase: EUR\nrates:\n"
                   "  2025-05-09: {USD: \"-1\"}\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"rates\.yaml:5:"):
        _engine(tmp_path, fx_table=bad)


def test_check_prices_with_the_table_too(tmp_path: Path, quote: Quote) -> None:
    engine = _engine(tmp_path, fx_table=OWN)
    context = engine.context(Proposal.model_validate(quote.model_dump()))
    assert context.quote is not None, context.quote_error
    assert context.quote.lines[0].customs_value.amount == Decimal("7262.40")
