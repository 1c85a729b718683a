"""Who may see and act on the task ledger: the one place that answers it.

The office (公开办) sees every ledger and task, imports, issues supervision notices (督办),
publishes ledgers and carries tasks forward. Staff of a unit named under 责任单位 or 配合单位 see
the task; staff in the role of editor or higher (信息员, 审核, 签发) of a responsible unit report
its progress, and a unit's staff reply to the notices sent to it. Everyone else gets a 404: a
task's existence is not revealed to other units.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit
from gongkai.supervision.ledger.models import Ledger, Notice, Task, TaskUnit

# "Editor or higher": the roles that write for a unit. 依申请承办 (handler) only sees.
REPORT_ROLES = (Role.EDITOR, Role.REVIEWER, Role.SIGNER)


def _unit_ids(user: Actor, roles: tuple[str, ...] | None = None) -> list[int]:
    if roles is None:
        return list(access.units_for(user).values_list("pk", flat=True))
    return sorted({pk for role in roles for pk in access.units_for(user, role).values_list("pk", flat=True)})


def may_use(user: Actor) -> bool:
    """Anyone with a role may open the ledger pages (and sees only their units' tasks)."""
    return access.is_staff_member(user)


def ledgers_visible_to(user: Actor) -> QuerySet[Ledger]:
    """Every ledger for the office; for other staff the ledgers holding one of their tasks."""
    if access.is_office(user):
        return Ledger.objects.all()
    return Ledger.objects.filter(pk__in=tasks_visible_to(user).values("ledger_id"))


def get_ledger_for(user: Actor, pk: int) -> Ledger:
    found = ledgers_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def tasks_visible_to(user: Actor) -> QuerySet[Task]:
    if access.is_office(user):
        return Task.objects.all()
    ids = _unit_ids(user)
    named = TaskUnit.objects.filter(unit_id__in=ids).values("task_id")
    return Task.objects.filter(pk__in=named) | Task.objects.filter(unit_id__in=ids)


def get_task_for(user: Actor, pk: int) -> Task:
    """The task, or 404 when it does not exist or ``user`` may not see it."""
    found = tasks_visible_to(user).select_related("unit", "ledger").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def responsible_unit_ids(task: Task) -> set[int]:
    ids = set(task.task_units.filter(role=TaskUnit.Role.RESPONSIBLE).values_list("unit_id", flat=True))
    return ids | {task.unit_id}


def can_report(user: Actor, task: Task) -> bool:
    """Staff (editor or higher) of a responsible unit, or the office."""
    if access.is_office(user):
        return True
    return bool(responsible_unit_ids(task) & set(_unit_ids(user, REPORT_ROLES)))


def require_reporter(user: Actor, task: Task) -> None:
    if not can_report(user, task):
        raise PermissionDenied(_("只有责任单位的信息员、审核、签发人员或公开办可以填报该任务的进展"))


def notices_visible_to(user: Actor) -> QuerySet[Notice]:
    if access.is_office(user):
        return Notice.objects.all()
    return Notice.objects.filter(unit_id__in=_unit_ids(user))


def get_notice_for(user: Actor, pk: int) -> Notice:
    found = notices_visible_to(user).select_related("task", "unit").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_reply(user: Actor, notice: Notice) -> bool:
    return any(access.can_act(user, notice.unit_id, role) for role in REPORT_ROLES)


def require_replier(user: Actor, notice: Notice) -> None:
    if not can_reply(user, notice):
        raise PermissionDenied(_("只有被督办单位的信息员、审核、签发人员可以反馈督办事项"))


def task_units(user: Actor) -> QuerySet[Unit]:
    """The units a person may filter the task list by (every unit for the office)."""
    return access.units_for(user).order_by("position", "id")


def is_office(user: Actor) -> bool:
    return access.is_office(user)


def require_office(user: Actor) -> None:
    access.require_office(user)
