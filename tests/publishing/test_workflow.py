"""The one publishing pipeline: states, four eyes, locking, revisions, withdrawal, scheduling,
the emergency path and index numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Membership, Role, Unit
from gongkai.publishing import access, services
from gongkai.publishing.models import IndexCounter, Item, ItemEvent, ItemRevision, SiteAlert, State
from gongkai.publishing.services import Conflict
from gongkai.publishing.workflow import drive, perform, publish_scheduled


def test_new_item_is_draft_with_due_date(draft: Item) -> None:
    assert draft.state == "draft"
    assert draft.publish_due_on == dt.date(2026, 10, 29)  # 条例 Art. 26 across National Day
    assert AuditEntry.objects.filter(action="item.created", object_id=str(draft.pk)).exists()


def test_unknown_calendar_year_blocks_the_due_date_visibly(editor_a: Any, unit_a: Unit) -> None:
    item = services.create_item(
        editor_a, unit_a, title="年底信息", formed_on=dt.date(2026, 12, 20), genre="notice", topic="general"
    )
    assert item.publish_due_on is None
    assert "2027" in item.due_problem


def test_body_is_sanitised(editor_a: Any, unit_a: Unit) -> None:
    item = services.create_item(
        editor_a,
        unit_a,
        title="t",
        formed_on=dt.date(2026, 3, 2),
        genre="notice",
        topic="general",
        body_html='<p onclick="x()">a<script>alert(1)</script></p>',
    )
    assert "script" not in item.body_html and "onclick" not in item.body_html


def test_full_flow_publishes_with_index_number(draft: Item, flow: Callable[[Item], Item], unit_a: Unit) -> None:
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, tzinfo=dt.UTC), tick=False):
        item = flow(draft)
    assert item.state == "published"
    assert item.index_number == f"{unit_a.credit_code}/2026-00001"
    assert item.first_published_on == dt.date(2026, 10, 9)
    assert item.published_revision.number == 1
    assert access.public_items().filter(pk=item.pk).exists()
    actions = list(AuditEntry.objects.filter(object_id=str(item.pk)).values_list("action", flat=True))
    assert {"item.submit", "item.approve", "item.sign", "item.publish"} <= set(actions)


def test_drafts_are_never_public(draft: Item) -> None:
    assert not access.public_items().filter(pk=draft.pk).exists()


def test_author_cannot_review_or_sign_own_item(draft: Item, editor_a: Any, unit_a: Unit) -> None:
    Membership.objects.create(user=editor_a, unit=unit_a, role=Role.REVIEWER)
    perform(editor_a, draft.pk, "submit")
    with pytest.raises(PermissionDenied):
        perform(editor_a, draft.pk, "approve")


def test_roles_and_units_are_enforced(draft: Item, editor_a: Any, reviewer_b: Any, reviewer_a: Any) -> None:
    perform(editor_a, draft.pk, "submit")
    with pytest.raises(PermissionDenied):
        perform(editor_a, draft.pk, "sign")
    with pytest.raises(PermissionDenied):
        perform(reviewer_b, draft.pk, "approve")  # a reviewer of another unit
    perform(reviewer_a, draft.pk, "approve")
    with pytest.raises(Conflict):
        perform(reviewer_a, draft.pk, "approve")  # twice: wrong state


def test_return_needs_a_note_and_goes_back_to_draft(draft: Item, editor_a: Any, reviewer_a: Any) -> None:
    perform(editor_a, draft.pk, "submit")
    with pytest.raises(ValidationError):
        perform(reviewer_a, draft.pk, "return")
    item = perform(reviewer_a, draft.pk, "return", note="请补充政策依据")
    assert item.state == "draft" and item.return_note == "请补充政策依据"


def test_two_editors_never_silently_overwrite(draft: Item, editor_a: Any) -> None:
    loaded = draft.version
    services.update_item(editor_a, draft, loaded, title="第一位编辑的标题")
    with pytest.raises(Conflict):
        services.update_item(editor_a, draft, loaded, title="第二位编辑的标题")
    assert Item.objects.get(pk=draft.pk).title == "第一位编辑的标题"


def test_only_drafts_are_edited(draft: Item, editor_a: Any) -> None:
    item = perform(editor_a, draft.pk, "submit")
    with pytest.raises(Conflict):
        services.update_item(editor_a, item, item.version, title="改")


def test_revision_keeps_public_text_until_republished(
    draft: Item, flow: Callable[[Item], Item], editor_a: Any, reviewer_a: Any, signer_a: Any
) -> None:
    item = flow(draft)
    number = item.index_number
    item = perform(editor_a, item.pk, "revise")
    item = services.update_item(editor_a, item, item.version, title="新标题")
    assert Item.objects.get(pk=item.pk).published_revision.title == draft.title  # public still sees v1
    with pytest.raises(ValidationError):
        perform(editor_a, item.pk, "submit")  # a republication needs a public change note, asked at once
    item = services.update_item(editor_a, item, Item.objects.get(pk=item.pk).version, change_note="更正标题")
    perform(editor_a, item.pk, "submit")
    perform(reviewer_a, item.pk, "approve")
    perform(signer_a, item.pk, "sign")
    item = perform(signer_a, item.pk, "publish")
    assert item.published_revision.number == 2 and item.published_revision.title == "新标题"
    assert item.published_revision.change_note == "更正标题"
    assert item.index_number == number  # the index number stays with the item


def test_withdraw_needs_reason_and_page_stays(draft: Item, flow: Callable[[Item], Item], signer_a: Any) -> None:
    item = flow(draft)
    with pytest.raises(ValidationError):
        perform(signer_a, item.pk, "withdraw")
    with pytest.raises(ValidationError):
        perform(signer_a, item.pk, "withdraw", reason="政策已调整", reason_code="nonsense")
    item = perform(signer_a, item.pk, "withdraw", reason="政策已调整", reason_code="superseded")
    assert item.state == "withdrawn" and item.withdraw_reason == "政策已调整"
    assert access.public_items().filter(pk=item.pk).exists()


def test_scheduled_publishing(draft: Item, editor_a: Any, reviewer_a: Any, signer_a: Any) -> None:
    perform(editor_a, draft.pk, "submit")
    perform(reviewer_a, draft.pk, "approve")
    perform(signer_a, draft.pk, "sign")
    at = timezone.now() + dt.timedelta(hours=2)
    item = perform(signer_a, draft.pk, "publish", publish_at=at)
    assert item.state == "scheduled" and not item.index_number
    assert publish_scheduled(timezone.now()) == []
    assert publish_scheduled(at + dt.timedelta(seconds=1)) == [item.pk]
    item.refresh_from_db()
    assert item.state == "published" and item.index_number
    assert publish_scheduled(at + dt.timedelta(minutes=5)) == []  # never twice


def test_emergency_path_is_flagged_and_confirmed(editor_a: Any, unit_a: Unit, signer_a: Any, reviewer_a: Any) -> None:
    item = services.create_item(
        editor_a,
        unit_a,
        title="关于暴雪天气停课的紧急通知",
        formed_on=dt.date(2026, 3, 2),
        genre="notice",
        topic="science",
        emergency=True,
        show_alert=True,
    )
    perform(editor_a, item.pk, "submit")
    item = perform(signer_a, item.pk, "publish")
    assert item.state == "published" and item.expedited
    assert SiteAlert.objects.filter(item=item, active=True).exists()
    with pytest.raises(PermissionDenied):
        perform(editor_a, item.pk, "confirm")
    item = perform(reviewer_a, item.pk, "confirm")
    assert not item.expedited and item.reviewer == reviewer_a


def test_non_emergency_cannot_skip_review(draft: Item, editor_a: Any, signer_a: Any) -> None:
    perform(editor_a, draft.pk, "submit")
    with pytest.raises(Conflict):
        perform(signer_a, draft.pk, "publish")


def test_index_numbers_are_gap_free_and_a_failed_publish_gives_its_number_back(
    editor_a: Any, unit_a: Unit, flow: Callable[[Item], Item], signer_a: Any, reviewer_a: Any
) -> None:
    def new(title: str) -> Item:
        return services.create_item(
            editor_a,
            unit_a,
            title=title,
            formed_on=dt.date(2026, 3, 2),
            genre="notice",
            topic="general",
            emergency=True,
            show_alert=True,
        )

    first = flow(new("一"))
    second = new("二")
    perform(editor_a, second.pk, "submit")
    perform(reviewer_a, second.pk, "approve")
    perform(signer_a, second.pk, "sign")
    with (
        mock.patch.object(SiteAlert.objects, "create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        perform(signer_a, second.pk, "publish")  # fails after the number and revision were made
    second.refresh_from_db()
    assert second.state == "signed" and not second.index_number
    assert not ItemRevision.objects.filter(item=second).exists()
    assert IndexCounter.objects.get(unit=unit_a, year=first.first_published_on.year).last_serial == 1
    second = perform(signer_a, second.pk, "publish")
    assert first.index_number.endswith("-00001") and second.index_number.endswith("-00002")


def test_reclassifying_a_revision_does_not_move_the_public_item(
    draft: Item, flow: Callable[[Item], Item], editor_a: Any, client: Any
) -> None:
    item = flow(draft)
    item = perform(editor_a, item.pk, "revise")
    services.update_item(editor_a, item, item.version, topic="finance", genre="report", validity="repealed")
    assert access.public_items().filter(published_revision__topic="civil", pk=item.pk).exists()
    page = client.get(f"/xxgk/items/{item.pk}/").content.decode()
    assert "民政、扶贫、救灾" in page and "已废止" not in page
    assert client.get("/xxgk/statutory/topic/finance/").content.decode().count(draft.title) == 0


def test_entering_a_missing_year_fixes_waiting_deadlines(
    editor_a: Any, unit_a: Unit, office: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.workdays.services import DaySpec, enter_year

    item = services.create_item(
        editor_a, unit_a, title="年底信息", formed_on=dt.date(2026, 12, 20), genre="notice", topic="general"
    )
    assert item.publish_due_on is None and "2027" in item.due_problem
    with django_capture_on_commit_callbacks(execute=True):
        enter_year(
            office,
            2027,
            "测试数据（非真实通知）",
            None,
            [DaySpec(dt.date(2027, 1, 1), dt.date(2027, 1, 3), "元旦")],
            [],
        )
    item.refresh_from_db()
    assert item.publish_due_on == dt.date(2027, 1, 18) and item.due_problem == ""
    assert AuditEntry.objects.filter(action="item.due_recomputed", object_id=str(item.pk)).exists()


def test_whoever_edits_cannot_review_or_sign(
    draft: Item, editor_a: Any, office: Any, reviewer_a: Any, signer_a: Any
) -> None:
    # The office acts for every unit in every role; once it edits the text it is an author too.
    services.update_item(office, draft, draft.version, body_html="<p>公开办改写的正文</p>")
    perform(office, draft.pk, "submit")
    with pytest.raises(PermissionDenied):
        perform(office, draft.pk, "approve")
    perform(reviewer_a, draft.pk, "approve")
    with pytest.raises(PermissionDenied):
        perform(office, draft.pk, "sign")
    Membership.objects.create(user=reviewer_a, unit=draft.unit, role=Role.SIGNER)
    with pytest.raises(PermissionDenied):
        perform(reviewer_a, draft.pk, "sign")  # the reviewer may hold the signer role, but not sign what they reviewed
    assert perform(signer_a, draft.pk, "sign").state == "signed"


def test_revision_needs_change_note_at_submit(draft: Item, flow: Callable[[Item], Item], editor_a: Any) -> None:
    item = perform(editor_a, flow(draft).pk, "revise")
    with pytest.raises(ValidationError):
        perform(editor_a, item.pk, "submit")


def test_failed_scheduled_publication_is_visible_and_blocks_nothing(
    draft: Item, editor_a: Any, reviewer_a: Any, signer_a: Any
) -> None:
    perform(editor_a, draft.pk, "submit")
    perform(reviewer_a, draft.pk, "approve")
    perform(signer_a, draft.pk, "sign")
    at = timezone.now() + dt.timedelta(hours=1)
    perform(signer_a, draft.pk, "publish", publish_at=at)
    with mock.patch("gongkai.publishing.workflow.publish_now", side_effect=ValidationError({"x": "坏了"})):
        assert publish_scheduled(at + dt.timedelta(minutes=1)) == []
    item = Item.objects.get(pk=draft.pk)
    assert item.state == "signed" and item.publish_at is None
    assert item.events.filter(action="publish_failed").exists()


def test_publish_at_naive_means_shanghai_and_far_future_is_refused(
    draft: Item, editor_a: Any, reviewer_a: Any, signer_a: Any
) -> None:
    perform(editor_a, draft.pk, "submit")
    perform(reviewer_a, draft.pk, "approve")
    perform(signer_a, draft.pk, "sign")
    with pytest.raises(ValidationError):
        perform(signer_a, draft.pk, "publish", publish_at=dt.datetime(9999, 1, 1))
    naive = (timezone.localtime() + dt.timedelta(days=1)).replace(tzinfo=None)
    item = perform(signer_a, draft.pk, "publish", publish_at=naive)
    assert item.state == "scheduled" and timezone.is_aware(item.publish_at)


def test_a_scheduled_publication_is_recorded_like_an_immediate_one(
    draft: Item, flow: Callable[[Item], Item], editor_a: Any, unit_a: Unit, reviewer_a: Any, signer_a: Any
) -> None:
    def recorded(item: Item) -> tuple[Any, ...]:
        event = item.events.filter(action="publish").last()
        entry = (
            AuditEntry.objects.filter(object_id=str(item.pk), action__startswith="item.publish").order_by("pk").last()
        )
        assert event is not None and entry is not None
        return event.action, event.actor, entry.action, entry.before, entry.after["state"]

    immediate = flow(draft)
    later = services.create_item(
        editor_a, unit_a, title="定时发布的通知", formed_on=dt.date(2026, 9, 25), genre="notice", topic="civil"
    )
    perform(editor_a, later.pk, "submit")
    perform(reviewer_a, later.pk, "approve")
    perform(signer_a, later.pk, "sign")
    at = timezone.now() + dt.timedelta(hours=1)
    version = perform(signer_a, later.pk, "publish", publish_at=at).version
    assert publish_scheduled(at + dt.timedelta(minutes=1)) == [later.pk]
    later.refresh_from_db()
    assert later.version == version + 1  # the optimistic lock moves on, as for every step
    assert recorded(later)[0] == recorded(immediate)[0] == "publish" and recorded(later)[1] == signer_a
    assert recorded(later)[2:] == ("item.publish", {"state": "scheduled"}, "published")
    assert recorded(immediate)[2:] == ("item.publish", {"state": "signed"}, "published")
    job = AuditEntry.objects.filter(object_id=str(later.pk), action="item.publish").order_by("pk").last()
    assert job is not None and job.actor_id is None and job.note == "定时发布"  # the system acted, for the signer


def test_drive_takes_a_draft_as_far_as_asked_each_step_by_its_role(
    draft: Item, editor_a: Any, reviewer_a: Any, signer_a: Any
) -> None:

    signed = drive(draft.pk, editor_a, reviewer_a, signer_a, until="sign")
    assert signed.state == State.SIGNED
    steps = list(ItemEvent.objects.filter(item=draft).order_by("pk").values_list("action", "actor"))
    assert steps[-3:] == [("submit", editor_a.pk), ("approve", reviewer_a.pk), ("sign", signer_a.pk)]
    with pytest.raises(Conflict):  # the steps are the pipeline's: a signed item is not submitted again
        drive(draft.pk, editor_a, reviewer_a, signer_a)
