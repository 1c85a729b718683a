"""政务新媒体年度审核 in the workbench (the office): the year's list of accounts that were open to
the public in it, a result form per account, and the .xlsx export. Changes call
``supervision.newmedia.reviews``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.formerrors import add_service_errors
from gongkai.supervision.newmedia import access, reviews
from gongkai.workbench.decorators import office_required
from gongkai.workbench.views.newmedia_forms import ReviewForm


def _year(request: HttpRequest) -> int:
    """The year asked for; the current year for anything else. Before April the default is last
    year: the review of a year is done in the first months of the next."""
    today = timezone.localdate()
    text = request.GET.get("year", "")
    if text.isdigit() and reviews.FIRST_YEAR <= int(text) <= today.year:
        return int(text)
    return today.year - 1 if today.month <= 3 else today.year


def _page(request: HttpRequest, year: int, bound: ReviewForm | None = None, status: int = 200) -> HttpResponse:
    rows = []
    for row in reviews.review_list(year):
        form = ReviewForm(account_id=row.account.pk, initial=_initial(row, year))
        if bound is not None and bound.prefix == form.prefix:
            form = bound
        rows.append((row, form))
    today = timezone.localdate()
    context = {
        "year": year,
        "rows": rows,
        "years": list(range(today.year, max(reviews.FIRST_YEAR, today.year - 6), -1)),
        "done": sum(1 for row, _form in rows if row.review is not None),
    }
    return render(request, "workbench/newmedia_reviews.html", context, status=status)


def _initial(row: reviews.Row, year: int) -> dict[str, object]:
    review = row.review
    if review is None:
        return {"year": year, "reviewed_on": timezone.localdate()}
    return {"year": year, "result": review.result, "note": review.note, "reviewed_on": review.reviewed_on}


@office_required
def review_list(request: HttpRequest) -> HttpResponse:
    return _page(request, _year(request))


@require_POST
@office_required
def review_record(request: HttpRequest, pk: int) -> HttpResponse:
    account = access.get_account_for(request.user, pk)
    form = ReviewForm(request.POST, account_id=account.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            reviews.record_review(
                request.user, account.pk, data["year"], result=data["result"], note=data["note"],
                reviewed_on=data["reviewed_on"], http=request,
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc, {"year": ""})  # the year is hidden: say it above the form
        else:
            messages.success(request, _("已保存“%(name)s”的年度审核结果。") % {"name": account.name})
            return redirect(f"{reverse('workbench:newmedia_reviews')}?{urlencode({'year': data['year']})}")
    return _page(request, _year(request), form, 422)  # the page the form was sent from (?year=)


@office_required
def review_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    response = HttpResponse(reviews.render_xlsx(year), content_type=reviews.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, reviews.filename(year)) or ""
    return response
