"""run_inspection on frozen dates: each indicator from the site's own data, the stored result,
the background link check, failures, the schedule, and assigning a finding as a ledger task."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.orgs.models import Unit
from gongkai.supervision.inspection import services
from gongkai.supervision.inspection.models import Finding, Inspection, InspectionSettings, WordEntry
from gongkai.supervision.ledger.models import Task
from tests.participation.inquiry_fixtures import ask_at
from tests.supervision.inspection.conftest import TODAY, Publish, at

pytestmark = pytest.mark.django_db


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def every_column(publish: Publish, on: dt.date = TODAY) -> None:
    """One fresh item for each default column rule."""
    publish("区政府召开常务会议", genre="news", on=on)
    publish("关于开展安全检查的通知", genre="notice", on=on)
    publish("社会救助实施办法", kind="policy", genre="measures", on=on)
    publish("《社会救助实施办法》解读", kind="interpretation", genre="other", on=on)
    publish("十四五规划", genre="plan", on=on)


def run(office: Any, **kwargs: Any) -> Inspection:
    with time_machine.travel(at(TODAY), tick=False):
        return services.run_inspection(office, **kwargs)


def rules_of(inspection: Inspection) -> list[str]:
    return list(inspection.findings.values_list("rule", flat=True))


def test_a_fresh_complete_site_passes_with_full_marks(office: Any, publish: Publish) -> None:
    every_column(publish)
    inspection = run(office)
    assert inspection.state == Inspection.State.DONE and inspection.monitored_on == TODAY
    assert inspection.passed and inspection.score == 100 and inspection.veto == []
    assert rules_of(inspection) == [] and inspection.links == Inspection.Links.DONE


def test_home_page_not_updated_in_two_weeks_fails_the_site(office: Any, publish: Publish) -> None:
    every_column(publish, on=ago(15))
    inspection = run(office)
    assert not inspection.passed
    assert [v["rule"] for v in inspection.veto] == ["home_not_updated"]
    assert "2026-05-26" in inspection.veto[0]["detail"]


def test_a_stale_column_and_empty_columns_are_deducted(office: Any, publish: Publish) -> None:
    publish("区政府召开常务会议", genre="news", on=ago(20))
    publish("关于开展安全检查的通知", genre="notice")
    publish("社会救助实施办法", kind="policy", genre="measures")
    inspection = run(office)
    stale = inspection.findings.get(rule="stale_column")
    assert "动态要闻" in stale.detail and stale.points == 2 and not stale.veto
    empty = sorted(inspection.findings.filter(rule="empty_column").values_list("detail", flat=True))
    assert len(empty) == 2 and "政策解读" in empty[0] + empty[1] and "规划计划" in empty[0] + empty[1]
    assert inspection.passed and inspection.score == 100 - 2 - 1 - 1
    assert inspection.deductions == {
        "stale_column": {"points": 2, "count": 1, "cap": 20},
        "empty_column": {"points": 2, "count": 2, "cap": 10},
    }


def _entries(count: int, subject: str) -> list[CatalogueEntry]:
    domain = Domain.objects.create(name="社会救助", code="social-assistance")
    common = {"content_elements": "名单", "basis": "条例", "subject": subject, "channels": "网站", "domain": domain}
    return [
        CatalogueEntry.objects.create(level="county", first_level=f"事项{i}", position=i, **common)
        for i in range(count)
    ]


def test_five_empty_catalogue_entries_are_a_veto(office: Any, publish: Publish, editor_a: Any, unit_a: Unit) -> None:
    every_column(publish)
    entries = _entries(6, unit_a.name)  # the catalogue names unit A, which has staff on the platform
    publish("低保名单公示", genre="notice", catalogue_entry=entries[0])
    CatalogueEntry.objects.filter(pk=entries[1].pk).update(active=False)
    inspection = run(office)
    empty = inspection.findings.filter(rule="empty_column")
    assert empty.count() == 4 and inspection.passed and inspection.score == 96  # fewer than 5: deductions
    assert all(f.url == "/xxgk/statutory/domain/social-assistance/" for f in empty)
    CatalogueEntry.objects.filter(pk=entries[1].pk).update(active=True)
    inspection = run(office)
    assert inspection.findings.filter(rule="empty_column", veto=True).count() == 5
    assert [v["rule"] for v in inspection.veto] == ["empty_column"] and not inspection.passed


def test_an_inquiry_unanswered_for_over_three_months_is_a_veto(office: Any, publish: Publish, unit_b: Unit) -> None:
    every_column(publish)
    late = ask_at(unit_b, at(ago(100)))
    ask_at(unit_b, at(ago(30)))  # open, but within three months
    inspection = run(office)
    finding = inspection.findings.get(rule="inquiry_unanswered")
    assert finding.veto and finding.unit == unit_b and finding.target == late.tracking_code
    assert [v["rule"] for v in inspection.veto] == ["inquiry_unanswered"] and not inspection.passed


def test_a_wrong_leaders_title_is_found_with_its_item(office: Any, publish: Publish, unit_a: Unit) -> None:
    every_column(publish)
    item = publish("学习贯彻会议精神", body="<p>国务院总埋在会上强调</p>")
    inspection = run(office)
    finding = inspection.findings.get(rule="wrong_word")
    assert finding.url == f"/xxgk/items/{item.pk}/" and finding.target == "国务院总埋" and finding.unit == unit_a
    assert "国务院总理" in finding.detail and finding.veto and not inspection.passed


def test_an_office_entry_that_is_a_typo_only_deducts(office: Any, publish: Publish) -> None:
    every_column(publish)
    WordEntry.objects.create(kind="wrong", word="按装", correct="安装")
    publish("路灯按装工程", body="<p>路灯按装</p>")
    inspection = run(office)
    assert inspection.findings.get(rule="wrong_word").points == 1 and inspection.score == 99


def test_broken_links_are_found_in_the_public_revision(
    office: Any, publish: Publish, dead_url: str, settings: Any
) -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    every_column(publish)
    item = publish("附链接的通知", body=f'<p><a href="{dead_url}">原文</a><a href="/xxgk/">公开</a></p>')
    inspection = run(office)
    finding = inspection.findings.get(rule="broken_link")
    assert finding.url == f"/xxgk/items/{item.pk}/" and finding.target == dead_url and finding.points == 1
    assert inspection.links_checked == 2 and inspection.score == 99


def test_the_link_check_can_run_in_the_background(
    office: Any, publish: Publish, dead_url: str, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    every_column(publish)
    publish("附链接的通知", body=f'<p><a href="{dead_url}">原文</a></p>')
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        inspection = run(office, links_in_background=True)
    assert inspection.links == Inspection.Links.PENDING and inspection.score == 100
    assert not inspection.findings.filter(rule="broken_link").exists()
    for callback in callbacks:
        callback()
    inspection.refresh_from_db()
    assert inspection.links == Inspection.Links.DONE and inspection.score == 99
    assert inspection.findings.filter(rule="broken_link").count() == 1
    assert services.check_links(inspection.pk).findings.filter(rule="broken_link").count() == 1  # once only


def test_a_failure_leaves_a_failed_inspection(office: Any) -> None:
    with mock.patch("gongkai.supervision.inspection.data.latest_home_on", side_effect=RuntimeError("坏了")):
        inspection = run(office)
    assert inspection.state == Inspection.State.FAILED and "RuntimeError" in inspection.error
    assert AuditEntry.objects.filter(action="inspection.failed", object_id=str(inspection.pk)).exists()


def test_only_one_inspection_runs_at_a_time(office: Any) -> None:
    with time_machine.travel(at(TODAY), tick=False):
        Inspection.objects.create(started_at=at(TODAY) - dt.timedelta(minutes=5), monitored_on=TODAY)
        with pytest.raises(services.Conflict):
            services.run_inspection(office)


def test_only_the_office_inspects(editor_a: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.run_inspection(editor_a)
    assert not Inspection.objects.exists()


def test_runs_are_audited(office: Any, publish: Publish) -> None:
    every_column(publish)
    inspection = run(office)
    actions = set(AuditEntry.objects.filter(object_id=str(inspection.pk)).values_list("action", flat=True))
    assert {"inspection.started", "inspection.finished"} <= actions


def test_assigning_a_finding_creates_a_ledger_task(office: Any, publish: Publish, unit_b: Unit) -> None:
    publish("区政府召开常务会议", genre="news", on=ago(20))
    finding = run(office).findings.filter(rule="stale_column").get()
    with time_machine.travel(at(TODAY), tick=False):
        services.assign_finding(office, finding, unit_b, ago(-14))
    finding.refresh_from_db()
    task = Task.objects.get(pk=finding.task_id)
    assert task.unit == unit_b and task.due_on == ago(-14) and task.source == f"inspection.finding:{finding.pk}"
    assert "动态要闻" in task.title and task.ledger.year == 2026 and finding.unit == unit_b
    with pytest.raises(services.Conflict):
        services.assign_finding(office, finding, unit_b, ago(-14))
    assert AuditEntry.objects.filter(action="inspection.finding_assigned").count() == 1


def test_the_schedule_decides_when_the_command_runs(office: Any, publish: Publish) -> None:
    every_column(publish)
    InspectionSettings.objects.update(every_days=7, last_run_at=None)
    out = StringIO()
    with time_machine.travel(at(TODAY), tick=False):
        call_command("inspect_site", "--no-links", stdout=out)
        assert "合格，得分 100" in out.getvalue()
        call_command("inspect_site", stdout=(second := StringIO()))
        assert "未到检查时间" in second.getvalue()
    assert Inspection.objects.get().trigger == Inspection.Trigger.SCHEDULE
    with time_machine.travel(at(TODAY + dt.timedelta(days=7)), tick=False):
        assert services.is_due()
    with time_machine.travel(at(TODAY + dt.timedelta(days=1)), tick=False):
        call_command("inspect_site", "--force", "--no-links", stdout=StringIO())
    assert Inspection.objects.count() == 2


def test_findings_are_kept_in_their_inspection(office: Any, publish: Publish) -> None:
    publish("区政府召开常务会议", genre="news", on=ago(20))
    first, second = run(office), run(office)
    assert Finding.objects.filter(inspection=first).count() == Finding.objects.filter(inspection=second).count() > 0
