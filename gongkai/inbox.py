"""The inbox protocol (DESIGN.md: one small protocol in the core): a capability says what is open
for a person — a ``Task`` naming the object it is about and its due date — through a provider it
registers in its ``AppConfig.ready()``; the workbench lists every provider's tasks and maps each
task's object to its page. So a domain builds no URL and imports no view.

    register(name, provider)     provider(user, today) -> list[Task]
    providers() -> list          in registration order
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Task:
    """``target`` is what the task is about: a model instance (the workbench opens its page) or
    a model class (the workbench opens the list of such objects)."""

    title: str
    target: Any
    due_on: dt.date | None
    unit: str = ""
    kind: str = ""

    def overdue(self, today: dt.date) -> bool:
        return self.due_on is not None and self.due_on < today


Provider = Callable[[Any, dt.date], list[Task]]
_PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Add (or replace, by name: ready() may run twice in tests) a capability's provider."""
    _PROVIDERS[name] = provider


def providers() -> list[Provider]:
    return list(_PROVIDERS.values())
