"""The proactive-disclosure clock across revisions (条例 Art. 26: "自该政府信息形成或者变更之日起20个
工作日内"): each publication keeps the deadline it was judged by, a revision runs a clock only when
the information changed, and the lists, the recomputation and the timeliness rate follow that."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.publishing import services, stats
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive, perform
from gongkai.workdays.services import get_calendar, set_override

D = dt.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
Flow = Callable[[Item], Item]


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), SHANGHAI)


def new(editor: Any, unit: Unit, title: str, formed_on: dt.date) -> Item:
    return services.create_item(editor, unit, title=title, formed_on=formed_on, genre="notice", topic="civil")


def publish_on(flow: Flow, item: Item, day: dt.date) -> Item:
    with time_machine.travel(at(day), tick=False):
        return flow(Item.objects.get(pk=item.pk))


def revise(editor: Any, item: Item, **changes: Any) -> Item:
    item = perform(editor, item.pk, "revise")
    return services.update_item(editor, item, item.version, change_note="内容更新", **changes)


def test_each_publication_keeps_the_deadline_it_was_judged_by(draft: Item, flow: Flow, editor_a: Any) -> None:
    first = publish_on(flow, draft, D(2026, 10, 9)).published_revision
    assert (first.formed_on, first.due_on) == (D(2026, 9, 25), D(2026, 10, 29))
    item = revise(editor_a, draft, formed_on=D(2026, 10, 12))
    assert item.publish_due_on == D(2026, 11, 9)  # 20 working days from the change
    second = publish_on(flow, item, D(2026, 11, 20)).published_revision
    assert (second.number, second.formed_on, second.due_on) == (2, D(2026, 10, 12), D(2026, 11, 9))
    first.refresh_from_db()
    assert first.due_on == D(2026, 10, 29)  # the later formed_on did not rewrite it


def test_a_correction_without_a_new_formed_on_carries_no_deadline(draft: Item, flow: Flow, editor_a: Any) -> None:
    publish_on(flow, draft, D(2026, 11, 20))  # late: after 10-29
    item = perform(editor_a, draft.pk, "revise")
    assert (item.publish_due_on, item.due_problem) == (None, "")  # opening a revision starts no clock
    item = services.update_item(editor_a, item, item.version, title="更正标题中的错字", change_note="更正错字")
    assert (item.publish_due_on, item.due_problem) == (None, "")
    soon, overdue = stats.due_lists(editor_a, D(2026, 12, 1), get_calendar())
    assert item not in soon and item not in overdue
    # The late first publication stays late: the correction does not make it "on time".
    [(_unit, rate)] = stats.timeliness_by_unit(
        Unit.objects.filter(pk=item.unit_id), D(2026, 1, 1), D(2026, 12, 31), D(2026, 12, 1)
    )
    assert (rate.due, rate.on_time, rate.late) == (1, 0, 1)


def test_a_changed_revision_is_due_soon_then_overdue(draft: Item, flow: Flow, editor_a: Any) -> None:
    publish_on(flow, draft, D(2026, 10, 9))
    item = revise(editor_a, draft, formed_on=D(2026, 10, 12))  # due 11-09
    calendar = get_calendar()
    assert stats.due_lists(editor_a, D(2026, 11, 5), calendar) == ([item], [])
    assert stats.due_lists(editor_a, D(2026, 11, 10), calendar) == ([], [item])
    assert stats.is_overdue(item, D(2026, 11, 10)) and not stats.is_overdue(item, D(2026, 11, 9))


def test_a_scheduled_item_is_not_published_yet(draft: Item, editor_a: Any, reviewer_a: Any, signer_a: Any) -> None:
    with time_machine.travel(at(D(2026, 10, 27)), tick=False):
        item = drive(draft.pk, editor_a, reviewer_a, signer_a, publish_at=at(D(2026, 11, 2)))
    assert item.state == "scheduled"
    assert stats.is_overdue(item, D(2026, 10, 30))
    assert stats.due_lists(editor_a, D(2026, 10, 30), get_calendar()) == ([], [item])


def test_a_published_or_withdrawn_working_copy_is_out_of_the_clock(draft: Item, flow: Flow, signer_a: Any) -> None:
    item = publish_on(flow, draft, D(2026, 11, 20))
    assert not stats.is_overdue(item, D(2026, 12, 1))
    item = perform(signer_a, item.pk, "withdraw", reason="政策已调整", reason_code="superseded")
    assert not stats.is_overdue(item, D(2026, 12, 1))


def test_recomputing_reaches_revisions_and_spares_publications(
    draft: Item, flow: Flow, editor_a: Any, unit_a: Unit, office: Any, django_capture_on_commit_callbacks: Any
) -> None:
    published = publish_on(flow, draft, D(2026, 10, 9))  # working copy and revision due 10-29
    other = publish_on(flow, new(editor_a, unit_a, "三月的信息", D(2026, 3, 2)), D(2026, 3, 20))
    in_progress = revise(editor_a, other, formed_on=D(2026, 10, 12))  # due 11-09
    with django_capture_on_commit_callbacks(execute=True):
        set_override(office, D(2026, 10, 14), False, "测试：临时停止办公")  # one working day fewer
    in_progress.refresh_from_db()
    assert in_progress.publish_due_on == D(2026, 11, 10)
    assert AuditEntry.objects.filter(action="item.due_recomputed", object_id=str(in_progress.pk)).exists()
    published.refresh_from_db()
    assert published.publish_due_on == D(2026, 10, 29)  # a publication's deadline is history
    assert published.published_revision.due_on == D(2026, 10, 29)
    assert in_progress.published_revision.due_on == D(2026, 3, 30)


def test_a_revision_waiting_for_a_calendar_year_is_listed_as_blocked(draft: Item, flow: Flow, editor_a: Any) -> None:
    publish_on(flow, draft, D(2026, 10, 9))
    item = revise(editor_a, draft, formed_on=D(2026, 12, 20))
    assert item.publish_due_on is None and "2027" in item.due_problem
    assert list(stats.blocked(editor_a)) == [item]


def test_timeliness_counts_every_publication_by_its_own_deadline(
    flow: Flow, editor_a: Any, signer_a: Any, unit_a: Unit, unit_b: Unit
) -> None:
    # 1. First publication on time (due 10-29, published 10-09), then a revision for information
    #    changed on 10-12 (due 11-09) published late on 11-20.
    changed = publish_on(flow, new(editor_a, unit_a, "按时发布后变更", D(2026, 9, 25)), D(2026, 10, 9))
    publish_on(flow, revise(editor_a, changed, formed_on=D(2026, 10, 12)), D(2026, 11, 20))
    # 2. On time, then a revision for a change on 10-15 (due 11-12) not published by 12-01: overdue.
    waiting = publish_on(flow, new(editor_a, unit_a, "变更后未发布", D(2026, 9, 25)), D(2026, 10, 9))
    revise(editor_a, waiting, formed_on=D(2026, 10, 15))
    # 3. On time, then a changed revision given up: the item was withdrawn before it was published.
    given_up = publish_on(flow, new(editor_a, unit_a, "修订中撤回", D(2026, 9, 25)), D(2026, 10, 9))
    revise(editor_a, given_up, formed_on=D(2026, 10, 20))
    perform(signer_a, given_up.pk, "withdraw", reason="该事项已取消", reason_code="superseded")
    rates = dict(stats.timeliness_by_unit(Unit.objects.all(), D(2026, 1, 1), D(2026, 12, 31), D(2026, 12, 1)))
    mine = rates[unit_a]
    assert (mine.due, mine.on_time, mine.late, mine.overdue) == (5, 3, 1, 1)
    assert mine.rate == pytest.approx(0.6)
    assert rates[unit_b].due == 0 and rates[unit_b].rate is None


@pytest.mark.django_db(transaction=True)
def test_migration_fills_unambiguous_first_revisions_only(unit_a: Unit, editor_a: Any) -> None:
    executor = MigrationExecutor(connection)
    before, after = [("publishing", "0002_revision_metadata")], [("publishing", "0003_revision_deadline")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Item_, Revision, Event = (apps.get_model("publishing", name) for name in ("Item", "ItemRevision", "ItemEvent"))

    def make(title: str, state: str, formed: dt.date, due: dt.date | None, revisions: int, revised: bool) -> int:
        item = Item_.objects.create(
            unit_id=unit_a.pk, author_id=editor_a.pk, title=title, state=state, formed_on=formed, publish_due_on=due
        )
        for number in range(1, revisions + 1):
            published = timezone.make_aware(dt.datetime(2026, 10, number))
            revision = Revision.objects.create(
                item=item, number=number, title=title, body_html="", published_at=published, published_by_id=editor_a.pk
            )
        item.published_revision = revision
        item.save()
        if revised:
            Event.objects.create(item=item, action="revise", actor_id=editor_a.pk, at=timezone.now())
        return int(item.pk)

    once = make("发布一次", "published", D(2026, 9, 25), D(2026, 10, 29), 1, False)
    twice = make("发布两次", "published", D(2026, 9, 28), D(2026, 10, 30), 2, True)
    fixing = make("修订中未变更", "draft", D(2026, 9, 25), D(2026, 10, 29), 1, True)
    changing = make("修订中已变更", "draft", D(2026, 10, 12), D(2026, 11, 9), 1, True)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    def first(pk: int) -> tuple[dt.date | None, dt.date | None]:
        revision = Item.objects.get(pk=pk).revisions.get(number=1)
        return revision.formed_on, revision.due_on

    assert first(once) == (D(2026, 9, 25), D(2026, 10, 29))
    assert first(twice) == (None, None)  # the item's dates may be a later revision's
    assert first(fixing) == (None, None)  # a revision was opened: its formed_on may have moved
    assert Item.objects.get(pk=fixing).publish_due_on is None  # formed before it was published
    assert Item.objects.get(pk=changing).publish_due_on == D(2026, 11, 9)  # changed after it
