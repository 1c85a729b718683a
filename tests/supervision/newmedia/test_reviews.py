"""The annual review (年度审核): which accounts are on a year's list, recording results, the export."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia import reviews, services
from gongkai.supervision.newmedia.models import Account, AnnualReview

SH = dt.timezone(dt.timedelta(hours=8))


def _at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 10, tzinfo=SH)


@pytest.fixture
def history(make_account: Callable[..., Account], unit_a: Unit, office: Any) -> dict[str, Account]:
    """Accounts started and closed at known times."""
    found = {}
    with time_machine.travel(_at(2024, 6, 1), tick=False):
        found["since_2024"] = make_account(unit_a, name="二〇二四年起")
        found["closed_2025"] = make_account(unit_a, name="二〇二五年关停")
        found["closed_2024"] = make_account(unit_a, name="二〇二四年关停")
    with time_machine.travel(_at(2024, 12, 31), tick=False):
        services.transition(office, found["closed_2024"].pk, lc.CLOSE, reason="整合")
    with time_machine.travel(_at(2025, 1, 1), tick=False):
        services.transition(office, found["closed_2025"].pk, lc.CLOSE, reason="整合")
    with time_machine.travel(_at(2026, 3, 1), tick=False):
        found["since_2026"] = make_account(unit_a, lc.RECTIFICATION, name="二〇二六年起")
        found["never"] = make_account(unit_a, lc.FILED, name="未运营")
    return found


def _names(year: int) -> list[str]:
    return [row.account.name for row in reviews.review_list(year)]


def test_the_list_holds_accounts_live_at_some_time_in_the_year(history: dict[str, Account]) -> None:
    assert _names(2023) == []
    assert sorted(_names(2024)) == sorted(["二〇二四年起", "二〇二五年关停", "二〇二四年关停"])
    assert sorted(_names(2025)) == sorted(["二〇二四年起", "二〇二五年关停"])
    assert sorted(_names(2026)) == sorted(["二〇二四年起", "二〇二六年起"])


@time_machine.travel(_at(2026, 12, 2), tick=False)
def test_the_office_records_and_corrects_a_result(history: dict[str, Account], office: Any, editor_a: Any) -> None:
    account = history["since_2024"]
    with pytest.raises(PermissionDenied):
        reviews.record_review(editor_a, account.pk, 2025, result="passed")
    reviews.record_review(office, account.pk, 2025, result="passed")
    review = reviews.record_review(office, account.pk, 2025, result="rectify", note="互动回应不及时")
    assert AnnualReview.objects.get().result == "rectify" and review.reviewer == office
    assert review.reviewed_on == dt.date(2026, 12, 2)
    assert AuditEntry.objects.filter(action="newmedia.reviewed").count() == 2
    assert [r.review.result if r.review else None for r in reviews.review_list(2025)].count("rectify") == 1


@time_machine.travel(_at(2026, 12, 2), tick=False)
def test_review_errors_name_the_field(history: dict[str, Account], office: Any) -> None:
    account = history["since_2026"]
    with pytest.raises(ValidationError) as caught:
        reviews.record_review(office, account.pk, 2025, result="passed")
    assert "不在年度审核名单中" in caught.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as caught:
        reviews.record_review(office, account.pk, 2026, result="rectify", reviewed_on=dt.date(2026, 12, 3))
    assert caught.value.message_dict["reviewed_on"] == ["“审核日期”不能晚于今天"]
    with pytest.raises(ValidationError) as caught:
        reviews.record_review(office, account.pk, 2026, result="rectify")
    assert "整改要求" in caught.value.message_dict["note"][0]
    with pytest.raises(ValidationError) as caught:
        reviews.record_review(office, account.pk, 2026, result="maybe")
    assert caught.value.message_dict["result"] == ["请选择“审核结果”"]


@time_machine.travel(_at(2026, 12, 2), tick=False)
def test_the_export_lists_every_account_with_its_result(history: dict[str, Account], office: Any) -> None:
    reviews.record_review(office, history["since_2024"].pk, 2026, result="passed", note="运营规范")
    sheet = load_workbook(io.BytesIO(reviews.render_xlsx(2026))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "主办单位", "平台", "账号名称")
    by_name = {r[3]: r for r in rows[1:]}
    assert set(by_name) == {"二〇二四年起", "二〇二六年起"}
    assert by_name["二〇二四年起"][9:11] == ("合格", "运营规范")
    assert by_name["二〇二四年起"][8] == dt.datetime(2026, 12, 2)
    assert by_name["二〇二六年起"][9] == "未审核"
