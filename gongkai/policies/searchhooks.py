"""Tell the search index that documents changed, if the search app provides the hook.

``gongkai.search.hooks.documents_changed(item_ids)`` is owned by the search app; until it
exists, changes are simply not announced. Only a missing module is tolerated: an error raised
inside an existing search module is not hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction

_MISSING = {"gongkai.search", "gongkai.search.hooks"}


def _hook() -> Callable[[list[int]], Any] | None:
    try:
        from gongkai.search import hooks  # type: ignore[attr-defined,unused-ignore]
    except ModuleNotFoundError as exc:
        if exc.name in _MISSING:
            return None
        raise
    hook = getattr(hooks, "documents_changed", None)
    return hook if callable(hook) else None


def documents_changed(item_ids: Iterable[int]) -> None:
    """Announce ``item_ids`` now (call it after the change has been committed)."""
    ids = list(item_ids)
    hook = _hook()
    if ids and hook is not None:
        hook(ids)


def documents_changed_on_commit(item_ids: Iterable[int]) -> None:
    """Announce ``item_ids`` once the current transaction commits (at once outside one)."""
    ids = list(item_ids)
    if ids:
        transaction.on_commit(lambda: documents_changed(ids), robust=True)
