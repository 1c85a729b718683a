"""New-media registry (政务新媒体备案): the accounts staff may see, with the stale flag, and the
last content date a unit records. Staff only (bearer token)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError
from gongkai.api.params import MAX_ID, Id
from gongkai.api.vocab import NewMediaState
from gongkai.supervision.newmedia import access, figures, services
from gongkai.supervision.newmedia.models import Account, NewMediaSettings
from gongkai.supervision.newmedia.rules import is_stale

router = Router(tags=["newmedia"])
MAX_RESULTS = 1000


class NewMediaFilters(Schema):
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)
    state: NewMediaState | None = None
    stale: bool | None = None


class NewMediaUnitOut(Schema):
    id: int
    name: str


class NewMediaAccountOut(Schema):
    id: int
    platform: str
    name: str
    account_id: str
    unit: NewMediaUnitOut
    state: str
    filing_number: str
    last_content_on: dt.date | None
    stale: bool


class NewMediaContentIn(Schema):
    on: dt.date


def _out(account: Account, today: dt.date, days: int) -> dict[str, Any]:
    return {
        "id": account.pk,
        "platform": account.platform.name,
        "name": account.name,
        "account_id": account.account_id,
        "unit": {"id": account.unit_id, "name": account.unit.name},
        "state": account.state,
        "filing_number": account.filing_number,
        "last_content_on": account.last_content_on,
        "stale": is_stale(account.state, account.last_content_on, today, days),
    }


@router.get("/newmedia/accounts", auth=bearer, response=list[NewMediaAccountOut], summary="New-media accounts (staff)")
def accounts(request: HttpRequest, filters: Query[NewMediaFilters]) -> list[dict[str, Any]]:
    access.require_user(request.user)
    today = timezone.localdate()
    found = access.accounts_visible_to(request.user).select_related("unit", "platform")
    if filters.unit_id is not None:
        found = found.filter(unit_id=filters.unit_id)
    if filters.state is not None:
        found = found.filter(state=filters.state)
    if filters.stale is not None:
        condition = figures.stale_filter(today)
        found = found.filter(condition) if filters.stale else found.exclude(condition)
    days = NewMediaSettings.current().stale_after_days
    ordered = found.order_by("unit__position", "unit_id", "name", "pk")[:MAX_RESULTS]
    return [_out(a, today, days) for a in ordered]


@router.post(
    "/newmedia/accounts/{account_id}/content",
    auth=bearer,
    response=NewMediaAccountOut,
    summary="Record an account's last content date (unit's editor)",
)
def record_content(request: HttpRequest, account_id: Id, payload: NewMediaContentIn) -> dict[str, Any]:
    found = access.get_account_for(request.user, account_id)
    try:
        done = services.record_content(request.user, found.pk, payload.on, http=request)
    except services.Conflict as exc:
        raise ApiError(409, exc.message, "state") from exc
    return _out(done, timezone.localdate(), NewMediaSettings.current().stale_after_days)
