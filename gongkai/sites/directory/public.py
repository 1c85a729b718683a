"""What the public sees of the service directory: the active services of a site (a service with
no sites is on every site), searched by name, department and code. Every read is bounded."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from gongkai.sites.directory.models import Service
from gongkai.sites.models import Site

MAX_QUERY = 50  # characters of a search read; a longer query is cut
MAX_LIMIT = 50


def for_site(site: Site) -> QuerySet[Service]:
    """The active services ``site`` shows, in the directory's order, with their department."""
    through = Service.sites.through
    anywhere = ~Exists(through.objects.filter(service_id=OuterRef("pk")))
    mine = Exists(through.objects.filter(service_id=OuterRef("pk"), site_id=site.pk)) if site.pk else Q(pk__in=[])
    return (
        Service.objects.filter(active=True)
        .filter(Q(anywhere) | Q(mine))
        .select_related("department")
        .order_by("category", "position", "pk")
    )


def clean_query(q: str | None) -> str:
    return " ".join((q or "").split())[:MAX_QUERY]


def search(site: Site, q: str | None) -> QuerySet[Service]:
    """``for_site`` narrowed by every word of ``q`` (each in the name, department or code)."""
    services = for_site(site)
    for word in clean_query(q).split(" "):
        if word:
            services = services.filter(
                Q(name__icontains=word)
                | Q(department_name__icontains=word)
                | Q(department__name__icontains=word)
                | Q(code__icontains=word)
            )
    return services


def matching(q: str, site: Site, limit: int = 5) -> list[Service]:
    """At most ``limit`` services of ``site`` matching ``q`` (the search page shows them beside
    the documents; an empty query matches nothing). One query."""
    if not clean_query(q):
        return []
    return list(search(site, q)[: max(0, min(limit, MAX_LIMIT))])


def get_public(site: Site, pk: int) -> Service | None:
    """The service if ``site`` shows it (active and on this site), else None."""
    return for_site(site).filter(pk=pk).first()


@dataclass
class Group:
    category: str
    services: list[Service] = field(default_factory=list)


def grouped(services: list[Service]) -> list[Group]:
    """Consecutive services of one category as one group (the list is ordered by category)."""
    groups: list[Group] = []
    for service in services:
        if not groups or groups[-1].category != service.category:
            groups.append(Group(service.category))
        groups[-1].services.append(service)
    return groups
