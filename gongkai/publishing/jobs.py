"""Background work of the publishing pipeline (django-tasks, the one job mechanism)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django_tasks import task


@task()
def publish_scheduled_job() -> list[int]:
    """Publish what is due now; queued to run at an item's scheduled time."""
    from gongkai.publishing.workflow import publish_scheduled

    return publish_scheduled()


def run_at(when: dt.datetime) -> None:
    """Queue the scheduled publication for ``when`` on backends that can defer a job (database,
    Redis). The in-process demo backend cannot; there ``manage.py publish_scheduled`` (cron, or
    the loop `make demo` starts) does it."""
    if publish_scheduled_job.get_backend().supports_defer:
        transaction.on_commit(lambda: publish_scheduled_job.using(run_after=when).enqueue(), robust=True)
