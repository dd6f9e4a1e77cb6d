"""Loaders for the official sanctions list formats, all producing the common entity model.

One module per format; :data:`FORMATS` maps a format name to its :class:`Loader`, and
:func:`load_list` dispatches through it::

    >>> sorted(FORMATS)[:3]
    ['eu_fsf_csv', 'eu_fsf_xml', 'ofac_csv']

Every loader raises :class:`~pricing_engine.errors.ListFormatError` naming the file and the
line or record when a file does not follow its format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import MappingProxyType

from pricing_engine.errors import ListFormatError, MissingData
from pricing_engine.screening.model import SanctionsList

__all__ = ["FORMATS", "Loader", "load_list"]


@dataclass(frozen=True, slots=True)
class Loader:
    """A list format: the module that reads it, the list id it gets by default, what it is."""

    module: str
    default_id: str
    description: str

    def __call__(self, paths: Sequence[Path], *, list_id: str | None = None) -> SanctionsList:
        """Load ``paths`` as this format (the module is imported on first use).

        Without ``list_id``, a module's ``guess_list_id(paths)`` may name the list from its
        files (OFAC ``cons_prim.csv`` is ``ofac_cons``), else it is ``default_id``.
        """
        module = import_module(self.module)
        guess: Callable[[Sequence[Path]], str | None] | None = getattr(
            module, "guess_list_id", None
        )
        list_id = list_id or (guess(paths) if guess else None) or self.default_id
        read: Callable[..., SanctionsList] = module.load
        return read(paths, list_id=list_id)


_PKG = "pricing_engine.screening.lists"

#: format name -> loader. Add a format by adding a module with ``load(paths, *, list_id)``.
FORMATS: Mapping[str, Loader] = MappingProxyType(
    {
        "eu_fsf_csv": Loader(f"{_PKG}.eu_fsf_csv", "eu_fsf", "EU Financial Sanctions File, CSV"),
        "eu_fsf_xml": Loader(
            f"{_PKG}.eu_fsf_xml", "eu_fsf", "EU Financial Sanctions File, XML 1.1"
        ),
        "ofac_csv": Loader(f"{_PKG}.ofac_csv", "ofac_sdn", "OFAC sdn/alt/add.csv or cons_*.csv"),
        "ofac_xml": Loader(f"{_PKG}.ofac_xml", "ofac_sdn", "OFAC SDN.XML / CONSOLIDATED.XML"),
        "uk_conlist_csv": Loader(f"{_PKG}.uk_conlist_csv", "uk_ofsi", "UK OFSI ConList.csv"),
        "uk_sanctions_list_csv": Loader(
            f"{_PKG}.uk_sanctions_list_csv", "uk_fcdo", "UK Sanctions List (FCDO), CSV"
        ),
        "un_xml": Loader(f"{_PKG}.un_xml", "un_sc", "UN Security Council consolidated list XML"),
        "us_csl_csv": Loader(f"{_PKG}.us_csl_csv", "us_csl", "US Consolidated Screening List CSV"),
    }
)


def load_list(format: str, *paths: str | Path, list_id: str | None = None) -> SanctionsList:
    """Load the file(s) ``paths`` as ``format`` (a key of :data:`FORMATS`).

    ``list_id`` names the list in results; by default the format's usual id (``ofac_sdn``...),
    or ``ofac_cons`` for OFAC consolidated (non-SDN) files, told by their names.
    """
    loader = FORMATS.get(format)
    if loader is None:
        known = ", ".join(sorted(FORMATS))
        raise ListFormatError(f"unknown list format {format!r} (known: {known})")
    if not paths:
        raise ListFormatError(f"no file given to load as {format}")
    files = tuple(Path(p) for p in paths)
    for path in files:
        if not path.is_file():
            raise MissingData(f"{path}: list file not found" if not path.exists() else
                              f"{path}: not a regular file (a directory, device, pipe or "
                              "socket): give the list file itself")
    return loader(files, list_id=list_id)
