"""Turning hits into what people read: title, unit, date, link and a highlighted snippet.

A hit in a part of a code published in parts (a book of the 民法典, ``policy.part_of``) is shown
as the whole (API.md, Search): the whole's title, the id and source id of its first part, the
other parts' source ids in order, and a link to the whole's page at the part where it was found.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from django.apps import apps
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Greatest, Lower, NullIf, StrIndex, Substr
from django.utils.translation import gettext as _

from gongkai.publiclinks import public_url
from gongkai.publishing.access import public_items
from gongkai.publishing.models import Item, ItemRevision
from gongkai.publishing.sanitize import plain_text
from gongkai.search.backends.base import Hit
from gongkai.search.documents import indexed_files
from gongkai.search.labels import kind_label, validity_label
from gongkai.search.text import normalise, phrase_tokens

SNIPPET_CHARS = 120
# Where a result's query was found (API.md ``matched_in``); None when none of its words is
# found as typed (a 文号 retyped with other brackets, words spread over the text).
TITLE, BODY, ATTACHMENT = "title", "body", "attachment"
# The query's forms looked for inside files, best first (the whole query, then its longest
# words): each is one position lookup per file in the database.
MAX_FILE_NEEDLES = 4


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
    matched_in: str | None = None  # TITLE, BODY or ATTACHMENT
    attachment: str | None = None  # the file's name when matched_in is ATTACHMENT
    attachment_url: str | None = None  # and its public download
    kind_label: str = ""  # 法律, 行政法规, 本级规范性文件, 政策解读, 答问 … (labels.kind_label)
    validity: str = ""  # valid, amended, repealed, expired
    validity_label: str = ""  # 有效, 已修改, 已废止, 失效
    parts: list[str] = field(default_factory=list)  # a code's other parts' source ids, in order


@dataclass(frozen=True)
class _Whole:
    """A code published in parts, as a result shows it: its first public part (id, source id)
    and the others' source ids."""

    title: str
    first_id: int
    first_source_id: str | None
    others: list[str]


@dataclass(frozen=True)
class FileMatch:
    """The best file of an item for the query: the first needle it holds (index into the
    needles), its name and a snippet of its text."""

    attachment_id: int
    name: str
    needle: int
    snippet: str


def _needles(query: str, extra: list[str]) -> list[str]:
    whole = "".join(normalise(query).split())
    # Single characters (个 of 个保法) would light up half the text: only words are marked.
    words = [w for w in phrase_tokens(query) + extra if len(w) > 1]
    return [n for n in dict.fromkeys([whole, *sorted(words, key=len, reverse=True)]) if n]


def _mark(excerpt: str, needles: list[str]) -> str:
    """``excerpt`` HTML-escaped, with the occurrences of the needles marked ``<mark>``."""
    pattern = "|".join(re.escape(html.escape(n)) for n in needles)
    escaped = html.escape(excerpt)
    if pattern:
        escaped = re.sub(f"({pattern})", r"<mark>\1</mark>", escaped, flags=re.IGNORECASE)
    return escaped


def snippet(text: str, query: str, size: int = SNIPPET_CHARS, extra: list[str] | None = None) -> str:
    """An HTML-escaped excerpt around the first occurrence of the query (or its words), with
    the occurrences marked ``<mark>``. Safe to render: everything else is escaped."""
    lowered = text.lower()
    needles = _needles(query, extra or [])
    start = next((pos for n in needles if (pos := lowered.find(n)) >= 0), 0)
    begin = max(0, start - size // 4)
    excerpt = text[begin : begin + size]
    return ("…" if begin else "") + _mark(excerpt, needles) + ("…" if begin + size < len(text) else "")


def _compact(text: str) -> str:
    """The text as needles are written: normalised, without spaces."""
    return "".join(normalise(text).split())


def file_matches(
    item_ids: list[int], needles: list[str], marks: list[str] | None = None, size: int = SNIPPET_CHARS
) -> dict[int, FileMatch]:
    """For each item among ``item_ids``, its public file (never one taken down) holding the best
    of ``needles`` in its text or name, with a snippet of its text there (``marks`` marked, by
    default the needles). One query, whatever the number of items and files: the database finds
    the positions and returns only the excerpts, never a file's whole text."""
    marks = marks if marks is not None else needles
    needles = needles[:MAX_FILE_NEEDLES]
    if not item_ids or not needles:
        return {}
    text, name = Lower("text_layer__text"), Lower("name")
    in_text = {f"in_text_{i}": StrIndex(text, Value(n)) for i, n in enumerate(needles)}
    in_name = {f"in_name_{i}": StrIndex(name, Value(n)) for i, n in enumerate(needles)}
    found = Q()
    for label in [*in_text, *in_name]:
        found |= Q(**{f"{label}__gt": 0})
    # The excerpt begins a little before the first needle found in the text (its start when
    # only the name holds one), as snippet() does; one character more tells whether text follows.
    first = Coalesce(*(NullIf(F(label), Value(0)) for label in in_text), Value(1))
    begin = Greatest(first - Value(size // 4), Value(1))
    rows = (
        indexed_files()
        .filter(item_id__in=item_ids)
        .annotate(**in_text, **in_name)
        .filter(found)
        .annotate(begin=begin, excerpt=Substr(Coalesce("text_layer__text", Value("")), begin, size + 1))
        .order_by("item_id", "position", "pk")
        .values("pk", "item_id", "name", "begin", "excerpt", *in_text, *in_name)
    )
    matches: dict[int, FileMatch] = {}
    for row in rows:
        needle = min(i for i in range(len(needles)) if row[f"in_text_{i}"] or row[f"in_name_{i}"])
        best = matches.get(row["item_id"])
        if best is not None and best.needle <= needle:
            continue
        excerpt = str(row["excerpt"])
        shown = ("…" if row["begin"] > 1 else "") + _mark(excerpt[:size], marks) + ("…" if len(excerpt) > size else "")
        matches[row["item_id"]] = FileMatch(row["pk"], str(row["name"]), needle, shown)
    return matches


def _placing(query: str, needles: list[str]) -> list[str]:
    """The forms of the query that say where it was found, best first: the text as typed (when
    typed as one phrase, without spaces), then its words, longest first. Words typed apart
    (燃气 管理) are looked for as words: their run (燃气管理) in a file must not outweigh both
    words in the title."""
    return needles[1:] if len(normalise(query).split()) > 1 and len(needles) > 1 else needles


def _place(needles: list[str], title: str, body: str, file: FileMatch | None) -> str | None:
    """Where the query's best form is found (``needles`` from _placing); for one form, the title
    before the body before a file."""
    for index, needle in enumerate(needles):
        if needle in title:
            return TITLE
        if needle in body:
            return BODY
        if file is not None and file.needle == index:
            return ATTACHMENT
    return None


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


def _wholes(items: list[Item]) -> dict[str, _Whole]:
    """The wholes the parts among ``items`` belong to, with all their public parts in order: one
    query for a page, whatever the number of wholes (none when no item is a part)."""
    titles = {whole for item in items if (whole := _part_of(item))}
    if not titles:
        return {}
    rows = (
        public_items()
        .exclude(state="withdrawn")
        .filter(policy__part_of__in=titles)
        .order_by("policy__part_of", "policy__part_number", "pk")
        .values_list("pk", "policy__source_id", "policy__part_of")
    )
    found: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    for pk, source_id, whole in rows:
        found[whole].append((pk, source_id))
    return {
        whole: _Whole(whole, parts[0][0], parts[0][1], [sid for _pk, sid in parts[1:] if sid])
        for whole, parts in found.items()
    }


def _part_of(item: Item) -> str:
    policy = getattr(item, "policy", None)
    return str(getattr(policy, "part_of", "") or "") if policy is not None else ""


def _as_whole(result: Result, whole: _Whole, part_number: int | None) -> Result:
    # Found in the text of a part: the whole's page opens at that part; found by name: at its top.
    anchor = f"#part-{part_number}" if part_number and result.matched_in != TITLE else ""
    return replace(
        result,
        id=whole.first_id,
        source_id=whole.first_source_id,
        title=whole.title,
        url=public_url("code", whole.first_id) + anchor,
        parts=whole.others,
    )


@dataclass(frozen=True)
class _Row:
    hit: Hit
    item: Item
    revision: ItemRevision  # the published one
    body: str  # its plain text
    title: str  # title and body as needles are written (_compact)
    text: str

    def holds(self, needle: str) -> bool:
        return needle in self.title or needle in self.text


def present(hits: list[Hit], query: str, full_names: list[str]) -> list[Result]:
    """Results in the order of ``hits``; a hit whose item is no longer public is dropped. A
    result found only in a file says so, with the file's name and a snippet of its text.

    At most three queries for a page, whatever its length: the items, the parts of the codes
    among them (only when some are parts), then (only when the query's best form is in neither
    the title nor the body of some of them) the position of the query's forms in those items'
    public files, with an excerpt of each file that holds one."""
    found = public_items().filter(pk__in=[h.id for h in hits]).exclude(state="withdrawn")
    policies = apps.is_installed("gongkai.policies")
    if policies:
        found = found.select_related("policy")
    items = {i.pk: i for i in found}
    wholes = _wholes(list(items.values())) if policies else {}
    needles = _needles(query, full_names)
    rows = []
    for hit in hits:
        item = items.get(hit.id)
        if item is None or item.published_revision is None:
            continue
        body = plain_text(item.published_revision.body_html)
        rows.append(
            _Row(hit, item, item.published_revision, body, _compact(item.published_revision.title), _compact(body))
        )
    placing = _placing(query, needles)
    unanswered = [row.item.pk for row in rows if placing and not row.holds(placing[0])]
    files = file_matches(unanswered, placing, needles)
    results = []
    for row in rows:
        item, revision = row.item, row.revision
        policy = getattr(item, "policy", None)
        matched_in = _place(placing, row.title, row.text, files.get(item.pk))
        in_file = files[item.pk] if matched_in == ATTACHMENT else None
        result = Result(
            id=item.pk,
            source_id=getattr(policy, "source_id", None) if policy else None,
            kind=revision.kind,
            title=revision.title,
            url=_url(item.pk, revision.kind),
            snippet=in_file.snippet if in_file else snippet(row.body, query, extra=full_names),
            unit=_publisher(item, policy),
            published_on=item.first_published_on,
            score=round(row.hit.score, 4),
            matched_in=matched_in,
            attachment=in_file.name if in_file else None,
            attachment_url=public_url("attachment", item.pk, in_file.attachment_id) if in_file else None,
            kind_label=kind_label(revision.kind, policy, item.carried),
            validity=revision.validity,
            validity_label=validity_label(revision.validity),
        )
        whole = wholes.get(_part_of(item))
        results.append(_as_whole(result, whole, getattr(policy, "part_number", None)) if whole else result)
    return results
