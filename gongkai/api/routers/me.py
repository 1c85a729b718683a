from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from gongkai.actor import staff
from gongkai.api.auth import bearer
from gongkai.orgs import access

router = Router(tags=["who am I"])


class UnitRoles(Schema):
    id: int
    name: str
    roles: list[str]


class MeOut(Schema):
    username: str
    full_name: str
    office: bool
    units: list[UnitRoles]


@router.get("/me", response=MeOut, auth=bearer, summary="The person behind the token and their roles")
def me(request: HttpRequest) -> dict[str, object]:
    user = staff(request.user)
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "office": access.is_office(user),
        "units": access.memberships_summary(user),
    }
