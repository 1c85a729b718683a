"""Information items in the workbench: list, create (from a Word file), edit, act, attach."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role
from gongkai.publishing import access, attachments, services, workflow
from gongkai.publishing.models import Attachment, State
from gongkai.publishing.uploads import UploadRejected, inspect
from gongkai.publishing.wordimport import WordImportError, docx_metadata, docx_to_html
from gongkai.workbench.decorators import staff_required
from gongkai.workbench.item_forms import ActionForm, AttachmentForm, ItemForm, TakeDownForm
from gongkai.workbench.views import item_privacy

ITEM_FIELDS = [f for f in ItemForm.Meta.fields if f != "unit"]
MAX_WORD_BYTES = 20 * 1024 * 1024


@staff_required
def item_list(request: HttpRequest) -> HttpResponse:
    items = access.items_visible_to(request.user).select_related("unit").order_by("-updated_at", "-id")
    state = request.GET.get("state", "")
    if state in State.values:
        items = items.filter(state=state)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workbench/items.html",
        {
            "page": Paginator(items, 30).get_page(request.GET.get("page")),
            "states": State.choices,
            "state": state,
            "query": query.urlencode(),
            "can_create": org_access.units_for(request.user, Role.EDITOR).exists(),
        },
    )


def _apply_word_file(request: HttpRequest, data: dict[str, Any], upload: Any) -> None:
    """Fill the body (and empty title, 文号, 成文日期) from the signed Word file, after checking by
    content that it really is a .docx without macros (a bad file raises ValidationError)."""
    raw = upload.read()
    try:
        info = inspect(upload.name, raw, MAX_WORD_BYTES)
        if info.kind != "docx":
            raise ValidationError({"word_file": _("请上传.docx格式的Word文件（旧版.doc请先另存为.docx）")})
        html, warnings = docx_to_html(io.BytesIO(raw))
        meta = docx_metadata(io.BytesIO(raw))
    except UploadRejected as exc:
        raise ValidationError({"word_file": exc.message}) from exc
    except WordImportError as exc:
        raise ValidationError({"word_file": exc.message}) from exc
    data["body_html"] = html
    for field in ("title", "doc_number", "written_on"):
        if not data.get(field) and meta.get(field):
            data[field] = meta[field]  # type: ignore[literal-required]
    for warning in warnings:
        messages.warning(request, warning)


def _form_data(request: HttpRequest, form: ItemForm) -> dict[str, Any]:
    data = {name: form.cleaned_data.get(name) for name in ITEM_FIELDS}
    upload = form.cleaned_data.get("word_file")
    if upload is not None:
        _apply_word_file(request, data, upload)
    return {
        k: ("" if v is None and k in {"doc_number", "change_note", "body_html", "title"} else v)
        for k, v in data.items()
    }


@staff_required
def item_create(request: HttpRequest) -> HttpResponse:
    units = org_access.units_for(request.user, Role.EDITOR)
    if not units.exists():
        raise PermissionDenied(_("只有信息员可以新建信息"))
    form = ItemForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(request.user, form.cleaned_data["unit"], **_form_data(request, form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存草稿"))
            return redirect("workbench:item", pk=item.pk)
    return render(request, "workbench/item_form.html", {"form": form, "item": None}, status=422 if form.errors else 200)


@staff_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_item_for(request.user, pk)
    services.require_unit_role(request.user, item, Role.EDITOR)
    form = ItemForm(request.POST or None, request.FILES or None, instance=access.get_item_for(request.user, pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(request.user, item, form.cleaned_data["version"] or 0, **_form_data(request, form))
        except services.Conflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("workbench:item", pk=pk)
    return render(
        request,
        "workbench/item_form.html",
        {"form": form, "item": item},
        status=409 if form.non_field_errors() else (422 if form.errors else 200),
    )


@staff_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_item_for(request.user, pk)
    allowed = workflow.allowed_actions(request.user, item)
    return render(
        request,
        "workbench/item.html",
        {
            "item": item,
            "actions": [
                (a, workflow.ACTION_LABELS[a], ActionForm(initial={"action": a, "version": item.version}))
                for a in allowed
            ],
            "attachments": item.attachments.filter(removed=False),
            "taken_down": item.attachments.filter(taken_down_at__isnull=False),
            "events": item.events.select_related("actor"),
            "attachment_form": AttachmentForm() if "submit" in allowed else None,
            "can_edit": item.state == State.DRAFT and org_access.can_act(request.user, item.unit_id, Role.EDITOR),
            "can_take_down": item.is_public and org_access.can_act(request.user, item.unit_id, Role.SIGNER),
            "can_replace": org_access.can_act(request.user, item.unit_id, Role.EDITOR)
            and item.state in (State.DRAFT, State.PUBLISHED),
            # The privacy guard's findings, place by place (条例 Art. 15; issue 24).
            **item_privacy.context(item),
        },
    )


@staff_required
@require_POST
def item_action(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_item_for(request.user, pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(
                request, "；".join(f"{form.fields[field].label if field in form.fields else ''}{e}" for e in errors)
            )
        return redirect("workbench:item", pk=pk)
    data = form.cleaned_data
    params = {k: data[k] for k in ("note", "reason", "reason_code", "publish_at", "privacy_basis") if data.get(k)}
    try:
        workflow.perform(request.user, item.pk, data["action"], version=data["version"], **params)
    except services.Conflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已执行：%(action)s") % {"action": workflow.ACTION_LABELS[data["action"]]})
    return redirect("workbench:item", pk=pk)


def _refusal(exc: ValidationError | services.Conflict) -> str:
    """What a refused file action says: the conflict's reason, or every validation message."""
    return exc.message if isinstance(exc, services.Conflict) else "；".join(exc.messages)


@staff_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_item_for(request.user, pk)
    services.require_unit_role(request.user, item, Role.EDITOR)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            attachments.add_attachment(request.user, item, upload.name, upload.read())
        except (ValidationError, services.Conflict) as exc:
            messages.error(request, _("附件未保存：%(reason)s") % {"reason": _refusal(exc)})
        else:
            messages.success(request, _("附件已上传"))
    else:
        messages.error(request, _("请选择要上传的文件"))
    return redirect("workbench:item", pk=pk)


@staff_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    item = access.get_item_for(request.user, pk)
    services.require_unit_role(request.user, item, Role.EDITOR)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, item=item, removed=False)
    try:
        attachments.remove_attachment(request.user, attachment)
    except services.Conflict as exc:
        messages.error(request, exc.message)
    return redirect("workbench:item", pk=pk)


@staff_required
@require_POST
def attachment_take_down(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """下架 one published file (the office or the unit's signer; issue 24, item 4)."""
    item = access.get_item_for(request.user, pk)
    services.require_unit_role(request.user, item, Role.SIGNER)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, item=item)
    form = TakeDownForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("下架附件时请填写原因"))
        return redirect("workbench:item", pk=pk)
    try:
        attachments.take_down(request.user, attachment, form.cleaned_data["reason"])
    except (ValidationError, services.Conflict) as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("附件“%(name)s”已下架，公开页面和检索中不再出现") % {"name": attachment.name})
    return redirect("workbench:item", pk=pk)


@staff_required
@require_POST
def attachment_replace(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """A masked file in the place of one: a published item becomes a new revision to review."""
    item = access.get_item_for(request.user, pk)
    services.require_unit_role(request.user, item, Role.EDITOR)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, item=item)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择用于替换的文件"))
        return redirect("workbench:item", pk=pk)
    upload = form.cleaned_data["file"]
    try:
        attachments.replace(request.user, attachment, upload.name, upload.read())
    except (ValidationError, services.Conflict) as exc:
        messages.error(request, _("附件未替换：%(reason)s") % {"reason": _refusal(exc)})
    else:
        messages.success(request, _("已上传替换文件，请提交审核、签发后发布"))
    return redirect("workbench:item", pk=pk)


@staff_required
def item_deadlines(request: HttpRequest) -> HttpResponse:
    """Due-soon and overdue items of the person's units (the office: all), and timeliness."""
    import datetime as dt

    from django.utils import timezone

    from gongkai.publishing import stats
    from gongkai.workdays.services import get_calendar

    today = timezone.localdate()
    soon, overdue = stats.due_lists(request.user, today, get_calendar())
    start = dt.date(today.year, 1, 1)
    return render(
        request,
        "workbench/item_deadlines.html",
        {
            "blocked": list(stats.blocked(request.user)),
            "soon": soon,
            "overdue": overdue,
            "today": today,
            "start": start,
            "timeliness": stats.timeliness_by_unit(org_access.units_for(request.user), start, today, today),
        },
    )


@staff_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """A draft's attachment for the staff who may see the item (uploads are never served directly)."""
    item = access.get_item_for(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, item=item)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
