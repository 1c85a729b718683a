"""Changes through the services: who may take which step, what each step needs, the history and
the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia import services
from gongkai.supervision.newmedia.models import Account, AccountEvent, AppendOnly
from tests.supervision.newmedia.conftest import platform

SH = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=SH)


def _application(unit: Unit, **extra: Any) -> services.Application:
    values = {"unit_id": unit.pk, "platform_id": platform().pk, "name": "测试民政", "purpose": "发布政务信息"}
    return services.Application(**(values | extra))


def test_an_editor_applies_for_the_unit_and_the_history_and_audit_say_so(editor_a: Any, unit_a: Unit) -> None:
    account = services.apply(editor_a, _application(unit_a, account_id="csmz"))
    assert account.state == lc.APPLICATION
    event = AccountEvent.objects.get(account=account)
    assert (event.action, event.from_state, event.to_state, event.by) == ("apply", "", lc.APPLICATION, editor_a)
    entry = AuditEntry.objects.get(action="newmedia.applied")
    assert entry.object_id == str(account.pk) and entry.after["name"] == "测试民政"


def test_an_editor_may_not_apply_for_another_unit(editor_a: Any, unit_b: Unit) -> None:
    with pytest.raises(PermissionDenied):
        services.apply(editor_a, _application(unit_b))
    assert not Account.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "signer", "handler"])
def test_other_roles_may_not_apply(make_person: Callable[..., Any], unit_a: Unit, role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.apply(make_person(role, role, unit_a), _application(unit_a))


def test_the_application_names_the_missing_fields_in_chinese(editor_a: Any, unit_a: Unit) -> None:
    with pytest.raises(ValidationError) as caught:
        services.apply(editor_a, services.Application(unit_a.pk, None, " ", home_url="ftp://x"))
    errors = caught.value.message_dict
    assert errors["name"] == ["请填写“账号名称”"]
    assert errors["platform_id"] == ["请选择“平台”"]
    assert "账号主页" in errors["home_url"][0]


def test_the_same_account_id_on_one_platform_is_refused(editor_a: Any, unit_a: Unit) -> None:
    services.apply(editor_a, _application(unit_a, account_id="same"))
    with pytest.raises(ValidationError) as caught:
        services.apply(editor_a, _application(unit_a, account_id="same", name="另一个"))
    assert "账号ID" in caught.value.message_dict["account_id"][0]


def test_the_whole_lifecycle(office: Any, editor_a: Any, unit_a: Unit) -> None:
    account = services.apply(editor_a, _application(unit_a, account_id="csmz"))
    services.transition(office, account.pk, lc.APPROVE)
    services.transition(office, account.pk, lc.FILE, filing_number="BA150603-001")
    services.transition(editor_a, account.pk, lc.START)
    services.transition(office, account.pk, lc.ORDER_RECTIFICATION, reason="留言未回复")
    services.transition(editor_a, account.pk, lc.REPORT_RECTIFIED, reason="已逐条回复")
    done = services.transition(office, account.pk, lc.CLOSE, reason="整合至区政府账号")
    assert done.state == lc.CLOSED and done.filing_number == "BA150603-001"
    steps = list(AccountEvent.objects.filter(account=account).values_list("from_state", "to_state", "reason"))
    assert steps == [
        ("", lc.APPLICATION, "发布政务信息"),
        (lc.APPLICATION, lc.APPROVED, ""),
        (lc.APPROVED, lc.FILED, ""),
        (lc.FILED, lc.OPERATING, ""),
        (lc.OPERATING, lc.RECTIFICATION, "留言未回复"),
        (lc.RECTIFICATION, lc.OPERATING, "已逐条回复"),
        (lc.OPERATING, lc.CLOSED, "整合至区政府账号"),
    ]
    actions = list(AuditEntry.objects.filter(object_id=str(account.pk)).order_by("pk").values_list("action", flat=True))
    assert actions == ["newmedia.applied", "newmedia.approve", "newmedia.file", "newmedia.start",
                       "newmedia.order_rectification", "newmedia.report_rectified", "newmedia.close"]  # fmt: skip


OFFICE_STEPS = [
    (lc.APPLICATION, lc.APPROVE),
    (lc.APPROVED, lc.FILE),
    (lc.OPERATING, lc.ORDER_RECTIFICATION),
    (lc.OPERATING, lc.CLOSE),
]


@pytest.mark.parametrize(("state", "action"), OFFICE_STEPS)
def test_office_steps_are_refused_to_the_unit(
    make_account: Callable[..., Account], unit_a: Unit, editor_a: Any, state: str, action: str
) -> None:
    account = make_account(unit_a, state)
    with pytest.raises(PermissionDenied):
        services.transition(editor_a, account.pk, action, reason="r", filing_number="X-1")
    assert Account.objects.get(pk=account.pk).state == state


@pytest.mark.parametrize(("state", "action"), [(lc.FILED, lc.START), (lc.RECTIFICATION, lc.REPORT_RECTIFIED)])
def test_unit_steps_belong_to_the_units_editor(
    make_account: Callable[..., Account], unit_a: Unit, editor_b: Any, reviewer_a: Any, state: str, action: str
) -> None:
    account = make_account(unit_a, state)
    with pytest.raises(Http404):
        services.transition(editor_b, account.pk, action, reason="r")
    with pytest.raises(PermissionDenied):
        services.transition(reviewer_a, account.pk, action, reason="r")


def test_a_step_the_state_does_not_allow_is_a_conflict(
    make_account: Callable[..., Account], unit_a: Unit, office: Any
) -> None:
    account = make_account(unit_a, lc.CLOSED)
    with pytest.raises(services.Conflict) as caught:
        services.transition(office, account.pk, lc.APPROVE)
    assert "已关停" in caught.value.message


@pytest.mark.parametrize("action", [lc.REJECT, lc.ORDER_RECTIFICATION, lc.CLOSE, lc.CANCEL])
def test_rejection_rectification_and_closure_need_a_reason(
    make_account: Callable[..., Account], unit_a: Unit, office: Any, action: str
) -> None:
    state = lc.APPLICATION if action == lc.REJECT else lc.OPERATING
    account = make_account(unit_a, state)
    with pytest.raises(ValidationError) as caught:
        services.transition(office, account.pk, action, reason="  ")
    assert caught.value.message_dict == {"reason": ["请填写“理由”"]}


def test_filing_needs_a_unique_number(make_account: Callable[..., Account], unit_a: Unit, office: Any) -> None:
    first = make_account(unit_a, lc.FILED)
    account = make_account(unit_a, lc.APPROVED)
    with pytest.raises(ValidationError) as caught:
        services.transition(office, account.pk, lc.FILE)
    assert "备案编号" in caught.value.message_dict["filing_number"][0]
    with pytest.raises(ValidationError) as caught:
        services.transition(office, account.pk, lc.FILE, filing_number=first.filing_number)
    assert caught.value.message_dict["filing_number"] == ["“备案编号”已被其他账号使用"]


def test_starting_needs_the_account_id(office: Any, editor_a: Any, unit_a: Unit) -> None:
    account = services.apply(editor_a, _application(unit_a))
    services.transition(office, account.pk, lc.APPROVE)
    services.transition(office, account.pk, lc.FILE, filing_number="BA-1")
    with pytest.raises(ValidationError) as caught:
        services.transition(editor_a, account.pk, lc.START)
    assert "账号ID" in caught.value.message_dict["account_id"][0]
    services.update_details(editor_a, account.pk, {"name": "测试民政", "account_id": "csmz", "home_url": "",
                                                   "feed_url": "", "interaction_available": True})  # fmt: skip
    assert services.transition(editor_a, account.pk, lc.START).state == lc.OPERATING


def test_the_database_refuses_a_filed_account_without_number(
    make_account: Callable[..., Account], unit_a: Unit
) -> None:
    account = make_account(unit_a, lc.OPERATING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=account.pk).update(filing_number="")


def test_events_are_append_only(make_account: Callable[..., Account], unit_a: Unit) -> None:
    event = AccountEvent.objects.filter(account=make_account(unit_a)).first()
    assert event is not None
    event.reason = "改写"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AccountEvent.objects.all().update(reason="x")


@time_machine.travel(NOW, tick=False)
def test_the_unit_records_the_last_content_date_not_in_the_future(
    make_account: Callable[..., Account], unit_a: Unit, editor_a: Any, reviewer_a: Any
) -> None:
    account = make_account(unit_a)
    done = services.record_content(editor_a, account.pk, dt.date(2026, 12, 1))
    assert (done.last_content_on, done.content_source) == (dt.date(2026, 12, 1), Account.Source.ENTERED)
    assert AuditEntry.objects.get(action="newmedia.content_entered").after == {
        "last_content_on": "2026-12-01",
        "content_source": "entered",
    }
    with pytest.raises(ValidationError) as caught:
        services.record_content(editor_a, account.pk, dt.date(2026, 12, 3))
    assert caught.value.message_dict == {"on": ["“最近更新日期”不能晚于今天"]}
    with pytest.raises(PermissionDenied):
        services.record_content(reviewer_a, account.pk, dt.date(2026, 12, 1))


def test_no_content_date_for_a_closed_account(make_account: Callable[..., Account], unit_a: Unit, office: Any) -> None:
    account = make_account(unit_a, lc.CLOSED)
    with pytest.raises(services.Conflict):
        services.record_content(office, account.pk, dt.date(2026, 1, 1))


def test_settings_are_the_offices(office: Any, editor_a: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.update_settings(editor_a, stale_after_days=7)
    with pytest.raises(ValidationError) as caught:
        services.update_settings(office, stale_after_days=0)
    assert "未更新提示天数" in caught.value.message_dict["stale_after_days"][0]
    assert services.update_settings(office, stale_after_days=7).stale_after_days == 7
    assert AuditEntry.objects.filter(action="newmedia.settings_changed").count() == 1


def test_the_office_adds_a_platform(office: Any, editor_a: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.add_platform(editor_a, name="B站")
    added = services.add_platform(office, name="B站", offers_feed=True)
    assert added.code and added.offers_feed
    with pytest.raises(ValidationError) as caught:
        services.add_platform(office, name="B站")
    assert caught.value.message_dict == {"name": ["“平台名称”已存在"]}


def test_the_platforms_are_seeded(db: Any) -> None:
    from gongkai.supervision.newmedia.models import Platform

    names = list(Platform.objects.values_list("name", flat=True))
    assert names == ["微信公众号", "微博", "抖音", "今日头条", "视频号", "快手", "小红书", "其他"]
