"""Service latency: a loopback load test of ``pricing-engine serve`` (bounded in requests and time).

    python bench/bench_server.py [--requests 1500] [--seconds 15] [--workers 1]
                                 [--clients 1,8,32] [--repeats 3] [--reload-seconds 4]

Starts the real server (uvicorn, one process unless --workers) on 127.0.0.1 at a free port,
then for ``POST /v1/quote`` (a 5-line quote, CN -> DE DAP, 64 bodies of other quantities
taken in turn) and ``POST /v1/screen`` (one party, names varied) at each number of concurrent
clients: throughput (requests/s of wall
time), latency p50 / p95 / p99 / max (ms, wall, as a client sees it: queueing included),
the server's CPU time per request (from /proc; with --workers, each busy process's
share of it, which shows whether the connections were spread over the workers), the load
generator's own CPU time per request, and how busy the whole machine was (both cores, any
process: /proc/stat), which tells a server short of CPU from one that waits. Each phase
stops after --requests requests or --seconds seconds, whichever comes first; 20 requests per
client warm up first and are not counted. Every phase runs --repeats times (rounds of
all phases in turn, so that a burst of other work on the machine does not fall on one phase
alone), and a summary gives each phase's median over the rounds, with the p99 of each
round and the p99 of all their requests pooled.

The machine is shared: another job may slow this one's processes for tens of milliseconds at
a time, which no server code changes and which moves a p99 most. So each round begins with a
host probe while the server idles: 1,500 units of the same pure-Python work (about 1 ms
each) timed one by one in one process pinned to each core, at the same time; it prints
their p50 / p99 / max and the share of units slowed more than 3x their median (0 % on a
quiet machine), with how many of those the other core saw at the same moment (near 100 %:
the whole virtual machine stalled, not one process), beside the machine's steal time
(/proc/stat) over the run.

Then a reload under load: 8 clients (4 quoting, 4 screening) run while ``POST
/v1/admin/reload`` builds a new engine aside and swaps it in; every request must succeed
(errors: 0). The client is a small asyncio HTTP/1.1 keep-alive loop, so that it costs the
2-core machine little CPU beside the server; client and server share the machine, as a
sidecar's caller would. Targets (issue 13): p99 of a 5-line quote under 20 ms at 8 clients,
p99 of a screen under 10 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import itertools
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
ADMIN_KEY = "bench-admin-key-0123456789"
#: Quote bodies the clients take turns with (other quantities each).
QUOTE_VARIANTS = 64
NAMES = ["Banco Nacional de Cuba", "Acme Trading GmbH", "Tornado Kash", "John Smith",
         "Northwind Traders", "Mohammed Al Rashid", "Shanghai Ocean Shipping Co",
         "Maria Gonzalez Lopez", "Petrov Industrial Holdings", "Kim Jong Su"]
_LENGTH = re.compile(rb"\r\ncontent-length: *(\d+)", re.IGNORECASE)
_CLOSE = re.compile(rb"\r\nconnection: *close\r\n", re.IGNORECASE)


def five_line_quote(variant: int = 0) -> bytes:
    """CN -> DE DAP with five lines (the example's two goods, varied quantities), as JSON.

    Each ``variant`` has other quantities, so that no two requests in a row are the same.
    """
    doc = yaml.safe_load((ROOT / "examples" / "cn-de-dap.yaml").read_text(encoding="utf-8"))
    lines = doc["lines"]
    doc["lines"] = [{**lines[i % 2], "sku": f"SKU-{i}", "quantity": 100 * (i + 1) + variant}
                    for i in range(5)]
    return json.dumps(doc, default=str).encode()


def request(path: str, body: bytes, key: str | None = None) -> bytes:
    auth = f"Authorization: Bearer {key}\r\n" if key else ""
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"{auth}Content-Length: {len(body)}\r\n\r\n").encode() + body


class Connection:
    """One keep-alive connection: send a request, read the status and the whole body."""

    #: connections closed at the server's ``Connection: close`` (serve --workers N evens
    #: its workers' shares that way), over every Connection
    reconnects = 0

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def call(self, raw: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        try:
            self.writer.write(raw)
            await self.writer.drain()
            head = await self.reader.readuntil(b"\r\n\r\n")
            length = _LENGTH.search(head)
            if length is None:
                raise RuntimeError(f"no Content-Length: {head[:200]!r}")
            await self.reader.readexactly(int(length.group(1)))
            if _CLOSE.search(head):  # the server asks for a new connection, as any client obeys
                Connection.reconnects += 1
                self.close()
            return int(head[9:12])
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def run_clients(port: int, makers: list[Any], *, requests: int, seconds: float,
                      warmup: int, pid: int | None = None) -> dict[str, Any]:
    """Run one client per maker (a function giving the next raw request) until a bound."""
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    done = [0]
    deadline = [0.0]

    ready = asyncio.Event()
    warm = [asyncio.Event() for _ in makers]

    async def warmed_client(make: Any, flag: asyncio.Event) -> None:
        conn = Connection(port)
        for _ in range(warmup):
            await conn.call(make())
        flag.set()
        await ready.wait()
        await measured(conn, make)

    async def measured(conn: Connection, make: Any) -> None:
        while done[0] < requests and time.perf_counter() < deadline[0]:
            done[0] += 1
            start = time.perf_counter()
            try:
                status = str(await conn.call(make()))
            except Exception as exc:
                status = type(exc).__name__
            latencies.append(time.perf_counter() - start)
            statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    tasks = [asyncio.create_task(warmed_client(make, flag))
             for make, flag in zip(makers, warm, strict=True)]
    for flag in warm:
        await flag.wait()
    cpu = cpu_by_process(pid) if pid else {}
    held = connections_by_process(pid, port) if pid else ""
    host, client = host_ticks(), time.process_time()
    start = time.perf_counter()
    deadline[0] = start + seconds
    ready.set()
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - start
    client = time.process_time() - client
    busy, total = (b - a for a, b in zip(host, host_ticks(), strict=True))
    after = cpu_by_process(pid) if pid else {}
    spent = sum(after.values()) - sum(cpu.values())
    return {"latencies": latencies, "statuses": statuses, "wall": wall, "cpu": spent,
            "client": client, "busy": busy / max(total, 1),
            "shares": worker_shares(cpu, after) if pid else "", "held": held}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def cpu_by_process(pid: int) -> dict[int, float]:
    """CPU seconds of the server process and of each of its live children (the workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    seconds = {}
    for each in (pid, *map(int, children)):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a worker replaced meanwhile
            continue
        seconds[each] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def connections_by_process(pid: int, port: int) -> str:
    """Open connections to ``port`` held by the server process and each of its children, most
    first ("4/4"): sockets of /proc/PID/fd matched with /proc/net/tcp's established ones."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    established.add(f"socket:[{fields[9]}]")
    held = []
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for each in (pid, *map(int, children)):
        count = 0
        with contextlib.suppress(OSError):  # a worker replaced meanwhile
            for fd in Path(f"/proc/{each}/fd").iterdir():
                with contextlib.suppress(OSError):
                    count += os.readlink(fd) in established
        if count:
            held.append(count)
    return "/".join(map(str, sorted(held, reverse=True))) or "0"


def host_ticks() -> tuple[int, int]:
    """The machine's busy and total CPU ticks so far (all cores; /proc/stat)."""
    ticks = [int(t) for t in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return sum(ticks) - idle, sum(ticks)


def worker_shares(before: dict[int, float], after: dict[int, float]) -> str:
    """Each busy process's share of the server CPU between two readings ("55/45 %")."""
    spent = {p: after[p] - before.get(p, 0.0) for p in after}
    total = sum(spent.values()) or 1.0
    busy = sorted((s for s in spent.values() if s / total >= 0.02), reverse=True)
    return "/".join(f"{100 * s / total:.0f}" for s in busy) + " %"


def _unit() -> int:
    """About a millisecond of pure-Python work (the host probe's unit)."""
    total = 0
    for i in range(20_000):
        total += i * i
    return total


def _probe_child(cpu: int, units: int) -> None:
    """One core's half of the host probe: pinned to ``cpu``, (start, seconds) of each unit."""
    os.sched_setaffinity(0, {cpu})
    took = []
    for _ in range(units):
        start = time.perf_counter()  # CLOCK_MONOTONIC: the same clock in every process
        _unit()
        took.append((start, time.perf_counter() - start))
    print(json.dumps(took))


def host_probe(units: int = 1500) -> dict[str, float]:
    """Time ``units`` equal pieces of work one by one in one process per core (two at most),
    at the same time: how much the machine slows a process, and whether the cores stall
    together (the whole virtual machine held up) or one at a time."""
    cpus = sorted(os.sched_getaffinity(0))[:2]
    children = [subprocess.Popen([sys.executable, __file__, "--probe-cpu", str(cpu),
                                  "--probe-units", str(units)], stdout=subprocess.PIPE)
                for cpu in cpus]
    runs = [json.loads(child.communicate()[0]) for child in children]
    took = [seconds for _, seconds in runs[0]]
    median = percentile(took, 0.5)
    slow = []
    for run in runs:
        bar = 3 * percentile([seconds for _, seconds in run], 0.5)
        slow.append([(start, start + seconds) for start, seconds in run if seconds > bar])
    together = (sum(any(a < y and x < b for x, y in slow[1]) for a, b in slow[0])
                / max(len(slow[0]), 1)) if len(slow) == 2 else float("nan")
    return {"p50": median * 1000, "p99": percentile(took, 0.99) * 1000,
            "max": max(took) * 1000, "slowed": len(slow[0]) / len(took), "together": together}


def steal_ticks() -> int:
    """The machine's steal time so far (ticks; /proc/stat), taken by the hypervisor."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    return int(fields[8]) if len(fields) > 8 else 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(workers: int, directory: Path) -> tuple[subprocess.Popen[bytes], int]:
    keys = directory / "keys.yaml"
    keys.write_text(f"keys:\n  - label: bench\n    sha256: "
                    f"{hashlib.sha256(ADMIN_KEY.encode()).hexdigest()}\n    admin: true\n")
    port = free_port()
    with open(directory / "server.log", "wb") as log:  # the child keeps its own copy
        process = subprocess.Popen(
            [sys.executable, "-m", "pricing_engine", "serve", "--port", str(port),
             "--workers", str(workers), "--api-key-file", str(keys)],
            stdout=subprocess.DEVNULL, stderr=log, cwd=ROOT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit((directory / "server.log").read_text())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                if b" 200 " in sock.recv(1024):
                    return process, port
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not start")


def makers(kind: str, clients: int) -> list[Any]:
    """One function per client giving its next raw request (made before the phase: the
    load generator shares the machine and spends its CPU on sockets alone)."""
    quotes = [request("/v1/quote", five_line_quote(v), ADMIN_KEY) for v in range(QUOTE_VARIANTS)]
    screens = [request("/v1/screen", json.dumps({"name": name}).encode(), ADMIN_KEY)
               for name in NAMES]
    out = []
    for n in range(clients):
        if kind == "quote":
            turn = itertools.count(n * 7)
            out.append(lambda turn=turn: quotes[next(turn) % QUOTE_VARIANTS])
        else:
            rng = random.Random(n)
            out.append(lambda rng=rng: rng.choice(screens))
    return out


def new_loop() -> asyncio.AbstractEventLoop:
    """The client's event loop: uvloop's where installed (the server extra brings it; the
    server runs on it too), which costs the client about half the CPU of asyncio's;
    asyncio's with BENCH_CLIENT_LOOP=asyncio."""
    if os.environ.get("BENCH_CLIENT_LOOP") == "asyncio":  # to compare the two
        return asyncio.new_event_loop()
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    loop: asyncio.AbstractEventLoop = uvloop.new_event_loop()
    return loop


def run(coroutine: Any) -> Any:
    with asyncio.Runner(loop_factory=new_loop) as runner:
        return runner.run(coroutine)


async def phase(port: int, pid: int, kind: str, clients: int,
                args: argparse.Namespace) -> dict[str, Any]:
    """One phase: its line printed, its figures returned (for the summary over the rounds)."""
    reconnects = Connection.reconnects
    got = await run_clients(port, makers(kind, clients), requests=args.requests,
                            seconds=args.seconds, warmup=20, pid=pid)
    reconnects = Connection.reconnects - reconnects
    spent = got["cpu"]
    lat = got["latencies"]
    ms = [x * 1000 for x in lat]
    errors = sum(n for s, n in got["statuses"].items() if s != "200")
    load = os.getloadavg()[0]
    print(f"{kind:6} {clients:>3} clients: {len(lat):>5} req in {got['wall']:5.1f} s = "
          f"{len(lat) / got['wall']:7.1f} req/s; p50 {percentile(ms, .5):6.2f} ms, "
          f"p95 {percentile(ms, .95):6.2f}, p99 {percentile(ms, .99):6.2f}, max {max(ms):7.2f}"
          f"; server CPU {spent / max(len(lat), 1) * 1000:5.2f} ms/req"
          f", client {got['client'] / max(len(lat), 1) * 1000:4.2f}; host busy "
          f"{100 * got['busy']:3.0f} %"
          f"; errors {errors}; load {load:.1f}"
          + (f"; CPU by process {got['shares']}; connections by process after warm-up "
             f"{got['held']}; reconnections {reconnects}"
             if args.workers > 1 else ""), flush=True)
    return {"p50": percentile(ms, .5), "p95": percentile(ms, .95), "p99": percentile(ms, .99),
            "rate": len(lat) / got["wall"], "cpu": spent / max(len(lat), 1) * 1000,
            "errors": errors, "ms": ms}


#: The issue's targets: p99 at 8 concurrent clients (ms).
TARGETS = {"quote": 20.0, "screen": 10.0}


def summary(runs: dict[tuple[str, int], list[dict[str, Any]]]) -> None:
    """Each phase's median over the rounds, each round's p99, the p99 of every round's
    requests together, and the targets at 8 clients (on each of the two p99s)."""
    print("summary (median of the rounds; p99 of each round in brackets; then the p99 of the "
          "rounds' requests pooled):")
    for (kind, clients), got in runs.items():
        med = {k: statistics.median(g[k] for g in got) for k in ("p50", "p95", "p99", "rate",
                                                                  "cpu")}
        each = ", ".join(f"{g['p99']:.1f}" for g in got)
        pooled = percentile([x for g in got for x in g["ms"]], 0.99)
        verdict = ""
        if clients == 8 and kind in TARGETS:
            bar = TARGETS[kind]
            verdict = (f"; target p99 < {bar:g} ms: {'met' if med['p99'] < bar else 'missed'}"
                       f" (pooled: {'met' if pooled < bar else 'missed'})")
        print(f"  {kind:6} {clients:>3} clients: p50 {med['p50']:6.2f} ms, p95 "
              f"{med['p95']:6.2f}, p99 {med['p99']:6.2f} [{each}], pooled {pooled:.2f}; "
              f"{med['rate']:7.1f} req/s; server CPU {med['cpu']:.2f} ms/req; errors "
              f"{sum(int(g['errors']) for g in got)}{verdict}", flush=True)


async def reload_under_load(port: int, seconds: float) -> None:
    load = makers("quote", 4) + makers("screen", 4)
    run = asyncio.create_task(run_clients(port, load, requests=10**9, seconds=seconds,
                                          warmup=2))
    await asyncio.sleep(seconds / 4)
    admin = Connection(port)
    started = time.perf_counter()
    status = await admin.call(request("/v1/admin/reload", b"", ADMIN_KEY))
    took = time.perf_counter() - started
    admin.close()
    got = await run
    errors = sum(n for s, n in got["statuses"].items() if s != "200")
    ms = [x * 1000 for x in got["latencies"]]
    print(f"reload under load: reload answered {status} in {took:.2f} s; "
          f"{len(ms)} requests across it, p99 {percentile(ms, .99):.1f} ms, max "
          f"{max(ms):.1f} ms; errors {errors} {got['statuses']}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--repeats", type=int, default=3,
                        help="rounds of all phases; the summary takes each phase's median")
    parser.add_argument("--reload-seconds", type=float, default=6.0)
    parser.add_argument("--probe-cpu", type=int, help=argparse.SUPPRESS)  # a probe's child
    parser.add_argument("--probe-units", type=int, default=1500, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe_cpu is not None:
        _probe_child(args.probe_cpu, args.probe_units)
        return
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        process, port = start_server(args.workers, Path(tmp))
        print(f"server up in {time.perf_counter() - started:.1f} s (pid {process.pid}, "
              f"{args.workers} worker(s)); {os.cpu_count()} cores shared with the client "
              f"(on {type(new_loop()).__module__.split('.')[0]}'s event loop)", flush=True)
        runs: dict[tuple[str, int], list[dict[str, Any]]] = {}
        stolen = steal_ticks()
        try:
            for round_ in range(1, args.repeats + 1):
                probe = host_probe()
                print(f"round {round_}/{args.repeats}: host probe, 1 ms units: p50 "
                      f"{probe['p50']:.2f} ms, p99 {probe['p99']:.2f}, max {probe['max']:.1f}; "
                      f"slowed > 3x: {100 * probe['slowed']:.1f} %, of which "
                      f"{100 * probe['together']:.0f} % at the same time on the other core",
                      flush=True)
                for kind in ("quote", "screen"):
                    for clients in (int(c) for c in args.clients.split(",")):
                        got = run(phase(port, process.pid, kind, clients, args))
                        runs.setdefault((kind, clients), []).append(got)
            summary(runs)
            stolen = steal_ticks() - stolen
            print(f"steal time over the rounds: {stolen / os.sysconf('SC_CLK_TCK'):.2f} s; "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
            run(reload_under_load(port, args.reload_seconds))
        finally:
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    main()
