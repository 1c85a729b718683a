"""政务新媒体矩阵, the public side: the government's accounts open to the public, by unit and
platform (``supervision.newmedia.public``: no staff data). Works without JavaScript."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from gongkai.portal.views import Crumb
from gongkai.supervision.newmedia import public
from gongkai.supervision.newmedia.models import Platform


@require_safe
def matrix(request: HttpRequest) -> HttpResponse:
    platforms = list(Platform.objects.filter(active=True))
    text = request.GET.get("platform", "")
    chosen = next((p for p in platforms if str(p.pk) == text), None)
    context = {
        "groups": public.matrix(chosen.pk if chosen else None),
        "platforms": platforms,
        "chosen": chosen,
        "crumbs": [
            Crumb(_("首页"), reverse("portal:home")),
            Crumb(_("政府信息公开"), reverse("portal:disclosure")),
            Crumb(_("政务新媒体矩阵")),
        ],
    }
    return render(request, "portal/newmedia_matrix.html", context)
