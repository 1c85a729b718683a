"""Policy documents in the workbench: the list, a new document with its metadata, the document's
page (metadata, relations, interpretations, the 三同步 gate, an exemption), and interpretations.

The document and its interpretations are items: review, sign-off and publication happen on the
item pages (``workbench:item``); publishing the document publishes its signed interpretations.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.actor import Actor
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Role
from gongkai.policies import services
from gongkai.policies.forms import ExemptionForm, InterpretationForm, PolicyMetaForm, RelationForm
from gongkai.policies.models import Interpretation, PolicyDocument, PolicyRelation
from gongkai.publishing import access
from gongkai.publishing.models import Item, Kind, State
from gongkai.publishing.services import Conflict, require_unit_role
from gongkai.workbench.decorators import staff_required
from gongkai.workbench.item_forms import ItemForm

# Fields of the item form that a new policy document or interpretation does not start with
# (the Word import, emergency flags and revision notes live on the item's own pages).
NOT_ON_CREATE = ("word_file", "emergency", "show_alert", "change_note")
NOT_FOR_INTERPRETATIONS = ("normative", "validity", "expires_on", "doc_number", "written_on")
TEXT_FIELDS = {"doc_number", "body_html", "title"}


def _item_form(request: HttpRequest, units: Any, drop: tuple[str, ...], **initial: Any) -> ItemForm:
    form = ItemForm(request.POST or None, units=units, initial=initial)
    for name in drop:
        form.fields.pop(name, None)
    return form


def _item_data(form: ItemForm) -> dict[str, Any]:
    data = {name: form.cleaned_data.get(name) for name in form.fields if name not in {"unit", "version"}}
    return {k: ("" if v is None and k in TEXT_FIELDS else v) for k, v in data.items()}


def _editor_units(request: HttpRequest) -> Any:
    units = org_access.units_for(request.user, Role.EDITOR)
    if not units.exists():
        raise PermissionDenied(_("只有信息员可以新建政策文件和解读"))
    return units


def _policy_item(request: HttpRequest, pk: int) -> Item:
    item = access.get_item_for(request.user, pk)
    if item.kind != Kind.POLICY:
        raise Http404
    return item


def _document(item: Item) -> PolicyDocument | None:
    return PolicyDocument.objects.filter(item=item).first()


@staff_required
def policy_list(request: HttpRequest) -> HttpResponse:
    items = access.items_visible_to(request.user).filter(kind=Kind.POLICY).select_related("unit", "policy")
    items = items.defer("body_html")
    items = items.annotate(n_interpretations=Count("policy__interpretations")).order_by("-updated_at", "-id")
    q = request.GET.get("q", "").strip()
    if q:
        items = items.filter(Q(title__icontains=q) | Q(doc_number__icontains=q))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": Paginator(items, 30).get_page(request.GET.get("page")),
        "q": q,
        "query": query.urlencode(),
        "can_create": org_access.units_for(request.user, Role.EDITOR).exists(),
    }
    return render(request, "workbench/policies.html", context)


@staff_required
def policy_create(request: HttpRequest) -> HttpResponse:
    form = _item_form(request, _editor_units(request), NOT_ON_CREATE, genre="measures", normative=True)
    meta = PolicyMetaForm(request.POST or None, prefix="policy")
    if request.method == "POST" and form.is_valid() and meta.is_valid():
        data = {name: meta.cleaned_data[name] for name in services.POLICY_FIELDS}
        try:
            document = services.create_policy(request.user, form.cleaned_data["unit"], data, **_item_data(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存政策文件草稿"))
            return redirect("workbench:policy", pk=document.pk)
    status = 422 if form.errors or meta.errors else 200
    return render(request, "workbench/policy_form.html", {"form": form, "meta": meta}, status=status)


def _gate_problem(item: Item) -> str:
    try:
        services.check_publishable(item)
    except Conflict as exc:
        return exc.message
    return ""


def _can(user: Actor, item: Item, *roles: str) -> bool:
    return any(org_access.can_act(user, item.unit_id, role) for role in roles)


@staff_required
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _policy_item(request, pk)
    document = _document(item)
    user = request.user
    related = PolicyRelation.objects.select_related("source__item", "target__item")
    context = {
        "item": item,
        "document": document,
        "interpretations": document.interpretations.select_related("item") if document else [],
        "relations_out": related.filter(source=document) if document else [],
        "relations_in": related.filter(target=document) if document else [],
        "exemption": getattr(document, "exemption", None) if document else None,
        "gate_problem": _gate_problem(item) if item.normative and not item.is_public else "",
        "can_edit": item.state == State.DRAFT and _can(user, item, Role.EDITOR),
        "can_relate": _can(user, item, Role.EDITOR, Role.SIGNER),
        "can_interpret": org_access.units_for(user, Role.EDITOR).exists(),
        "can_exempt": item.normative and not item.is_public and _can(user, item, Role.SIGNER),
        "relation_form": RelationForm(),
        "exemption_form": ExemptionForm(),
    }
    return render(request, "workbench/policy.html", context)


@staff_required
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _policy_item(request, pk)
    require_unit_role(request.user, item, Role.EDITOR)
    # The form works on its own copy: the service compares the stored values with the new ones.
    form = PolicyMetaForm(request.POST or None, instance=_document(item) or PolicyDocument(issuer=item.unit.name))
    form.fields["version"].initial = item.version
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.POLICY_FIELDS}
        try:
            document = services.ensure_document(item)
            services.update_policy(request.user, document, form.cleaned_data["version"] or 0, **data)
        except Conflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("workbench:policy", pk=pk)
    status = 409 if form.non_field_errors() else (422 if form.errors else 200)
    return render(request, "workbench/policy_meta_form.html", {"form": form, "item": item}, status=status)


def _candidates(user: Actor, item: Item) -> QuerySet[PolicyDocument]:
    """Documents a relation may point at: the public ones and those of the person's units."""
    visible = Q(item__published_revision__isnull=False) | Q(item__in=access.items_visible_to(user))
    return PolicyDocument.objects.filter(visible, item__kind=Kind.POLICY).exclude(pk=item.pk)


def _errors(form: Any) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


@staff_required
@require_POST
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = _policy_item(request, pk)
    require_unit_role(request.user, item, Role.EDITOR, Role.SIGNER)
    form = RelationForm(request.POST, candidates=_candidates(request.user, item))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("workbench:policy", pk=pk)
    try:
        source = services.ensure_document(item)
        services.add_relation(request.user, source, form.cleaned_data["target"], form.cleaned_data["kind"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("文件关系已登记"))
    return redirect("workbench:policy", pk=pk)


@staff_required
@require_POST
def relation_remove(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    _policy_item(request, pk)
    relation = get_object_or_404(PolicyRelation.objects.select_related("source__item"), pk=relation_pk, source_id=pk)
    services.remove_relation(request.user, relation)
    messages.success(request, _("文件关系已删除"))
    return redirect("workbench:policy", pk=pk)


@staff_required
@require_POST
def policy_exemption(request: HttpRequest, pk: int) -> HttpResponse:
    item = _policy_item(request, pk)
    require_unit_role(request.user, item, Role.SIGNER)
    form = ExemptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("workbench:policy", pk=pk)
    try:
        services.record_exemption(request.user, services.ensure_document(item), form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已登记不进行解读的理由"))
    return redirect("workbench:policy", pk=pk)


@staff_required
def interpretation_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _policy_item(request, pk)
    units = _editor_units(request)
    unit = item.unit if units.filter(pk=item.unit_id).exists() else None
    form = _item_form(request, units, NOT_ON_CREATE + NOT_FOR_INTERPRETATIONS, unit=unit, genre="other")
    meta = InterpretationForm(request.POST or None, prefix="interpretation", initial={"agency": item.unit.name})
    if request.method == "POST" and form.is_valid() and meta.is_valid():
        data = {name: meta.cleaned_data[name] for name in services.INTERPRETATION_FIELDS if name != "document"}
        try:
            document = services.ensure_document(item)
            created = services.create_interpretation(
                request.user, form.cleaned_data["unit"], document, data, **_item_data(form)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存解读草稿，请在本页提交审核；签发后随文件一并发布"))
            return redirect("workbench:item", pk=created.pk)
    context = {"form": form, "meta": meta, "item": item, "interpretation": None}
    return render(
        request, "workbench/interpretation_form.html", context, status=422 if form.errors or meta.errors else 200
    )


@staff_required
def interpretation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interpretation_item = access.get_item_for(request.user, pk)
    interpretation = get_object_or_404(
        Interpretation.objects.select_related("document__item"), item=interpretation_item
    )
    require_unit_role(request.user, interpretation_item, Role.EDITOR)
    form = InterpretationForm(request.POST or None, instance=Interpretation.objects.get(pk=interpretation.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.INTERPRETATION_FIELDS if name != "document"}
        try:
            services.update_interpretation(request.user, interpretation, form.cleaned_data["version"] or 0, **data)
        except Conflict as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect("workbench:item", pk=pk)
    context = {"form": form, "meta": None, "item": interpretation.document.item, "interpretation": interpretation}
    status = 409 if form.non_field_errors() else (422 if form.errors else 200)
    return render(request, "workbench/interpretation_form.html", context, status=status)
