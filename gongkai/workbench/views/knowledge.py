"""一号答 in the workbench: the entries of the person's units, a new uniform answer, an entry's
page (links to policy documents and catalogue entries, other phrasings) and 转入知识库 from an
answered inquiry. The answer's text, review, sign-off, publication and revisions are the item's
own pages (``workbench:item``): one pipeline. Every change calls
``participation.knowledge.services``; this module only turns forms into calls and back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.formerrors import add_service_errors
from gongkai.participation.inquiries import access as inquiry_access
from gongkai.participation.knowledge import access, services
from gongkai.participation.models import KnowledgeEntry
from gongkai.policies.docnumber import normalise_doc_number
from gongkai.publishing import workflow
from gongkai.publishing.models import State
from gongkai.publishing.vocab import TOPICS
from gongkai.workbench.decorators import staff_required

POLICY_HELP = gettext_lazy("每行一个：已公开政策文件的文号（如 康政办发〔2026〕3号）或信息编号")


class LinksForm(forms.Form):
    policies = forms.CharField(
        label=gettext_lazy("关联政策文件"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=POLICY_HELP,
    )
    catalogue_entries = forms.ModelMultipleChoiceField(
        label=gettext_lazy("关联目录事项"),
        required=False,
        queryset=services.linkable_catalogue(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    aliases = forms.CharField(
        label=gettext_lazy("其他问法"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("群众的其他常见问法，每行一条，用于检索，不公开显示"),
    )

    def clean_policies(self) -> list[int]:
        """Each line: an item number or a 文号 of a public policy document."""
        found, unknown = [], []
        documents = services.linkable_policies()
        for line in (self.cleaned_data.get("policies") or "").splitlines():
            text = line.strip()
            if not text:
                continue
            match = documents.filter(pk=int(text)) if text.isdigit() and len(text) < 10 else None
            if match is None:
                match = documents.filter(doc_number_key=normalise_doc_number(text))
            pk = match.values_list("pk", flat=True).first()
            (found if pk else unknown).append(pk or text)
        if unknown:
            raise ValidationError(_("“关联政策文件”中找不到已公开的文件：%(t)s") % {"t": "、".join(map(str, unknown))})
        return [int(pk) for pk in dict.fromkeys(found)]


class EntryForm(LinksForm):
    unit = forms.ModelChoiceField(label=gettext_lazy("答复单位"), queryset=None)  # type: ignore[arg-type]
    title = forms.CharField(label=gettext_lazy("问题"), max_length=300)
    body_html = forms.CharField(
        label=gettext_lazy("统一答复口径"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy("可粘贴HTML；提交后经审核、签发方可公开"),
    )
    topic = forms.ChoiceField(label=gettext_lazy("主题分类"), choices=TOPICS, initial="general")
    field_order = ["unit", "title", "body_html", "topic", "policies", "catalogue_entries", "aliases"]

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
        if units.count() == 1:
            field.initial, field.empty_label = units.first(), None


def _policy_lines(entry: KnowledgeEntry) -> str:
    lines = []
    for document in entry.policies.select_related("item"):
        lines.append(document.item.doc_number or str(document.pk))
    return "\n".join(lines)


@staff_required
def knowledge_list(request: HttpRequest) -> HttpResponse:
    entries = access.entries_visible_to(request.user).order_by("-item__updated_at", "-pk")
    state = request.GET.get("state", "")
    if state in State.values:
        entries = entries.filter(item__state=state)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": Paginator(entries, 30).get_page(request.GET.get("page")),
        "states": State.choices,
        "state": state,
        "query": query.urlencode(),
        "can_create": access.editable_units(request.user).exists(),
    }
    return render(request, "workbench/knowledge_list.html", context)


@staff_required
def knowledge_create(request: HttpRequest) -> HttpResponse:
    units = access.editable_units(request.user)
    if not units.exists():
        raise PermissionDenied(_("只有信息员或公开办可以新建统一答复口径"))
    form = EntryForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.create_entry(
                request.user,
                data["unit"],
                question=data["title"],
                answer_html=data["body_html"],
                topic=data["topic"],
                aliases=data["aliases"],
                policy_ids=data["policies"],
                catalogue_ids=[c.pk for c in data["catalogue_entries"]],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存草稿，请在信息页面提交审核"))
            return redirect("workbench:knowledge_entry", pk=entry.pk)
    status = 422 if form.errors else 200
    return render(request, "workbench/knowledge_form.html", {"form": form}, status=status)


def _entry_page(request: HttpRequest, entry: KnowledgeEntry, form: LinksForm | None = None) -> HttpResponse:
    can_edit = access.can_edit(request.user, entry.item.unit_id)
    initial = {
        "policies": _policy_lines(entry),
        "catalogue_entries": list(entry.catalogue_entries.all()),
        "aliases": entry.aliases,
    }
    context = {
        "entry": entry,
        "item": entry.item,
        "policies": entry.policies.select_related("item__published_revision"),
        "catalogue": entry.catalogue_entries.select_related("domain"),
        "can_edit": can_edit,
        "actions": "、".join(
            str(workflow.ACTION_LABELS[a]) for a in workflow.allowed_actions(request.user, entry.item)
        ),
        "form": form or LinksForm(initial=initial),
        "source_visible": entry.source_inquiry_id is not None
        and inquiry_access.inquiries_visible_to(request.user).filter(pk=entry.source_inquiry_id).exists(),
    }
    return render(request, "workbench/knowledge_entry.html", context, status=422 if form is not None else 200)


@staff_required
def knowledge_entry(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_page(request, access.get_entry_for(request.user, pk))


@require_POST
@staff_required
def knowledge_links(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_entry_for(request.user, pk)
    access.require_editor(request.user, entry.item.unit_id)
    form = LinksForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_links(
                request.user,
                entry.pk,
                policy_ids=data["policies"],
                catalogue_ids=[c.pk for c in data["catalogue_entries"]],
                aliases=data["aliases"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("关联已保存"))
            return redirect("workbench:knowledge_entry", pk=pk)
    return _entry_page(request, entry, form)


@require_POST
@staff_required
def knowledge_promote(request: HttpRequest, inquiry_pk: int) -> HttpResponse:
    """转入知识库 from the inquiry's page: a draft answer of the inquiry's unit."""
    inquiry = inquiry_access.get_inquiry_for(request.user, inquiry_pk)
    try:
        entry = services.promote(request.user, inquiry.pk)
    except services.Conflict as exc:
        messages.error(request, exc.message)
        return redirect("workbench:inquiry", pk=inquiry.pk)
    messages.success(request, _("已转入知识库草稿，姓名和电话已隐去，请核对后提交审核"))
    return redirect("workbench:knowledge_entry", pk=entry.pk)
