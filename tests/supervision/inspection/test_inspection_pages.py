"""The workbench pages of the inspection: history, run now, the report (veto items, deductions,
findings with links, filters, assigning), the office's rules, dictionaries and settings."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.supervision.inspection import jobs, services
from gongkai.supervision.inspection.models import ColumnRule, Inspection, InspectionSettings, WordEntry
from gongkai.supervision.ledger.models import Task
from tests.supervision.inspection.conftest import TODAY, Publish, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(office: Any, publish: Publish) -> Inspection:
    """An inspection with a veto (a wrong leader's title) and deductions (empty columns)."""
    publish("区政府召开常务会议", genre="news", body="<p>国务院总埋指出</p>")
    with time_machine.travel(at(TODAY), tick=False):
        return services.run_inspection(office, check_links=False)


def test_the_history_lists_inspections_and_the_schedule(logged_in: Any, office: Any, report: Inspection) -> None:
    text = logged_in(office).get(reverse("workbench:inspections")).content.decode()
    assert reverse("workbench:inspection", args=[report.pk]) in text and "2026-06-10" in text
    assert "每 7 日一次" in text and "不合格" in text


def test_run_now_starts_a_job_and_shows_its_progress_then_the_report(
    logged_in: Any, office: Any, publish: Publish, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    """Issue 17, point 12: the request only starts the run (the job is queued, not run in it) and
    the report's address shows the progress, refreshing itself, until the result is there."""
    queued: list[tuple[int, bool]] = []
    monkeypatch.setattr(jobs, "start_thread", lambda pk, links: queued.append((pk, links)))
    publish("区政府召开常务会议", genre="news")
    client = logged_in(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workbench:inspection_run"), {"check_links": "on"}, follow=True)
    inspection = Inspection.objects.get()
    assert queued == [(inspection.pk, True)] and inspection.state == Inspection.State.RUNNING
    assert response.redirect_chain[-1][0] == reverse("workbench:inspection", args=[inspection.pk])
    text = response.content.decode()
    assert "检查已开始" in text and "已排队，等待开始" in text and 'data-progress-poll="3"' in text
    assert f'max="{inspection.steps}"' in text and inspection.steps == 8
    services.execute(inspection.pk, check_links=True)
    text = client.get(reverse("workbench:inspection", args=[inspection.pk])).content.decode()
    assert "网站检查报告" in text and "data-progress-poll" not in text
    inspection.refresh_from_db()
    assert inspection.state == Inspection.State.DONE and inspection.links == Inspection.Links.DONE
    assert inspection.step == inspection.steps == 8


def test_the_report_shows_verdict_veto_deductions_and_findings(logged_in: Any, office: Any, report: Inspection) -> None:
    text = logged_in(office).get(reverse("workbench:inspection", args=[report.pk])).content.decode()
    assert "不合格" in text and "存在单项否决项" in text
    assert "错别字和严重表述错误" in text and "国务院总埋" in text and "国务院总理" in text
    item_url = report.findings.get(rule="wrong_word").url
    assert f'href="{item_url}"' in text
    assert "空白栏目" in text and "扣分上限" in text


def test_the_report_filters_by_rule_and_unit(logged_in: Any, office: Any, report: Inspection, unit_a: Unit) -> None:
    client = logged_in(office)
    url = reverse("workbench:inspection", args=[report.pk])
    word = f'id="finding-{report.findings.get(rule="wrong_word").pk}"'
    empty = f'id="finding-{report.findings.filter(rule="empty_column").first().pk}"'  # type: ignore[union-attr]
    by_rule = client.get(url, {"rule": "wrong_word"}).content.decode()
    assert word in by_rule and empty not in by_rule
    by_unit = client.get(url, {"unit": "none"}).content.decode()
    assert empty in by_unit and word not in by_unit
    assert word in client.get(url, {"unit": str(unit_a.pk)}).content.decode()


def test_assigning_a_finding_makes_a_task(logged_in: Any, office: Any, report: Inspection, unit_b: Unit) -> None:
    finding = report.findings.get(rule="wrong_word")
    url = reverse("workbench:inspection_assign", args=[finding.pk])
    response = logged_in(office).post(url, {"unit": unit_b.pk, "due_on": "2099-01-31"}, follow=True)
    finding.refresh_from_db()
    task = Task.objects.get(pk=finding.task_id)
    assert task.unit == unit_b and task.source == f"inspection.finding:{finding.pk}"
    text = response.content.decode()
    assert "已转为整改任务" in text and reverse("workbench:task", args=[task.pk]) in text


@pytest.mark.parametrize(
    ("data", "message"),
    [({"due_on": "2099-01-31"}, "请选择“责任单位”"), ({"unit": "{unit}", "due_on": "2000-01-01"}, "不能早于今天")],
)
def test_an_incomplete_assignment_names_the_field(
    logged_in: Any, office: Any, report: Inspection, unit_b: Unit, data: dict[str, str], message: str
) -> None:
    finding = report.findings.get(rule="wrong_word")
    body = {k: v.format(unit=unit_b.pk) for k, v in data.items()}
    response = logged_in(office).post(reverse("workbench:inspection_assign", args=[finding.pk]), body)
    assert response.status_code == 422 and message in response.content.decode()
    assert not Task.objects.exists()


def test_forms_need_the_csrf_token(office: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(office, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(reverse("workbench:inspection_run")).status_code == 403


def test_the_office_adds_and_edits_a_column_rule(logged_in: Any, office: Any) -> None:
    client = logged_in(office)
    data = {"new-name": "人事信息", "new-genres": ["notice"], "new-max_age_days": "365", "new-points": "2"}
    assert client.post(reverse("workbench:inspection_columns"), data).status_code == 302
    rule = ColumnRule.objects.get(name="人事信息")
    assert rule.genres == ["notice"] and rule.max_age_days == 365
    edit = {"name": "人事信息", "kinds": ["policy"], "max_age_days": "180", "points": "3", "active": "on"}
    assert client.post(reverse("workbench:inspection_column", args=[rule.pk]), edit).status_code == 302
    rule.refresh_from_db()
    assert rule.kinds == ["policy"] and rule.genres == [] and rule.points == 3
    assert AuditEntry.objects.filter(action="inspection.column_rule_saved").count() == 2


def test_column_rule_errors_name_the_field(logged_in: Any, office: Any) -> None:
    response = logged_in(office).post(
        reverse("workbench:inspection_columns"), {"new-name": "", "new-points": "x", "new-url": "http://x"}
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "请填写“栏目名称”" in text and "“不更新扣分”应为整数" in text and "以“/”开头" in text


def test_the_office_maintains_the_dictionaries(logged_in: Any, office: Any) -> None:
    client = logged_in(office)
    data = {"new-kind": "wrong", "new-word": " 按装 ", "new-correct": "安装"}
    assert client.post(reverse("workbench:inspection_words"), data).status_code == 302
    entry = WordEntry.objects.get(word="按装")
    again = client.post(reverse("workbench:inspection_words"), data)
    assert again.status_code == 422 and "“词语”已在该类别的词库中" in again.content.decode()
    missing = client.post(reverse("workbench:inspection_words"), {"new-kind": "wrong", "new-word": "付市长"})
    assert "错误用词须填写“正确写法”" in missing.content.decode()
    listing = client.get(reverse("workbench:inspection_words"), {"kind": "sensitive"}).content.decode()
    assert "网络赌博" in listing and "按装" not in listing
    assert client.post(reverse("workbench:inspection_word_delete", args=[entry.pk])).status_code == 302
    assert not WordEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEntry.objects.filter(action="inspection.word_deleted").exists()


def test_the_office_sets_the_schedule(logged_in: Any, office: Any) -> None:
    from tests.supervision.inspection.test_inspection_permissions import SETTINGS_FORM

    client = logged_in(office)
    bad = client.post(reverse("workbench:inspection_settings"), {**SETTINGS_FORM, "every_days": "0"})
    assert bad.status_code == 422 and "检查周期（日）" in bad.content.decode()
    assert (
        client.post(reverse("workbench:inspection_settings"), {**SETTINGS_FORM, "every_days": "3"}).status_code == 302
    )
    assert InspectionSettings.current().every_days == 3


def test_a_unit_sees_its_findings_and_their_tasks(
    logged_in: Any, editor_a: Any, office: Any, report: Inspection, unit_a: Unit
) -> None:
    finding = report.findings.get(rule="wrong_word")
    services.assign_finding(office, finding, unit_a, None)
    text = logged_in(editor_a).get(reverse("workbench:inspection_unit_findings")).content.decode()
    assert "国务院总埋" in text and "整改任务" in text and "政策文件”没有" not in text
