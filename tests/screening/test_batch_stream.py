"""screening.batch streams: the same records in the same order, read only as fast as screened."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from pricing_engine.screening.batch import (
    RENDERERS,
    Row,
    error_record,
    read_rows,
    record_writer,
    result_record,
    screen_rendered,
    screen_rows,
)
from pricing_engine.screening.batch_pool import CHUNK_ROWS, IN_FLIGHT, LOCAL_CHUNK_ROWS
from pricing_engine.screening.model import Entity, ListInfo, SanctionsList
from pricing_engine.screening.screener import Screener

NAMES = ("Banco Nacional de Cuba", "Dragan Djokic", "Nordic Atlas Ltd", "", "Maria Garcia")


@pytest.fixture(scope="module")
def screener() -> Screener:
    entities = (
        Entity("test", "1", "entity", "BANCO NACIONAL DE CUBA", countries=("CU",)),
        Entity("test", "2", "person", "DJOKIC, Dragan", dates_of_birth=("1957",)),
    )
    info = ListInfo("test", "hand_made", "test", None, "0" * 64, len(entities))
    return Screener.from_lists([SanctionsList(info, entities)], cache=False)


def _text(rows: int) -> str:
    lines = [f'{n},{NAMES[n % len(NAMES)]},{"entity" if n % 3 else "alien"}' for n in range(rows)]
    lines[7] = '8,"stray quote,entity'
    return "id,name,kind\n" + "\n".join(lines) + "\n"


def _one_by_one(screener: Screener, text: str) -> list[dict[str, object]]:
    """The records as screening each row on its own gives them (the contract)."""
    records = []
    for row in read_rows(io.StringIO(text)):
        if isinstance(row.query, str):
            records.append(error_record(row.number, row.ident, row.query, line=row.line))
        else:
            result = screener.screen(row.query)
            records.append(result_record(row.number, row.ident, result, line=row.line))
    return records


@pytest.mark.parametrize(("workers", "start"), [(1, None), (2, "fork"), (2, None)])
def test_streaming_gives_the_records_of_screening_row_by_row_in_order(
    screener: Screener, workers: int, start: str | None
) -> None:
    text = _text(2 * CHUNK_ROWS + 37)
    expected = _one_by_one(screener, text)
    got = list(
        screen_rows(screener, read_rows(io.StringIO(text)), workers=workers, start_method=start)  # type: ignore[arg-type]
    )
    assert got == expected
    assert [r["row"] for r in got] == list(range(1, 2 * CHUNK_ROWS + 38))
    assert sum(r["status"] is None for r in got) > 1  # bad kinds and the stray quote kept


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_rendered_chunks_equal_what_the_record_writer_writes(screener: Screener, fmt: str) -> None:
    text = _text(300)
    written = io.StringIO(newline="")
    write = record_writer(written, fmt)
    for record in _one_by_one(screener, text):
        write(record)
    header = written.getvalue().partition("\r\n")[0] + "\r\n" if fmt == "csv" else ""
    chunks = screen_rendered(
        screener, read_rows(io.StringIO(text)), RENDERERS[fmt], workers=2, start_method="fork"
    )
    assert header + "".join(t for chunk in chunks for _, t in chunk) == written.getvalue()


@pytest.mark.parametrize("workers", [1, 2])
def test_the_input_is_read_only_a_few_chunks_ahead(screener: Screener, workers: int) -> None:
    pulled = [0]

    def rows() -> Iterator[Row]:
        for row in read_rows(io.StringIO(_text(20 * CHUNK_ROWS))):
            pulled[0] += 1
            yield row

    ahead = 0
    for done, _ in enumerate(screen_rows(screener, rows(), workers=workers, start_method="fork")):
        ahead = max(ahead, pulled[0] - done)
    limit = LOCAL_CHUNK_ROWS if workers == 1 else (workers * IN_FLIGHT + 1) * CHUNK_ROWS
    assert 0 < ahead <= limit
    assert pulled[0] == 20 * CHUNK_ROWS
