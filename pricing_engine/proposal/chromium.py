"""Headless Chromium: print a rendered page to PDF, take a screenshot, dump the loaded DOM.

Chromium comes from the system's packages (Debian: ``apt-get install -y chromium``); the
binary is ``$PRICING_ENGINE_CHROMIUM``, else the first of ``chromium``, ``chromium-browser``
and ``google-chrome`` on ``PATH``. Each run gets a fresh profile directory that is removed
afterwards, no network use of its own (no component updates, sync or background fetches),
and the page itself may load nothing (its Content-Security-Policy). ``--no-sandbox`` is
passed because containers and CI runners usually cannot give Chromium its sandbox; the page
is our own escaped HTML and runs no script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pricing_engine.proposal.model import RendererUnavailable

__all__ = ["dump_dom", "find_chromium", "print_pdf", "screenshot"]

_NAMES = ("chromium", "chromium-browser", "google-chrome")
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-extensions", "--hide-scrollbars", "--mute-audio")
#: Seconds one Chromium run may take before it is stopped.
TIMEOUT = 120


def find_chromium() -> str:
    """The Chromium binary to run; raises :class:`RendererUnavailable` when there is none."""
    override = os.environ.get("PRICING_ENGINE_CHROMIUM", "")
    if override:
        return override
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise RendererUnavailable("PDF output needs Chromium (Debian: apt-get install -y chromium; "
                              "or set PRICING_ENGINE_CHROMIUM to its path)")


def _run(page: Path, *flags: str, chromium: str | None = None) -> bytes:
    binary = chromium or find_chromium()
    with tempfile.TemporaryDirectory(prefix="pricing-engine-chromium-") as profile:
        command = [binary, *_FLAGS, f"--user-data-dir={profile}", *flags,
                   page.resolve().as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False,
                                  stdin=subprocess.DEVNULL)
        except FileNotFoundError:
            raise RendererUnavailable(f"Chromium not found at {binary!r}") from None
        except subprocess.TimeoutExpired:
            raise RendererUnavailable(f"Chromium took over {TIMEOUT} s on {page}") from None
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise RendererUnavailable(f"Chromium failed on {page} (exit {done.returncode}): "
                                  f"{tail[0]}")
    return done.stdout


def print_pdf(page: Path, out: Path, *, chromium: str | None = None) -> None:
    """Print the HTML file ``page`` to the PDF file ``out`` (A4 from the page's CSS)."""
    _run(page, f"--print-to-pdf={out.resolve()}", "--no-pdf-header-footer", chromium=chromium)
    if not out.exists() or out.stat().st_size == 0:
        raise RendererUnavailable(f"Chromium wrote no PDF for {page}")


def screenshot(page: Path, out: Path, *, width: int = 900, height: int = 1270,
               chromium: str | None = None) -> None:
    """Save a PNG screenshot of the HTML file ``page`` at ``width`` x ``height`` pixels."""
    _run(page, f"--screenshot={out.resolve()}", f"--window-size={width},{height}",
         chromium=chromium)
    if not out.exists() or out.stat().st_size == 0:
        raise RendererUnavailable(f"Chromium wrote no screenshot for {page}")


def dump_dom(page: Path, *, chromium: str | None = None) -> str:
    """The DOM of the HTML file ``page`` as Chromium serialises it once loaded."""
    return _run(page, "--dump-dom", chromium=chromium).decode("utf-8")
