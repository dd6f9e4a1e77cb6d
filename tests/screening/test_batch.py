"""screening.batch: rows in = records out, in order, malformed rows kept as errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from pricing_engine.errors import InputError
from pricing_engine.screening.batch import query_from_row, read_rows, record_writer, screen_stream
from pricing_engine.screening.model import Entity, ListInfo, SanctionsList
from pricing_engine.screening.result import ScreeningQuery
from pricing_engine.screening.screener import Screener


@pytest.fixture(scope="module")
def screener() -> Screener:
    entities = (
        Entity("test", "1", "entity", "BANCO NACIONAL DE CUBA", countries=("CU",)),
        Entity("test", "2", "person", "DJOKIC, Dragan", dates_of_birth=("1957",)),
    )
    info = ListInfo("test", "hand_made", "test", None, "0" * 64, len(entities))
    return Screener.from_lists([SanctionsList(info, entities)], cache=False)


def test_query_from_row_reads_identifiers_and_reports_bad_values() -> None:
    query = query_from_row({"name": "Blue Horizon", "identifiers": "IMO 7406784; ", "x": 1})
    assert query == ScreeningQuery(name="Blue Horizon", identifiers=("IMO 7406784",))
    assert query_from_row({"name": "A", "identifiers": 5}) == (
        "identifiers: a list of strings or a ';'-separated string expected"
    )
    problem = query_from_row({"id": "7", "kind": "person"})
    assert isinstance(problem, str) and problem.startswith("name:")


def test_a_jsonl_value_that_is_no_party_data_is_an_error_not_a_clear_screen() -> None:
    """true, NaN or 1e999 for a name is an export gone wrong: never a screen of "True"."""
    text = ('{"id": 1, "name": true}\n{"id": 2, "name": 7406784}\n{"id": 3, "name": NaN}\n'
            '{"id": 4, "name": 1e999}\n{"id": 5, "name": "A", "country": false}\n'
            '{"id": 6, "name": "A", "dob": 1957}\n{"id": 7, "name": -Infinity}\n')
    rows = list(read_rows(io.StringIO(text)))
    assert [row.query for row in rows] == [
        "name: a string expected, not true",
        ScreeningQuery(name="7406784", id="2"),  # a number is its text (an IMO number)
        "not valid JSON: NaN is not a JSON value",
        "name: a string expected, not Infinity",
        "country: a string expected, not false",
        ScreeningQuery(name="A", id="6", dob="1957"),
        "not valid JSON: -Infinity is not a JSON value",
    ]


def test_read_rows_numbers_jsonl_rows_and_keeps_malformed_ones() -> None:
    text = '{"id": 1, "name": "A"}\n\nnot json\n[1]\n'
    rows = list(read_rows(io.StringIO(text)))
    assert [(row.number, row.line, row.ident) for row in rows] == [
        (1, 1, 1),
        (3, 3, None),
        (4, 4, None),
    ]
    assert rows[0].query == ScreeningQuery(name="A", id="1")
    assert str(rows[1].query).startswith("not valid JSON")
    assert rows[2].query == "a JSONL row must be a JSON object"


def test_a_csv_without_a_name_column_fails_before_any_screening(screener: Screener) -> None:
    with pytest.raises(InputError, match="no 'name' column"):
        screen_stream(screener, io.StringIO("id,party\n1,Someone\n"))


def test_screen_stream_gives_one_record_per_row_in_order(screener: Screener) -> None:
    text = "id,name,kind\na,Banco Nacional de Cuba,entity\nb,,person\nc,Zzyzx Qwerty,entity\nd,x\n"
    records = list(screen_stream(screener, io.StringIO(text), workers=1))
    assert [(r["id"], r["row"], r["status"]) for r in records] == [
        ("a", 1, "hit"), ("b", 2, None), ("c", 3, "clear"), ("d", 4, None),
    ]  # fmt: skip
    assert records[0]["matches"][0]["entry_id"] == "1"
    assert records[3]["error"] == "row has a different number of fields than the header"
    assert "error" not in records[0] and records[2]["matches"] == []


def test_record_writer_csv_has_a_header_and_the_best_score() -> None:
    out = io.StringIO()
    write = record_writer(out, "csv")
    match = {"list": "t", "entry_id": "1", "name": "N", "score": 0.97, "band": "hit"}
    write({"id": None, "row": 1, "status": "hit", "matches": [match]})
    write({"id": "b", "row": 2, "status": None, "matches": [], "error": "bad"})
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["id", "row", "status", "error", "best_score", "matches", "digest"]
    assert rows[1][:5] == ["", "1", "hit", "", "0.97"] and json.loads(rows[1][5]) == [match]
    assert rows[2] == ["b", "2", "", "bad", "", "", ""]
    out = io.StringIO()
    record_writer(out, "jsonl")({"id": "é", "row": 1})
    assert out.getvalue() == '{"id": "é", "row": 1}\n'
