"""Consultations: state from dates, the period rule, comments (validation, holding, moderation),
the adoption report through the pipeline, the reminder, the public page and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Role
from gongkai.participation.consultations import adoption, reminders, services
from gongkai.participation.consultations.state import state_of
from gongkai.participation.models import AdoptionReport, Comment, Consultation, ConsultationSettings
from gongkai.publishing.models import Item, State
from gongkai.publishing.services import Conflict
from gongkai.publishing.workflow import perform
from tests.participation.conftest import AFTER, BEFORE, CITIZEN, CLOSES, DURING, OPENS, SH
from tests.portal.captcha_answers import captcha_of


def _comment(consultation: Consultation, **data: Any) -> Comment:
    with time_machine.travel(DURING, tick=False):
        return services.submit_comment(consultation.pk, **{**CITIZEN, **data})


@pytest.mark.parametrize(
    ("today", "concluded", "expected"),
    [
        (dt.date(2026, 3, 1), False, "upcoming"),
        (OPENS, False, "open"),
        (CLOSES, False, "open"),
        (dt.date(2026, 4, 1), False, "closed"),
        (dt.date(2026, 4, 1), True, "concluded"),
    ],
)
def test_state_follows_the_dates(today: dt.date, concluded: bool, expected: str) -> None:
    assert state_of(OPENS, CLOSES, concluded=concluded, today=today) == expected


@pytest.mark.parametrize("today", [dt.date(2026, 3, 1), OPENS, CLOSES, dt.date(2026, 4, 1)])
def test_a_withdrawn_draft_is_closed_whatever_its_dates(today: dt.date) -> None:
    assert state_of(OPENS, CLOSES, concluded=False, today=today, withdrawn=True) == "closed"


def test_api_calls_a_withdrawn_consultation_closed(consultation: Consultation, api_as: Any, signer_a: Any) -> None:
    path = f"/public/consultations/{consultation.pk}"
    with time_machine.travel(DURING, tick=False):
        assert api_as(None).get(path).json()["state"] == "open"
        perform(signer_a, consultation.item_id, "withdraw", reason="草案需要重新论证", reason_code="error")
        body = api_as(None).get(path).json()
        refused = api_as(None).post(f"{path}/comments", CITIZEN)
    assert body["state"] == "closed"
    assert refused.status_code == 409 and "撤回" in refused.json()["detail"]
    with time_machine.travel(DURING, tick=False):
        listed = Client().get(reverse("portal:consultations")).content.decode()
        page = Client().get(reverse("portal:consultation", args=[consultation.pk])).content.decode()
    assert "已撤回" in listed and "征求中" not in listed
    assert "已撤回" in page and 'name="body"' not in page


def test_period_shorter_than_the_minimum_is_refused_naming_the_field(db: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.check_period(OPENS, dt.date(2026, 3, 30), False, dt.date(2026, 3, 1))
    assert "closes_on" in exc.value.error_dict and "30" in exc.value.messages[0]
    services.check_period(OPENS, CLOSES, False, dt.date(2026, 3, 1))  # 30 days, both ends counted


def test_days_already_past_do_not_count_towards_the_minimum(db: Any) -> None:
    # Opening on 2 March but set up on 10 March: only 10–31 March (22 days) are left for the public.
    with pytest.raises(ValidationError):
        services.check_period(OPENS, CLOSES, False, dt.date(2026, 3, 10))
    services.check_period(OPENS, dt.date(2026, 4, 8), False, dt.date(2026, 3, 10))  # 10 March – 8 April


def test_past_consultation_only_as_history(db: Any) -> None:
    with pytest.raises(ValidationError):
        services.check_period(dt.date(2026, 1, 5), dt.date(2026, 1, 10), False, dt.date(2026, 3, 1))
    services.check_period(dt.date(2026, 1, 5), dt.date(2026, 1, 10), True, dt.date(2026, 3, 1))


def test_minimum_period_is_the_offices_setting(office: Any) -> None:
    services.update_settings(office, min_period_days=10, report_due_working_days=5, sensitive_words="")
    services.check_period(OPENS, dt.date(2026, 3, 11), False, dt.date(2026, 3, 1))
    assert AuditEntry.objects.filter(action="consultation.settings_changed").exists()


def test_settings_are_the_offices_alone(editor_a: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.update_settings(editor_a, min_period_days=1, report_due_working_days=1, sensitive_words="")


def test_the_draft_goes_through_the_one_pipeline(consultation: Consultation) -> None:
    item = consultation.item
    assert item.kind == "consultation" and item.state == State.PUBLISHED and item.index_number
    actions = list(item.events.values_list("action", flat=True))
    assert actions == ["submit", "approve", "sign", "publish"]


def test_comment_only_while_open(consultation: Consultation) -> None:
    for moment in (BEFORE, AFTER):
        with time_machine.travel(moment, tick=False), pytest.raises(Conflict):
            services.submit_comment(consultation.pk, **CITIZEN)
    comment = _comment(consultation)
    assert comment.status == Comment.Status.VISIBLE and comment.number == 1
    assert _comment(consultation, phone="").number == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [({"name": " "}, "name"), ({"phone": "12345"}, "phone"), ({"body": ""}, "body")],
)
def test_bad_comment_names_the_field(consultation: Consultation, data: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        _comment(consultation, **data)
    assert field in exc.value.error_dict


def test_fixed_line_phone_is_accepted(consultation: Consultation) -> None:
    assert _comment(consultation, phone="0477-8581234").phone == "0477-8581234"


def test_sensitive_word_holds_the_comment_until_released(consultation: Consultation, reviewer_a: Any) -> None:
    ConsultationSettings.objects.create(sensitive_words="违禁词\n广告")
    comment = _comment(consultation, body="这是一条广告")
    assert comment.status == Comment.Status.HELD and "广告" in comment.held_for
    with time_machine.travel(DURING, tick=False):
        from gongkai.participation.consultations import public

        assert public.comment_count(consultation) == 0
        services.moderate(reviewer_a, comment.pk, "release")
        assert public.comment_count(consultation) == 1
    assert AuditEntry.objects.filter(action="consultation.comment_release").exists()


def test_a_mobile_number_in_the_text_holds_the_comment(consultation: Consultation) -> None:
    assert _comment(consultation, body="请打13812345678联系我").status == Comment.Status.HELD


def test_hiding_needs_a_reason_and_a_moderator(
    consultation: Consultation, reviewer_a: Any, editor_a: Any, office: Any
) -> None:
    comment = _comment(consultation)
    with pytest.raises(PermissionDenied):
        services.moderate(editor_a, comment.pk, "hide", "辱骂")
    with pytest.raises(ValidationError) as exc:
        services.moderate(reviewer_a, comment.pk, "hide", "")
    assert "reason" in exc.value.error_dict
    services.moderate(office, comment.pk, "hide", "含有辱骂内容")
    entry = AuditEntry.objects.get(action="consultation.comment_hide")
    assert entry.note == "含有辱骂内容"
    assert CITIZEN["phone"] not in str(entry.after) and CITIZEN["name"] not in str(entry.after)


def test_comment_audit_entry_holds_no_personal_data(consultation: Consultation) -> None:
    _comment(consultation)
    entry = AuditEntry.objects.get(action="consultation.comment_received")
    text = f"{entry.before}{entry.after}{entry.note}"
    assert CITIZEN["phone"] not in text and CITIZEN["name"] not in text


def _entries(consultation: Consultation) -> list[adoption.Entry]:
    return [adoption.Entry(c.pk, "not_adopted", "与上位法不符") for c in consultation.comments.all()]


def test_adoption_report_only_after_closing(consultation: Consultation, signer_a: Any) -> None:
    _comment(consultation)
    with time_machine.travel(DURING, tick=False), pytest.raises(Conflict):
        adoption.record_adoption(signer_a, consultation.pk, "总体", _entries(consultation))


def test_every_visible_comment_needs_a_decision_and_a_reason(consultation: Consultation, signer_a: Any) -> None:
    first, _second = _comment(consultation), _comment(consultation)
    with time_machine.travel(AFTER, tick=False):
        with pytest.raises(ValidationError) as exc:
            adoption.record_adoption(signer_a, consultation.pk, "总体", [adoption.Entry(first.pk, "adopted", "")])
        assert "decisions" in exc.value.error_dict
        with pytest.raises(ValidationError) as exc:
            adoption.record_adoption(signer_a, consultation.pk, "总体", [adoption.Entry(first.pk, "not_adopted", "")])
        with pytest.raises(ValidationError) as exc:
            adoption.record_adoption(signer_a, consultation.pk, "", _entries(consultation))
        assert "summary" in exc.value.error_dict


def test_no_adoption_report_for_a_draft_the_public_never_saw(unit_a: Any, pipeline: Any, signer_a: Any) -> None:
    with time_machine.travel(BEFORE, tick=False):
        draft = services.create_consultation(
            pipeline[Role.EDITOR],
            unit_a,
            title="未发布的草案",
            body_html="<p>草案</p>",
            opens_on=OPENS,
            closes_on=CLOSES,
        )
    with time_machine.travel(AFTER, tick=False), pytest.raises(Conflict, match="尚未发布"):
        adoption.record_adoption(signer_a, draft.pk, "总体", [])


def test_staff_see_commenters_phones_masked(consultation: Consultation, editor_a: Any, logged_in: Any) -> None:
    _comment(consultation)
    html = logged_in(editor_a).get(reverse("workbench:consultation", args=[consultation.pk])).content.decode()
    assert CITIZEN["phone"] not in html and CITIZEN["phone"][:3] + "****" in html


def test_a_refused_adoption_form_keeps_every_choice(consultation: Consultation, signer_a: Any, logged_in: Any) -> None:
    first, second = _comment(consultation), _comment(consultation)
    data = {
        "summary": "共收到意见2条",
        f"decision-{first.pk}": "adopted",
        f"reason-{first.pk}": "",
        f"decision-{second.pk}": "not_adopted",
        f"reason-{second.pk}": "",  # a reason is required: refused
    }
    with time_machine.travel(AFTER, tick=False):
        page = logged_in(signer_a).post(reverse("workbench:consultation_adoption", args=[consultation.pk]), data)
    assert page.status_code == 422
    html = page.content.decode()
    assert '<option value="not_adopted" selected>' in html and '<option value="adopted" selected>' in html
    assert "共收到意见2条" in html
    assert not hasattr(Consultation.objects.get(pk=consultation.pk), "adoption")


def test_a_signers_submission_publishes_the_report(consultation: Consultation, signer_a: Any) -> None:
    _comment(consultation), _comment(consultation)
    with time_machine.travel(AFTER, tick=False):
        report = adoption.record_adoption(signer_a, consultation.pk, "共收到2条意见。", _entries(consultation))
        assert report.item.state == State.PUBLISHED and report.item.index_number
        assert services.state(Consultation.objects.get(pk=consultation.pk)) == "concluded"
    assert report.decisions.count() == 1  # the same decision and reason: one group of two comments
    assert report.decisions.get().comments.count() == 2
    body = report.item.published_revision.body_html  # type: ignore[union-attr]
    assert "1、2" in body and CITIZEN["name"] not in body and CITIZEN["phone"] not in body


def test_an_editors_submission_waits_for_a_signer(
    consultation: Consultation, editor_a: Any, signer_a: Any, reviewer_a: Any
) -> None:
    _comment(consultation)
    with time_machine.travel(AFTER, tick=False):
        report = adoption.record_adoption(editor_a, consultation.pk, "总体", _entries(consultation))
        assert report.item.state == State.SUBMITTED
        assert services.state(Consultation.objects.get(pk=consultation.pk)) == "closed"
        with pytest.raises(Conflict):
            adoption.record_adoption(editor_a, consultation.pk, "总体", _entries(consultation))
        with pytest.raises(PermissionDenied):
            adoption.publish_adoption(reviewer_a, consultation.pk)
        adoption.publish_adoption(signer_a, consultation.pk)
        assert services.state(Consultation.objects.get(pk=consultation.pk)) == "concluded"
    assert AuditEntry.objects.filter(action="item.publish", object_id=str(report.item_id)).exists()


def test_reminder_after_n_working_days_without_report(consultation: Consultation, editor_a: Any) -> None:
    # Closed on Tue 31 March 2026; 4-6 April is Qingming, so 10 working days later is 15 April.
    assert reminders.report_due_on(consultation, 10) == dt.date(2026, 4, 15)
    assert reminders.consultation_tasks(editor_a, dt.date(2026, 4, 15)) == []
    tasks = reminders.consultation_tasks(editor_a, dt.date(2026, 4, 16))
    assert len(tasks) == 1 and tasks[0].due_on == dt.date(2026, 4, 15)


def test_reminder_names_a_missing_calendar_year(unit_a: Any, pipeline: dict[str, Any], editor_a: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), tick=False):
        found = services.create_consultation(
            editor_a,
            unit_a,
            title="年底征求意见",
            body_html="<p>草案</p>",
            opens_on=dt.date(2026, 12, 1),
            closes_on=dt.date(2026, 12, 30),
        )
        from gongkai.participation.consultations import demo

        demo.publish_draft(found, pipeline)
    tasks = reminders.consultation_tasks(editor_a, dt.date(2026, 12, 31))
    assert len(tasks) == 1 and tasks[0].due_on is None and "2027" in tasks[0].title


def test_reminder_is_not_for_another_unit(consultation: Consultation, editor_b: Any) -> None:
    assert reminders.consultation_tasks(editor_b, dt.date(2026, 5, 1)) == []


# --- the public page -----------------------------------------------------------------------


def _captcha(client: Client, url: str) -> dict[str, str]:
    return captcha_of(client.get(url).content.decode())


def test_citizen_comments_through_the_form(consultation: Consultation) -> None:
    client = Client()
    url = f"/hudong/consultations/{consultation.pk}/"
    with time_machine.travel(DURING, tick=False):
        response = client.post(url, {**CITIZEN, **_captcha(client, url)})
        assert response.status_code == 303
        page = client.get(response["Location"]).content.decode()
    assert "张**" in page and CITIZEN["phone"] not in page and CITIZEN["body"] in page
    assert "已经提交并公开" in page


def test_bad_form_keeps_what_was_typed(consultation: Consultation) -> None:
    client = Client()
    url = f"/hudong/consultations/{consultation.pk}/"
    with time_machine.travel(DURING, tick=False):
        response = client.post(url, {**CITIZEN, "phone": "abc", **_captcha(client, url)})
    page = response.content.decode()
    assert response.status_code == 422 and "联系电话" in page and CITIZEN["body"] in page


def test_wrong_captcha_saves_nothing(consultation: Consultation) -> None:
    client = Client()
    url = f"/hudong/consultations/{consultation.pk}/"
    with time_machine.travel(DURING, tick=False):
        response = client.post(url, {**CITIZEN, **_captcha(client, url), "captcha_1": "0000"})
    assert response.status_code == 422 and not Comment.objects.exists()


def test_form_is_rate_limited(consultation: Consultation, settings: Any) -> None:
    settings.GONGKAI_RATE_LIMITS = {"consultation_comment": (1, 3600)}
    client = Client()
    url = f"/hudong/consultations/{consultation.pk}/"
    with time_machine.travel(DURING, tick=False):
        client.post(url, {**CITIZEN, **_captcha(client, url)})
        refused = client.post(url, {**CITIZEN, **_captcha(client, url)})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"  # the page said "一小时后" but sent no Retry-After
    assert "提交意见过于频繁" in refused.content.decode()


def test_unpublished_draft_is_not_public(unit_a: Any, editor_a: Any) -> None:
    with time_machine.travel(BEFORE, tick=False):
        found = services.create_consultation(
            editor_a, unit_a, title="草稿", body_html="<p>x</p>", opens_on=OPENS, closes_on=CLOSES
        )
    assert Client().get(f"/hudong/consultations/{found.pk}/").status_code == 404
    assert Client().get(f"/api/v1/public/consultations/{found.pk}").status_code == 404


def test_page_links_the_final_policy_once_public(consultation: Consultation, editor_a: Any, pipeline: Any) -> None:
    from gongkai.publishing import services as items
    from gongkai.publishing import workflow

    with time_machine.travel(AFTER, tick=False):
        policy = items.create_item(
            editor_a, consultation.item.unit, title="测试区养犬管理办法", formed_on=dt.date(2026, 4, 2)
        )
        services.update_consultation(
            editor_a, consultation, opens_on=OPENS, closes_on=CLOSES, historical=False, final_policy_id=policy.pk
        )
        url = f"/hudong/consultations/{consultation.pk}/"
        assert f"/xxgk/items/{policy.pk}/" not in Client().get(url).content.decode()
        for actor, action in [("editor", "submit"), ("reviewer", "approve"), ("signer", "sign"), ("signer", "publish")]:
            workflow.perform(pipeline[actor], policy.pk, action)
        assert f"/xxgk/items/{policy.pk}/" in Client().get(url).content.decode()


# --- the API -------------------------------------------------------------------------------


def test_api_flow_as_written(consultation: Consultation, api_as: Any, editor_a: Any, signer_a: Any) -> None:
    public = api_as(None)
    path = f"/public/consultations/{consultation.pk}"
    with time_machine.travel(BEFORE, tick=False):
        assert public.post(f"{path}/comments", CITIZEN).status_code == 409
    with time_machine.travel(DURING, tick=False):
        created = public.post(f"{path}/comments", CITIZEN)
        assert created.status_code == 201, created.content
        body = public.get(path).json()
        assert body["state"] == "open" and body["comment_count"] == 1 and body["adoption_report"] is None
        assert set(body) == {"id", "title", "state", "opens_on", "closes_on", "comment_count", "adoption_report"}
    with time_machine.travel(AFTER, tick=False):
        assert public.post(f"{path}/comments", CITIZEN).status_code == 409
        decisions = [{"comment_id": created.json()["id"], "decision": "partly_adopted", "reason": "部分已体现"}]
        answer = api_as(editor_a).post(
            f"/consultations/{consultation.pk}/adoption", {"summary": "共1条", "decisions": decisions}
        )
        assert answer.status_code == 201 and answer.json()["state"] == "closed", answer.content
        adoption.publish_adoption(signer_a, consultation.pk)
        body = public.get(path).json()
    assert body["state"] == "concluded"
    assert body["adoption_report"]["decisions"][0]["decision"] == "partly_adopted"
    assert CITIZEN["phone"] not in str(body) and CITIZEN["name"] not in str(body)


def test_api_bad_comment_is_422_naming_the_field(consultation: Consultation, api_as: Any) -> None:
    with time_machine.travel(DURING, tick=False):
        answer = api_as(None).post(f"/public/consultations/{consultation.pk}/comments", {**CITIZEN, "phone": "1"})
    assert answer.status_code == 422 and answer.json()["field"] == "phone"


def test_api_adoption_unknown_comment_is_422(consultation: Consultation, api_as: Any, signer_a: Any) -> None:
    with time_machine.travel(AFTER, tick=False):
        answer = api_as(signer_a).post(
            f"/consultations/{consultation.pk}/adoption",
            {"summary": "x", "decisions": [{"comment_id": 999, "decision": "adopted", "reason": ""}]},
        )
    assert answer.status_code == 422 and answer.json()["field"] == "decisions"


def test_days_spent_in_review_do_not_shorten_the_period(unit_a: Any, pipeline: dict[str, Any]) -> None:
    """30 days when the dates were set on 2 March; signed off a week later only 23 are left:
    publishing is refused until the closing date moves; the revision of a live draft is not."""
    people = pipeline
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=SH), tick=False):
        found = services.create_consultation(
            people[Role.EDITOR],
            unit_a,
            title="养犬管理办法（征求意见稿）",
            body_html="<p>草案</p>",
            opens_on=OPENS,
            closes_on=CLOSES,
        )
        perform(people[Role.EDITOR], found.pk, "submit")
        perform(people[Role.REVIEWER], found.pk, "approve", note="")
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, 0, tzinfo=SH), tick=False):
        perform(people[Role.SIGNER], found.pk, "sign")
        with pytest.raises(Conflict, match="只剩23日"):
            perform(people[Role.SIGNER], found.pk, "publish")
        assert Consultation.objects.get(pk=found.pk).item.published_revision_id is None
        Consultation.objects.filter(pk=found.pk).update(closes_on=dt.date(2026, 4, 7))
        perform(people[Role.SIGNER], found.pk, "publish")
    with time_machine.travel(dt.datetime(2026, 3, 30, 9, 0, tzinfo=SH), tick=False):
        perform(people[Role.EDITOR], found.pk, "revise")
        Item.objects.filter(pk=found.pk).update(change_note="修正错字")
        perform(people[Role.EDITOR], found.pk, "submit")
        perform(people[Role.REVIEWER], found.pk, "approve", note="")
        perform(people[Role.SIGNER], found.pk, "sign")
        perform(people[Role.SIGNER], found.pk, "publish")  # a correction: 9 days left is fine
    assert Consultation.objects.get(pk=found.pk).item.state == State.PUBLISHED


def test_an_adoption_report_with_personal_data_is_not_published(consultation: Consultation, signer_a: Any) -> None:
    """The report goes live without the pipeline's sign step, so the privacy guard is asked here
    (issue 24): a reason quoting a commenter's mobile stops it, and nothing is kept."""
    _comment(consultation)
    entries = [adoption.Entry(c.pk, "not_adopted", "已电话联系13904780001说明") for c in consultation.comments.all()]
    with time_machine.travel(AFTER, tick=False), pytest.raises(Conflict, match="手机号码1处"):
        adoption.record_adoption(signer_a, consultation.pk, "总体", entries)
    assert not AdoptionReport.objects.exists()
