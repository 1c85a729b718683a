"""Who may see inspections and findings: the one place that answers it.

Inspections, their reports and the office's rules, dictionaries and schedule are the office's
(公开办). A unit's staff see the findings that concern their own units, and nothing of other
units (404, as every other object of another unit).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.orgs import access as org_access
from gongkai.supervision.inspection.models import Finding, Inspection


def may_inspect(user: Actor) -> bool:
    return org_access.is_office(user)


def require_office(user: Actor) -> None:
    if not may_inspect(user):
        raise PermissionDenied(_("仅公开办可以查看和进行网站检查"))


def inspections_visible_to(user: Actor) -> QuerySet[Inspection]:
    return Inspection.objects.select_related("site") if may_inspect(user) else Inspection.objects.none()


def get_inspection_for(user: Actor, pk: int) -> Inspection:
    """The inspection for the office; 403 for other staff, 404 when it does not exist."""
    require_office(user)
    found = inspections_visible_to(user).select_related("started_by").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def findings_visible_to(user: Actor) -> QuerySet[Finding]:
    if may_inspect(user):
        return Finding.objects.all()
    return Finding.objects.filter(unit__in=org_access.units_for(user))


def get_finding_for(user: Actor, pk: int) -> Finding:
    found = findings_visible_to(user).select_related("inspection", "unit", "task").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def latest_done() -> Inspection | None:
    return Inspection.objects.filter(state=Inspection.State.DONE).order_by("-started_at", "-pk").first()


def latest_per_site() -> list[int]:
    """The latest finished inspection of each site (issue 19: the schedule inspects every site in
    turn, so the very latest run is only one site's). One query."""
    done = Inspection.objects.filter(state=Inspection.State.DONE).order_by()
    return list(done.values("site_id").annotate(latest=Max("pk")).values_list("latest", flat=True))
