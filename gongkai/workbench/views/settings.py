"""The one settings view of the workbench: each capability's office settings (applications,
consultations, inquiries, new media, site inspection) is a ``SettingsPage`` that names its model,
form, template and audit action; the view shows the form, saves through the capability's audited
update (``officesettings.update`` unless the page names its own ``save``), keeps what was typed
with a message naming the field when a value is refused (422), and says so when it is saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise

from gongkai import officesettings
from gongkai.formerrors import add_service_errors
from gongkai.officesettings import OfficeSettings
from gongkai.workbench.decorators import office_required


@dataclass(frozen=True)
class SettingsPage:
    model: type[OfficeSettings]
    form: type[forms.BaseForm]  # a ModelForm of ``model``, or a Form with ``initial`` and ``save``
    template: str
    url_name: str
    action: str  # the audit entry's action, e.g. "foi.settings_changed"
    saved: str | Promise  # the message once saved
    initial: Callable[[Any], dict[str, Any]] | None = None  # the form's values from the current row
    save: Callable[[Any, dict[str, Any], HttpRequest], Any] | None = None  # (actor, cleaned data, request)
    context: Callable[[HttpRequest], dict[str, Any]] = field(default=lambda request: {})


def _form(page: SettingsPage, request: HttpRequest) -> forms.BaseForm:
    data = request.POST if request.method == "POST" else None
    current = page.model.current()
    if page.initial is not None:
        return page.form(data, initial=page.initial(current))
    return page.form(data, instance=current)  # type: ignore[call-arg]


def _save(page: SettingsPage, request: HttpRequest, form: forms.BaseForm) -> None:
    if page.save is not None:
        page.save(request.user, form.cleaned_data, request)
        return
    names = form._meta.fields  # type: ignore[attr-defined]
    values = {name: form.cleaned_data[name] for name in names}
    officesettings.update(request.user, page.model, values, action=page.action, request=request)


def render_settings(request: HttpRequest, page: SettingsPage, form: forms.BaseForm, status: int) -> HttpResponse:
    return render(request, page.template, {"form": form, **page.context(request)}, status=status)


def settings_view(page: SettingsPage) -> Callable[[HttpRequest], HttpResponse]:
    @office_required
    def view(request: HttpRequest) -> HttpResponse:
        form = _form(page, request)
        if request.method == "POST" and form.is_valid():
            try:
                _save(page, request, form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, str(page.saved))
                return redirect(page.url_name)
        return render_settings(request, page, form, 422 if request.method == "POST" else 200)

    view.__name__ = view.__qualname__ = page.url_name.split(":")[-1]
    view.__doc__ = f"The office's settings page {page.template} (workbench/views/settings.py)."
    return view
