"""The page cache (gongkai/pagecache.py, issue 18 point 2): anonymous public pages and public API
answers are kept, every change the public sees gives new keys at once, and nobody with a session
or a token ever gets a kept page. Each test has its own in-memory cache (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import path

from gongkai import pagecache
from gongkai.cachebackend import FailOpenRedisCache
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.portal.context import A11Y_COOKIE
from gongkai.portal.foi_tracking import COOKIE as FOI_CHECK_COOKIE
from gongkai.publishing import services
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import perform
from tests import builders
from tests.publishing import conftest as publishing_fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache", "site")]

draft = publishing_fixtures.draft
flow = publishing_fixtures.flow

TITLE = "关于2026年城乡低保标准调整的通知"


def outcome(response: Any) -> str:
    return str(response[pagecache.HEADER])


def text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def pages_of(item: Item) -> list[str]:
    """Every kind of public page and answer that lists or shows the item."""
    return [
        "/",
        f"/xxgk/statutory/unit/{item.unit_id}/",
        f"/xxgk/items/{item.pk}/",
        "/feeds/items/rss/",
        f"/feeds/units/{item.unit_id}/atom/",
        "/api/v1/public/items",
    ]


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    client: Client, django_assert_num_queries: Any
) -> None:
    first = client.get("/")
    assert outcome(first) == "miss"
    assert first[pagecache.FRONT_HEADER] == "2"  # the front may keep it for two seconds
    with django_assert_num_queries(0):  # neither reads nor writes: no session, no counter
        second = client.get("/")
    assert outcome(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert not second.cookies
    head = client.head("/")
    assert outcome(head) == "hit"


def test_a_published_item_appears_at_once(client: Client, draft: Item, flow: Callable[[Item], Item]) -> None:
    assert TITLE not in text(client.get("/"))
    assert outcome(client.get("/")) == "hit"
    flow(draft)
    after = client.get("/")
    assert outcome(after) == "miss"
    assert TITLE in text(after)


def test_a_withdrawn_item_leaves_every_cached_page_at_once(
    client: Client, draft: Item, flow: Callable[[Item], Item], signer_a: Any, settings: Any
) -> None:
    item = flow(draft)
    for url in pages_of(item):
        assert TITLE in text(client.get(url)), url
        kept = client.get(url)
        assert outcome(kept) == "hit", url
        assert TITLE in text(kept), url
    perform(signer_a, item.pk, "withdraw", reason="内容有误，已撤回")
    for url in pages_of(item):
        response = client.get(url)
        assert outcome(response) == "miss", url
        if "/feeds/" not in url:  # a feed states the time it was made
            settings.PAGE_CACHE = False
            assert response.content == client.get(url).content, url  # what the live page says now
            settings.PAGE_CACHE = True
    item_page, column = text(client.get(f"/xxgk/items/{item.pk}/")), text(client.get(pages_of(item)[1]))
    assert "内容有误，已撤回" in item_page and "<p>正文</p>" not in item_page  # the page states the reason
    assert "已撤回" in column  # the unit's column keeps the entry, marked withdrawn
    assert '"withdrawn": true' in text(client.get("/api/v1/public/items"))  # listed as withdrawn, with the reason
    for url in ["/", "/feeds/items/rss/", f"/feeds/units/{item.unit_id}/atom/"]:
        assert TITLE not in text(client.get(url)), url


def test_a_revision_in_progress_keeps_the_page_and_its_republication_replaces_it(
    client: Client, draft: Item, flow: Callable[[Item], Item], editor_a: Any
) -> None:
    item = flow(draft)
    url = f"/xxgk/items/{item.pk}/"
    assert TITLE in text(client.get(url))
    perform(editor_a, item.pk, "revise")
    item.refresh_from_db()
    services.update_item(editor_a, item, item.version, title="更正后的标题", change_note="更正标题")
    assert "更正后的标题" not in text(client.get(url))  # not public until published again
    flow(Item.objects.get(pk=item.pk))
    assert "更正后的标题" in text(client.get(url))


def test_a_watched_setting_changes_every_page(client: Client, site: SiteProfile) -> None:
    assert site.site_name in text(client.get("/units/"))
    site.site_name = "新名称人民政府网"
    site.save()
    assert "新名称人民政府网" in text(client.get("/units/"))


def test_saving_a_draft_that_was_never_public_keeps_the_cache(client: Client, draft: Item, editor_a: Any) -> None:
    client.get("/")
    services.update_item(editor_a, draft, draft.version, title="草稿的新标题")
    assert outcome(client.get("/")) == "hit"


def test_staff_and_anyone_with_a_session_see_the_live_page(
    client: Client, logged_in: Callable[[Any], Client], editor_a: Any
) -> None:
    client.get("/")
    assert outcome(client.get("/")) == "hit"
    staff = logged_in(editor_a)
    assert outcome(staff.get("/")) == "bypass"
    stranger = Client()
    stranger.cookies["sessionid"] = "whatever"
    assert outcome(stranger.get("/")) == "bypass"
    flash = Client()
    flash.cookies["messages"] = "a-message"  # a message waiting to be shown: the page must run
    assert outcome(flash.get("/")) == "bypass"
    applicant = Client()
    applicant.cookies[FOI_CHECK_COOKIE] = "checked"  # declared personal by the portal
    assert outcome(applicant.get("/")) == "bypass"


def test_a_token_holder_gets_the_live_api_answer(client: Client) -> None:
    client.get("/api/v1/public/items")
    assert outcome(client.get("/api/v1/public/items")) == "hit"
    with_token = client.get("/api/v1/public/items", headers={"Authorization": "Bearer x"})
    assert outcome(with_token) == "bypass"


def test_large_font_and_high_contrast_pages_are_kept_apart(client: Client) -> None:
    standard = text(client.get("/"))
    assert 'class="a11y-standard"' in standard
    for mode, css in [("large", "a11y-large"), ("contrast", "a11y-contrast")]:
        reader = Client()
        reader.cookies[A11Y_COOKIE] = mode
        first = reader.get("/")
        assert outcome(first) == "miss", mode
        assert f'class="{css}"' in text(first)
        assert f'class="{css}"' in text(reader.get("/"))
    bogus = Client()
    bogus.cookies[A11Y_COOKIE] = "nonsense"  # read as standard: no cache entry per made-up value
    assert outcome(bogus.get("/")) == "hit"
    assert 'class="a11y-standard"' in text(bogus.get("/"))


def test_private_paths_and_never_cache_pages_are_not_kept(client: Client) -> None:
    for url in ["/xxgk/apply/track/", "/hudong/inquiries/track/", "/search/?q=低保", "/workbench/"]:
        client.get(url)
        assert outcome(client.get(url)) == "bypass", url


def form(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("plain")


urlpatterns = [path("form/", form), path("plain/", plain)]


@pytest.mark.urls(__name__)
def test_a_page_holding_a_csrf_token_is_never_kept() -> None:
    visitor = Client()
    visitor.get("/form/")
    assert "csrftoken" in visitor.cookies
    again = visitor.get("/form/")  # the cookie is there now: the token is this visitor's secret
    assert outcome(again) == "bypass"
    assert outcome(Client().get("/form/")) == "bypass"
    Client().get("/plain/")
    assert outcome(Client().get("/plain/")) == "hit"


def test_changes_inside_a_transaction_bump_at_once_and_once_more_after_commit() -> None:
    def after_commit() -> int:
        return sum(1 for entry in connection.run_on_commit if entry[1] is pagecache._bump)

    with transaction.atomic():
        before = pagecache.generation()
        Unit.objects.create(name="新设单位", kind=Unit.Kind.DEPARTMENT, credit_code=builders.make_code(90))
        assert pagecache.generation() != before  # at once
        Unit.objects.create(name="又一单位", kind=Unit.Kind.DEPARTMENT, credit_code=builders.make_code(91))
        assert after_commit() == 1  # and one more when the transaction commits, however many rows


def test_a_generation_older_than_one_seen_is_replaced(client: Client) -> None:
    from django.core.cache import cache

    client.get("/")
    before = cache.get(pagecache.GENERATION_KEY)
    pagecache.changed()
    cache.set(pagecache.GENERATION_KEY, before)  # a Redis restored from a snapshot taken before the change
    assert pagecache.generation() not in {before, None}
    assert outcome(client.get("/")) == "miss"  # the page kept under the old generation is not served


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_with_redis_unreachable_pages_are_served_live(client: Client, settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "gongkai.cachebackend.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/1",  # nobody listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert outcome(response) == "bypass"
        assert pagecache.FRONT_HEADER not in response  # the front keeps nothing either


def test_the_fail_open_cache_reads_a_dead_redis_as_empty() -> None:
    cache = FailOpenRedisCache(f"redis://127.0.0.1:{free_port()}/1", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    assert cache.get("k", "default") == "default"
    assert cache.add("k", 1) is False
    cache.set("k", 1)
    assert cache.get_many(["k"]) == {}
    with pytest.raises(ValueError):
        cache.incr("k")  # what a missing key says: the rate limit starts a new window
    cache.delete("k")


def test_the_fail_open_cache_takes_a_refused_write_for_a_no_op(tmp_path: Any) -> None:
    """A Redis that answers reads but refuses writes (OOM under maxmemory here; MISCONF after a
    failed snapshot on a full disk, READONLY after a failover answer alike) must not turn a
    rendered page into a 500 when the page cache keeps it. A private redis-server, stopped here."""
    import shutil
    import subprocess
    import time

    if shutil.which("redis-server") is None:
        pytest.skip("no redis-server (Debian's redis-server)")
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    command += ["--maxmemory", "1mb", "--maxmemory-policy", "noeviction", "--dir", str(tmp_path)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        cache = FailOpenRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        cache.set("small", "kept")
        assert cache.get("small") == "kept"
        cache.set("page", b"x" * 2 * 1024 * 1024)  # over maxmemory: refused with OOM, not raised
        assert cache.get("page") is None
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_entry_expires_after_its_lifetime(client: Client, settings: Any) -> None:
    import time_machine

    settings.PAGE_CACHE_SECONDS = 60
    start = dt.datetime(2026, 10, 9, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.get("/units/")
        assert outcome(client.get("/units/")) == "hit"
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert outcome(client.get("/units/")) == "miss"
