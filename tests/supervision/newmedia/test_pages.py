"""The workbench pages (list filters, pagination, empty state, the account page, the forms'
errors) and the public matrix page (no staff data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from gongkai.orgs.models import Unit
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account
from tests.supervision.newmedia.conftest import platform

NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
pytestmark = pytest.mark.usefixtures("site")


def test_the_list_is_empty_at_first(logged_in: Callable[[Any], Any], office: Any) -> None:
    text = logged_in(office).get(reverse("workbench:newmedia")).content.decode()
    assert "没有符合条件的政务新媒体账号。" in text


@time_machine.travel(NOW, tick=False)
def test_the_list_filters_by_unit_platform_state_and_stale(
    logged_in: Callable[[Any], Any], office: Any, make_account: Callable[..., Account], unit_a: Unit, unit_b: Unit
) -> None:
    fresh = make_account(unit_a, name="新鲜号")
    Account.objects.filter(pk=fresh.pk).update(last_content_on=dt.date(2026, 12, 1))
    make_account(unit_b, name="陈旧号", code="weibo")
    make_account(unit_b, lc.APPLICATION, name="申请号", code="douyin")
    client = logged_in(office)

    def names(**query: Any) -> set[str]:
        text = client.get(reverse("workbench:newmedia"), query).content.decode()
        return {n for n in ("新鲜号", "陈旧号", "申请号") if n in text}

    assert names() == {"新鲜号", "陈旧号", "申请号"}
    assert names(unit=unit_b.pk) == {"陈旧号", "申请号"}
    assert names(platform=platform("weibo").pk) == {"陈旧号"}
    assert names(state=lc.APPLICATION) == {"申请号"}
    assert names(state="live") == {"新鲜号", "陈旧号"}
    assert names(stale="1") == {"陈旧号"}
    assert names(unit="x" * 30, platform="-1", state="nonsense") == {"新鲜号", "陈旧号", "申请号"}


def test_the_list_is_paginated(
    logged_in: Callable[[Any], Any], office: Any, make_account: Callable[..., Account], unit_a: Unit
) -> None:
    for n in range(31):
        make_account(unit_a, lc.APPLICATION, name=f"号{n:02d}")
    client = logged_in(office)
    first = client.get(reverse("workbench:newmedia")).content.decode()
    second = client.get(reverse("workbench:newmedia"), {"page": 2}).content.decode()
    assert "第 1 / 2 页，共 31 条" in first and "号30" not in first
    assert "号30" in second and "号00" not in second


@time_machine.travel(NOW, tick=False)
def test_apply_then_approve_through_the_pages(
    logged_in: Callable[[Any], Any], editor_a: Any, office: Any, unit_a: Unit
) -> None:
    data = {"unit_id": unit_a.pk, "platform_id": platform().pk, "name": "测试民政", "purpose": "发布政务信息",
            "account_id": "csmz", "home_url": "https://example.cn/csmz"}  # fmt: skip
    response = logged_in(editor_a).post(reverse("workbench:newmedia_apply"), data)
    account = Account.objects.get(name="测试民政")
    assert response.status_code == 302 and response["Location"] == reverse(
        "workbench:newmedia_account", args=[account.pk]
    )
    page = logged_in(office).get(response["Location"]).content.decode()
    assert "批准开设" in page and "不予批准" in page and "申请开设" in page
    editor_page = logged_in(editor_a).get(response["Location"]).content.decode()
    assert 'value="approve"' not in editor_page
    logged_in(office).post(reverse("workbench:newmedia_step", args=[account.pk]), {"action": "approve"})
    assert Account.objects.get(pk=account.pk).state == lc.APPROVED


def test_apply_errors_name_the_fields_in_chinese(logged_in: Callable[[Any], Any], editor_a: Any, unit_a: Unit) -> None:
    response = logged_in(editor_a).post(reverse("workbench:newmedia_apply"), {"unit_id": unit_a.pk, "home_url": "x"})
    text = response.content.decode()
    assert response.status_code == 422
    assert "请选择“平台”" in text and "请填写“账号名称”" in text and "请填写“开设理由”" in text
    assert "“账号主页”应为以http://或https://开头的网址" in text


def test_a_step_without_its_reason_keeps_the_form_open_with_the_error(
    logged_in: Callable[[Any], Any], office: Any, make_account: Callable[..., Account], unit_a: Unit
) -> None:
    account = make_account(unit_a, lc.APPLICATION)
    url = reverse("workbench:newmedia_step", args=[account.pk])
    response = logged_in(office).post(url, {"action": "reject", "reject-reason": ""})
    assert response.status_code == 422
    assert "请填写“不予批准的理由”" in response.content.decode()
    assert Account.objects.get(pk=account.pk).state == lc.APPLICATION


def test_a_step_the_state_does_not_allow_says_so(
    logged_in: Callable[[Any], Any], office: Any, make_account: Callable[..., Account], unit_a: Unit
) -> None:
    account = make_account(unit_a, lc.OPERATING)
    client = logged_in(office)
    response = client.post(reverse("workbench:newmedia_step", args=[account.pk]), {"action": "approve"}, follow=True)
    assert "账号当前状态为“运营中”，不能进行此操作" in response.content.decode()
    assert client.post(reverse("workbench:newmedia_step", args=[account.pk]), {"action": "drop"}).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_content_date_form(
    logged_in: Callable[[Any], Any], make_account: Callable[..., Account], unit_a: Unit, editor_a: Any
) -> None:
    account = make_account(unit_a, lc.OPERATING)
    client = logged_in(editor_a)
    url = reverse("workbench:newmedia_content", args=[account.pk])
    future = client.post(url, {"content-on": "2026-12-03"})
    assert future.status_code == 422 and "“最近更新日期”不能晚于今天" in future.content.decode()
    bad = client.post(url, {"content-on": "2026-13-01"})
    assert bad.status_code == 422 and "“最近更新日期”格式应为YYYY-MM-DD" in bad.content.decode()
    assert client.post(url, {"content-on": "2026-11-30"}).status_code == 302
    page = client.get(reverse("workbench:newmedia_account", args=[account.pk])).content.decode()
    assert "2026-11-30" in page and "单位填报" in page and "更新不及时" not in page


def test_the_account_page_shows_the_history(
    logged_in: Callable[[Any], Any], office: Any, make_account: Callable[..., Account], unit_a: Unit
) -> None:
    account = make_account(unit_a, lc.RECTIFICATION)
    text = logged_in(office).get(reverse("workbench:newmedia_account", args=[account.pk])).content.decode()
    assert "运营中 → 整改中" in text and "已批准 → 已备案" in text
    assert "责令整改：理由" in text
    assert "关停" in text and "注销" in text and "报告整改完成" in text


def test_details_form_refuses_a_bad_feed_url(
    logged_in: Callable[[Any], Any], editor_a: Any, make_account: Callable[..., Account], unit_a: Unit
) -> None:
    account = make_account(unit_a, lc.OPERATING)
    data = {"details-name": "新名", "details-account_id": "x1", "details-feed_url": "file:///etc/passwd"}
    response = logged_in(editor_a).post(reverse("workbench:newmedia_details", args=[account.pk]), data)
    assert response.status_code == 422 and "“订阅源地址”应为以http://或https://开头的网址" in response.content.decode()


def test_settings_and_platforms(logged_in: Callable[[Any], Any], office: Any) -> None:
    client = logged_in(office)
    bad = client.post(reverse("workbench:newmedia_settings"), {"stale_after_days": "0"})
    assert bad.status_code == 422 and "“未更新提示天数”应在1到365之间" in bad.content.decode()
    assert client.post(reverse("workbench:newmedia_settings"), {"stale_after_days": "7"}).status_code == 302
    assert client.post(reverse("workbench:newmedia_platform_add"), {"platform-name": "B站"}).status_code == 302
    again = client.post(reverse("workbench:newmedia_platform_add"), {"platform-name": "B站"})
    assert again.status_code == 422 and "“平台名称”已存在" in again.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_review_page_and_export(
    logged_in: Callable[[Any], Any], office: Any, make_account: Callable[..., Account], unit_a: Unit
) -> None:
    account = make_account(unit_a, lc.OPERATING, name="审核号")
    client = logged_in(office)
    page = client.get(reverse("workbench:newmedia_reviews"), {"year": 2026}).content.decode()
    assert "审核号" in page and "已审核 0 / 1 个账号" in page
    prefix = f"review-{account.pk}"
    url = reverse("workbench:newmedia_review", args=[account.pk])
    missing = client.post(url, {f"{prefix}-year": "2026", f"{prefix}-result": "rectify"})
    assert missing.status_code == 422 and "整改要求" in missing.content.decode()
    wrong_year = client.post(url, {f"{prefix}-year": "2020", f"{prefix}-result": "passed"})
    assert wrong_year.status_code == 422 and "不在年度审核名单中" in wrong_year.content.decode()
    done = client.post(url, {f"{prefix}-year": "2026", f"{prefix}-result": "passed"})
    assert done.status_code == 302
    assert "已审核 1 / 1 个账号" in client.get(done["Location"]).content.decode()
    export = client.get(reverse("workbench:newmedia_reviews_export"), {"year": 2026})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert export.content[:2] == b"PK"


def test_the_public_matrix_shows_live_accounts_without_staff_data(
    client: Any, make_account: Callable[..., Account], unit_a: Unit, unit_b: Unit
) -> None:
    live = make_account(unit_a, lc.OPERATING, name="公开号", home_url="https://example.cn/gk")
    rectifying = make_account(unit_b, lc.RECTIFICATION, name="整改号", code="weibo")
    make_account(unit_a, lc.CLOSED, name="关停号")
    make_account(unit_a, lc.APPLICATION, name="申请号")
    response = client.get(reverse("portal:newmedia"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "公开号" in text and live.account_id in text and 'href="https://example.cn/gk"' in text
    assert "整改号" in text and "测试区教育局" in text
    assert "关停号" not in text and "申请号" not in text
    assert live.filing_number not in text and rectifying.filing_number not in text and "整改中" not in text
    only_weibo = client.get(reverse("portal:newmedia"), {"platform": platform("weibo").pk}).content.decode()
    assert "整改号" in only_weibo and "公开号" not in only_weibo


def test_the_public_matrix_empty_state(client: Any, db: Any) -> None:
    assert "暂无政务新媒体账号。" in client.get(reverse("portal:newmedia")).content.decode()
