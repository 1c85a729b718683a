"""A task's status from its dates. Plain Python: no Django.

The status is never stored: a task becomes overdue the day after its deadline without a job.
A task without a deadline (长期坚持) is never overdue; a done task is done even when it was
finished late (the look-back asks what is still open, not what was late).
"""

from __future__ import annotations

import datetime as dt

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
DONE = "done"
OVERDUE = "overdue"

STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, OVERDUE)


def _(message: str) -> str:
    """Marks a label for translation without importing Django (the views translate them)."""
    return message


LABELS = {
    NOT_STARTED: _("未开始"),
    IN_PROGRESS: _("推进中"),
    DONE: _("已完成"),
    OVERDUE: _("已逾期"),
}


def task_status(
    *, done_on: dt.date | None, last_progress_on: dt.date | None, due_on: dt.date | None, today: dt.date
) -> str:
    """未开始 / 推进中 / 已完成 / 已逾期 on ``today``; the deadline day itself is still on time."""
    if done_on is not None:
        return DONE
    if due_on is not None and due_on < today:
        return OVERDUE
    if last_progress_on is not None:
        return IN_PROGRESS
    return NOT_STARTED


def parse_label(text: str) -> str | None:
    """The status whose Chinese label is ``text`` (as exported under 完成状态), else None."""
    for code, label in LABELS.items():
        if text.strip() == label:
            return code
    return None
