"""Who may see and work on annual reports: the unit's staff for its own report, the office for all."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gongkai.actor import Actor
from gongkai.orgs import access
from gongkai.reports.models import AnnualReport, Scope


def reports_visible_to(user: Actor) -> QuerySet[AnnualReport]:
    if access.is_office(user):
        return AnnualReport.objects.all()
    return AnnualReport.objects.filter(unit__in=access.units_for(user), scope=Scope.UNIT)


def get_report_for(user: Actor, pk: int) -> AnnualReport:
    found = reports_visible_to(user).select_related("unit", "item").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
