"""Who sees and who changes the standard catalogue: the one place that answers it.

The catalogue is public (条例 Art. 12 asks for a published catalogue); only the office keeps it.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.actor import Actor
from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.orgs import access


def require_keeper(user: Actor) -> None:
    """Raise PermissionDenied unless ``user`` may change domains and entries (the office)."""
    access.require_office(user)


def public_entries(level: str) -> QuerySet[CatalogueEntry]:
    """What the public sees for one level: active entries of active domains, in catalogue order."""
    return CatalogueEntry.objects.filter(level=level, active=True, domain__active=True).select_related("domain")


def public_domains() -> QuerySet[Domain]:
    return Domain.objects.filter(active=True)
