"""The adoption report (采纳情况) after a consultation closes, published through the pipeline.

The report is its own Item (kind consultation, genre report): the draft keeps its public text
and the report gets its own 索引号 and revision history. A signer's submission publishes it at
once (the signer signs by submitting); an editor's is submitted and waits for a signer, who
publishes it from the consultation's page (or the item goes the usual review → sign route on its
item page). Both end in ``workflow.publish``, the one way to publish. Identical decisions with the
same reason are kept as one group of comments. The body names comments by number only, never by
commenter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in, staff
from gongkai.audit.services import record, snapshot
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role
from gongkai.participation.consultations import state as rules
from gongkai.participation.consultations.access import require_report_writer
from gongkai.participation.consultations.services import state
from gongkai.participation.models import AdoptionDecision, AdoptionReport, Comment, Consultation
from gongkai.publishing import privacy, workflow
from gongkai.publishing import services as items
from gongkai.publishing.models import Item, Kind, State
from gongkai.publishing.sanitize import clean_html
from gongkai.publishing.services import AUDITED_FIELDS, Conflict, set_due

Decision = AdoptionDecision.Decision
WAITING = {State.SUBMITTED, State.APPROVED, State.SIGNED}


@dataclass(frozen=True)
class Entry:
    """One decision as submitted: a comment (by id), adopted / partly / not, and the reason."""

    comment_id: int
    decision: str
    reason: str


def _check_entries(consultation: Consultation, summary: str, entries: list[Entry]) -> dict[int, Comment]:
    if not summary.strip():
        raise ValidationError({"summary": _("请填写“总体情况”")})
    visible = {c.pk: c for c in consultation.comments.filter(status=Comment.Status.VISIBLE)}
    seen: set[int] = set()
    for entry in entries:
        comment = visible.get(entry.comment_id)
        if comment is None:
            raise ValidationError({"decisions": _("意见%(id)s不是本次征求意见的公开意见") % {"id": entry.comment_id}})
        if entry.comment_id in seen:
            raise ValidationError({"decisions": _("意见%(n)s重复填写") % {"n": comment.number}})
        seen.add(entry.comment_id)
        if entry.decision not in Decision.values:
            raise ValidationError({"decision": _("“采纳情况”应为采纳、部分采纳或未采纳")})
        if entry.decision != Decision.ADOPTED and not entry.reason.strip():
            raise ValidationError({"reason": _("意见%(n)s部分采纳或未采纳，请填写“理由”") % {"n": comment.number}})
    missing = sorted(c.number for pk, c in visible.items() if pk not in seen)
    if missing:
        numbers = "、".join(str(n) for n in missing)
        raise ValidationError({"decisions": _("请对每条公开意见填写采纳情况，尚缺意见%(n)s") % {"n": numbers}})
    return visible


def _groups(entries: list[Entry]) -> list[tuple[str, str, list[int]]]:
    """Entries with the same decision and reason become one group, in the order first given."""
    groups: dict[tuple[str, str], list[int]] = {}
    for entry in entries:
        groups.setdefault((entry.decision, entry.reason.strip()), []).append(entry.comment_id)
    return [(decision, reason, ids) for (decision, reason), ids in groups.items()]


def _body(consultation: Consultation, summary: str, groups: list[tuple[str, str, list[int]]]) -> str:
    numbers = dict(consultation.comments.values_list("pk", "number"))
    rows = [
        {
            "label": Decision(d).label,
            "reason": r,
            "numbers": "、".join(str(numbers[i]) for i in sorted(ids, key=lambda i: numbers[i])),
        }
        for d, r, ids in groups
    ]
    context = {"consultation": consultation, "summary": summary, "rows": rows, "total": len(numbers)}
    return clean_html(render_to_string("participation/consultation_adoption_body.html", context))


def _report_item(actor: Actor, consultation: Consultation, report: AdoptionReport | None, body: str) -> Item:
    draft = consultation.item
    fields = {"title": _("《%(title)s》征求意见采纳情况") % {"title": draft.title}, "body_html": body}
    if report is not None:
        current = Item.objects.get(pk=report.item_id)
        if org_access.can_act(actor, draft.unit_id, Role.EDITOR):
            return items.update_item(actor, current, current.version, **fields)
        return _write_directly(actor, current, fields)
    common = {"kind": Kind.CONSULTATION, "genre": "report", "topic": draft.topic, "formed_on": timezone.localdate()}
    if org_access.can_act(actor, draft.unit_id, Role.EDITOR):
        return items.create_item(actor, draft.unit, **common, **fields)
    # A signer who is not also an editor: publishing.services.create_item admits editors only, so
    # the item is written here with the same cleaning, deadline and audit entry.
    return _write_directly(actor, Item(unit=draft.unit, author=signed_in(actor), **common), fields)


def _write_directly(actor: Actor, item: Item, fields: dict[str, Any]) -> Item:
    created = item.pk is None
    for key, value in fields.items():
        setattr(item, key, value)
    item.full_clean(exclude=["author", "published_revision"])
    set_due(item)
    item.save()
    record(
        actor, "item.created" if created else "item.changed", item, unit=item.unit, after=snapshot(item, AUDITED_FIELDS)
    )
    return item


def _check_state(consultation: Consultation, report: AdoptionReport | None) -> None:
    if consultation.item.published_revision_id is None:
        raise Conflict(_("征求意见稿尚未发布，不能填写采纳情况"))
    current = state(consultation)
    if current in (rules.UPCOMING, rules.OPEN):
        raise Conflict(_("征求意见截止后才能填写采纳情况（截止日期%(d)s）") % {"d": consultation.closes_on.isoformat()})
    if current == rules.CONCLUDED:
        raise Conflict(_("采纳情况已经发布"))
    if report is not None and report.item.state in WAITING:
        raise Conflict(_("采纳情况已提交，正在审核签发，退回后才能修改"))


@transaction.atomic
def record_adoption(actor: Actor, consultation_id: int, summary: str, entries: list[Entry]) -> AdoptionReport:
    """Record (or, after it was returned, rewrite) the adoption report and send it on: a signer's
    submission publishes it, an editor's goes to a signer."""
    consultation = (
        Consultation.objects.select_for_update(of=("self",)).select_related("item__unit").get(pk=consultation_id)
    )
    require_report_writer(actor, consultation)
    report = AdoptionReport.objects.select_related("item").filter(consultation=consultation).first()
    _check_state(consultation, report)
    _check_entries(consultation, summary, entries)
    groups = _groups(entries)
    item = _report_item(actor, consultation, report, _body(consultation, summary.strip(), groups))
    if report is None:
        report = AdoptionReport(consultation=consultation, item=item)
    report.summary, report.submitted_by, report.submitted_at = summary.strip(), staff(actor), timezone.now()
    report.save()
    report.decisions.all().delete()
    for position, (decision, reason, ids) in enumerate(groups):
        row = AdoptionDecision.objects.create(report=report, decision=decision, reason=reason, position=position)
        row.comments.set(ids)
    record(actor, "consultation.adoption_recorded", report, unit=consultation.item.unit, after={"groups": len(groups)})
    if org_access.can_act(actor, consultation.item.unit_id, Role.SIGNER):
        _publish(actor, item, _("签发人提交采纳情况并签发发布"))
    else:
        workflow.perform(actor, item.pk, "submit", note=_("采纳情况提交签发"))
    report.item.refresh_from_db()
    return report


@transaction.atomic
def publish_adoption(actor: Actor, consultation_id: int) -> AdoptionReport:
    """A signer publishes a report an editor submitted (four eyes: not its author or an editor)."""
    consultation = Consultation.objects.select_related("item").get(pk=consultation_id)
    if not org_access.can_act(actor, consultation.item.unit_id, Role.SIGNER):
        raise PermissionDenied(_("只有本单位签发人可以签发采纳情况"))
    report = AdoptionReport.objects.filter(consultation=consultation).first()
    if report is None:
        raise Conflict(_("采纳情况尚未提交"))
    item = Item.objects.select_for_update(of=("self",)).select_related("unit").get(pk=report.item_id)
    if actor.pk in workflow.contributors(item):
        raise PermissionDenied(_("审核、签发须由作者和修改人以外的人员进行"))
    if item.state not in WAITING:
        raise Conflict(_("采纳情况尚未提交或已经发布"))
    _publish(actor, item, _("签发采纳情况并发布"))
    report.item.refresh_from_db()
    return report


def _publish(actor: Actor, item: Item, note: str) -> None:
    locked = Item.objects.select_for_update(of=("self",)).select_related("unit").get(pk=item.pk)
    privacy.check(locked)  # the report is published without the item pipeline's sign step (issue 24)
    before = locked.state
    locked.signer = signed_in(actor)
    workflow.publish(locked, actor, before=before, note=note)
