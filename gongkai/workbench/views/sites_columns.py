"""A site's column tree (栏目管理, issue 19): create, edit (rules as form fields), reorder with
up/down buttons, retire with an optional replacement; how many items each column shows now and
a link to its public page. Every change through gongkai.sites.services (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.formerrors import add_service_errors
from gongkai.sites import access, public, services
from gongkai.sites.models import Column, Placement, Site
from gongkai.workbench.sites_forms import ColumnForm, RetireForm
from gongkai.workbench.views.sites import manager_required


def _rows(request: HttpRequest, site: Site) -> list[dict[str, Any]]:
    """The tree in display order, each column with its depth, count and neighbours (three queries)."""
    columns = list(Column.objects.filter(site=site).order_by("position", "pk"))
    counts = dict(
        Placement.objects.filter(site=site).values("column").annotate(n=Count("id")).values_list("column", "n")
    )
    children: dict[int | None, list[Column]] = {}
    for column in columns:
        column.site = site
        children.setdefault(column.parent_id, []).append(column)
    rows: list[dict[str, Any]] = []

    def walk(parent: int | None, depth: int) -> None:
        siblings = children.get(parent, [])
        for n, column in enumerate(siblings):
            rows.append(
                {
                    "column": column,
                    "depth": depth,
                    "indent": "　" * depth,
                    "count": counts.get(column.pk, 0),
                    "url": public.column_address(request, column),
                    "first": n == 0,
                    "last": n == len(siblings) - 1,
                }
            )
            walk(column.pk, depth + 1)

    walk(None, 0)
    return rows


@manager_required
def site_columns(request: HttpRequest, pk: int) -> HttpResponse:
    site = access.get_site_for(request.user, pk)
    return render(request, "workbench/sites/columns.html", {"site": site, "rows": _rows(request, site)})


def _column_page(request: HttpRequest, site: Site, column: Column | None, form: ColumnForm) -> HttpResponse:
    context = {"site": site, "column": column, "form": form}
    return render(request, "workbench/sites/column_form.html", context, status=422 if form.errors else 200)


@manager_required
def column_create(request: HttpRequest, pk: int) -> HttpResponse:
    site = access.get_site_for(request.user, pk)
    form = ColumnForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            column = services.create_column(request.user, site, **form.column_fields())
        except ValidationError as exc:
            add_service_errors(form, exc, ColumnForm.RENAME)
        else:
            messages.success(request, _("栏目“%(name)s”已建立") % {"name": column.name})
            return redirect("workbench:site_columns", site.pk)
    return _column_page(request, site, None, form)


@manager_required
def column_edit(request: HttpRequest, pk: int) -> HttpResponse:
    column = access.get_column_for(request.user, pk)
    form = ColumnForm(request.POST or None, site=column.site, column=column, initial=ColumnForm.initial_for(column))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_column(request.user, column, **form.column_fields())
        except ValidationError as exc:
            add_service_errors(form, exc, ColumnForm.RENAME)
        else:
            messages.success(request, _("栏目已保存"))
            return redirect("workbench:site_columns", column.site_id)
    return _column_page(request, column.site, column, form)


@require_POST
@manager_required
def column_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Up or down among its siblings (the columns under the same parent, retired ones included)."""
    column = access.get_column_for(request.user, pk)
    siblings = list(
        Column.objects.filter(site=column.site, parent_id=column.parent_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    at = siblings.index(column.pk)
    to = at - 1 if request.POST.get("direction") == "up" else at + 1
    if 0 <= to < len(siblings):
        siblings[at], siblings[to] = siblings[to], siblings[at]
        services.reorder_columns(request.user, column.site, siblings)
    return redirect("workbench:site_columns", column.site_id)


@manager_required
def column_retire(request: HttpRequest, pk: int) -> HttpResponse:
    column = access.get_column_for(request.user, pk)
    form = RetireForm(request.POST or None, column=column)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_column(request.user, column, retired=True, redirect_to=form.cleaned_data["redirect_to"])
        except ValidationError as exc:
            add_service_errors(form, exc, {"retired": ""})
        else:
            messages.success(request, _("栏目“%(name)s”已停用，其地址将转到新位置") % {"name": column.name})
            return redirect("workbench:site_columns", column.site_id)
    target = public.redirect_target(column) if column.retired else None
    context = {"site": column.site, "column": column, "form": form, "target": target}
    return render(request, "workbench/sites/column_retire.html", context, status=422 if form.errors else 200)


@require_POST
@manager_required
def column_restore(request: HttpRequest, pk: int) -> HttpResponse:
    column = access.get_column_for(request.user, pk)
    try:
        services.update_column(request.user, column, retired=False, redirect_to=None)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("栏目“%(name)s”已恢复使用") % {"name": column.name})
    return redirect("workbench:site_columns", column.site_id)
