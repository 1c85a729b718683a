"""交换伙伴 (issue 19, point 4: partners in the workbench), for the office only: the list (who,
direction, last success, lag, failures), registering a partner (our credentials shown to pass on,
the peer's pasted), completing a pairing, what flows and where received items appear, the failed
records with a retry each, and 立即同步 (one cycle with this partner now).

Every change goes through gongkai.exchange's services (audited, checked there); this module turns
forms into calls and refusals back into messages beside the field they name.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.exchange import identity
from gongkai.exchange import partners as exchange
from gongkai.exchange.jobs import exchange_cycle
from gongkai.exchange.models import DeliveryFailure, Partner
from gongkai.exchange.warnings import lag_seconds
from gongkai.formerrors import add_service_errors
from gongkai.ops.jobs import enqueue_after_commit
from gongkai.workbench.decorators import office_required
from gongkai.workbench.views.exchange_forms import CredentialsForm, FlowsForm, PartnerAddForm

FAILURES_SHOWN = 50
PAIRED = gettext_lazy("已登记并完成配对。如对方尚未登记本平台，请将下方“我方凭据”交给对方公开办。")
REGISTERED = gettext_lazy("已登记。请将下方“我方凭据”交给对方公开办，收到对方凭据后在本页粘贴，完成配对。")
OPEN = Q(delivery_failures__resolved_at__isnull=True)


def _our_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _credentials_text(request: HttpRequest) -> str:
    """Our credentials as the office copies them: indented JSON, no secret in it. Nothing is
    written here (a GET): without a configured or kept address, this request's is shown."""
    credentials = identity.credentials("")
    credentials["base_url"] = credentials["base_url"] or _our_url(request)
    return json.dumps(credentials, ensure_ascii=False, indent=2)


@office_required
def partner_list(request: HttpRequest) -> HttpResponse:
    partners = Partner.objects.annotate(open_failures=Count("delivery_failures", filter=OPEN)).order_by("name", "pk")
    rows = [(p, lag_seconds(p)) for p in partners]
    return render(request, "workbench/exchange/list.html", {"rows": rows})


@office_required
def partner_add(request: HttpRequest) -> HttpResponse:
    form = PartnerAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            partner = exchange.create(
                request.user,
                name=data["name"],
                base_url=data["base_url"],
                direction=data["direction"],
                peer_credentials=data["peer_credentials"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            identity.base_url(_our_url(request))  # kept, unless configured: what partners call
            if partner.paired:
                messages.success(
                    request, _("已登记并完成配对。请将下方“我方凭据”交给对方公开办（如对方尚未登记我方）。")
                )
            else:
                messages.success(
                    request, _("已登记。请将下方“我方凭据”交给对方公开办，收到对方凭据后在本页粘贴，完成配对。")
                )
            return redirect("workbench:exchange_partner", pk=partner.pk)
    status = 422 if form.errors else 200
    return render(request, "workbench/exchange/add.html", {"form": form}, status=status)


def _detail(request: HttpRequest, partner: Partner, status: int = 200, **forms: Any) -> HttpResponse:
    failures = partner.delivery_failures.filter(resolved_at__isnull=True).order_by("-created_at", "-pk")
    context = {
        "partner": partner,
        "lag": lag_seconds(partner),
        "our_credentials": _credentials_text(request),
        "credentials_form": forms.get("credentials_form") or CredentialsForm(),
        "flows_form": forms.get("flows_form") or FlowsForm.for_partner(partner),
        "failures": failures[:FAILURES_SHOWN],
        "failure_count": failures.count(),
    }
    return render(request, "workbench/exchange/partner.html", context, status=status)


@office_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(Partner, pk=pk))


@office_required
@require_POST
def partner_credentials(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    form = CredentialsForm(request.POST)
    if form.is_valid():
        try:
            exchange.update(request.user, partner, peer_credentials=form.cleaned_data["peer_credentials"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存对方凭据，配对完成。"))
            return redirect("workbench:exchange_partner", pk=partner.pk)
    return _detail(request, partner, status=422, credentials_form=form)


@office_required
@require_POST
def partner_flows(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    form = FlowsForm.for_partner(partner, request.POST)
    if form.is_valid():
        try:
            exchange.update(request.user, partner, **form.changes())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("交换内容和接收栏目已保存。"))
            return redirect("workbench:exchange_partner", pk=partner.pk)
    return _detail(request, partner, status=422, flows_form=form)


def _cycle_now(partner: Partner) -> None:
    """The exchange's cycle job for this partner, queued now: the worker runs it within seconds
    (at once, in this request, where jobs run in-process: the demo and the tests)."""
    enqueue_after_commit(exchange_cycle, partner.pk)


@office_required
@require_POST
def partner_sync(request: HttpRequest, pk: int) -> HttpResponse:
    """立即同步: the partner's back-off forgotten and a cycle run now."""
    partner = get_object_or_404(Partner, pk=pk)
    before = (partner.last_success_at, partner.failures)
    exchange.retry(request.user, partner)
    _cycle_now(partner)
    partner.refresh_from_db()
    if partner.last_success_at != before[0]:
        messages.success(request, _("同步完成。"))
    elif partner.failures > before[1]:
        messages.error(request, _("同步未成功：%(error)s") % {"error": partner.last_error})
    else:
        messages.info(request, _("已安排立即同步，稍后刷新本页查看结果。"))
    return redirect("workbench:exchange_partner", pk=partner.pk)


@office_required
@require_POST
def failure_retry(request: HttpRequest, pk: int, failure_id: int) -> HttpResponse:
    """重试: this record sent again (or read again from the partner) in a cycle run now."""
    partner = get_object_or_404(Partner, pk=pk)
    failure = get_object_or_404(DeliveryFailure, pk=failure_id, partner=partner, resolved_at__isnull=True)
    exchange.retry(request.user, partner, failure)
    _cycle_now(partner)
    failure.refresh_from_db()
    if failure.resolved_at is not None:
        messages.success(request, _("重试成功：“%(title)s”已送达。") % {"title": failure.title or failure.origin_item})
    else:
        messages.info(request, _("已安排重试：“%(title)s”。") % {"title": failure.title or failure.origin_item})
    return redirect("workbench:exchange_partner", pk=partner.pk)
