"""The audited actions on consultations: create and edit (the draft is an Item; the pipeline
reviews, signs and publishes it), the office's settings, public comments and their moderation.
The adoption report is in ``adoption.py``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai import officesettings, personaldata
from gongkai.actor import Actor, signed_in
from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role, Unit
from gongkai.orgs.services import published_contacts
from gongkai.participation.consultations import state as rules
from gongkai.participation.consultations.access import require_moderator
from gongkai.participation.models import Comment, Consultation, ConsultationSettings
from gongkai.publishing import services as items
from gongkai.publishing.models import Item, Kind, State
from gongkai.publishing.services import Conflict

# The public comment form and the public POST endpoint share one limit per address
# (ops.ratelimit.DEFAULT_LIMITS).
RATE_SCOPE = "consultation_comment"

MAX_NAME, MAX_PHONE, MAX_BODY = 50, 30, 3000
SETTINGS_FIELDS = ["min_period_days", "report_due_working_days", "sensitive_words", "personal_data"]
DATE_FIELDS = ["opens_on", "closes_on", "historical", "final_policy"]


def state(consultation: Consultation, today: dt.date | None = None) -> str:
    """upcoming / open / closed / concluded, in Asia/Shanghai (``timezone.localdate``)."""
    report = getattr(consultation, "adoption", None)
    concluded = report is not None and report.item.published_revision_id is not None
    return rules.state_of(
        consultation.opens_on,
        consultation.closes_on,
        concluded=concluded,
        today=today or timezone.localdate(),
        withdrawn=consultation.item.state == State.WITHDRAWN,
    )


def check_period(opens_on: dt.date, closes_on: dt.date, historical: bool, today: dt.date) -> None:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("“截止日期”不能早于“开始日期”")})
    if historical:
        if closes_on >= today:
            raise ValidationError({"closes_on": _("补录的历史征求意见，“截止日期”应早于今天")})
        return
    if closes_on < today:
        raise ValidationError({"closes_on": _("“截止日期”已过；补录已经结束的征求意见，请勾选“历史记录”")})
    minimum = ConsultationSettings.current().min_period_days
    # Counted from today when the opening day has passed: the public has only the days still ahead.
    if rules.period_days(max(opens_on, today), closes_on) < minimum:
        raise ValidationError(
            {"closes_on": _("征求意见期限不得少于%(days)s日（含开始和截止当日，已过的日子不计）") % {"days": minimum}}
        )


def check_period_at_publication(item: Item, today: dt.date | None = None) -> None:
    """The minimum period again when the draft first goes live: days spent in review and
    sign-off after the dates were set must not shorten what the public gets (Conflict, 409).
    A revision of a published draft and a historical record are not checked."""
    if item.published_revision_id is not None:
        return
    consultation = Consultation.objects.filter(item=item).first()
    if consultation is None or consultation.historical:
        return
    today = today or timezone.localdate()
    minimum = ConsultationSettings.current().min_period_days
    left = rules.period_days(max(consultation.opens_on, today), consultation.closes_on)
    if left < minimum:
        raise Conflict(
            _("征求意见期限不得少于%(days)s日：自今天至截止日期%(closes)s只剩%(left)s日，请先修改截止日期再发布")
            % {"days": minimum, "closes": consultation.closes_on.isoformat(), "left": max(left, 0)}
        )


@transaction.atomic
def create_consultation(
    actor: Actor,
    unit: Unit,
    *,
    title: str,
    body_html: str,
    opens_on: dt.date,
    closes_on: dt.date,
    historical: bool = False,
    topic: str = "general",
    **item_fields: Any,
) -> Consultation:
    """A new draft (an Item of kind consultation) with its period; the editor then attaches files
    and takes the item through review and sign-off on its item page. ``item_fields`` are more of
    the item's own (``formed_on``, ``genre``, ``doc_number`` …, as POST /api/v1/items sends them);
    by default it is formed today and its genre is 意见."""
    org_access.require(actor, unit, Role.EDITOR)
    check_period(opens_on, closes_on, historical, timezone.localdate())
    defaults = {"formed_on": timezone.localdate(), "genre": "opinion"}
    item = items.create_item(
        actor,
        unit,
        kind=Kind.CONSULTATION,
        title=title,
        body_html=body_html,
        topic=topic,
        **{**defaults, **item_fields},
    )
    consultation = Consultation.objects.create(item=item, opens_on=opens_on, closes_on=closes_on, historical=historical)
    record(actor, "consultation.created", consultation, unit=unit, after=snapshot(consultation, DATE_FIELDS))
    return consultation


def _final_policy(consultation: Consultation, pk: int | None) -> Item | None:
    if pk is None:
        return None
    found = Item.objects.filter(pk=pk).exclude(pk=consultation.pk).first()
    if found is None or found.kind not in (Kind.POLICY, Kind.ITEM):
        raise ValidationError({"final_policy": _("“最终政策文件”应填写一条政策文件或政府信息的编号")})
    return found


@transaction.atomic
def update_consultation(
    actor: Actor,
    consultation: Consultation,
    *,
    opens_on: dt.date,
    closes_on: dt.date,
    historical: bool,
    final_policy_id: int | None,
) -> Consultation:
    """Change the period (still at least the minimum) or link the final policy document."""
    current = Consultation.objects.select_for_update(of=("self",)).select_related("item").get(pk=consultation.pk)
    org_access.require(actor, current.item.unit_id, Role.EDITOR)
    before = snapshot(current, DATE_FIELDS)
    if (opens_on, closes_on, historical) != (current.opens_on, current.closes_on, current.historical):
        check_period(opens_on, closes_on, historical, timezone.localdate())
    current.opens_on, current.closes_on, current.historical = opens_on, closes_on, historical
    current.final_policy = _final_policy(current, final_policy_id)
    current.save()
    old, new = changed(before, snapshot(current, DATE_FIELDS))
    if new:
        record(actor, "consultation.changed", current, unit=current.item.unit, before=old, after=new)
    return current


def update_settings(actor: Actor, **values: Any) -> ConsultationSettings:
    values = {key: values[key] for key in SETTINGS_FIELDS if key in values}
    return officesettings.update(actor, ConsultationSettings, values, action="consultation.settings_changed")


def clean_comment(name: str, phone: str, body: str) -> tuple[str, str, str]:
    """The commenter's answers, stripped; a Chinese message naming the field otherwise."""
    name, phone, body = (name or "").strip(), (phone or "").strip().replace(" ", ""), (body or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("请填写“姓名”")
    elif len(name) > MAX_NAME:
        errors["name"] = _("“姓名”不能超过%(n)s个字") % {"n": MAX_NAME}
    if phone and (len(phone) > MAX_PHONE or not rules.valid_phone(phone)):
        errors["phone"] = _("“联系电话”应为11位手机号码或带区号的固定电话，例如0477-8581234")
    if not body:
        errors["body"] = _("请填写“意见内容”")
    elif len(body) > MAX_BODY:
        errors["body"] = _("“意见内容”不能超过%(n)s个字") % {"n": MAX_BODY}
    if errors:
        raise ValidationError(errors)
    return name, phone, body


def _held_for(body: str) -> str:
    """Why a comment waits for a moderator (staff see it; the public never does): a sensitive
    word, or personal data (gongkai.personaldata, a citizen's text) when the office holds such
    comments; otherwise it is published at once and its personal data masked on every page."""
    office = ConsultationSettings.current()
    words = rules.matched_words(body, office.words())
    if words:
        return _("含敏感词：%(words)s") % {"words": "、".join(words)}
    if office.personal_data == ConsultationSettings.PersonalData.HOLD:
        found = personaldata.find(body, personaldata.CITIZEN, published_contacts())
        if found:
            return _("意见内容疑似含有个人信息：%(what)s") % {"what": personaldata.summary(found)}
    return ""


def _open_for_comment(consultation_id: int) -> Consultation:
    found = (
        Consultation.objects.select_for_update(of=("self",)).select_related("item").filter(pk=consultation_id).first()
    )
    if found is None or found.item.published_revision_id is None:
        raise Http404
    if found.item.state == State.WITHDRAWN:
        raise Conflict(_("该征求意见稿已撤回，不再接收意见"))
    current = state(found)
    if current != rules.OPEN:
        dates = {"a": found.opens_on.isoformat(), "b": found.closes_on.isoformat()}
        if current == rules.UPCOMING:
            raise Conflict(_("征求意见尚未开始，请于%(a)s至%(b)s期间提交意见") % dates)
        raise Conflict(_("征求意见已于%(b)s截止，不再接收意见") % dates)
    return found


@transaction.atomic
def submit_comment(consultation_id: int, *, name: str, phone: str, body: str) -> Comment:
    """A member of the public comments (form or API). Held for moderation when the text contains a
    sensitive word, or personal data when the office holds such comments (``_held_for``). The
    audit entry and any log carry the number and status only, never the name, phone or text."""
    name, phone, body = clean_comment(name, phone, body)
    consultation = _open_for_comment(consultation_id)
    held_for = _held_for(body)
    number = consultation.next_comment_number
    Consultation.objects.filter(pk=consultation.pk).update(next_comment_number=number + 1)
    comment = Comment.objects.create(
        consultation=consultation,
        number=number,
        name=name,
        phone=phone,
        body=body,
        status=Comment.Status.HELD if held_for else Comment.Status.VISIBLE,
        held_for=held_for,
    )
    record(
        None,
        "consultation.comment_received",
        comment,
        unit=consultation.item.unit,
        after={"consultation": consultation.pk, "number": number, "status": comment.status},
    )
    return comment


MODERATION = {
    "hide": (frozenset({Comment.Status.VISIBLE, Comment.Status.HELD}), Comment.Status.HIDDEN),
    "release": (frozenset({Comment.Status.HELD, Comment.Status.HIDDEN}), Comment.Status.VISIBLE),
}


@transaction.atomic
def moderate(actor: Actor, comment_id: int, action: str, reason: str = "") -> Comment:
    """Hide a comment (with a reason, kept in the audit trail) or release a held or hidden one."""
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("consultation__item__unit").get(pk=comment_id)
    )
    require_moderator(actor, comment.consultation)
    if action not in MODERATION:
        raise ValidationError({"action": _("未知操作：%(action)s") % {"action": action}})
    sources, target = MODERATION[action]
    reason = (reason or "").strip()
    if action == "hide" and not reason:
        raise ValidationError({"reason": _("屏蔽意见时请填写“屏蔽原因”")})
    if comment.status not in sources:
        raise Conflict(_("“%(state)s”的意见不能执行此操作") % {"state": comment.get_status_display()})
    if _decided_publicly(comment) and action == "hide":
        raise Conflict(_("该意见已列入已发布的采纳情况，不能屏蔽"))
    before = comment.status
    comment.status, comment.hidden_reason = target, reason if action == "hide" else ""
    comment.moderated_by, comment.moderated_at = signed_in(actor), timezone.now()
    comment.save(update_fields=["status", "hidden_reason", "moderated_by", "moderated_at"])
    record(
        actor,
        f"consultation.comment_{action}",
        comment,
        unit=comment.consultation.item.unit,
        before={"status": before},
        after={"status": comment.status, "number": comment.number},
        note=reason,
    )
    return comment


def _decided_publicly(comment: Comment) -> bool:
    return comment.decisions.filter(report__item__published_revision__isnull=False).exists()
