"""Keeping the index in step with publication: called after commit, never inside a transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django_tasks import task

from gongkai.ops.jobs import enqueue_after_commit
from gongkai.search.backends import get_backend
from gongkai.search.documents import searchable

log = logging.getLogger("gongkai.search")


def documents_changed(ids: Iterable[int]) -> None:
    """(Re)index the given items: the public ones are written, the others removed."""
    wanted = list(ids)
    documents = list(searchable(wanted))
    backend = get_backend()
    backend.index(documents)
    gone = set(wanted) - {d.id for d in documents}
    if gone:
        backend.delete(gone)


@task()
def reindex_item(item_id: int) -> None:
    """The job queued after an item is published (also by its scheduled run) or withdrawn."""
    documents_changed([item_id])
    log.info("search index updated", extra={"event": "search.reindex_item"})


def item_changed(sender: Any, item: Any, **kwargs: Any) -> None:
    """Receiver of the publishing signals ``published`` and ``withdrawn`` (search/apps.py): the
    item is re-indexed once the pipeline's transaction has committed."""
    enqueue_after_commit(reindex_item, item.pk)


def reindex_all(progress: Callable[[int], None] | None = None, batch: int = 500) -> int:
    """Rebuild the whole index from the database; ``progress`` gets the running count."""
    backend = get_backend()
    backend.clear()
    done, pending = 0, []
    for document in searchable():
        pending.append(document)
        if len(pending) >= batch:
            done += backend.index(pending)
            pending = []
            if progress:
                progress(done)
    done += backend.index(pending)
    if progress:
        progress(done)
    return done
