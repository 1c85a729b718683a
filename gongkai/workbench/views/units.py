"""Units: every staff member sees the list; the office creates and edits units."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gongkai.orgs import access, services
from gongkai.orgs.models import Unit
from gongkai.workbench.decorators import office_required, staff_required
from gongkai.workbench.forms import UnitForm


@staff_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.select_related("parent").order_by("position", "id")
    return render(
        request,
        "workbench/units.html",
        {
            "units": units,
            "is_office": access.is_office(request.user),
            "mine": {m["id"] for m in access.memberships_summary(request.user)},
        },
    )


def _save(request: HttpRequest, form: UnitForm, unit: Unit | None) -> HttpResponse | None:
    if not form.is_valid():
        return None
    data = {name: form.cleaned_data[name] for name in UnitForm.Meta.fields}
    try:
        if unit is None:
            services.create_unit(request.user, **data)
        else:
            services.update_unit(request.user, Unit.objects.get(pk=unit.pk), **data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, _("单位已保存"))
    return redirect("workbench:units")


@office_required
def unit_create(request: HttpRequest) -> HttpResponse:
    form = UnitForm(request.POST or None)
    done = _save(request, form, None) if request.method == "POST" else None
    return done or render(request, "workbench/unit_form.html", {"form": form, "unit": None})


@office_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    form = UnitForm(request.POST or None, instance=Unit.objects.get(pk=pk))
    done = _save(request, form, unit) if request.method == "POST" else None
    return done or render(request, "workbench/unit_form.html", {"form": form, "unit": unit})
