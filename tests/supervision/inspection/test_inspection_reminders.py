"""The inbox tasks of the inspection, the dashboard figure and the demo defaults."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from gongkai.orgs.models import Unit
from gongkai.supervision.inspection import defaults, figures, reminders, services
from gongkai.supervision.inspection.demo import seed_inspection
from gongkai.supervision.inspection.models import ColumnRule, Finding, Inspection, InspectionSettings, WordEntry
from gongkai.workbench.inbox import url_for
from tests.supervision.inspection.conftest import TODAY, at

pytestmark = pytest.mark.django_db


def _inspection(office: Any, unit_a: Unit, unit_b: Unit) -> Inspection:
    with time_machine.travel(at(TODAY), tick=False):
        inspection = services.run_inspection(office, check_links=False)
    for unit, detail in [(unit_a, "甲一"), (unit_a, "甲二"), (unit_b, "乙一")]:
        Finding.objects.create(inspection=inspection, rule="broken_link", detail=detail, unit=unit)
    return inspection


def test_editors_see_their_units_unassigned_findings(
    office: Any, editor_a: Any, editor_b: Any, unit_a: Unit, unit_b: Unit
) -> None:
    inspection = _inspection(office, unit_a, unit_b)
    titles = [t.title for t in reminders.inbox_tasks(editor_a, TODAY)]
    assert len(titles) == 2 and all("甲" in t for t in titles)
    services.assign_finding(office, inspection.findings.get(detail="甲一"), unit_a, None)
    assert [t.title for t in reminders.inbox_tasks(editor_a, TODAY)] == ["整改网站检查问题：甲二"]
    assert [t.unit for t in reminders.inbox_tasks(editor_b, TODAY)] == [unit_b.name]


def test_only_the_latest_inspection_counts(office: Any, editor_a: Any, unit_a: Unit, unit_b: Unit) -> None:
    _inspection(office, unit_a, unit_b)
    with time_machine.travel(at(TODAY), tick=False):
        services.run_inspection(office, check_links=False)
    assert reminders.inbox_tasks(editor_a, TODAY) == []


def test_the_office_is_reminded_when_an_inspection_is_due(office: Any, unit_a: Unit, unit_b: Unit) -> None:
    [task] = reminders.inbox_tasks(office, TODAY)
    assert task.title == "网站检查到期，请进行检查" and task.due_on == TODAY
    assert url_for(task.target) == "/workbench/inspections/"
    _inspection(office, unit_a, unit_b)
    with time_machine.travel(at(TODAY), tick=False):
        assert reminders.inbox_tasks(office, TODAY) == []
    InspectionSettings.objects.update(enabled=False, last_run_at=None)
    assert reminders.inbox_tasks(office, TODAY) == []


def test_findings_by_unit(office: Any, unit_a: Unit, unit_b: Unit) -> None:
    inspection = _inspection(office, unit_a, unit_b)
    assert figures.findings_by_unit(inspection) == {unit_a.pk: 2, unit_b.pk: 1}


def test_the_dashboard_counts_the_latest_run_of_every_site(office: Any, unit_a: Unit, unit_b: Unit) -> None:
    from gongkai.sites import services as sites

    street = sites.create_site(office, code="street", name="街道", host="street.example.cn", units=[unit_b])
    old = _inspection(office, unit_a, unit_b)  # the default site's run
    with time_machine.travel(at(TODAY), tick=False):
        later = services.run_inspection(office, check_links=False, site=street)
    Finding.objects.create(inspection=later, rule="broken_link", detail="街道", unit=unit_b)
    # The street's run came last; the default site's latest still counts beside it.
    assert later.pk > old.pk
    assert figures.findings_by_unit_of_every_site() == {unit_a.pk: 2, unit_b.pk: 2}


def test_the_defaults_are_loaded_by_migration_and_seeding_is_idempotent(db: Any) -> None:
    assert ColumnRule.objects.count() == len(defaults.COLUMN_RULES)
    assert WordEntry.objects.filter(word="国务院总埋", correct="国务院总理").exists()
    assert seed_inspection() == 0
    ColumnRule.objects.all().delete()
    WordEntry.objects.all().delete()
    InspectionSettings.objects.all().delete()
    assert seed_inspection() == len(defaults.COLUMN_RULES) + len(defaults.WORDS) + 1
    assert seed_inspection() == 0
    news = ColumnRule.objects.get(name="动态要闻")
    assert news.genres == ["news"] and news.max_age_days == 14
    assert ColumnRule.objects.get(name="政策文件").kinds == ["policy"]
