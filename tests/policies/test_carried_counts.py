"""Carried documents never count as the district's own information nor in its timeliness
(issue 17, point 1): the 法定主动公开内容 column and its counts, the dashboards' figures and the
annual report's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gongkai.orgs.models import Unit
from gongkai.portal import items as portal_items
from gongkai.publishing import services
from gongkai.publishing import stats as publishing_stats
from gongkai.publishing.models import Item, ItemRevision
from gongkai.reports import stats as report_stats
from tests.policies.carried_fixtures import BEIJING, SHANGHAI, import_laws
from tests.publishing import conftest as publishing_fixtures

pytestmark = pytest.mark.django_db
flow = publishing_fixtures.flow


def test_the_statutory_column_counts_only_the_districts_own(
    government: Unit, unit_a: Unit, editor_a: Any, flow: Callable[[Item], Item], tmp_path: Path
) -> None:
    laws = import_laws(tmp_path)
    own = services.create_item(
        editor_a,
        unit_a,
        title="关于调整低保标准的通知",
        formed_on=dt.date(2026, 9, 25),
        genre="notice",
        topic="general",
    )
    flow(own)
    assert portal_items.counts_by("unit") == {unit_a.pk: 1}
    assert portal_items.counts_by("published_revision__topic") == {"general": 1}
    page = Client().get("/xxgk/statutory/").content.decode()
    government_row = page[page.index(f'id="unit-{government.pk}"') :].split("</tr>")[0]
    assert "暂无信息" in government_row
    column = Client().get(f"/xxgk/statutory/unit/{government.pk}/").content.decode()
    assert BEIJING not in column and SHANGHAI not in column
    # … but the documents stay public: the policy library and their pages
    item_page = Client().get(f"/xxgk/items/{laws[BEIJING].pk}/").content.decode()
    organ_row = item_page[item_page.index("发布机构") :].split("</tr>")[0]
    assert "北京市人民代表大会常务委员会" in organ_row and government.name not in organ_row


def test_timeliness_domains_and_normative_counts_leave_carried_documents_out(
    government: Unit, unit_a: Unit, editor_a: Any, flow: Callable[[Item], Item], tmp_path: Path
) -> None:
    import_laws(tmp_path)
    units = Unit.objects.filter(pk__in=[government.pk, unit_a.pk])
    # The Beijing rule is dated 2026-09-01: a publication of 2026 by its date, but not the district's.
    assert report_stats.items_per_domain(units, 2026) == []
    own = services.create_item(
        editor_a, unit_a, title="关于调整低保标准的通知", formed_on=dt.date(2026, 9, 25), genre="notice", topic="civil"
    )
    flow(own)
    start, end, today = dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 12, 31)
    due_before = {u.pk: t.due for u, t in publishing_stats.timeliness_by_unit(units, start, end, today)}
    assert due_before[unit_a.pk] == 1
    # The same publication, were it carried, is not judged by the district's deadline.
    Item.objects.filter(pk=own.pk).update(carried=True)
    assert ItemRevision.objects.filter(item=own, due_on__isnull=False).exists()
    due_after = {u.pk: t.due for u, t in publishing_stats.timeliness_by_unit(units, start, end, today)}
    assert due_after[unit_a.pk] == 0
    assert report_stats.items_per_domain(units, 2026) == []
