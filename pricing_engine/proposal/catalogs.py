"""The gettext catalogues of the proposal document: load them, and keep them in step.

The source of every translation is ``locale/<language>/LC_MESSAGES/pricing_engine.po``,
edited by people; the ``.mo`` beside it is compiled from it by babel and committed, so an
installed wheel needs no build step. After changing the template's labels or the mentions::

    python -m pricing_engine.proposal.catalogs          # update the .po files, compile .mo
    python -m pricing_engine.proposal.catalogs --check  # exit 1 if anything is out of step

Updating adds new message ids to every ``.po`` untranslated (and drops obsolete ones);
``--check`` fails on an untranslated or fuzzy message, a missing or extra message id, or a
``.mo`` that is not the compiled ``.po`` (tests/proposal runs it).
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from pricing_engine.proposal.locales import DOMAIN, LANGUAGES, locale_dir

__all__ = ["catalog_problems", "compile_mo", "extract", "main", "update"]

#: The headers' fixed date: catalogues change only when their messages change.
_STAMP = datetime(2026, 11, 30, tzinfo=UTC)


def _new_catalog(language: str | None) -> Catalog:
    return Catalog(locale=language, domain=DOMAIN, project="pricing-engine", version="1",
                   copyright_holder="pricing_engine contributors", msgid_bugs_address="",
                   creation_date=_STAMP, revision_date=_STAMP, fuzzy=False,
                   last_translator="pricing_engine contributors",
                   language_team="pricing_engine contributors")


def _po_path(language: str) -> Path:
    return locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """Every message id the document uses: the template's labels and the mentions."""
    from pricing_engine.proposal.mentions import MENTION_TEXTS, TAX_NAMES

    catalog = _new_catalog(None)
    for template in sorted((locale_dir().parent / "templates").glob("*.html")):
        options = {"trimmed": "false", "newstyle_gettext": "true"}
        for lineno, message, comments, context in extract_from_file(
                "jinja2.ext:babel_extract", str(template), options=options):
            catalog.add(message, locations=[(f"templates/{template.name}", lineno)],
                        auto_comments=comments, context=context)
    for text in (*MENTION_TEXTS.values(), *TAX_NAMES):
        catalog.add(text, locations=[("mentions.py", 0)])
    return catalog


def compile_mo(po_text: bytes) -> bytes:
    """The ``.mo`` bytes babel compiles from ``.po`` bytes (fuzzy messages left out)."""
    catalog = read_po(io.BytesIO(po_text))
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, include_lineno=False,
             ignore_obsolete=True)
    return out.getvalue()


def update(language: str, template: Catalog) -> tuple[bytes, bytes]:
    """The ``.po`` and ``.mo`` bytes of ``language`` brought in step with ``template``."""
    path = _po_path(language)
    if path.exists():
        catalog = read_po(io.BytesIO(path.read_bytes()), locale=language)
    else:
        catalog = _new_catalog(language)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.revision_date = _STAMP
    catalog.creation_date = _STAMP
    catalog.fuzzy = False
    po = _po_bytes(catalog)
    return po, compile_mo(po)


def catalog_problems() -> list[str]:
    """What is out of step: messages missing, extra or untranslated, a stale ``.mo``.

    Compares messages, not bytes, so the check holds across babel versions (which stamp
    their own name in the headers).
    """
    wanted = {message.id for message in extract() if message.id}
    problems = []
    for language in LANGUAGES:
        path = _po_path(language)
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        catalog = read_po(io.BytesIO(path.read_bytes()), locale=language)
        have = {message.id for message in catalog if message.id}
        problems += [f"{path}: missing message {m!r}" for m in sorted(wanted - have, key=str)]
        problems += [f"{path}: obsolete message {m!r}" for m in sorted(have - wanted, key=str)]
        problems += [f"{path}: untranslated or fuzzy: {m.id!r}" for m in catalog
                     if m.id and (not m.string or m.fuzzy)]
        mo_path = path.with_suffix(".mo")
        compiled = (read_mo(io.BytesIO(mo_path.read_bytes())) if mo_path.exists()
                    else Catalog())
        if _messages(compiled) != _messages(catalog):
            problems.append(f"{mo_path}: not compiled from the .po (run python -m "
                            "pricing_engine.proposal.catalogs)")
    return problems


def _messages(catalog: Catalog) -> dict[object, object]:
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def main(argv: list[str] | None = None) -> int:
    """Update and compile every catalogue, or with ``--check`` report what is out of step."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["--check"]:
        problems = catalog_problems()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    if args:
        print("usage: python -m pricing_engine.proposal.catalogs [--check]", file=sys.stderr)
        return 2
    template = extract()
    for language in LANGUAGES:
        po, mo = update(language, template)
        path = _po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po)
        path.with_suffix(".mo").write_bytes(mo)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
