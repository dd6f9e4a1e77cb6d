"""Hostile and mistaken quotes through the real console script: exit 2, one line, no traceback.

Each file in tests/fixtures/quotes_hostile/ states the error it must give (``# expect: ...``);
the binary ones, whose text cannot carry a comment, are listed here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pricing_engine.documents import MAX_BYTES
from pricing_engine.quote import MAX_LINES

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "quotes_hostile"
EXAMPLE = ROOT / "examples" / "de-us-ddp.yaml"
EXPECT = re.compile(rb"^# expect: (.+)$", re.MULTILINE)
#: Files that cannot state their own expectation (binary, UTF-16, JSON).
EXPECTED = {
    "image.png": "image.png:1:1: not UTF-8 text (a binary file?): byte 0x89 at byte offset 0",
    "utf16.yaml": "utf16.yaml:1:1: UTF-16 text: save it as UTF-8",
    "duplicate_key.json": "duplicate_key.json:5:3: duplicate key 'currency'",
}
FILES = sorted(p.name for p in HOSTILE.iterdir())


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """``pricing-engine ARGS`` on the bundled rules (no debug, no rules override)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PRICING_ENGINE_RULES", "PRICING_ENGINE_DEBUG")}
    script = Path(sys.executable).with_name("pricing-engine")
    p = subprocess.run([str(script), *args], input=stdin, capture_output=True, env=env,
                       check=False, cwd=ROOT)
    return subprocess.CompletedProcess(p.args, p.returncode, p.stdout.decode("utf-8"),
                                       p.stderr.decode("utf-8"))


def assert_one_line_error(p: subprocess.CompletedProcess[str], expected: str) -> None:
    assert "Traceback" not in p.stderr and "internal error" not in p.stderr, p.stderr
    assert p.returncode == 2, p.stderr
    assert p.stdout == ""
    assert p.stderr.count("\n") == 1 and p.stderr.startswith("pricing-engine: error: "), p.stderr
    assert expected in p.stderr


def expectation(name: str) -> str:
    if name in EXPECTED:
        return EXPECTED[name]
    found = EXPECT.search((HOSTILE / name).read_bytes())
    assert found, f"{name} states no '# expect:'"
    return found.group(1).decode("ascii")


def test_the_battery_covers_every_class() -> None:
    names = " ".join(FILES)
    for kind in ("duplicate_key", "fx_contradiction", "price_1e30", "price_1e-30",
                 "price_1E+400", "price_nan", "quantity", "freight", "insurance", "fx_1e30",
                 "ddp_price_below", "latin1", "image.png", "utf16", "alias_bomb"):
        assert kind in names


@pytest.mark.parametrize("name", FILES)
def test_hostile_file_is_exit_2_with_one_line(name: str) -> None:
    p = run("quote", str(HOSTILE / name))
    assert_one_line_error(p, expectation(name))


@pytest.mark.parametrize(("name", "expected"), [
    ("image.png", "<stdin>:1:1: not UTF-8 text (a binary file?): byte 0x89 at byte offset 0"),
    ("latin1.yaml", "not UTF-8 text (a binary file?): byte 0xe9"),
    ("duplicate_key.yaml", "<stdin>:6:1: duplicate key 'currency'"),
])
def test_hostile_stdin_is_read_by_the_same_reader(name: str, expected: str) -> None:
    assert_one_line_error(run("quote", "-", stdin=(HOSTILE / name).read_bytes()), expected)


def test_invalid_utf8_names_line_and_byte_offset() -> None:
    raw = (HOSTILE / "latin1.yaml").read_bytes()
    offset = raw.index(b"\xe9")
    line = raw.count(b"\n", 0, offset) + 1
    p = run("quote", str(HOSTILE / "latin1.yaml"))
    assert_one_line_error(p, f"latin1.yaml:{line}:")
    assert f"byte 0xe9 at byte offset {offset}" in p.stderr


def test_a_binary_blob(tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(bytes(range(256)) * 64)
    assert_one_line_error(run("quote", str(blob)), "not UTF-8 text (a binary file?)")
    nul = tmp_path / "nul.yaml"
    nul.write_bytes(b"id: Q\x00\x01\x02\n")  # valid UTF-8, yet no YAML
    assert_one_line_error(run("quote", str(nul)), "nul.yaml:1:")


def test_too_many_lines_points_to_batch_use(tmp_path: Path) -> None:
    # The first line repeated by alias: a small file with MAX_LINES + 1 lines.
    text = EXAMPLE.read_text(encoding="utf-8")
    line = ('&l {sku: P, hs_code: "8413.70", origin: DE, quantity: 1, unit_price: "10", '
            'unit_cost: "5"}')
    big = tmp_path / "big.yaml"
    big.write_text(text[:text.index("lines:")] + f"lines: [{line}" + ", *l" * MAX_LINES + "]\n",
                   encoding="utf-8")
    p = run("quote", str(big))
    assert_one_line_error(p, f"{MAX_LINES + 1:,} lines; a quote holds at most {MAX_LINES:,} lines")
    assert "batch" in p.stderr


def test_an_oversized_file_points_to_batch_use(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.truncate(MAX_BYTES + 1)  # sparse: cheap to make, never read
    p = run("quote", str(big))
    assert_one_line_error(p, f"the limit is {MAX_BYTES}")
    assert f"at most {MAX_LINES:,} lines" in p.stderr and "batch" in p.stderr


def test_help_states_the_line_limit() -> None:
    p = run("quote", "--help")
    assert p.returncode == 0 and f"{MAX_LINES:,} lines" in p.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (["--target", "NaN"], "--target: 'NaN' is not a finite number"),
    (["--target", "inf"], "--target: 'inf' is not a finite number"),
    (["--target", "1.5"], "--target: 1.5 is outside the range of a fraction: [0, 1)"),
    (["--target", "-0.1"], "--target: -0.1 is outside the range of a fraction"),
    (["--target", "abc"], "--target: 'abc' is not a decimal number"),
    (["--target", "1e-30"], "--target: 1E-30 has more than 12 decimal places"),
    (["--locale", "xx_YY"], "unknown locale 'xx_YY' (give a POSIX or BCP-47 name"),
    (["--locale", ""], "unknown locale '' (give a POSIX or BCP-47 name"),
    (["--fx", "no/such/fx.yaml"], "no/such/fx.yaml:0:0: cannot read"),
    (["--rules", "no/such/rules"], "no/such/rules:1:1: cannot read"),
    (["--fx", "tests/fixtures/quotes_hostile/image.png"], "not UTF-8 text"),
])
def test_bad_options_are_exit_2_with_one_line(args: list[str], expected: str) -> None:
    assert_one_line_error(run("quote", str(EXAMPLE), *args), expected)


def test_a_locale_written_with_a_hyphen_is_read() -> None:
    p = run("quote", str(EXAMPLE), "--locale", "de-DE")
    assert p.returncode == 0, p.stderr
    assert "54.400,00\xa0€" in p.stdout


def test_an_fx_file_whose_pairs_contradict(tmp_path: Path) -> None:
    fx = tmp_path / "fx.yaml"
    fx.write_text('rates:\n  EUR/USD: "1.0850"\n  USD/EUR: "5"\n', encoding="utf-8")
    p = run("quote", str(EXAMPLE), "--fx", str(fx))
    assert_one_line_error(p, "fx.yaml:2:3: FX pairs EUR/USD 1.0850 and USD/EUR 5 contradict")
    fx.write_text('EUR/USD: "1.0850"\nGBP/USD: "1e30"\n', encoding="utf-8")
    assert_one_line_error(run("quote", str(EXAMPLE), "--fx", str(fx)),
                          "fx.yaml:2:10: GBP/USD: 1E+30 is outside the range of an FX rate")


def _customs_value(p: subprocess.CompletedProcess[str]) -> str:
    assert p.returncode == 0, p.stderr
    return str(json.loads(p.stdout)["totals"]["customs_value"]["amount"])


def test_the_quotes_pair_wins_over_the_fx_file_in_either_direction(tmp_path: Path) -> None:
    # The quote gives EUR/USD 1.0850; a file's USD/EUR 5 (EUR/USD 0.2) must not be used.
    fx = tmp_path / "fx.yaml"
    fx.write_text('USD/EUR: "5"\n', encoding="utf-8")
    reference = _customs_value(run("quote", str(EXAMPLE), "--format", "json"))
    assert reference == "51955.97"  # EU goods: up to 10 % from 2026-07-24
    assert _customs_value(run("quote", str(EXAMPLE), "--format", "json", "--fx", str(fx))) \
        == reference


def test_a_pair_in_both_directions_that_agree_is_accepted(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'fx: {EUR/USD: "1.0850"}', 'fx: {EUR/USD: "1.0850", USD/EUR: "0.9200"}')
    assert _customs_value(run("quote", "-", "--format", "json", stdin=text.encode())) \
        == "51955.97"  # EUR -> USD uses EUR/USD as given (1.0850 x 0.92 = 0.9982)


def test_every_problem_is_on_the_one_line(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("currency: EUR\n", "currency: ABC\n", 1)
    text = text.replace("quantity: 40", 'quantity: "-1"').replace("tax_class: standard",
                                                                   "tax_klass: standard")
    bad = tmp_path / "three.yaml"
    bad.write_text(text, encoding="utf-8")
    p = run("quote", str(bad))
    assert_one_line_error(p, "three.yaml:5:11: currency: unknown currency code 'ABC'")
    assert "; 28:5: lines.0.tax_klass: Extra inputs are not permitted" in p.stderr
    assert "; 33:15: lines.1.quantity: -1 is outside the range of a quantity" in p.stderr


def test_a_json_quote_is_read_with_its_line_numbers(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["lines"][1]["unit_price"] = "1e30"
    data["lines"][0]["description"] = "Pump \U0001f680"  # written as a surrogate pair
    text = json.dumps(data, indent=2, default=str)
    assert "\\ud83d\\ude80" in text
    path = tmp_path / "q.json"
    path.write_text(text, encoding="utf-8")
    line = text[:text.index('"1e30"')].count("\n") + 1
    p = run("quote", str(path))
    assert_one_line_error(p, f"q.json:{line}:")
    assert "lines.1.unit_price: 1E+30 is outside the range of an amount" in p.stderr
    data["lines"][1]["unit_price"] = "310"
    path.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    assert _customs_value(run("quote", str(path), "--format", "json")) == "51955.97"
