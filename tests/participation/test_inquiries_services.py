"""Handling an inquiry as the unit and the office do it: answer, review, reassign, invalid; every
step audited without the asker's data; figures and inbox reminders from the recorded steps."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Role
from gongkai.participation.inquiries import figures, reminders, services
from gongkai.participation.inquiries.access import reveal_asker
from gongkai.participation.inquiries.demo import seed_inquiries
from gongkai.participation.models import Inquiry, InquiryUnitSettings
from tests.participation.inquiry_fixtures import ASKER, NOW, ask_at, local, question

D = dt.date
State = Inquiry.State


def _audit_text() -> str:
    return json.dumps(
        list(AuditEntry.objects.values("action", "before", "after", "note", "object_repr")), ensure_ascii=False
    )


def test_asking_records_the_question_and_its_asker_apart(db: Any, unit_a: Any) -> None:
    inquiry = ask_at(unit_a)
    assert inquiry.state == State.RECEIVED and inquiry.tracking_code.startswith("ZX-2026-")
    assert inquiry.asker.name == ASKER["name"]
    assert AuditEntry.objects.get().action == "inquiry.received"
    assert ASKER["name"] not in _audit_text() and ASKER["phone"] not in _audit_text()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": " "}, "name", "请填写“姓名”"),
        ({"phone": "abc"}, "phone", "“联系电话”格式不正确"),
        ({"subject": "题" * 101}, "subject", "“标题”不能超过100个字"),
        ({"body": ""}, "body", "请填写“咨询内容”"),
        ({"unit_id": 999999}, "unit_id", "咨询的单位不存在"),
    ],
)
def test_bad_questions_are_refused_naming_the_field(db: Any, unit_a: Any, changes: Any, field: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.ask(question(unit_a, **changes))
    assert words in " ".join(caught.value.message_dict[field])
    assert not Inquiry.objects.exists()


def test_the_unit_answers_and_the_answer_is_sanitised(db: Any, unit_a: Any, editor_a: Any) -> None:
    inquiry = ask_at(unit_a)
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        done = services.answer(editor_a, inquiry.pk, '<p onclick="x()">请携带身份证。</p><script>alert(1)</script>')
    assert done.state == State.ANSWERED and done.answered_on == D(2026, 10, 1) and done.answered_by == editor_a
    assert done.answer_html == "<p>请携带身份证。</p>"
    assert AuditEntry.objects.filter(action="inquiry.answered", actor=editor_a).exists()
    with pytest.raises(services.Conflict):
        services.answer(editor_a, inquiry.pk, "<p>再答一次</p>")


def test_an_empty_answer_is_refused(db: Any, unit_a: Any, editor_a: Any) -> None:
    inquiry = ask_at(unit_a)
    with pytest.raises(ValidationError) as caught:
        services.answer(editor_a, inquiry.pk, "<p> </p><script>x</script>")
    assert caught.value.message_dict["body_html"] == ["请填写“答复内容”"]


def test_staff_of_another_unit_or_role_may_not_answer(db: Any, unit_a: Any, editor_b: Any, reviewer_a: Any) -> None:
    inquiry = ask_at(unit_a)
    for person in (editor_b, reviewer_a):
        with pytest.raises(PermissionDenied):
            services.answer(person, inquiry.pk, "<p>答复</p>")


def test_nobody_approves_an_answer_they_wrote_not_even_the_office(db: Any, unit_a: Any, office: Any) -> None:
    InquiryUnitSettings.objects.create(unit=unit_a, review_required=True)
    inquiry = ask_at(unit_a)
    assert services.answer(office, inquiry.pk, "<p>答复</p>").state == State.AWAITING_REVIEW
    with pytest.raises(PermissionDenied, match="撰写人以外"):
        services.review(office, inquiry.pk, approve=True)
    assert Inquiry.objects.get(pk=inquiry.pk).state == State.AWAITING_REVIEW


def test_where_the_unit_requires_review_the_reviewer_approves_or_returns(
    db: Any, unit_a: Any, editor_a: Any, reviewer_a: Any
) -> None:
    InquiryUnitSettings.objects.create(unit=unit_a, review_required=True)
    inquiry = ask_at(unit_a)
    assert services.answer(editor_a, inquiry.pk, "<p>初稿</p>").state == State.AWAITING_REVIEW
    with pytest.raises(ValidationError):
        services.review(reviewer_a, inquiry.pk, approve=False)
    returned = services.review(reviewer_a, inquiry.pk, approve=False, note="请补充办理地点")
    assert (returned.state, returned.return_note) == (State.RECEIVED, "请补充办理地点")
    services.answer(editor_a, inquiry.pk, "<p>第二稿，办理地点：区政务服务中心</p>")
    with pytest.raises(PermissionDenied):
        services.review(editor_a, inquiry.pk, approve=True)
    approved = services.review(reviewer_a, inquiry.pk, approve=True)
    assert approved.state == State.ANSWERED and approved.answered_by == editor_a
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "inquiry.received", "inquiry.answer_submitted", "inquiry.returned", "inquiry.answer_submitted",
        "inquiry.approved",
    ]  # fmt: skip


def test_the_office_reassigns_and_the_due_date_stays(
    db: Any, unit_a: Any, unit_b: Any, office: Any, editor_a: Any, editor_b: Any
) -> None:
    inquiry = ask_at(unit_a)
    with pytest.raises(PermissionDenied):
        services.reassign(editor_a, inquiry.pk, unit_b.pk, "不属本单位职责")
    with pytest.raises(ValidationError) as caught:
        services.reassign(office, inquiry.pk, unit_b.pk, "")
    assert "reason" in caught.value.message_dict
    with time_machine.travel(NOW + dt.timedelta(days=8), tick=False):
        moved = services.reassign(office, inquiry.pk, unit_b.pk, "属教育局职责")
    assert (moved.unit, moved.due_on) == (unit_b, D(2026, 10, 13))
    assert moved.reassignments.get().from_unit == unit_a
    with pytest.raises(PermissionDenied):
        services.answer(editor_a, inquiry.pk, "<p>答复</p>")
    assert services.answer(editor_b, inquiry.pk, "<p>答复</p>").state == State.ANSWERED
    assert AuditEntry.objects.filter(action="inquiry.reassigned", note="属教育局职责").exists()


def test_invalid_messages_are_kept_and_leave_the_response_rate(db: Any, unit_a: Any, editor_a: Any) -> None:
    spam = ask_at(unit_a, subject="推广")
    with pytest.raises(ValidationError):
        services.mark_invalid(editor_a, spam.pk, "nonsense")
    services.mark_invalid(editor_a, spam.pk, "spam", "广告")
    answered = ask_at(unit_a)
    services.answer(editor_a, answered.pk, "<p>答复</p>")
    ask_at(unit_a)  # still open
    result = figures.inquiry_figures([unit_a], 2026, D(2026, 10, 30))
    assert (result.received, result.invalid, result.valid, result.answered) == (3, 1, 2, 1)
    assert result.response_rate == Decimal("50.0")
    assert result.overdue_now == 1 and result.open == 1


def test_figures_count_on_time_overdue_and_three_months(db: Any, unit_a: Any, unit_b: Any, editor_a: Any) -> None:
    early = ask_at(unit_a, local(D(2026, 3, 2)))  # due 2026-03-09
    late = ask_at(unit_a, local(D(2026, 3, 2)))
    forgotten = ask_at(unit_a, local(D(2026, 4, 1)))
    ask_at(unit_b, local(D(2026, 4, 1)))
    with time_machine.travel(local(D(2026, 3, 5)), tick=False):
        services.answer(editor_a, early.pk, "<p>按时</p>")
    with time_machine.travel(local(D(2026, 7, 1)), tick=False):
        services.answer(editor_a, late.pk, "<p>迟到的答复</p>")  # 4 months after receipt
    today = D(2026, 8, 1)
    result = figures.inquiry_figures([unit_a], 2026, today)
    assert (result.answered, result.answered_on_time, result.overdue_now) == (2, 1, 1)
    assert result.unanswered_over_3_months == 2  # the late one and the forgotten one
    assert result.on_time_rate == Decimal("50.0")
    assert figures.inquiry_figures(None, 2026, today).received == 4
    assert figures.inquiry_figures([unit_a], 2025, today).response_rate is None
    failing = figures.inspection_failures([unit_a], today)
    assert [i.pk for i in failing] == [late.pk, forgotten.pk]
    # A year later the late answer is outside the monitoring window; the forgotten one never is.
    assert [i.pk for i in figures.inspection_failures([unit_a], D(2027, 7, 5))] == [forgotten.pk]


def test_inbox_reminders_for_answerers_reviewers_and_the_office(
    db: Any, unit_a: Any, editor_a: Any, reviewer_a: Any, office: Any, make_person: Any
) -> None:
    InquiryUnitSettings.objects.create(unit=unit_a, review_required=True)
    due_soon = ask_at(unit_a)  # due 2026-10-13
    waiting = ask_at(unit_a)
    services.answer(editor_a, waiting.pk, "<p>待审</p>")
    assert reminders.inquiry_tasks(editor_a, D(2026, 10, 1)) == []  # due in 12 days
    tasks = reminders.inquiry_tasks(editor_a, D(2026, 10, 12))
    assert [t.target for t in tasks] == [due_soon]  # the workbench maps it to its page (url_for)
    assert [t.title for t in reminders.inquiry_tasks(reviewer_a, D(2026, 10, 1))] == [
        f"审核政务咨询答复：{waiting.subject}"
    ]
    assert len(reminders.inquiry_tasks(office, D(2026, 10, 14))) == 2
    assert reminders.inquiry_tasks(make_person("signer", Role.SIGNER, unit_a), D(2026, 10, 14)) == []


def test_revealing_the_asker_is_audited(db: Any, unit_a: Any, editor_a: Any, reviewer_a: Any) -> None:
    inquiry = ask_at(unit_a)
    with pytest.raises(PermissionDenied):
        reveal_asker(reviewer_a, inquiry)
    assert reveal_asker(editor_a, inquiry, purpose="电话回访").phone == ASKER["phone"]
    assert AuditEntry.objects.filter(action="inquiry.asker_viewed", actor=editor_a, note="电话回访").exists()


def test_filling_due_dates_once_the_office_enters_2027(db: Any, unit_a: Any, office: Any) -> None:
    from gongkai.workdays.models import CalendarYear

    inquiry = ask_at(unit_a, local(D(2026, 12, 28)))
    assert services.fill_missing_due_dates() == 0
    CalendarYear.objects.create(year=2027)
    assert services.fill_missing_due_dates() == 1
    inquiry.refresh_from_db()
    assert (inquiry.due_on, inquiry.due_problem) == (D(2027, 1, 4), "")


def test_the_demo_seeds_each_kind_once(db: Any, government: Any) -> None:
    from gongkai.orgs.demo import DEMO_DEPARTMENT
    from gongkai.orgs.models import Unit
    from tests.builders import make_code

    names = (DEMO_DEPARTMENT, "康巴什区教育局", "康巴什区住房和城乡建设局", "康巴什区卫生健康委员会")
    for n, name in enumerate(names, start=50):
        Unit.objects.create(name=name, kind=Unit.Kind.DEPARTMENT, parent=government, credit_code=make_code(n))
    with time_machine.travel(NOW, tick=False):
        created = seed_inquiries()
        assert seed_inquiries() == []
    states = sorted(i.state for i in created)
    assert states.count(State.ANSWERED) == 3 and State.INVALID in states and State.RECEIVED in states
    assert Inquiry.objects.filter(state=State.ANSWERED, public=False).exists()
    assert figures.inquiry_figures(None, 2026, D(2026, 9, 30)).overdue_now == 1
