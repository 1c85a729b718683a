"""The annual review (年度审核): for a year, every account that was open to the public (运营中 or
整改中) at some time in it, with the office's result (合格 / 需整改 / 建议关停); and its .xlsx export.

Whether an account was live in a year is read from its lifecycle events: it started operation
(the first event into 运营中) before the year ended and was not closed or cancelled before the
year began. Days are local (Asia/Shanghai).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.actor import Actor, signed_in
from gongkai.audit.services import changed, record, snapshot
from gongkai.supervision.newmedia import access
from gongkai.supervision.newmedia import lifecycle as lc
from gongkai.supervision.newmedia.models import Account, AnnualReview

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 2000


def _year_start(year: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, 1, 1))  # noqa: DTZ001 (made aware in the local zone)


def accounts_live_in(year: int) -> QuerySet[Account]:
    """Accounts that were 运营中 or 整改中 at some time in ``year``."""
    annotated = Account.objects.annotate(
        started=Min("events__at", filter=Q(events__to_state=lc.OPERATING)),
        ended=Min("events__at", filter=Q(events__to_state__in=[lc.CLOSED, lc.CANCELLED])),
    )
    live = annotated.filter(started__lt=_year_start(year + 1))
    live = live.filter(Q(ended__isnull=True) | Q(ended__gte=_year_start(year)))
    return live.select_related("unit", "platform").order_by("unit__position", "unit_id", "name", "pk")


@dataclass(frozen=True)
class Row:
    account: Account
    review: AnnualReview | None


def review_list(year: int) -> list[Row]:
    accounts = list(accounts_live_in(year))
    reviews = AnnualReview.objects.filter(year=year, account__in=accounts).select_related("reviewer")
    by_account = {r.account_id: r for r in reviews}
    return [Row(a, by_account.get(a.pk)) for a in accounts]


def _check(account_id: int, year: int, result: str, note: str, reviewed_on: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        errors["year"] = _("“年度”应在%(first)s年到%(last)s年之间") % {"first": FIRST_YEAR, "last": today.year}
    elif not accounts_live_in(year).filter(pk=account_id).exists():
        errors["year"] = _("该账号在%(year)s年未处于运营状态，不在年度审核名单中") % {"year": year}
    if result not in AnnualReview.Result.values:
        errors["result"] = _("请选择“审核结果”")
    if reviewed_on > today:
        errors["reviewed_on"] = _("“审核日期”不能晚于今天")
    if len(note) > 2000:
        errors["note"] = _("“审核意见”不能超过2000个字")
    return errors


@transaction.atomic
def record_review(
    actor: Actor,
    account_id: int,
    year: int,
    *,
    result: str,
    note: str = "",
    reviewed_on: dt.date | None = None,
    http: HttpRequest | None = None,
) -> AnnualReview:
    """The office records (or corrects) the year's review result of one account."""
    access.require_office(actor)
    account = access.get_account_for(actor, account_id)
    reviewed_on = reviewed_on or timezone.localdate()
    errors = _check(account.pk, year, result, note, reviewed_on)
    if result == AnnualReview.Result.RECTIFY and not note.strip() and "result" not in errors:
        errors["note"] = _("审核结果为“需整改”时，请在“审核意见”中写明整改要求")
    if errors:
        raise ValidationError(errors)
    fields = ("reviewed_on", "result", "note", "reviewer")
    review = AnnualReview.objects.select_for_update().filter(account=account, year=year).first()
    before = snapshot(review, fields) if review else None
    review = review or AnnualReview(account=account, year=year)
    review.reviewed_on, review.result, review.note, review.reviewer = (
        reviewed_on,
        result,
        note.strip(),
        signed_in(actor),
    )
    review.save()
    old, new = changed(before, snapshot(review, fields))
    record(actor, "newmedia.reviewed", review, unit=account.unit, before=old or None, after={"year": year, **new},
           request=http)  # fmt: skip
    return review


HEADER = (
    gettext_lazy("序号"),
    gettext_lazy("主办单位"),
    gettext_lazy("平台"),
    gettext_lazy("账号名称"),
    gettext_lazy("账号ID"),
    gettext_lazy("备案编号"),
    gettext_lazy("当前状态"),
    gettext_lazy("最近更新日期"),
    gettext_lazy("审核日期"),
    gettext_lazy("审核结果"),
    gettext_lazy("审核意见"),
    gettext_lazy("审核人"),
)


def _row(n: int, row: Row) -> list[object]:
    a, r = row.account, row.review
    reviewer = (r.reviewer.get_full_name() or r.reviewer.get_username()) if r and r.reviewer else ""
    return [
        n, a.unit.name, a.platform.name, a.name, a.account_id, a.filing_number, a.get_state_display(),
        a.last_content_on, r.reviewed_on if r else None, r.get_result_display() if r else _("未审核"),
        r.note if r else "", reviewer,
    ]  # fmt: skip


def render_xlsx(year: int) -> bytes:
    """The year's review list as a workbook: one row per account, dates as dates."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("%(year)s年度审核") % {"year": year}
    sheet.append([str(h) for h in HEADER])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for n, row in enumerate(review_list(year), start=1):
        sheet.append(_row(n, row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEFGHIJKL", (6, 28, 12, 24, 20, 20, 10, 14, 12, 10, 40, 14), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(year: int) -> str:
    return _("政务新媒体%(year)s年度审核.xlsx") % {"year": year}
