"""When the office enters a calendar year or changes a day, open applications are replayed."""

from __future__ import annotations

from typing import Any

from gongkai.foi.models import Request
from gongkai.foi.vocab import OPEN_STATES


def recompute_due_dates(sender: Any = None, **kwargs: Any) -> int:
    from gongkai.foi.handling import recompute

    return sum(recompute(r) for r in Request.objects.filter(state__in=OPEN_STATES))
