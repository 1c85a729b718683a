"""An application's letters, attachments and appeals in the workbench, and the office's settings
for the rules the texts leave open."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.audit.services import record
from gongkai.foi import access, appeals, handling, letterbook, released
from gongkai.foi.lettertexts import LetterTexts
from gongkai.foi.models import Appeal, Attachment, Event, Letter, Settings
from gongkai.fonts import FontsMissing
from gongkai.workbench.decorators import staff_required
from gongkai.workbench.foi_forms import AppealForm, DeliveryForm, LetterTextForm, LetterTextsForm, SettingsForm
from gongkai.workbench.views.requests import detail_context
from gongkai.workbench.views.settings import SettingsPage, settings_view


def _refused(request: HttpRequest, pk: int, exc: ValidationError) -> HttpResponse:
    messages.error(request, "；".join(exc.messages))
    return redirect("workbench:request", pk=pk)


@staff_required
def letter_download(request: HttpRequest, pk: int, letter_pk: int, fmt: str) -> HttpResponse:
    """The letter as PDF or .docx; it carries the applicant's name, so every download is audited."""
    found = access.get_request_for(request.user, pk)
    letter = get_object_or_404(Letter, pk=letter_pk, request=found)
    if fmt not in letterbook.CONTENT_TYPES:
        raise Http404
    try:
        data, content_type, name = letterbook.download(request.user, letter, fmt, request)
    except FontsMissing as exc:  # the clerk is told why; nothing was rendered or kept
        messages.error(request, str(exc))
        return redirect("workbench:request", pk=pk)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def letter_delivery(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    found = access.get_request_for(request.user, pk)
    letter = get_object_or_404(Letter, pk=letter_pk, request=found)
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        return _refused(request, pk, ValidationError(form.errors.as_text()))
    try:
        handling.record_delivery(request.user, letter, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, pk, exc)
    messages.success(request, _("已登记送达：%(number)s") % {"number": letter.number})
    return redirect("workbench:request", pk=pk)


@staff_required
@require_POST
def letter_complete(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Add the text a pending letter must state, and issue it."""
    found = access.get_request_for(request.user, pk)
    event = get_object_or_404(Event, pk=event_pk, request=found)
    form = LetterTextForm(request.POST, prefix=f"letter{event.pk}")
    form.is_valid()
    try:
        letter = letterbook.complete(request.user, found, event, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, pk, exc)
    messages.success(request, _("已生成：%(number)s") % {"number": letter.number})
    return redirect("workbench:request", pk=pk)


@staff_required
@require_POST
def appeal_save(request: HttpRequest, pk: int, appeal_pk: int | None = None) -> HttpResponse:
    """Record a review or lawsuit (Table 四), or its later result."""
    found = access.get_request_for(request.user, pk)
    access.require_handler(request.user, found.unit_id)
    appeal = get_object_or_404(Appeal, pk=appeal_pk, request=found) if appeal_pk else None
    form = AppealForm(request.POST, prefix=f"appeal{appeal_pk}" if appeal_pk else None)
    if form.is_valid():
        try:
            appeals.save_appeal(request.user, found, appeal, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("已保存复议诉讼情况"))
            return redirect("workbench:request", pk=pk)
    context = detail_context(request, found)
    context["appeal_form"] = form
    return render(request, "workbench/request.html", context, status=422)


@staff_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """A file that came with the application (proof of identity …): staff only, audited."""
    found = access.get_request_for(request.user, pk)
    access.require_handler(request.user, found.unit_id)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, request=found)
    record(request.user, "foi.attachment_downloaded", attachment, unit=found.unit, request=request)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_POST
def released_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the files of government information the reply provides (issue 17, point 13)."""
    found = access.get_request_for(request.user, pk)
    files = request.FILES.getlist("released")
    if not files:
        messages.error(request, _("随答复提供的文件：请选择要上传的文件"))
        return redirect("workbench:request", pk=pk)
    try:
        for upload in files:
            released.add(request.user, found, upload.name or "", upload.read(), http=request)
    except ValidationError as exc:
        return _refused(request, pk, exc)
    messages.success(request, _("已添加 %(count)d 个随答复提供的文件") % {"count": len(files)})
    return redirect("workbench:request", pk=pk)


@staff_required
@require_POST
def released_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    found = access.get_request_for(request.user, pk)
    try:
        released.remove(request.user, found, attachment_pk, http=request)
    except ValidationError as exc:
        return _refused(request, pk, exc)
    messages.success(request, _("已删除该文件，申请人不再能下载"))
    return redirect("workbench:request", pk=pk)


# The office's values for the rules REGULATIONS.md marks UNCONFIRMED; audited.
foi_settings = settings_view(
    SettingsPage(
        model=Settings,
        form=SettingsForm,
        template="workbench/foi_settings.html",
        url_name="workbench:foi_settings",
        action="foi.settings_changed",
        saved=gettext_lazy("已保存；新规则适用于此后登记的办理环节"),
    )
)

# The office's wording of reply paragraphs the 条例 leaves to it (foi.lettertexts); audited.
foi_letter_texts = settings_view(
    SettingsPage(
        model=LetterTexts,
        form=LetterTextsForm,
        template="workbench/foi_letter_texts.html",
        url_name="workbench:foi_letter_texts",
        action="foi.letter_texts_changed",
        saved=gettext_lazy("已保存；此后出具的答复告知书使用新的文字，已出具的不变"),
    )
)
