"""A code published in parts, as the public sees it (issue 17, point 4): the public parts of a
whole in their order (books.py, ``PolicyDocument.part_of`` / ``part_number``)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from gongkai.policies import books, public
from gongkai.publishing.models import Item


@dataclass(frozen=True)
class Part:
    number: int  # its place in the whole (the anchor #part-N of the whole's page)
    heading: str  # 总则, 物权编 …
    item: Item

    def text(self) -> str:
        """The part's published body (sanitised when stored) without its own first heading
        naming the part (``<h2>总则</h2>``): the whole's page writes that heading, anchored."""
        revision = self.item.published_revision
        body = revision.body_html if revision is not None else ""
        own = f"<h2>{html.escape(self.heading)}</h2>"
        return body.replace(own, "", 1) if own in body[: len(own) + 200] else body


def whole_of(item: Any) -> str:
    """The title of the whole ``item`` is a part of ("" for a whole document)."""
    policy = getattr(item, "policy", None)
    return str(policy.part_of) if policy is not None and policy.part_of else ""


def parts_of(whole: str) -> QuerySet[Item]:
    """The current public parts of ``whole``, in order (bodies included: the whole's page
    shows them)."""
    return (
        public.current_policies()
        .filter(policy__part_of=whole)
        .select_related("policy")
        .order_by("policy__part_number", "pk")
    )


def parts(whole: str, *, with_bodies: bool = False) -> list[Part]:
    items = parts_of(whole)
    if not with_bodies:
        items = items.defer(*public.BODIES)
    return [Part(item.policy.part_number or 0, books.part_heading(_title(item)), item) for item in items]


def _title(item: Item) -> str:
    revision = item.published_revision
    return revision.title if revision is not None else item.title
