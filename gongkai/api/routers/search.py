"""``GET /api/v1/search`` per API.md: one Chinese search over everything public."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.api.params import MAX_ID
from gongkai.api.routers.items import Origin
from gongkai.api.vocab import Coded
from gongkai.exchange import public as exchange_public
from gongkai.publishing import vocab
from gongkai.publishing.models import Kind
from gongkai.search.documents import Filters
from gongkai.search.engine import search as run_search
from gongkai.search.present import present
from gongkai.sites.current import site_of

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str = Field("", max_length=200)
    kind: Annotated[str, Coded(Kind.choices)] | None = None  # the code or its label (api/vocab.py)
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)
    year: int | None = Field(None, ge=1949, le=2100)
    validity: Annotated[str, Coded(vocab.VALIDITY)] | None = None
    level: str | None = None
    page: int = Field(1, ge=1, le=100)
    page_size: int = Field(10, ge=1, le=50)


class SearchResult(Schema):
    id: int
    source_id: str | None
    kind: str
    title: str
    url: str
    snippet: str
    unit: str
    published_on: dt.date | None
    score: float
    # Where the query was found: "title", "body", or "attachment" (then ``attachment`` names the
    # file and ``snippet`` comes from its text); null when not as typed (a retyped 文号).
    matched_in: Literal["title", "body", "attachment"] | None = None
    attachment: str | None = None
    # What the result is, as the public page labels it (issue 17, point 6): 法律, 行政法规,
    # 地方性法规, 本级规范性文件, 政策解读, 答问 …; and its validity (code and label).
    kind_label: str = ""
    validity: str = ""
    validity_label: str = ""
    # A code published in parts (the 民法典's books) is one result: the whole's title, the id and
    # ``source_id`` of its first part, and here the other parts' ``source_id``s in order.
    parts: list[str] = []
    # A received item's provenance (API.md, Exchange): {"instance", "organ", "credit_code", "url"};
    # null for what was written here.
    origin: Origin | None = None


class SearchOut(Schema):
    total: int
    took_ms: float
    results: list[SearchResult]


@router.get("/search", response=SearchOut, summary="Search everything public, best first")
def search(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    filters = Filters(
        kind=query.kind or None,
        unit_id=query.unit_id,
        year=query.year,
        validity=query.validity or None,
        level=query.level or None,
    )
    offset = (query.page - 1) * query.page_size
    # The site of the Host: a site that is not the whole library finds what its columns show.
    found = run_search(query.q, filters, offset=offset, limit=query.page_size, site=site_of(request))
    results = present(found.hits, query.q, found.full_names)
    origins = exchange_public.origins([r.id for r in results])  # one query: received items' provenance
    rows = []
    for result in results:
        row = {**result.__dict__, "url": request.build_absolute_uri(result.url)}
        row["origin"] = origins.get(result.id)
        rows.append(row)
    return {"total": found.total, "took_ms": round(found.took_ms, 2), "results": rows}
