"""Scheduled publication as a deferred job on backends that support it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai.publishing.models import Item
from gongkai.publishing.workflow import perform


def test_scheduling_queues_a_deferred_job_on_the_database_queue(
    draft: Item, editor_a: Any, reviewer_a: Any, signer_a: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    # Changing the setting resets django-tasks' backends (its setting_changed receiver).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    perform(editor_a, draft.pk, "submit")
    perform(reviewer_a, draft.pk, "approve")
    perform(signer_a, draft.pk, "sign")
    at = timezone.now() + dt.timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        perform(signer_a, draft.pk, "publish", publish_at=at)
    job = DBTaskResult.objects.get(task_path="gongkai.publishing.jobs.publish_scheduled_job")
    assert job.run_after == at
