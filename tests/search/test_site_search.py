"""Search per site (issue 19): a site that is not the whole library finds only what its columns
show (engine.search(site=…), the public search page on the site's host), with the total
counting those; the whole library finds everything; unlisted items are never indexed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gongkai.orgs.models import Unit
from gongkai.publishing import services as items
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import perform
from gongkai.search.engine import search
from gongkai.sites import services
from gongkai.sites.models import Site
from tests.portal import test_items_public as items_public

pytestmark = pytest.mark.django_db
flow_b = items_public.flow_b
STREET_HOST = "street.example.cn"


@pytest.fixture
def publish(
    editor_a: Any,
    editor_b: Any,
    unit_a: Unit,
    unit_b: Unit,
    flow: Callable[[Item], Item],
    flow_b: Callable[[Item], Item],
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Item]:
    """Publish an item of unit A (or B) with the search index updated as after commit."""

    def make(title: str, unit: Unit, **extra: Any) -> Item:
        editor, run = (editor_b, flow_b) if unit == unit_b else (editor_a, flow)
        with django_capture_on_commit_callbacks(execute=True):
            item = items.create_item(
                editor,
                unit,
                title=title,
                body_html=f"<p>{title}，城乡低保标准。</p>",
                formed_on=dt.date(2026, 3, 2),
                genre="notice",
                topic="civil",
                **extra,
            )
            return run(item)

    return make


@pytest.fixture
def street(office: Any, unit_b: Unit) -> Site:
    site = services.create_site(office, code="street", name="滨河街道", host=STREET_HOST, units=[unit_b])
    services.create_column(office, site, name="街道动态", slug="jddt", rules={"unit_ids": [unit_b.pk]})
    return site


def test_a_site_finds_what_its_columns_show(
    street: Site, publish: Callable[..., Item], unit_a: Unit, unit_b: Unit
) -> None:
    own = publish("街道低保通知", unit_b)
    other = publish("民政局低保通知", unit_a)
    everywhere = search("低保", limit=10)
    assert {hit.id for hit in everywhere.hits} == {own.pk, other.pk} and everywhere.total == 2
    on_street = search("低保", limit=10, site=street)
    assert [hit.id for hit in on_street.hits] == [own.pk] and on_street.total == 1
    assert search("低保", offset=1, limit=10, site=street).hits == []
    # The whole library (or no site) finds everything.
    whole = Site(code="x", name="x", host="x.example.cn", whole_library=True)
    assert search("低保", limit=10, site=whole).total == 2


def test_the_search_page_answers_for_the_hosts_site(
    street: Site, publish: Callable[..., Item], unit_a: Unit, unit_b: Unit, signer_a: Any, office: Any
) -> None:
    own = publish("街道低保通知", unit_b)
    publish("民政局低保通知", unit_a)
    page = Client(HTTP_HOST=STREET_HOST).get("/search/", {"q": "低保"}).content.decode()
    assert f"/xxgk/items/{own.pk}/" in page and "民政局低保通知" not in page
    everything = Client().get("/search/", {"q": "低保"}).content.decode()
    assert "民政局低保通知" in everything and "街道低保通知" in everything


def test_a_withdrawn_item_leaves_the_sites_search(
    street: Site, publish: Callable[..., Item], unit_b: Unit, make_person: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.orgs.models import Role

    own = publish("街道低保通知", unit_b)
    signer = make_person("signer_b2", Role.SIGNER, unit_b)
    with django_capture_on_commit_callbacks(execute=True):
        perform(signer, own.pk, "withdraw", reason="内容有误")
    assert search("低保", limit=10, site=street).total == 0


def test_unlisted_items_are_never_indexed(publish: Callable[..., Item], unit_a: Unit) -> None:
    from gongkai.search.documents import build

    item = publish("补贴名单公示", unit_a)
    Item.objects.filter(pk=item.pk).update(unlisted=True)
    assert build(Item.objects.select_related("unit", "published_revision").get(pk=item.pk)) is None
