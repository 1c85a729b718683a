"""一号答, the public side: the knowledge base page (search box, hot topics, filters by unit and
topic, the answers) and an answer's page (question, uniform answer, cited documents and
catalogue entries, version dates). Works without JavaScript; nothing personal is shown or stored
(the search counter keeps the query text only: ``participation.knowledge.hot``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from gongkai.orgs.models import Unit
from gongkai.participation.knowledge import hot, public
from gongkai.participation.knowledge.access import get_public_entry, public_entries
from gongkai.portal.paging import CappedPaginator
from gongkai.portal.views import Crumb
from gongkai.publishing.vocab import TOPICS

PAGE_SIZE = 10
HOT_TOPICS = 10


def _crumbs(*tail: Crumb) -> list[Crumb]:
    return [Crumb(_("首页"), reverse("portal:home")), Crumb(_("政策问答"), reverse("portal:knowledge")), *tail]


def _unit(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _filters(request: HttpRequest) -> tuple[str, int | None, str | None]:
    q = request.GET.get("q", "").strip()[:200]
    topic = request.GET.get("topic") if request.GET.get("topic") in dict(TOPICS) else None
    return q, _unit(request.GET.get("unit")), topic


def _choices() -> dict[str, Any]:
    entries = public_entries().order_by()
    unit_ids = entries.values_list("item__unit_id", flat=True)
    topics = set(entries.values_list("item__published_revision__topic", flat=True).distinct())
    return {
        "units": Unit.objects.filter(pk__in=unit_ids).order_by("position", "id").only("pk", "name"),
        "topics": [(code, label) for code, label in TOPICS if code in topics],
    }


def _hot_links() -> list[dict[str, Any]]:
    return [
        {"text": t.text, "count": t.count, "url": reverse("portal:knowledge") + "?" + urlencode({"q": t.text})}
        for t in hot.hot_queries(HOT_TOPICS)
    ]


@require_safe
def knowledge_list(request: HttpRequest) -> HttpResponse:
    q, unit_id, topic = _filters(request)
    if q:
        found: Any = public.find(q, unit_id, topic)
    else:
        found = public.browse(unit_id, topic)
    page = CappedPaginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    if q and request.GET.get("page", "1") == "1" and page.paginator.count:
        # The query text only, and only when it found published answers (a text that finds
        # nothing is never listed); a further page is not a new search.
        hot.record_search(q, request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "q": q,
        "unit": unit_id,
        "topic": topic or "",
        "rows": [public.row(entry, q) for entry in page],
        "page": page,
        "query": query.urlencode(),
        "hot": _hot_links(),
        "most_read": hot.most_read(public_entries()),
        "crumbs": _crumbs(),
        **_choices(),
    }
    return render(request, "portal/knowledge.html", context)


@require_safe
def knowledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_public_entry(pk)
    hot.record_view(entry)
    shown = public.detail(entry)
    context = {"d": shown, "crumbs": _crumbs(Crumb(shown.revision.title))}
    return render(request, "portal/knowledge_detail.html", context)
