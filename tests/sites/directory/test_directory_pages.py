"""The public 办事服务 pages, per host: the list (search, categories, paging) and a service's guide
with the 政务服务网 link and the 蒙速办 QR code; a service of another site is not found; bounded
queries whatever the number of services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.sites.directory.models import Service
from gongkai.sites.models import Site

pytestmark = pytest.mark.django_db


def _get(path: str, host: str, **params: Any) -> Any:
    return Client().get(path, params, HTTP_HOST=host)


def test_the_list_shows_this_sites_services_by_category(
    portal: Site, street_site: Site, make_service: Callable[..., Service]
) -> None:
    make_service("最低生活保障审核确认", category="社会救助")
    make_service("结婚登记", category="婚姻登记")
    make_service("高龄津贴申请", category="养老服务", site_ids=[street_site.pk])
    on_portal = _get("/bszn/", portal.host).content.decode()
    assert "最低生活保障审核确认" in on_portal and "婚姻登记" in on_portal
    assert "高龄津贴申请" not in on_portal
    on_street = _get("/bszn/", street_site.host).content.decode()
    assert "高龄津贴申请" in on_street and "养老服务" in on_street


def test_the_search_box_finds_by_department_and_says_how_many(
    portal: Site, make_service: Callable[..., Service]
) -> None:
    make_service("最低生活保障审核确认")
    make_service("居住证申领", department_name="鄂尔多斯市公安局康巴什区分局", category="户籍证件")
    page = _get("/bszn/", portal.host, q="公安局").content.decode()
    assert "居住证申领" in page and "最低生活保障审核确认" not in page
    assert "找到 1 项服务" in page
    assert "没有找到相关事项" in _get("/bszn/", portal.host, q="不存在的事项").content.decode()


def test_a_service_page_has_every_element_the_link_and_the_qr_code(
    portal: Site, make_service: Callable[..., Service]
) -> None:
    service = make_service(steps="网上申请\n审核\n办结", time_limit="30个工作日")
    response = _get(f"/bszn/{service.pk}/", portal.host)
    page = response.content.decode()
    for text in (
        "事项名称",
        "设定依据",
        "《社会救助暂行办法》第九条",
        "申请条件",
        "办理材料",
        "<li>户口簿</li>",
        "30个工作日",
    ):
        assert text in page
    assert 'href="https://zwfw.nmg.gov.cn/bszn/150603-dibao"' in page
    assert "<svg" in page and 'role="img"' in page and "蒙速办二维码" in page
    assert "https://msb.nmg.gov.cn/app/service/150603-dibao</a>" in page  # the QR's text alternative


def test_another_sites_service_and_an_inactive_one_are_not_found(
    office: Any, portal: Site, street_site: Site, make_service: Callable[..., Service]
) -> None:
    from gongkai.sites.directory import services

    street_only = make_service("高龄津贴申请", site_ids=[street_site.pk])
    assert _get(f"/bszn/{street_only.pk}/", portal.host).status_code == 404
    assert _get(f"/bszn/{street_only.pk}/", street_site.host).status_code == 200
    services.deactivate_service(office, street_only)
    assert _get(f"/bszn/{street_only.pk}/", street_site.host).status_code == 404


def test_pages_make_the_same_queries_for_few_and_many_services(
    portal: Site, make_service: Callable[..., Service], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.sites import current

    monkeypatch.setattr(current, "TTL", 3600.0)  # the sites read once, however long the test takes
    first = make_service("事项0")
    make_service("事项1")
    _get("/bszn/", portal.host)  # the sites and the site profile are read once per process
    counts = []
    for _round in range(2):
        _get("/bszn/", portal.host)  # a change read the site's frame again: once per page-cache generation
        with CaptureQueriesContext(connection) as list_queries:
            assert _get("/bszn/", portal.host, q="事项").status_code == 200
        with CaptureQueriesContext(connection) as page_queries:
            assert _get(f"/bszn/{first.pk}/", portal.host).status_code == 200
        counts.append((len(list_queries), len(page_queries)))
        for n in range(30):
            make_service(f"事项{n + 2}", department_name=f"部门{n}", category=f"类别{n % 5}")
    assert counts[0] == counts[1]
    assert counts[0][0] <= 6 and counts[0][1] <= 3, counts
