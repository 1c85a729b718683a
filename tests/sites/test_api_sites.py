"""API.md "Sites, columns and services": sites and columns as another system would manage them,
a column's items, and the public lists and search answering for the site of the Host."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.publishing.models import Item
from gongkai.sites import services
from gongkai.sites.models import Column, Site
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

STREET = "street.example.cn"


def patch(client: ApiClient, path: str, data: Any, **extra: Any) -> Any:
    return client.client.patch(
        f"/api/v1{path}", json.dumps(data), content_type="application/json", headers=client.headers, **extra
    )


def get(client: ApiClient, path: str, host: str = "testserver", **params: Any) -> Any:
    return client.client.get(f"/api/v1{path}", params, headers=client.headers, HTTP_HOST=host)


def test_the_office_creates_a_site_and_a_held_host_is_a_409(
    office: Any, api_as: Callable[[Any], ApiClient], unit_b: Unit, street_site: Site
) -> None:
    client = api_as(office)
    made = client.post("/sites", {"code": "mzj", "name": "民政局", "host": "MZJ.example.cn", "unit_ids": [unit_b.pk]})
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["host"] == "mzj.example.cn" and body["language"] == "zh-Hans" and body["identifier"] == ""
    assert list(Site.objects.get(pk=body["id"]).units.all()) == [unit_b]
    assert AuditEntry.objects.filter(action="sites.site_created").count() == 2
    taken = client.post("/sites", {"code": "other", "name": "另一站", "host": STREET})
    assert taken.status_code == 409 and taken.json()["field"] == "host"
    bad = client.post("/sites", {"code": "bad", "name": "坏", "host": "http://x.cn:80"})
    assert bad.status_code == 422 and bad.json()["field"] == "host" and "域名" in bad.json()["detail"]
    colour = client.post("/sites", {"code": "c2", "name": "色", "host": "c2.example.cn", "colour": "red"})
    assert colour.status_code == 422 and colour.json()["field"] == "colour"
    language = client.post("/sites", {"code": "c3", "name": "蒙", "host": "c3.example.cn", "language": "fr"})
    assert language.status_code == 422 and language.json()["field"] == "language"
    assert not Site.objects.filter(code__in=["other", "bad", "c2", "c3"]).exists()


def test_the_public_list_shows_active_sites_only(
    office: Any, api_as: Callable[[Any], ApiClient], street_site: Site, portal: Site
) -> None:
    services.update_site(office, street_site, active=False)
    listed = api_as(None).get("/sites")
    assert listed.status_code == 200
    assert [s["code"] for s in listed.json()] == ["kbs"]
    assert set(listed.json()[0]) >= {"id", "code", "name", "host", "language", "identifier"}


def test_a_manager_changes_the_identity_but_not_the_host(
    office: Any, editor_b: Any, api_as: Callable[[Any], ApiClient], street_site: Site
) -> None:
    services.set_managers(office, street_site, [editor_b])
    manager = api_as(editor_b)
    changed = patch(manager, f"/sites/{street_site.pk}", {"name": "街道政务公开网", "identifier": "1506030001"})
    assert changed.status_code == 200 and changed.json()["name"] == "街道政务公开网"
    assert patch(manager, f"/sites/{street_site.pk}", {"host": "x.example.cn"}).status_code == 403
    assert patch(manager, f"/sites/{street_site.pk}", {"manager_usernames": ["editor_b"]}).status_code == 403
    # Refused in part → refused whole: the name is not kept when the managers are refused.
    both = patch(manager, f"/sites/{street_site.pk}", {"name": "半个改动", "manager_usernames": ["editor_b"]})
    street_site.refresh_from_db()
    assert both.status_code == 403 and street_site.name == "街道政务公开网"
    office_client = api_as(office)
    moved = patch(office_client, f"/sites/{street_site.pk}", {"host": "jd.example.cn", "manager_usernames": []})
    assert moved.status_code == 200 and moved.json()["host"] == "jd.example.cn"
    assert not street_site.managers.exists()
    unknown = patch(office_client, f"/sites/{street_site.pk}", {"unit_ids": [999999]})
    assert unknown.status_code == 422 and unknown.json()["field"] == "unit_ids"
    assert patch(office_client, "/sites/999999", {"name": "无"}).status_code == 404


def test_columns_are_created_changed_and_retired(
    office: Any, api_as: Callable[[Any], ApiClient], street_site: Site, unit_b: Unit, make_public: Any
) -> None:
    item = make_public("街道通知", unit=unit_b)
    client = api_as(office)
    path = f"/sites/{street_site.pk}/columns"
    made = client.post(
        path, {"name": "街道动态", "slug": "jddt", "rules": {"unit_ids": [unit_b.pk], "genres": ["通知"]}}
    )
    assert made.status_code == 201, made.content
    column = made.json()
    assert column["rules"] == {"unit_ids": [unit_b.pk], "genres": ["notice"]}  # a label is taken for its code
    assert column["url"] == f"http://{STREET}/lm/jddt/" and column["item_ids"] == []
    child = client.post(path, {"name": "通知", "slug": "tz", "parent_id": column["id"], "item_ids": [item.pk]}).json()
    assert child["parent_id"] == column["id"] and child["item_ids"] == [item.pk]
    twice = client.post(path, {"name": "重复", "slug": "jddt"})
    assert twice.status_code == 422 and twice.json()["field"] == "slug"
    bad_rule = client.post(path, {"name": "坏", "slug": "bad", "rules": {"kinds": ["nonsense"]}})
    assert bad_rule.status_code == 422 and bad_rule.json()["field"] == "kinds"
    unknown_unit = client.post(path, {"name": "坏", "slug": "bad", "rules": {"unit_ids": [999999]}})
    assert unknown_unit.status_code == 422 and unknown_unit.json()["field"] == "rules.unit_ids"
    missing = client.post(path, {"name": "坏", "slug": "bad", "item_ids": [999999]})
    assert missing.status_code == 422 and missing.json()["field"] == "item_ids"
    loop = patch(client, f"/columns/{column['id']}", {"parent_id": child["id"]})
    assert loop.status_code == 422 and loop.json()["field"] == "parent_id"
    busy = patch(client, f"/columns/{column['id']}", {"retired": True})
    assert busy.status_code == 422 and busy.json()["field"] == "retired"
    renamed = patch(client, f"/columns/{child['id']}", {"name": "通知公告", "item_ids": [], "on_home": True})
    assert renamed.status_code == 200 and renamed.json()["name"] == "通知公告" and renamed.json()["item_ids"] == []
    retired = patch(client, f"/columns/{child['id']}", {"retired": True, "redirect_to_id": column["id"]})
    assert retired.status_code == 200 and retired.json()["retired"] is True
    assert retired.json()["redirect_to_id"] == column["id"]
    listed = api_as(None).get(path).json()
    assert [c["slug"] for c in listed] == ["jddt", "tz"] and listed[1]["retired"] is True
    assert AuditEntry.objects.filter(action="sites.column_retired").exists()


def test_only_the_office_and_the_sites_managers_change_columns(
    office: Any, editor_a: Any, editor_b: Any, api_as: Callable[[Any], ApiClient], street_site: Site
) -> None:
    services.set_managers(office, street_site, [editor_b])
    path = f"/sites/{street_site.pk}/columns"
    assert api_as(None).post(path, {"name": "甲", "slug": "a"}).status_code == 401
    assert api_as(editor_a).post(path, {"name": "甲", "slug": "a"}).status_code == 403
    made = api_as(editor_b).post(path, {"name": "甲", "slug": "a"})
    assert made.status_code == 201
    assert patch(api_as(editor_a), f"/columns/{made.json()['id']}", {"name": "乙"}).status_code == 403
    assert patch(api_as(editor_b), f"/columns/{made.json()['id']}", {"name": "乙"}).status_code == 200
    assert patch(api_as(editor_b), "/columns/999999", {"name": "乙"}).status_code == 404
    assert not Column.objects.filter(name="甲").exists()


def test_an_inactive_sites_columns_are_its_managers_alone(
    office: Any, editor_a: Any, api_as: Callable[[Any], ApiClient], street_site: Site
) -> None:
    services.create_column(office, street_site, name="动态", slug="dt")
    services.update_site(office, street_site, active=False)
    path = f"/sites/{street_site.pk}/columns"
    assert api_as(None).get(path).status_code == 404
    assert api_as(editor_a).get(path).status_code == 404
    assert [c["slug"] for c in api_as(office).get(path).json()] == ["dt"]


def test_a_columns_items_newest_first_in_fixed_queries(
    office: Any, api_as: Callable[[Any], ApiClient], street_site: Site, unit_b: Unit, make_public: Any
) -> None:
    column = services.create_column(office, street_site, name="动态", slug="dt", rules={"unit_ids": [unit_b.pk]})
    first = make_public("第一条", unit=unit_b)
    second = make_public("第二条", unit=unit_b)
    make_public("别的单位")
    client = api_as(None)
    path = f"/public/columns/{column.pk}/items"
    client.get(path)  # the sites are read once per process (current.py), not per request
    with CaptureQueriesContext(connection) as few:
        page = client.get(path)
    assert page.status_code == 200
    body = page.json()
    assert [r["id"] for r in body["results"]] == [second.pk, first.pk]
    assert body["total"] == 2 and body["total_capped"] is False and "body_html" not in body["results"][0]
    for n in range(3):
        make_public(f"更多{n}", unit=unit_b)
    with CaptureQueriesContext(connection) as more:
        assert client.get(path).json()["total"] == 5
    assert len(more) == len(few) <= 4
    assert client.get(path, page=501).status_code == 422
    assert client.get(path, page=2).json()["results"] == []
    services.update_column(office, column, retired=True)
    assert client.get(path).status_code == 404
    assert client.get("/public/columns/999999/items").status_code == 404


def test_public_items_and_search_answer_for_the_site_of_the_host(
    office: Any,
    api_as: Callable[[Any], ApiClient],
    portal: Site,
    street_site: Site,
    unit_b: Unit,
    make_public: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    services.create_column(office, street_site, name="动态", slug="dt", rules={"unit_ids": [unit_b.pk]})
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows on commit
        own = make_public("街道供暖通知", unit=unit_b)
        other = make_public("部门供暖通知")
    client = api_as(None)
    district = get(client, "/public/items", host=portal.host).json()
    assert {r["id"] for r in district["results"]} == {own.pk, other.pk}
    assert all(r["origin"] is None for r in district["results"])
    street = get(client, "/public/items", host=STREET).json()
    assert [r["id"] for r in street["results"]] == [own.pk] and street["total"] == 1
    found = get(client, "/search", host=STREET, q="供暖").json()
    assert [r["id"] for r in found["results"]] == [own.pk] and found["total"] == 1
    everywhere = get(client, "/search", host=portal.host, q="供暖").json()
    assert {r["id"] for r in everywhere["results"]} == {own.pk, other.pk}
    Item.objects.filter(pk=other.pk).update(unlisted=True)  # RULINGS.md 11: never listed
    district = get(client, "/public/items", host=portal.host).json()
    assert [r["id"] for r in district["results"]] == [own.pk]


def test_a_received_item_carries_its_origin_in_the_public_list_and_search(
    api_as: Callable[[Any], ApiClient], make_public: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.exchange.models import Received

    with django_capture_on_commit_callbacks(execute=True):  # the search index follows on commit
        received, own = make_public("市级转发的通知"), make_public("本级通知")
    Received.objects.create(
        item=received,
        origin_instance="city",
        origin_item=77,
        revision=1,
        organ="鄂尔多斯市人民政府",
        credit_code="11150600011532112K",
        origin_url="https://www.ordos.gov.cn/xxgk/77/",
    )
    rows = {r["id"]: r["origin"] for r in api_as(None).get("/public/items").json()["results"]}
    assert rows[own.pk] is None
    assert rows[received.pk] == {
        "instance": "city",
        "organ": "鄂尔多斯市人民政府",
        "credit_code": "11150600011532112K",
        "url": "https://www.ordos.gov.cn/xxgk/77/",
    }
    found = {r["id"]: r["origin"] for r in api_as(None).get("/search?q=通知").json()["results"]}
    assert found[own.pk] is None and found[received.pk] == rows[received.pk]
    Item.objects.filter(pk=received.pk).update(carried=True)  # as receiving makes it
    page = api_as(None).client.get(f"/xxgk/items/{received.pk}/").content.decode()
    assert "鄂尔多斯市人民政府" in page and 'href="https://www.ordos.gov.cn/xxgk/77/"' in page
