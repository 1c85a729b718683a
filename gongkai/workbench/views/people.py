"""People and roles: the office creates accounts, grants and revokes roles, deactivates, resets passwords."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.actor import Actor
from gongkai.audit.services import record
from gongkai.orgs import services
from gongkai.orgs.models import Membership
from gongkai.workbench.decorators import office_required
from gongkai.workbench.forms import GrantForm, PersonForm


@office_required
def people(request: HttpRequest) -> HttpResponse:
    users = get_user_model().objects.order_by("username").prefetch_related("memberships__unit")
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "workbench/people.html", {"page": page})


@office_required
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_person(request.user, data["username"], data["full_name"], data["password"])
        except ValidationError as exc:
            field = next(iter(exc.error_dict)) if hasattr(exc, "error_dict") else "password"
            form.add_error(field if field in form.fields else None, exc.messages)
        else:
            services.grant(request.user, user, data["unit"], data["role"])
            messages.success(request, _("已创建账号 %(name)s") % {"name": user.username})
            return redirect("workbench:person", pk=user.pk)
    return render(request, "workbench/person_form.html", {"form": form})


@office_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.grant(request.user, user, form.cleaned_data["unit"], form.cleaned_data["role"])
        messages.success(request, _("已分配角色"))
        return redirect("workbench:person", pk=pk)
    return _person_page(request, user, form)


def _person_page(request: HttpRequest, user: Actor, form: GrantForm, new_password: str = "") -> HttpResponse:
    memberships = Membership.objects.filter(user=user).select_related("unit")
    context = {"person": user, "memberships": memberships, "form": form, "new_password": new_password}
    return render(request, "workbench/person.html", context)


@office_required
@require_POST
def membership_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user", "unit"), pk=pk)
    try:
        services.revoke(request.user, membership)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已撤销角色"))
    return redirect("workbench:person", pk=membership.user_id)


@office_required
@require_POST
def person_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    try:
        services.set_active(request.user, user, request.POST.get("active") == "1")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("workbench:person", pk=pk)


@office_required
@require_POST
@never_cache  # the page carries the new password: no cache may keep it
def person_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """A new random password, shown once on this response and stored nowhere but as its hash."""
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.pk == request.user.pk:
        messages.error(request, _("自己的密码请在“账号安全”页修改"))
        return redirect("workbench:person", pk=pk)
    password = _reset_password(request, user)
    return _person_page(request, user, GrantForm(), new_password=password)


@transaction.atomic
def _reset_password(request: HttpRequest, user: Actor) -> str:
    from axes.utils import reset as clear_lockout

    password = secrets.token_urlsafe(12)  # 16 characters from 96 random bits
    user.set_password(password)  # also ends the person's open sessions (their hash changes)
    user.save(update_fields=["password"])
    # Whoever forgot their password has often locked themselves out trying: let the new one in.
    cleared = clear_lockout(username=user.get_username())
    record(request.user, "person.password_reset", user, after={"lockout_cleared": cleared > 0}, request=request)
    return password
