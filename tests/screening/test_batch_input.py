"""screening.batch_input: whatever the bytes, one record per line, none swallowed."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from pricing_engine.screening.batch_input import raw_rows

# bytes that matter to a CSV or JSON reader, and some that are not UTF-8
ALPHABET = st.sampled_from(
    [b'"', b",", b"\r", b"\x00", b"\xff", b"\xc3", b"\xa9", b"a", b"Z", b" ", b"{", b"}", b"'"]
)
CELL = st.lists(ALPHABET, max_size=12).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELL, min_size=2, max_size=5), min_size=1, max_size=30))
def test_every_csv_line_with_a_comma_is_one_record(rows: list[list[bytes]]) -> None:
    lines = [b",".join(cells) + b"\n" for cells in rows]
    for header in (b"id,name,kind\n", b"id,name,notes,kind\n"):
        records = list(raw_rows(io.BytesIO(header + b"".join(lines))))
        assert [r.line for r in records] == list(range(2, len(lines) + 2))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(ALPHABET, min_size=1, max_size=20).map(b"".join), max_size=30))
def test_every_jsonl_line_that_is_not_blank_is_one_record(texts: list[bytes]) -> None:
    lines = [b'{"name": "x"}\n', *(t.replace(b"\n", b"") + b"\n" for t in texts)]
    records = list(raw_rows(io.BytesIO(b"".join(lines))))
    expected = [n for n, line in enumerate(lines, 1) if line.strip()]
    assert [r.line for r in records] == expected


def test_a_multi_line_address_is_one_record_and_a_stray_quote_is_one_line() -> None:
    text = b'id,name,address\n1,Acme,"Hauptstr. 5\n10115 Berlin"\n2,Beta,"open\n3,Gamma,x\n'
    records = list(raw_rows(io.BytesIO(text)))
    assert [(r.number, r.line, r.error is None) for r in records] == [
        (1, 2, True), (2, 4, False), (3, 5, True),
    ]  # fmt: skip
    assert records[0].cells["address"] == "Hauptstr. 5\n10115 Berlin"
    assert records[1].cells == {"id": "2"}


def test_a_line_that_closes_a_quote_and_holds_a_comma_is_a_row_of_its_own() -> None:
    # found by the property above: the quote opened on line 2 closes on line 3, but line 3
    # holds a comma, so it could be a row: it is read as one, and line 2 is an error
    text = b'id,name,notes,kind\n,,"\n",\n'
    records = list(raw_rows(io.BytesIO(text)))
    assert [(r.line, r.error is None) for r in records] == [(2, False), (3, False)]
    assert "not closed on this line" in (records[0].error or "")
