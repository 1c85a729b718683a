"""Site-wide alert banners (突发事件): the office sees the active ones and ends them."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.audit.services import record
from gongkai.publishing.models import SiteAlert
from gongkai.workbench.decorators import office_required


@office_required
def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = SiteAlert.objects.select_related("item").order_by("-created_at")[:100]
    return render(request, "workbench/alerts.html", {"alerts": alerts, "now": timezone.now()})


@office_required
@require_POST
def alert_end(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        alert = get_object_or_404(SiteAlert.objects.select_for_update(), pk=pk)
        if alert.active:
            alert.active, alert.ends_at = False, timezone.now()
            alert.save(update_fields=["active", "ends_at"])
            record(
                request.user, "alert.ended", alert, before={"active": True}, after={"active": False}, request=request
            )
            messages.success(request, _("已结束全站提示"))
    return redirect("workbench:alerts")
