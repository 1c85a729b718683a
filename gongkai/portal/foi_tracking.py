"""The applicant's view of their case on the tracking page (issue 17, point 13), following
WhatDoTheyKnow: the request as submitted (personal data masked), its dated public steps, the due
date and why it moved; and, where the applicant chose to receive the reply online, the letters
for download after a second check (``foi.applicant_check``): the last four digits of the phone
number given, or a one-time link mailed to the e-mail address given.

The check's session is a signed, expiring cookie scoped to the tracking pages; nothing personal
is shown before it. GET pages write nothing: the check, the mail and the use of a link are POSTs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signing import BadSignature
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from gongkai.foi import access, applicant_check, letterbook, tracking
from gongkai.foi.applicant_check import CheckRefused
from gongkai.foi.models import Request
from gongkai.foi.public import due_history, submitted, timeline
from gongkai.fonts import FontsMissing
from gongkai.ops import ratelimit

COOKIE = "gongkai_foi_check"
FORMATS = {"pdf": _("PDF"), "docx": _("Word")}


def _cookie_path() -> str:
    return reverse("portal:foi_track")


def checked_request(request: HttpRequest) -> Request | None:
    """The application whose check this browser passed (within CHECK_AGE), or None."""
    try:
        value = request.get_signed_cookie(
            COOKIE, default=None, salt=applicant_check.CHECK_SALT, max_age=applicant_check.CHECK_AGE
        )
    except BadSignature:
        return None
    return applicant_check.request_of(value)


def case_context(request: HttpRequest, request_obj: Request) -> dict[str, Any]:
    """What the tracking page adds to the state and dates: the case, and its letters once checked."""
    case = submitted(request_obj)
    passed = case["online"] and (found := checked_request(request)) is not None and found.pk == request_obj.pk
    return {
        "case": case,
        "steps": timeline(request_obj),
        "due_steps": due_history(request_obj),
        "checked": passed,
        "letters": [
            {"letter": letter, "title": letter.get_kind_display()}
            for letter in access.letters_for_applicant(request_obj)
        ]
        if passed
        else [],
        "released": list(access.released_for_applicant(request_obj)) if passed else [],
        "formats": FORMATS,
        "link_sent": request.GET.get("sent") == "1",
    }


def _track_url(request_obj: Request, **extra: str) -> str:
    return f"{reverse('portal:foi_track')}?{urlencode({'code': request_obj.tracking_code, **extra})}"


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303  # fetched with GET: reloading never posts again
    return response


def _passed(request_obj: Request) -> HttpResponse:
    response = _see_other(_track_url(request_obj) + "#foi-letters")
    response.set_signed_cookie(
        COOKIE,
        applicant_check.passed_value(request_obj),
        salt=applicant_check.CHECK_SALT,
        max_age=applicant_check.CHECK_AGE,
        path=_cookie_path(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _lookup(code: str) -> Request:
    """The application of ``code`` where the check is offered, else 404."""
    normal = tracking.normalise(code)
    found = Request.objects.select_related("unit").filter(tracking_code=normal).first() if normal else None
    if found is None or not applicant_check.offered(found):
        raise Http404
    return found


def _refused_page(request: HttpRequest, request_obj: Request, problem: Any, status: int) -> HttpResponse:
    from gongkai.portal.foi import track_page

    return track_page(request, request_obj, check_problem=problem, status=status)


def _guarded_lookup(request: HttpRequest, code: str) -> Request | HttpResponse:
    """The application of ``code`` (404 where unknown or not online), or this client's refusal
    when it checks too often — counted before the lookup, so no code is probed past the limit."""
    try:
        ratelimit.guard(request, "foi_check")
    except ratelimit.Throttled as refused:
        problem = _("验证过于频繁，请一小时后再试。")
        normal = tracking.normalise(code)
        found = Request.objects.filter(tracking_code=normal).first() if normal else None
        page = _refused_page(request, found, problem, 429) if found is not None else HttpResponse(str(problem))
        return ratelimit.refuse(page, refused)
    return _lookup(code)


@never_cache
@require_POST
def check(request: HttpRequest, code: str) -> HttpResponse:
    """The second check by the last four digits of the phone number given; rate-limited, audited."""
    request_obj = _guarded_lookup(request, code)
    if isinstance(request_obj, HttpResponse):
        return request_obj
    try:
        applicant_check.check_phone(request_obj, request.POST.get("digits", "")[:20], http=request)
    except CheckRefused as exc:
        return _refused_page(request, request_obj, exc.message, 422)
    return _passed(request_obj)


@never_cache
@require_POST
def send_link(request: HttpRequest, code: str) -> HttpResponse:
    """Mail a one-time link to the e-mail address given (never shown, not even masked)."""
    request_obj = _guarded_lookup(request, code)
    if isinstance(request_obj, HttpResponse):
        return request_obj

    def link_for(token: str) -> str:
        return request.build_absolute_uri(f"{reverse('portal:foi_track_link')}?{urlencode({'t': token})}")

    try:
        applicant_check.send_link(request_obj, link_for, http=request)
    except CheckRefused as exc:
        return _refused_page(request, request_obj, exc.message, 422)
    return _see_other(_track_url(request_obj, sent="1") + "#foi-letters")


@never_cache
def link(request: HttpRequest) -> HttpResponse:
    """The e-mailed link. GET asks to confirm (a mail scanner opening it uses nothing up); the
    POST uses the link once and passes the check. The token travels in the query string or the
    form, which the request log never records."""
    if request.method == "POST":
        try:
            request_obj = applicant_check.use_link(request.POST.get("t", "")[:500], http=request)
        except CheckRefused as exc:
            return _link_page(request, "", problem=exc.message, status=410)
        return _passed(request_obj)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    token = request.GET.get("t", "")[:500]
    if applicant_check.read_link(token) is None:
        return _link_page(
            request, "", problem=_("链接无效或已过期（有效期24小时），请回到查询页重新发送。"), status=410
        )
    return _link_page(request, token)


def _link_page(request: HttpRequest, token: str, *, problem: Any = None, status: int = 200) -> HttpResponse:
    from gongkai.portal.foi import tracking_crumbs

    context = {"token": token, "problem": problem, "crumbs": tracking_crumbs()}
    return render(request, "portal/foi_track_link.html", context, status=status)


@never_cache
@require_safe
def letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A letter of the application this browser passed the check for; any other is 404."""
    request_obj = checked_request(request)
    if request_obj is None or fmt not in FORMATS:
        raise Http404
    found = access.get_letter_for_applicant(request_obj, pk)
    try:
        data, content_type, name = letterbook.applicant_copy(found, fmt)
    except FontsMissing:  # the server lacks the letter's fonts: the Word copy still works
        return _refused_page(request, request_obj, _("PDF文件暂时无法生成，请下载Word版本。"), 503)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_safe
def released_file(request: HttpRequest, pk: int) -> FileResponse:
    """A file of government information the reply provides, for the application this browser
    passed the check for (foi.access.get_released_for_applicant); any other is 404."""
    request_obj = checked_request(request)
    if request_obj is None:
        raise Http404
    found = access.get_released_for_applicant(request_obj, pk)
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
