"""What the public may see of an application: its state and dates, nothing else (API.md: no
name, number, phone or address; also no content, outcome, unit staff or letters)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongkai.foi.models import Request
from gongkai.foi.vocab import State


def public_status(request_obj: Request) -> dict[str, Any]:
    """State and dates only (API.md): no name, number, phone, address, unit staff or content."""
    return {
        "tracking_code": request_obj.tracking_code,
        "state": request_obj.state,
        "state_label": State(request_obj.state).label if request_obj.state in State.values else "",
        "received_on": request_obj.received_on,
        "due_on": request_obj.due_on,
        # RULINGS.md 2: counted on weekends only until the year's calendar is entered.
        "due_provisional": request_obj.due_provisional,
        "replied_on": request_obj.replied_on,
        "closed_on": request_obj.outcome_on,
        "checked_at": timezone.now(),
    }
