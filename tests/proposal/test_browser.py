"""The proposal opened in a real headless browser (Debian's Chromium) for de_DE, fr_FR, ja_JP
and ar_AE: the text Chromium loaded, a screenshot whose layout mirrors for Arabic, and a PDF.

Skipped when no Chromium is installed (Debian: ``apt-get install -y chromium``; fonts for
Japanese and Arabic: ``fonts-ipafont-gothic fonts-noto-core``). The committed screenshots in
docs/ are made by docs/make_screenshots.py the same way.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pricing_engine.proposal import ProposalDocument, RendererUnavailable, write_document
from pricing_engine.proposal.chromium import dump_dom, find_chromium, screenshot

from .conftest import DE_FR, DESCRIPTIONS, EXPECTED, visible_text

LOCALES = ("de_DE", "fr_FR", "ja_JP", "ar_AE")
WIDTH, HEIGHT = 900, 1270
#: The colour of the title (--accent in the template's CSS).
ACCENT = (0x1F, 0x5F, 0x8B)


def _chromium() -> str:
    try:
        return find_chromium()
    except RendererUnavailable:
        pytest.skip("no Chromium (Debian: apt-get install -y chromium)")


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory,
           document_of: Callable[[Path, str], ProposalDocument]) -> dict[str, tuple[str, bytes]]:
    """Each locale's page as Chromium loaded it (DOM) and saw it (PNG screenshot)."""
    chromium = _chromium()
    work = tmp_path_factory.mktemp("browser")
    pages = {}
    for locale in LOCALES:
        pages[locale] = work / f"proposal-{locale}.html"
        write_document(document_of(DE_FR, locale), locale, pages[locale])

    def open_page(locale: str) -> tuple[str, bytes]:
        png = work / f"proposal-{locale}.png"
        screenshot(pages[locale], png, width=WIDTH, height=HEIGHT, chromium=chromium)
        return dump_dom(pages[locale], chromium=chromium), png.read_bytes()

    with ThreadPoolExecutor(max_workers=2) as pool:  # Chromium mostly waits on start-up
        return dict(zip(LOCALES, pool.map(open_page, LOCALES), strict=True))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_browser_shows_totals_dates_currencies_and_the_mention(
        opened: dict[str, tuple[str, bytes]], locale: str) -> None:
    dom, _ = opened[locale]
    text = visible_text(dom)
    for expected in EXPECTED[locale]:
        assert expected in text, (locale, expected)
    lang = locale.replace("_", "-")
    direction = "rtl" if locale == "ar_AE" else "ltr"
    assert re.search(rf'<html lang="{lang}" dir="{direction}"', dom), dom[:200]


def test_the_reverse_charge_mention_is_in_the_french_buyers_language(
        opened: dict[str, tuple[str, bytes]]) -> None:
    text = visible_text(opened["fr_FR"][0])
    assert "Autoliquidation" in text
    assert "Livraison intracommunautaire exonérée (article 138" in text
    assert "Reverse charge" not in text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_title_sits_at_the_reading_start_side(opened: dict[str, tuple[str, bytes]],
                                                  locale: str) -> None:
    # The title is the end-side element of the header: right for left-to-right scripts,
    # left for Arabic, if and only if the browser mirrored the layout.
    width, height, rows = _png_rows(opened[locale][1], limit=100)
    assert (width, height) == (WIDTH, HEIGHT)
    xs = []
    for row in rows:
        hits = [x for x in range(width) if _near(row[x], ACCENT)]
        if len(hits) < width // 2:  # not the rule under the header, which spans the page
            xs += hits
    assert len(xs) > 200, "no title found in the screenshot"
    middle = sum(xs) / len(xs)
    if locale == "ar_AE":
        assert middle < width / 2, middle
    else:
        assert middle > width / 2, middle


def test_the_pdf_is_one_a4_page(tmp_path: Path) -> None:
    _chromium()
    out = tmp_path / "proposal.pdf"
    done = subprocess.run([sys.executable, "-m", "pricing_engine", "proposal", "render",
                           str(DE_FR), "--locale", "de-DE", "--descriptions",
                           str(DESCRIPTIONS), "--out", str(out)],
                          capture_output=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1
    # A4 is 595 x 842 points
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+59[45](?:\.\d+)?\s+84[12](?:\.\d+)?\s*\]", pdf)


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 40) -> bool:
    return all(abs(p - c) <= tolerance for p, c in zip(pixel, colour, strict=False))


def _png_rows(png: bytes, *, limit: int) -> tuple[int, int, list[list[tuple[int, ...]]]]:
    """Width, height and the first ``limit`` rows of pixels of an 8-bit RGB(A) PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, header = 8, b"", b""
    while pos < len(png):
        (size,) = struct.unpack(">I", png[pos:pos + 4])
        kind, body = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        pos += size + 12
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(data)
    stride = width * bpp
    previous = bytearray(stride)
    rows = []
    for y in range(min(limit, height)):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            corner = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(width)])
        previous = line
    return width, height, rows
