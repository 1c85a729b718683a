"""Sites and their columns (API.md "Sites, columns and services"; issue 19).

The public reads a site list, a site's column tree and a column's items; the office creates
sites, and the office or a site's managers change the site and its columns — every change through
gongkai.sites.services (access-checked, audited, placements rebuilt)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from gongkai.api import tokens
from gongkai.api.auth import bearer
from gongkai.api.errors import ApiError
from gongkai.api.openapi import ApiErrorOut
from gongkai.api.params import MAX_ID, Id
from gongkai.api.routers.items import PUBLIC_LIST_FIELDS, item_url
from gongkai.api.vocab import Coded, Genre, Topic
from gongkai.orgs.models import Unit
from gongkai.publishing.access import current_items
from gongkai.publishing.models import Kind
from gongkai.sites import access, public, services
from gongkai.sites.models import Column, ColumnPick, Language, Site

router = Router(tags=["sites"])

# A column's item list: 20 a page, at most 500 pages (10,000 items, API.md's capped total).
PAGE_SIZE = 20
MAX_PAGE = 500
# The service's keys as the API names its fields.
FIELD_NAMES = {"parent": "parent_id", "redirect_to": "redirect_to_id", "units": "unit_ids"}
SiteLanguage = Annotated[str, Coded(Language.choices)]
AnyKind = Annotated[str, Coded(Kind.choices)]


class SiteOut(Schema):
    id: int
    code: str
    name: str
    host: str
    language: str
    identifier: str = Field(description="网站标识码")
    icp_number: str
    police_number: str
    colour: str
    whole_library: bool
    is_default: bool
    active: bool


class SiteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=100)
    host: str = Field(..., min_length=1, max_length=253, description="bare lower-case host name, no port")
    language: SiteLanguage = "zh-Hans"
    identifier: str = Field("", max_length=10, description="网站标识码")
    icp_number: str = Field("", max_length=50)
    police_number: str = Field("", max_length=50, description="公安机关备案号")
    colour: str = Field("#b71c1c", max_length=7)
    whole_library: bool = False
    is_default: bool = False
    active: bool = True
    unit_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field([], max_length=500)


class SitePatch(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str | None = Field(None, min_length=1, max_length=40)
    name: str | None = Field(None, min_length=1, max_length=100)
    host: str | None = Field(None, min_length=1, max_length=253)
    language: SiteLanguage | None = None
    identifier: str | None = Field(None, max_length=10)
    icp_number: str | None = Field(None, max_length=50)
    police_number: str | None = Field(None, max_length=50)
    colour: str | None = Field(None, max_length=7)
    whole_library: bool | None = None
    is_default: bool | None = None
    active: bool | None = None
    position: int | None = Field(None, ge=0, le=100_000)
    unit_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(None, max_length=500)
    manager_usernames: list[Annotated[str, Field(max_length=150)]] | None = Field(
        None, max_length=200, description="office only: the site's managers (replaces the list)"
    )


class Rules(Schema):
    """AND between keys, OR within one; a unit includes its sub-units; {} = only hand-picked items."""

    model_config = ConfigDict(extra="forbid")

    unit_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(None, max_length=200)
    genres: list[Genre] | None = Field(None, max_length=200)
    topics: list[Topic] | None = Field(None, max_length=200)
    kinds: list[AnyKind] | None = Field(None, max_length=200)
    catalogue_entry_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(None, max_length=200)


ItemIds = list[Annotated[int, Field(ge=1, le=MAX_ID)]]


class ColumnOut(Schema):
    id: int
    name: str
    slug: str
    parent_id: int | None
    retired: bool
    rules: dict[str, list[Any]]
    item_ids: list[int] = Field(description="hand-picked items, in their order")
    url: str
    description: str
    position: int
    on_home: bool
    home_count: int
    redirect_to_id: int | None


class ColumnIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1, max_length=60)
    slug: str = Field(..., min_length=1, max_length=50, description="[a-z0-9-], unique in the site")
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    description: str = Field("", max_length=300)
    position: int = Field(0, ge=0, le=100_000)
    rules: Rules | None = None
    item_ids: ItemIds = Field([], max_length=500)
    on_home: bool = False
    home_count: int = Field(6, ge=1, le=50)


class ColumnPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=60)
    slug: str | None = Field(None, min_length=1, max_length=50)
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    description: str | None = Field(None, max_length=300)
    position: int | None = Field(None, ge=0, le=100_000)
    rules: Rules | None = None
    item_ids: ItemIds | None = Field(None, max_length=500)
    on_home: bool | None = None
    home_count: int | None = Field(None, ge=1, le=50)
    retired: bool | None = Field(None, description="true retires the column: its URLs then redirect")
    redirect_to_id: int | None = Field(None, ge=1, le=MAX_ID, description="where a retired column's URLs go")


class ColumnItemOut(Schema):
    id: int
    title: str
    unit_id: int
    unit: str
    index_number: str
    doc_number: str
    published_on: dt.date | None
    url: str


class ColumnItemsPage(Schema):
    total: int
    total_capped: bool
    page: int
    page_size: int
    results: list[ColumnItemOut]


class ColumnPageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)


def _refused(exc: ValidationError) -> ApiError:
    """The service's refusal in the API's shape, its field named as the API names it."""
    if not hasattr(exc, "error_dict"):
        return ApiError(422, "；".join(exc.messages))
    key, errors = next(iter(exc.error_dict.items()))
    return ApiError(422, "；".join(ValidationError(errors).messages), FIELD_NAMES.get(key, key))


def _units(ids: list[int]) -> list[Unit]:
    units = list(Unit.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {u.pk for u in units})
    if missing:
        raise ApiError(422, _("没有这些单位：%(ids)s") % {"ids": "、".join(map(str, missing))}, "unit_ids")
    return units


def _managers(names: list[str]) -> list[Any]:
    users = list(get_user_model().objects.filter(username__in=names, is_active=True))
    missing = sorted(set(names) - {u.get_username() for u in users})
    if missing:
        raise ApiError(422, _("没有这些在用账号：%(names)s") % {"names": "、".join(missing)}, "manager_usernames")
    return users


@router.get("/sites", response=list[SiteOut], summary="The active sites (public)")
def list_sites(request: HttpRequest) -> list[Site]:
    return list(Site.objects.filter(active=True).order_by("position", "pk"))


@router.post(
    "/sites",
    response={201: SiteOut, 403: ApiErrorOut, 409: ApiErrorOut},
    auth=bearer,
    summary="Create a site (office); a host another site holds → 409 naming `host`",
)
def create_site(request: HttpRequest, payload: SiteIn) -> Status:
    data = payload.dict(exclude={"unit_ids"})
    units = _units(payload.unit_ids)
    try:
        site = services.create_site(request.user, units=units, **data)
    except services.HostTaken as exc:
        raise ApiError(409, str(exc), exc.field) from exc
    except ValidationError as exc:
        raise _refused(exc) from exc
    return Status(201, site)


@router.patch(
    "/sites/{site_id}",
    response={200: SiteOut, 403: ApiErrorOut, 409: ApiErrorOut},
    auth=bearer,
    summary="Change a site (office; a site's managers: its name, identifier, registration numbers and colour)",
)
def patch_site(request: HttpRequest, site_id: Id, payload: SitePatch) -> Site:
    site = access.get_site_for(request.user, site_id)
    data = payload.dict(exclude_unset=True, exclude={"unit_ids", "manager_usernames"})
    units = _units(payload.unit_ids) if payload.unit_ids is not None else None
    managers = _managers(payload.manager_usernames) if payload.manager_usernames is not None else None
    try:
        with transaction.atomic():  # the managers refused (403) → the rest of the change is not kept either
            site = services.update_site(request.user, site, units=units, **data)
            if managers is not None:
                services.set_managers(request.user, site, managers)
    except services.HostTaken as exc:
        raise ApiError(409, str(exc), exc.field) from exc
    except ValidationError as exc:
        raise _refused(exc) from exc
    return site


def column_out(request: HttpRequest, column: Column, picks: list[int] | None = None) -> dict[str, Any]:
    if picks is None:
        picks = list(ColumnPick.objects.filter(column=column).values_list("item_id", flat=True))
    return {
        "id": column.pk,
        "name": column.name,
        "slug": column.slug,
        "parent_id": column.parent_id,
        "retired": column.retired,
        "rules": column.rules or {},
        "item_ids": picks,
        "url": public.column_address(request, column),
        "description": column.description,
        "position": column.position,
        "on_home": column.on_home,
        "home_count": column.home_count,
        "redirect_to_id": column.redirect_to_id,
    }


def _manages(request: HttpRequest, site: Site) -> bool:
    """Whether the bearer token (on an operation the public may call too) is a manager's."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    user = tokens.user_for(secret.strip()) if scheme.lower() == "bearer" and secret else None
    return user is not None and access.may_manage(user, site)


# Three queries whatever the tree's size: the site, the columns, their picks.
@router.get(
    "/sites/{site_id}/columns",
    response=list[ColumnOut],
    summary="A site's columns, retired ones too, in their order (public; an inactive site: its managers only)",
)
def list_columns(request: HttpRequest, site_id: Id) -> list[dict[str, Any]]:
    site = Site.objects.filter(pk=site_id).first()
    if site is None or (not site.active and not _manages(request, site)):
        raise Http404
    picks = Prefetch("picks", queryset=ColumnPick.objects.order_by("position", "pk"))
    columns = Column.objects.filter(site=site).order_by("position", "pk").prefetch_related(picks)
    for column in columns:
        column.site = site
    return [column_out(request, c, [p.item_id for p in c.picks.all()]) for c in columns]


def _column_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The payload as the service takes it: ``parent_id`` / ``redirect_to_id`` as the columns'
    ids, the rules without the keys left out."""
    if "rules" in data:
        data["rules"] = {k: v for k, v in (data["rules"] or {}).items() if v is not None}
    return data


@router.post(
    "/sites/{site_id}/columns",
    response={201: ColumnOut, 403: ApiErrorOut},
    auth=bearer,
    summary="Create a column (office or the site's managers)",
)
def create_column(request: HttpRequest, site_id: Id, payload: ColumnIn) -> Status:
    site = access.get_site_for(request.user, site_id)
    data = _column_fields(payload.dict(exclude={"item_ids"}))
    try:
        column = services.create_column(request.user, site, item_ids=payload.item_ids, **data)
    except ValidationError as exc:
        raise _refused(exc) from exc
    return Status(201, column_out(request, column))


@router.patch(
    "/columns/{column_id}",
    response={200: ColumnOut, 403: ApiErrorOut},
    auth=bearer,
    summary='Change a column: rename, move, re-rule, re-pick, reorder; `{"retired": true}` retires it',
)
def patch_column(request: HttpRequest, column_id: Id, payload: ColumnPatch) -> dict[str, Any]:
    column = access.get_column_for(request.user, column_id)
    data = _column_fields(payload.dict(exclude_unset=True, exclude={"item_ids"}))
    item_ids = (payload.item_ids or []) if "item_ids" in payload.model_fields_set else None
    try:
        column = services.update_column(request.user, column, item_ids=item_ids, **data)
    except ValidationError as exc:
        raise _refused(exc) from exc
    return column_out(request, column)


# Three queries a page: the column, the page's ids from the placements' index, the items.
@router.get(
    "/public/columns/{column_id}/items",
    response=ColumnItemsPage,
    summary="The published items a column selects, newest first (public)",
)
def column_items(request: HttpRequest, column_id: Id, query: Query[ColumnPageQuery]) -> dict[str, Any]:
    column = Column.objects.select_related("site").filter(pk=column_id, retired=False, site__active=True).first()
    if column is None:
        raise Http404
    cap = PAGE_SIZE * MAX_PAGE
    counted = public.column_count(column, cap + 1)
    ids = public.column_item_ids(column, (query.page - 1) * PAGE_SIZE, PAGE_SIZE)
    # As public.items_by_ids, without the bodies (a law's full text is hundreds of kilobytes).
    found_items = {i.pk: i for i in current_items().filter(pk__in=ids).only(*PUBLIC_LIST_FIELDS)} if ids else {}
    items = [found_items[pk] for pk in ids if pk in found_items]
    return {
        "total": min(counted, cap),
        "total_capped": counted > cap,
        "page": query.page,
        "page_size": PAGE_SIZE,
        "results": [
            {
                "id": i.pk,
                "title": revision.title,
                "unit_id": i.unit_id,
                "unit": i.unit.name,
                "index_number": i.index_number,
                "doc_number": revision.doc_number,
                "published_on": i.first_published_on,
                "url": item_url(request, i),
            }
            for i in items
            if (revision := i.published_revision) is not None
        ],
    }
