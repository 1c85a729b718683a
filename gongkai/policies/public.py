"""What the public sees of policy documents and interpretations: the one place that answers it.

Everything comes from ``publishing.access.public_items()`` and the published revision's
snapshot (``ItemRevision.policy`` / ``.interpretation``), never from a working copy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from gongkai.policies.models import PolicyDocument, PolicyRelation
from gongkai.publiclinks import public_url
from gongkai.publishing import access
from gongkai.publishing.models import Item, Kind, State

# "X 修改/废止/替代/贯彻落实 Y" as seen from X (forward) and from Y (inverse: 被…修改).
FORWARD = {
    "amends": _("修改{document}"),
    "repeals": _("废止{document}"),
    "replaces": _("替代{document}"),
    "implements": _("贯彻落实{document}"),
}
INVERSE = {
    "amends": _("被{document}修改"),
    "repeals": _("被{document}废止"),
    "replaces": _("被{document}替代"),
    "implements": _("被{document}贯彻落实"),
}


# Lists never show bodies; leaving them out keeps the sort small (the corpus is 60 MB of text).
BODIES = ("body_html", "published_revision__body_html")


def current_policies() -> QuerySet[Item]:
    """Published, not withdrawn policy documents (by their published revision's kind)."""
    return (
        access.public_items()
        .exclude(state=State.WITHDRAWN)
        .filter(published_revision__kind=Kind.POLICY)
        .select_related("published_revision__policy")
    )


def normative_list() -> QuerySet[Item]:
    """现行有效规范性文件目录: current normative documents that are valid, by unit, newest first."""
    items = current_policies().filter(published_revision__normative=True, published_revision__validity="valid")
    order = ("unit__position", "unit_id", F("published_revision__written_on").desc(nulls_last=True), "-pk")
    return items.defer(*BODIES).order_by(*order)


def library_order(items: QuerySet[Item]) -> QuerySet[Item]:
    """By 成文日期, newest first, the undated last; ties by the item, newest first. Both keys are
    the published revision's (its ``item_id`` is the item's key), so the revision index ``(kind,
    written_on DESC, item_id DESC)`` (publishing migration 0009) serves the sort (issue 18)."""
    order = (F("published_revision__written_on").desc(nulls_last=True), F("published_revision__item").desc())
    return items.defer(*BODIES).order_by(*order)


@dataclass(frozen=True)
class RelationView:
    phrase: SafeString  # e.g. 被《…》废止, with the link


def _link(item: Item) -> SafeString:
    revision = item.published_revision
    title = revision.title if revision is not None else item.title
    return format_html('<a href="{}">《{}》</a>', public_url("item", item.pk), title)


def relations_of(document: PolicyDocument) -> list[RelationView]:
    """The document's relations both ways, each naming the other document if it is public."""
    related = PolicyRelation.objects.select_related(
        "source__item__published_revision", "target__item__published_revision"
    ).defer("source__item__body_html", "target__item__body_html", *_RELATED_BODIES)
    both = list(related.filter(Q(source=document) | Q(target=document)))  # one query, both ways
    views = []
    for relation in both:
        if relation.source_id == document.pk and relation.target.item.is_public:
            views.append(RelationView(format_html(str(FORWARD[relation.kind]), document=_link(relation.target.item))))
    for relation in both:
        if relation.target_id == document.pk and relation.source.item.is_public:
            views.append(RelationView(format_html(str(INVERSE[relation.kind]), document=_link(relation.source.item))))
    return views


_RELATED_BODIES = ("source__item__published_revision__body_html", "target__item__published_revision__body_html")


def interpretations_of(document: PolicyDocument) -> QuerySet[Item]:
    """The current public interpretations of ``document`` (by their published snapshot)."""
    items = access.public_items().exclude(state=State.WITHDRAWN)
    items = items.filter(
        published_revision__kind=Kind.INTERPRETATION, published_revision__interpretation__document=document
    )
    ordered = items.select_related("published_revision__interpretation").defer(*BODIES)
    return ordered.order_by("published_revision__published_at", "pk")


def _policy_context(item: Item) -> dict[str, Any]:
    # The item page reads the document with the item (select_related("policy")); elsewhere
    # this is the one query for it. None when the item has no policy document.
    document: PolicyDocument | None = getattr(item, "policy", None)
    meta = getattr(item.published_revision, "policy", None)
    if document is None:
        return {"policy": meta}
    return {
        "policy": meta,
        "relations": relations_of(document),
        "interpretations": interpretations_of(document),
    }


def _interpretation_context(item: Item) -> dict[str, Any]:
    meta = getattr(item.published_revision, "interpretation", None)
    if meta is None:
        return {}
    document_item = meta.document.item
    return {"interpretation": meta, "document_item": document_item if document_item.is_public else None}


def extras(item: Item) -> dict[str, Any]:
    """What the public item page adds for a policy document or an interpretation."""
    revision = item.published_revision
    if revision is None:
        return {}
    if revision.kind == Kind.POLICY:
        return _policy_context(item)
    if revision.kind == Kind.INTERPRETATION:
        return _interpretation_context(item)
    return {}


def year_choices() -> list[int]:
    """The years (of 成文日期) the library's filter offers, newest first: from the newest current
    policy document's year to the oldest's. Two reads of the revision index, each stopping at its
    first row, where a DISTINCT over every document's year grew with the library (issue 18); a
    year between them in which nothing was written simply finds nothing."""
    dated = current_policies().filter(published_revision__written_on__isnull=False).order_by()
    written = "published_revision__written_on"
    # The nulls where the index keeps them (DESC NULLS LAST; read backwards, ASC NULLS FIRST):
    # PostgreSQL's own defaults are the opposite and would sort every policy instead.
    newest = dated.order_by(F(written).desc(nulls_last=True), F("published_revision__item").desc())
    oldest = dated.order_by(F(written).asc(nulls_first=True), F("published_revision__item").asc())
    last: dt.date | None = newest.values_list(written, flat=True).first()
    first: dt.date | None = oldest.values_list(written, flat=True).first()
    if last is None or first is None:
        return []
    return list(range(last.year, first.year - 1, -1))
