"""What the item page shows of the privacy guard (issue 24, item 3): each place of the item that
holds personal data — the title, the body, a page or a cell of a file — with the numbers marked
in a short excerpt, so the editor can find and mask them before anyone else is asked; and each
file's reading state. Staff see the numbers themselves (they hold the file); nothing of this
reaches a public page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gongkai import personaldata
from gongkai.publishing import privacy
from gongkai.publishing.models import Attachment, AttachmentText, Item
from gongkai.publishing.sanitize import plain_text

MAX_SHOWN = 50
CONTEXT = 24  # characters either side of a finding in an excerpt


@dataclass(frozen=True)
class ShownPlace:
    where: str
    what: str
    excerpt: SafeString


def _marked(text: str, start: int, end: int, findings: list[personaldata.Finding]) -> SafeString:
    """``text[start:end]`` escaped, the findings inside it in <mark>."""
    parts, at = [], start
    for f in findings:
        if f.end <= start or f.start >= end:
            continue
        parts += [escape(text[at : f.start]), "<mark>", escape(text[f.start : f.end]), "</mark>"]
        at = f.end
    parts.append(escape(text[at:end]))
    ellipsis = ("…" if start > 0 else "", "…" if end < len(text) else "")
    return mark_safe(ellipsis[0] + "".join(parts) + ellipsis[1])  # noqa: S308 - every piece is escaped


def _excerpts(where: str, text: str) -> list[ShownPlace]:
    found = personaldata.find(text, personaldata.PUBLICATION)
    shown = []
    for f in found:
        start, end = max(0, f.start - CONTEXT), min(len(text), f.end + CONTEXT)
        shown.append(ShownPlace(where, str(personaldata.LABELS[f.kind]), _marked(text, start, end, found)))
    return shown


def shown_places(item: Item, files: list[Attachment]) -> tuple[list[ShownPlace], int]:
    """The findings to show (at most MAX_SHOWN, each in its excerpt) and how many there are."""
    shown = _excerpts(_("标题"), item.title) + _excerpts(_("正文"), plain_text(item.body_html))
    with_findings = {a.pk: a for a in files if a.findings}
    texts = AttachmentText.objects.filter(attachment_id__in=with_findings).only("attachment_id", "places")
    for layer in texts:
        name = with_findings[layer.attachment_id].name
        for where, text in layer.places:
            label = _("附件“%(name)s”%(where)s") % {"name": name, "where": where}
            if len(shown) < MAX_SHOWN:
                shown += _excerpts(label, text)
    total = sum(place.count for place in privacy.item_places(item, files)) if shown else 0
    return shown[:MAX_SHOWN], max(total, len(shown))


def context(item: Item) -> dict[str, object]:
    files = privacy.open_files(item)
    places, total = shown_places(item, files)
    return {
        "privacy_places": places,
        "privacy_total": total,
        "privacy_more": max(0, total - len(places)),
    }
