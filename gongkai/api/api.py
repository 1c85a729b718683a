"""The public API, ``/api/v1`` (contract: ../shared/API.md). One router per resource."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from gongkai.api import errors
from gongkai.api.routers import calendar, items, me, request_records, requests, search, units


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 Chinese in responses, readable by people (and half the size of \\u escapes)."""

    json_dumps_params: dict[str, Any] = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=ChineseJSONRenderer(),
    title="gongkai API",
    version="1",
    description='政务公开平台接口。错误形如 {"detail": "中文说明", "field": "字段名或null"}。',
    urls_namespace="api",
)
errors.install(api)
api.add_router("", me.router)
api.add_router("", units.router)
api.add_router("", calendar.router)
api.add_router("", items.router)
api.add_router("", search.router)
api.add_router("", requests.router)
api.add_router("", request_records.router)
