"""When the office enters a calendar year or changes a day, applications are replayed: the open
ones and the closed ones whose due date is blank or provisional (``handling.recompute_due_dates``)."""

from __future__ import annotations

from typing import Any


def recompute_due_dates(sender: Any = None, **kwargs: Any) -> int:
    from gongkai.foi.handling import recompute_due_dates as replay_affected

    return replay_affected()
