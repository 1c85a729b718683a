"""Turning hits into what people read: title, unit, date, link and a highlighted snippet."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from gongkai.publiclinks import public_url
from gongkai.publishing.access import public_items
from gongkai.publishing.sanitize import plain_text
from gongkai.search.backends.base import Hit
from gongkai.search.text import normalise, phrase_tokens

SNIPPET_CHARS = 120


@dataclass(frozen=True)
class Result:
    id: int
    source_id: str | None
    kind: str
    title: str
    url: str
    snippet: str
    unit: str
    published_on: dt.date | None
    score: float


def _needles(query: str, extra: list[str]) -> list[str]:
    whole = "".join(normalise(query).split())
    # Single characters (个 of 个保法) would light up half the text: only words are marked.
    words = [w for w in phrase_tokens(query) + extra if len(w) > 1]
    return [n for n in dict.fromkeys([whole, *sorted(words, key=len, reverse=True)]) if n]


def snippet(text: str, query: str, size: int = SNIPPET_CHARS, extra: list[str] | None = None) -> str:
    """An HTML-escaped excerpt around the first occurrence of the query (or its words), with
    the occurrences marked ``<mark>``. Safe to render: everything else is escaped."""
    lowered = text.lower()
    needles = _needles(query, extra or [])
    start = next((pos for n in needles if (pos := lowered.find(n)) >= 0), 0)
    begin = max(0, start - size // 4)
    excerpt = text[begin : begin + size]
    pattern = "|".join(re.escape(html.escape(n)) for n in needles)
    escaped = html.escape(excerpt)
    if pattern:
        escaped = re.sub(f"({pattern})", r"<mark>\1</mark>", escaped, flags=re.IGNORECASE)
    return ("…" if begin else "") + escaped + ("…" if begin + size < len(text) else "")


def _url(pk: int, kind: str) -> str:
    """A uniform answer (一号答) opens on the knowledge base's page, with its links; the rest on
    the item page."""
    return public_url("answer" if kind == "answer" else "item", pk)


def _publisher(item: Any, policy: Any) -> str:
    """Who a result comes from: a policy's issuing organ; a carried higher-level document whose
    organ is unknown says its level, never the district unit that merely carries it."""
    if policy is None:
        return str(item.unit.name)
    if policy.issuer:
        return str(policy.issuer)
    if policy.level != "district":
        return _("上级文件（%(level)s）") % {"level": policy.get_level_display()}
    return str(item.unit.name)


def present(hits: list[Hit], query: str, full_names: list[str]) -> list[Result]:
    """Results in the order of ``hits``; a hit whose item is no longer public is dropped."""
    found = public_items().filter(pk__in=[h.id for h in hits]).exclude(state="withdrawn")
    if apps.is_installed("gongkai.policies"):
        found = found.select_related("policy")
    items = {i.pk: i for i in found}
    results = []
    for hit in hits:
        item = items.get(hit.id)
        if item is None or item.published_revision is None:
            continue
        revision = item.published_revision
        policy = getattr(item, "policy", None)
        results.append(
            Result(
                id=item.pk,
                source_id=getattr(policy, "source_id", None) if policy else None,
                kind=revision.kind,
                title=revision.title,
                url=_url(item.pk, revision.kind),
                snippet=snippet(plain_text(revision.body_html), query, extra=full_names),
                unit=_publisher(item, policy),
                published_on=item.first_published_on,
                score=round(hit.score, 4),
            )
        )
    return results
