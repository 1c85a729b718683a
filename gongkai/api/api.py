"""The public API, ``/api/v1`` (contract: ../shared/API.md). One router per resource."""

from __future__ import annotations

from ninja import NinjaAPI

from gongkai.api import errors
from gongkai.api.routers import calendar, me, units

api = NinjaAPI(
    title="gongkai API",
    version="1",
    description='政务公开平台接口。错误形如 {"detail": "中文说明", "field": "字段名或null"}。',
    urls_namespace="api",
)
errors.install(api)
api.add_router("", me.router)
api.add_router("", units.router)
api.add_router("", calendar.router)
