"""After a list update, a cluster's workers screen on the new lists only.

The screener plugin is keyed by the content digest of the index and config; ``screen_dask``
with other lists removes the old plugin from the scheduler and every worker, so that nothing
screens on the old lists any more. Checked on a 2-worker ``LocalCluster`` with the two SDN
versions of tests/fixtures/sdn_delta/ (2021-07-07 and 2024-05-03, cut from the official
files), whose indexes are small.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pricing_engine.screening.lists import load_list
from pricing_engine.screening.result import ScreeningConfig
from pricing_engine.screening.screener import Screener

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")
dask_plugin = pytest.importorskip("pricing_engine.screening.dask_plugin")
from pricing_engine.screening.distributed import screen_dask, screener_plugins  # noqa: E402
from tests.screening.dask_cluster import local_client  # noqa: E402

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sdn_delta"


def _screener(version: str, config: ScreeningConfig | None = None) -> Screener:
    lst = load_list("ofac_csv", FIXTURES / version / "sdn.csv", list_id="ofac_sdn")
    return Screener.from_lists((lst,), config=config, cache=False)


def _parties() -> Any:
    with open(FIXTURES / "parties.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return pd.DataFrame(rows, columns=["id", "name", "kind"])


def _name(screener: Screener) -> str:
    return str(dask_plugin.ScreenerPlugin(screener).name)


def test_the_plugin_is_keyed_by_the_content_of_the_index_and_config() -> None:
    old, new = _screener("2021-07-07"), _screener("2024-05-03")
    assert _name(old) == _name(_screener("2021-07-07"))  # same lists: same name, anywhere
    assert _name(old) != _name(new)  # a list update: another plugin
    stricter = ScreeningConfig(hit_threshold=0.97)
    assert _name(_screener("2024-05-03", stricter)) != _name(new)
    assert _name(new).startswith(dask_plugin.PLUGIN_PREFIX)
    _factory, args = new.worker_seed()
    assert _name(new) == dask_plugin.PLUGIN_PREFIX + dask_plugin.seed_digest(args)[:16]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with local_client() as client:
        yield client


def _statuses(frame: Any) -> dict[str, str]:
    return dict(zip(frame["id"], frame["status"], strict=True))


def _worker_plugins(dask_worker: Any) -> list[str]:
    return sorted(n for n in dask_worker.plugins if n.startswith("pricing-engine-screener-"))


def test_after_a_list_update_the_workers_screen_on_the_new_lists_only(client: Any) -> None:
    old, new = _screener("2021-07-07"), _screener("2024-05-03")
    parties = _parties()
    ddf = dd.from_pandas(parties, npartitions=3)
    stale_result = screen_dask(ddf, screener=old, client=client)  # lazy, for the old lists
    first = stale_result.compute()
    assert _statuses(first) == {i: old.screen(n).status for i, n in zip(
        parties["id"], parties["name"], strict=True)}  # fmt: skip
    assert _statuses(first)["removed-1"] == "hit" and _statuses(first)["added-1"] == "clear"
    updated = screen_dask(ddf, screener=new, client=client).compute()
    assert _statuses(updated) == {i: new.screen(n).status for i, n in zip(
        parties["id"], parties["name"], strict=True)}  # fmt: skip
    assert _statuses(updated)["removed-1"] == "clear" and _statuses(updated)["added-1"] == "hit"
    # the old plugin is gone from the scheduler and from every worker
    assert client.run_on_scheduler(screener_plugins) == [_name(new)]
    assert set(map(tuple, client.run(_worker_plugins).values())) == {(_name(new),)}
    with pytest.raises(RuntimeError, match="no screener plugin"):
        stale_result.compute()  # never screened on the old lists again
