"""Background jobs run after the change that queued them commits, and the worker leaves a heartbeat."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from unittest import mock
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
