"""Gazette issues in the workbench: list, create (item + PDF), issue data, table of contents.

An issue is an item: review, signing, publication and withdrawal happen on its item page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.formerrors import add_service_errors
from gongkai.gazette import access, services
from gongkai.gazette.forms import EntryForm, IssueForm, PdfForm
from gongkai.gazette.models import GazetteEntry, GazetteIssue
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role
from gongkai.publishing.models import State
from gongkai.publishing.services import Conflict, require_unit_role
from gongkai.workbench.decorators import staff_required

ISSUE_DATA = ["year", "number", "issue_date", "total_number"]


def _editable(request: HttpRequest, pk: int) -> GazetteIssue:
    """The issue if the person sees it (404 otherwise) and edits for its unit (403 otherwise)."""
    issue = access.get_issue_for(request.user, pk)
    require_unit_role(request.user, issue.item, Role.EDITOR)
    return issue


def _error_text(exc: ValidationError | Conflict) -> str:
    return exc.message if isinstance(exc, Conflict) else "；".join(exc.messages)


def _add_errors(form: Any, exc: ValidationError | Conflict) -> None:
    """Errors of the service on the form: on the field they name when the form has it."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        add_service_errors(form, exc)
    else:
        form.add_error(None, _error_text(exc))


def _warn(request: HttpRequest, warnings: list[str]) -> None:
    for warning in warnings:
        messages.warning(request, warning)


@staff_required
def gazette_list(request: HttpRequest) -> HttpResponse:
    issues = access.issues_visible_to(request.user).order_by("-year", "-number")
    context = {
        "page": Paginator(issues, 30).get_page(request.GET.get("page")),
        "query": "",
        "can_create": org_access.units_for(request.user, Role.EDITOR).exists(),
    }
    return render(request, "workbench/gazette_list.html", context)


def _create(request: HttpRequest, form: IssueForm) -> GazetteIssue:
    data = form.cleaned_data
    with transaction.atomic():
        issue = services.create_issue(request.user, data["unit"], **{k: data[k] for k in ISSUE_DATA})
        upload = data.get("pdf")
        if upload is not None:
            _warn(request, services.set_pdf(request.user, issue, upload.name, upload.read()))
    return issue


@staff_required
def gazette_create(request: HttpRequest) -> HttpResponse:
    units = org_access.units_for(request.user, Role.EDITOR)
    if not units.exists():
        raise PermissionDenied(_("只有信息员可以新建公报"))
    form = IssueForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            issue = _create(request, form)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已保存公报草稿"))
            return redirect("workbench:gazette_issue", pk=issue.pk)
    context = {"form": form, "issue": None}
    return render(request, "workbench/gazette_form.html", context, status=422 if form.errors else 200)


def _issue_page(request: HttpRequest, issue: GazetteIssue, entry_form: EntryForm | None = None) -> HttpResponse:
    item = issue.item
    can_edit = item.state == State.DRAFT and org_access.can_act(request.user, item.unit_id, Role.EDITOR)
    context = {
        "issue": issue,
        "item": item,
        "entries": issue.entries.filter(revision=None).select_related("document"),
        "can_edit": can_edit,
        "entry_form": (entry_form or EntryForm()) if can_edit else None,
        "pdf_form": PdfForm() if can_edit else None,
    }
    status = 422 if entry_form is not None and entry_form.errors else 200
    return render(request, "workbench/gazette_issue.html", context, status=status)


@staff_required
def gazette_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _issue_page(request, access.get_issue_for(request.user, pk))


@staff_required
def gazette_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable(request, pk)
    initial = {name: getattr(issue, name) for name in ISSUE_DATA} | {"version": issue.item.version}
    form = IssueForm(request.POST or None, initial=initial, editing=True, locked=issue.item.is_public)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ISSUE_DATA}
        try:
            services.update_issue(request.user, issue, form.cleaned_data["version"] or 0, **data)
        except (ValidationError, Conflict) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("workbench:gazette_issue", pk=pk)
    status = 409 if form.non_field_errors() else (422 if form.errors else 200)
    return render(request, "workbench/gazette_form.html", {"form": form, "issue": issue}, status=status)


@staff_required
@require_POST
def gazette_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable(request, pk)
    form = PdfForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择公报PDF文件"))
        return redirect("workbench:gazette_issue", pk=pk)
    upload = form.cleaned_data["pdf"]
    try:
        warnings = services.set_pdf(request.user, issue, upload.name, upload.read())
    except (ValidationError, Conflict) as exc:
        messages.error(request, _("公报PDF未保存：%(reason)s") % {"reason": _error_text(exc)})
    else:
        messages.success(request, _("公报PDF已上传"))
        _warn(request, warnings)
    return redirect("workbench:gazette_issue", pk=pk)


def _entry_data(request: HttpRequest, form: EntryForm) -> dict[str, Any]:
    data = form.cleaned_data
    reference = data.get("document_ref") or ""
    document = services.find_document(request.user, reference) if reference.strip() else None
    fields = {name: data.get(name) for name in ("title", "doc_number", "page", "position")}
    return {**fields, "doc_number": fields["doc_number"] or "", "document": document}


@staff_required
@require_POST
def gazette_entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable(request, pk)
    form = EntryForm(request.POST)
    if form.is_valid():
        try:
            services.add_entry(request.user, issue, **_entry_data(request, form))
        except (ValidationError, Conflict) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已添加目录条目"))
            return redirect("workbench:gazette_issue", pk=pk)
    return _issue_page(request, issue, form)


def _working_entry(issue: GazetteIssue, entry_pk: int) -> GazetteEntry:
    return get_object_or_404(GazetteEntry, pk=entry_pk, issue=issue, revision=None)


def _reference(entry: GazetteEntry) -> str:
    document = entry.document
    if document is None:
        return ""
    return document.index_number or str(document.pk)


@staff_required
def gazette_entry_edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    issue = _editable(request, pk)
    entry = _working_entry(issue, entry_pk)
    initial = {name: getattr(entry, name) for name in ("title", "doc_number", "page", "position")}
    form = EntryForm(request.POST or None, initial={**initial, "document_ref": _reference(entry)})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entry(request.user, entry, **_entry_data(request, form))
        except (ValidationError, Conflict) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("workbench:gazette_issue", pk=pk)
    context = {"form": form, "issue": issue, "entry": entry}
    return render(request, "workbench/gazette_entry_form.html", context, status=422 if form.errors else 200)


@staff_required
@require_POST
def gazette_entry_remove(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    issue = _editable(request, pk)
    entry = _working_entry(issue, entry_pk)
    try:
        services.remove_entry(request.user, entry)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已删除目录条目"))
    return redirect("workbench:gazette_issue", pk=pk)
