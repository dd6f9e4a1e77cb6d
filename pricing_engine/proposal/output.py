"""Write a proposal document to a file: ``.html`` as rendered, ``.pdf`` through Chromium.

The file appears whole or not at all (:func:`pricing_engine._atomic.atomic_write`): a PDF is
printed into a private temporary directory first and copied into place once complete.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pricing_engine._atomic import atomic_write
from pricing_engine.errors import InputError
from pricing_engine.proposal.chromium import print_pdf
from pricing_engine.proposal.model import ProposalDocument
from pricing_engine.proposal.render import render_html

__all__ = ["FORMATS", "write_document"]

#: The output formats, by the file's suffix.
FORMATS = (".html", ".pdf")


def write_document(document: ProposalDocument, locale: str, out: str | Path, *,
                   chromium: str | None = None) -> Path:
    """Render ``document`` in ``locale`` to ``out`` (``.html`` or ``.pdf``); return the path.

    Raises InputError for another suffix, RendererUnavailable when a PDF is asked for and
    Chromium is missing or fails.
    """
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"{path}: the output must end in .html or .pdf")
    html = render_html(document, locale)
    if suffix == ".html":
        with atomic_write(path) as handle:
            handle.write(html)
        return path
    with tempfile.TemporaryDirectory(prefix="pricing-engine-proposal-") as work:
        page = Path(work) / "proposal.html"
        page.write_text(html, encoding="utf-8")
        pdf = Path(work) / "proposal.pdf"
        print_pdf(page, pdf, chromium=chromium)
        with atomic_write(path, "wb", encoding=None) as handle:
            handle.write(pdf.read_bytes())
    return path
