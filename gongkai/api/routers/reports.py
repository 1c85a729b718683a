"""Annual reports: API.md "Annual report"."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.api.errors import ApiError
from gongkai.api.params import MAX_ID
from gongkai.orgs.models import Unit
from gongkai.reports import data
from gongkai.reports.models import AnnualReport, Scope

router = Router(tags=["annual report"])


class ReportFilters(Schema):
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)


def _published(unit: Unit | None, scope: str, year: int) -> AnnualReport | None:
    found = AnnualReport.objects.filter(scope=scope, year=year, published_snapshot__isnull=False)
    if unit is not None:
        found = found.filter(unit=unit)
    return found.select_related("item").first()


@router.get("/reports/annual/{year}", summary="A year's annual report tables (omit unit_id for the whole government)")
def annual_report(request: HttpRequest, year: int, filters: Query[ReportFilters]) -> dict[str, Any]:
    """The published report when there is one (a snapshot: later data changes do not alter it),
    else the tables as the recorded data give them now (``status: live``, no narrative)."""
    today = timezone.localdate()
    if not 2008 <= year <= today.year:
        raise ApiError(422, _("年度应在2008年至%(year)s年之间") % {"year": today.year}, "year")
    unit = None
    if filters.unit_id is not None:
        unit = Unit.objects.filter(pk=filters.unit_id).first()
        if unit is None:
            raise ApiError(404, _("单位不存在"), "unit_id")
    scope = Scope.UNIT if unit is not None else Scope.GOVERNMENT
    report = _published(unit, scope, year)
    if report is not None and report.published_snapshot is not None:
        published = dict(report.published_snapshot)
        url = request.build_absolute_uri(reverse("portal:item", args=[report.item_id])) if report.item_id else None
        return {**published, "status": "published", "published_at": report.published_at, "url": url}
    return {**data.compute(unit, scope, year), "status": "live"}
