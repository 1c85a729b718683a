"""The office reads and exports the audit trail."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from gongkai.audit.display import rows
from gongkai.audit.labels import ACTIONS
from gongkai.audit.models import AuditEntry
from gongkai.orgs.access import audit_entries_visible_to
from gongkai.workbench.decorators import office_required
from gongkai.workbench.forms import AuditFilterForm

CSV_HEADER = [
    N_("时间"),
    N_("操作人"),
    N_("操作"),
    N_("对象类型"),
    N_("对象编号"),
    N_("对象"),
    N_("单位编号"),
    N_("变更前"),
    N_("变更后"),
    N_("说明"),
    N_("来源地址"),
    N_("操作名称"),
    N_("对象类型名称"),
    N_("变更内容"),
]


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor_name__icontains=data["actor"])
        if data["action"]:
            entries = entries.filter(_action_matches(data["action"]))
        if data["object_type"]:
            entries = entries.filter(object_type__icontains=data["object_type"])
        zone = timezone.get_current_timezone()
        if data["since"]:
            entries = entries.filter(at__gte=dt.datetime.combine(data["since"], dt.time.min, zone))
        if data["until"]:
            entries = entries.filter(
                at__lt=dt.datetime.combine(data["until"] + dt.timedelta(days=1), dt.time.min, zone)
            )
    return form, entries


def _action_matches(text: str) -> Q:
    """The action typed as its code or as (part of) its Chinese name."""
    named = [code for code, label in ACTIONS.items() if text in str(label)]
    return Q(action__icontains=text) | Q(action__in=named)


@office_required
def audit_list(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows(page.object_list), "query": query.urlencode()}
    return render(request, "workbench/audit.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a leading = + - @ is quoted."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def _rows(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    writer: Any = csv.writer(_Echo())
    yield "\ufeff"  # BOM so that Excel opens the UTF-8 file as Chinese text
    yield writer.writerow([_(title) for title in CSV_HEADER])
    for row in _described(entries):
        e = row.entry
        yield writer.writerow(
            [
                _cell(v)
                for v in [
                    timezone.localtime(e.at).isoformat(timespec="seconds"),
                    e.actor_name,
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.object_repr,
                    e.unit_id or "",
                    json.dumps(e.before, ensure_ascii=False) if e.before is not None else "",
                    json.dumps(e.after, ensure_ascii=False) if e.after is not None else "",
                    e.note,
                    e.ip_address or "",
                    row.action,
                    row.kind,
                    row.summary,
                ]
            ]
        )


def _described(entries: QuerySet[AuditEntry]) -> Iterator[Any]:
    """The entries with their labels, described a chunk at a time (linked names looked up once)."""
    chunk: list[AuditEntry] = []
    for entry in entries.iterator(chunk_size=2000):
        chunk.append(entry)
        if len(chunk) == 2000:
            yield from rows(chunk)
            chunk = []
    yield from rows(chunk)


@office_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _form, entries = _filtered(request)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(_rows(entries.order_by("at", "id")), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
