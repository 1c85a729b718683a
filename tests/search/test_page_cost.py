"""The public search page and GET /api/v1/search do a fixed amount of work (issue 18, point 1):
the number of queries a search runs is the same with 10 published documents as with 1,000,
for every kind of query a reader types (topic words, a short name, a 文号 typed with other
brackets, a phrase only found in files, a code published in parts) and with the filters.

A query count that grows with the documents is an N+1 or a page that loads what it does not
show; a results page never reads a whole body (present.py asks the database for a window).
Counts, never timings (the timings are bench/searchpage.py's).

The documents are made with bulk_create and indexed with the backend's own bulk path
(``backend.index(searchable(ids))``, what ``reindex`` does), so that a thousand cost seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.orgs.models import Unit
from gongkai.policies.models import PolicyDocument
from gongkai.publishing.models import Attachment, AttachmentText, Item, ItemRevision, Kind, State, TextState
from gongkai.search.backends import get_backend
from gongkai.search.documents import searchable
from tests.builders import government, unit

pytestmark = pytest.mark.django_db
SMALL, LARGE = 10, 1000
CODE = "测试法典"  # the first three documents are its parts (a code published in parts)
FILE_TEXT = "附件 老旧小区改造名单\n青春家园小区 外墙保温改造 120\n" + "序号 小区 内容\n" * 30
BODY = "<p>经区人民政府同意，现将第{n}批最低生活保障资金下达给你们。</p>" + "<p>请按规定及时发放，做好公示。</p>" * 5
PART_BODY = "<p>第{n}编 总则与分则。</p>"  # the code's parts hold none of the other documents' words


def _title(n: int) -> str:
    return f"{CODE}·第{n + 1}编" if n < 3 else f"关于下达第{n}批最低生活保障资金的通知"


def _documents(start: int, count: int, units: list[Unit], author: Any) -> list[Item]:
    """``count`` published items (every other one a policy; every third has a read public
    file), with their published revisions, in three bulk inserts."""
    numbers = range(start, start + count)
    items = Item.objects.bulk_create(
        Item(
            kind=Kind.POLICY if n % 2 == 0 else Kind.ITEM,
            unit=units[n % len(units)],
            title=_title(n),
            body_html=(PART_BODY if n < 3 else BODY).format(n=n),
            doc_number=f"康民发〔2026〕{n}号",
            written_on=dt.date(2026, 1 + n % 12, 1 + n % 28),
            formed_on=dt.date(2026, 1 + n % 12, 1 + n % 28),
            state=State.PUBLISHED,
            first_published_on=dt.date(2026, 1 + n % 12, 1 + n % 28),
            author=author,
        )
        for n in numbers
    )
    now = timezone.now()
    revisions = ItemRevision.objects.bulk_create(
        ItemRevision(
            item=item,
            number=1,
            title=item.title,
            body_html=item.body_html,
            doc_number=item.doc_number,
            written_on=item.written_on,
            kind=item.kind,
            formed_on=item.formed_on,
            published_at=now - dt.timedelta(minutes=n),
            published_by=author,
        )
        for n, item in zip(numbers, items, strict=True)
    )
    for item, revision in zip(items, revisions, strict=True):
        item.published_revision = revision
    Item.objects.bulk_update(items, ["published_revision"])
    _policies_and_files(list(zip(numbers, items, strict=True)), author)
    return items


def _policies_and_files(made: list[tuple[int, Item]], author: Any) -> None:
    PolicyDocument.objects.bulk_create(
        PolicyDocument(
            item=item,
            issuer="" if n % 4 else item.unit.name,
            part_of=CODE if n < 3 else "",
            part_number=n + 1 if n < 3 else None,
        )
        for n, item in made
        if item.kind == Kind.POLICY
    )
    sha = hashlib.sha256(FILE_TEXT.encode()).hexdigest()
    files = Attachment.objects.bulk_create(
        Attachment(
            item=item,
            file=f"attachments/2026/12/{n}.pdf",
            name=f"第{n}批名单.pdf",
            kind="pdf",
            size=len(FILE_TEXT.encode()),
            sha256=sha,
            uploaded_by=author,
            public=True,
            text_state=TextState.READ,
            findings=[],
        )
        for n, item in made
        if n % 3 == 0 and n >= 3  # not the code's parts: a whole among the results is one more query
    )
    AttachmentText.objects.bulk_create(
        AttachmentText(attachment=file, places=[["第1页", FILE_TEXT]], text=FILE_TEXT, method="test") for file in files
    )


def grow(start: int, count: int, units: list[Unit], author: Any) -> None:
    """``count`` more published documents, indexed by the backend's bulk path."""
    items = _documents(start, count, units, author)
    get_backend().index(list(searchable([item.pk for item in items])))


def searches(units: list[Unit]) -> list[dict[str, Any]]:
    return [
        {"q": "最低生活保障"},  # topic words in every title
        {"q": "低保"},  # a short name (低保 → 最低生活保障)
        {"q": "康民发[2026]7号"},  # a 文号 typed with other brackets
        {"q": "外墙保温改造"},  # only in files: the files' positions and excerpts
        {"q": CODE},  # a code in parts: one result for the whole, with its parts
        {"q": "最低生活保障", "kind": "policy", "validity": "valid"},
        {"q": "资金 发放", "unit": units[1].pk, "year": 2026},
    ]


def _costs(client: Client, path: str, params: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(queries, results shown) of each search; each is asked once before it is counted (the
    first search of a text records it for the hot topics)."""
    costs = []
    for p in params:
        client.get(path, p)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, p)
        assert response.status_code == 200
        if path.startswith("/api/"):
            shown = len(response.json()["results"])
        else:
            shown = response.content.decode().count('class="search-result-title"')
        costs.append((len(captured.captured_queries), shown))
    return costs


@pytest.fixture
def units(db: Any) -> list[Unit]:
    top = government()
    return [unit("unit_a", top), unit("unit_b", top)]


def test_a_search_costs_the_same_queries_at_10_and_1000_documents(units: list[Unit]) -> None:
    author = get_user_model().objects.create_user(username="bulk", password="x-unused-9")
    grow(0, SMALL, units, author)
    client = Client()
    params = searches(units)
    small = {path: _costs(client, path, params) for path in ("/search/", "/api/v1/search")}
    grow(SMALL, LARGE - SMALL, units, author)
    large = {path: _costs(client, path, params) for path in ("/search/", "/api/v1/search")}
    for path, costs in small.items():
        for p, (few, many) in zip(params, zip(costs, large[path], strict=True), strict=True):
            assert few[1] > 0 and many[1] >= few[1], (path, p, few, many)  # results shown at both sizes
            assert few[0] == many[0], f"{path} {p}: {few[0]} queries at {SMALL} documents, {many[0]} at {LARGE}"


def test_the_results_page_reads_no_body(units: list[Unit]) -> None:
    """No query of a results page selects a whole body: the excerpt comes from a window."""
    author = get_user_model().objects.create_user(username="bulk", password="x-unused-9")
    grow(0, SMALL, units, author)
    client = Client()
    client.get("/search/", {"q": "最低生活保障"})
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/search/", {"q": "最低生活保障"}).content.decode()
    assert "<mark>最低生活保障</mark>" in page
    for query in captured.captured_queries:
        sql = query["sql"]
        if '"body_html"' in sql:
            assert "SUBSTR(" in sql.upper(), sql[:300]  # only the window of it
