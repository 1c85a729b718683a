"""Staff login (password, lockout by django-axes, optional TOTP) and logout."""

from __future__ import annotations

from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from gongkai.audit.services import record
from gongkai.workbench.forms import LoginForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("workbench:inbox")


@sensitive_post_parameters("password", "otp_token")
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("workbench:inbox")
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if form.otp_device is not None:
            otp_login(request, form.otp_device)
        record(user, "auth.login", user, note="totp" if form.otp_device else "", request=request)
        return HttpResponseRedirect(_next_url(request))
    return render(request, "workbench/login.html", {"form": form, "next": _next_url(request)})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record(request.user, "auth.logout", request.user, request=request)
    auth_logout(request)
    return redirect("portal:home")
