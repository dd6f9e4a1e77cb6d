"""``lists update`` / ``lists rollback`` against the real bundled files served on 127.0.0.1.

A ThreadingHTTPServer on port 0 serves copies of sanctions_lists/ under the names the
publishers use (sdn.csv, cons_prim.csv, consolidated.xml...), with paths that misbehave or
differ: ``/etag/...`` answers by ETag alone (no Last-Modified), ``/truncated/...`` announces
the whole length and sends half, ``/html/...`` answers 200 with an error page and
``/json/...`` with a JSON one, ``/error/...`` answers 500, ``/redirect-http/...`` redirects
to plain http.
No test touches the network: every list is given a local --source.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pricing_engine.screening.bundle import read_manifest
from pricing_engine.screening.list_sources import ListSourceError, resolve_sources
from pricing_engine.screening.list_update import (
    PREVIOUS,
    STATE,
    ListUpdateError,
    rollback_list,
    update_lists,
)
from pricing_engine.screening.lists._common import file_sha256

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "sanctions_lists"
SCRIPT = Path(sys.executable).parent / "pricing-engine"
#: served directory -> {published name: bundled file}; OFAC's cons_add.csv is not bundled,
#: so an empty one is served (a list without addresses).
LAYOUT = {
    "sdn": {"sdn.csv": "ofac_sdn_2024-05-03.csv", "alt.csv": "ofac_alt_2025-12-24.csv",
            "add.csv": "ofac_add_2025-12-24.csv"},
    "cons": {"cons_prim.csv": "ofac_cons_prim_2025-12.csv",
             "cons_alt.csv": "ofac_cons_alt_2025-12.csv", "cons_add.csv": None},
    "un": {"consolidated.xml": "un_sc_consolidated.xml"},
}
HTML = b"<!DOCTYPE html><html><body><h1>Service unavailable</h1></body></html>"


class Handler(SimpleHTTPRequestHandler):
    """Serve the copies; record each request's path and conditional headers."""

    requests: list[tuple[str, str | None]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.requests.append((self.path, self.headers.get("If-Modified-Since")
                              or self.headers.get("If-None-Match")))
        kind, _, rest = self.path.lstrip("/").partition("/")
        if kind == "error":
            self.send_error(500, "Internal Server Error")
        elif kind == "json":
            self._answer(200, b'{"error": "rate limited"}', "application/json")
        elif kind == "html":
            self._answer(200, HTML, "text/plain")  # wrong content, not even labelled as HTML
        elif kind == "redirect-http":
            self.send_response(302)
            self.send_header("Location", "http://example.invalid/" + rest)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif kind == "etag":  # validators by ETag only (no Last-Modified)
            body = (Path(self.directory) / rest).read_bytes()
            tag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
            if self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", tag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif kind == "truncated":
            body = (Path(self.directory) / rest).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
        else:
            super().do_GET()

    def _answer(self, code: int, body: bytes, content_type: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Served:
    """The files on the local server, and the requests it saw."""

    def __init__(self, root: Path, url: str, requests: list[tuple[str, str | None]]) -> None:
        self.root, self.url, self.requests = root, url, requests

    def options(self, *, un: str = "", cons: str = "", sdn: str = "") -> list[str]:
        """--source options pointing every list at the server (a prefix path misbehaves)."""
        return [f"un_sc={self.url}/{un}un/consolidated.xml",
                f"ofac_cons={self.url}/{cons}cons/", f"ofac_sdn={self.url}/{sdn}sdn/"]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    root = tmp_path / "www"
    for folder, files in LAYOUT.items():
        (root / folder).mkdir(parents=True)
        for name, bundled in files.items():
            target = root / folder / name
            if bundled is None:
                target.write_bytes(b"")
            else:
                shutil.copyfile(BUNDLED / bundled, target)  # a fresh mtime: Last-Modified today
    requests: list[tuple[str, str | None]] = []
    handler = type("H", (Handler,), {"requests": requests})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a: handler(*a, directory=str(root)))  # type: ignore[misc]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(root, f"http://127.0.0.1:{server.server_address[1]}", requests)
    finally:
        server.shutdown()
        server.server_close()


def update(served: Served, user: Path, *ids: str, **kwargs: Any) -> Any:
    options = kwargs.pop("options", served.options())
    return update_lists(ids, directory=user, sources=resolve_sources(options=options, env=False),
                        **kwargs)


def run(*args: str, user: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRICING_ENGINE_LISTS_DIR": str(user)}
    env.pop("PRICING_ENGINE_LISTS", None)
    env.pop("PRICING_ENGINE_LIST_SOURCES", None)
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "pricing_engine"]
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env,
                          check=False)


def test_first_download_installs_then_304_changes_nothing(served: Served, tmp_path: Path) -> None:
    user = tmp_path / "user"
    first = update(served, user, "un_sc", "ofac_cons")
    assert [(r.list_id, r.outcome, r.entries) for r in first.lists] == [
        ("un_sc", "updated", 1003), ("ofac_cons", "updated", 442)]
    records = {r["id"]: r for r in read_manifest(user)}
    assert records["un_sc"]["published"] == date.today().isoformat()  # Last-Modified: today
    assert records["un_sc"]["files"] == [{
        "path": "un_sc/consolidated.xml",
        "sha256": file_sha256(BUNDLED / "un_sc_consolidated.xml")}]
    assert records["un_sc"]["source"].startswith(f"{served.url}/un/consolidated.xml (")
    kept = json.loads((user / PREVIOUS / "un_sc" / "previous.json").read_text("utf-8"))
    assert kept["origin"] == "bundled" and kept["record"]["published"] == "2026-02-27"
    manifest = (user / "manifest.json").read_bytes()
    served.requests.clear()
    second = update(served, user, "un_sc", "ofac_cons")
    assert [(r.outcome, r.detail) for r in second.lists] == [
        ("current", "not modified (HTTP 304)")] * 2
    assert all(since for _, since in served.requests)  # every request was conditional
    assert (user / "manifest.json").read_bytes() == manifest


def test_same_bytes_without_validators_is_current(served: Served, tmp_path: Path) -> None:
    user = tmp_path / "user"
    update(served, user, "un_sc")
    (user / STATE).unlink()  # validators forgotten: the download is unconditional
    again = update(served, user, "un_sc").lists[0]
    assert (again.outcome, again.detail) == ("current", "the download is the installed version")


@pytest.mark.parametrize(("prefix", "reason"), [
    ("truncated/", "truncated: got"),
    ("html/", "the server sent an HTML page"),
    ("error/", "HTTP 500 Internal Server Error"),
    ("json/", "does not load as un_xml: consolidated.xml:1: malformed XML"),
    ("redirect-http/", "redirected to http://example.invalid/un/consolidated.xml, refused"),
])
def test_bad_download_is_refused(served: Served, tmp_path: Path, prefix: str,
                                 reason: str) -> None:
    user = tmp_path / "user"
    result = update(served, user, "un_sc", options=served.options(un=prefix))
    (item,) = result.failed
    assert item.detail.startswith(f"un_sc: {served.url}/{prefix}un/consolidated.xml: ")
    assert reason in item.detail
    assert not (user / "manifest.json").exists() and not (user / PREVIOUS).exists()


def test_size_limit(served: Served, tmp_path: Path) -> None:
    item = update(served, tmp_path / "user", "un_sc", max_bytes=100_000).lists[0]
    assert item.outcome == "failed" and "over the limit of 100,000" in item.detail


def test_a_list_shrinking_by_90_percent_needs_force(served: Served, tmp_path: Path) -> None:
    prim = served.root / "cons" / "cons_prim.csv"
    lines = prim.read_bytes().splitlines(keepends=True)
    prim.write_bytes(b"".join(lines[:44]))  # 44 of 442 entries
    user = tmp_path / "user"
    refused = update(served, user, "ofac_cons").lists[0]
    assert refused.outcome == "failed"
    assert "44 entries would replace 442: it shrank by more than half" in refused.detail
    assert not (user / "manifest.json").exists()
    forced = update(served, user, "ofac_cons", force=True).lists[0]
    assert (forced.outcome, forced.entries) == ("updated", 44)
    assert forced.diff is not None and len(forced.diff.removed) == 398
    assert read_manifest(user)[0]["entries"] == 44


def test_rollback_restores_the_previous_version(served: Served, tmp_path: Path) -> None:
    user = tmp_path / "user"
    update(served, user, "ofac_cons")
    full = read_manifest(user)[0]
    prim = served.root / "cons" / "cons_prim.csv"
    prim.write_bytes(b"".join(prim.read_bytes().splitlines(keepends=True)[5:]))
    later = prim.stat().st_mtime + 5  # Last-Modified has whole seconds: a change in the same
    os.utime(prim, (later, later))  # second as the first download would still answer 304
    newer = update(served, user, "ofac_cons").lists[0]
    assert newer.outcome == "updated" and newer.diff is not None
    assert (len(newer.diff.added), len(newer.diff.removed)) == (0, 5)
    back = rollback_list("ofac_cons", directory=user)
    assert (back.outcome, back.entries, back.previous_entries) == ("rolled back", 442, 437)
    restored = read_manifest(user)[0]
    assert [f["sha256"] for f in restored["files"]] == [f["sha256"] for f in full["files"]]
    assert restored["published"] == full["published"]
    again = rollback_list("ofac_cons", directory=user)  # undoes the rollback
    assert again.entries == 437
    with pytest.raises(ListUpdateError, match="no previous version"):
        rollback_list("un_sc", directory=user)


def test_dry_run_installs_nothing(served: Served, tmp_path: Path) -> None:
    user = tmp_path / "user"
    result = update(served, user, "un_sc", "ofac_cons", dry_run=True)
    assert [r.outcome for r in result.lists] == ["verified", "verified"]
    assert not user.exists()


def test_sources_file_and_bad_options(served: Served, tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    config.write_text(f'un_sc = "{served.url}/un/consolidated.xml"\n'
                      f'[ofac_sdn]\n"sdn.csv" = "{served.url}/sdn/sdn.csv"\n', "utf-8")
    sources = resolve_sources(config=config)
    assert sources["un_sc"].urls() == (f"{served.url}/un/consolidated.xml",)
    assert sources["ofac_sdn"].urls()[0] == f"{served.url}/sdn/sdn.csv"
    assert sources["ofac_sdn"].urls()[1].startswith("https://sanctionslistservice.ofac")
    for bad, message in [("ofac_sdn=https://x.example/SDN.CSV", "has 3 files"),
                         ("un_sc=http://example.com/un.xml", "only https"),
                         ("nope=https://x.example/", "unknown list"), ("un_sc", "expected ID=URL")]:
        with pytest.raises(ListSourceError, match=message):
            resolve_sources(options=[bad], env=False)


def test_cli_reports_a_failed_list_and_updates_the_others(served: Served,
                                                         tmp_path: Path) -> None:
    user = tmp_path / "user"
    options = [x for o in served.options(un="error/") for x in ("--source", o)]
    done = run("lists", "update", "--list", "un_sc", "--list", "ofac_cons", *options, user=user)
    assert done.returncode == 1, done.stderr
    assert done.stderr == (f"pricing-engine: un_sc: {served.url}/error/un/consolidated.xml: "
                           "HTTP 500 Internal Server Error\n")
    assert "ofac_cons: updated: 442 entries (was 442)" in done.stdout
    assert [r["id"] for r in read_manifest(user)] == ["ofac_cons"]
    usage = run("lists", "update", "--list", "un_sc", "--source", "un_sc", user=user)
    assert usage.returncode == 2 and "expected ID=URL" in usage.stderr
    assert "Traceback" not in usage.stderr


def test_check_approves_a_clean_proposal_on_updated_lists(
        served: Served, tmp_path: Path, warm_rules: Callable[..., None]) -> None:
    user = tmp_path / "user"
    warm_rules(user)  # the compiled rules as after an earlier run (not what is tested here)
    proposal = str(ROOT / "examples" / "proposals" / "de-fr-b2b.yaml")
    before = json.loads(run("check", proposal, "--format", "json", user=user).stdout)
    assert "STALE_LIST" in {r["code"] for r in before["reasons"]}  # the bundled lists are old
    options = [x for o in served.options() for x in ("--source", o)]
    done = run("lists", "update", "--list", "ofac_sdn", "--list", "ofac_cons", "--list",
               "un_sc", *options, user=user)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("updated:") == 3
    after = json.loads(run("check", proposal, "--format", "json", user=user).stdout)
    assert (after["status"], after["reasons"]) == ("APPROVED", [])
    # a DE -> GB quote is still reviewed, for the age of the UK tariff table that priced it
    # (the 2021 dataset), and for nothing else
    gb = str(ROOT / "examples" / "proposals" / "de-gb-dap.yaml")
    stale = json.loads(run("check", gb, "--format", "json", user=user).stdout)
    assert stale["status"] == "REVIEW"
    assert [(r["code"], r["evidence"]["file"]) for r in stale["reasons"]] == [
        ("STALE_RULES", "rules/tariffs/GB.yaml")]
    listed = json.loads(run("lists", "--format", "json", user=user).stdout)["lists"]
    assert {(x["origin"], x["published"]) for x in listed} == {
        ("user", date.today().isoformat())}


def test_etag_without_last_modified(served: Served, tmp_path: Path) -> None:
    user = tmp_path / "user"
    first = update(served, user, "un_sc", options=served.options(un="etag/")).lists[0]
    assert first.published == date.today().isoformat()  # no Last-Modified: the download date
    served.requests.clear()
    second = update(served, user, "un_sc", options=served.options(un="etag/")).lists[0]
    assert second.detail == "not modified (HTTP 304)"
    assert served.requests[0][1] is not None and served.requests[0][1].startswith('"')
