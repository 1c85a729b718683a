"""Jobs of the policy library (django-tasks, see ``gongkai.ops.jobs``)."""

from __future__ import annotations

from django_tasks import task

from gongkai.policies.validity import expire_due


@task()
def update_validity() -> int:
    """The daily job behind ``manage.py update_validity``: returns how many items expired."""
    return len(expire_due())
