"""Who may see and act on information items: the one place that answers it.

Staff see the items of the units they act for (the office: every unit); the public sees only
items that have been published (a withdrawn item's page stays, stating the reason).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from gongkai.orgs import access
from gongkai.publishing.models import Item


def items_visible_to(user: Any) -> QuerySet[Item]:
    if access.is_office(user):
        return Item.objects.all()
    return Item.objects.filter(unit__in=access.units_for(user))


def get_item_for(user: Any, pk: int) -> Item:
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
