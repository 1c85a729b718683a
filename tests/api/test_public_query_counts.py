"""Every public GET of the API does a fixed amount of work (issue 18, point 1): the number of
queries an anonymous call runs is the same with 10 published documents as with 1,000 (and with
a few answered inquiries and comments as with hundreds more).

The world is the demo district (``seed_demo``: units, catalogue, consultations with comments,
inquiries, applications, annual reports) plus documents made with bulk_create and indexed by the
search backend's bulk path (tests/search/test_page_cost.py's ``grow``). Every public GET of
API.md is called once to warm what a process caches, then counted, at both sizes. Counts, never
timings; the response shapes are test_api.py's and the OpenAPI snapshot's.
"""

from __future__ import annotations

import datetime as dt
import io
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.foi.models import Request
from gongkai.orgs.models import Unit
from gongkai.participation.models import Comment, Consultation, Inquiry
from gongkai.publishing.models import Item
from gongkai.sites import current
from tests.search.test_page_cost import grow

pytestmark = pytest.mark.django_db
SMALL, LARGE = 10, 1000
MORE_ROWS = 300  # answered public inquiries and comments added with the documents


def _calls() -> list[str]:
    """Every anonymous GET of API.md, with the demo's objects and every filter."""
    unit = Unit.objects.filter(active=True, items__published_revision__isnull=False).order_by("pk").first()
    entry_id = Item.objects.exclude(catalogue_entry=None).values_list("catalogue_entry_id", flat=True).first()
    consultation = Consultation.objects.order_by("pk").first()
    inquiry = Inquiry.objects.filter(public=True, state="answered").order_by("pk").first()
    application = Request.objects.order_by("pk").first()
    assert unit and entry_id and consultation and inquiry and application
    year = timezone.localdate().year
    return [
        "/api/v1/units",
        "/api/v1/public/items",
        "/api/v1/public/items?page=2",
        f"/api/v1/public/items?unit_id={unit.pk}",
        f"/api/v1/public/items?catalogue_entry_id={entry_id}",
        "/api/v1/public/items?since=2020-01-01",
        "/api/v1/search?q=最低生活保障",
        f"/api/v1/search?q=低保&kind=policy&validity=valid&year={year}",
        f"/api/v1/public/consultations/{consultation.pk}",
        "/api/v1/public/inquiries",
        f"/api/v1/public/inquiries?unit_id={inquiry.unit_id}",
        f"/api/v1/public/inquiries/{inquiry.tracking_code}",
        f"/api/v1/public/requests/{application.tracking_code}",
        f"/api/v1/reports/annual/{year - 1}",  # published: its snapshot
        f"/api/v1/reports/annual/{year}",  # the current year: live tables
        f"/api/v1/reports/annual/{year}?unit_id={unit.pk}",
        "/api/v1/calendar/deadline?start=2026-03-02&working_days=20",
    ]


def _count(client: Client, urls: list[str]) -> dict[str, tuple[int, int]]:
    counts = {}
    # The sites are read again every current.TTL seconds (two queries, on whichever call comes
    # then): the counting holds them for its own duration, as tests/portal/test_query_counts.py.
    with mock.patch.object(current, "TTL", float("inf")):
        for url in urls:
            client.get(url)  # warm: whatever a process caches on the first call
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            counts[url] = (response.status_code, len(captured.captured_queries))
    return counts


def _more_conversation(consultation: Consultation, inquiry: Inquiry, count: int) -> None:
    """``count`` more answered public inquiries like ``inquiry`` and comments on
    ``consultation`` (copies of the demo's, in two bulk inserts)."""
    now = timezone.now()
    copies = []
    for n in range(count):
        copy = Inquiry.objects.get(pk=inquiry.pk)
        copy.pk = None
        copy.tracking_code = f"ZX-2026-T{n:03d}-BULK"
        copy.answered_at = now - dt.timedelta(minutes=n)
        copies.append(copy)
    Inquiry.objects.bulk_create(copies)
    model = Comment.objects.filter(consultation=consultation).order_by("pk").first()
    assert model is not None
    start = consultation.next_comment_number
    comments = []
    for n in range(count):
        comment = Comment.objects.get(pk=model.pk)
        comment.pk = None
        comment.number = start + n
        comments.append(comment)
    Comment.objects.bulk_create(comments)
    Consultation.objects.filter(pk=consultation.pk).update(next_comment_number=start + count)


def test_every_public_get_costs_the_same_at_10_and_1000_documents() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    author = get_user_model().objects.order_by("pk").first()
    units = list(Unit.objects.filter(active=True).order_by("pk")[:4])
    grow(0, SMALL, units, author)
    urls = _calls()
    client = Client()
    small = _count(client, urls)
    grow(SMALL, LARGE - SMALL, units, author)
    consultation = Consultation.objects.filter(comments__isnull=False).order_by("pk").first()
    inquiry = Inquiry.objects.filter(public=True, state="answered").order_by("pk").first()
    assert consultation is not None and inquiry is not None
    _more_conversation(consultation, inquiry, MORE_ROWS)
    large = _count(client, urls)
    for url in urls:
        assert small[url][0] == large[url][0] == 200, (url, small[url], large[url])
        assert small[url][1] == large[url][1], f"{url}: {small[url][1]} queries at {SMALL}, {large[url][1]} at {LARGE}"
