"""Items nobody here may change: a capability above the core says which (the exchange: an item
received from another level is read-only here, changed or withdrawn only at its origin).

The core names no domain (DESIGN.md): a domain registers a check in its ``AppConfig.ready()``;
the workflow's actions, the edit service and the file take-down ask ``refuse_if_read_only``
before anything else and answer 409 with the check's reason. The domain's own writers (the
exchange's receiving) do not pass through them.
"""

from __future__ import annotations

from collections.abc import Callable

from gongkai.publishing.models import Item

Check = Callable[[Item], str | None]
_checks: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    """``check(item)`` returns why the item is read-only here, or None."""
    _checks[name] = check


def reason(item: Item) -> str | None:
    for check in _checks.values():
        found = check(item)
        if found:
            return found
    return None


def refuse_if_read_only(item: Item) -> None:
    from gongkai.publishing.services import Conflict

    found = reason(item)
    if found:
        raise Conflict(found)
