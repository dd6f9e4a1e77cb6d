"""Sanctions screening: list loaders, name normalisation, an indexed fuzzy matcher.

This package never imports the rules or landed-cost code.
"""

from pricing_engine.screening.model import Alias, Entity, Identifier, ListInfo, SanctionsList

__all__ = ["Alias", "Entity", "Identifier", "ListInfo", "SanctionsList"]
