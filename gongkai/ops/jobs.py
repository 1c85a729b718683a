"""Background jobs: the one mechanism is django-tasks (backend chosen in settings.TASKS).

Define a job with ``@task`` in the app that owns the work, and queue it from an action with
:func:`enqueue_after_commit`, so the job never runs for a change that was rolled back and never
reads a row before it is committed (STYLE habit 9). Arguments are primitives only: a queued
job must not carry a model instance whose state is stale by the time the worker runs.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task

log = logging.getLogger("gongkai.jobs")

Primitive = str | int | float | bool | None
_PRIMITIVE_TYPES = (str, int, float, bool, type(None))

HEARTBEAT_KEY = "gongkai:worker_heartbeat"


def enqueue_after_commit(job: Task[..., Any], *args: Primitive) -> None:
    """Queue ``job(*args)`` once the current transaction commits (at once outside one)."""
    for arg in args:
        if not isinstance(arg, _PRIMITIVE_TYPES):
            raise TypeError(f"{job.name}: job arguments must be str/int/float/bool/None, got {type(arg).__name__}")
    # robust: the change is already committed, so a queue outage must not turn the user's
    # successful request into an error page; Django logs the failure instead.
    transaction.on_commit(lambda: job.enqueue(*args), robust=True)


@task()
def record_heartbeat() -> str:
    """Note when a worker last ran a job; the time is shown as the worker's health."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    log.info("worker heartbeat", extra={"event": "worker.heartbeat"})
    return now


def last_heartbeat() -> datetime | None:
    """When :func:`record_heartbeat` last ran, or None if it never has (or the cache was cleared)."""
    value = cache.get(HEARTBEAT_KEY)
    return datetime.fromisoformat(value) if isinstance(value, str) else None
