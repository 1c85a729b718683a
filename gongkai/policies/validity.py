"""有效性 (validity) changes that happen without a new publication: a document is repealed by
another, or its 失效日期 has passed. Both change the working copy and the published revision's
snapshot together, write the item's history and the audit entry, and tell the search index."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai import pagecache
from gongkai.actor import Actor, signed_in
from gongkai.audit.services import record
from gongkai.policies.searchhooks import documents_changed_on_commit
from gongkai.publishing.models import Item, ItemEvent, ItemRevision

VALID, EXPIRED, REPEALED = "valid", "expired", "repealed"


def set_validity(
    item_id: int, validity: str, actor: Actor | None, note: str, *, working: bool = True, public: bool = True
) -> bool:
    """Set the validity of the working copy (``working``) and of the published revision
    (``public``); returns whether anything changed. Runs in the caller's transaction."""
    # FOR UPDATE OF the item only: PostgreSQL cannot lock the nullable side of the outer join.
    item = Item.objects.select_for_update(of=("self",)).select_related("unit", "published_revision").get(pk=item_id)
    revision = item.published_revision
    before = {"validity": item.validity, "public_validity": revision.validity if revision else None}
    change_item = working and item.validity != validity
    change_public = public and revision is not None and revision.validity != validity
    if not (change_item or change_public):
        return False
    if change_item:
        # The version moves on, so an editor's open form cannot write the old validity back.
        Item.objects.filter(pk=item.pk).update(validity=validity, version=F("version") + 1, updated_at=timezone.now())
    if change_public and revision is not None:
        ItemRevision.objects.filter(pk=revision.pk).update(validity=validity)
        pagecache.changed()  # update() sends no signal: the pages saying 有效 must go (issue 18)
    after = {
        "validity": validity if change_item else item.validity,
        "public_validity": validity if change_public else before["public_validity"],
    }
    ItemEvent.objects.create(item=item, action="validity", actor=signed_in(actor), note=note, at=timezone.now())
    record(actor, "item.validity", item, unit=item.unit, before=before, after=after, note=note)
    if revision is not None:
        documents_changed_on_commit([item.pk])
    return True


def _passed(expires_on: dt.date | None, validity: str, today: dt.date) -> bool:
    return expires_on is not None and expires_on < today and validity == VALID


def expire_due(today: dt.date | None = None) -> list[int]:
    """Mark 失效 every valid item whose 失效日期 lies before ``today`` (the date itself is the last
    valid day): the working copy and the published revision each by their own date. Returns
    the ids of the items changed. Safe to run repeatedly and from several workers."""
    today = today or timezone.localdate()
    due = Q(validity=VALID, expires_on__lt=today) | Q(
        published_revision__validity=VALID, published_revision__expires_on__lt=today
    )
    changed = []
    for item_id in Item.objects.filter(due).values_list("pk", flat=True):
        with transaction.atomic():
            item = Item.objects.select_for_update(of=("self",)).select_related("published_revision").get(pk=item_id)
            revision = item.published_revision
            working = _passed(item.expires_on, item.validity, today)
            public = revision is not None and _passed(revision.expires_on, revision.validity, today)
            note = _("已过失效日期，自动标记为失效")
            if set_validity(item_id, EXPIRED, None, note, working=working, public=public):
                changed.append(item_id)
    return changed
