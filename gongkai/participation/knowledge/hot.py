"""Hot topics (热点问题): what people search for and which answers they read, per day.

Counted: the normalised text of each query typed into the public search page and the knowledge
base search (one row per day and text, no address, user or time of day), and the daily reads of
each published answer. We chose reads over the words of inquiry subjects: a subject is the
asker's own text and may not be public at all (the asker decides), while a read of a published
answer says which question people have without touching anything private.

Only a query that found published content is counted (the portal's search and knowledge pages
record it after the search): a text that finds nothing is never stored, so the public list of
hot topics cannot be made to show any string three addresses search for (a billboard). Queries
in which the personal-data detector finds anything (gongkai.personaldata, read as a citizen's
text: ID, phone and card numbers, e-mail and house addresses, in any of the forms people type
them), that hold a run of seven digits or more, or are longer than 50 characters are never
stored. A query counts once per
client and day (the client's address is only hashed into a cache key that expires the next day),
and a query is shown only when at least MIN_SEARCHES such counts add up in the window, so one
person repeating a text cannot put it on the public page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.http import HttpRequest
from django.utils import timezone

from gongkai import personaldata
from gongkai.audit.services import client_ip
from gongkai.participation.models import EntryViewCount, KnowledgeEntry, SearchCount
from gongkai.search.text import normalise

MAX_QUERY_CHARS = 50
WINDOW_DAYS = 30
MIN_SEARCHES = 3  # distinct clients-days
_DIGIT_RUN = re.compile(r"\d{7,}")


def normalised_query(text: str) -> str | None:
    """The text to count, or None when it must not be stored."""
    query = normalise(text or "").strip()
    if not query or len(query) > MAX_QUERY_CHARS:
        return None
    if _DIGIT_RUN.search(query.replace(" ", "").replace("-", "")) or personaldata.find(text, personaldata.CITIZEN):
        return None
    return query


def _bump(model: type[SearchCount] | type[EntryViewCount], **key: object) -> None:
    """Add one to the day's row, creating it on first use (safe when two requests race)."""
    if model.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            model.objects.create(count=1, **key)
    except IntegrityError:
        model.objects.filter(**key).update(count=F("count") + 1)


def _first_today(request: HttpRequest | None, day: dt.date, query: str) -> bool:
    """Whether this client has not searched this text today (a hashed, expiring cache key)."""
    address = client_ip(request) if request is not None else None
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address or 'unknown'}:{day}:{query}".encode()).hexdigest()
    return bool(cache.add(f"gongkai:hot:{digest[:32]}", 1, timeout=24 * 3600))


def record_search(text: str, request: HttpRequest | None = None) -> None:
    query = normalised_query(text)
    day = timezone.localdate()
    if query is not None and _first_today(request, day, query):
        _bump(SearchCount, day=day, query=query)


def record_view(entry: KnowledgeEntry) -> None:
    _bump(EntryViewCount, entry=entry, day=timezone.localdate())


@dataclass(frozen=True)
class Topic:
    text: str
    count: int


def _since(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days - 1)


def hot_queries(limit: int = 10, days: int = WINDOW_DAYS) -> list[Topic]:
    """The most searched texts of the last ``days`` days (today included), most first."""
    rows = (
        SearchCount.objects.filter(day__gte=_since(days))
        .values("query")
        .annotate(total=Sum("count"))
        .filter(total__gte=MIN_SEARCHES)
        .order_by("-total", "query")[:limit]
    )
    return [Topic(row["query"], row["total"]) for row in rows]


def most_read(entries: object, limit: int = 5, days: int = WINDOW_DAYS) -> list[tuple[KnowledgeEntry, int]]:
    """Among ``entries`` (a queryset of public entries), the most read of the last ``days`` days."""
    totals = (
        EntryViewCount.objects.filter(day__gte=_since(days), entry__in=entries)
        .values("entry")
        .annotate(total=Sum("count"))
        .order_by("-total", "entry")[:limit]
    )
    counts = {row["entry"]: row["total"] for row in totals}
    found = {e.pk: e for e in KnowledgeEntry.objects.filter(pk__in=counts).select_related("item__published_revision")}
    return [(found[pk], total) for pk, total in counts.items() if pk in found]
