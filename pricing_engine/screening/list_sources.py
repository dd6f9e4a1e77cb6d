"""Where ``pricing-engine lists update`` downloads each list: the publishers' own addresses.

=========  =====================  ==========================================================
list id    format                 official address (publisher)
=========  =====================  ==========================================================
ofac_sdn   ofac_csv               https://sanctionslistservice.ofac.treas.gov/api/
                                  PublicationPreview/exports/SDN.CSV, ALT.CSV, ADD.CSV
                                  (US Treasury, OFAC Sanctions List Service)
ofac_cons  ofac_csv               .../exports/CONS_PRIM.CSV, CONS_ALT.CSV, CONS_ADD.CSV (OFAC)
un_sc      un_xml                 https://scsanctions.un.org/resources/xml/en/consolidated.xml
                                  (UN Security Council)
uk_fcdo    uk_sanctions_list_csv  https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv
                                  (FCDO; the OFSI consolidated list was retired in 2026)
eu_fsf     eu_fsf_xml             https://webgate.ec.europa.eu/fsd/fsf/public/files/
                                  xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw
                                  (European Commission, Financial Sanctions Files)
=========  =====================  ==========================================================

The addresses are data, not code: a sources file (JSON, or TOML when its name ends in
``.toml``; path from ``--sources`` or $PRICING_ENGINE_LIST_SOURCES) and ``--source``
options replace them. Each entry gives a list id either one URL (a one-file list, or a
base URL ending in ``/`` to which each file name is appended) or a table of file name ->
URL::

    {"un_sc": "https://mirror.example/un/consolidated.xml",
     "ofac_sdn": {"sdn.csv": "https://mirror.example/SDN.CSV"}}

A ``--source`` option is ``ID=URL`` (same meaning) or ``ID/FILE=URL`` (one file).
Only https addresses are accepted, and plain http to 127.0.0.1 or localhost (tests).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

from pricing_engine import _jsonsafe as jsonsafe
from pricing_engine.errors import InputError

__all__ = [
    "SOURCES",
    "SOURCES_ENV",
    "ListSource",
    "ListSourceError",
    "check_url",
    "resolve_sources",
]

#: Names a sources file (JSON or TOML) that replaces addresses of :data:`SOURCES`.
SOURCES_ENV = "PRICING_ENGINE_LIST_SOURCES"
_OFAC = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class ListSourceError(InputError):
    """A sources file or ``--source`` option that cannot be used (bad id, file or URL)."""


@dataclass(frozen=True, slots=True)
class ListSource:
    """One list ``lists update`` can fetch: its id, format, and (file name, URL) pairs.

    The file names are those the list is saved under (and its loader expects).
    """

    list_id: str
    format: str
    title: str
    files: tuple[tuple[str, str], ...]

    def urls(self) -> tuple[str, ...]:
        """Return the addresses, in file order."""
        return tuple(url for _, url in self.files)


def _ofac(list_id: str, title: str, *names: str) -> ListSource:
    return ListSource(list_id, "ofac_csv", title,
                      tuple((name.lower(), _OFAC + name) for name in names))


#: list id -> where its publisher puts the current version (the table above).
SOURCES: Mapping[str, ListSource] = MappingProxyType({
    "ofac_sdn": _ofac("ofac_sdn", "OFAC SDN list", "SDN.CSV", "ALT.CSV", "ADD.CSV"),
    "ofac_cons": _ofac("ofac_cons", "OFAC consolidated (non-SDN) list",
                       "CONS_PRIM.CSV", "CONS_ALT.CSV", "CONS_ADD.CSV"),
    "un_sc": ListSource("un_sc", "un_xml", "UN Security Council consolidated list", (
        ("consolidated.xml", "https://scsanctions.un.org/resources/xml/en/consolidated.xml"),)),
    "uk_fcdo": ListSource("uk_fcdo", "uk_sanctions_list_csv", "UK Sanctions List (FCDO)", (
        ("UK-Sanctions-List.csv",
         "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv"),)),
    "eu_fsf": ListSource("eu_fsf", "eu_fsf_xml", "EU consolidated financial sanctions", (
        ("eu_fsf.xml", "https://webgate.ec.europa.eu/fsd/fsf/public/files/"
                       "xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"),)),
})


def check_url(url: str) -> str:
    """Return ``url`` if it is https, or http to 127.0.0.1/localhost; else raise.

    >>> check_url("http://localhost:8000/sdn.csv")
    'http://localhost:8000/sdn.csv'
    """
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS:
        return url
    raise ListSourceError(f"{url!r}: only https addresses are used (http only to localhost)")


def _override(source: ListSource, value: object, origin: str) -> ListSource:
    """Apply one override (a URL, a base URL ending in /, or file name -> URL) to ``source``."""
    names = [name for name, _ in source.files]
    if isinstance(value, str):
        if value.endswith("/"):
            return replace(source, files=tuple((n, check_url(value + n)) for n in names))
        if len(names) != 1:
            raise ListSourceError(
                f"{origin}: {source.list_id} has {len(names)} files ({', '.join(names)}); "
                f"give a base URL ending in '/' or {source.list_id}/FILE=URL")
        return replace(source, files=((names[0], check_url(value)),))
    if isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values()):
        unknown = sorted(set(value) - set(names))
        if unknown:
            raise ListSourceError(f"{origin}: {source.list_id} has no file {unknown[0]!r} "
                                  f"(its files: {', '.join(names)})")
        return replace(source, files=tuple(
            (n, check_url(str(value[n])) if n in value else url) for n, url in source.files))
    raise ListSourceError(f"{origin}: {source.list_id}: give a URL or a table of file -> URL")


def _read_file(path: Path) -> Mapping[str, object]:
    try:
        text = path.read_text(encoding="utf-8")
        document = (jsonsafe.loads_toml(text) if path.suffix == ".toml"
                    else jsonsafe.loads(text))
    except (OSError, ValueError) as exc:
        raise ListSourceError(f"{path}: unreadable sources file: {exc}") from exc
    if not isinstance(document, dict):
        raise ListSourceError(f"{path}: a sources file is a table of list id -> URL")
    return document


def _option(text: str) -> tuple[str, object]:
    key, sep, url = text.partition("=")
    if not sep or not key or not url:
        raise ListSourceError(f"--source {text!r}: expected ID=URL or ID/FILE=URL")
    list_id, _, name = key.partition("/")
    return list_id, ({name: url} if name else url)


def resolve_sources(
    *, config: Path | None = None, options: Sequence[str] = (), env: bool = True
) -> dict[str, ListSource]:
    """Return :data:`SOURCES` with the addresses of ``config`` and then ``options`` applied.

    Without ``config``, ``env`` reads the path from $PRICING_ENGINE_LIST_SOURCES (if set).
    """
    sources = dict(SOURCES)
    if config is None and env and os.environ.get(SOURCES_ENV):
        config = Path(os.environ[SOURCES_ENV])
    changes: list[tuple[str, object, str]] = []
    if config is not None:
        changes += [(k, v, str(config)) for k, v in _read_file(config).items()]
    for text in options:
        changes.append((*_option(text), f"--source {text}"))
    for list_id, value, origin in changes:
        if list_id not in sources:
            raise ListSourceError(f"{origin}: unknown list {list_id!r} (known: "
                                  f"{', '.join(sorted(sources))})")
        sources[list_id] = _override(sources[list_id], value, origin)
    return sources
