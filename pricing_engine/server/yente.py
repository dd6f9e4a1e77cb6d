"""A yente-compatible matching API (``POST /match/{dataset}``) over the library's screener.

Tools written for OpenSanctions yente send ``{"queries": {"q1": {"schema": "Person",
"properties": {"name": [...], ...}}}}`` and read ``{"responses": {"q1": {"results": [...]}}}``.
Supported, per query:

- ``schema``: ``Person`` screens persons; ``Organization``, ``Company``, ``LegalEntity`` and
  ``PublicBody`` screen entities; any other schema (``Vessel``, ``Thing``...) all kinds;
- ``properties``: ``name`` and ``alias`` (each name is screened; an entry keeps its best
  score), ``birthDate``, the first of ``country``, ``nationality``, ``citizenship``,
  ``jurisdiction``, ``registrationCountry``, and identifiers from ``idNumber``,
  ``passportNumber``, ``imoNumber``, ``registrationNumber``, ``taxNumber``, ``swiftBic``,
  ``leiCode``; other properties are ignored;
- query parameters ``limit`` (results per query, default 5, at most 100) and ``threshold``
  (``match`` is ``score >= threshold``; default the policy's hit threshold). Only matches
  at or above the policy's review threshold are returned (the screener reports nothing
  lower), so a lower threshold finds nothing more. ``weights``, ``algorithm`` and the
  dataset filters are accepted and ignored; ``{dataset}`` is ``default`` (every list) or a
  list id (``ofac_sdn``...).

Each result names a list entry: ``id`` is ``LIST-ENTRY_ID``, ``datasets`` its list,
``features`` each scoring feature's contribution, ``properties`` its name, the alias that
matched, countries and programs. ``first_seen``/``last_seen``/``last_change`` are null (the
lists do not say).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pricing_engine.errors import InputError
from pricing_engine.screening.features import FEATURES
from pricing_engine.screening.result import Match, QueryKind, ScreeningQuery, ScreeningResult

__all__ = [
    "MAX_QUERIES",
    "YenteExample",
    "YenteFeatureDoc",
    "YenteMatch",
    "YenteMatchQuery",
    "YenteMatchResponse",
    "YenteMatches",
    "YenteTotal",
    "match_response",
    "queries_of",
]

#: Queries one request may hold (as yente bounds its batches).
MAX_QUERIES = 100
#: Names one query may screen.
MAX_NAMES = 10
MAX_LIMIT = 100

_KINDS: dict[str, QueryKind] = {"Person": "person", "Organization": "entity",
                                "Company": "entity", "LegalEntity": "entity",
                                "PublicBody": "entity"}
_SCHEMAS = {"person": "Person", "entity": "Organization", "vessel": "Vessel",
            "aircraft": "Airplane"}
_COUNTRY = ("country", "nationality", "citizenship", "jurisdiction", "registrationCountry")
_IDS = ("idNumber", "passportNumber", "imoNumber", "registrationNumber", "taxNumber",
        "swiftBic", "leiCode")


class _Yente(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class YenteExample(_Yente):
    """One query: a FollowTheMoney schema and properties (a value or a list of values)."""

    model_config = ConfigDict(extra="ignore")
    id: str | None = None
    schema_: str = Field(alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(examples=[{"name": ["John Doe"]}])


class YenteMatchQuery(_Yente):
    """The request: named queries (``weights`` is accepted and ignored)."""

    model_config = ConfigDict(extra="ignore")
    queries: dict[str, YenteExample]
    weights: dict[str, float] = {}


class YenteTotal(_Yente):
    """How many results there were."""

    value: int
    relation: str = "eq"


class YenteMatch(_Yente):
    """One listed entry that matched a query."""

    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str] = []
    target: bool = True
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None
    score: float
    features: dict[str, float]
    match: bool


class YenteMatches(_Yente):
    """The answer to one query."""

    status: int = 200
    results: list[YenteMatch]
    total: YenteTotal
    query: YenteExample


class YenteFeatureDoc(_Yente):
    """A scoring feature: what it means and its weight."""

    description: str
    coefficient: float
    url: str | None = None


class YenteMatchResponse(_Yente):
    """The response: one answer per query, the matcher's features, the limit used."""

    responses: dict[str, YenteMatches]
    matcher: dict[str, YenteFeatureDoc]
    limit: int


def _values(example: YenteExample, *names: str) -> Iterator[str]:
    for name in names:
        value = example.properties.get(name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip():
                yield item.strip()


def queries_of(example: YenteExample) -> list[ScreeningQuery]:
    """The screening queries of one yente query: one per name (at most :data:`MAX_NAMES`)."""
    names = list(dict.fromkeys(_values(example, "name", "alias")))
    if not names:
        raise InputError("a query needs a 'name' property")
    if len(names) > MAX_NAMES:
        raise InputError(f"a query holds {len(names)} names; at most {MAX_NAMES} are screened")
    country = next(_values(example, *_COUNTRY), None)
    dob = next(_values(example, "birthDate"), None)
    facts = {"kind": _KINDS.get(example.schema_), "country": country,
             "dob": dob[:10] if dob else None, "identifiers": tuple(_values(example, *_IDS))}
    try:
        return [ScreeningQuery(name=name, **facts) for name in names]
    except ValidationError as exc:
        raise InputError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                   for e in exc.errors())) from None


def _result(match: Match, threshold: float) -> YenteMatch:
    properties = {"name": [match.name], "country": list(match.countries),
                  "program": list(match.programs)}
    if match.matched_name != match.name:
        properties["alias"] = [match.matched_name]
    return YenteMatch(id=f"{match.list}-{match.entry_id}", caption=match.name,
                      schema_=_SCHEMAS.get(match.kind, "Thing"), properties=properties,
                      datasets=[match.list], score=match.score,
                      features={f.name: f.contribution for f in match.features},
                      match=match.score >= threshold)


def match_response(request: YenteMatchQuery, screen: Callable[[ScreeningQuery], ScreeningResult],
                   *, dataset: str, limit: int, threshold: float) -> YenteMatchResponse:
    """Answer a yente match request with ``screen``; ``dataset`` ``default`` is every list."""
    if len(request.queries) > MAX_QUERIES:
        raise InputError(f"{len(request.queries)} queries; at most {MAX_QUERIES} a request")
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit must lie in 1..{MAX_LIMIT}")
    responses = {}
    for key, example in request.queries.items():
        best: dict[tuple[str, str], Match] = {}
        for query in queries_of(example):
            for match in screen(query).matches:
                ident = (match.list, match.entry_id)
                if dataset in ("default", match.list) and (
                        ident not in best or match.score > best[ident].score):
                    best[ident] = match
        ranked = sorted(best.values(), key=lambda m: -m.score)
        responses[key] = YenteMatches(results=[_result(m, threshold) for m in ranked[:limit]],
                                      total=YenteTotal(value=len(ranked)), query=example)
    matcher = {f.name: YenteFeatureDoc(description=f.doc, coefficient=f.weight)
               for f in FEATURES}
    return YenteMatchResponse(responses=responses, matcher=matcher, limit=limit)
