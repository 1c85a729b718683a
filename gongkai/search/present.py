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

from django.apps import apps
from django.db.models import F
from django.utils.translation import gettext as _

from gongkai.publiclinks import public_url
from gongkai.publishing.access import public_items
from gongkai.publishing.sanitize import plain_text
from gongkai.search.backends.base import Hit
from gongkai.search.documents import indexed_files
from gongkai.search.labels import kind_label, validity_label
from gongkai.search.text import normalise, phrase_tokens
from gongkai.search.windows import Window, windows

SNIPPET_CHARS = 120
# Where a result's query was found (API.md ``matched_in``); None when none of its words is
# found as typed (a 文号 retyped with other brackets, words spread over the text).
TITLE, BODY, ATTACHMENT = "title", "body", "attachment"
# The query's forms looked for inside files, best first (the whole query, then its longest
# words): each is one position lookup per file in the database.
MAX_FILE_NEEDLES = 4
# A result's body is never loaded whole (issue 18: a law's full text is hundreds of kilobytes, and
# reading ten of them made a results page cost ten times the engine's time). The database finds
# the first of the query's forms in the published body's HTML and returns a window of markup
# around it, which becomes text here: WINDOW_BEFORE characters before the form (markup takes
# some of them), WINDOW_CHARS in all.
MAX_BODY_NEEDLES = 4
WINDOW_BEFORE = 120
WINDOW_CHARS = 600
_PARTIAL_ENTITY = re.compile(r"&#?\w*$")


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
    files = (
        indexed_files()
        .filter(item_id__in=item_ids)
        .order_by()
        .values("id", "item_id", "name", "position", text=F("text_layer__text"))
    )
    # The excerpt begins a little before the first needle found in the text (its start when
    # only the name holds one), as snippet() does; one character more tells whether text follows.
    found = windows(
        files,
        ["id", "item_id", "name"],
        "text",
        needles,
        size // 4,
        size,
        name="name",
        only_found=True,
        order=("item_id", "position", "id"),
    )
    matches: dict[int, FileMatch] = {}
    for window in found:
        pk, item_id, file_name = window.key
        needle = min(i for i in range(len(needles)) if window.found[i] or window.named[i])
        best = matches.get(item_id)
        if best is not None and best.needle <= needle:
            continue
        excerpt = window.text
        shown = ("…" if window.begin > 1 else "") + _mark(excerpt[:size], marks) + ("…" if len(excerpt) > size else "")
        matches[item_id] = FileMatch(pk, str(file_name), needle, shown)
    return matches


def _placing(query: str, needles: list[str]) -> list[str]:
    """The forms of the query that say where it was found, best first: the text as typed (when
    typed as one phrase, without spaces), then its words, longest first. Words typed apart
    (燃气 管理) are looked for as words: their run (燃气管理) in a file must not outweigh both
    words in the title."""
    return needles[1:] if len(normalise(query).split()) > 1 and len(needles) > 1 else needles


def _place(needles: list[str], row: _Row, file: FileMatch | None) -> str | None:
    """Where the query's best form is found (``needles`` from _placing); for one form, the title
    before the body before a file."""
    for index, needle in enumerate(needles):
        if needle in row.title:
            return TITLE
        if needle in row.in_body or needle in row.text:
            return BODY
        if file is not None and file.needle == index:
            return ATTACHMENT
    return None


def _url(pk: int, kind: str) -> str:
    """A uniform answer (一号答) opens on the knowledge base's page, with its links; the rest on
    the item page."""
    return public_url("answer" if kind == "answer" else "item", pk)


def _publisher(shown: _Shown) -> str:
    """Who a result comes from: a policy's issuing organ; a carried higher-level document whose
    organ is unknown says its level, never the district unit that merely carries it."""
    if not shown.is_policy:
        return shown.unit
    if shown.issuer:
        return shown.issuer
    if shown.level != "district":
        return _("上级文件（%(level)s）") % {"level": _level_labels().get(shown.level, shown.level)}
    return shown.unit


def _level_labels() -> dict[str, str]:
    """The policies' levels by name (省级, 市级 …), read from the model: search names no domain."""
    field = apps.get_model("policies", "PolicyDocument")._meta.get_field("level")
    return {str(value): str(label) for value, label in field.flatchoices}


def _wholes(items: list[_Shown]) -> dict[str, _Whole]:
    """The wholes the parts among ``items`` belong to, with all their public parts in order: one
    query for a page, whatever the number of wholes (none when no item is a part)."""
    titles = {item.part_of for item in items if item.part_of}
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


def _window_text(window: Window) -> tuple[str, bool, bool]:
    """The text of a body window, and whether the body goes on before and after it. A tag or
    entity the window cuts is dropped (``>`` and ``<`` in text are always escaped)."""
    markup = window.text
    before, after = window.begin > 1, len(markup) > WINDOW_CHARS
    markup = markup[:WINDOW_CHARS]
    if before:
        close, opening = markup.find(">"), markup.find("<")
        if close >= 0 and (opening < 0 or close < opening):
            markup = markup[close + 1 :]
    if after:
        opening = markup.rfind("<")
        if opening >= 0 and markup.find(">", opening) < 0:
            markup = markup[:opening]
        markup = _PARTIAL_ENTITY.sub("", markup)
    return plain_text(markup), before, after


def _window_snippet(text: str, needles: list[str], before: bool, after: bool) -> str:
    """snippet() of a body window (``needles``: _needles of the query, computed once a page):
    the ellipses say where the body goes on beyond it."""
    lowered = text.lower()
    start = next((pos for n in needles if (pos := lowered.find(n)) >= 0), 0)
    begin = max(0, start - SNIPPET_CHARS // 4)
    excerpt = text[begin : begin + SNIPPET_CHARS]
    more = after or begin + SNIPPET_CHARS < len(text)
    return ("…" if begin or before else "") + _mark(excerpt, needles) + ("…" if more else "")


@dataclass(frozen=True)
class _Shown:
    """What a result shows of its item (its published revision's title, kind and validity, its
    policy's fields when it is one) and the window of its published body around the query."""

    id: int
    kind: str
    title: str
    validity: str
    unit: str
    published_on: dt.date | None
    carried: bool
    window: Window
    is_policy: bool = False
    source_id: str | None = None
    issuer: str = ""
    level: str = ""
    category: str = ""  # read by labels.kind_label
    part_of: str = ""
    part_number: int | None = None


_FIELDS = {
    "id": F("pk"),
    "kind": F("published_revision__kind"),
    "title": F("published_revision__title"),
    "validity": F("published_revision__validity"),
    "unit": F("unit__name"),
    "published_on": F("first_published_on"),
    "carried": F("carried"),
}
_POLICY_FIELDS = {
    "is_policy": F("policy__pk"),
    "source_id": F("policy__source_id"),
    "issuer": F("policy__issuer"),
    "level": F("policy__level"),
    "category": F("policy__category"),
    "part_of": F("policy__part_of"),
    "part_number": F("policy__part_number"),
}


# The published body: read by the database for the window only. The aliases of the values are
# prefixed: an alias may not be the name of a field of the model.
_BODY = "published_revision__body_html"


def _shown(ids: list[int], needles: list[str]) -> dict[int, _Shown]:
    """The public, not withdrawn items among ``ids`` as results show them: one query, with the
    window of each published body (windows.py) and never a whole body."""
    fields = {**_FIELDS, **(_POLICY_FIELDS if apps.is_installed("gongkai.policies") else {})}
    rows = (
        public_items()
        .filter(pk__in=ids)
        .exclude(state="withdrawn")
        .order_by()
        .values(**{f"shown_{name}": value for name, value in fields.items()}, shown_body=F(_BODY))
    )
    keys = [f"shown_{name}" for name in fields]
    found = windows(rows, keys, "shown_body", needles[:MAX_BODY_NEEDLES], WINDOW_BEFORE, WINDOW_CHARS)
    shown = {}
    for window in found:
        values = dict(zip(fields, window.key, strict=True))
        values["is_policy"] = values.get("is_policy") is not None
        for name in ("issuer", "level", "category", "part_of"):
            if name in values:
                values[name] = str(values[name] or "")
        values["carried"] = bool(values["carried"])
        values["published_on"] = _date(values["published_on"])
        shown[values["id"]] = _Shown(window=window, **values)
    return shown


def _date(value: object) -> dt.date | None:
    """A date from a raw row: SQLite gives text, PostgreSQL a date."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


@dataclass(frozen=True)
class _Row:
    hit: Hit
    item: _Shown
    snippet: str  # of the body window
    title: str  # title and body window as needles are written (_compact)
    text: str
    in_body: frozenset[str]  # the needles the database found in the whole body

    def holds(self, needle: str) -> bool:
        return needle in self.title or needle in self.in_body or needle in self.text


def _rows(hits: list[Hit], items: dict[int, _Shown], needles: list[str]) -> list[_Row]:
    rows = []
    for hit in hits:
        item = items.get(hit.id)
        if item is None:
            continue
        text, before, after = _window_text(item.window)
        shown = _window_snippet(text, needles, before, after)
        found = frozenset(n for n, holds in zip(needles, item.window.found, strict=False) if holds)
        rows.append(_Row(hit, item, shown, _compact(item.title), _compact(text), found))
    return rows


def present(hits: list[Hit], query: str, full_names: list[str]) -> list[Result]:
    """Results in the order of ``hits``; a hit whose item is no longer public is dropped. A
    result found only in a file says so, with the file's name and a snippet of its text.

    At most three queries for a page, whatever its length: the items (with a window of their
    bodies around the query, never the whole body), the parts of the codes among them (only when
    some are parts), then (only when the query's best form is in neither the title nor the body
    of some of them) the position of the query's forms in those items' public files, with an
    excerpt of each file that holds one."""
    if not hits:
        return []
    needles = _needles(query, full_names)
    items = _shown([h.id for h in hits], needles)
    wholes = _wholes(list(items.values()))
    rows = _rows(hits, items, needles)
    placing = _placing(query, needles)
    unanswered = [row.item.id for row in rows if placing and not row.holds(placing[0])]
    files = file_matches(unanswered, placing, needles)
    results = []
    for row in rows:
        item = row.item
        matched_in = _place(placing, row, files.get(item.id))
        in_file = files[item.id] if matched_in == ATTACHMENT else None
        result = Result(
            id=item.id,
            source_id=item.source_id,
            kind=item.kind,
            title=item.title,
            url=_url(item.id, item.kind),
            snippet=in_file.snippet if in_file else row.snippet,
            unit=_publisher(item),
            published_on=item.published_on,
            score=round(row.hit.score, 4),
            matched_in=matched_in,
            attachment=in_file.name if in_file else None,
            attachment_url=public_url("attachment", item.id, in_file.attachment_id) if in_file else None,
            kind_label=kind_label(item.kind, item if item.is_policy else None, item.carried),
            validity=item.validity,
            validity_label=validity_label(item.validity),
        )
        whole = wholes.get(item.part_of)
        results.append(_as_whole(result, whole, item.part_number) if whole else result)
    return results
