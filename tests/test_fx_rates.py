"""Dated reference rates: the rate of a date, or the last before it; never later; never stale."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from pricing_engine.errors import MissingFxRate, RuleFileError
from pricing_engine.fx_ecb import bundled_reference_rates
from pricing_engine.fx_rates import (
    MAX_AGE_DAYS,
    ReferencedFx,
    load_reference_rates,
    reference_rates_used,
    render_reference_rates,
    write_reference_rates,
)
from pricing_engine.money import FxTable


@pytest.fixture(scope="module")
def ecb():  # type: ignore[no-untyped-def]
    return bundled_reference_rates()


def test_the_rate_of_the_day(ecb) -> None:  # type: ignore[no-untyped-def]
    used = ecb.rate("EUR", "USD", date(2025, 5, 9))
    assert used.rate == Decimal("1.1252") and used.day == date(2025, 5, 9)
    inverse = ecb.rate("USD", "EUR", date(2025, 5, 9))
    assert inverse.rate == Decimal("0.888730892286")  # 1 / 1.1252, to 12 places
    assert "the inverse of" in inverse.describe()


def test_a_cross_rate_goes_through_the_euro(ecb) -> None:  # type: ignore[no-untyped-def]
    used = ecb.rate("USD", "GBP", date(2025, 5, 9))
    assert used.rate == Decimal("0.753377177391")  # 0.8477 / 1.1252 = 0.75337717739069...
    assert used.legs == (("USD", Decimal("1.1252")), ("GBP", Decimal("0.8477")))
    back = ecb.rate("GBP", "USD", date(2025, 5, 9)).rate
    assert back == Decimal("1.327356376076") and abs(used.rate * back - 1) < Decimal("1e-11")
    assert "crossed through EUR: 1 EUR = 1.1252 USD = 0.8477 GBP" in used.describe()


@pytest.mark.parametrize(("asked", "day"), [
    (date(2025, 5, 10), date(2025, 5, 9)),   # Saturday: Friday's rates
    (date(2025, 5, 11), date(2025, 5, 9)),   # Sunday
    (date(2025, 5, 1), date(2025, 4, 30)),   # Labour Day, a TARGET closing day
    (date(2025, 4, 21), date(2025, 4, 17)),  # Easter Monday: Maundy Thursday, 4 days before
    (date(2025, 4, 22), date(2025, 4, 22)),
    (date(2025, 5, 13), date(2025, 5, 9)),   # the table's last day, 4 days on
])
def test_the_last_day_with_rates_on_or_before_the_date(ecb, asked: date,  # type: ignore[no-untyped-def]
                                                       day: date) -> None:
    used = ecb.rate("EUR", "JPY", asked)
    assert used.day == day and used.on == asked
    assert ("(the quote's date)" in used.describe()) == (asked == day)


def test_stale_rates_fail_closed(ecb) -> None:  # type: ignore[no-untyped-def]
    assert MAX_AGE_DAYS == 4
    with pytest.raises(MissingFxRate, match=r"within 4 days up to 2025-05-14 .its last for "
                       r"EUR/USD are of 2025-05-09"):
        ecb.rate("EUR", "USD", date(2025, 5, 14))
    with pytest.raises(MissingFxRate, match="within 4 days up to 2026-11-20"):
        ecb.rate("USD", "GBP", date(2026, 11, 20))


def test_a_later_rate_is_never_used(ecb) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MissingFxRate, match="starts on 2025-04-01, after 2025-03-31"):
        ecb.rate("EUR", "USD", date(2025, 3, 31))


def test_a_currency_the_table_lacks(ecb) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MissingFxRate, match="has no RUB rate"):
        ecb.rate("EUR", "RUB", date(2025, 5, 9))  # N/A since 2022: never 0, never guessed


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_table_file_round_trips(ecb, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = write_reference_rates(ecb, tmp_path / f"ecb{suffix}")
    table = load_reference_rates(path)
    assert table.rates == ecb.rates and table.days == ecb.days
    assert (table.source, table.sha256, table.file) == (ecb.source, ecb.sha256, ecb.file)
    assert table.rate("USD", "GBP", date(2025, 5, 10)).rate == ecb.rate(
        "USD", "GBP", date(2025, 5, 10)).rate
    assert table.rate("USD", "GBP", date(2025, 5, 10)).label == str(path)


def test_a_bad_table_file_names_line_and_field(ecb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = render_reference_rates(ecb)
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith('  "2025-04-03"'))
    lines[at] = lines[at].replace('"USD": "', '"USD": "-')
    bad = tmp_path / "bad.yaml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=rf"bad.yaml:{at + 1}:\d+: rates.2025-04-03.USD: "):
        load_reference_rates(bad)
    stale = tmp_path / "as_of.yaml"
    stale.write_text(text.replace('as_of: "2025-05-09"', 'as_of: "2025-06-30"'), "utf-8")
    with pytest.raises(RuleFileError, match="as_of 2025-06-30 is not the last day with rates"):
        load_reference_rates(stale)


def test_given_rates_win_and_what_was_used_is_kept(ecb) -> None:  # type: ignore[no-untyped-def]
    fx = ReferencedFx({"EUR/USD": "1.0850"}, ecb, date(2025, 5, 9))
    assert fx.rate("EUR", "USD") == Decimal("1.0850")
    assert reference_rates_used(fx) == ()
    assert fx.rate("EUR", "GBP") == Decimal("0.8477")
    assert [(u.base, u.quote, u.day) for u in reference_rates_used(fx)] == [
        ("EUR", "GBP", date(2025, 5, 9))]
    assert reference_rates_used(FxTable({"EUR/USD": "1.0850"})) == ()


def test_the_table_is_read_only_when_a_pair_is_missing() -> None:
    calls = []

    def load():  # type: ignore[no-untyped-def]
        calls.append(1)
        return bundled_reference_rates()

    fx = ReferencedFx({"EUR/USD": "1.0850"}, load, date(2026, 11, 20))
    assert fx.rate("USD", "EUR") == 1 / Decimal("1.0850") and not calls  # given: exact
    with pytest.raises(MissingFxRate, match=r"no FX rate for EUR/GBP.*or import current "
                       r"reference rates .pricing-engine fx import ecb.: bundled ECB"):
        fx.rate("EUR", "GBP")
    assert calls == [1]
