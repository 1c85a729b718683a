"""The office's 办事服务 pages: the list with link states, create and edit with errors beside the
fields, deactivate, and "check links now" against a local server (never the internet)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from gongkai.sites.directory.demo import SERVICES, seed_services
from gongkai.sites.directory.models import Service
from tests.supervision.inspection.conftest import Handler, server  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_office_creates_and_edits_a_service(logged_in: Any, office: Any) -> None:
    client = logged_in(office)
    assert "新增办事服务" in client.get(reverse("workbench:services")).content.decode()
    bad = client.post(reverse("workbench:service_create"), {"name": "结婚登记", "url": "http://x.cn/"})
    text = bad.content.decode()
    assert bad.status_code == 422 and "https://" in text and "办理部门" in text
    done = client.post(
        reverse("workbench:service_create"),
        {"name": "结婚登记", "department_name": "康巴什区民政局", "basis": "《婚姻登记条例》", "active": "on"},
    )
    assert done.status_code == 302
    service = Service.objects.get()
    edit = client.post(
        reverse("workbench:service_edit", args=[service.pk]),
        {"name": "结婚登记（内地居民）", "department_name": "康巴什区民政局", "active": "on"},
    )
    assert edit.status_code == 302 and Service.objects.get().name == "结婚登记（内地居民）"


def test_deactivating_takes_it_off_the_list_of_the_site(
    logged_in: Any, office: Any, make_service: Callable[..., Service]
) -> None:
    service = make_service()
    logged_in(office).post(reverse("workbench:service_deactivate", args=[service.pk]))
    service.refresh_from_db()
    assert not service.active


def test_check_links_now_shows_each_state(
    logged_in: Any,
    office: Any,
    make_service: Callable[..., Service],
    server: str,  # noqa: F811
) -> None:
    ok = make_service("结婚登记", app_url="")
    broken = make_service("居住证申领", app_url="")
    Service.objects.filter(pk=ok.pk).update(url=f"{server}/ok")
    Service.objects.filter(pk=broken.pk).update(url=f"{server}/missing")
    response = logged_in(office).post(reverse("workbench:service_check_links"), follow=True)
    text = response.content.decode()
    assert "已检查2项办事服务的链接：1项可用，1项不可用" in text
    assert "服务器返回404" in text and "可用" in text


def test_the_demo_seeds_ten_services_once(db: Any) -> None:
    assert seed_services() == len(SERVICES) >= 10
    assert seed_services() == 0
    assert all(s.url.startswith("https://zwfw.nmg.gov.cn/") for s in Service.objects.all())
