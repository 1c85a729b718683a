"""Keeping the index in step with publication: called after commit, never inside a transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django_tasks import task

from gongkai.ops.jobs import enqueue_after_commit
from gongkai.publishing.models import State
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


def item_changed(sender: Any, item: Any, attachment: Any = None, **kwargs: Any) -> None:
    """Receiver of the publishing signals ``published`` and ``withdrawn`` (search/apps.py): the
    item is re-indexed once the pipeline's transaction has committed. A withdrawn item leaves the
    index with its files (documents.build). ``withdrawn`` with ``attachment``: one file taken
    down (下架, often for personal data) while the item stays public; its text leaves the index
    as the take-down commits, in this process, not when a worker gets to the job: until then a
    search for a number in the file would still find the item."""
    if attachment is not None:
        transaction.on_commit(lambda: reindex_now(item.pk), robust=True)
    else:
        enqueue_after_commit(reindex_item, item.pk)


def reindex_now(item_id: int) -> None:
    """Re-index one item here and now; if the index cannot be written now (a writer elsewhere
    holds it), the job does it."""
    try:
        documents_changed([item_id])
    except Exception:
        log.exception("search index not updated at once; queued", extra={"event": "search.reindex_now_failed"})
        reindex_item.enqueue(item_id)
    else:
        log.info("search index updated", extra={"event": "search.reindex_now"})


def text_read(sender: Any, item: Any, attachment: Any, **kwargs: Any) -> None:
    """Receiver of ``text_read``: a file's text was read, possibly long after the item was
    published (the archive sweep reads old files). The record changes only when the public sees
    the file: a public item, and a file of its shown revision not taken down."""
    shown = attachment.public and attachment.taken_down_at is None
    if shown and item.published_revision_id is not None and item.state != State.WITHDRAWN:
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
