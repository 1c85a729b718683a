from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError
from gongkai.api.vocab import UnitKind
from gongkai.orgs import services
from gongkai.orgs.models import Unit

router = Router(tags=["units"])


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    credit_code: str
    parent_id: int | None


class UnitIn(Schema):
    name: str
    kind: UnitKind
    credit_code: str
    parent_id: int | None = None


@router.get("/units", response=list[UnitOut], summary="All active units (public)")
def list_units(request: HttpRequest) -> list[Unit]:
    return list(Unit.objects.filter(active=True))


@router.post("/units", response={201: UnitOut}, auth=bearer, summary="Create a unit (office)")
def create_unit(request: HttpRequest, payload: UnitIn) -> Status:
    parent = None
    if payload.parent_id is not None:
        parent = Unit.objects.filter(pk=payload.parent_id).first()
        if parent is None:
            raise ApiError(422, _("上级单位不存在"), "parent_id")
    unit = services.create_unit(
        request.user, name=payload.name, kind=payload.kind, credit_code=payload.credit_code, parent=parent
    )
    return Status(201, unit)
