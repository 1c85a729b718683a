"""A code published in parts through the API and on the public search page (API.md, Search;
issue 17, point 4): one result for the whole, with its first part's id and the others' ids."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.policies.models import PolicyDocument
from tests.policies.civil_code import FIRST_ID, OTHER_IDS, WHOLE, import_civil_code


@pytest.fixture
def civil_code(government: Any, tmp_path: Path) -> PolicyDocument:
    import_civil_code(tmp_path)
    return PolicyDocument.objects.get(source_id=FIRST_ID)


def test_api_gives_the_whole_with_its_parts(client: Any, civil_code: PolicyDocument) -> None:
    body = client.get("/api/v1/search", {"q": "民法典"}).json()
    first = body["results"][0]
    assert (first["title"], first["id"], first["source_id"]) == (WHOLE, civil_code.item_id, FIRST_ID)
    assert first["parts"] == OTHER_IDS
    assert first["url"] == f"http://testserver/xxgk/policies/code/{civil_code.item_id}/"  # by name: at its top
    assert [r["title"] for r in body["results"]].count(WHOLE) == 1
    assert not any("·" in r["title"] for r in body["results"])
    assert body["total"] == len(body["results"]) == 2  # the code and the interpretation citing it


def test_api_a_hit_in_one_book_is_the_whole_at_that_book(client: Any, civil_code: PolicyDocument) -> None:
    [result] = client.get("/api/v1/search", {"q": "要约"}).json()["results"]
    assert (result["title"], result["source_id"], result["parts"]) == (WHOLE, FIRST_ID, OTHER_IDS)
    assert result["url"].endswith(f"/xxgk/policies/code/{civil_code.item_id}/#part-3")


def test_the_parts_of_a_page_cost_one_query(client: Any, civil_code: PolicyDocument) -> None:
    client.get("/api/v1/search", {"q": "民法典"})
    with CaptureQueriesContext(connection) as with_code:
        client.get("/api/v1/search", {"q": "民法典"})
    with CaptureQueriesContext(connection) as without_code:
        client.get("/api/v1/search", {"q": "时间效力"})
    assert len(with_code) == len(without_code) + 1


def test_the_search_page_shows_the_whole_once(client: Any, civil_code: PolicyDocument) -> None:
    page = client.get("/search/", {"q": "民法典"}).content.decode()
    assert page.count(f'href="/xxgk/policies/code/{civil_code.item_id}/"') == 1
    assert f"{WHOLE}·" not in page
