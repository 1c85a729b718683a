"""No applicant's personal data on any public page, feed, search result, API response or log line.

The demo district is seeded (ten applications in every state, with letters and an appeal); then
every public page reachable from the home page, the sitemap and the feeds is fetched, the public
API is called (including searches for each applicant's name and the public tracking of every
application), and every response is scanned for each applicant's name, ID number, phone, address
and e-mail.
"""

from __future__ import annotations

import io
import logging
import re
from collections import deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from gongkai.foi.models import Applicant, Request

SKIP_PREFIXES = ("/workbench/", "/static/", "/media/", "/captcha/", "/api/v1/docs", "/admin/")
MAX_PAGES = 600


@pytest.fixture
def seeded(db: Any) -> list[Applicant]:
    call_command("seed_demo", stdout=io.StringIO())
    applicants = list(Applicant.objects.all())
    assert len(applicants) >= 10
    return applicants


def _secrets(applicants: list[Applicant]) -> dict[str, str]:
    found: dict[str, str] = {}
    for a in applicants:
        for label, value in (
            ("name", a.name),
            ("id_number", a.id_number),
            ("phone", a.phone),
            ("address", a.address),
            ("email", a.email),
        ):
            if value:
                found[value] = f"{label} of application {a.request_id}"
    return found


_HREF = re.compile(r"""(?:href|src)=["']([^"'#]+)""")


def _links(html: str) -> Iterator[str]:
    for raw in _HREF.findall(html):
        url = urldefrag(raw.replace("&amp;", "&"))[0]
        parts = urlsplit(url)
        if parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver"):
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith("/") and not path.startswith(SKIP_PREFIXES):
                yield path


def crawl(client: Client, starts: list[str], statuses: dict[str, int]) -> dict[str, str]:
    """Breadth-first over the public site from ``starts``: path → text of every text response."""
    seen: dict[str, str] = {}
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        kind = response.get("Content-Type", "")
        text = (
            response.content.decode("utf-8", "replace") if ("text" in kind or "json" in kind or "xml" in kind) else ""
        )
        seen[path] = text
        statuses[path] = response.status_code
        if "html" in kind or "xml" in kind:
            queue.extend(link for link in _links(text) if link not in seen)
            queue.extend(m for m in re.findall(r"<loc>https?://testserver([^<]+)</loc>", text) if m not in seen)
    return seen


def test_no_public_response_carries_an_applicants_personal_data(seeded: list[Applicant]) -> None:
    client = Client()
    codes = list(Request.objects.values_list("tracking_code", flat=True))
    names = [a.name for a in seeded]
    starts = ["/", "/sitemap.xml", "/feeds/items/rss/", "/feeds/items/atom/", "/xxgk/apply/", "/xxgk/apply/track/"]
    starts += [f"/xxgk/apply/track/?code={quote(code)}" for code in codes]
    starts += [f"/xxgk/apply/receipt/{code}/" for code in codes]
    starts += [f"/search/?q={quote(name)}" for name in names]
    api = ["/api/v1/public/items", "/api/v1/units", "/api/v1/openapi.json"]
    api += [f"/api/v1/public/requests/{code}" for code in codes]
    api += [f"/api/v1/search?q={quote(name)}" for name in names]
    statuses: dict[str, int] = {}
    pages = crawl(client, starts + api, statuses)
    assert len(pages) > 60, "the crawl should reach the whole public site"
    # The pages that show an application's state were really shown, not refused.
    assert all(statuses[f"/xxgk/apply/receipt/{code}/"] == 200 for code in codes)
    assert all(statuses[f"/api/v1/public/requests/{code}"] == 200 for code in codes)
    assert all(statuses[f"/xxgk/apply/track/?code={quote(code)}"] == 200 for code in codes)
    leaks = [
        f"{where} in {path}"
        for path, text in pages.items()
        for value, where in _secrets(seeded).items()
        # A search page shows the words searched for: the name is only the query echoed back.
        if value in text and quote(value) not in path
    ]
    assert leaks == []


def test_handling_an_application_writes_no_personal_data_to_the_log(
    seeded: list[Applicant], caplog: pytest.LogCaptureFixture, api_as: Any
) -> None:
    from gongkai.orgs.models import Unit
    from tests.foi.conftest import CITIZEN

    caplog.set_level(logging.DEBUG)
    handler = Applicant.objects.first().request.unit.memberships.filter(role="handler").first()
    unit = Unit.objects.get(name="康巴什区民政局")
    created = api_as(None).post("/requests", {**CITIZEN, "unit_id": unit.pk})
    assert created.status_code == 201
    staff = api_as(handler.user if handler else None)
    staff.post(f"/requests/{created.json()['id']}/events", {"kind": "accepted"})
    staff.get(f"/requests/{created.json()['id']}/applicant")
    Client().get(f"/xxgk/apply/track/?code={created.json()['tracking_code']}")
    log = caplog.text + "".join(str(getattr(r, "__dict__", "")) for r in caplog.records)
    for value in (CITIZEN["name"], CITIZEN["id_number"], CITIZEN["phone"], CITIZEN["email"], CITIZEN["address"]):
        assert value not in log
