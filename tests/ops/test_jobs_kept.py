"""A job queued while Redis is stopped is kept in the database and queued again once Redis
answers (issue 18, point 4: "jobs resume when it returns"); the action that queued it succeeds.

A private ``redis-server`` on a free port (bench/faultkit.py), stopped and started again by
the test; never the machine's own Redis.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from bench.faultkit import PrivateRedis
from gongkai.ops import jobs

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server (Debian's redis-server)")


@pytest.fixture
def private_redis(settings: Any) -> Iterator[PrivateRedis]:
    """Jobs on RQ in a Redis of our own (as with REDIS_URL and GONGKAI_TASKS=redis)."""
    server = PrivateRedis().start()
    settings.RQ_QUEUES = {"default": {"URL": server.url()}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    try:
        yield server
    finally:
        server.stop()


def _queued() -> int:
    import django_rq

    return int(django_rq.get_queue("default").count)


def _retry_until_queued(attempts: int = 5) -> int:
    """redis-py may meet one stale pooled connection after the restart; the next call connects."""
    for _ in range(attempts):
        queued = jobs.retry_kept()
        if queued:
            return queued
    return 0


@pytest.mark.django_db
def test_a_job_queued_while_redis_is_down_is_kept_and_queued_when_it_returns(
    private_redis: PrivateRedis,
    django_capture_on_commit_callbacks: Callable[..., Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    private_redis.stop()
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        jobs.enqueue_after_commit(jobs.record_heartbeat)  # raises nothing: the change stands

    kept = DBTaskResult.objects.get(backend_name=jobs.KEPT)
    assert kept.task_path == "gongkai.ops.jobs.record_heartbeat" and kept.args_kwargs == {"args": [], "kwargs": {}}
    assert [r for r in caplog.records if getattr(r, "event", "") == "jobs.kept"]
    assert jobs.retry_kept() == 0  # still down: the row stays
    assert DBTaskResult.objects.filter(backend_name=jobs.KEPT).count() == 1

    private_redis.start()
    assert _retry_until_queued() == 1
    assert _queued() == 1
    assert not DBTaskResult.objects.filter(backend_name=jobs.KEPT).exists()


@pytest.mark.django_db
def test_kept_jobs_go_with_the_next_job_that_is_queued(
    private_redis: PrivateRedis, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    private_redis.stop()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue_after_commit(jobs.record_heartbeat)
    private_redis.start()
    _queued()  # a first call on the new server (the pool's stale connection)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.enqueue_after_commit(jobs.record_heartbeat)

    assert _queued() == 2
    assert not DBTaskResult.objects.filter(backend_name=jobs.KEPT).exists()
