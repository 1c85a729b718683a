"""What the office does in the workbench: units, people and roles, calendar, audit export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Membership, Unit
from gongkai.workdays.models import CalendarYear


def test_office_creates_unit_and_bad_code_names_the_field(office: Any, logged_in: Any, government: Unit) -> None:
    client = logged_in(office)
    data = {
        "name": "测试区统计局",
        "kind": "department",
        "credit_code": "91350100M000100Y44",
        "parent": government.pk,
        "position": 1,
        "active": "on",
    }
    page = client.post(reverse("workbench:unit_create"), data)
    assert page.status_code == 200
    assert "统一社会信用代码" in page.content.decode() and "校验码错误" in page.content.decode()
    assert not Unit.objects.filter(name="测试区统计局").exists()
    data["credit_code"] = "91350100M000100Y43"
    assert client.post(reverse("workbench:unit_create"), data).status_code == 302
    assert Unit.objects.filter(name="测试区统计局").exists()


def test_unit_cannot_become_its_own_ancestor(office: Any, logged_in: Any, government: Unit, unit_a: Unit) -> None:
    data = {
        "name": government.name,
        "kind": "government",
        "credit_code": government.credit_code,
        "parent": unit_a.pk,
        "position": 0,
        "active": "on",
    }
    page = logged_in(office).post(reverse("workbench:unit_edit", args=[government.pk]), data)
    assert "上级单位不能是本单位或其下级单位" in page.content.decode()
    government.refresh_from_db()
    assert government.parent is None


def test_office_creates_person_with_role(office: Any, logged_in: Any, unit_a: Unit) -> None:
    client = logged_in(office)
    weak = client.post(
        reverse("workbench:person_create"),
        {"username": "new_editor", "full_name": "赵六", "password": "1234567890", "unit": unit_a.pk, "role": "editor"},
    )
    assert weak.status_code == 200 and not get_user_model().objects.filter(username="new_editor").exists()
    response = client.post(
        reverse("workbench:person_create"),
        {
            "username": "new_editor",
            "full_name": "赵六",
            "password": "a-long-Unusual-pass-42",
            "unit": unit_a.pk,
            "role": "editor",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(username="new_editor")
    assert Membership.objects.filter(user=user, unit=unit_a, role="editor").exists()
    assert AuditEntry.objects.filter(action="membership.granted").exists()


def test_office_cannot_revoke_own_office_role(office: Any, logged_in: Any) -> None:
    membership = Membership.objects.get(user=office)
    logged_in(office).post(reverse("workbench:membership_revoke", args=[membership.pk]))
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_calendar_missing_is_visible_and_office_enters_the_year(office: Any, editor_a: Any, logged_in: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC), tick=False):
        inbox = logged_in(editor_a).get(reverse("workbench:inbox")).content.decode()
        assert "缺少2027年工作日历" in inbox
        office_inbox = logged_in(office).get(reverse("workbench:inbox")).content.decode()
        assert "录入2027年工作日历" in office_inbox
        bad = logged_in(office).post(
            reverse("workbench:calendar_year"),
            {"year": 2027, "notice": "测试数据", "holidays": "2027-13-01 元旦", "makeup_days": ""},
        )
        assert bad.status_code == 422 and "第1行" in bad.content.decode()
        assert not CalendarYear.objects.exists()
        ok = logged_in(office).post(
            reverse("workbench:calendar_year"),
            {
                "year": 2027,
                "notice": "测试数据（非真实通知）",
                "holidays": "2027-01-01 至 2027-01-03 元旦",
                "makeup_days": "",
            },
        )
        assert ok.status_code == 302
        inbox = logged_in(editor_a).get(reverse("workbench:inbox")).content.decode()
        assert "缺少2027年工作日历" not in inbox


def test_audit_csv_export(office: Any, logged_in: Any, unit_a: Unit) -> None:
    from gongkai.orgs import services

    services.update_unit(office, unit_a, short_name="=HYPERLINK(1)")
    response = logged_in(office).get(reverse("workbench:audit_export"), {"action": "unit.changed"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["时间", "操作人", "操作"]
    assert len(rows) == 2 and rows[1][1] == "office" and rows[1][2] == "unit.changed"
    assert "'=HYPERLINK" not in rows[1][8] or rows[1][8].startswith("{")  # JSON cell, not a formula


def test_audit_list_filters_and_paginates(office: Any, logged_in: Any) -> None:
    from gongkai.audit.services import record

    for n in range(60):
        record(office, "demo.event", object_type="demo", object_id=str(n))
    client = logged_in(office)
    first = client.get(reverse("workbench:audit"), {"action": "demo.event"}).content.decode()
    assert "第 1 / 2 页" in first
    bad = client.get(reverse("workbench:audit"), {"since": "2026-05-01", "until": "2026-04-01"}).content.decode()
    assert "截止日期不能早于起始日期" in bad


def test_office_edits_contact_data_and_the_guide_follows(office: Any, logged_in: Any, site: Any) -> None:
    client = logged_in(office)
    form = client.get(reverse("workbench:site")).context["form"]
    data = {
        name: (value.pk if hasattr(value, "pk") else value or "")
        for name, value in form.initial.items()
        if name in form.fields
    }
    data["phone"] = "0477-7654321"
    data["email"] = "not-an-email"
    bad = client.post(reverse("workbench:site"), data)
    assert bad.status_code == 422 and "电子邮箱" in bad.content.decode()
    data["email"] = "gk@example.gov.cn"
    assert client.post(reverse("workbench:site"), data).status_code == 302
    assert "0477-7654321" in client.get(reverse("portal:guide")).content.decode()
    entry = AuditEntry.objects.get(action="site.changed")
    assert entry.before == {"phone": "0477-1234567", "email": ""}
    assert entry.after == {"phone": "0477-7654321", "email": "gk@example.gov.cn"}
