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
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

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


# Counting never writes to the database on the public GET that counts (issue 18, point 1): a page
# view appends one line to a tally file of its own process and minute under DATA_DIR/tally/hot
# (an O_APPEND write of a few bytes: no lock a reader or SQLite's one writer waits on), and
# flush() — `manage.py flush_counts`, every minute beside publish_scheduled — adds up the files
# of past minutes into the day rows in one transaction each, then deletes them. A file of the
# current minute is left to its writer; flush(everything=True) takes it too (tests, shutdown).
# On two application nodes each node keeps its own tally directory and runs the job.
_SEARCH, _VIEW = "S", "V"


def _tally_dir() -> Path:
    return Path(settings.DATA_DIR) / "tally" / "hot"


def _tally(kind: str, day: dt.date, key: str) -> None:
    folder = _tally_dir()
    folder.mkdir(parents=True, exist_ok=True)
    minute = timezone.now().strftime("%Y%m%d%H%M")
    line = "\t".join((kind, day.isoformat(), key.replace("\t", " ").replace("\n", " "))) + "\n"
    with open(folder / f"{minute}-{os.getpid()}.tsv", "a", encoding="utf-8") as tally:
        tally.write(line)


def _bump(model: type[SearchCount] | type[EntryViewCount], count: int, **key: object) -> None:
    """Add ``count`` to the day's row, creating it on first use (safe when two flushes race)."""
    if model.objects.filter(**key).update(count=F("count") + count):
        return
    try:
        with transaction.atomic():
            model.objects.create(count=count, **key)
    except IntegrityError:
        model.objects.filter(**key).update(count=F("count") + count)


def _read(path: Path) -> Counter[tuple[str, str, str]]:
    counts: Counter[tuple[str, str, str]] = Counter()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            counts[(parts[0], parts[1], parts[2])] += 1
    return counts


def _write(counts: Counter[tuple[str, str, str]]) -> None:
    live = set(
        KnowledgeEntry.objects.filter(pk__in=[int(k) for t, _, k in counts if t == _VIEW and k.isdigit()]).values_list(
            "pk", flat=True
        )
    )
    for (kind, day, key), count in counts.items():
        on = dt.date.fromisoformat(day)
        if kind == _SEARCH:
            _bump(SearchCount, count, day=on, query=key)
        elif kind == _VIEW and key.isdigit() and int(key) in live:
            _bump(EntryViewCount, count, entry_id=int(key), day=on)


def flush(*, everything: bool = False) -> int:
    """Add the tallies of past minutes (all of them with ``everything``) to the database; returns
    how many counts were written. A file is deleted only after its transaction commits."""
    folder = _tally_dir()
    if not folder.is_dir():
        return 0
    current = timezone.now().strftime("%Y%m%d%H%M")
    written = 0
    for path in sorted(folder.glob("*.tsv")):
        if not everything and path.name.split("-", 1)[0] >= current:
            continue
        counts = _read(path)
        with transaction.atomic():
            _write(counts)
        path.unlink()
        written += sum(counts.values())
    return written


def _first_today(request: HttpRequest | None, day: dt.date, query: str) -> bool:
    """Whether this client has not searched this text today (a hashed, expiring cache key)."""
    address = client_ip(request) if request is not None else None
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address or 'unknown'}:{day}:{query}".encode()).hexdigest()
    return bool(cache.add(f"gongkai:hot:{digest[:32]}", 1, timeout=24 * 3600))


def record_search(text: str, request: HttpRequest | None = None) -> None:
    query = normalised_query(text)
    day = timezone.localdate()
    if query is not None and _first_today(request, day, query):
        _tally(_SEARCH, day, query)


def record_view(entry: KnowledgeEntry) -> None:
    _tally(_VIEW, timezone.localdate(), str(entry.pk))


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
