"""A column's hand-picked items (手选信息): add by the item's number or by searching public
items' titles, remove, and order them with up/down buttons (issue 19). Through
gongkai.sites.services; nothing here writes a row itself."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.formerrors import add_service_errors
from gongkai.publishing.access import current_items
from gongkai.publishing.models import Item
from gongkai.sites import access, services
from gongkai.sites.models import Column, ColumnPick
from gongkai.workbench.sites_forms import PickForm
from gongkai.workbench.views.sites import manager_required

SEARCH_LIMIT = 20


def _picks(column: Column) -> list[ColumnPick]:
    return list(
        ColumnPick.objects.filter(column=column)
        .select_related("item__published_revision", "item__unit")
        .only("position", "item_id", "column_id", "item__state", "item__unit__name", "item__published_revision__title")
        .order_by("position", "pk")
    )


def _found(query: str) -> list[Item]:
    if not query:
        return []
    rows = current_items().filter(published_revision__title__icontains=query)
    return list(rows.only("pk", "unit__name", "published_revision__title").order_by("-pk")[:SEARCH_LIMIT])


@manager_required
def column_picks(request: HttpRequest, pk: int) -> HttpResponse:
    column = access.get_column_for(request.user, pk)
    form = PickForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Only what the public can see: a draft's title is no business of another unit's staff.
        item = current_items().filter(pk=form.cleaned_data["item_id"]).first()
        if item is None:
            message = _("没有编号为 %(id)s 的已公开信息（草稿和已撤回的信息不能加入栏目）。")
            form.add_error("item_id", message % {"id": form.cleaned_data["item_id"]})
        else:
            try:
                services.pick(request.user, column, item)
            except ValidationError as exc:
                add_service_errors(form, exc, {"item_ids": "item_id"})
            else:
                title = item.published_revision.title if item.published_revision else item.pk
                messages.success(request, _("已加入栏目：%(title)s") % {"title": title})
                return redirect("workbench:column_picks", column.pk)
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "site": column.site,
        "column": column,
        "form": form,
        "picks": _picks(column),
        "query": query,
        "found": _found(query),
    }
    return render(request, "workbench/sites/column_picks.html", context, status=422 if form.errors else 200)


@require_POST
@manager_required
def column_pick_change(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """Remove one pick, or move it up or down (the whole order is saved through the service)."""
    column = access.get_column_for(request.user, pk)
    order = list(ColumnPick.objects.filter(column=column).order_by("position", "pk").values_list("item_id", flat=True))
    if item_id not in order:
        messages.error(request, _("该信息不在本栏目的手选信息中。"))
        return redirect("workbench:column_picks", column.pk)
    action = request.POST.get("action")
    if action == "remove":
        services.unpick(request.user, column, Item.objects.get(pk=item_id))
        messages.success(request, _("已从栏目移出编号为 %(id)s 的信息") % {"id": item_id})
    elif action in {"up", "down"}:
        at = order.index(item_id)
        to = at - 1 if action == "up" else at + 1
        if 0 <= to < len(order):
            order[at], order[to] = order[to], order[at]
            services.update_column(request.user, column, item_ids=order)
    return redirect("workbench:column_picks", column.pk)
