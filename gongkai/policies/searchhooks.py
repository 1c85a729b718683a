"""Tell the search index that documents changed (gongkai.search.hooks owns the indexing)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction


def _hook() -> Callable[[list[int]], Any]:
    from gongkai.search.hooks import documents_changed as hook  # local: search imports publishing

    return hook


def documents_changed(item_ids: Iterable[int]) -> None:
    """Announce ``item_ids`` now (call it after the change has been committed)."""
    ids = list(item_ids)
    if ids:
        _hook()(ids)


def documents_changed_on_commit(item_ids: Iterable[int]) -> None:
    """Announce ``item_ids`` once the current transaction commits (at once outside one)."""
    ids = list(item_ids)
    if ids:
        transaction.on_commit(lambda: documents_changed(ids), robust=True)
