"""The publishing workflow: every transition of an item goes through ``perform``.

draft → submitted → approved (保密审查 + 内容审核, 条例 Art. 17) → signed (签发) → published
(now, or scheduled) → revised (a new revision with a public change note) or withdrawn (the page
stays and states the reason). Reviewer and signer must not be the author (four eyes). An
emergency item (突发事件) may be published by a signer straight from "submitted"; it is then
flagged and a reviewer must confirm it afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.actor import Actor, signed_in, staff
from gongkai.audit.services import record
from gongkai.orgs.models import Role
from gongkai.publishing import privacy, readonly, signals
from gongkai.publishing.gates import check_publishable
from gongkai.publishing.index_numbers import format_index_number
from gongkai.publishing.models import IndexCounter, Item, ItemEvent, ItemRevision, SiteAlert, State
from gongkai.publishing.services import Conflict, require_unit_role, set_due
from gongkai.publishing.vocab import WITHDRAW_REASONS

S = State


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    roles: tuple[str, ...]
    four_eyes: bool = False


RULES: dict[str, Rule] = {
    "submit": Rule(frozenset({S.DRAFT}), (Role.EDITOR,)),
    "approve": Rule(frozenset({S.SUBMITTED}), (Role.REVIEWER,), four_eyes=True),
    "sign": Rule(frozenset({S.APPROVED}), (Role.SIGNER,), four_eyes=True),
    "publish": Rule(frozenset({S.SIGNED}), (Role.SIGNER, Role.EDITOR)),
    "return": Rule(frozenset({S.SUBMITTED, S.APPROVED, S.SIGNED, S.SCHEDULED}), (Role.REVIEWER, Role.SIGNER)),
    "unschedule": Rule(frozenset({S.SCHEDULED}), (Role.SIGNER, Role.EDITOR)),
    "revise": Rule(frozenset({S.PUBLISHED}), (Role.EDITOR,)),
    "withdraw": Rule(frozenset({S.PUBLISHED, S.DRAFT, S.SUBMITTED, S.APPROVED, S.SIGNED}), (Role.SIGNER,)),
    "confirm": Rule(frozenset({S.PUBLISHED, S.WITHDRAWN}), (Role.REVIEWER,), four_eyes=True),
}
ACTIONS = list(RULES)


def contributors(item: Item) -> set[int]:
    """Everyone who wrote any of the item's content: its author and every later editor or reviser.
    None of them may review, sign or confirm it (four eyes, whoever holds several roles)."""
    edited = ItemEvent.objects.filter(item=item, action__in=["edit", "revise"]).values_list("actor_id", flat=True)
    return {item.author_id, *(pk for pk in edited if pk is not None)}


def _check_four_eyes(actor: Actor, item: Item, action: str, expedited_publish: bool) -> None:
    if actor.pk in contributors(item):
        raise PermissionDenied(_("审核、签发须由作者和修改人以外的人员进行"))
    if action == "sign" and item.reviewer_id == actor.pk:
        raise PermissionDenied(_("签发须由审核人以外的人员进行"))
    if action == "confirm" and item.signer_id == actor.pk:
        raise PermissionDenied(_("补充审核须由签发人以外的人员进行"))


def _check(actor: Actor, item: Item, action: str, rule: Rule) -> None:
    """Role first (403: this person may never do it here), then state (409: not now); an item
    received from elsewhere is read-only here whoever asks (readonly.py: 409)."""
    readonly.refuse_if_read_only(item)
    expedited_publish = action == "publish" and item.emergency and item.state == S.SUBMITTED
    require_unit_role(actor, item, *((Role.SIGNER,) if expedited_publish else rule.roles))
    if rule.four_eyes or expedited_publish:
        _check_four_eyes(actor, item, action, expedited_publish)
    if item.state not in rule.sources and not expedited_publish:
        raise Conflict(
            _("“%(state)s”状态的信息不能执行“%(action)s”") % {"state": item.get_state_display(), "action": action}
        )
    if action == "withdraw" and not item.is_public:
        raise Conflict(_("尚未发布的信息无需撤回"))
    if action == "confirm" and not item.expedited:
        raise Conflict(_("该信息不是加急发布的信息，无需补审"))


@transaction.atomic
def perform(actor: Actor, item_id: int, action: str, *, version: int | None = None, **params: Any) -> Item:
    """Check permission and state, change the state, write the event and the audit entry."""
    rule = RULES.get(action)
    if rule is None:
        raise ValidationError({"action": _("未知操作：%(action)s") % {"action": action}})
    item = Item.objects.select_for_update().select_related("unit").get(pk=item_id)
    if version is not None and item.version != version:
        raise Conflict(_("此信息已被他人处理（当前版本%(v)s），请刷新后重试") % {"v": item.version})
    _check(actor, item, action, rule)
    if action == "publish":
        _publish_action(actor, item, params)  # records the step itself: publish() or a schedule
    else:
        before = item.state
        note = _apply(actor, item, action, params)
        record_step(item, action, actor, before=before, note=note)
    return item


# The steps from a draft to the public, each by its role (the four eyes: three people).
STEPS = ("submit", "approve", "sign", "publish")


def drive(
    item_id: int, editor: Actor, reviewer: Actor, signer: Actor, *, until: str = "publish", **publish: Any
) -> Item:
    """Take a draft through submit → approve → sign → publish (or stop after ``until``), each step
    by its role and through ``perform``, the one action function; ``publish`` takes the publish
    action's parameters (``publish_at``). For the demo seeders and the tests, which would otherwise
    each write the sequence again."""
    actors = {"submit": editor, "approve": reviewer, "sign": signer, "publish": signer}
    item = Item.objects.get(pk=item_id)
    for action in STEPS[: STEPS.index(until) + 1]:
        item = perform(actors[action], item_id, action, **(publish if action == "publish" else {}))
    return item


# Audit names that do not follow "item.<action>" (kept so that existing entries stay comparable).
AUDIT_ACTIONS = {"import": "item.imported"}


def record_step(
    item: Item,
    action: str,
    actor: Actor,
    *,
    before: str,
    note: str = "",
    at: dt.datetime | None = None,
    by_job: bool = False,
) -> None:
    """Record one step of an item, however it was taken: bump the optimistic-lock version, write
    the ItemEvent (the unit's history) and the audit entry. What the public sees changes through
    ``publish_now`` and the withdrawal, which announce it (signals.py). ``by_job``: a scheduled
    job acted for ``actor`` (the history names the person, the audit trail the system)."""
    Item.objects.filter(pk=item.pk).update(version=F("version") + 1)
    item.version += 1
    ItemEvent.objects.create(item=item, action=action, actor=signed_in(actor), note=note, at=at or timezone.now())
    record(
        None if by_job else actor,
        AUDIT_ACTIONS.get(action, f"item.{action}"),
        item,
        unit=item.unit,
        before={"state": before},
        after={"state": item.state, "index_number": item.index_number},
        note=note,
    )


def publish(
    item: Item,
    actor: Actor,
    *,
    before: str,
    note: str = "",
    now: dt.datetime | None = None,
    by_job: bool = False,
) -> None:
    """The one way to publish: snapshot the working copy (``publish_now``) and record the step.
    Used by ``perform``, the scheduled job and the interpretations published with their document,
    inside the caller's transaction. The gazette import calls the two halves itself: its event is
    dated when the archive was imported, not when the issue was published."""
    publish_now(item, actor, now)
    record_step(item, "publish", actor, before=before, note=note, at=now, by_job=by_job)


def _apply(actor: Actor, item: Item, action: str, params: dict[str, Any]) -> str:
    handler = {
        "submit": _submit,
        "approve": _approve,
        "sign": _sign,
        "return": _return,
        "unschedule": _unschedule,
        "revise": _revise,
        "withdraw": _withdraw,
        "confirm": _confirm,
    }[action]
    return handler(actor, item, params)


def _save(item: Item, *fields: str) -> None:
    item.save(update_fields=[*fields, "updated_at"])


def _submit(actor: Actor, item: Item, params: dict[str, Any]) -> str:
    if item.published_revision_id is not None and not item.change_note.strip():
        # Asked now, not after review and sign-off, and never when a scheduled job runs.
        raise ValidationError({"change_note": _("更新已发布的信息时，请填写公开的更新说明")})
    item.state = S.SUBMITTED
    item.return_note = item.privacy_basis = ""  # a new round of review: a new basis, if any
    _save(item, "state", "return_note", "privacy_basis")
    return str(params.get("note") or "")


def _approve(actor: Actor, item: Item, params: dict[str, Any]) -> str:
    item.state, item.reviewer = S.APPROVED, signed_in(actor)
    # 条例 Art. 15: the legal basis for publishing personal data, if the reviewer gives one
    # (publishing.privacy lets such an item be signed; the signer sees it; the audit keeps it).
    item.privacy_basis = str(params.get("privacy_basis") or "").strip()[:2000]
    _save(item, "state", "reviewer", "privacy_basis")
    # 条例 Art. 17: confidentiality review before disclosure, together with the content review.
    # The workbench makes the reviewer tick both; the API's approve has no fields for them (its
    # contract is fixed), so calling it asserts both, and the record says it came that way.
    done = _("保密审查、内容审核通过（接口确认）") if params.get("via_api") else _("保密审查、内容审核通过")
    basis = _("；公开个人信息的依据：%(basis)s") % {"basis": item.privacy_basis} if item.privacy_basis else ""
    return done + (f"：{params['note']}" if params.get("note") else "") + basis


def _sign(actor: Actor, item: Item, params: dict[str, Any]) -> str:
    privacy.check(item)  # personal data, unread files (issue 24): 409 naming the places
    item.state, item.signer = S.SIGNED, signed_in(actor)
    _save(item, "state", "signer")
    return str(params.get("note") or "")


def _return(actor: Actor, item: Item, params: dict[str, Any]) -> str:
    note = str(params.get("note") or "").strip()
    if not note:
        raise ValidationError({"note": _("退回时请填写修改意见")})
    item.state, item.return_note, item.publish_at = S.DRAFT, note, None
    _save(item, "state", "return_note", "publish_at")
    return note


def _unschedule(actor: Actor, item: Item, params: dict[str, Any]) -> str:
    item.state, item.publish_at = S.SIGNED, None
    _save(item, "state", "publish_at")
    return ""


def _revise(actor: Actor, item: Item, params: dict[str, Any]) -> str:
    # The public page keeps showing the published revision until the new one is published.
    item.state, item.change_note, item.reviewer, item.signer = S.DRAFT, "", None, None
    # The deadline just met stays with the published revision; the revision runs a clock only
    # once its formed_on shows that the information changed (services.set_due).
    set_due(item)
    _save(item, "state", "change_note", "reviewer", "signer", "publish_due_on", "due_problem")
    signals.revised.send(sender=Item, item=item, actor=actor)
    return str(params.get("note") or "")


def _withdraw(actor: Actor, item: Item, params: dict[str, Any]) -> str:
    reason = str(params.get("reason") or "").strip()
    code = str(params.get("reason_code") or "other")
    if not reason:
        raise ValidationError({"reason": _("撤回时请填写原因，原因将在公开页面显示")})
    if code not in dict(WITHDRAW_REASONS):
        raise ValidationError({"reason_code": _("撤回原因不在规定范围内")})
    item.state, item.withdraw_reason, item.withdraw_reason_code = S.WITHDRAWN, reason, code
    item.withdrawn_on = timezone.localdate()
    _save(item, "state", "withdraw_reason", "withdraw_reason_code", "withdrawn_on")
    SiteAlert.objects.filter(item=item, active=True).update(active=False)
    signals.withdrawn.send(sender=Item, item=item, actor=actor, reason=reason)
    return reason


def _confirm(actor: Actor, item: Item, params: dict[str, Any]) -> str:
    item.expedited, item.reviewer = False, signed_in(actor)
    _save(item, "expedited", "reviewer")
    return _("加急发布信息已补充审核") + (f"：{params['note']}" if params.get("note") else "")


MAX_SCHEDULE_AHEAD = dt.timedelta(days=366)


def _valid_publish_at(value: Any) -> dt.datetime | None:
    """A naive time means Asia/Shanghai; more than a year ahead is a typing error."""
    if value in (None, ""):
        return None
    if not isinstance(value, dt.datetime):
        raise ValidationError({"publish_at": _("定时发布时间格式不正确")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    if value > timezone.now() + MAX_SCHEDULE_AHEAD:
        raise ValidationError({"publish_at": _("定时发布时间不能晚于一年以后")})
    return value


def _publish_action(actor: Actor, item: Item, params: dict[str, Any]) -> None:
    check_publishable(item)  # 三同步, a consultation's minimum period (gates.py; 409)
    publish_at = _valid_publish_at(params.get("publish_at"))
    before = item.state
    if item.state == S.SUBMITTED:
        item.expedited, item.signer = True, signed_in(actor)
    elif item.signer_id is None:
        item.signer = signed_in(actor)
    if isinstance(publish_at, dt.datetime) and publish_at > timezone.now():
        _schedule(actor, item, publish_at, before)
    else:
        publish(item, actor, before=before, note=_("加急发布（待补审）") if item.expedited else "")


def _schedule(actor: Actor, item: Item, publish_at: dt.datetime, before: str) -> None:
    from gongkai.publishing.jobs import run_at

    item.state, item.publish_at = S.SCHEDULED, publish_at
    _save(item, "state", "publish_at", "expedited", "signer")
    run_at(publish_at)
    note = _("定时发布：%(at)s") % {"at": timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M")}
    record_step(item, "publish", actor, before=before, note=note)


SNAPSHOT_FIELDS = [
    "kind",
    "topic",
    "genre",
    "validity",
    "expires_on",
    "disclosure_mode",
    "normative",
    "catalogue_entry",
]


def publish_now(item: Item, actor: Actor, now: dt.datetime | None = None) -> None:
    """Snapshot the working copy as a new public revision; assign the 索引号 on first publication.

    Runs inside the caller's transaction: if anything fails, nothing is published and the
    index number is not consumed.
    """
    number = (item.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    if number > 1 and not item.change_note.strip():
        raise ValidationError({"change_note": _("更新已发布的信息时，请填写公开的更新说明")})
    now = now or timezone.now()
    if not item.index_number:
        item.index_number = next_index_number(item, timezone.localdate(now).year)
        item.first_published_on = timezone.localdate(now)
    revision = _snapshot(item, number, actor, now)
    item.state, item.publish_at, item.published_revision = S.PUBLISHED, None, revision
    item.withdraw_reason = item.withdraw_reason_code = ""
    item.withdrawn_on = None
    _save(
        item,
        "state",
        "publish_at",
        "published_revision",
        "index_number",
        "first_published_on",
        "expedited",
        "signer",
        "withdraw_reason",
        "withdraw_reason_code",
        "withdrawn_on",
    )
    item.attachments.filter(removed=False).update(public=True)
    item.attachments.filter(removed=True).update(public=False)
    if item.emergency and item.show_alert and not SiteAlert.objects.filter(item=item, active=True).exists():
        SiteAlert.objects.create(item=item, text=item.title[:200])
    # Policies snapshot their metadata (and publish the interpretations signed with a document);
    # search re-indexes after commit.
    signals.published.send(sender=Item, item=item, revision=revision, actor=actor, now=now)


def _snapshot(item: Item, number: int, actor: Actor, now: dt.datetime) -> ItemRevision:
    """The working copy as public revision ``number``."""
    return ItemRevision.objects.create(
        item=item,
        number=number,
        title=item.title,
        body_html=item.body_html,
        doc_number=item.doc_number,
        written_on=item.written_on,
        change_note=item.change_note if number > 1 else "",
        # The deadline this publication is judged by, kept with it (条例 Art. 26).
        formed_on=item.formed_on,
        due_on=item.publish_due_on,
        published_at=now,
        published_by=staff(actor),
        **{name: getattr(item, name) for name in SNAPSHOT_FIELDS},
    )


def next_index_number(item: Item, year: int) -> str:
    """The next serial for the unit and year, taken under a row lock (safe when two signers
    publish at once on PostgreSQL; SQLite serialises writers anyway)."""
    IndexCounter.objects.get_or_create(unit_id=item.unit_id, year=year)
    counter = IndexCounter.objects.select_for_update().get(unit_id=item.unit_id, year=year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return format_index_number(item.unit.credit_code, year, counter.last_serial)


def publish_scheduled(now: dt.datetime | None = None) -> list[int]:
    """Publish every scheduled item whose time has come; returns their ids. Safe to run from
    several workers: each item is claimed under a row lock and re-checked. An item that cannot be
    published goes back to "signed" with the reason in its history, so it never blocks the rest."""
    now = now or timezone.now()
    done = []
    for item_id in Item.objects.filter(state=S.SCHEDULED, publish_at__lte=now).values_list("pk", flat=True):
        try:
            if _publish_one_scheduled(item_id, now):
                done.append(item_id)
        except (ValidationError, Conflict) as exc:
            _scheduled_failed(item_id, exc)
    return done


def _publish_one_scheduled(item_id: int, now: dt.datetime) -> bool:
    with transaction.atomic():
        item = Item.objects.select_for_update().select_related("unit").get(pk=item_id)
        if item.state != S.SCHEDULED or item.publish_at is None or item.publish_at > now:
            return False
        check_publishable(item)  # re-checked: an interpretation may have been returned meanwhile
        publish(item, staff(item.signer), before=S.SCHEDULED, note=_("定时发布"), now=now, by_job=True)
        return True


def _scheduled_failed(item_id: int, exc: Exception) -> None:
    reason = "；".join(getattr(exc, "messages", None) or [str(getattr(exc, "message", exc))])
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item_id)
        item.state, item.publish_at = S.SIGNED, None
        _save(item, "state", "publish_at")
        note = _("定时发布失败：%(reason)s") % {"reason": reason}
        ItemEvent.objects.create(item=item, action="publish_failed", actor=None, note=note, at=timezone.now())
        record(
            None,
            "item.publish_failed",
            item,
            unit=item.unit,
            before={"state": S.SCHEDULED},
            after={"state": S.SIGNED},
            note=note,
        )


def allowed_actions(actor: Actor, item: Item) -> list[str]:
    """The actions ``actor`` may take on ``item`` now (for the buttons on the item's page)."""
    allowed = []
    for action, rule in RULES.items():
        try:
            _check(actor, item, action, rule)
        except (Conflict, PermissionDenied):
            continue
        allowed.append(action)
    return allowed


ACTION_LABELS = {
    "submit": gettext_lazy("提交审核"),
    "approve": gettext_lazy("审核通过"),
    "sign": gettext_lazy("签发"),
    "publish": gettext_lazy("发布"),
    "return": gettext_lazy("退回修改"),
    "unschedule": gettext_lazy("取消定时发布"),
    "revise": gettext_lazy("修订"),
    "withdraw": gettext_lazy("撤回"),
    "confirm": gettext_lazy("补充审核确认"),
}
