"""The reminder engine keeps the delivery's state: a mail server that refuses leaves the reminder
pending and retried with a growing pause, then failed and shown to the office, never "sent".

The refusing server is real: the SMTP backend pointed at a local port nobody listens on."""

from __future__ import annotations

import datetime as dt
import socket
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.reminders import engine
from gongkai.reminders.models import Reminder

pytestmark = pytest.mark.django_db
S = Reminder.State


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def refusing_server(settings: Any) -> None:
    """Mail goes over SMTP to a local port nobody listens on: every attempt is refused."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2


@pytest.fixture
def refusing(settings: Any) -> None:
    refusing_server(settings)


def accepting(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def due(**overrides: Any) -> engine.Due:
    values: dict[str, Any] = {
        "topic": "foi",
        "key": "request:7",
        "kind": "overdue",
        "subject": "【已超期】政府信息公开申请YSQ-1",
        "body": "请尽快答复。",
        "recipients": ["handler@example.gov.cn"],
    }
    return engine.Due(**{**values, **overrides})


def test_a_refused_mail_is_retried_with_a_growing_pause_then_failed_never_sent(refusing: None, settings: Any) -> None:
    start = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        assert engine.remind(due(), dt.date(2026, 12, 7)) is True
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.attempts) == (S.PENDING, 1)
    assert reminder.last_error.startswith("ConnectionRefusedError")
    assert reminder.next_attempt_at == start + engine.FIRST_BACKOFF
    assert reminder.sent_at is None

    pauses = []
    for _ in range(engine.MAX_ATTEMPTS - 1):
        before = Reminder.objects.get()
        assert before.next_attempt_at is not None
        assert engine.retry(before.next_attempt_at - dt.timedelta(seconds=1)) == 0  # not yet
        assert Reminder.objects.get().attempts == before.attempts
        assert engine.retry(before.next_attempt_at) == 0
        pauses.append(before.next_attempt_at)
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.attempts, reminder.next_attempt_at) == (S.FAILED, engine.MAX_ATTEMPTS, None)
    assert pauses[1] - pauses[0] < pauses[2] - pauses[1] < pauses[3] - pauses[2]
    assert engine.retry(timezone.now() + dt.timedelta(days=30)) == 0  # bounded: no sixth attempt

    accepting(settings)
    assert engine.resend(reminder.pk) == S.SENT
    assert [m.to for m in mail.outbox] == [["handler@example.gov.cn"]]


def test_a_server_back_before_the_next_attempt_gets_the_mail_once(refusing: None, settings: Any) -> None:
    engine.remind(due(), timezone.localdate())
    accepting(settings)
    later = Reminder.objects.get().next_attempt_at
    assert later is not None
    assert engine.retry(later) == 1
    assert engine.retry(later + dt.timedelta(hours=3)) == 0
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.attempts, reminder.last_error) == (S.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_once_per_period_and_nobody_to_mail_is_said_so() -> None:
    day = dt.date(2026, 12, 7)
    assert engine.remind(due(every_days=7), day)
    assert not engine.remind(due(every_days=7), day + dt.timedelta(days=6))
    assert engine.remind(due(every_days=7), day + dt.timedelta(days=7))
    assert engine.remind(due(key="request:8", every_days=None, recipients=[]), day) is not False
    assert not engine.remind(due(key="request:8", every_days=None, recipients=[]), day + dt.timedelta(days=90))
    assert Reminder.objects.get(key="request:8").state == S.NOBODY
    assert len(mail.outbox) == 2


def test_a_sent_reminder_is_never_sent_again() -> None:
    engine.remind(due(), dt.date(2026, 12, 7))
    reminder = Reminder.objects.get()
    assert engine.deliver(reminder.pk) == S.SENT
    assert len(mail.outbox) == 1


def test_the_office_sees_failed_mails_and_sends_them_again(logged_in: Any, office: Any, settings: Any) -> None:
    failed = Reminder.objects.create(
        topic="ledger",
        key="task:1:unit:1",
        kind="overdue",
        on=dt.date(2026, 12, 1),
        recipients=["editor@example.gov.cn"],
        subject="【已逾期】任务台账：深化财政资金领域信息公开",
        state=S.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: {...}",
    )
    client: Client = logged_in(office)
    inbox = client.get(reverse("workbench:inbox")).content.decode()
    assert "1封提醒邮件发送失败" in inbox
    page = client.get(reverse("workbench:reminders") + "?state=failed").content.decode()
    assert "深化财政资金领域信息公开" in page and "发送失败" in page and "SMTPRecipientsRefused" in page

    response = client.post(reverse("workbench:reminder_resend", args=[failed.pk]), follow=True)

    assert "提醒邮件已发送" in response.content.decode()
    failed.refresh_from_db()
    assert failed.state == S.SENT and len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="reminder.resent").exists()


def test_the_retry_command_sends_what_is_due(refusing: None, settings: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    with time_machine.travel(dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC), tick=False):
        engine.remind(due(), dt.date(2026, 12, 7))
    accepting(settings)
    out = StringIO()
    with time_machine.travel(dt.datetime(2026, 12, 7, 1, 10, tzinfo=dt.UTC), tick=False):
        call_command("reminders_retry", stdout=out)
    assert "已重新发送 1 封提醒邮件" in out.getvalue()
    assert Reminder.objects.get().state == S.SENT
