"""Every change to the task ledger goes through one of these functions: each checks permission,
changes the rows and writes the audit entry in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.actor import Actor, signed_in, staff
from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Unit
from gongkai.publishing.uploads import UploadRejected, inspect
from gongkai.supervision.ledger import access
from gongkai.supervision.ledger.models import Ledger, Notice, Progress, ProgressAttachment, Task, TaskUnit

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 10


class Conflict(Exception):
    """The change is impossible in the current state (HTTP 409); ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Upload:
    """An attachment as received: its name and its bytes (checked by content, never by name)."""

    name: str
    data: bytes


def ledger_for_year(actor: Actor, year: int, *, title: str = "") -> Ledger:
    """The year's ledger of the given title (default "YYYY年政务公开工作任务台账"), created when missing."""
    name = title or _("%(year)s年政务公开工作任务台账") % {"year": year}
    ledger, created = Ledger.objects.get_or_create(year=year, title=name, defaults={"created_by": actor})
    if created:
        record(actor, "ledger.created", ledger, after={"year": year, "title": name})
    return ledger


@transaction.atomic
def create_task(
    actor: Actor,
    *,
    ledger: Ledger,
    title: str,
    unit: Unit,
    due_on: dt.date | None,
    joint_units: Sequence[Unit] = (),
    co_units: Sequence[Unit] = (),
    number: str = "",
    due_text: str = "",
    source: str = "",
    request: HttpRequest | None = None,
) -> Task:
    """A new task of ``ledger`` led by ``unit`` (the office only).

    ``joint_units`` are further responsible units (责任单位 after the first), ``co_units`` the
    co-operating ones (配合单位); ``source`` names where it came from (e.g. "inspection.finding:12").
    """
    org_access.require_office(actor)
    position = (ledger.tasks.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    task = Task.objects.create(
        ledger=ledger,
        number=number,
        position=position,
        title=title,
        unit=unit,
        due_on=due_on,
        due_text=due_text,
        source=source,
        created_by=signed_in(actor),
    )
    _replace_units(task, _once([unit, *joint_units]), _once(co_units))
    record(
        actor,
        "ledger.task_created",
        task,
        unit=unit,
        after={"title": title[:200], "due_on": due_on, "source": source},
        request=request,
    )
    return task


TASK_FIELDS = ("number", "title", "unit", "due_on", "due_text")


def _unit_state(task: Task) -> dict[str, list[int]]:
    rows = list(task.task_units.order_by("role", "position", "pk").values_list("role", "unit_id"))
    return {
        "responsible": [pk for role, pk in rows if role == TaskUnit.Role.RESPONSIBLE],
        "cooperating": [pk for role, pk in rows if role == TaskUnit.Role.COOPERATING],
    }


def _once(units: Sequence[Unit]) -> list[Unit]:
    found: list[Unit] = []
    for unit in units:
        if all(unit.pk != seen.pk for seen in found):
            found.append(unit)
    return found


def _check_task_text(title: str, number: str, due_text: str) -> None:
    if not title:
        raise ValidationError({"title": _("工作任务不能为空")})
    for key, label, value, limit in (
        ("title", _("工作任务"), title, 2000),
        ("number", _("序号"), number, 20),
        ("due", _("完成时限"), due_text, 100),
    ):
        if len(value) > limit:
            raise ValidationError({key: _("%(label)s不能超过%(n)d字") % {"label": label, "n": limit}})


def _check_units(task: Task, responsible: list[Unit], cooperating: list[Unit]) -> None:
    both = [u.name for u in cooperating if any(u.pk == r.pk for r in responsible)]
    if both:
        raise ValidationError(
            {"co_units": _("“%(names)s”已是责任单位，不能同时作为配合单位") % {"names": "、".join(both)}}
        )
    kept = {u.pk for u in (*responsible, *cooperating)}
    waiting = task.notices.filter(replied_on__isnull=True).exclude(unit_id__in=kept).select_related("unit").first()
    if waiting is not None:
        message = _("%(unit)s还有未反馈的督办通知，不能从该任务中移除") % {"unit": waiting.unit.name}
        raise ValidationError({"units": message})


def _replace_units(task: Task, responsible: list[Unit], cooperating: list[Unit]) -> None:
    task.task_units.all().delete()
    rows = [TaskUnit(task=task, unit=u, role=TaskUnit.Role.RESPONSIBLE, position=i) for i, u in enumerate(responsible)]
    rows += [TaskUnit(task=task, unit=u, role=TaskUnit.Role.COOPERATING, position=i) for i, u in enumerate(cooperating)]
    TaskUnit.objects.bulk_create(rows)


@transaction.atomic
def edit_task(
    actor: Actor,
    task: Task,
    *,
    title: str,
    unit: Unit,
    due_on: dt.date | None,
    joint_units: Sequence[Unit] = (),
    co_units: Sequence[Unit] = (),
    number: str = "",
    due_text: str = "",
    request: HttpRequest | None = None,
) -> Task:
    """Change a task's 序号, 工作任务, units and 完成时限 (the office only), as ``create_task`` takes them.

    A done task's deadline stays as it was: it is part of the record of whether the task was
    finished in time. Its progress, notices and carried-forward links are kept; a unit with an
    unanswered notice cannot be taken off the task.
    """
    org_access.require_office(actor)
    task = Task.objects.select_for_update().get(pk=task.pk)
    title, number, due_text = (title or "").strip(), (number or "").strip(), (due_text or "").strip()
    _check_task_text(title, number, due_text)
    if task.done_on is not None and (due_on, due_text) != (task.due_on, task.due_text):
        message = _("该任务已于%(day)s完成，完成时限不能再修改") % {"day": task.done_on.isoformat()}
        raise ValidationError({"due": message})
    responsible = _once([unit, *joint_units])
    cooperating = _once(co_units)
    _check_units(task, responsible, cooperating)
    before = snapshot(task, TASK_FIELDS) | _unit_state(task)
    task.number, task.title, task.unit, task.due_on, task.due_text = number, title, unit, due_on, due_text
    after = snapshot(task, TASK_FIELDS)
    after |= {"responsible": [u.pk for u in responsible], "cooperating": [u.pk for u in cooperating]}
    old, new = changed(before, after)
    if not new:  # nothing changed: no save, no audit entry
        return task
    task.save(update_fields=[*TASK_FIELDS, "updated_at"])
    if {"responsible", "cooperating"} & set(new):
        _replace_units(task, responsible, cooperating)
    record(actor, "ledger.task_edited", task, unit=unit, before=old, after=new, request=request)
    return task


def _check_day(on: dt.date, field: str = "on") -> None:
    if on > timezone.localdate():
        raise ValidationError({field: _("进展日期不能晚于今天")})


def _checked_uploads(attachments: Sequence[Upload]) -> list[tuple[Upload, Any]]:
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("每次最多上传%(n)d个附件") % {"n": MAX_ATTACHMENTS}})
    checked = []
    for upload in attachments:
        try:
            checked.append((upload, inspect(upload.name, upload.data, MAX_ATTACHMENT_BYTES)))
        except UploadRejected as exc:
            raise ValidationError({"attachments": f"{upload.name}：{exc.message}"}) from exc
    return checked


def _store(progress: Progress, checked: list[tuple[Upload, Any]]) -> None:
    for upload, info in checked:
        attachment = ProgressAttachment(
            progress=progress, name=info.name, kind=info.kind, size=info.size, sha256=info.sha256
        )
        attachment.file.save(f"{info.sha256[:16]}.{info.extension}", ContentFile(upload.data), save=False)
        attachment.save()


@transaction.atomic
def report_progress(
    actor: Actor,
    task: Task,
    *,
    on: dt.date,
    text: str,
    done: bool = False,
    attachments: Sequence[Upload] = (),
    request: HttpRequest | None = None,
) -> Progress:
    """Append a progress report (进展情况); ``done`` marks the task 已完成 on ``on``.

    Reports are never edited or deleted: a correction is a new report.
    """
    access.require_reporter(actor, task)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.done_on is not None:
        raise Conflict(_("该任务已于%(day)s完成，不能再填报进展") % {"day": task.done_on.isoformat()})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("进展情况不能为空")})
    if len(text) > 4000:
        raise ValidationError({"text": _("进展情况不能超过4000字")})
    _check_day(on)
    checked = _checked_uploads(attachments)
    progress = Progress.objects.create(
        task=task, on=on, text=text, done=done, unit=_reporting_unit(actor, task), author=signed_in(actor)
    )
    _store(progress, checked)
    before = {"last_progress_on": task.last_progress_on, "done_on": task.done_on}
    task.last_progress_on = max(on, task.last_progress_on) if task.last_progress_on else on
    if done:
        task.done_on = on
    task.save(update_fields=["last_progress_on", "done_on", "updated_at"])
    after: dict[str, Any] = {"last_progress_on": task.last_progress_on, "done_on": task.done_on}
    after |= {"progress": progress.pk, "attachments": [info.sha256 for _upload, info in checked]}
    record(actor, "ledger.progress_reported", task, unit=task.unit, before=before, after=after, request=request)
    return progress


def _reporting_unit(actor: Actor, task: Task) -> Unit | None:
    """The responsible unit the report is made for: the actor's own, else (the office) the lead."""
    for unit_id in sorted(access.responsible_unit_ids(task), key=lambda pk: pk != task.unit_id):
        if any(role in org_access.roles_in(actor, unit_id) for role in access.REPORT_ROLES):
            return Unit.objects.get(pk=unit_id)
    return task.unit


@transaction.atomic
def issue_notice(
    actor: Actor, task: Task, *, unit: Unit, text: str, reply_due_on: dt.date, request: HttpRequest | None = None
) -> Notice:
    """A supervision notice (督办通知) to one of the task's units (the office only)."""
    org_access.require_office(actor)
    if unit.pk not in set(task.task_units.values_list("unit_id", flat=True)) | {task.unit_id}:
        raise ValidationError({"unit": _("被督办单位应为该任务的责任单位或配合单位")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("督办事项不能为空")})
    if reply_due_on < timezone.localdate():
        raise ValidationError({"reply_due_on": _("反馈期限不能早于今天")})
    notice = Notice.objects.create(task=task, unit=unit, text=text, reply_due_on=reply_due_on, issued_by=staff(actor))
    after = {"task": task.pk, "reply_due_on": reply_due_on, "text": text[:200]}
    record(actor, "ledger.notice_issued", notice, unit=unit, after=after, request=request)
    return notice


@transaction.atomic
def reply_to_notice(actor: Actor, notice: Notice, *, text: str, request: HttpRequest | None = None) -> Notice:
    """The unit's reply (反馈情况) to a notice, once."""
    access.require_replier(actor, notice)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.replied_on is not None:
        raise Conflict(_("该督办通知已于%(day)s反馈") % {"day": notice.replied_on.isoformat()})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"reply": _("反馈情况不能为空")})
    notice.reply, notice.replied_on, notice.replied_by = text, timezone.localdate(), signed_in(actor)
    notice.save(update_fields=["reply", "replied_on", "replied_by"])
    after = {"replied_on": notice.replied_on, "reply": text[:200]}
    record(actor, "ledger.notice_replied", notice, unit=notice.unit, after=after, request=request)
    return notice


@transaction.atomic
def set_public(actor: Actor, ledger: Ledger, public: bool, *, request: HttpRequest | None = None) -> Ledger:
    """Show or hide the ledger's progress on the portal (the office only)."""
    org_access.require_office(actor)
    if ledger.public != public:
        before = {"public": ledger.public}
        ledger.public = public
        ledger.save(update_fields=["public", "updated_at"])
        record(actor, "ledger.public_changed", ledger, before=before, after={"public": public}, request=request)
    return ledger


def _carried_due(task: Task, year: int) -> dt.date | None:
    """A dated task still open is to be finished by the end of the new year (整改); standing
    duties (长期坚持) keep no deadline."""
    return dt.date(year, 12, 31) if task.due_on is not None else None


@transaction.atomic
def carry_forward(actor: Actor, from_ledger: Ledger, to_ledger: Ledger, *, request: HttpRequest | None = None) -> int:
    """The look-back (回头看): copy every unfinished task of ``from_ledger`` into ``to_ledger``
    with ``carried_from`` set. Idempotent: a task already carried is skipped. Returns how many
    were carried now."""
    org_access.require_office(actor)
    if from_ledger.year >= to_ledger.year:
        raise ValidationError({"to_ledger": _("只能将上一年度的未完成任务结转到以后年度的台账")})
    done_before = set(to_ledger.tasks.filter(carried_from__isnull=False).values_list("carried_from_id", flat=True))
    waiting = from_ledger.tasks.filter(done_on__isnull=True).exclude(pk__in=done_before)
    count = 0
    for old in waiting.select_related("unit").prefetch_related("task_units__unit").order_by("position", "pk"):
        _carry(actor, old, to_ledger, request)
        count += 1
    if count:
        after = {"from": from_ledger.pk, "to": to_ledger.pk, "carried": count}
        record(actor, "ledger.carried_forward", to_ledger, after=after, request=request)
    return count


def _carry(actor: Actor, old: Task, to_ledger: Ledger, request: HttpRequest | None) -> Task:
    units = list(old.task_units.all())
    new = create_task(
        actor,
        ledger=to_ledger,
        title=old.title,
        unit=old.unit,
        due_on=_carried_due(old, to_ledger.year),
        joint_units=[tu.unit for tu in units if tu.role == TaskUnit.Role.RESPONSIBLE and tu.unit_id != old.unit_id],
        co_units=[tu.unit for tu in units if tu.role == TaskUnit.Role.COOPERATING],
        number=old.number,
        due_text=old.due_text if old.due_on is None else "",
        source=old.source,
        request=request,
    )
    new.carried_from = old
    new.save(update_fields=["carried_from", "updated_at"])
    return new


def history(task: Task) -> list[tuple[Task, list[Progress]]]:
    """The task's predecessors (oldest first) with their progress, then the task's own."""
    chain: list[Task] = []
    current: Task | None = task
    while current is not None and len(chain) < 20:
        chain.append(current)
        current = current.carried_from
    chain.reverse()
    return [(t, list(t.progress.select_related("unit").prefetch_related("attachments"))) for t in chain]
