"""screen_frame and screen_dask: the batch record per row, in order, the same as screen_many.

screen_dask runs on a real ``dask.distributed.LocalCluster`` (two worker processes on
loopback); the screener reaches them as index data in a worker plugin, never as a pickle of
the index.
"""

from __future__ import annotations

import importlib
import json
import pickle
import random
from collections.abc import Iterator
from typing import Any

import pytest

from pricing_engine.contract import SCHEMA_VERSION
from pricing_engine.errors import InputError
from pricing_engine.screening import distributed as distributed_module
from pricing_engine.screening import frame as frame_module
from pricing_engine.screening.batch import query_from_row
from pricing_engine.screening.distributed import screen_dask
from pricing_engine.screening.frame import COLUMNS, MissingExtra, screen_frame
from pricing_engine.screening.index_format import MAGIC, IndexFormatError
from pricing_engine.screening.result import ScreeningQuery
from pricing_engine.screening.screener import Screener
from tests.screening.dask_cluster import local_client

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")
ScreenerPlugin = pytest.importorskip("pricing_engine.screening.dask_plugin").ScreenerPlugin

#: Rows that cannot become a query, each with a different reason.
MALFORMED: list[dict[str, Any]] = [
    {"id": "bad-1", "name": None},
    {"id": "bad-2", "name": "   "},
    {"id": "bad-3", "name": "!!!"},
    {"id": "bad-4", "name": "Acme Ltd", "kind": "robot"},
    {"id": "bad-5", "name": "Acme Ltd", "country": "XQ"},
    {"id": "bad-6", "name": "Ivan Petrov", "dob": "born 1970"},
    {"id": "bad-7", "name": "x" * 1001},
]


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_bundled()  # the session's index cache (tests/conftest.py)


@pytest.fixture(scope="module")
def parties(screener: Screener) -> pd.DataFrame:
    """A few hundred rows: listed names, near-misses of them, CRM names, malformed rows."""
    rng = random.Random(11)
    entities = screener.index.entities
    listed = [entities[i][3] for i in range(0, len(entities), max(len(entities) // 120, 1))]
    rows: list[dict[str, Any]] = []
    for name in listed[:120]:
        rows.append({"name": name})
        cut = rng.randrange(1, max(len(name) - 1, 2))  # one letter dropped: a near-miss
        rows.append({"name": name[:cut] + name[cut + 1 :], "country": rng.choice(["", "RU"])})
    for n in range(80):
        given, surname = rng.choice(["Maria", "Kenji", "Omar"]), rng.choice(["Novak", "Berg"])
        rows.append(
            {
                "name": f"{given} {surname}" if n % 2 else f"Harbor {n} GmbH",
                "kind": "person" if n % 2 else "entity",
                "dob": "1970" if n % 4 else "",
            }
        )
    rows += [{"name": "Nicolas Maduro", "country": "VE"}, {"name": "金正恩"},
             {"name": "Blue Ship", "identifiers": "IMO 9187629"}]  # fmt: skip
    at = sorted(rng.sample(range(len(rows)), len(MALFORMED)))
    for place, bad in zip(reversed(at), MALFORMED, strict=True):
        rows.insert(place, bad)
    for number, row in enumerate(rows):
        row.setdefault("id", f"p{number}")
    frame = pd.DataFrame(rows, columns=["id", "name", "kind", "country", "dob", "identifiers"])
    frame.index = pd.RangeIndex(1000, 1000 + len(frame), name="crm_key")
    return frame


def _expected(screener: Screener, parties: pd.DataFrame) -> list[dict[str, Any]]:
    """The batch record of every row, valid rows screened by screen_many."""
    cells = parties.astype(object).where(parties.notna(), None).to_dict("records")
    queries = [query_from_row(cell) for cell in cells]
    results = iter(screener.screen_many(q for q in queries if isinstance(q, ScreeningQuery)))
    expected = []
    for number, (cell, query) in enumerate(zip(cells, queries, strict=True), 1):
        record: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "id": cell["id"],
                                  "row": number, "status": None, "matches": [],
                                  "unread_scripts": [], "error": None}  # fmt: skip
        if isinstance(query, str):
            record["error"] = query
        else:
            result = next(results)
            record["status"] = result.status
            record["matches"] = [m.model_dump(mode="json") for m in result.matches]
            record["unread_scripts"] = list(result.unread_scripts)
        expected.append(record)
    assert next(results, None) is None
    return expected


def _records(out: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a screened frame as batch records (nested values parsed, NA as None)."""
    records = out.astype(object).where(out.notna(), None).to_dict("records")
    for record in records:
        record["matches"] = json.loads(record["matches"])
        record["unread_scripts"] = json.loads(record["unread_scripts"])
    return records


def test_the_sample_holds_hits_reviews_clears_and_errors(
    screener: Screener, parties: pd.DataFrame
) -> None:
    statuses = {r["status"] for r in _expected(screener, parties)}
    assert statuses == {"hit", "review", "clear", None}
    assert len(parties) >= 300


def test_screen_frame_equals_screen_many(screener: Screener, parties: pd.DataFrame) -> None:
    out = screen_frame(parties, screener=screener)
    assert list(out.columns) == list(COLUMNS)
    assert out.index.equals(parties.index)
    assert _records(out) == _expected(screener, parties)


def test_screen_frame_refuses_an_input_column_named_twice(screener: Screener) -> None:
    df = pd.DataFrame([["Acme Ltd", "Acme Holding"]], columns=["name", "name"])
    with pytest.raises(InputError, match="column 'name' appears more than once"):
        screen_frame(df, screener=screener)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with local_client() as client:
        yield client


def test_screen_dask_on_two_workers_equals_screen_many(
    client: Any, screener: Screener, parties: pd.DataFrame
) -> None:
    ddf = dd.from_pandas(parties, npartitions=7)
    out = screen_dask(ddf, screener=screener, client=client).compute()
    assert list(out.columns) == list(COLUMNS)
    assert out.index.equals(parties.index)  # rows in = rows out, in order
    assert _records(out) == _expected(screener, parties)
    # each worker screened partitions, with a screener it built once from the plugin's data
    built = client.run(_plugin_state, ScreenerPlugin(screener).name)
    assert sorted(built.values()) == [(True, True), (True, True)]


def test_screen_dask_writes_parquet_every_partition_alike(
    client: Any, screener: Screener, parties: pd.DataFrame, tmp_path: Any
) -> None:
    ddf = dd.from_pandas(parties.iloc[:60], npartitions=4)  # one partition all clear
    screen_dask(ddf, screener=screener, client=client).to_parquet(tmp_path / "out")
    out = pd.read_parquet(tmp_path / "out")
    assert list(out.columns) == list(COLUMNS)
    assert _records(out) == _expected(screener, parties.iloc[:60])


def test_a_partition_of_another_length_or_off_the_cluster_is_refused(parties: pd.DataFrame) -> None:
    with pytest.raises(RuntimeError, match="has 5 rows, not the number counted before"):
        distributed_module._screen_partition(
            parties.iloc[:5], "plugin", [(1, 4)], partition_info={"number": 0}
        )
    with pytest.raises(RuntimeError, match="no screener plugin plugin here"):  # not a worker
        distributed_module._screen_partition(
            parties.iloc[:5], "plugin", [(1, 5)], partition_info={"number": 0}
        )


def _plugin_state(name: str, dask_worker: Any) -> tuple[bool, bool]:
    plugin = dask_worker.plugins[name]
    return plugin._built is not None, plugin.seed is None


def test_screen_dask_again_reuses_the_workers_screener(
    client: Any, screener: Screener, parties: pd.DataFrame
) -> None:
    name = ScreenerPlugin(screener).name
    before = client.run(lambda dask_worker: id(dask_worker.plugins[name]._built))
    ddf = dd.from_pandas(parties.iloc[:40], npartitions=3)
    out = screen_dask(ddf, screener=screener, client=client).compute()
    assert _records(out) == _expected(screener, parties.iloc[:40])
    assert client.run(lambda dask_worker: id(dask_worker.plugins[name]._built)) == before


def test_the_plugin_carries_index_data_never_a_pickle_of_the_index(screener: Screener) -> None:
    plugin = ScreenerPlugin(screener)
    assert plugin.seed is not None
    _, (data, config) = plugin.seed
    assert isinstance(data, bytes) and data.startswith(MAGIC)
    assert config == screener.config
    shipped = pickle.dumps(plugin)
    assert b"NameIndex" not in shipped and b"Matcher" not in shipped
    again = pickle.loads(shipped)
    assert again.name == plugin.name
    assert again.screener().screen("Banco Nacional de Cuba") == screener.screen(
        "Banco Nacional de Cuba"
    )
    assert again.seed is None  # built once; the bytes are let go


def test_a_worker_with_other_code_refuses_to_build(screener: Screener) -> None:
    plugin = ScreenerPlugin(screener)
    plugin.code = ("0.0.1", "0" * 64)  # as a client of another version would send it
    again = pickle.loads(pickle.dumps(plugin))
    with pytest.raises(IndexFormatError, match="install the same version on every host"):
        again.screener()


def test_a_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def without_pandas(name: str, package: str | None = None) -> Any:
        if name == "pandas":
            raise ModuleNotFoundError("No module named 'pandas'", name="pandas")
        return real(name, package)

    monkeypatch.setattr(frame_module.importlib, "import_module", without_pandas)
    with pytest.raises(MissingExtra, match=r'pip install "pricing-engine\[dask\]"'):
        screen_frame(pd.DataFrame({"name": ["Acme"]}))
