"""Acceptance: an inspection of the seeded demo district reports an injected broken link (an item
published with a link to a dead local port), an empty column and a stale column."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from gongkai.orgs.models import Unit
from gongkai.publishing import services as item_services
from gongkai.publishing.workflow import publish_now
from gongkai.sites.directory.models import Service
from gongkai.supervision.inspection import services
from gongkai.supervision.inspection.models import Inspection
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_the_seeded_site_reports_a_broken_link_an_empty_and_a_stale_column(
    dead_url: str, settings: Any, api_as: Any
) -> None:
    settings.ALLOWED_HOSTS = ["testserver"]  # 127.0.0.1 is another machine here, reached over HTTP
    call_command("seed_demo", stdout=StringIO())
    # The demo's services link to the 政务服务网: no network in tests (their check: test_inspection_sites).
    Service.objects.update(url="", app_url="")
    office = get_user_model().objects.get(username="office")
    unit = Unit.objects.get(name="康巴什区民政局")
    item = item_services.create_item(
        office, unit, title="关于调整城乡低保标准的通知", genre="notice", topic="civil",
        formed_on=timezone.localdate(), body_html=f'<p>详见<a href="{dead_url}">原文链接</a>。</p>',
    )  # fmt: skip
    publish_now(item, office)

    inspection = services.run_inspection(office)

    assert inspection.state == Inspection.State.DONE and inspection.links_checked > 0
    broken = inspection.findings.get(rule="broken_link", target=dead_url)
    assert broken.url == f"/xxgk/items/{item.pk}/" and broken.unit == unit and "连接被拒绝" in broken.detail
    assert inspection.findings.filter(rule="empty_column").exists()
    stale = inspection.findings.filter(rule="stale_column")
    assert stale.exists() and all("未更新" in f.detail for f in stale)

    client: ApiClient = api_as(office)
    body = client.get(f"/inspections/{inspection.pk}").json()
    assert {"rule": "broken_link", "url": broken.url} in [{k: f[k] for k in ("rule", "url")} for f in body["findings"]]
    assert body["passed"] is inspection.passed and body["score"] == inspection.score
