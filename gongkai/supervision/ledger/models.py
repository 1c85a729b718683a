"""The task ledger (任务台账): the year's work points as tasks, their progress, supervision
notices (督办) and the look-back (回头看) that carries last year's unfinished tasks forward.

A task's status is not stored: it follows from ``done_on``, its progress and its deadline
(``status.py``), so a task becomes overdue the day after its deadline without a job.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.supervision.ledger import status


class Ledger(models.Model):
    """One year's ledger (e.g. 康巴什区2021年政务公开工作要点任务台账)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("台账名称"), max_length=200)
    public = models.BooleanField(
        _("在门户网站公开进展"), default=False, help_text=_("公开后，公众可在门户网站查看各项任务的落实进展。")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("任务台账")
        verbose_name_plural = _("任务台账")
        constraints = [models.UniqueConstraint(fields=["year", "title"], name="ledger_unique_year_title")]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    ledger = models.ForeignKey(Ledger, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("台账"))
    number = models.CharField(_("序号"), max_length=20, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    title = models.TextField(_("工作任务"), max_length=2000)
    # The lead responsible unit (牵头单位): the first one named under 责任单位. Every responsible
    # and co-operating unit, in the ledger's order, is in TaskUnit.
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="ledger_tasks", verbose_name=_("责任单位")
    )
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    due_text = models.CharField(
        _("完成时限（原文）"), max_length=100, blank=True, help_text=_("如“长期坚持”；有具体日期时填写完成时限。")
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    last_progress_on = models.DateField(_("最近进展日期"), null=True, blank=True)
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
        verbose_name=_("由上年度结转"),
    )
    # Where the task came from when not typed or imported, e.g. "inspection.finding:12".
    source = models.CharField(_("来源"), max_length=100, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ledger", "position", "pk"]
        verbose_name = _("工作任务")
        verbose_name_plural = _("工作任务")
        indexes = [models.Index(fields=["unit", "done_on", "due_on"], name="ledger_task_unit_open")]
        constraints = [
            # The look-back (回头看) carries a task into a ledger once: running it again adds nothing.
            models.UniqueConstraint(
                fields=["ledger", "carried_from"],
                condition=Q(carried_from__isnull=False),
                name="ledger_task_carried_once",
            )
        ]

    def __str__(self) -> str:
        return self.title[:50]

    def status_on(self, today: dt.date) -> str:
        """未开始 / 推进中 / 已完成 / 已逾期 (``status.py``)."""
        return status.task_status(
            done_on=self.done_on, last_progress_on=self.last_progress_on, due_on=self.due_on, today=today
        )

    def status_label(self, today: dt.date) -> str:
        return gettext(status.LABELS[self.status_on(today)])


class TaskUnit(models.Model):
    class Role(models.TextChoices):
        RESPONSIBLE = "responsible", _("责任单位")
        COOPERATING = "cooperating", _("配合单位")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="task_units")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("职责"), max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["task", "role", "position"]
        constraints = [models.UniqueConstraint(fields=["task", "unit", "role"], name="ledger_taskunit_unique")]

    def __str__(self) -> str:
        return f"{self.task_id}:{self.unit_id}:{self.role}"


class Progress(models.Model):
    """A progress report (进展情况) by a responsible unit; append-only."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="progress")
    on = models.DateField(_("进展日期"))
    text = models.TextField(_("进展情况"), max_length=4000)
    done = models.BooleanField(_("已完成"), default=False)
    unit = models.ForeignKey("orgs.Unit", null=True, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "on", "pk"]
        verbose_name = _("进展情况")
        verbose_name_plural = _("进展情况")

    def __str__(self) -> str:
        return f"{self.task_id} {self.on}"


class ProgressAttachment(models.Model):
    progress = models.ForeignKey(Progress, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="ledger/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("文件类型"), max_length=10)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["progress", "pk"]

    def __str__(self) -> str:
        return self.name


class Notice(models.Model):
    """A supervision notice (督办通知) from the office to a unit about a task, with a reply deadline."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="notices")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="ledger_notices")
    text = models.TextField(_("督办事项"), max_length=2000)
    reply_due_on = models.DateField(_("反馈期限"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    reply = models.TextField(_("反馈情况"), max_length=4000, blank=True)
    replied_on = models.DateField(_("反馈日期"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("督办通知")
        verbose_name_plural = _("督办通知")

    def __str__(self) -> str:
        return f"notice {self.pk} on task {self.task_id}"
