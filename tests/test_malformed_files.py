"""Files malformed past what their parser copes with are named like any malformed file.

``json.loads`` and ``tomllib.loads`` read nested arrays by recursion: a file of 100,000 ``[``
raised RecursionError, which the readers of these files did not catch (they catch the
ValueError of a malformed document), so the CLI ended in "internal error". The csv module
refuses a field over 131,072 characters with csv.Error, which the tariff importers and the
reader of an output to resume did not catch either. Each reader of a file another program
may have written now names the file (and line) as it does any other malformed one, or, for
its own state file, reads it as absent.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pricing_engine import _jsonsafe
from pricing_engine.errors import InputError
from pricing_engine.screening import list_update
from pricing_engine.screening.batch import CSV_COLUMNS, error_record, read_rows, render_jsonl
from pricing_engine.screening.batch_input import raw_rows
from pricing_engine.screening.batch_resume import resume_output
from pricing_engine.screening.list_sources import ListSourceError, resolve_sources
from pricing_engine.screening.list_version import load_version
from pricing_engine.screening.rescreen import read_previous
from pricing_engine.tariff.us_hts import TariffFileError, read_csv_rows, read_json_rows

DEEP = "[" * 100_000 + "]" * 100_000
#: A CSV field longer than the csv module reads (131,072 characters by default).
LONG = "x" * 200_000


def test_the_readers_raise_their_decode_error() -> None:
    assert _jsonsafe.loads('{"a": [[1]]}') == {"a": [[1]]}
    assert _jsonsafe.loads(b'[1, "x"]') == [1, "x"]
    with pytest.raises(json.JSONDecodeError, match="nested too deeply"):
        _jsonsafe.loads(DEEP)
    with pytest.raises(json.JSONDecodeError, match="nested too deeply"):
        _jsonsafe.loads(DEEP.encode())
    assert _jsonsafe.loads_toml('a = [[1]]\n') == {"a": [[1]]}
    with pytest.raises(tomllib.TOMLDecodeError, match="nested too deeply"):
        _jsonsafe.loads_toml(f"a = {DEEP}\n")


def test_a_deep_tariff_export_is_not_json(tmp_path: Path) -> None:
    with pytest.raises(TariffFileError, match=re.escape("hts.json: not JSON: nested too deeply")):
        read_json_rows(DEEP, "hts.json")
    export = tmp_path / "hts.json"
    export.write_text(DEEP)
    done = subprocess.run([sys.executable, "-m", "pricing_engine", "tariff", "import",
                           "us-hts-json", str(export), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == ("pricing-engine: error: hts.json: not JSON: nested too "
                                   "deeply for this reader: line 1 column 1 (char 0)")


def test_a_deep_line_of_previous_results_is_named() -> None:
    good = json.dumps({"row": 1, "id": "a", "status": None})
    with pytest.raises(InputError, match="previous results, line 2: not a screen record"):
        read_previous(io.StringIO(f"{good}\n{DEEP}\n"))


def test_a_deep_list_sources_file_is_unreadable(tmp_path: Path) -> None:
    for name, text in (("sources.json", DEEP), ("sources.toml", f"a = {DEEP}\n")):
        path = tmp_path / name
        path.write_text(text)
        with pytest.raises(ListSourceError, match=f"{name}: unreadable sources file"):
            resolve_sources(config=path, env=False)


def test_a_deep_update_state_is_read_as_none(tmp_path: Path) -> None:
    (tmp_path / list_update.STATE).write_text(DEEP)
    assert list_update._read_state(tmp_path) == {}


def test_a_deep_previous_list_record_is_named(tmp_path: Path) -> None:
    (tmp_path / "previous.json").write_text(DEEP)
    with pytest.raises(InputError, match=re.escape("previous.json: cannot read it")):
        load_version(tmp_path)


def test_a_deep_line_in_an_output_to_resume_is_not_a_record(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    source = "id,name\na,\n"  # row 1 is an error record: its record is made without lists
    row = next(read_rows(io.StringIO(source)))
    assert isinstance(row.query, str)
    good = render_jsonl(error_record(row.number, row.ident, row.query, line=row.line))
    out.write_text(f"{good}{DEEP}\n")
    with pytest.raises(InputError, match="output line 2 is not a JSON record"):
        resume_output(out, "jsonl", raw_rows(io.StringIO(source)))


def test_a_tariff_csv_with_an_overlong_field_is_named_at_its_line(tmp_path: Path) -> None:
    hts = ("HTS Number,General Rate of Duty,Special Rate of Duty\n0101.21.00,Free,\n"
           f"0101.29.00,{LONG},\n")
    with pytest.raises(TariffFileError, match=re.escape("hts.csv: line 3: not CSV: field larger")):
        read_csv_rows(hts, "hts.csv")
    ukgt = tmp_path / "ukgt.csv"
    ukgt.write_text(f"commodity,description,cet_duty_rate,ukgt_duty_rate\n0101210000,{LONG},"
                    "0.00%,0.00%\n")
    for fmt in ("uk-gt-csv", "eu-cet"):
        done = subprocess.run([sys.executable, "-m", "pricing_engine", "tariff", "import", fmt,
                               str(ukgt), "--out", str(tmp_path / "out")],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("pricing-engine: error: ukgt.csv: line 2: not CSV: "
                                      "field larger than field limit"), done.stderr


def test_an_output_to_resume_with_an_overlong_field_is_named(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    header = ",".join(CSV_COLUMNS)
    out.write_text(f"{header}\n{LONG},1,clear" + "," * (len(CSV_COLUMNS) - 3) + "\n")
    with pytest.raises(InputError, match=re.escape("out.csv line 2 is not CSV: field larger")):
        resume_output(out, "csv", ())
