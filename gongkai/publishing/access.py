"""Who may see and act on information items: the one place that answers it.

Staff see the items of the units they act for (the office: every unit); the public sees only
items that have been published (a withdrawn item's page stays, stating the reason).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gongkai.actor import Actor
from gongkai.orgs import access
from gongkai.publishing.models import Attachment, Item, State


def items_visible_to(user: Actor) -> QuerySet[Item]:
    if access.is_office(user):
        return Item.objects.all()
    return Item.objects.filter(unit__in=access.units_for(user))


def get_item_for(user: Actor, pk: int) -> Item:
    """The item if ``user`` may see it; a 404 otherwise (never reveal other units' drafts)."""
    item = items_visible_to(user).select_related("unit", "catalogue_entry").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def public_items() -> QuerySet[Item]:
    return Item.objects.filter(published_revision__isnull=False).select_related("unit", "published_revision")


def get_public_item(pk: int) -> Item:
    item = public_items().select_related("catalogue_entry").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def current_items() -> QuerySet[Item]:
    """Public items that are not withdrawn: what lists of "latest" content and the feeds carry,
    and what the site inspection reads."""
    return public_items().exclude(state=State.WITHDRAWN)


def public_attachments(item: Item) -> QuerySet[Attachment]:
    """The attachments of the shown revision (the pipeline flags them ``public`` when it
    publishes; one added or removed during a revision follows that revision). None once withdrawn."""
    if item.state == State.WITHDRAWN:
        return Attachment.objects.none()
    return item.attachments.filter(public=True)
