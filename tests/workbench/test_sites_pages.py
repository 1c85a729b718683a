"""站点与栏目 in the workbench: the office sets up sites; the office and a site's managers edit its
identity and its column tree (rules as form fields, hand-picked items, order, retirement), and
staff see where an item appears. Refusals name the field and save nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from PIL import Image

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.sites import services
from gongkai.sites.models import Column, ColumnPick, Site
from tests.portal import test_items_public as items_public
from tests.publishing import conftest as publishing_fixtures
from tests.sites import conftest as site_fixtures

# The sites tests' fixtures (tests/sites/conftest.py) and what they stand on.
draft, flow = publishing_fixtures.draft, publishing_fixtures.flow
flow_b, make_public = items_public.flow_b, items_public.make_public
street_site = site_fixtures.street_site

pytestmark = pytest.mark.django_db


def _png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(data, "PNG")
    data.seek(0)
    data.name = "logo.png"
    return data


def test_the_office_creates_a_site_and_a_held_host_saves_nothing(
    office: Any, logged_in: Any, unit_b: Unit, street_site: Site
) -> None:
    client = logged_in(office)
    data = {
        "code": "mzj",
        "name": "民政局网站",
        "host": "street.example.cn",
        "language": "zh-Hans",
        "active": "on",
        "position": "1",
        "units": [unit_b.pk],
        "managers": [],
    }
    held = client.post(reverse("workbench:site_create"), data)
    assert held.status_code == 422
    assert "域名 street.example.cn 已由其他站点使用" in held.content.decode()
    assert not Site.objects.filter(code="mzj").exists()
    data["host"] = "MZJ.example.cn"
    made = client.post(reverse("workbench:site_create"), data)
    assert made.status_code == 302
    site = Site.objects.get(code="mzj")
    assert site.host == "mzj.example.cn" and list(site.units.all()) == [unit_b]
    listing = client.get(reverse("workbench:sites")).content.decode()
    assert "民政局网站" in listing and "mzj.example.cn" in listing


def test_a_manager_edits_the_identity_and_a_svg_logo_is_refused(
    office: Any, editor_b: Any, logged_in: Any, street_site: Site
) -> None:
    services.set_managers(office, street_site, [editor_b])
    client = logged_in(editor_b)
    page = reverse("workbench:site_identity", args=[street_site.pk])
    base = {"name": "街道政务公开网", "identifier": "1506030001", "colour": "#123456"}
    svg = io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    svg.name = "logo.svg"
    refused = client.post(page, {**base, "logo": svg})
    assert refused.status_code == 422 and "标志" in refused.content.decode()
    street_site.refresh_from_db()
    assert street_site.name != "街道政务公开网"
    bad_colour = client.post(page, {**base, "colour": "red"})
    assert bad_colour.status_code == 422 and "颜色写作" in bad_colour.content.decode()
    saved = client.post(page, {**base, "logo": _png()})
    assert saved.status_code == 302
    street_site.refresh_from_db()
    assert street_site.name == "街道政务公开网" and street_site.logo.name.endswith(".png")
    from gongkai.audit.models import AuditEntry

    logged = AuditEntry.objects.filter(action="sites.site_changed").latest("pk")
    assert str(logged.after["logo"]).endswith(".png")  # a new logo is in the audit trail
    assert client.get(reverse("workbench:site_setup", args=[street_site.pk])).status_code == 403
    assert client.get(reverse("workbench:site_create")).status_code == 403


def test_columns_are_made_with_rules_and_moved_and_retired(
    office: Any, logged_in: Any, street_site: Site, unit_b: Unit, make_public: Any
) -> None:
    make_public("街道通知", unit=unit_b)
    client = logged_in(office)
    create = reverse("workbench:column_create", args=[street_site.pk])
    data = {"name": "街道动态", "slug": "jddt", "home_count": "6", "unit_ids": [unit_b.pk], "genres": ["notice"]}
    assert client.post(create, data).status_code == 302
    bad = client.post(create, {**data, "name": "重复", "slug": "jddt"})
    assert bad.status_code == 422 and "本站点已有路径为“jddt”的栏目" in bad.content.decode()
    bad = client.post(create, {**data, "slug": "Bad Slug"})
    assert bad.status_code == 422 and "栏目路径" in bad.content.decode()
    assert client.post(create, {"name": "通知公告", "slug": "tzgg", "home_count": "6"}).status_code == 302
    first, second = Column.objects.filter(site=street_site).order_by("position", "pk")
    assert first.rules == {"unit_ids": [unit_b.pk], "genres": ["notice"]}
    tree = client.get(reverse("workbench:site_columns", args=[street_site.pk])).content.decode()
    assert "街道动态" in tree and "http://street.example.cn/lm/jddt/" in tree and "1条" in tree
    client.post(reverse("workbench:column_move", args=[second.pk]), {"direction": "up"})
    order = list(Column.objects.filter(site=street_site).order_by("position").values_list("slug", flat=True))
    assert order == ["tzgg", "jddt"]
    edit = client.post(
        reverse("workbench:column_edit", args=[first.pk]),
        {"name": "街道动态", "slug": "jddt", "home_count": "6", "parent": first.pk},
    )
    assert edit.status_code == 422  # a column cannot be its own parent
    retire = client.post(reverse("workbench:column_retire", args=[first.pk]), {"redirect_to": second.pk})
    assert retire.status_code == 302
    first.refresh_from_db()
    assert first.retired and first.redirect_to == second
    assert AuditEntry.objects.filter(action="sites.column_retired").exists()
    client.post(reverse("workbench:column_restore", args=[first.pk]))
    first.refresh_from_db()
    assert not first.retired


def test_hand_picked_items_are_added_found_ordered_and_removed(
    office: Any, logged_in: Any, street_site: Site, make_public: Any
) -> None:
    one, two = make_public("第一份供暖通知"), make_public("第二份供暖通知")
    column = services.create_column(office, street_site, name="专题", slug="zt")
    client = logged_in(office)
    page = reverse("workbench:column_picks", args=[column.pk])
    assert client.post(page, {"item_id": one.pk}).status_code == 302
    assert client.post(page, {"item_id": two.pk}).status_code == 302
    missing = client.post(page, {"item_id": 999999})
    assert missing.status_code == 422 and "没有编号为 999999 的已公开信息" in missing.content.decode()
    found = client.get(page, {"q": "供暖"}).content.decode()
    assert "第一份供暖通知" in found and "第二份供暖通知" in found
    change = reverse("workbench:column_pick_change", args=[column.pk, two.pk])
    client.post(change, {"action": "up"})
    assert list(ColumnPick.objects.filter(column=column).values_list("item_id", flat=True)) == [two.pk, one.pk]
    client.post(change, {"action": "remove"})
    assert list(ColumnPick.objects.filter(column=column).values_list("item_id", flat=True)) == [one.pk]


def test_the_item_page_says_where_the_item_appears(
    office: Any, logged_in: Any, street_site: Site, make_public: Any
) -> None:
    item = make_public("出现在两处的通知")
    services.create_column(office, street_site, name="专题", slug="zt", item_ids=[item.pk])
    page = logged_in(office).get(reverse("workbench:item", args=[item.pk])).content.decode()
    assert "出现在" in page and "街道政务公开 · 专题" in page and "http://street.example.cn/lm/zt/" in page


def test_the_navigation_shows_sites_to_those_who_manage_one(
    office: Any, editor_a: Any, editor_b: Any, logged_in: Any, street_site: Site
) -> None:
    services.set_managers(office, street_site, [editor_b])
    assert "站点与栏目" in logged_in(office).get(reverse("workbench:inbox")).content.decode()
    assert "站点与栏目" in logged_in(editor_b).get(reverse("workbench:inbox")).content.decode()
    assert "站点与栏目" not in logged_in(editor_a).get(reverse("workbench:inbox")).content.decode()
    assert logged_in(editor_a).get(reverse("workbench:sites")).status_code == 403
    listing = logged_in(editor_b).get(reverse("workbench:sites")).content.decode()
    assert "街道政务公开" in listing and "新建站点" not in listing


def test_a_draft_cannot_be_picked_and_its_title_is_not_shown(
    office: Any, editor_b: Any, logged_in: Any, street_site: Site, draft: Any
) -> None:
    services.set_managers(office, street_site, [editor_b])
    column = services.create_column(office, street_site, name="专题", slug="zt")
    page = logged_in(editor_b).post(reverse("workbench:column_picks", args=[column.pk]), {"item_id": draft.pk})
    assert page.status_code == 422 and draft.title not in page.content.decode()
    assert not ColumnPick.objects.filter(column=column).exists()


def test_a_manager_changing_the_identity_is_audited(
    office: Any, editor_b: Any, logged_in: Any, street_site: Site
) -> None:
    services.set_managers(office, street_site, [editor_b])
    page = reverse("workbench:site_identity", args=[street_site.pk])
    logged_in(editor_b).post(page, {"name": "街道政务公开网", "icp_number": "蒙ICP备12345678号", "colour": "#b71c1c"})
    entry = AuditEntry.objects.filter(action="sites.site_changed").latest("pk")
    assert entry.after["icp_number"] == "蒙ICP备12345678号" and entry.actor_id == editor_b.pk
