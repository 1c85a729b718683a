"""The office's values for one capability (periods, thresholds, word lists): one row, held to one
by the database, read with ``current()`` (the defaults, unsaved, until the office saves its own).

Before, six such models each wrote their own ``current()`` and nothing stopped a second row:
whichever came first by primary key silently won. Here a unique, always-true column and a check
constraint make a second row an IntegrityError.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db import models
from django.db.models import Q


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
