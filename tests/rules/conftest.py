"""Shared fixtures: the small rule set under tests/fixtures/rules_good, helpers to lay a
tariff table over a copy of it (with cache and data directories of the test's own), helpers
to write and price the small DAP quotes of the per-country tariff tests, and an engine on the
bundled rules with a helper to check a proposal's YAML with it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
import yaml

from pricing_engine.decision import Decision, Proposal
from pricing_engine.engine import Engine
from pricing_engine.errors import MissingRule
from pricing_engine.landed import ChargeOut
from pricing_engine.rules import RuleBook, build, load_rules, loader, parse
from pricing_engine.rules.results import DutyRule

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SHIPPED = Path(__file__).resolve().parents[2] / "rules" / "tariffs"
GOOD = FIXTURES / "rules_good"
BAD = FIXTURES / "rules_bad"
#: A policy that lets reference data of any age by (the tests' day is fixed).
LENIENT = FIXTURES / "policies" / "lenient_freshness.yaml"


#: The head of a minimal country file (Singapore without tax) for the format tests; a test
#: adds its ``duty:`` section.
SG_HEAD = """\
country: SG
currency: SGD
as_of: 2026-11-30
sources: [{id: s, title: "test source"}]
customs: {valuation: CIF}
tax: null
no_tax_reason: test
"""


@pytest.fixture(scope="module")
def bundled() -> RuleBook:
    """The bundled rule set, tariff tables included."""
    return load_rules()


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The bundled rules and lists under the lenient freshness policy."""
    return Engine.load(policy=LENIENT)


def check_proposal(engine: Engine, proposal: str, *, line: dict[str, object] | None = None,
                   **changes: object) -> tuple[Decision, dict[str, ChargeOut]]:
    """``check`` on 2026-11-20 of the YAML ``proposal`` with ``changes`` to its fields and
    ``line`` to its first line's: the decision and that line's charges by name (none when
    it could not be priced)."""
    doc = yaml.safe_load(proposal)
    doc.update(changes)
    doc["lines"][0].update(line or {})
    result = engine.check(Proposal.model_validate(doc), on=date(2026, 11, 20))
    charges = {} if result.quote is None else {c.name: c for c in result.quote.lines[0].charges}
    return result, charges


@pytest.fixture(scope="session")
def book() -> RuleBook:
    """The fixture rule set alone (no bundled rules), loaded once."""
    return load_rules(GOOD, include_bundled=False)


def quote_with_hs(tmp_path: Path, name: str, quote: str, hs: str
                  ) -> subprocess.CompletedProcess[str]:
    """``pricing-engine quote --format json`` on the bundled rules (not the rule directory of
    ``PRICING_ENGINE_RULES``) of ``quote`` with its ``"HS"`` placeholder set to ``hs``,
    written to ``tmp_path/name``."""
    path = tmp_path / name
    path.write_text(quote.replace('"HS"', f'"{hs}"'), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PRICING_ENGINE_RULES"}
    script = Path(sys.executable).with_name("pricing-engine")
    return subprocess.run([str(script), "quote", str(path), "--format", "json"],
                          capture_output=True, text=True, env=env, check=False)


def dap_quote(*, quote_id: str, day: str, currency: str, seller: tuple[str, str],
              buyer: tuple[str, str], place: str, lines: str,
              fx: dict[str, str] | None = None, mode: str = "sea", freight: str = "0",
              insurance: str = "0") -> str:
    """The YAML of a DAP quote ``quote_id`` dated ``day`` (YYYY-MM-DD) in ``currency``, from
    ``seller`` to the business ``buyer`` (each a (name, country) pair) by ``mode`` to
    ``place``, with ``freight`` and ``insurance`` amounts in ``currency``, the exchange rates
    ``fx`` (pair such as "EUR/CNY" -> rate; None: no ``fx``) and ``lines``, the YAML of its
    line mappings (a block sequence, written under ``lines:`` as given, re-indented). The
    two country codes are written quoted, so that any YAML loader reads "NO" as a string."""
    text = (f"id: {quote_id}\n"
            f"date: {day}\n"
            f"currency: {currency}\n"
            f'seller: {{name: "{seller[0]}", country: "{seller[1]}"}}\n'
            f'buyer: {{name: "{buyer[0]}", country: "{buyer[1]}", type: business}}\n'
            f"mode: {mode}\n"
            "incoterm: DAP\n"
            f'named_place: "{place}"\n'
            f'freight: {{amount: "{freight}", currency: {currency}}}\n'
            f'insurance: {{amount: "{insurance}", currency: {currency}}}\n')
    if fx is not None:
        rates = ", ".join(f'{pair}: "{rate}"' for pair, rate in fx.items())
        text += f"fx: {{{rates}}}\n"
    return text + "lines:\n" + textwrap.indent(textwrap.dedent(lines), "  ")


def priced_line(tmp_path: Path, name: str, quote: str, hs: str) -> dict[str, Any]:
    """The first line of the JSON result of :func:`quote_with_hs` (which must exit 0, or 3
    for review: its error output is the failure's message)."""
    done = quote_with_hs(tmp_path, name, quote, hs)
    assert done.returncode in (0, 3), done.stderr
    line: dict[str, Any] = json.loads(done.stdout)["lines"][0]
    return line


def rules_with_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str) -> Path:
    """A copy of the fixture rule set with ``table`` as its US tariff table, and empty cache
    and data directories (the rule cache and its digests) under ``tmp_path``."""
    monkeypatch.setenv("PRICING_ENGINE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PRICING_ENGINE_LISTS_DIR", str(tmp_path / "data"))
    root = tmp_path / "rules"
    shutil.copytree(GOOD, root)
    (root / "tariffs").mkdir()
    (root / "tariffs" / "US.yaml").write_text(table, encoding="utf-8")
    return root


def load_compiled(rules: Path) -> RuleBook:
    """The book of the rule files at ``rules`` (alone) as compiled, where ``load_rules`` (which
    also writes the cache) keeps the one read back from the cache once it is written."""
    made: list[RuleBook] = []
    compile_book = loader.build_book

    def capture(*args: Any, **kwargs: Any) -> tuple[RuleBook, list[str]]:
        book, unions = compile_book(*args, **kwargs)
        made.append(book)
        return book, unions

    loader.build_book = capture  # type: ignore[assignment]
    try:
        load_rules(rules, include_bundled=False)
    finally:
        loader.build_book = compile_book
    assert len(made) == 1, "the rules were not compiled (read from the cache?)"
    return made[0]


def forget_loaded() -> None:
    """What a new process would not know: the books and files this one loaded."""
    loader._BOOKS.clear()
    parse._CACHE.clear()
    build._COMPILED.clear()
    build._TABLE_ERRORS.clear()


def regen(script: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run a regeneration script of bench/ with ``args``, its output captured (it is not
    asked to succeed: the caller looks at its exit code and output)."""
    return subprocess.run([sys.executable, str(script), *map(str, args)],
                          capture_output=True, text=True, check=False)


def assert_stops(tmp_path: Path, script: Path, says: str, *args: str | Path) -> None:
    """``script`` run with ``args`` (and ``--out tmp_path``) fails, its error output says
    ``says``, and it writes no table."""
    done = regen(script, *args, "--out", tmp_path)
    assert done.returncode != 0
    assert says in done.stderr
    assert not (tmp_path / "tariffs").exists()


#: The day the Korea Customs Service saved its 2025 tables (bench/kcs_dated_back.KCS_DAY).
KCS_DAY = date(2025, 6, 13)


def assert_dated_from_kcs_day(book: RuleBook, country: str, origin: str, rates: dict[str, str],
                              until: date) -> None:
    """Each code of ``rates`` (code -> its rate) charges that rate on KCS's day and on
    ``until`` (the day before the country's own table), and the first one is priced by no
    rule on the day before KCS's."""
    for day in (KCS_DAY, until):
        for hs, rate in rates.items():
            assert book.duty(country, hs, origin, day).mfn.rate == Decimal(rate), (hs, day)
    with pytest.raises(MissingRule):  # before KCS's table: nothing known
        book.duty(country, next(iter(rates)), origin, KCS_DAY - timedelta(days=1))


def assert_remade(tmp_path: Path, script: Path, printed: str, *tables: str,
                  args: tuple[str, ...] = (), also_printed: tuple[str, ...] = ()) -> None:
    """``script`` run on the data kept in the repository (with ``args`` and ``--out
    tmp_path``) succeeds, prints ``printed`` and each of ``also_printed``, and writes each of
    ``tables`` (file names under rules/tariffs/) byte for byte as shipped."""
    done = regen(script, *args, "--out", tmp_path)
    assert done.returncode == 0, done.stderr
    for text in (printed, *also_printed):
        assert text in done.stdout
    for name in tables:
        made = (tmp_path / "tariffs" / name).read_text("utf-8")
        assert made == (SHIPPED / name).read_text("utf-8"), name


def assert_late_line_stands_alone(book: RuleBook, country: str, line: str, neighbour: str,
                                  rates: tuple[str, str], first: date) -> None:
    """A table line ``line`` dated from ``first``, later than ``neighbour`` of its
    subheading (``rates``: the neighbour's duty, the line's): the day before, neither the
    line nor the subheading takes the neighbour's duty (bench/_regen.unknown_before); from
    ``first`` the line charges its own."""
    day = first - timedelta(days=1)
    with pytest.raises(MissingRule, match=f"from {first}; what it charged before"):
        book.duty(country, line, "CN", day)
    with pytest.raises(MissingRule, match=line):
        book.duty(country, line[:6], "CN", day)
    assert book.duty(country, neighbour, "CN", day).mfn.rate == Decimal(rates[0])
    assert book.duty(country, line, "CN", first).mfn.rate == Decimal(rates[1])


def assert_table_line(rule: DutyRule, table: str, confidence: str, source: str) -> None:
    """``rule`` comes from rules/tariffs/<table>.yaml, with that table's confidence and a
    source naming ``source``."""
    assert rule.ref.file.endswith(f"tariffs/{table}.yaml")
    assert rule.ref.confidence == confidence
    assert rule.ref.source is not None and source in rule.ref.source


def assert_quota(rule: DutyRule, inside: str, beyond: str) -> None:
    """``rule`` is a tariff-quota line charging ``inside`` ad valorem within the quota and
    ``beyond`` out of it."""
    assert rule.declared is not None and rule.declared.out_of_quota is not None
    assert (str(rule.rate), str(rule.declared.out_of_quota.rate)) == (inside, beyond)


def assert_duty_terms(rule: DutyRule, rate: str | None, specific: tuple[str, str] | None,
                      currency: str) -> None:
    """``rule`` charges ``rate`` ad valorem (None: none) and ``specific`` (amount, per) in
    ``currency`` (None: no specific duty)."""
    assert rule.rate == (None if rate is None else Decimal(rate))
    if specific is None:
        assert rule.specific is None
    else:
        assert rule.specific is not None and rule.specific.currency == currency
        assert (rule.specific.amount, rule.specific.per) == (Decimal(specific[0]), specific[1])


def write_xlsx(path: Path, rows: list[list[str | int]]) -> None:
    """A one-sheet workbook of ``rows`` at ``path``: text cells through the shared strings,
    numbers as values, as the governments' tariff exports write them (bench/_regen.xlsx_rows
    reads them)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings: list[str] = []
    cells = []
    for r, row in enumerate(rows, 1):
        out = []
        for col, value in zip("ABCDEFGHIJKLMNOP", row, strict=False):
            if isinstance(value, int):
                out.append(f'<x:c r="{col}{r}"><x:v>{value}</x:v></x:c>')
                continue
            strings.append(escape(value))
            out.append(f'<x:c r="{col}{r}" t="s"><x:v>{len(strings) - 1}</x:v></x:c>')
        cells.append(f'<x:row r="{r}">{"".join(out)}</x:row>')
    sst = "".join(f"<x:si><x:t>{t}</x:t></x:si>" for t in strings)
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/sharedStrings.xml", f'<x:sst xmlns:x="{ns}">{sst}</x:sst>')
        book.writestr("xl/worksheets/sheet1.xml", f'<x:worksheet xmlns:x="{ns}"><x:sheetData>'
                      f'{"".join(cells)}</x:sheetData></x:worksheet>')
