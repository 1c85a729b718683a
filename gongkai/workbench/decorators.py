"""Access to workbench pages: a logged-in person with a role; some pages for the office only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from gongkai.orgs import access

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.is_staff_member(request.user):
            raise PermissionDenied(_("您尚未被分配任何单位角色，请联系公开办。"))
        return view(request, *args, **kwargs)

    return wrapped


def office_required(view: View) -> View:
    @wraps(view)
    @staff_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        access.require_office(request.user)
        return view(request, *args, **kwargs)

    return wrapped
