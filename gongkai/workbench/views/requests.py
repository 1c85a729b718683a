"""Applications for disclosure in the workbench: the handler's queue, staff registration, the
application page with its steps, and the audited view of the applicant's data."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.actor import Actor
from gongkai.foi import access, clock, handling, intake, letterbook, queue, tracking
from gongkai.foi.models import Applicant, Request
from gongkai.foi.rules import context
from gongkai.foi.vocab import CLOSED_STATES, OPEN_STATES, ConsultationBasis, EventKind, LetterDelivery, Outcome, State
from gongkai.formerrors import add_service_errors
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role
from gongkai.workbench.decorators import staff_required
from gongkai.workbench.foi_forms import (
    AppealForm,
    DeliveryForm,
    EventForm,
    LetterTextForm,
    RegisterForm,
    event_form,
)

STATUSES = [
    ("open", _("办理中（全部未办结）")),
    ("due_soon", _("临近到期")),
    ("overdue", _("已超期")),
    ("stopped", _("期限中止（待补正、征求意见、待缴费）")),
    ("closed", _("已办结")),
    ("all", _("全部")),
]


def require_foi_staff(user: Actor) -> None:
    if not (org_access.is_office(user) or org_access.units_for(user, Role.HANDLER).exists()):
        raise PermissionDenied(_("只有依申请承办人员和公开办可以办理政府信息公开申请"))


def _filtered(request: HttpRequest, flags: queue.Flagger) -> QuerySet[Request] | list[Request]:
    found = queue.by_due_date(access.requests_visible_to(request.user)).select_related("unit", "applicant")
    unit = request.GET.get("unit", "")
    if unit.isdigit():
        found = found.filter(unit_id=int(unit))
    text = request.GET.get("q", "").strip()
    if text:
        code = tracking.normalise(text)
        # 查询码, or the 登记号 (区民政局-2026-00001, or a part of it), 文号 or words of the request
        typed = Q(description__icontains=text) | Q(doc_number=text) | Q(number__icontains=text)
        found = found.filter(Q(tracking_code=code) if code else typed)
    status = request.GET.get("status", "open")
    if status == "closed":
        return found.filter(state__in=CLOSED_STATES)
    if status == "all":
        return found
    if status == "overdue":
        return queue.overdue(found, flags.today)
    if status == "stopped":
        return found.filter(state__in=[State.AWAITING_CORRECTION, State.CONSULTING, State.AWAITING_FEE])
    found = found.filter(state__in=OPEN_STATES)
    if status == "due_soon":
        return [r for r in found if flags(r).due_soon]
    return found


@staff_required
def request_list(request: HttpRequest) -> HttpResponse:
    """The queue, due dates first; the office's bulk view across units."""
    require_foi_staff(request.user)
    flags = queue.Flagger(timezone.localdate())
    page = Paginator(_filtered(request, flags), 30).get_page(request.GET.get("page"))
    rows = [(r, access.masked(r.applicant), flags(r)) for r in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workbench/requests.html",
        {
            "page": page,
            "rows": rows,
            "statuses": STATUSES,
            "status": request.GET.get("status", "open"),
            "units": org_access.units_for(request.user, Role.HANDLER),
            "unit": request.GET.get("unit", ""),
            "q": request.GET.get("q", ""),
            "query": query.urlencode(),
            "is_office": org_access.is_office(request.user),
            "overdue_count": queue.overdue(access.requests_visible_to(request.user), flags.today).count(),
        },
    )


def _application(form: RegisterForm, files: list[Any]) -> intake.Application:
    data = form.cleaned_data
    names = ["applicant_type", "name", "id_number", "phone", "description", "form", "delivery", "channel"]
    optional = ["address", "postcode", "email", "contact_person", "doc_number"]
    return intake.Application(
        **{n: data[n] for n in names},
        **{n: data.get(n) or "" for n in optional},
        received_on=data["received_on"],
        unit_id=data["unit"].pk,
        files=[(f.name, f.read()) for f in files],
    )


@staff_required
def request_create(request: HttpRequest) -> HttpResponse:
    """Staff register a letter, counter or fax application (条例 Art. 29 para 1: an oral one is
    written down by the office and registered the same way)."""
    units = org_access.units_for(request.user, Role.HANDLER)
    if not units.exists():
        raise PermissionDenied(_("只有依申请承办人员可以登记申请"))
    form = RegisterForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            created = intake.register(request.user, _application(form, request.FILES.getlist("files")), http=request)
        except ValidationError as exc:
            add_service_errors(form, exc, {"unit_id": "unit"})
        else:
            messages.success(request, _("已登记，登记号%(number)s") % {"number": created.number})
            return redirect("workbench:request", pk=created.pk)
    return render(request, "workbench/request_form.html", {"form": form}, status=422 if form.errors else 200)


def event_summary(event: Any) -> str:
    """One line for the history: what the step recorded (codes turned into words)."""
    data = event.data
    if event.kind == EventKind.REPLIED and data.get("outcome") in Outcome.values:
        return str(Outcome(data["outcome"]).label)
    if event.kind == EventKind.EXTENSION_APPROVED:
        return _("延长%(n)s个工作日：%(reason)s") % {"n": data.get("working_days"), "reason": data.get("reason", "")}
    if event.kind == EventKind.LONG_PERIOD_SET:
        return _("延迟至%(until)s：%(reason)s") % {"until": data.get("until"), "reason": data.get("reason", "")}
    if event.kind == EventKind.FEE_NOTIFIED:
        return _("%(fee)s元") % {"fee": data.get("fee_yuan", 0)}
    for key in ("items", "party", "reason", "note"):
        if data.get(key):
            return str(data[key])
    return ""


def detail_context(
    request: HttpRequest,
    found: Request,
    *,
    bound: EventForm | None = None,
    applicant: Applicant | None = None,
    problem: str = "",
) -> dict[str, Any]:
    ctx = context()
    state = clock.replay(found.received_on, handling.stored_events(found), ctx)
    allowed = clock.allowed_events(state)
    forms = [
        (kind, EventKind(kind).label, bound if bound is not None and bound.prefix == kind else event_form(kind))
        for kind in allowed
    ]
    return {
        "req": found,
        "masked": access.masked(found.applicant),
        "applicant": applicant,
        "flags": queue.Flagger(ctx.today, ctx.calendar)(found),
        "state": state,
        "consultation_basis": ConsultationBasis(state.consultation_basis).label if state.consultation_basis else "",
        "event_forms": forms,
        "problem": problem,
        "events": [(e, event_summary(e)) for e in found.events.select_related("actor").order_by("on", "id")],
        "today": ctx.today,
        "due_changes": found.due_changes.all(),
        "letters": found.letters.all(),
        "pending": [(e, LetterTextForm(prefix=f"letter{e.pk}")) for e in letterbook.pending(found)],
        "delivery_form": DeliveryForm(),
        "delivery_methods": LetterDelivery.choices,
        "appeals": found.appeals.all(),
        "appeal_form": AppealForm(),
        "appeal_edits": [(a, AppealForm(instance=a, prefix=f"appeal{a.pk}")) for a in found.appeals.all()],
        "attachments": [a for a in found.attachments.all() if not a.released],
        "released": [a for a in found.attachments.all() if a.released],
        "can_handle": access.can_handle(request.user, found.unit_id),
    }


@staff_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.get_request_for(request.user, pk)
    return render(request, "workbench/request.html", detail_context(request, found))


@staff_required
@require_POST
def request_event(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one step; a refused step re-renders the page with the reason and the input kept."""
    found = access.get_request_for(request.user, pk)
    access.require_handler(request.user, found.unit_id)
    kind = request.POST.get("kind", "")
    if kind not in EventKind.values:
        context = detail_context(request, found, problem=_("未知的办理环节"))
        return render(request, "workbench/request.html", context, status=422)
    form = event_form(kind, request.POST)
    status, problem = 422, ""
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "on" and v not in (None, "")}
        try:
            handling.record_event(request.user, found.pk, kind, form.cleaned_data["on"], **data)
        except clock.Refused as exc:
            status = 422 if isinstance(exc, clock.Invalid) else 409
            problem = exc.reason
            if exc.field in form.fields:
                form.add_error(exc.field, exc.reason)
        else:
            messages.success(request, _("已登记：%(step)s") % {"step": EventKind(kind).label})
            return redirect("workbench:request", pk=pk)
    found.refresh_from_db()
    return render(
        request, "workbench/request.html", detail_context(request, found, bound=form, problem=problem), status=status
    )


@staff_required
@require_POST
def request_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's full data, shown in this response only; the view is audited with its purpose."""
    found = access.get_request_for(request.user, pk)
    purpose = request.POST.get("purpose", "").strip()
    applicant = access.reveal_applicant(request.user, found, purpose=purpose or _("办理"), http=request)
    response = render(request, "workbench/request.html", detail_context(request, found, applicant=applicant))
    response["Cache-Control"] = "no-store"
    return response
