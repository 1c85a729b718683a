"""A reminder: what was due, for whom, on which day, and whether the mail reached the server.

One row per topic, subject key, kind and day (a unique constraint: a rerun the same day sends
nothing twice). The state is the delivery's, never assumed: ``sent`` only once the mail server
accepted the message, ``failed`` after the last of the bounded attempts (engine.MAX_ATTEMPTS).
Messages name the case (an application's number, a task's title), never an applicant.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("待发送")  # not yet accepted; retried at next_attempt_at
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")  # every attempt refused; shown in the workbench
        NOBODY = "nobody", _("无收件地址")  # recorded, but nobody concerned has an address

    topic = models.CharField(max_length=20)  # the capability: "foi", "ledger"
    key = models.CharField(max_length=100)  # what it is about, in the topic's terms: "request:12"
    kind = models.CharField(max_length=20)  # "due_soon", "overdue"
    on = models.DateField()  # the day it was due to be sent
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    recipients = models.JSONField(default=list)  # staff addresses (RULINGS.md 8: staff may be logged)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-on", "-pk"]
        verbose_name = _("提醒邮件")
        verbose_name_plural = _("提醒邮件")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["topic", "key", "kind", "on"], name="reminder_once_a_day"),
        ]
        indexes: ClassVar = [models.Index(fields=["state", "next_attempt_at"], name="reminder_retry")]

    def __str__(self) -> str:
        return f"{self.topic} {self.key} {self.kind} {self.on} {self.state}"
