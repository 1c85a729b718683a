"""API.md "Sites, columns and services": GET /api/v1/public/services?q= per the Host's site, and
the office's POST / PATCH / DELETE /api/v1/services with 422 naming the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from gongkai.sites.directory.models import Service
from gongkai.sites.models import Site

pytestmark = pytest.mark.django_db


def test_the_public_search_answers_for_the_hosts_site(
    portal: Site, street_site: Site, make_service: Callable[..., Service]
) -> None:
    everywhere = make_service("最低生活保障审核确认")
    make_service("高龄津贴申请", site_ids=[street_site.pk])
    body = Client().get("/api/v1/public/services", {"q": "民政"}, HTTP_HOST=portal.host).json()
    assert [s["id"] for s in body] == [everywhere.pk]
    assert set(body[0]) >= {"id", "name", "department", "basis", "materials", "url"}
    assert body[0]["materials"] == ["居民身份证", "户口簿", "家庭收入情况声明"]
    assert body[0]["department"] == "鄂尔多斯市民政局"
    street = Client().get("/api/v1/public/services", HTTP_HOST=street_site.host).json()
    assert {s["name"] for s in street} == {"最低生活保障审核确认", "高龄津贴申请"}


def test_the_office_creates_a_service(api_as: Any, office: Any, street_site: Site, unit_a: Any) -> None:
    response = api_as(office).post(
        "/services",
        {
            "name": "结婚登记",
            "department_id": unit_a.pk,
            "basis": "《婚姻登记条例》第四条",
            "conditions": "双方自愿",
            "materials": ["居民身份证", "户口簿"],
            "url": "https://zwfw.nmg.gov.cn/bszn/jhdj",
            "site_ids": [street_site.pk],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["department"] == unit_a.name and body["site_ids"] == [street_site.pk]
    assert body["materials"] == ["居民身份证", "户口簿"] and body["link_state"] == "unchecked"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "x", "department_name": "y", "url": "http://zwfw.nmg.gov.cn/x"}, "url"),
        ({"name": "x"}, "department_id"),
        ({"name": "x", "department_id": 987654}, "department_id"),
        ({"name": "x", "department_name": "y", "site_ids": [987654]}, "site_ids"),
        ({"department_name": "y"}, "name"),
        ({"name": "x", "department_name": "y", "colour": "red"}, "colour"),
    ],
)
def test_a_bad_field_is_422_naming_it(api_as: Any, office: Any, payload: dict[str, Any], field: str) -> None:
    response = api_as(office).post("/services", payload)
    assert response.status_code == 422 and response.json()["field"] == field, response.json()
    assert response.json()["detail"] and Service.objects.count() == 0


def test_patch_deactivates_and_delete_removes(api_as: Any, office: Any, make_service: Callable[..., Service]) -> None:
    service = make_service()
    client = api_as(office)
    patched = client.client.patch(
        f"/api/v1/services/{service.pk}", {"active": False}, content_type="application/json", headers=client.headers
    )
    assert patched.status_code == 200 and patched.json()["active"] is False
    assert client.get("/public/services", q="最低").json() == []
    assert client.client.delete(f"/api/v1/services/{service.pk}", headers=client.headers).status_code == 204
    assert client.client.delete(f"/api/v1/services/{service.pk}", headers=client.headers).status_code == 404


def test_the_public_list_is_bounded_in_queries(
    portal: Site, make_service: Callable[..., Service], django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        make_service(f"事项{n}", department_name=f"部门{n}")
    Client().get("/api/v1/public/services", HTTP_HOST=portal.host)
    with django_assert_max_num_queries(3):
        body = Client().get("/api/v1/public/services", {"q": "事项"}, HTTP_HOST=portal.host).json()
    assert len(body) == 12
