"""Public pages of the policy library (政策文件库): the library with filters, the list of
currently effective normative documents (现行有效规范性文件目录) with its .xlsx download, and the
page of a code published in parts (the whole 民法典, its books in order).

Documents come only from ``gongkai.policies.public``; a page shows the published revision.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Unit
from gongkai.policies import codes, public, xlsx
from gongkai.policies.docnumber import normalise_doc_number
from gongkai.policies.models import Level
from gongkai.portal import disclosure, paging
from gongkai.portal.views import Crumb
from gongkai.publishing import vocab
from gongkai.publishing.models import Item

PAGE_SIZE = 20


class LibraryFilter(forms.Form):
    level = forms.ChoiceField(label=_("层级"), required=False, choices=[("", _("全部")), *Level.choices])
    validity = forms.ChoiceField(label=_("有效性"), required=False, choices=[("", _("全部")), *vocab.VALIDITY])
    year = forms.TypedChoiceField(label=_("成文年份"), required=False, coerce=int, empty_value=None)
    unit = forms.ModelChoiceField(
        label=_("发布机构"), required=False, queryset=Unit.objects.none(), empty_label=_("全部")
    )
    doc_number = forms.CharField(label=_("文号"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field: Any = self.fields["year"]
        year_field.choices = [("", _("全部")), *((y, str(y)) for y in public.year_choices())]
        unit_field: Any = self.fields["unit"]
        # Per unit, the first current policy document it has (an index probe each), never a
        # pass over every document.
        has_policies = Exists(public.current_policies().filter(unit=OuterRef("pk")).order_by())
        unit_field.queryset = Unit.objects.filter(has_policies).order_by("position", "pk")


def _filtered(form: LibraryFilter) -> QuerySet[Item]:
    items = public.current_policies().select_related("unit")
    if not form.is_valid():
        return items.none()
    data = form.cleaned_data
    if data["level"]:
        items = items.filter(published_revision__policy__level=data["level"])
    if data["validity"]:
        items = items.filter(published_revision__validity=data["validity"])
    if data["year"]:
        items = items.filter(published_revision__written_on__year=data["year"])
    if data["unit"]:
        items = items.filter(unit=data["unit"])
    if data["doc_number"]:
        items = items.filter(policy__doc_number_key=normalise_doc_number(data["doc_number"]))
    return items


def _crumbs(title: Any, *middle: Crumb) -> list[Crumb]:
    return [
        Crumb(_("首页"), reverse("portal:home")),
        Crumb(_("政府信息公开"), reverse("portal:disclosure")),
        Crumb(_("法定主动公开内容"), reverse("portal:statutory")),
        *middle,
        Crumb(title),
    ]


def library(request: HttpRequest) -> HttpResponse:
    """政策文件库: every current policy document, newest first, filtered by level, validity,
    year, unit and 文号 (typed in any bracket style)."""
    form = LibraryFilter(request.GET)
    items = public.library_order(_filtered(form))
    page, page_range = paging.page_of(request, items, PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "page_range": page_range,
        "ellipsis": Paginator.ELLIPSIS,
        "query": query.urlencode(),
        "parts": disclosure.PARTS,
        "current_part": "statutory",
        "crumbs": _crumbs(_("政策文件库")),
    }
    return render(request, "portal/policies.html", context)


def normative(request: HttpRequest) -> HttpResponse:
    """现行有效规范性文件目录, grouped by the issuing unit.

    Not paginated, by design: it is the statutory catalogue of the district's own currently
    valid normative documents, which is published whole (and downloaded whole as .xlsx). It
    grows with that set (a few hundred in a district), never with the documents the platform
    carries or holds otherwise; its query count is fixed (tests/portal/test_query_counts.py) and
    no body is read (``normative_list`` defers them)."""
    items = list(public.normative_list().select_related("unit"))
    groups = [(unit, list(group)) for unit, group in groupby(items, key=lambda item: item.unit)]
    context = {
        "groups": groups,
        "total": len(items),
        "today": timezone.localdate(),
        "parts": disclosure.PARTS,
        "current_part": "statutory",
        "crumbs": _crumbs(_("现行有效规范性文件目录"), Crumb(_("政策文件库"), reverse("portal:policies"))),
    }
    return render(request, "portal/policy_normative.html", context)


def normative_xlsx(request: HttpRequest) -> HttpResponse:
    """The same list as an .xlsx (条例 Art. 24: 下载)."""
    workbook = xlsx.normative_workbook(public.normative_list().select_related("unit"))
    response = HttpResponse(workbook, content_type=xlsx.CONTENT_TYPE)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="normative-documents-{stamp}.xlsx"'
    return response


def code(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole of a code published in parts, from any of its parts (``pk``): a table of
    contents, then each part's published text under a heading anchored ``#part-N``."""
    item = public.current_policies().select_related("policy").filter(pk=pk).first()
    whole = codes.whole_of(item)
    if not whole:
        raise Http404
    context = {
        "whole": whole,
        "code_parts": codes.parts(whole, with_bodies=True),
        "parts": disclosure.PARTS,
        "current_part": "statutory",
        "crumbs": _crumbs(whole, Crumb(_("政策文件库"), reverse("portal:policies"))),
    }
    return render(request, "portal/policy_code.html", context)
