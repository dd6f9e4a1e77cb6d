"""Prometheus-style metrics: request counts, latency histograms, list ages (text format 0.0.4).

One :class:`Metrics` per application (no global registry); with ``--workers N`` each worker
process counts its own requests, as a scrape reaches one worker at a time.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

__all__ = ["BUCKETS", "Metrics"]

#: Upper bounds (seconds) of the latency histogram's buckets.
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class _Histogram:
    __slots__ = ("counts", "sum", "total")

    def __init__(self) -> None:
        self.counts = [0] * (len(BUCKETS) + 1)
        self.total = 0
        self.sum = 0.0

    def observe(self, seconds: float) -> None:
        self.counts[bisect_left(BUCKETS, seconds)] += 1
        self.total += 1
        self.sum += seconds


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class Metrics:
    """Counters and histograms of the requests one application served."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: defaultdict[tuple[str, str, int], int] = defaultdict(int)
        self._latency: defaultdict[tuple[str, str], _Histogram] = defaultdict(_Histogram)
        self._reloads: defaultdict[str, int] = defaultdict(int)
        self._rebalanced = 0

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one request to ``route`` (its template, never the raw path) and its latency."""
        with self._lock:
            self._requests[(method, route, status)] += 1
            self._latency[(method, route)].observe(seconds)

    def reloaded(self, outcome: str) -> None:
        """Count a reload by outcome (``ok`` or ``failed``)."""
        with self._lock:
            self._reloads[outcome] += 1

    def rebalanced(self) -> None:
        """Count a connection closed to even the workers' shares (``serve --workers N``)."""
        with self._lock:
            self._rebalanced += 1

    def render(self, *, list_ages: Iterable[tuple[str, date | None]], today: date,
               loaded_at: float) -> str:
        """The metrics as Prometheus text; ``list_ages`` are (list id, publication date)."""
        out = ["# HELP pricing_engine_requests_total HTTP requests served, by route and status.",
               "# TYPE pricing_engine_requests_total counter"]
        with self._lock:
            requests = sorted(self._requests.items())
            latency = sorted((key, (list(h.counts), h.total, h.sum))
                             for key, h in self._latency.items())
            reloads = sorted(self._reloads.items())
            rebalanced = self._rebalanced
        for (method, route, status), count in requests:
            out.append(f'pricing_engine_requests_total{{method="{method}",'
                       f'route="{_label(route)}",status="{status}"}} {count}')
        out += ["# HELP pricing_engine_request_duration_seconds Time to answer a request.",
                "# TYPE pricing_engine_request_duration_seconds histogram"]
        for (method, route), (counts, total, seconds) in latency:
            labels = f'method="{method}",route="{_label(route)}"'
            running = 0
            for bound, count in zip((*map(str, BUCKETS), "+Inf"), counts, strict=True):
                running += count
                out.append(f'pricing_engine_request_duration_seconds_bucket{{{labels},'
                           f'le="{bound}"}} {running}')
            out.append(f"pricing_engine_request_duration_seconds_sum{{{labels}}} {seconds!r}")
            out.append(f"pricing_engine_request_duration_seconds_count{{{labels}}} {total}")
        out += ["# HELP pricing_engine_list_age_days Days since each list in service was "
                "published (-1: no date).",
                "# TYPE pricing_engine_list_age_days gauge"]
        for list_id, published in list_ages:
            age = (today - published).days if published else -1
            out.append(f'pricing_engine_list_age_days{{list="{_label(list_id)}"}} {age}')
        out += ["# HELP pricing_engine_engine_loaded_timestamp_seconds When the engine in "
                "service was built (Unix time).",
                "# TYPE pricing_engine_engine_loaded_timestamp_seconds gauge",
                f"pricing_engine_engine_loaded_timestamp_seconds {loaded_at!r}",
                "# HELP pricing_engine_reloads_total Reloads, by outcome.",
                "# TYPE pricing_engine_reloads_total counter"]
        out += [f'pricing_engine_reloads_total{{outcome="{o}"}} {n}' for o, n in reloads]
        out += ["# HELP pricing_engine_connections_rebalanced_total Connections this worker "
                "closed after their response because it held more than its share "
                "(serve --workers N).",
                "# TYPE pricing_engine_connections_rebalanced_total counter",
                f"pricing_engine_connections_rebalanced_total {rebalanced}"]
        return "\n".join(out) + "\n"
