"""Every public page does a fixed amount of work (issue 18, point 1): the number of queries an
anonymous GET runs is the same with a few published documents as with a thousand more.

The world (``public_world``) is built once for the module: the demo district, 20 documents of
every kind and eight of the district's own for each home-page block (a block the district's own
do not fill takes two more queries, for carried documents: a young site's fixed cost, not one
that grows); every page is requested and its queries counted; then 1,000 more documents
(plain items, plans, statistics, policies, normative documents, carried laws, annual reports,
consultations, answers, gazette issues) are bulk-inserted and every page is counted again. A
count that grows with the rows is an N+1 (or a page that loads what it does not show).

Some pages list everything of their kind by design and so grow in *rows*, never in queries:
the 现行有效规范性文件目录 (a statutory catalogue of the district's own valid normative documents,
条例 Art. 16 and the 国办 rules on 规范性文件 ask for the whole list), the gazette archive (every
issue, by year), the historical plans (一张蓝图绘到底: all of them, in order), the standard
catalogue, and the sitemap (every public page, a bounded number per sitemap page).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.sites import current
from tests.builders import module_data
from tests.portal import public_world

pytestmark = pytest.mark.django_db
SMALL, LARGE = 20, 1000
NAMES = public_world.NAMES


def _count(pages: list[public_world.Page]) -> dict[str, tuple[int, int]]:
    """Page name → (status, number of queries) of an anonymous GET (after one GET of the home
    page, which fills whatever per-process cache every page reads)."""
    client = Client()
    client.get("/")
    counts = {}
    # The sites are read again every current.TTL seconds (two queries, on whichever page comes
    # then); the counting takes longer than that, so it holds them for its own duration.
    with mock.patch.object(current, "TTL", float("inf")):
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.url)
            counts[page.name] = (response.status_code, len(queries.captured_queries))
    return counts


def _build() -> dict[str, Any]:
    tmp = Path(__import__("tempfile").mkdtemp(prefix="gk-query-counts-"))
    with public_world.quiet_settings(tmp):
        public_world.build_demo()
        public_world.grow(SMALL)
        public_world.fill_home()
        public_world.make_code()
        pages = public_world.public_pages()
        small = _count(pages)
        public_world.grow(LARGE, start=SMALL)
        large = _count(pages)
    return {"pages": pages, "small": small, "large": large}


world = module_data(_build)


def test_every_public_page_is_counted(world: dict[str, Any]) -> None:
    """NAMES lists every page the world has (a new public page is added to both)."""
    assert sorted(page.name for page in world["pages"]) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_queries_do_not_grow_with_documents(world: dict[str, Any], name: str) -> None:
    small_status, small = world["small"][name]
    large_status, large = world["large"][name]
    assert small_status == large_status == 200
    assert large == small, f"{name}: {small} queries at {SMALL} documents, {large} at {SMALL + LARGE}"
