"""``screen --input`` against hostile files, through the real CLI and the bundled lists.

Whatever the bytes, every input record gives one output record, in order; a record that
cannot be read is an error record naming its line, reading goes on at the next line, and
an error record fails ``--fail-on``. A file that cannot be read at all exits 2 with one line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pricing_engine.screening.result import ScreeningQuery


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    """The environment of the CLI runs (the session's own index cache and user lists)."""
    return dict(os.environ)


def screen(
    env: dict[str, str], source: Path | None, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pricing_engine", "screen"]
    command += ["--input", str(source) if source else "-", *args]
    done = subprocess.run(command, input=stdin, capture_output=True, env=env, timeout=300)
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


def records(done: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert done.returncode in (0, 3), done.stderr
    assert "Traceback" not in done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pricing-engine: error: "), done.stderr
    return lines[0]


def test_an_unclosed_quote_hides_no_row_and_fails_fail_on(
    env: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "stray.csv"
    source.write_text(
        'id,name,kind\na1,"Acme Trading,entity\na2,Tornado Cash,entity\n'
        "a3,Banco Nacional de Cuba,entity\n",
        encoding="utf-8",
    )
    done = screen(env, source, "--fail-on", "hit")
    assert done.returncode == 3
    out = records(done)
    assert [(r["id"], r["line"], r["status"]) for r in out] == [
        ("a1", 2, None), ("a2", 3, "hit"), ("a3", 4, "hit"),
    ]  # fmt: skip
    assert "line 2" in str(out[0]["error"]) and "quote" in str(out[0]["error"])
    assert "1 error records" in done.stderr


def test_an_error_record_alone_fails_fail_on_review_and_hit(
    env: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "clear.csv"
    source.write_text('id,name\n1,"Zzyzx Qwerty\n2,Plain Clear Name Ltd\n', encoding="utf-8")
    assert screen(env, source).returncode == 0
    for band in ("hit", "review"):
        done = screen(env, source, "--fail-on", band)
        assert done.returncode == 3, done.stderr
        assert [r["status"] for r in records(done)] == [None, "clear"]
        assert "2 rows" in done.stderr and "1 error records" in done.stderr


def _hostile_line(rng: random.Random, number: int, width: int) -> bytes:
    fragments = [
        b"Plain Name", b'"Quoted, Name"', b'"unclosed', b'mid"quote', b'"closed"trailing',
        b'"', b'""', b"\xff\xfe bad bytes", b"caf\xc3\xa9", b"nul\x00byte", b"cr\rinside",
        b"=cmd|' /C calc'!A0", b"x" * 140_000, b"Tornado Cash", b"{json}", b"\xed\xa0\x80",
    ]  # fmt: skip
    middle = [rng.choice(fragments) for _ in range(width - 2 + rng.choice([-1, 0, 0, 0, 1]))]
    cells = [str(number).encode(), *middle, rng.choice([b"entity", b"person", b""])]
    return b",".join(cells) + rng.choice([b"\n", b"\r\n"])


@pytest.mark.parametrize("header", [b"id,name,kind", b"id,name,notes,kind"])
def test_rows_out_equal_lines_in_for_hostile_csv(
    env: dict[str, str], tmp_path: Path, header: bytes
) -> None:
    rng = random.Random(8)
    lines = [_hostile_line(rng, n, header.count(b",") + 1) for n in range(300)]
    source = tmp_path / "hostile.csv"
    source.write_bytes(header + b"\n" + b"".join(lines))
    out = records(screen(env, source, "--workers", "2"))
    # every line holds a comma, so none can be read as part of another record
    assert [r["line"] for r in out] == list(range(2, len(lines) + 2))
    assert all(r["id"] in (None, str(n)) for n, r in enumerate(out))
    assert all(("error" in r) == (r["status"] is None) for r in out)
    assert any(r["status"] is None for r in out) and any(r["status"] for r in out)


def test_a_quoted_cell_may_span_lines_only_in_a_column_not_screened(
    env: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "multiline.csv"
    source.write_text(
        "id,name,address\n"
        'a1,Banco Nacional de Cuba,"Calle 1\nLa Habana"\n'  # an address over two lines
        'a2,Acme,"never closed\n'  # a stray quote: the next line is a row of its own
        "a3,Tornado Cash,somewhere\n"
        'a4,"Tornado\nCash",x\n',  # a line break in a name is not accepted
        encoding="utf-8",
    )
    out = records(screen(env, source))
    assert [(r["id"], r["line"], r["status"]) for r in out] == [
        ("a1", 2, "hit"), ("a2", 4, None), ("a3", 5, "hit"), ("a4", 6, None), ('Cash"', 7, None),
    ]  # fmt: skip


def test_a_duplicated_header_column_is_an_error(env: dict[str, str], tmp_path: Path) -> None:
    source = tmp_path / "dup.csv"
    for header in ("id,name,kind,name", "id,name,kind,NAME "):
        source.write_text(f"{header}\n1,Acme,entity,Tornado Cash\n", encoding="utf-8")
        message = one_line_error(screen(env, source, "--fail-on", "hit"))
        assert "line 1" in message and "twice" in message and "columns 2 and 4" in message


def test_a_cell_over_the_csv_limit_is_an_error_record_or_exit_2_in_the_header(
    env: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "big_cell.csv"
    source.write_text(
        f"id,name\n1,{'A' * 200_000}\n2,Tornado Cash\n3,{'B' * 2_000_000}\n4,Clear Name Ltd\n",
        encoding="utf-8",
    )
    out = records(screen(env, source))
    assert [(r["id"], r["status"]) for r in out] == [
        (None, None), ("2", "hit"), (None, None), ("4", "clear"),
    ]  # fmt: skip
    assert "line 2" in str(out[0]["error"]) and "131,072" in str(out[0]["error"])
    assert "line 4" in str(out[2]["error"]) and "longer than" in str(out[2]["error"])
    source.write_text(f"id,name,{'c' * 200_000}\n1,x,y\n", encoding="utf-8")
    assert "line 1" in one_line_error(screen(env, source))


def test_invalid_utf8_is_an_error_record_naming_line_and_byte(
    env: dict[str, str], tmp_path: Path
) -> None:
    source = tmp_path / "latin1.csv"
    source.write_bytes(b"id,name\n1,Caf\xe9 Royal\n2,Tornado Cash\n")
    out = records(screen(env, source, "--fail-on", "review"))
    assert [r["status"] for r in out] == [None, "hit"]
    assert out[0]["error"] == (
        "line 2: not UTF-8: byte 0xe9 at offset 13 of the file (byte 6 of the line)"
    )
    source.write_bytes(b"id,n\xe4me\n1,x\n")
    message = one_line_error(screen(env, source))
    assert "line 1" in message and "offset 4" in message


@pytest.mark.parametrize("kind", ["xlsx", "png", "utf16"])
def test_a_binary_file_exits_2_with_one_line(
    env: dict[str, str], tmp_path: Path, kind: str
) -> None:
    source = tmp_path / f"parties.{kind}"
    if kind == "xlsx":
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
    elif kind == "png":
        source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    else:
        source.write_bytes("id,name\n1,Tornado Cash\n".encode("utf-16"))
    message = one_line_error(screen(env, source, "--fail-on", "hit"))
    assert "binary" in message or "UTF-16" in message or "UTF-8" in message


def test_jsonl_keeps_every_line_and_refuses_ambiguous_objects(env: dict[str, str]) -> None:
    lines = [
        b'{"id": 1, "name": "Tornado Cash"}',
        b'{"id": 2, "name": "Acme", "name": "Tornado Cash"}',  # last one would win
        b'{"id": 3, "name": "unterminated',
        b"[" * 100_000,
        b'{"id": 5, "name": "Caf\xe9"}',
        b"",
        b'{"id": 7, "name": "!!!"}',
        b'{"id": 8, "name": "Banco Nacional de Cuba"}',
    ]
    done = screen(env, None, "--fail-on", "hit", stdin=b"\n".join(lines) + b"\n")
    assert done.returncode == 3
    out = records(done)
    assert [(r["line"], r["status"]) for r in out] == [
        (1, "hit"), (2, None), (3, None), (4, None), (5, None), (7, None), (8, "hit"),
    ]  # fmt: skip
    errors = [str(r["error"]) for r in out if r["status"] is None]
    assert "appears twice" in errors[0] and errors[1].startswith("not valid JSON")
    assert "nested too deeply" in errors[2] and "line 5" in errors[3] and "0xe9" in errors[3]
    assert errors[4].startswith("name:")  # ScreeningQuery refuses a name without letters
    assert "5 error records" in done.stderr


def test_a_name_screening_query_refuses_is_an_error_record(
    env: dict[str, str], tmp_path: Path
) -> None:
    long_name = "Tornado Cash " * 200
    try:
        ScreeningQuery(name=long_name)
    except ValueError:
        pass
    else:
        pytest.skip("ScreeningQuery has no name-length limit yet")
    source = tmp_path / "names.csv"
    source.write_text(f"id,name\n1,{long_name}\n2,...\n3,Tornado Cash\n", encoding="utf-8")
    out = records(screen(env, source))
    assert [(r["id"], r["status"]) for r in out] == [("1", None), ("2", None), ("3", "hit")]


def test_csv_output_escapes_cells_a_spreadsheet_would_run(
    env: dict[str, str], tmp_path: Path
) -> None:
    hostile = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\r=CR", " =sp"]
    rows = [{"id": ident, "name": "Tornado Cash"} for ident in hostile]
    rows.append({"id": "=bad", "name": ""})  # an error record echoes its id too
    rows.append({"id": -5, "name": "Plain Clear Name Ltd"})  # a number, not text
    stdin = "".join(json.dumps(r) + "\n" for r in rows).encode()
    output = tmp_path / "out.csv"
    done = screen(env, None, "--output", str(output), "--output-format", "csv", stdin=stdin)
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(output.read_bytes().decode(), newline="")))
    assert [r["id"] for r in table] == [*("'" + h for h in hostile), "'=bad", "-5"]
    assert table[0]["status"] == "hit" and float(table[0]["best_score"]) > 0.9
    assert json.loads(table[0]["matches"])[0]["entry_id"] == "39796"
    cells = [cell for row in table for cell in row.values() if cell != "-5"]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_rich_markup_in_a_name_prints_literally(env: dict[str, str]) -> None:
    command = [sys.executable, "-m", "pricing_engine", "screen"]
    for name in ("Tornado [/red] Cash [bold]", "[bold]Tornado Cash[/link]"):
        done = subprocess.run(
            [*command, name], capture_output=True, text=True, env=env, timeout=300
        )
        assert done.returncode == 0, done.stderr
        assert f"query: {name}" in done.stdout and "Traceback" not in done.stderr
    assert "39796" in done.stdout  # the second one is a hit: its table printed
