"""Site self-inspection (网站与政务新媒体检查): API.md "Inspection". The office runs it and reads
the reports; every answer has the contract's ``id, passed, score, veto, findings``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError
from gongkai.api.params import MAX_ID, Id
from gongkai.sites.models import Site
from gongkai.supervision.inspection import access, services
from gongkai.supervision.inspection.models import Finding, Inspection

router = Router(tags=["inspections"])
PAGE_SIZE = 20


class InspectionVetoOut(Schema):
    rule: str
    detail: str


class InspectionFindingOut(Schema):
    id: int
    rule: str
    url: str | None
    detail: str
    points: int
    veto: bool
    target: str
    unit_id: int | None
    task_id: int | None


class InspectionSiteOut(Schema):
    id: int | None = Field(description="null: the default site (the district portal before any site was set up)")
    name: str


class InspectionSummaryOut(Schema):
    id: int
    site: InspectionSiteOut
    state: str
    passed: bool | None
    score: int | None
    monitored_on: dt.date
    started_at: dt.datetime
    finished_at: dt.datetime | None
    trigger: str
    links: str
    newmedia_passed: bool | None


class InspectionOut(InspectionSummaryOut):
    veto: list[InspectionVetoOut]
    deductions: dict[str, dict[str, int]]
    links_checked: int
    findings: list[InspectionFindingOut]


class InspectionPage(Schema):
    total: int
    page: int
    page_size: int
    results: list[InspectionSummaryOut]


class InspectionRunFilters(Schema):
    check_links: bool = True


class InspectionRunIn(Schema):
    model_config = ConfigDict(extra="forbid")

    site_id: int | None = Field(None, ge=1, le=MAX_ID, description="the site to inspect; default: the default site")


class InspectionListFilters(Schema):
    page: int = Field(1, ge=1, le=100_000)


def _summary(inspection: Inspection) -> dict[str, Any]:
    fields = ["id", "state", "passed", "score", "monitored_on", "started_at", "finished_at", "trigger", "links"]
    site = {"id": inspection.site_id, "name": inspection.site_name}
    return {**{f: getattr(inspection, f) for f in fields}, "newmedia_passed": inspection.newmedia_passed, "site": site}


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.pk,
        "rule": finding.rule,
        "url": finding.url or None,
        "detail": finding.detail,
        "points": finding.points,
        "veto": finding.veto,
        "target": finding.target,
        "unit_id": finding.unit_id,
        "task_id": finding.task_id,
    }


def _full(inspection: Inspection) -> dict[str, Any]:
    findings = [_finding(f) for f in inspection.findings.order_by("-veto", "rule", "position", "pk")]
    return {
        **_summary(inspection),
        "veto": inspection.veto,
        "deductions": inspection.deductions,
        "links_checked": inspection.links_checked,
        "findings": findings,
    }


def _site(site_id: int | None) -> Site | None:
    if site_id is None:
        return None
    site = Site.objects.filter(pk=site_id, active=True).first()
    if site is None:
        raise ApiError(422, _("没有这个在用的站点。"), "site_id")
    return site


@router.post(
    "/inspections",
    auth=bearer,
    response=InspectionOut,
    summary='Inspect a site now (office): body `{"site_id"}` optional, default the default site',
)
def run(
    request: HttpRequest, options: Query[InspectionRunFilters], payload: InspectionRunIn | None = None
) -> dict[str, Any]:
    access.require_office(request.user)
    site = _site(payload.site_id if payload is not None else None)
    try:
        inspection = services.run_inspection(
            request.user, check_links=options.check_links, trigger=Inspection.Trigger.API, site=site
        )
    except services.Conflict as exc:
        raise ApiError(409, exc.message, "state") from exc
    if inspection.state == Inspection.State.FAILED:
        raise ApiError(409, _("检查未能完成（已记录错误），请稍后重试或联系系统管理员"), "state")
    return _full(inspection)


@router.get("/inspections", auth=bearer, response=InspectionPage, summary="Past inspections, newest first (office)")
def history(request: HttpRequest, filters: Query[InspectionListFilters]) -> dict[str, Any]:
    access.require_office(request.user)
    page = Paginator(access.inspections_visible_to(request.user), PAGE_SIZE).get_page(filters.page)
    results = [_summary(i) for i in page.object_list]
    return {"total": page.paginator.count, "page": page.number, "page_size": PAGE_SIZE, "results": results}


@router.get("/inspections/{inspection_id}", auth=bearer, response=InspectionOut, summary="One inspection's report")
def report(request: HttpRequest, inspection_id: Id) -> dict[str, Any]:
    return _full(access.get_inspection_for(request.user, inspection_id))
