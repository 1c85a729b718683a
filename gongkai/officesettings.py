"""The office's values for one capability (periods, thresholds, word lists): one row, held to one
by the database, read with ``current()`` (the defaults, unsaved, until the office saves its own),
changed only through ``update()``: the office alone, the row locked, validated with a message
naming the field, and one audit entry with what changed.

Before, six such models each wrote their own ``current()`` and nothing stopped a second row:
whichever came first by primary key silently won; four services and the views saved and audited
them each their own way. Here a unique, always-true column and a check constraint make a second
row an IntegrityError; the workbench has one settings view (``workbench/views/settings.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self, TypeVar

from django.db import models, transaction
from django.db.models import Q
from django.http import HttpRequest

from gongkai.actor import Actor
from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs import access


class OfficeSettings(models.Model):
    one = models.BooleanField(default=True, editable=False, unique=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        # A child's own Meta must subclass this one (``class Meta(OfficeSettings.Meta)``) to keep it.
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(condition=Q(one=True), name="%(app_label)s_%(class)s_one_row"),
        ]

    @classmethod
    def current(cls) -> Self:
        """The saved row, or the defaults (unsaved) when the office has saved none."""
        return cls._default_manager.order_by("pk").first() or cls()


S = TypeVar("S", bound=OfficeSettings)


@transaction.atomic
def update(
    actor: Actor, model: type[S], values: Mapping[str, Any], *, action: str, request: HttpRequest | None = None
) -> S:
    """Save ``values`` into ``model``'s one row (made on the first save) for the office.

    Raises PermissionDenied for anyone but the office and ValidationError (one message per field,
    from the model's validators and ``clean``) for a bad value, leaving the saved row as it was.
    The audit entry ``action`` holds the fields that changed, before and after; saving the same
    values again records nothing."""
    access.require_office(actor)
    current = model._default_manager.select_for_update().order_by("pk").first() or model()
    before = snapshot(current, values) if current.pk else None
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    old, new = changed(before, snapshot(current, values))
    if new:
        record(actor, action, current, before=old, after=new, request=request)
    return current
