"""Dated FX reference rates: a central bank's rates per day, and the rate a quote's date uses.

A reference table holds, for each day its publisher fixed rates, how many units of each
currency one unit of the base buys (the ECB: 1 EUR = 1.1252 USD on 2025-05-09).
:meth:`ReferenceRates.rate` gives a pair's rate for a date: that day's, or the last day with
rates before it (weekends and TARGET closing days have none); never a later day's, and never
one more than MAX_AGE_DAYS old, so a table that has not been updated fails instead of
pricing at stale rates. A pair of two currencies other than the base is crossed through it
(USD -> GBP = GBP per EUR / USD per EUR, as the ECB says to derive cross rates), and a
derived rate is kept to 12 decimal places, the most a quote's own rate may have.

>>> table = ReferenceRates.of({date(2025, 5, 9): {"USD": "1.1252", "GBP": "0.8477"}},
...                           source="ECB", label="example")
>>> used = table.rate("USD", "GBP", date(2025, 5, 10))      # a Saturday: Friday's rates
>>> used.day, used.rate
(datetime.date(2025, 5, 9), Decimal('0.753377177391'))

A table file (what ``pricing-engine fx import ecb`` writes; YAML or JSON, read through
:mod:`pricing_engine.documents`, errors as ``file:line:column: field: message``)::

    source: European Central Bank, euro foreign exchange reference rates <https://...>
    file: eurofxref-hist.csv             # the publisher's file it was imported from
    sha256: 3682...                      # of that file
    as_of: 2025-05-09                    # the last day with rates
    base: EUR
    rates:
      2025-05-09: {USD: "1.1252", GBP: "0.8477", JPY: "163.36"}

:class:`ReferencedFx` is the FxTable a quote is priced with when a reference table is in use:
the rates given (the quote's ``fx``, an engine's ``--fx``) win, and a pair they lack is
looked up in the table on the quote's date; :func:`reference_rates_used` says which rates,
from which day and source, so the result can say it too.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from pricing_engine._atomic import atomic_write
from pricing_engine.documents import MAX_BYTES, MAX_NODES, read_yaml, validate_document
from pricing_engine.errors import InputError, MissingFxRate
from pricing_engine.fields import Currency, FrozenModel, FxRate, IsoDate
from pricing_engine.money import FX_RATES, FxTable, currency_code

__all__ = [
    "MAX_AGE_DAYS",
    "DatedRate",
    "FxTableFile",
    "ReferenceRates",
    "ReferenceSource",
    "ReferencedFx",
    "load_reference_rates",
    "reference_rates_used",
    "render_reference_rates",
    "table_document",
    "write_reference_rates",
]

#: A derived rate (an inverse, a cross rate) is rounded half-even to the places a quote's own
#: rate may have (money.FX_RATES), so typing the rate a note shows into the quote's ``fx``
#: prices it the same.
_PLACES = Decimal(1).scaleb(-FX_RATES.places)
#: The oldest a reference rate may be on the day it is used: Good Friday and Easter Monday
#: (or Christmas and Boxing Day after a weekend) leave four days without ECB rates.
MAX_AGE_DAYS = 4


@dataclass(frozen=True, slots=True)
class DatedRate:
    """A reference rate a quote used: the pair, the rate, the day of the rates and the source.

    ``legs`` are the table's own rates it was worked out from (``(("USD", 1.1252),
    ("GBP", 0.8477))``: units per one unit of the base), ``on`` the date it was asked for.
    """

    base: str
    quote: str
    rate: Decimal
    day: date
    on: date
    table_base: str
    legs: tuple[tuple[str, Decimal], ...]
    source: str
    label: str

    def describe(self) -> str:
        """The rate, its day, how it was derived and its source, for a person."""
        legs = " = ".join(f"{value} {code}" for code, value in self.legs)
        how = f"1 {self.table_base} = {legs}"
        if len(self.legs) > 1:
            how = f"crossed through {self.table_base}: {how}"
        elif self.quote == self.table_base:
            how = f"the inverse of {how}"
        when = ("the quote's date" if self.day == self.on else
                f"the last published before the quote's date {self.on.isoformat()}")
        return (f"FX {self.base}/{self.quote} {self.rate.normalize():f}: reference rate of "
                f"{self.day.isoformat()} ({when}), {how}; {self.source} ({self.label})")

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True, slots=True)
class ReferenceRates:
    """Rates per day: ``rates[day][currency]`` units of ``currency`` per one unit of ``base``.

    ``source`` names the publisher (and its address), ``label`` where this copy was read
    from (a file, "bundled ..."); ``file`` and ``sha256`` the publisher's file it came from.
    """

    source: str
    label: str
    base: str
    days: tuple[date, ...]  # ascending
    rates: Mapping[date, Mapping[str, Decimal]]
    file: str | None = None
    sha256: str | None = None
    max_age_days: int = field(default=MAX_AGE_DAYS)
    #: every currency with a rate on some day (worked out once: each lookup checks it)
    currencies: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        known = frozenset(code for row in self.rates.values() for code in row)
        object.__setattr__(self, "currencies", known)

    @classmethod
    def of(cls, rates: Mapping[date, Mapping[str, object]], *, source: str, label: str,
           base: str = "EUR", file: str | None = None,
           sha256: str | None = None) -> ReferenceRates:
        """A table from plain data: every code and rate is checked (InputError)."""
        base = currency_code(base)
        days: dict[date, dict[str, Decimal]] = {}
        for day, row in rates.items():
            checked: dict[str, Decimal] = {}
            for code, value in row.items():
                where = f"rates {day.isoformat()} {code}"
                key = currency_code(code)
                if key == base:
                    raise InputError(f"{where}: the base {base} has no rate against itself")
                checked[key] = FX_RATES.read(value, field=where)
            days[day] = checked
        if not days:
            raise InputError(f"{label}: no rates")
        return cls(source, label, base, tuple(sorted(days)), days, file, sha256)

    @property
    def as_of(self) -> date:
        """The last day with rates."""
        return self.days[-1]

    def describe(self) -> str:
        """``ECB ... (label), 26 days from 2025-04-01 to 2025-05-09``."""
        return (f"{self.label}: {len(self.days)} days of rates from {self.days[0].isoformat()} "
                f"to {self.as_of.isoformat()}")

    def rate(self, base: str, quote: str, on: date) -> DatedRate:
        """The rate of ``base/quote`` for ``on``: its day's, or the last day's before it.

        MissingFxRate when the table starts after ``on`` (a later rate is never used), when
        its last rates for the pair are more than ``max_age_days`` older than ``on``, or
        when it never quotes a currency.
        """
        base, quote = currency_code(base), currency_code(quote)
        pair = f"{base}/{quote}"
        for code in (base, quote):
            if code != self.base and code not in self.currencies:
                raise MissingFxRate(f"{self.label} has no {code} rate (currencies against "
                                    f"{self.base}: {', '.join(sorted(self.currencies))})")
        if on < self.days[0]:
            raise MissingFxRate(f"{self.label} starts on {self.days[0].isoformat()}, after "
                                f"{on.isoformat()}: no rate for {pair} (a later day's rate "
                                "is never used)")
        oldest = on - timedelta(days=self.max_age_days)
        for i in range(bisect_right(self.days, on) - 1, -1, -1):
            day = self.days[i]
            if day < oldest:
                break
            row = self.rates[day]
            if (base == self.base or base in row) and (quote == self.base or quote in row):
                return self._dated(base, quote, day, on, row)
        last = next((d for d in reversed(self.days) if d <= on and all(
            c == self.base or c in self.rates[d] for c in (base, quote))), None)
        since = f"its last for {pair} are of {last.isoformat()}" if last else "it has none"
        raise MissingFxRate(f"{self.label} has no rates for {pair} within {self.max_age_days} "
                            f"days up to {on.isoformat()} ({since}; its rates run "
                            f"{self.days[0].isoformat()} to {self.as_of.isoformat()})")

    def _dated(self, base: str, quote: str, day: date, on: date,
               row: Mapping[str, Decimal]) -> DatedRate:
        per_base = Decimal(1) if base == self.base else row[base]
        per_quote = Decimal(1) if quote == self.base else row[quote]
        legs = tuple((code, row[code]) for code in (base, quote) if code != self.base)
        rate = per_quote if base == self.base else (per_quote / per_base).quantize(
            _PLACES, rounding=ROUND_HALF_EVEN)
        return DatedRate(base, quote, rate, day, on, self.base, legs,
                         self.source, self.label)


class FxTableFile(FrozenModel):
    """A reference table file (``pricing-engine fx import`` writes one)."""

    source: str = Field(min_length=1, description="the publisher of the rates, and where")
    file: str | None = Field(default=None, description="the publisher's file imported")
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    as_of: IsoDate = Field(description="the last day with rates")
    base: Currency = "EUR"
    rates: dict[IsoDate, dict[Currency, FxRate]] = Field(
        min_length=1, description="day -> currency -> units per one unit of the base")

    @model_validator(mode="after")
    def _consistent(self) -> FxTableFile:
        last = max(self.rates)
        if self.as_of != last:
            raise ValueError(f"as_of {self.as_of} is not the last day with rates ({last})")
        for day, row in self.rates.items():
            if self.base in row:
                raise ValueError(f"rates.{day}: the base {self.base} has no rate against "
                                 "itself")
        return self


def load_reference_rates(path: str | Path) -> ReferenceRates:
    """Read a reference table file (YAML or JSON); errors name ``file:line:column: field``."""
    doc = read_yaml(path)
    model = validate_document(doc, FxTableFile, "an FX reference table is a mapping "
                              "(source:, as_of:, base:, rates:)", list_others=True)
    rates = {day: dict(row) for day, row in model.rates.items()}
    return ReferenceRates(model.source, str(path), model.base, tuple(sorted(rates)), rates,
                          model.file, model.sha256)


def table_document(table: ReferenceRates) -> dict[str, Any]:
    """The table as the file :func:`load_reference_rates` reads (JSON-ready, days ascending)."""
    doc: dict[str, Any] = {"source": table.source}
    if table.file:
        doc["file"] = table.file
    if table.sha256:
        doc["sha256"] = table.sha256
    doc["as_of"] = table.as_of.isoformat()
    doc["base"] = table.base
    doc["rates"] = {day.isoformat(): {code: str(value) for code, value in
                                      sorted(table.rates[day].items())}
                    for day in table.days}
    return doc


#: Reference rates, or a function that loads them when first needed.
ReferenceSource = ReferenceRates | Callable[[], ReferenceRates]


def render_reference_rates(table: ReferenceRates, *, as_json: bool = False) -> str:
    """The table file's text: YAML (or JSON), one line per day, so errors name the day.

    InputError when the file would be more than :func:`load_reference_rates` reads (the
    whole ECB history since 1999 fits; import a shorter period otherwise).
    """
    doc = table_document(table)
    rates = doc.pop("rates")
    days = [f"  {json.dumps(day)}: {json.dumps(row, separators=(', ', ': '))}"
            for day, row in rates.items()]
    if as_json:
        head = [f"  {json.dumps(key)}: {json.dumps(value)}," for key, value in doc.items()]
        text = "\n".join(["{", *head, '  "rates": {', ",\n".join(
            "  " + day for day in days), "  }", "}"]) + "\n"
    else:
        head = [f"{key}: {json.dumps(value)}" for key, value in doc.items()]
        text = "\n".join(["# Written by `pricing-engine fx import`: re-import the publisher's "
                          "file rather than edit.", *head, "rates:", *days]) + "\n"
    nodes = 2 + len(doc) + sum(1 + len(row) for row in rates.values())
    if len(text.encode("utf-8")) > MAX_BYTES or nodes > MAX_NODES:
        raise InputError(f"{len(table.days)} days of rates make a table larger than a table "
                         f"file may be ({MAX_BYTES} bytes, {MAX_NODES} values): import a "
                         "shorter period (--since)")
    return text


def write_reference_rates(table: ReferenceRates, path: str | Path) -> Path:
    """Write the table file whole or not at all (JSON for a ``.json`` name, else YAML)."""
    target = Path(path)
    text = render_reference_rates(table, as_json=target.suffix.lower() == ".json")
    with atomic_write(target) as handle:
        handle.write(text)
    return target


class ReferencedFx(FxTable):
    """The rates given, then a reference table on one date for the pairs they lack.

    ``reference`` is a table or a function that loads one (called on the first pair the
    given rates lack, so a quote that gives every pair reads no table). Each reference rate
    used is remembered (:func:`reference_rates_used`); the object belongs to one quote.
    """

    __slots__ = ("_load", "_on", "_table", "_used")

    def __init__(self, rates: Mapping[str, object] | None,
                 reference: ReferenceSource, on: date) -> None:
        super().__init__(rates)
        self._table = reference if isinstance(reference, ReferenceRates) else None
        self._load = None if isinstance(reference, ReferenceRates) else reference
        self._on = on
        self._used: dict[frozenset[str], DatedRate] = {}

    def rate(self, base: str, quote: str) -> Decimal:
        """Units of ``quote`` for one ``base``: a given rate, else the reference table's."""
        try:
            return super().rate(base, quote)
        except MissingFxRate as given:
            table = self._table
            if table is None and self._load is not None:
                table = self._table = self._load()
            if table is None:
                raise
            try:
                used = table.rate(base, quote, self._on)
            except MissingFxRate as exc:
                raise MissingFxRate(f"{given}, or import current reference rates "
                                    f"(pricing-engine fx import ecb): {exc}") from None
        self._used.setdefault(frozenset((used.base, used.quote)), used)
        return used.rate

    @property
    def used(self) -> tuple[DatedRate, ...]:
        """The reference rates used so far, one per pair (in the direction first asked)."""
        return tuple(self._used.values())


def reference_rates_used(fx: FxTable) -> tuple[DatedRate, ...]:
    """The reference rates an FX table used (none unless it is a :class:`ReferencedFx`)."""
    return fx.used if isinstance(fx, ReferencedFx) else ()
