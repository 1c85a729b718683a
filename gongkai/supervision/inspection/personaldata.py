"""The archive sweep (issue 24, item 4): personal data in what is already public, found with every
inspection — content published before the privacy guard existed, files never read, and every
text the public reads of the participation pages. Each finding is an inspection finding (rule
``personal_data``, with the page and the unit) and reaches the unit's and the office's inbox;
the office or the unit's signer takes a file down from the item's page.

What is screened, always as the public sees it: the public revision's title and body of every
current item; every public file's text layer (``Attachment.findings``; a file still unread is
queued for reading and reported, so nothing is silently skipped, and an unreadable one is
reported); the comments of published consultations and the answered inquiries as their public
pages show them (masked already: a finding there means a path that does not mask). A finding
names the place and the kind and counts, never the number itself (RULINGS.md 8).

The finding carries no deduction: 国办秘函〔2019〕19号 has no indicator for it (UNCONFIRMED
whether an inspector would treat it as 严重表述错误); it is there to be acted on.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from gongkai import personaldata
from gongkai.ops.jobs import enqueue_after_commit
from gongkai.participation.consultations.public import visible_comments
from gongkai.participation.inquiries.public import answered_public, public_entry
from gongkai.participation.models import Consultation
from gongkai.publiclinks import public_url
from gongkai.publishing import privacy
from gongkai.publishing.access import current_items
from gongkai.publishing.models import Attachment, TextState
from gongkai.publishing.sanitize import plain_text
from gongkai.publishing.textlayer import read_attachment_job
from gongkai.supervision.inspection import rules

RULE = rules.PERSONAL_DATA
MAX_QUEUED = 200  # unread files queued for reading per sweep


def _what(places: list[tuple[str, int]]) -> str:
    return "、".join(
        _("%(what)s%(n)s处") % {"what": personaldata.LABELS[personaldata.Kind(kind)], "n": n} for kind, n in places
    )


def _hit(
    subject: str, where: str, places: list[tuple[str, int]], url: str, unit_id: int | None, target: str = ""
) -> rules.Hit:
    detail = _("“%(subject)s”%(where)s含有个人信息：%(what)s") % {
        "subject": subject,
        "where": where,
        "what": _what(places),
    }
    return rules.Hit(RULE, detail, url=url, unit_id=unit_id, target=target)


def item_hits() -> Iterator[rules.Hit]:
    rows = (
        current_items()
        .order_by("pk")
        .values_list("pk", "unit_id", "published_revision__title", "published_revision__body_html")
    )
    for pk, unit_id, title, body in rows.iterator(chunk_size=500):
        for where, text in ((_("标题"), title), (_("正文"), plain_text(body))):
            places = privacy.places_in(text)
            if places:
                yield _hit(title, where, places, public_url("item", pk), unit_id)


def file_hits() -> Iterator[rules.Hit]:
    """The public files of current items; unread ones are queued (at most MAX_QUEUED a sweep)."""
    files = Attachment.objects.filter(public=True, item__in=current_items().values("pk")).select_related(
        "item__published_revision"
    )
    queued = 0
    for a in files.order_by("pk").iterator(chunk_size=200):
        title = a.item.published_revision.title if a.item.published_revision else a.item.title
        url, unit_id, target = public_url("item", a.item_id), a.item.unit_id, f"attachment:{a.pk}"
        where = _("附件“%(name)s”") % {"name": a.name}
        if a.text_state == TextState.PENDING:
            if queued < MAX_QUEUED:
                enqueue_after_commit(read_attachment_job, a.pk)
                queued += 1
            detail = _("“%(subject)s”%(where)s尚未读取，无法检查其中的个人信息（已安排读取）")
            yield rules.Hit(RULE, detail % {"subject": title, "where": where}, url=url, unit_id=unit_id, target=target)
        elif a.text_state == TextState.UNREADABLE:
            detail = _("“%(subject)s”%(where)s无法读取，无法检查其中的个人信息：%(reason)s")
            yield rules.Hit(
                RULE, detail % {"subject": title, "where": where, "reason": a.text_reason}, url=url,
                unit_id=unit_id, target=target,
            )  # fmt: skip
        elif a.findings:
            totals: dict[str, int] = {}
            for place in a.findings:
                totals[place["kind"]] = totals.get(place["kind"], 0) + place["count"]
            yield _hit(title, where, list(totals.items()), url, unit_id, target)


def participation_hits() -> Iterator[rules.Hit]:
    """Comments and answers exactly as their public pages show them."""
    published = Consultation.objects.filter(item__published_revision__isnull=False).select_related("item")
    for consultation in published.order_by("pk"):
        for comment in visible_comments(consultation):
            places = privacy.places_in(comment["body"])
            if places:
                where = _("意见%(n)s") % {"n": comment["number"]}
                url = public_url("item", consultation.item_id)
                yield _hit(consultation.item.title, where, places, url, consultation.item.unit_id)
    for inquiry in answered_public().order_by("pk").iterator(chunk_size=200):
        shown = public_entry(inquiry)
        for where, text in ((_("问题"), shown["question"]), (_("答复"), shown["answer"])):
            places = privacy.places_in(text)
            if places:
                yield _hit(shown["subject"], where, places, public_url("inquiries"), inquiry.unit_id)


def hits() -> list[rules.Hit]:
    return [*item_hits(), *file_hits(), *participation_hits()]
