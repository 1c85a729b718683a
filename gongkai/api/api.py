"""The public API, ``/api/v1`` (contract: ../shared/API.md). One router per resource."""

from __future__ import annotations

import asyncio
from typing import Any

from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from gongkai.api import errors, openapi
from gongkai.api.routers import (
    attachments,
    calendar,
    consultations,
    exchange,
    inquiries,
    inspections,
    items,
    me,
    newmedia,
    reports,
    request_records,
    requests,
    search,
    services,
    sites,
    tasks,
    units,
)


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 Chinese in responses, readable by people (and half the size of \\u escapes)."""

    json_dumps_params: dict[str, Any] = {"ensure_ascii": False}


class GongkaiAPI(NinjaAPI):
    """NinjaAPI whose URL views answer a wrong method (405) in the API's error shape, and whose
    OpenAPI schema documents every operation's error answers (openapi.py)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return openapi.document_errors(schema, "/" + path_prefix.strip("/"))

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            # Every operation here is sync; an async path view would need an async wrapper.
            if isinstance(pattern, URLPattern) and not asyncio.iscoroutinefunction(pattern.callback):
                pattern.callback = errors.method_not_allowed_in_shape(self, pattern.callback)
        return patterns, app_name, namespace


api = GongkaiAPI(
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
api.add_router("", attachments.router)
api.add_router("", search.router)
api.add_router("", requests.router)
api.add_router("", request_records.router)
api.add_router("", reports.router)
api.add_router("", consultations.router)
api.add_router("", inquiries.router)
api.add_router("", tasks.router)
api.add_router("", newmedia.router)
api.add_router("", inspections.router)
api.add_router("", sites.router)
api.add_router("", services.router)
api.add_router("", exchange.router)
