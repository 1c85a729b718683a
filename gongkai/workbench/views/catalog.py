"""The office keeps the standard catalogue: entries, domains, .xlsx import and export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalog import rows, services, xlsx
from gongkai.catalog.forms import DomainForm, EntryFilterForm, EntryForm, ImportForm
from gongkai.catalog.models import CatalogueEntry, Domain
from gongkai.workbench.decorators import office_required


def _filtered(request: HttpRequest) -> tuple[EntryFilterForm, QuerySet[CatalogueEntry]]:
    form = EntryFilterForm(request.GET or None)
    entries = CatalogueEntry.objects.select_related("domain")
    if form.is_valid():
        data = form.cleaned_data
        if data["domain"]:
            entries = entries.filter(domain=data["domain"])
        if data["level"]:
            entries = entries.filter(level=data["level"])
        if data["q"]:
            words = Q(first_level__icontains=data["q"]) | Q(second_level__icontains=data["q"])
            entries = entries.filter(words | Q(content_elements__icontains=data["q"]))
    return form, entries


@office_required
def catalog_list(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "total": CatalogueEntry.objects.count()}
    return render(request, "workbench/catalog.html", context)


@office_required
def catalog_export(request: HttpRequest) -> HttpResponse:
    _form, entries = _filtered(request)
    response = HttpResponse(xlsx.export_workbook(entries), content_type=xlsx.CONTENT_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="catalogue-{stamp}.xlsx"'
    return response


def _save_entry(request: HttpRequest, form: EntryForm, entry: CatalogueEntry | None) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    data = {name: form.cleaned_data[name] for name in services.ENTRY_FIELDS}
    try:
        if entry is None:
            services.create_entry(request.user, **data)
        else:
            services.update_entry(request.user, entry, **data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, _("事项已保存"))
    return redirect("workbench:catalog")


def _form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context, status=422 if context["form"].errors else 200)


@office_required
def catalog_entry_create(request: HttpRequest) -> HttpResponse:
    form = EntryForm(request.POST or None)
    done = _save_entry(request, form, None)
    return done or _form_page(request, "workbench/catalog_entry_form.html", {"form": form, "entry": None})


@office_required
def catalog_entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(CatalogueEntry.objects.select_related("domain"), pk=pk)
    form = EntryForm(request.POST or None, instance=CatalogueEntry.objects.get(pk=pk))
    done = _save_entry(request, form, entry)
    return done or _form_page(request, "workbench/catalog_entry_form.html", {"form": form, "entry": entry})


@office_required
def catalog_domains(request: HttpRequest) -> HttpResponse:
    level = CatalogueEntry.Level
    domains = Domain.objects.annotate(
        county=Count("entries", filter=Q(entries__level=level.COUNTY)),
        township=Count("entries", filter=Q(entries__level=level.TOWNSHIP)),
    )
    return render(request, "workbench/catalog_domains.html", {"domains": domains})


def _save_domain(request: HttpRequest, form: DomainForm, domain: Domain | None) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    data = {name: form.cleaned_data[name] for name in services.DOMAIN_FIELDS}
    try:
        if domain is None:
            services.create_domain(request.user, **data)
        else:
            services.update_domain(request.user, domain, **data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, _("领域已保存"))
    return redirect("workbench:catalog_domains")


@office_required
def catalog_domain_create(request: HttpRequest) -> HttpResponse:
    form = DomainForm(request.POST or None)
    done = _save_domain(request, form, None)
    return done or _form_page(request, "workbench/catalog_domain_form.html", {"form": form, "domain": None})


@office_required
def catalog_domain_edit(request: HttpRequest, pk: int) -> HttpResponse:
    domain = get_object_or_404(Domain, pk=pk)
    form = DomainForm(request.POST or None, instance=Domain.objects.get(pk=pk))
    done = _save_domain(request, form, domain)
    return done or _form_page(request, "workbench/catalog_domain_form.html", {"form": form, "domain": domain})


@office_required
def catalog_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[rows.RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            counts = xlsx.import_workbook(request.user, form.cleaned_data["file"])
        except xlsx.UploadRefused as exc:
            form.add_error("file", exc.message)
        except rows.ImportRejected as exc:
            row_errors = exc.errors
        else:
            messages.success(
                request,
                _("导入完成：新增%(created)d条，更新%(updated)d条，未变化%(unchanged)d条")
                % {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged},
            )
            return redirect("workbench:catalog")
    context = {"form": form, "row_errors": row_errors, "columns": rows.COLUMNS}
    failed = request.method == "POST"
    return render(request, "workbench/catalog_import.html", context, status=422 if failed else 200)
