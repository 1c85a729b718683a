"""Background jobs run after the change that queued them commits, and the worker leaves a heartbeat."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from unittest import mock
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django_tasks import TaskResultStatus

from gongkai.ops.jobs import HEARTBEAT_KEY, enqueue_after_commit, last_heartbeat, record_heartbeat

MONDAY_MORNING = datetime(2026, 3, 2, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
REDIS_QUEUE = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
# Redis database 15 belongs to this test alone: it is flushed before and after, and nothing
# else (the app's cache and queue on 0, CI's REDIS_URL) lives there.
REDIS_TEST_DB = 15


@pytest.fixture(autouse=True)
def immediate_jobs(settings: Any) -> Iterator[None]:
    settings.TASKS = IMMEDIATE
    cache.delete(HEARTBEAT_KEY)
    yield
    cache.delete(HEARTBEAT_KEY)


def test_heartbeat_records_when_the_worker_last_ran() -> None:
    assert last_heartbeat() is None

    with time_machine.travel(MONDAY_MORNING, tick=False):
        result = record_heartbeat.enqueue()

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert last_heartbeat() == MONDAY_MORNING
    assert cache.get(HEARTBEAT_KEY) == "2026-03-02T01:30:00+00:00"


@pytest.mark.django_db
def test_job_runs_only_once_the_transaction_commits(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_after_commit(record_heartbeat)
        assert last_heartbeat() is None  # still inside the transaction

    assert len(callbacks) == 1
    assert last_heartbeat() is not None


@pytest.mark.django_db
def test_job_is_dropped_when_the_transaction_rolls_back(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        enqueue_after_commit(record_heartbeat)
        raise RuntimeError("the change failed")

    assert callbacks == []
    assert last_heartbeat() is None


@pytest.mark.django_db
def test_job_gets_its_primitive_arguments(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    job = mock.Mock()

    with django_capture_on_commit_callbacks(execute=True):
        enqueue_after_commit(job, 42, "公开", 1.5, True, None)

    job.enqueue.assert_called_once_with(42, "公开", 1.5, True, None)


@pytest.mark.django_db
def test_job_refuses_objects_as_arguments(django_capture_on_commit_callbacks: Callable[..., Any]) -> None:
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(TypeError, match="got datetime"):
        enqueue_after_commit(record_heartbeat, MONDAY_MORNING)

    assert callbacks == []


@pytest.mark.django_db(transaction=True)
def test_database_queue_waits_for_the_worker(settings: Any) -> None:
    settings.TASKS = DATABASE_QUEUE
    with transaction.atomic():
        enqueue_after_commit(record_heartbeat)
    assert last_heartbeat() is None  # queued, not run

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert last_heartbeat() is not None


def redis_test_url() -> str:
    """REDIS_URL's server (or the local one), database 15."""
    parts = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return urlunsplit((parts.scheme, parts.netloc, f"/{REDIS_TEST_DB}", "", ""))


@pytest.fixture
def redis_queue(settings: Any) -> Iterator[str]:
    """The production setup with REDIS_URL: jobs on RQ, the cache (where the heartbeat goes) on Redis."""
    import redis

    url = redis_test_url()
    connection = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REDIS_URL"):  # CI starts Redis for this run: its absence is a failure
            pytest.fail(f"REDIS_URL is set but no Redis answers at {url}")
        pytest.skip("no Redis at 127.0.0.1:6379")
    connection.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": url}}
    settings.TASKS = REDIS_QUEUE
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    yield url
    connection.flushdb()
    connection.close()


def test_redis_queue_waits_for_the_rq_worker(redis_queue: str) -> None:
    import django_rq

    result = record_heartbeat.enqueue()
    assert result.status == TaskResultStatus.READY
    assert last_heartbeat() is None  # queued in Redis, not run

    # What `manage.py rqworker --job-class django_tasks_rq.Job default --burst` runs: the
    # forking worker, which needs django-tasks-rq's job class to call a task.
    worker = django_rq.get_worker("default", job_class="django_tasks_rq.Job")
    assert worker.work(burst=True)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert last_heartbeat() == datetime.fromisoformat(result.return_value)
