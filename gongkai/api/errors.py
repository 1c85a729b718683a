"""Errors in the API.md shape: ``{"detail": "<Chinese message>", "field": "<name or null>"}``."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from gongkai.fonts import FontsMissing
from gongkai.ops import ratelimit


class ApiError(Exception):
    """Raise from a handler to answer ``status`` with a Chinese ``detail`` naming ``field``."""

    def __init__(self, status: int, detail: str, field: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.field = field
        self.extra = extra  # more members of the body where API.md names them ("findings")


# Pydantic error types → Chinese wording.
_MESSAGES = {
    "missing": N_("为必填项"),
    "date_from_datetime_parsing": N_("日期格式应为YYYY-MM-DD"),
    "date_parsing": N_("日期格式应为YYYY-MM-DD"),
    "date_from_datetime_inexact": N_("日期格式应为YYYY-MM-DD"),
    "int_parsing": N_("应为整数"),
    "int_type": N_("应为整数"),
    "bool_parsing": N_("应为true或false"),
    "string_type": N_("应为文本"),
    "string_too_long": N_("过长"),
    "string_too_short": N_("不能为空"),
    "greater_than_equal": N_("数值过小"),
    "less_than_equal": N_("数值过大"),
    "enum": N_("不是允许的取值"),
    "literal_error": N_("不是允许的取值"),
    "json_invalid": N_("请求体不是有效的JSON"),
}


_LOCATIONS = {"body", "query", "path", "form", "header", "cookie", "file"}
_PARAMETERS = {"payload", "data", "filters"}


def _field_of(loc: list[Any]) -> str | None:
    """The field a pydantic error is about: the location and the handler's parameter name lead
    the path (["body", "payload", "form"]) and are not fields, even when a field shares a name."""
    names = [str(part) for part in loc if not isinstance(part, int)]
    if names and names[0] in _LOCATIONS:
        names = names[1:]
    if names and names[0] in _PARAMETERS:
        names = names[1:]
    return names[-1] if names else None


def body(detail: str, field: str | None = None) -> dict[str, Any]:
    return {"detail": detail, "field": field}


# The operations whose 422 lists row errors (API.md "Task ledger": {"detail", "field": null,
# "errors": [{"row", "field", "detail"}]}). Every 422 they answer carries "errors": empty when the
# refusal is about no row (a file that is no workbook, a missing file, a bad query parameter),
# and then "field" names what is wrong.
ROW_ERROR_ROUTES = {"tasks/import"}


def _route_in(request: HttpRequest, routes: set[str]) -> bool:
    """Whether the request's route is one of ``routes``, written as the routers write paths
    ("items/{item_id}/attachments"; Django's resolver says "items/<item_id>/attachments")."""
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", request.resolver_match.route if request.resolver_match else "")
    return any(route == path or route.endswith("/" + path) for path in routes)


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: str, field: str | None = None, **extra: Any) -> HttpResponse:
        answer = {**body(detail, field), **extra}
        if status == 422 and _route_in(request, ROW_ERROR_ROUTES):
            answer["errors"] = []
        return api.create_response(request, answer, status=status)

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status, exc.detail, exc.field, **exc.extra)

    @api.exception_handler(NinjaValidationError)
    def validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        field = _field_of(list(first.get("loc", [])))
        wording = _(_MESSAGES.get(first.get("type", ""), N_("格式不正确")))
        detail = _("“%(field)s”%(wording)s") % {"field": field, "wording": wording} if field else wording
        return respond(request, 422, detail, field)

    @api.exception_handler(DjangoValidationError)
    def django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            field, errors = next(iter(exc.error_dict.items()))
            # Django's own .messages: a message is %-formatted only when it has params, so what a
            # user typed into it ("未知操作：%") is never formatted a second time (a 500 before).
            return respond(request, 422, "；".join(DjangoValidationError(errors).messages), field)
        return respond(request, 422, "；".join(exc.messages), None)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, _("需要有效的访问令牌（Authorization: Bearer …）"))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, str(exc) or _("没有权限"))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, _("未找到"))

    @api.exception_handler(ratelimit.Throttled)
    def throttled(request: HttpRequest, exc: ratelimit.Throttled) -> HttpResponse:
        answer = respond(request, 429, str(exc))
        answer["Retry-After"] = str(exc.retry_after)
        return answer

    @api.exception_handler(FontsMissing)
    def fonts_missing(request: HttpRequest, exc: FontsMissing) -> HttpResponse:
        # The server cannot print the document now; another server (or this one, once the
        # package is installed) can. The reason is logged where the refusal is made.
        return respond(request, 503, str(exc))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return respond(request, 400, _("请求体不是有效的JSON"))
        return respond(request, exc.status_code, str(exc))


def method_not_allowed_in_shape(
    api: NinjaAPI, view: Callable[..., HttpResponseBase]
) -> Callable[..., HttpResponseBase]:
    """Wrap one of ninja's path views: a method that no operation of the path takes is answered
    with ninja's plain-text 405 ("Method not allowed", from PathView._not_allowed, which offers
    no hook); the API answers it in its error shape and keeps the Allow header."""

    @wraps(view)  # keeps csrf_exempt: the API authenticates with tokens, not cookies
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refused = _refuse_media_type(api, request)
        if refused is not None:
            return refused
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = ", ".join(sorted(method.strip() for method in response["Allow"].split(",")))
        detail = _("此接口不支持%(method)s请求（可用：%(allowed)s）") % {"method": request.method, "allowed": allowed}
        answer = api.create_response(request, body(detail, None), status=405)
        answer["Allow"] = allowed
        return answer

    return wrapped


# The bodies the API reads: JSON, and multipart/form-data where a file is uploaded (these routes).
# A form on another website can post text/plain, urlencoded or multipart bodies to this origin
# without the browser asking first; the API refuses them all with 415 (issue 15, point 2), so
# no website can file an application or a comment through its visitors' browsers.
MULTIPART_ROUTES = {
    "tasks/import",
    "items/{item_id}/attachments",
    "items/{item_id}/attachments/{attachment_id}/replacement",
}
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _refuse_media_type(api: NinjaAPI, request: HttpRequest) -> HttpResponseBase | None:
    if request.method not in BODY_METHODS:
        return None
    sent = int(request.META.get("CONTENT_LENGTH") or 0) > 0 or "HTTP_TRANSFER_ENCODING" in request.META
    if not sent:
        return None
    accepted = {"application/json"}
    if _route_in(request, MULTIPART_ROUTES):
        accepted.add("multipart/form-data")
    if request.content_type in accepted:
        return None
    detail = _("请求体须为%(types)s（收到的是%(sent)s）") % {
        "types": "、".join(sorted(accepted)),
        "sent": request.content_type or _("未注明类型"),
    }
    return api.create_response(request, body(detail, None), status=415)


def _answer(status: int, detail: str) -> JsonResponse:
    return JsonResponse(
        body(detail, None),
        status=status,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


def under_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


@csrf_exempt  # changes nothing; without it a POST with a bearer token met Django's HTML CSRF page
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/, with any method: a 404 in the API's error shape, not the HTML page."""
    return _answer(404, _("接口不存在"))


def json_under_api(status: int, detail: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Wrap a site-wide error page (handler400/500): under /api/ the same error in the API's shape."""

    def decorate(page: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(page)
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if under_api(request.path):
                return _answer(status, _(detail))
            return page(request, *args, **kwargs)

        return view

    return decorate
