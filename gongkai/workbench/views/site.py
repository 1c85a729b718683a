"""The office keeps the site identity and its contact data, from which the 指南 is generated."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.orgs import services
from gongkai.orgs.models import SiteProfile
from gongkai.workbench.decorators import office_required
from gongkai.workbench.forms import SiteProfileForm


@office_required
def site_profile(request: HttpRequest) -> HttpResponse:
    current = SiteProfile.current()
    form = SiteProfileForm(request.POST or None, instance=SiteProfile.current())
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in SiteProfileForm.Meta.fields}
        try:
            services.save_site(request.user, current or SiteProfile(), **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("网站与公开办信息已保存，政府信息公开指南已同步更新"))
            return redirect("workbench:site")
    return render(request, "workbench/site.html", {"form": form}, status=422 if form.errors else 200)
