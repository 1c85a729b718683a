"""Issue 17, point 15: the self-inspection's figures do not mislead. The verdict names the veto
items that failed; carried higher-level laws are quoted law, so the word scan does not read them
and they neither update nor fill a column; a catalogue entry is an empty column only where a
unit that publishes on the site is named for it (its catalogue), and the finding names the unit.
Point 12: a run records its progress step by step."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.orgs.models import Unit
from gongkai.publishing.models import Item
from gongkai.supervision.inspection import data, steps
from gongkai.supervision.inspection.models import Inspection, WordEntry
from tests.supervision.inspection.conftest import Publish
from tests.supervision.inspection.test_inspection_services import every_column, run

pytestmark = pytest.mark.django_db


def _entries(subject: str, count: int = 2) -> list[CatalogueEntry]:
    domain, _ = Domain.objects.get_or_create(code="social-assistance", defaults={"name": "社会救助"})
    common = {"content_elements": "名单", "basis": "条例", "subject": subject, "channels": "网站", "domain": domain}
    return [
        CatalogueEntry.objects.create(level="county", first_level=f"{subject}事项{i}", position=i, **common)
        for i in range(count)
    ]


def test_the_verdict_names_the_veto_item_that_failed(logged_in: Any, office: Any, publish: Publish) -> None:
    every_column(publish)
    WordEntry.objects.update_or_create(
        kind="wrong", word="国务院总埋", defaults={"correct": "国务院总理", "veto": True}
    )
    publish("区政府召开常务会议", genre="news", body="<p>国务院总埋指出</p>")
    inspection = run(office, check_links=False)
    assert not inspection.passed and inspection.veto_labels == ["错别字和严重表述错误"]
    client = logged_in(office)
    report = client.get(reverse("workbench:inspection", args=[inspection.pk])).content.decode()
    assert "单项否决：错别字和严重表述错误" in report
    history = client.get(reverse("workbench:inspections")).content.decode()
    assert "不合格</strong>（单项否决：错别字和严重表述错误）" in history and "（仅供参考）" in history


def test_words_inside_a_carried_law_are_not_flagged(office: Any, publish: Publish) -> None:
    every_column(publish)
    WordEntry.objects.update_or_create(kind="sensitive", word="网络赌博", defaults={"veto": True})
    law = publish("某市文明行为促进条例", kind="policy", genre="measures", body="<p>禁止网络赌博。</p>")
    Item.objects.filter(pk=law.pk).update(carried=True)
    own = publish("关于整治网络赌博的通知", genre="notice")
    inspection = run(office, check_links=False)
    flagged = inspection.findings.filter(rule="sensitive_word")
    assert [f.url for f in flagged] == [data.item_url(own.pk)]  # the district's own notice only


def test_a_carried_law_neither_updates_nor_fills_a_column(office: Any, publish: Publish, editor_a: Any) -> None:
    entries = _entries(Unit.objects.get(pk=editor_a.memberships.get().unit_id).name, 1)
    law = publish("某省条例", kind="policy", genre="measures", catalogue_entry=entries[0])
    Item.objects.filter(pk=law.pk).update(carried=True)
    assert data.latest_home_on() is None
    assert [c.name for c in data.empty_entries()] and all(c.latest_on is None for c in data.rule_columns())


def test_empty_columns_come_only_from_the_catalogues_of_units_publishing_here(
    office: Any, publish: Publish, editor_a: Any, unit_a: Unit, unit_b: Unit
) -> None:
    every_column(publish)
    mine = _entries(unit_a.name, 2)  # unit A has staff here: its entries are its columns
    _entries(unit_b.name, 3)  # unit B has nobody on the platform: not a column of this site yet
    _entries("各行政执法部门", 3)  # names no unit: no column of any unit
    publish("低保名单公示", genre="notice", catalogue_entry=mine[0])
    inspection = run(office, check_links=False)
    empty = list(inspection.findings.filter(rule="empty_column"))
    assert len(empty) == 1 and empty[0].unit == unit_a and not empty[0].veto
    assert unit_a.name in empty[0].detail and "事项1" in empty[0].detail


def test_a_run_records_each_step_before_it_runs(office: Any, publish: Publish, monkeypatch: Any) -> None:
    every_column(publish)
    seen: list[tuple[int, int, str]] = []

    def watch(number: int) -> Any:
        def step(today: Any, limits: Any, scope: Any) -> list[Any]:
            row = Inspection.objects.values_list("step", "steps", "step_label").get()
            seen.append(row)
            return []

        return step

    monkeypatch.setattr(steps, "CONTENT", [(label, watch(i)) for i, (label, _) in enumerate(steps.CONTENT)])
    inspection = run(office, check_links=False)
    assert [row[0] for row in seen] == [1, 2, 3, 4, 5, 6, 7] and {row[1] for row in seen} == {7}
    assert seen[3][2] == "错别字和敏感词" and inspection.state == Inspection.State.DONE
