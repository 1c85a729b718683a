"""Background jobs: the one mechanism is django-tasks (backend chosen in settings.TASKS).

Define a job with ``@task`` in the app that owns the work, and queue it from an action with
:func:`enqueue_after_commit`, so the job never runs for a change that was rolled back and never
reads a row before it is committed (STYLE habit 9). Arguments are primitives only: a queued
job must not carry a model instance whose state is stale by the time the worker runs.

When the queue cannot take a job (Redis stopped: issue 18, point 4) the change is committed
already and the user's request must still succeed; the job is *kept* in the database instead
(a row of django-tasks-db's table under the backend name ``KEPT``, which no worker runs) and
queued again by :func:`retry_kept` once the queue answers: after the next job that is queued
successfully, and from the worker's heartbeat (docs/operations.md queues it every five minutes).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task

log = logging.getLogger("gongkai.jobs")

Primitive = str | int | float | bool | None
_PRIMITIVE_TYPES = (str, int, float, bool, type(None))

HEARTBEAT_KEY = "gongkai:worker_heartbeat"


KEPT = "kept"  # the backend name of jobs kept in the database while the queue was down
RETRY_BATCH = 200
# Whether this process kept a job: only then does a successful enqueue look for kept rows (the
# heartbeat looks every time), so queuing a job costs no extra query on a healthy site.
_state = {"kept": False}


def enqueue_after_commit(job: Task[..., Any], *args: Primitive) -> None:
    """Queue ``job(*args)`` once the current transaction commits (at once outside one)."""
    for arg in args:
        if not isinstance(arg, _PRIMITIVE_TYPES):
            raise TypeError(f"{job.name}: job arguments must be str/int/float/bool/None, got {type(arg).__name__}")
    # robust: the change is already committed, so nothing here may turn the user's successful
    # request into an error page (_enqueue_or_keep catches what it can; Django logs the rest).
    transaction.on_commit(lambda: _enqueue_or_keep(job, args), robust=True)


def _enqueue_or_keep(job: Task[..., Any], args: tuple[Primitive, ...]) -> None:
    try:
        job.enqueue(*args)
    except Exception as exc:  # the queue's own errors (redis.ConnectionError, TimeoutError …)
        _keep(job, args, exc)
        return
    if _state["kept"]:
        retry_kept()


def _kept_rows() -> Any:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(backend_name=KEPT)


def _keep(job: Task[..., Any], args: tuple[Primitive, ...], exc: Exception) -> None:
    from django_tasks_db.models import DBTaskResult, get_date_max

    try:
        DBTaskResult.objects.create(
            args_kwargs={"args": list(args), "kwargs": {}},
            priority=job.priority,
            task_path=job.module_path,
            queue_name=job.queue_name,
            run_after=job.run_after or get_date_max(),
            backend_name=KEPT,
        )
    except Exception:  # the database failed too: nothing left to keep the job in
        log.exception("job lost: the queue and the database both refused it", extra={"event": "jobs.lost"})
        return
    _state["kept"] = True
    log.warning(
        "job queue unavailable (%s): %s kept to be queued again",
        type(exc).__name__,
        job.name,
        extra={"event": "jobs.kept"},
    )


def _task_of(row: Any) -> Task[..., Any]:
    """The kept row's job on the site's own queue (the row's ``task`` would name the KEPT backend)."""
    from django_tasks_db.models import get_date_max

    job = import_string(row.task_path)
    if not isinstance(job, Task):
        raise TypeError(f"{row.task_path} is not a job")
    run_after = None if row.run_after == get_date_max() else row.run_after
    return job.using(priority=row.priority, queue_name=row.queue_name, run_after=run_after)


def retry_kept(limit: int = RETRY_BATCH) -> int:
    """Queue again the jobs kept while the queue was down, oldest first; stop at the first the
    queue refuses (it is still down). Returns how many were queued. Concurrent callers take
    different rows (SKIP LOCKED where the database has it)."""
    if not _kept_rows().exists():
        _state["kept"] = False
        return 0
    queued = 0
    with transaction.atomic():
        rows = _kept_rows().order_by("enqueued_at").select_for_update(skip_locked=True)[:limit]
        for row in rows:
            try:
                _task_of(row).enqueue(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
            except Exception as exc:  # still down: the rest waits for the next call
                log.warning("job queue still unavailable (%s)", type(exc).__name__, extra={"event": "jobs.kept"})
                break
            row.delete()
            queued += 1
    if queued:
        log.info("kept jobs queued again: %d", queued, extra={"event": "jobs.requeued"})
    return queued


@task()
def record_heartbeat() -> str:
    """Note when a worker last ran a job; the time is shown as the worker's health."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, now, timeout=None)
    log.info("worker heartbeat", extra={"event": "worker.heartbeat"})
    try:  # the queue works (this job came through it): jobs kept during an outage go now
        retry_kept()
    except Exception:  # the heartbeat itself is recorded whatever the retry meets
        log.exception("kept jobs not queued again", extra={"event": "jobs.kept"})
    return now


def last_heartbeat() -> datetime | None:
    """When :func:`record_heartbeat` last ran, or None if it never has (or the cache was cleared)."""
    value = cache.get(HEARTBEAT_KEY)
    return datetime.fromisoformat(value) if isinstance(value, str) else None
