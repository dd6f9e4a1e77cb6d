"""The ECB's euro foreign exchange reference rates, read in each form the ECB publishes.

- ``eurofxref-hist.csv`` (inside ``eurofxref-hist.zip``): a header ``Date,USD,JPY,...,`` then
  one row per day, newest first (``2025-05-09,1.1252,163.36,...,``); ``N/A`` where a
  currency had no rate that day; every line ends with a comma.
- ``eurofxref.csv`` (inside ``eurofxref.zip``): one day, ``Date, USD, JPY, ...`` and
  ``9 May 2025, 1.1252, 163.36, ...``.
- ``eurofxref-daily.xml``, ``eurofxref-hist.xml`` and ``eurofxref-hist-90d.xml``: a gesmes
  envelope, ``<Cube><Cube time='2025-05-09'><Cube currency='USD' rate='1.1252'/>...``.

Each rate is the units of a currency one euro buys. Every field is checked, and a
malformed row, cell or element is an error naming ``file:line:column`` and the field, never
skipped; so is a day given twice. A zip holds exactly one CSV; an XML file that declares a
DTD or entities is refused. The columns of currencies ISO 4217 no longer lists (the
currencies the euro replaced, CYP ... SKK, HRK, BGN; ROL and TRL, redenominated) are left
out, and :class:`EcbImport` names them.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from xml.parsers import expat

from pricing_engine.documents import decode_utf8, read_file
from pricing_engine.errors import InputError, RuleFileError, UnknownCurrency
from pricing_engine.fx_rates import ReferenceRates
from pricing_engine.money import FX_RATES, currency_code

__all__ = ["ECB_LEGACY", "ECB_SOURCE", "MAX_BYTES", "EcbImport", "bundled_reference_rates",
           "parse_ecb", "read_ecb"]

#: Where the ECB publishes the rates (every file named above is linked from there).
ECB_SOURCE = ("European Central Bank, euro foreign exchange reference rates "
              "<https://www.ecb.europa.eu/stats/policy_and_exchange_rates/"
              "euro_reference_exchange_rates/html/index.en.html>")
#: Codes the ECB's files carry that ISO 4217 has withdrawn: their columns are left out.
ECB_LEGACY = frozenset({"BGN", "CYP", "EEK", "HRK", "LTL", "LVL", "MTL", "ROL", "SIT", "SKK",
                        "TRL"})
#: The largest file read (the full history as XML is some 10 MB); a device or a pipe is
#: never read past it.
MAX_BYTES = 64 * 1024 * 1024
# [0-9], not \d: \d matches any script's digits, which Decimal and int() read as 0-9
_RATE = re.compile(r"[0-9]{1,9}(\.[0-9]{1,12})?")
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_LONG_DAY = re.compile(r"([0-9]{1,2}) ([A-Za-z]+) ([0-9]{4})")
_MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_NAMESPACE = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref"


@dataclass(frozen=True, slots=True)
class EcbImport:
    """What a file gave: the table, its layout, and the legacy currencies left out."""

    table: ReferenceRates
    layout: str  # csv-hist | csv-daily | xml
    left_out: tuple[str, ...]


def read_ecb(path: str | Path, *, label: str | None = None) -> EcbImport:
    """Read an ECB reference-rate file (CSV, XML, or the zip of a CSV) into a table."""
    name = label or str(path)
    return parse_ecb(read_file(path, name, limit=MAX_BYTES), name)


def parse_ecb(raw: bytes, name: str, *, file: str | None = None) -> EcbImport:
    """Parse an ECB file's bytes; ``name`` is what errors and the table's label call it,
    ``file`` the ECB file's own name (default: the last part of ``name``)."""
    digest = hashlib.sha256(raw).hexdigest()
    file = file or Path(name).name
    if raw[:4] == b"PK\x03\x04":
        raw, name = _unzip(raw, name)
        file = name.rpartition("!")[2]
    text = decode_utf8(raw, name).removeprefix("\ufeff")
    start = text.lstrip()[:1]
    left_out: tuple[str, ...] = ()
    if start == "<":
        (rows, left_out), layout = _xml(text, name), "xml"
    elif start in ("D", "d"):
        rows, layout, left_out = _csv(text, name)
    else:
        raise RuleFileError(name, 1, 1, "not an ECB reference-rate file: expected a CSV "
                            "starting 'Date,' or the ECB's XML")
    if not rows:
        raise RuleFileError(name, 1, 1, "no rates in the file")
    table = ReferenceRates(ECB_SOURCE, name, "EUR", tuple(sorted(rows)), rows, file, digest)
    return EcbImport(table, layout, left_out)


@lru_cache(maxsize=1)
def bundled_reference_rates() -> ReferenceRates:
    """The ECB rates bundled with the package (pricing_engine/fxdata: see its SOURCES.md)."""
    resource = resources.files("pricing_engine").joinpath("fxdata", "eurofxref-hist.csv")
    name = "bundled ECB eurofxref-hist.csv"
    return parse_ecb(resource.read_bytes(), name, file="eurofxref-hist.csv").table


def _unzip(raw: bytes, name: str) -> tuple[bytes, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) != 1 or not members[0].filename.lower().endswith(".csv"):
            found = ", ".join(m.filename for m in members) or "nothing"
            raise RuleFileError(name, 0, 0, f"an ECB zip holds one CSV file; this holds {found}")
        member = members[0]
        if member.file_size > MAX_BYTES:
            raise RuleFileError(name, 0, 0, f"{member.filename} unpacks to {member.file_size} "
                                f"bytes; the limit is {MAX_BYTES}")
        with archive.open(member) as stream:
            data = stream.read(MAX_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
        raise RuleFileError(name, 0, 0, f"not a readable zip file: {exc}") from None
    if len(data) > MAX_BYTES:
        raise RuleFileError(name, 0, 0, f"{member.filename} unpacks to more than {MAX_BYTES} "
                            "bytes")
    return data, f"{name}!{member.filename}"


def _csv(text: str, name: str) -> tuple[dict[date, dict[str, Decimal]], str, tuple[str, ...]]:
    lines = text.splitlines()
    header = [cell.strip() for cell in lines[0].split(",")]
    if header[0] != "Date":
        raise RuleFileError(name, 1, 1, f"the first column is {header[0]!r}, not 'Date'")
    trailing = header[-1] == ""  # every line of the ECB's files ends with a comma
    if trailing:
        header.pop()
    columns: list[str | None] = []
    left_out: list[str] = []
    for i, text in enumerate(header[1:], start=1):
        column = _column(lines[0], i)
        if text in header[1:i]:
            raise RuleFileError(name, 1, column, f"currency {text} is given twice")
        try:
            columns.append(_against_euro(currency_code(text), name, 1, column))
        except UnknownCurrency:
            if text not in ECB_LEGACY:
                raise RuleFileError(name, 1, column, f"column {text!r}: not an ISO 4217 "
                                    "currency code") from None
            columns.append(None)
            left_out.append(text)
    rows: dict[date, dict[str, Decimal]] = {}
    layout = "csv-hist"
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split(",")]
        if trailing and cells[-1] == "":
            cells.pop()
        if len(cells) != len(header):
            hint = " (a decimal comma, or a stray comma?)" if len(cells) > len(header) else ""
            raise RuleFileError(name, number, 1, f"{len(cells)} fields, the header has "
                                f"{len(header)}{hint}")
        day = _day(cells[0], name, number)
        layout = "csv-hist" if _ISO_DAY.fullmatch(cells[0]) else "csv-daily"
        if day in rows:
            raise RuleFileError(name, number, 1, f"Date: {day} is given twice")
        row: dict[str, Decimal] = {}
        for i, code in enumerate(columns, start=1):
            value = cells[i]
            if code is None or value == "N/A":
                continue
            row[code] = _rate(value, name, number, _column(line, i), code)
        rows[day] = row
    return rows, layout, tuple(left_out)


def _column(line: str, index: int) -> int:
    """The 1-based column where cell ``index`` of a comma-separated line starts."""
    at = 0
    for _ in range(index):
        at = line.index(",", at) + 1
    return at + 1 + (len(line[at:]) - len(line[at:].lstrip()))


def _day(text: str, name: str, line: int) -> date:
    iso, long = _ISO_DAY.fullmatch(text), _LONG_DAY.fullmatch(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if long and long[2].lower() in _MONTHS:
            return date(int(long[3]), _MONTHS[long[2].lower()], int(long[1]))
    except ValueError:
        pass
    raise RuleFileError(name, line, 1, f"Date: {text!r} is not a date (2025-05-09 or "
                        "9 May 2025)")


def _against_euro(code: str, name: str, line: int, column: int) -> str:
    """``code``, a currency the ECB's rates are of; the euro is refused: the rates are
    against it, and a table with a rate of the euro to itself is no ECB table."""
    if code == "EUR":
        raise RuleFileError(name, line, column, "currency EUR: the ECB's rates are euro "
                            "rates of the other currencies; the euro has no rate of its own")
    return code


def _rate(text: str, name: str, line: int, column: int, code: str) -> Decimal:
    if not _RATE.fullmatch(text):
        raise RuleFileError(name, line, column, f"{code}: {text!r} is not a rate (a decimal "
                            "number, or N/A)")
    try:
        return FX_RATES.check(Decimal(text), field=code)
    except InputError as exc:
        raise RuleFileError(name, line, column, str(exc)) from None


def _xml(text: str, name: str) -> tuple[dict[date, dict[str, Decimal]], tuple[str, ...]]:
    """The rates of an ECB XML file, its structure checked element by element."""
    rows: dict[date, dict[str, Decimal]] = {}
    left_out: dict[str, None] = {}
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[str] = []
    day: list[date] = []

    def fail(message: str) -> RuleFileError:
        return RuleFileError(name, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1,
                             message)

    def refuse(*_: object) -> None:
        raise fail("a DTD or entity declaration is not allowed in an ECB rates file")

    def start(tag: str, attrs: dict[str, str]) -> None:
        namespace, _, local = tag.rpartition(" ")
        depth = len(stack)
        stack.append(local)
        if depth == 0:
            if local != "Envelope":
                raise fail(f"the root element is {local!r}, not the ECB's gesmes:Envelope")
            return
        if local != "Cube":
            return  # subject, Sender, name: the envelope's description
        if namespace != _NAMESPACE:
            raise fail(f"element Cube is not in the ECB's namespace {_NAMESPACE}")
        level = sum(1 for tag_ in stack if tag_ == "Cube")
        expected = {1: set(), 2: {"time"}, 3: {"currency", "rate"}}.get(level)
        if expected is None or set(attrs) != expected:
            what = ", ".join(sorted(attrs)) or "no attributes"
            raise fail(f"Cube at depth {level} has {what}; expected "
                       f"{', '.join(sorted(expected)) if expected else 'no deeper Cube'}")
        if level == 2:
            when = _ISO_DAY.fullmatch(attrs["time"])
            try:
                if not when:
                    raise ValueError
                new = date(int(when[1]), int(when[2]), int(when[3]))
            except ValueError:
                raise fail(f"time: {attrs['time']!r} is not a date (2025-05-09)") from None
            if new in rows:
                raise fail(f"time: {new} is given twice")
            rows[new] = {}
            day[:] = [new]
        elif level == 3:
            code = attrs["currency"]
            try:
                key = currency_code(code)
            except UnknownCurrency:
                if code not in ECB_LEGACY:
                    raise fail(f"currency: {code!r} is not an ISO 4217 currency code") from None
                left_out[code] = None
                return
            line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
            _against_euro(key, name, line, column)
            row = rows[day[0]]
            if key in row:
                raise fail(f"currency: {key} is given twice on {day[0]}")
            row[key] = _rate(attrs["rate"], name, line, column, f"rate of {key}")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _tag: stack.pop()
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        raise RuleFileError(name, exc.lineno, exc.offset + 1,
                            f"invalid XML: {expat.errors.messages[exc.code]}") from None
    return rows, tuple(left_out)
