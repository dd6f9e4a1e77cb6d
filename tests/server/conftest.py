"""A real server: ``python -m pricing_engine serve`` (uvicorn) on 127.0.0.1, a free port.

Each server runs in its own process with the session's lists and index cache directories
(tests/conftest.py), its stderr (access log included) in a file the tests read. The test
modules that need a server skip themselves when the [server] extra (and httpx) are not
installed (:func:`needs_server`).
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:  # the test modules skip themselves without the [server] extra and httpx
    import httpx
except ImportError:  # pragma: no cover - CI installs the extra (it is in "dev")
    httpx = None

ROOT = Path(__file__).resolve().parents[2]
LENIENT = ROOT / "tests" / "fixtures" / "policies" / "lenient_freshness.yaml"
CLIENT_KEY = "client-key-0123456789abcdef"
ADMIN_KEY = "admin-key-0123456789abcdef"


def needs_server() -> None:
    """Skip the calling test module without the [server] extra or httpx."""
    for name in ("starlette", "uvicorn", "httpx"):
        pytest.importorskip(name, reason="needs pip install 'pricing-engine[server]' httpx")


def free_port() -> int:
    """A port free on 127.0.0.1 now (the server binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """One ``pricing-engine serve`` process and a client for it."""

    def __init__(self, directory: Path, *args: str, startup: float = 120) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = directory / "stderr.log"
        command = [sys.executable, "-m", "pricing_engine", "serve", "--port", str(self.port),
                   *args]
        with open(self.log, "wb") as err:
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err,
                                            cwd=ROOT, env=dict(os.environ))
        try:
            self._wait(startup)
        except BaseException:  # a server that did not come up is not left running
            self.stop()
            raise

    def _wait(self, startup: float) -> None:
        deadline = time.monotonic() + startup  # a first index build on a busy machine
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.log.read_text()}")

    def client(self, key: str | None = CLIENT_KEY) -> Any:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def key_file(directory: Path) -> Path:
    """A key file: a client key given as plain text, an admin key as its sha256."""
    path = directory / "keys.yaml"
    digest = hashlib.sha256(ADMIN_KEY.encode()).hexdigest()
    path.write_text(f"keys:\n  - label: erp-test\n    key: {CLIENT_KEY}\n"
                    f"  - label: ops\n    sha256: {digest}\n    admin: true\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with keys, an audit directory and a policy that accepts the bundled lists."""
    directory = tmp_path_factory.mktemp("server")
    running = Server(directory, "--policy", str(LENIENT), "--api-key-file",
                     str(key_file(directory)), "--audit-dir", str(directory / "audit"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def client(server: Server) -> Iterator[Any]:
    """A client with the (non-admin) key."""
    with server.client() as http:
        yield http
