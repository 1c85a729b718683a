"""The one reminder engine: the capabilities say what is due and to whom (a ``Due``); the engine
records it once per period, mails it, keeps the delivery's state, and retries a refused mail a
bounded number of times before showing it as failed (STYLE.md 9: bounded retries that end in a
visible failed state). Before, each capability recorded its reminder and then called
``send_mail(fail_silently=True)``: a mail the server refused was recorded as sent and never retried.

    remind(due, today) -> bool      record (unless already reminded within the period) and send
    retry(now) -> int               send again what is pending and due for another attempt
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from gongkai.reminders.models import Reminder

log = logging.getLogger("gongkai.reminders")

MAX_ATTEMPTS = 5
# After the first refusal: 10 min, 20 min, 40 min, 80 min (the daily run also retries).
FIRST_BACKOFF = dt.timedelta(minutes=10)
ERROR_LENGTH = 300
LEASE = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Due:
    """A reminder a capability wants sent: ``key`` names what it is about within ``topic``;
    ``every_days`` is how often it may repeat for the same key and kind (None: only once)."""

    topic: str
    key: str
    kind: str
    subject: str
    body: str
    recipients: list[str] = field(default_factory=list)
    unit_id: int | None = None
    every_days: int | None = 1


def already(due: Due, today: dt.date) -> bool:
    """Reminded about this key and kind within its period (today included)."""
    found = Reminder.objects.filter(topic=due.topic, key=due.key, kind=due.kind)
    if due.every_days is not None:
        found = found.filter(on__gt=today - dt.timedelta(days=due.every_days))
    return found.exists()


def remind(due: Due, today: dt.date) -> bool:
    """Record ``due`` for ``today`` and send it; False when it was already reminded in its period
    (or a concurrent run recorded it first)."""
    if already(due, today):
        return False
    state = Reminder.State.PENDING if due.recipients else Reminder.State.NOBODY
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                topic=due.topic,
                key=due.key,
                kind=due.kind,
                on=today,
                unit_id=due.unit_id,
                recipients=sorted(set(due.recipients)),
                subject=" ".join(due.subject.split())[:200],  # one line: a header must not break
                body=due.body,
                state=state,
            )
    except IntegrityError:
        return False
    if state == Reminder.State.PENDING:
        deliver(reminder.pk)
    log.info("reminder recorded", extra={"event": "reminder.recorded", "topic": due.topic, "kind": due.kind})
    return True


def _claim(pk: int, now: dt.datetime) -> Reminder | None:
    """Take the reminder for one attempt with a conditional UPDATE, so two workers never send it
    twice; the attempt holds it for an hour (a worker killed mid-send leaves it to the retry)."""
    taken = (
        Reminder.objects.filter(pk=pk, state=Reminder.State.PENDING, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    )
    return Reminder.objects.get(pk=pk) if taken else None


def deliver(pk: int, now: dt.datetime | None = None) -> str:
    """One attempt to mail reminder ``pk``; its state afterwards."""
    now = now or timezone.now()
    reminder = _claim(pk, now)
    if reminder is None:
        return Reminder.objects.values_list("state", flat=True).get(pk=pk)
    try:
        send_mail(reminder.subject, reminder.body, settings.DEFAULT_FROM_EMAIL, reminder.recipients)
    except Exception as exc:  # any refusal (connection, SMTP reply, header) is a failed attempt
        return _refused(reminder, exc, now)
    Reminder.objects.filter(pk=pk).update(state=Reminder.State.SENT, sent_at=now, next_attempt_at=None, last_error="")
    return Reminder.State.SENT


def _refused(reminder: Reminder, exc: Exception, now: dt.datetime) -> str:
    error = f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH]
    if reminder.attempts >= MAX_ATTEMPTS:
        state, next_at = Reminder.State.FAILED, None
    else:
        state, next_at = Reminder.State.PENDING, now + FIRST_BACKOFF * 2 ** (reminder.attempts - 1)
    Reminder.objects.filter(pk=reminder.pk).update(state=state, next_attempt_at=next_at, last_error=error)
    log.warning(
        "reminder mail refused",
        extra={"event": "reminder.refused", "reminder_id": reminder.pk, "attempt": reminder.attempts, "state": state},
    )
    return state


def retry(now: dt.datetime | None = None) -> int:
    """Send again every pending reminder whose next attempt is due; how many went out."""
    now = now or timezone.now()
    due = Reminder.objects.filter(state=Reminder.State.PENDING, next_attempt_at__lte=now).order_by("pk")
    return sum(deliver(pk, now) == Reminder.State.SENT for pk in due.values_list("pk", flat=True)[:500])


def resend(pk: int) -> str:
    """The office sends a failed reminder again: the attempts start over."""
    Reminder.objects.filter(pk=pk, state=Reminder.State.FAILED).update(
        state=Reminder.State.PENDING, attempts=0, next_attempt_at=None
    )
    return deliver(pk)
