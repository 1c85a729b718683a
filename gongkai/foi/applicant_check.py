"""The applicant's second check on the tracking page (issue 17, point 13): the tracking code shows
the case; the letters (which carry the applicant's name) only after the applicant proves it is
them — the last four digits of the phone number they gave, or a one-time link sent to the e-mail
address they gave.

No table of its own: the check's session is a signed, expiring cookie (``passed_value``, checked
by the portal with ``get_signed_cookie``), the link a signed, expiring token
(``django.core.signing``) with a random nonce, and the audit trail — which records every check
anyway — says which links were used (once only) and counts the wrong answers (``MAX_FAILURES``
per application a day, whatever address they come from; the portal adds a per-address limit).
Neither the digits typed nor the e-mail address reach the audit trail or a log.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import smtplib
import unicodedata
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record
from gongkai.foi.models import Applicant, Request
from gongkai.foi.vocab import Delivery

CHECK_SALT = "gongkai.foi.applicant-check"
LINK_SALT = "gongkai.foi.applicant-link"
CHECK_AGE = 30 * 60  # the check holds for half an hour in the browser that passed it
LINK_AGE = 24 * 60 * 60  # an e-mailed link works for a day, and once
MAX_FAILURES = 5  # wrong digits for one application within FAILURE_WINDOW; then the e-mail link only
FAILURE_WINDOW = dt.timedelta(hours=24)

LINK_INVALID = gettext_lazy("链接无效或已过期（有效期24小时），请回到查询页重新发送。")

PASSED = "foi.applicant_check_passed"
FAILED = "foi.applicant_check_failed"
LINK_SENT = "foi.applicant_link_sent"
LINK_USED = "foi.applicant_link_used"


class CheckRefused(Exception):
    """The check failed or may not be tried now; ``message`` says why, in words for the public."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def offered(request_obj: Request) -> bool:
    """The check is offered where the applicant chose to receive the reply online (网上获取)."""
    return request_obj.delivery == Delivery.ONLINE


def passed_value(request_obj: Request) -> str:
    """What the signed cookie of a passed check holds: this application and its code."""
    return f"{request_obj.pk}:{request_obj.tracking_code}"


def request_of(value: str | None) -> Request | None:
    """The application a (verified, unexpired) cookie value names, or None."""
    pk, _sep, code = (value or "").partition(":")
    if not pk.isdigit() or not code:
        return None
    return Request.objects.select_related("unit").filter(pk=int(pk), tracking_code=code).first()


def _entries(request_obj: Request, action: str) -> Any:
    return AuditEntry.objects.filter(action=action, object_type="foi.request", object_id=str(request_obj.pk))


def failures(request_obj: Request) -> int:
    """Wrong answers for ``request_obj`` in the last day."""
    return _entries(request_obj, FAILED).filter(at__gte=timezone.now() - FAILURE_WINDOW).count()


def _digits(text: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", text or ""))


def check_phone(request_obj: Request, typed: str, *, http: HttpRequest | None = None) -> None:
    """Pass when ``typed`` is the last four digits of the phone number given; every answer is
    audited, a wrong one counted. Raises CheckRefused."""
    if not offered(request_obj):
        raise CheckRefused(_("本申请未选择网上获取答复，答复书按您选择的途径送达。"))
    if failures(request_obj) >= MAX_FAILURES:
        raise CheckRefused(
            _("验证错误次数过多，请24小时后再试，或通过发送到电子邮箱的一次性链接查看，也可以联系受理机关。")
        )
    applicant = Applicant.objects.get(request=request_obj)
    expected = _digits(applicant.phone)[-4:]
    given = _digits(typed)
    if len(given) != 4 or len(expected) != 4 or not secrets.compare_digest(given, expected):
        left = MAX_FAILURES - failures(request_obj) - 1
        record(None, FAILED, request_obj, unit=request_obj.unit, after={"by": "phone", "left": left}, request=http)
        raise CheckRefused(
            _("联系电话后四位不正确，还可以再试%(n)s次。请填写申请时所留联系电话的最后四位数字。") % {"n": max(left, 0)}
        )
    record(None, PASSED, request_obj, unit=request_obj.unit, after={"by": "phone"}, request=http)


def send_link(request_obj: Request, link_for: Callable[[str], str], *, http: HttpRequest | None = None) -> None:
    """Mail a one-time link to the e-mail address given; ``link_for(token)`` is its address."""
    if not offered(request_obj):
        raise CheckRefused(_("本申请未选择网上获取答复，答复书按您选择的途径送达。"))
    applicant = Applicant.objects.get(request=request_obj)
    if not applicant.email:
        raise CheckRefused(_("申请时没有填写电子邮箱，请用联系电话后四位验证，或联系受理机关。"))
    token = signing.dumps({"r": request_obj.pk, "n": secrets.token_urlsafe(12)}, salt=LINK_SALT)
    body = _(
        "您好：\n\n您的政府信息公开申请（查询码：%(code)s）的办理结果可以在线查看。请在24小时内打开下面的链接，"
        "该链接只能使用一次：\n\n%(link)s\n\n如果您没有申请查看，请忽略本邮件。\n\n%(unit)s"
    ) % {"code": request_obj.tracking_code, "link": link_for(token), "unit": request_obj.unit.name}
    try:
        send_mail(_("政府信息公开申请办理结果查看链接"), body, settings.DEFAULT_FROM_EMAIL, [applicant.email])
    except (smtplib.SMTPException, OSError) as exc:
        raise CheckRefused(_("邮件暂时无法发送，请稍后再试，或用联系电话后四位验证。")) from exc
    record(None, LINK_SENT, request_obj, unit=request_obj.unit, request=http)


def read_link(token: str) -> tuple[Request, str] | None:
    """The application and nonce of a valid, unexpired link, or None; reads only."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("r"), int) or not isinstance(data.get("n"), str):
        return None
    found = Request.objects.select_related("unit").filter(pk=data["r"]).first()
    return (found, data["n"]) if found is not None else None


@transaction.atomic
def use_link(token: str, *, http: HttpRequest | None = None) -> Request:
    """Pass the check with a link, once: a link used before, expired or altered is refused."""
    read = read_link(token)
    if read is None:
        raise CheckRefused(str(LINK_INVALID))
    found, nonce = read
    request_obj = Request.objects.select_for_update().select_related("unit").get(pk=found.pk)
    if _entries(request_obj, LINK_USED).filter(note=nonce).exists():
        raise CheckRefused(_("该链接已经使用过，每个链接只能使用一次。请回到查询页重新验证。"))
    record(None, LINK_USED, request_obj, unit=request_obj.unit, note=nonce, request=http)
    record(None, PASSED, request_obj, unit=request_obj.unit, after={"by": "email"}, request=http)
    return request_obj
