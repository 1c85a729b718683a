"""The service directory (API.md "Sites, columns and services"; issue 19 point 3).

The public searches the services the host's site shows; the office creates, changes and removes
them — every change through gongkai.sites.directory.services (office only, validated, audited)."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError
from gongkai.api.openapi import ApiErrorOut
from gongkai.api.params import MAX_ID, Id
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Unit
from gongkai.sites.current import site_of
from gongkai.sites.directory import public, services
from gongkai.sites.directory.models import Service

router = Router(tags=["services"])

PAGE_SIZE = 50
MAX_PAGE = 100
FIELD_NAMES = {"department": "department_id", "sites": "site_ids"}
Materials = str | list[Annotated[str, Field(max_length=500)]]


class ServiceOut(Schema):
    id: int
    name: str = Field(description="事项名称")
    code: str = Field(description="事项编码")
    department: str = Field(description="办理部门")
    department_id: int | None
    category: str
    basis: str = Field(description="设定依据")
    conditions: str = Field(description="申请条件")
    materials: list[str] = Field(description="办理材料, one entry each")
    url: str = Field(description="the 内蒙古政务服务网 page")
    app_url: str = Field(description="the 蒙速办 link the QR code encodes")


class StaffServiceOut(ServiceOut):
    site_ids: list[int] = Field(description="the sites that show it; [] = every site")
    active: bool
    link_state: str = Field(description="unchecked | ok | broken")


class PublicQuery(Schema):
    q: str = Field("", max_length=200, description="words of the name, department or code (the first 50 characters)")
    page: int = Field(1, ge=1, le=MAX_PAGE)


class ServiceFields(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field("", max_length=60)
    department_id: int | None = Field(None, ge=1, le=MAX_ID, description="a unit of this platform")
    department_name: str = Field("", max_length=100, description="a department that is not a unit here")
    category: str = Field("", max_length=40)
    basis: str = Field("", max_length=5000)
    conditions: str = Field("", max_length=5000)
    materials: Materials = Field("", description="one per line, or a list")
    steps: str = Field("", max_length=5000)
    time_limit: str = Field("", max_length=100)
    fees: str = Field("", max_length=200)
    place: str = Field("", max_length=200)
    phone: str = Field("", max_length=60)
    url: str = Field("", max_length=500, description="https only")
    app_url: str = Field("", max_length=500, description="https only")
    site_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field([], max_length=200)
    active: bool = True
    position: int = Field(0, ge=0, le=100_000)


class ServiceIn(ServiceFields):
    name: str = Field(..., min_length=1, max_length=200)


class ServicePatch(ServiceFields):
    name: str = Field("", min_length=1, max_length=200)


def out(service: Service, staff: bool = False) -> dict[str, Any]:
    data = {
        "id": service.pk,
        "name": service.name,
        "code": service.code,
        "department": service.department_label,
        "department_id": service.department_id,
        "category": service.category,
        "basis": service.basis,
        "conditions": service.conditions,
        "materials": service.material_list,
        "url": service.url,
        "app_url": service.app_url,
    }
    if staff:
        data |= {
            "site_ids": sorted(s.pk for s in service.sites.all()),
            "active": service.active,
            "link_state": service.link_state,
        }
    return data


def _refused(exc: ValidationError) -> ApiError:
    if not hasattr(exc, "error_dict"):
        return ApiError(422, "；".join(exc.messages))
    key, errors = next(iter(exc.error_dict.items()))
    return ApiError(422, "；".join(ValidationError(errors).messages), FIELD_NAMES.get(key, key))


def _fields(data: dict[str, Any]) -> tuple[dict[str, Any], list[int] | None]:
    site_ids = data.pop("site_ids", None)
    if isinstance(data.get("materials"), list):
        data["materials"] = "\n".join(m.strip() for m in data["materials"] if m.strip())
    if "department_id" in data:
        pk = data.pop("department_id")
        data["department"] = Unit.objects.filter(pk=pk).first() if pk is not None else None
        if pk is not None and data["department"] is None:
            raise ApiError(422, "没有这个单位。", "department_id")
    return data, site_ids


def _get(request: HttpRequest, service_id: int) -> Service:
    org_access.require_office(request.user)
    service = Service.objects.filter(pk=service_id).first()
    if service is None:
        raise Http404
    return service


# Two queries: the page of services with their departments, nothing per row.
@router.get(
    "/public/services",
    response=list[ServiceOut],
    summary="The services the host's site shows, searched by `q` (public; 50 a page)",
)
def public_services(request: HttpRequest, query: Query[PublicQuery]) -> list[dict[str, Any]]:
    found = public.search(site_of(request), query.q)
    start = (query.page - 1) * PAGE_SIZE
    return [out(s) for s in found[start : start + PAGE_SIZE]]


@router.post(
    "/services",
    response={201: StaffServiceOut, 403: ApiErrorOut},
    auth=bearer,
    summary="Create a service (office); an invalid field → 422 naming it",
)
def create_service(request: HttpRequest, payload: ServiceIn) -> Status:
    org_access.require_office(request.user)
    data, site_ids = _fields(payload.dict())
    try:
        service = services.create_service(request.user, site_ids=site_ids or [], **data)
    except ValidationError as exc:
        raise _refused(exc) from exc
    return Status(201, out(service, staff=True))


@router.patch(
    "/services/{service_id}",
    response={200: StaffServiceOut, 403: ApiErrorOut},
    auth=bearer,
    summary='Change a service (office); `{"active": false}` takes it off every site',
)
def patch_service(request: HttpRequest, service_id: Id, payload: ServicePatch) -> dict[str, Any]:
    service = _get(request, service_id)
    data, site_ids = _fields(payload.dict(exclude_unset=True))
    try:
        service = services.update_service(request.user, service, site_ids=site_ids, **data)
    except ValidationError as exc:
        raise _refused(exc) from exc
    return out(service, staff=True)


@router.delete(
    "/services/{service_id}",
    response={204: None, 403: ApiErrorOut},
    auth=bearer,
    summary="Remove a service for good (office)",
)
def delete_service(request: HttpRequest, service_id: Id) -> Status:
    services.delete_service(request.user, _get(request, service_id))
    return Status(204, None)
