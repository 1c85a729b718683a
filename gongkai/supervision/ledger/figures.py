"""Ledger figures per unit for dashboards: open, overdue and done tasks and unanswered notices.

A task counts for every responsible unit (the lead and the joint ones), not for co-operating
units: the figures measure what a unit is answerable for.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count

from gongkai.supervision.ledger.models import Notice, Task, TaskUnit

KEYS = ("open", "overdue", "done", "notices_open")


def unit_counts(today: dt.date) -> dict[int, dict[str, int]]:
    """unit id → {"open", "overdue", "done", "notices_open"}; units without tasks are absent."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KEYS, 0))
    pairs = set(Task.objects.values_list("unit_id", "pk"))
    pairs |= set(TaskUnit.objects.filter(role=TaskUnit.Role.RESPONSIBLE).values_list("unit_id", "task_id"))
    tasks = {pk: (done_on, due_on) for pk, done_on, due_on in Task.objects.values_list("pk", "done_on", "due_on")}
    for unit_id, task_id in pairs:
        done_on, due_on = tasks[task_id]
        if done_on is not None:
            counts[unit_id]["done"] += 1
            continue
        counts[unit_id]["open"] += 1
        if due_on is not None and due_on < today:
            counts[unit_id]["overdue"] += 1
    notices = Notice.objects.filter(replied_on__isnull=True).values("unit_id").annotate(n=Count("pk"))
    for row in notices:
        counts[row["unit_id"]]["notices_open"] += row["n"]
    return {unit_id: dict(values) for unit_id, values in counts.items()}
