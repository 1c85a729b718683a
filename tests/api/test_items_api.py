"""API.md "Information items": the flow as another system would drive it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.orgs.models import Unit
from gongkai.publishing import services
from gongkai.publishing.models import Item, ItemEvent
from gongkai.publishing.workflow import perform
from tests.conftest import ApiClient
from tests.publishing import conftest as publishing_fixtures

NEW = {
    "title": "关于做好2026年冬季供暖保障工作的通知",
    "body_html": "<p>各街道：</p><script>x</script>",
    "formed_on": "2026-09-25",
    "genre": "notice",
    "topic": "construction",
}


def test_api_flow(
    editor_a: Any, reviewer_a: Any, signer_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]
) -> None:
    editor, reviewer, signer = api_as(editor_a), api_as(reviewer_a), api_as(signer_a)
    created = editor.post("/items", {**NEW, "unit_id": unit_a.pk})
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["state"] == "draft" and item["publish_due_on"] == "2026-10-29"
    assert "<script>" not in item["body_html"] and item["index_number"] is None
    path = f"/items/{item['id']}/actions"
    assert editor.post(path, {"action": "approve"}).status_code == 403  # an editor cannot approve
    assert editor.post(path, {"action": "submit"}).json()["state"] == "submitted"
    assert editor.post(path, {"action": "submit"}).status_code == 409  # not twice
    assert reviewer.post(path, {"action": "approve"}).json()["state"] == "approved"
    assert signer.post(path, {"action": "sign"}).json()["state"] == "signed"
    with time_machine.travel(dt.datetime(2026, 10, 9, 2, tzinfo=dt.UTC), tick=False):
        published = signer.post(path, {"action": "publish"}).json()
    assert published["state"] == "published" and published["published_on"] == "2026-10-09"
    assert published["index_number"] == f"{unit_a.credit_code}/2026-00001"
    assert published["url"].endswith(f"/xxgk/items/{item['id']}/") and published["overdue"] is False
    got = editor.get(f"/items/{item['id']}").json()
    assert got["state"] == "published" and got["index_number"] == published["index_number"]
    public = api_as(None).get("/public/items", unit_id=unit_a.pk).json()
    assert public["total"] == 1 and public["results"][0]["title"] == NEW["title"]
    assert "body_html" not in public["results"][0] and "version" not in public["results"][0]
    withdrawn = signer.post(path, {"action": "withdraw"})
    assert withdrawn.status_code == 422 and withdrawn.json()["field"] == "reason"
    done = signer.post(path, {"action": "withdraw", "reason": "已被新通知替代", "reason_code": "superseded"}).json()
    assert done["state"] == "withdrawn"


def test_other_units_items_are_404(
    editor_a: Any, editor_b: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]
) -> None:
    item = api_as(editor_a).post("/items", {**NEW, "unit_id": unit_a.pk}).json()
    other = api_as(editor_b)
    assert other.get(f"/items/{item['id']}").status_code == 404
    assert other.post(f"/items/{item['id']}/actions", {"action": "submit"}).status_code == 404
    assert other.post("/items", {**NEW, "unit_id": unit_a.pk}).status_code == 403


def test_public_items_never_show_drafts(editor_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]) -> None:
    api_as(editor_a).post("/items", {**NEW, "unit_id": unit_a.pk})
    assert api_as(None).get("/public/items").json() == {"total": 0, "page": 1, "page_size": 20, "results": []}


def test_bad_input_names_the_field(editor_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]) -> None:
    client = api_as(editor_a)
    for payload, field in [
        ({**NEW, "unit_id": unit_a.pk, "formed_on": "2026-02-30"}, "formed_on"),
        ({**NEW, "unit_id": unit_a.pk, "genre": "poem"}, "genre"),
        ({**NEW, "unit_id": unit_a.pk, "title": ""}, "title"),
        ({**NEW, "unit_id": 999999}, "unit_id"),
        ({**NEW, "unit_id": unit_a.pk, "catalogue_entry_id": 999999}, "catalogue_entry_id"),
    ]:
        response = client.post("/items", payload)
        assert response.status_code == 422, (payload, response.content)
        assert response.json()["field"] == field


def test_calendar_missing_shows_in_the_item(editor_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]) -> None:
    item = api_as(editor_a).post("/items", {**NEW, "unit_id": unit_a.pk, "formed_on": "2026-12-21"}).json()
    assert item["publish_due_on"] is None and "2027" in item["due_problem"]


def test_patch_with_stale_version_is_409(editor_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]) -> None:
    client = api_as(editor_a)
    item = client.post("/items", {**NEW, "unit_id": unit_a.pk}).json()
    url = f"/api/v1/items/{item['id']}"
    first = client.client.patch(
        url, {"version": item["version"], "title": "甲"}, content_type="application/json", headers=client.headers
    )
    assert first.status_code == 200 and first.json()["version"] == item["version"] + 1
    second = client.client.patch(
        url, {"version": item["version"], "title": "乙"}, content_type="application/json", headers=client.headers
    )
    assert second.status_code == 409 and "他人修改" in second.json()["detail"]


# --- the public list's filters, return, approve's record, overdue across revisions ---------------

# The fixtures of tests/publishing/conftest.py: `flow` takes a draft through to publication.
flow = publishing_fixtures.flow
SHANGHAI = ZoneInfo("Asia/Shanghai")


def make_item(editor: Any, unit: Unit, title: str, **data: Any) -> Item:
    fields = {"formed_on": dt.date(2026, 9, 25), "genre": "notice", "topic": "civil", **data}
    return services.create_item(editor, unit, title=title, **fields)


def publish_at(flow: Callable[[Item], Item], item: Item, when: dt.datetime) -> Item:
    with time_machine.travel(when, tick=False):
        return flow(Item.objects.get(pk=item.pk))


def public_titles(**filters: Any) -> list[str]:
    page = ApiClient(None).get("/public/items", **filters)
    assert page.status_code == 200, page.content
    return [row["title"] for row in page.json()["results"]]


def test_public_items_since_a_local_date(editor_a: Any, unit_a: Unit, flow: Callable[[Item], Item]) -> None:
    # 23:30 and 00:30 in Shanghai: the same UTC date, different local dates.
    publish_at(flow, make_item(editor_a, unit_a, "十月八日深夜发布"), dt.datetime(2026, 10, 8, 23, 30, tzinfo=SHANGHAI))
    publish_at(flow, make_item(editor_a, unit_a, "十月九日凌晨发布"), dt.datetime(2026, 10, 9, 0, 30, tzinfo=SHANGHAI))
    old = publish_at(flow, make_item(editor_a, unit_a, "九月发布后更新"), dt.datetime(2026, 9, 30, 9, tzinfo=SHANGHAI))
    revised = perform(editor_a, old.pk, "revise")
    services.update_item(editor_a, revised, revised.version, change_note="更新联系电话")
    publish_at(flow, old, dt.datetime(2026, 10, 10, 9, tzinfo=SHANGHAI))
    assert public_titles(since="2026-10-09") == ["九月发布后更新", "十月九日凌晨发布"]  # a republication counts
    assert len(public_titles(since="2026-10-08")) == 3
    assert public_titles(since="2026-10-11") == []


def test_public_items_by_catalogue_entry(editor_a: Any, unit_a: Unit, flow: Callable[[Item], Item]) -> None:
    domain = Domain.objects.create(name="社会救助", code="social-assistance", kind=Domain.Kind.PILOT)
    entry = CatalogueEntry.objects.create(
        domain=domain,
        level=CatalogueEntry.Level.COUNTY,
        first_level="最低生活保障",
        second_level="保障标准",
        content_elements="城乡低保标准",
        basis="《社会救助暂行办法》",
        subject="区民政局",
        channels="政府网站",
    )
    listed = publish_at(flow, make_item(editor_a, unit_a, "低保标准", catalogue_entry=entry), timezone.now())
    publish_at(flow, make_item(editor_a, unit_a, "机构职能"), timezone.now())
    assert public_titles(catalogue_entry_id=entry.pk) == ["低保标准"]
    # A revision in progress that files it elsewhere does not move it before it is published.
    revised = perform(editor_a, listed.pk, "revise")
    services.update_item(editor_a, revised, revised.version, catalogue_entry=None)
    assert public_titles(catalogue_entry_id=entry.pk) == ["低保标准"]
    assert public_titles(catalogue_entry_id=entry.pk + 1) == []


def test_return_needs_the_requested_changes(
    editor_a: Any, reviewer_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]
) -> None:
    item = api_as(editor_a).post("/items", {**NEW, "unit_id": unit_a.pk}).json()
    path = f"/items/{item['id']}/actions"
    api_as(editor_a).post(path, {"action": "submit"})
    reviewer = api_as(reviewer_a)
    refused = reviewer.post(path, {"action": "return"})
    assert refused.status_code == 422 and refused.json()["field"] == "note"
    assert reviewer.post(path, {"action": "return", "note": "  "}).status_code == 422
    returned = reviewer.post(path, {"action": "return", "note": "请补充政策依据"})
    assert returned.status_code == 200 and returned.json()["state"] == "draft"
    assert Item.objects.get(pk=item["id"]).return_note == "请补充政策依据"
    assert reviewer.post(path, {"action": "return", "note": "再退一次"}).status_code == 409  # a draft


def test_approve_through_the_api_records_that_it_asserted_both_reviews(
    editor_a: Any, reviewer_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]
) -> None:
    by_api = api_as(editor_a).post("/items", {**NEW, "unit_id": unit_a.pk}).json()["id"]
    api_as(editor_a).post(f"/items/{by_api}/actions", {"action": "submit"})
    api_as(reviewer_a).post(f"/items/{by_api}/actions", {"action": "approve", "note": "同意"})
    event = ItemEvent.objects.get(item_id=by_api, action="approve")
    assert event.note == "保密审查、内容审核通过（接口确认）：同意"
    assert AuditEntry.objects.get(action="item.approve", object_id=str(by_api)).note == event.note
    in_workbench = make_item(editor_a, unit_a, "在工作台审核")  # the workbench asks for both ticks
    perform(editor_a, in_workbench.pk, "submit")
    perform(reviewer_a, in_workbench.pk, "approve")
    assert in_workbench.events.get(action="approve").note == "保密审查、内容审核通过"


def test_overdue_follows_the_working_copy_of_a_revision(
    editor_a: Any, unit_a: Unit, flow: Callable[[Item], Item], api_as: Callable[[Any], ApiClient]
) -> None:
    item = publish_at(flow, make_item(editor_a, unit_a, "已发布后修订"), dt.datetime(2026, 10, 9, 9, tzinfo=SHANGHAI))
    editor = api_as(editor_a)
    url = f"/api/v1/items/{item.pk}"

    def patch(**changes: Any) -> Any:
        version = editor.get(f"/items/{item.pk}").json()["version"]
        return editor.client.patch(
            url, {"version": version, **changes}, content_type="application/json", headers=editor.headers
        ).json()

    editor.post(f"/items/{item.pk}/actions", {"action": "revise"})
    fixed = patch(title="更正错字", change_note="更正错字")
    assert fixed["publish_due_on"] is None and fixed["overdue"] is False  # no new deadline
    changed = patch(formed_on="2026-10-12")
    assert changed["publish_due_on"] == "2026-11-09"
    with time_machine.travel(dt.datetime(2026, 11, 10, 9, tzinfo=SHANGHAI), tick=False):
        assert editor.get(f"/items/{item.pk}").json()["overdue"] is True
    with time_machine.travel(dt.datetime(2026, 11, 9, 9, tzinfo=SHANGHAI), tick=False):
        assert editor.get(f"/items/{item.pk}").json()["overdue"] is False


def test_an_entry_outside_the_units_domains_is_refused(
    editor_a: Any, unit_a: Unit, api_as: Callable[[Any], ApiClient]
) -> None:
    """As on the workbench form (issue 17, point 9): a unit files items only under the catalogue
    entries of its own domains (catalog.units: the entries whose 公开主体 names it)."""
    tax = Domain.objects.create(name="税收管理", code="tax", kind=Domain.Kind.PILOT)
    aid = Domain.objects.create(name="社会救助", code="social-assistance", kind=Domain.Kind.PILOT)
    fields = {"level": CatalogueEntry.Level.COUNTY, "first_level": "目录", "second_level": "事项"}
    foreign = CatalogueEntry.objects.create(**fields, domain=tax, subject="区税务局", channels="政府网站")
    own = CatalogueEntry.objects.create(**fields, domain=aid, subject=unit_a.name, channels="政府网站")
    client = api_as(editor_a)
    refused = client.post("/items", {**NEW, "unit_id": unit_a.pk, "catalogue_entry_id": foreign.pk})
    assert refused.status_code == 422 and refused.json()["field"] == "catalogue_entry_id"
    assert "公开领域" in refused.json()["detail"]
    accepted = client.post("/items", {**NEW, "unit_id": unit_a.pk, "catalogue_entry_id": own.pk})
    assert accepted.status_code == 201, accepted.content
