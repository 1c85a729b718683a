"""任务台账, the public side: the ledgers the office made public, each task with its units,
deadline, status and progress texts. Never staff names: progress shows the unit, not the author.
A ledger that is not public answers 404 (its existence is not revealed)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from gongkai.portal.views import Crumb
from gongkai.supervision.ledger import public


def _crumbs(*tail: Crumb) -> list[Crumb]:
    return [Crumb(_("首页"), reverse("portal:home")), Crumb(_("任务落实情况"), reverse("portal:tasks")), *tail]


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    ledgers = public.public_ledgers()
    return render(request, "portal/ledger_index.html", {"ledgers": ledgers, "crumbs": _crumbs()})


@require_safe
def ledger_page(request: HttpRequest, pk: int) -> HttpResponse:
    ledger = public.public_ledgers().filter(pk=pk).first()
    if ledger is None:
        raise Http404
    context: dict[str, Any] = {
        "ledger": ledger,
        "entries": public.entries(ledger, timezone.localdate()),
        "crumbs": _crumbs(Crumb(ledger.title)),
    }
    return render(request, "portal/ledger_page.html", context)
