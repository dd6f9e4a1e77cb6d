"""Service CPU per request, in process: the ASGI app called directly (no sockets, no uvicorn).

    python bench/bench_server_cpu.py [--requests 400] [--repeats 7] [--kind quote]
    python bench/bench_server_cpu.py --ab OLD_TREE NEW_TREE [--rounds 4] [--callgrind]

Builds the app ``pricing-engine serve`` runs (create_app, default data; each access-log line
made as serve makes it, and handed to a logger that writes it nowhere), then sends it
``POST /v1/quote`` (the 5-line quote of bench_server.py, its 64 bodies taken in turn) or
``POST /v1/screen`` through the middleware, the routing and the handler, and prints the CPU
time (time.process_time) a request costs: min and median of the repeats. What the request
costs in the server beside that is uvicorn's HTTP parsing and writing, the same for any handler.

With ``--ab OLD NEW`` it alternates two source trees (each run a fresh process with
PYTHONPATH=TREE: OLD, NEW, OLD, NEW...) and prints each tree's figures and NEW/OLD, so that
a change is measured against its base on the same machine in the same minutes.

On a machine shared with other work, CPU time moves by 10-20 % from run to run; with
``--callgrind`` (valgrind installed) each run instead counts the instructions the requests
execute (callgrind, collecting only around the measured requests, after the engine is built
and warm: about a minute a run for ``--requests 64``), which other work on the machine
does not change.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench_server's quote bodies


async def _call(app: Any, path: str, body: bytes) -> bytes:
    """One request through the ASGI app; the response's body."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 50000),
             "server": ("127.0.0.1", 8000),
             "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode())]}
    sent = [False]
    out: list[bytes] = []

    async def receive() -> dict[str, Any]:
        if not sent[0]:
            sent[0] = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            out.append(message.get("body", b""))
        elif message["status"] != 200:
            raise SystemExit(f"status {message['status']}")

    await app(scope, receive, send)
    return b"".join(out)


async def _timed(app: Any, path: str, bodies: list[bytes], requests: int) -> float:
    """CPU seconds of ``requests`` requests, the bodies taken in turn."""
    start = time.process_time()
    for i in range(requests):
        await _call(app, path, bodies[i % len(bodies)])
    return time.process_time() - start


def measure(kind: str, requests: int, repeats: int, *, counted: bool = False) -> dict[str, Any]:
    """Per-request CPU (ms) of ``kind`` requests in this process: each repeat's figure.

    ``counted``: the process runs under callgrind with instrumentation off; it is turned on
    after the warm-up, and collection is on only inside ``sys.call_tracing``, which runs the
    measured requests once (the count is in callgrind's own report).
    """
    from bench_server import NAMES, QUOTE_VARIANTS, five_line_quote

    from pricing_engine.server.app import create_app
    from pricing_engine.server.config import ServerConfig

    logging.getLogger("pricing_engine").addHandler(logging.NullHandler())
    logging.getLogger("pricing_engine").propagate = False
    logging.getLogger("pricing_engine.server.access").setLevel(logging.INFO)  # as serve has it
    app = create_app(ServerConfig())
    if kind == "quote":
        path, bodies = "/v1/quote", [five_line_quote(v) for v in range(QUOTE_VARIANTS)]
    else:
        path, bodies = "/v1/screen", [json.dumps({"name": n}).encode() for n in NAMES]
    asyncio.run(_timed(app, path, bodies, 2 * len(bodies)))  # warm up
    if counted:
        subprocess.run(["callgrind_control", "--instr=on", str(os.getpid())], check=True,
                       capture_output=True)
        sys.call_tracing(lambda: asyncio.run(_timed(app, path, bodies, requests)), ())
        return {"figures": [], "bytes": 0}
    figures = [asyncio.run(_timed(app, path, bodies, requests)) / requests * 1000
               for _ in range(repeats)]
    size = len(asyncio.run(_call(app, path, bodies[0])))
    return {"figures": figures, "bytes": size}


def counted(tree: str, args: argparse.Namespace) -> float:
    """Instructions per request of ``tree`` (one run under callgrind)."""
    with tempfile.TemporaryDirectory() as tmp:
        got = subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no",
             "--toggle-collect=sys_call_tracing", f"--callgrind-out-file={tmp}/out",
             sys.executable, __file__, "--kind", args.kind, "--requests", str(args.requests),
             "--counted"],
            env={**os.environ, "PYTHONPATH": tree}, check=True, capture_output=True,
            text=True, cwd=tree)
    found = re.search(r"Collected : (\d+)", got.stderr)
    if found is None:
        raise SystemExit(f"no count from callgrind: {got.stderr[-2000:]}")
    requests: int = args.requests
    return int(found.group(1)) / requests


def ab(old: str, new: str, args: argparse.Namespace) -> None:
    """Alternate the two trees, a fresh process each run; print both and the ratio."""
    runs: dict[str, list[float]] = {old: [], new: []}
    for _ in range(args.rounds):
        for tree in (old, new):
            if args.callgrind:
                runs[tree].append(counted(tree, args))
                continue
            env = {**os.environ, "PYTHONPATH": tree}
            got = subprocess.run(
                [sys.executable, __file__, "--kind", args.kind, "--requests",
                 str(args.requests), "--repeats", str(args.repeats), "--json"],
                env=env, check=True, capture_output=True, text=True, cwd=tree)
            runs[tree] += json.loads(got.stdout)["figures"]
    if args.callgrind:
        for label, tree in (("old", old), ("new", new)):
            print(f"{label} {tree}: {args.kind} instructions/request "
                  + ", ".join(f"{n / 1e6:.3f} M" for n in runs[tree]))
        print(f"new/old: {min(runs[new]) / min(runs[old]):.4f} (fewest of each)")
        return
    for label, tree in (("old", old), ("new", new)):
        f = runs[tree]
        print(f"{label} {tree}: {args.kind} CPU ms/request min {min(f):.3f}, "
              f"median {statistics.median(f):.3f} ({len(f)} repeats)")
    print(f"new/old: min {min(runs[new]) / min(runs[old]):.3f}, median "
          f"{statistics.median(runs[new]) / statistics.median(runs[old]):.3f}; load "
          f"{os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=["quote", "screen"], default="quote")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--ab", nargs=2, metavar=("OLD", "NEW"))
    parser.add_argument("--callgrind", action="store_true",
                        help="with --ab: count instructions (valgrind) instead of CPU time")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--counted", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.counted:
        measure(args.kind, args.requests, 1, counted=True)
        return
    if args.ab:
        old, new = args.ab
        ab(old, new, args)
        return
    got = measure(args.kind, args.requests, args.repeats)
    if args.json:
        print(json.dumps(got))
        return
    f = got["figures"]
    print(f"{args.kind}: CPU ms/request min {min(f):.3f}, median {statistics.median(f):.3f} "
          f"({args.repeats} x {args.requests} requests; response {got['bytes']} bytes)")


if __name__ == "__main__":
    main()
