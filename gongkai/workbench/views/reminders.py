"""The office sees the reminder mails (gongkai/reminders): what the mail server refused, what
waits for another attempt, what went out; a failed one can be sent again."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.audit.services import record
from gongkai.reminders import engine
from gongkai.reminders.models import Reminder
from gongkai.workbench.decorators import office_required

S = Reminder.State


# Failed first, then those waiting for another attempt, then the rest, newest first.
def _rank() -> Case:
    return Case(
        When(state=S.FAILED, then=Value(0)),
        When(state=S.PENDING, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


@office_required
def reminder_list(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("state", "")
    found = Reminder.objects.select_related("unit").annotate(rank=_rank())
    if wanted in S.values:
        found = found.filter(state=wanted)
    page = Paginator(found.order_by("rank", "-on", "-pk"), 50).get_page(request.GET.get("page"))
    counts = {state: Reminder.objects.filter(state=state).count() for state in (S.FAILED, S.PENDING)}
    query = urlencode({"state": wanted}) if wanted in S.values else ""
    context = {"page": page, "states": S.choices, "wanted": wanted, "counts": counts, "query": query}
    return render(request, "workbench/reminders.html", context)


@office_required
@require_POST
def reminder_resend(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = get_object_or_404(Reminder, pk=pk, state=S.FAILED)
    state = engine.resend(reminder.pk)
    record(request.user, "reminder.resent", reminder, unit=reminder.unit, after={"state": state}, request=request)
    if state == S.SENT:
        messages.success(request, _("提醒邮件已发送"))
    else:
        messages.error(request, _("邮件服务器仍未接收该提醒，稍后将自动重试"))
    return redirect("workbench:reminders")
