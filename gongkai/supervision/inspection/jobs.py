"""Background jobs of the inspection (django-tasks; queued after commit by ``services``)."""

from __future__ import annotations

import logging
import threading

from django.db import connections, transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from gongkai.ops.jobs import enqueue_after_commit

log = logging.getLogger("gongkai.inspection")


@task()
def check_inspection_links(inspection_id: int) -> str:
    """Check the links of a finished inspection whose link check is pending."""
    from gongkai.supervision.inspection.services import check_links

    return check_links(inspection_id).links


@task()
def run_inspection_job(inspection_id: int, check_links: bool) -> str:
    """Run a started inspection, step by step with its progress (issue 17, point 12)."""
    from gongkai.supervision.inspection.services import execute

    return execute(inspection_id, check_links=check_links).state


def _in_thread(inspection_id: int, check_links: bool) -> None:
    def run() -> None:
        try:
            run_inspection_job.call(inspection_id, check_links)
        except Exception:  # execute() records its own failures; this is what escaped it
            log.exception("inspection job failed", extra={"event": "inspection.job_failed"})
        finally:
            connections.close_all()

    threading.Thread(target=run, name=f"inspection-{inspection_id}", daemon=True).start()


def start_thread(inspection_id: int, check_links: bool) -> None:
    """Run the job in a thread of this process once the transaction commits."""
    transaction.on_commit(lambda: _in_thread(inspection_id, check_links), robust=True)


def run_in_background(inspection_id: int, check_links: bool) -> None:
    """Queue the run for the worker. The demo and development have no worker (the immediate
    backend runs a job inside the request that queues it, which kept the office waiting 14.5 s
    with no feedback): there the job runs in a thread of the server process instead, so the
    request still returns at once and the report page shows the progress."""
    if isinstance(run_inspection_job.get_backend(), ImmediateBackend):
        start_thread(inspection_id, check_links)
    else:
        enqueue_after_commit(run_inspection_job, inspection_id, check_links)
