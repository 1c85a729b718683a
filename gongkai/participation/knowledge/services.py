"""Every change to the knowledge base goes through one of these functions: each checks permission,
changes the data and writes the audit entry in the same transaction.

The answer itself is an ``Item`` of kind "answer": created here through
``publishing.services.create_item`` and taken through review, sign-off and publication (and later
revisions with a change note) by ``publishing.workflow.perform``, like every public text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from gongkai.actor import Actor, staff
from gongkai.audit.services import changed, record
from gongkai.catalog.models import CatalogueEntry
from gongkai.orgs.models import Unit
from gongkai.participation.inquiries.public import scrub
from gongkai.participation.knowledge.access import require_editor
from gongkai.participation.models import Inquiry, InquiryAsker, KnowledgeEntry
from gongkai.policies.models import PolicyDocument
from gongkai.publishing.models import Kind, State
from gongkai.publishing.services import Conflict, create_item

__all__ = ["Conflict", "create_entry", "promote", "update_links"]

MAX_ALIASES = 20
MAX_ALIAS_CHARS = 100


def linkable_policies() -> Any:
    """Policy documents an answer may cite: public and not withdrawn (any unit's)."""
    return (
        PolicyDocument.objects.filter(item__published_revision__isnull=False)
        .exclude(item__state=State.WITHDRAWN)
        .select_related("item__published_revision")
    )


def linkable_catalogue() -> Any:
    return CatalogueEntry.objects.filter(active=True).select_related("domain")


def _pick(queryset: Any, ids: Iterable[Any], field: str, message: str) -> list[Any]:
    wanted = {int(i) for i in ids}
    found = list(queryset.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError({field: message})
    return found


def _clean_aliases(text: str) -> str:
    lines = [" ".join(line.split()) for line in (text or "").replace("\x00", "").splitlines()]
    lines = list(dict.fromkeys(line for line in lines if line))
    if len(lines) > MAX_ALIASES:
        raise ValidationError({"aliases": _("“其他问法”最多填写%(n)s条") % {"n": MAX_ALIASES}})
    if any(len(line) > MAX_ALIAS_CHARS for line in lines):
        raise ValidationError({"aliases": _("“其他问法”每条不能超过%(n)s个字") % {"n": MAX_ALIAS_CHARS}})
    return "\n".join(lines)


def _links(policy_ids: Iterable[Any], catalogue_ids: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    policies = _pick(linkable_policies(), policy_ids, "policies", _("“关联政策文件”中有文件不存在或尚未公开"))
    entries = _pick(linkable_catalogue(), catalogue_ids, "catalogue_entries", _("“关联目录事项”中有事项不存在或已停用"))
    return policies, entries


def _state(entry: KnowledgeEntry) -> dict[str, Any]:
    return {
        "policies": sorted(entry.policies.values_list("pk", flat=True)),
        "catalogue_entries": sorted(entry.catalogue_entries.values_list("pk", flat=True)),
        "aliases": len(entry.alias_list()),
        "source_inquiry": entry.source_inquiry_id,
    }


@transaction.atomic
def create_entry(
    actor: Actor,
    unit: Unit,
    *,
    question: str,
    answer_html: str,
    topic: str = "general",
    aliases: str = "",
    policy_ids: Iterable[Any] = (),
    catalogue_ids: Iterable[Any] = (),
    source_inquiry: Inquiry | None = None,
) -> KnowledgeEntry:
    """A draft uniform answer of ``unit``: the item (kind answer) and its entry with the links."""
    require_editor(actor, unit)
    errors = {}
    if not (question or "").strip():
        errors["title"] = _("请填写“问题”")
    if not (answer_html or "").strip():
        errors["body_html"] = _("请填写“统一答复口径”")
    if errors:
        raise ValidationError(errors)
    aliases = _clean_aliases(aliases)
    policies, catalogue = _links(policy_ids, catalogue_ids)
    item = create_item(
        actor,
        unit,
        kind=Kind.ANSWER,
        title=question.strip(),
        body_html=answer_html,
        topic=topic,
        genre="other",
        formed_on=timezone.localdate(),
    )
    entry = KnowledgeEntry.objects.create(
        item=item, aliases=aliases, source_inquiry=source_inquiry, created_by=staff(actor)
    )
    entry.policies.set(policies)
    entry.catalogue_entries.set(catalogue)
    record(actor, "knowledge.created", entry, unit=unit, after=_state(entry))
    return entry


@transaction.atomic
def update_links(
    actor: Actor, pk: int, *, policy_ids: Iterable[Any], catalogue_ids: Iterable[Any], aliases: str = ""
) -> KnowledgeEntry:
    """Change the documents and catalogue entries an answer cites, and its other phrasings. Links
    only point at public documents, so they take effect on the public page at once."""
    entry = KnowledgeEntry.objects.select_for_update(of=("self",)).select_related("item__unit").get(pk=pk)
    require_editor(actor, entry.item.unit_id)
    before = _state(entry)
    entry.aliases = _clean_aliases(aliases)
    policies, catalogue = _links(policy_ids, catalogue_ids)
    entry.save(update_fields=["aliases"])
    entry.policies.set(policies)
    entry.catalogue_entries.set(catalogue)
    old, new = changed(before, _state(entry))
    if new:
        record(actor, "knowledge.links_changed", entry, unit=entry.item.unit, before=old, after=new)
    return entry


def _asker(inquiry: Inquiry) -> InquiryAsker | None:
    return InquiryAsker.objects.filter(inquiry=inquiry).first()


def promoted_text(inquiry: Inquiry) -> tuple[str, str]:
    """Question and body of the draft: the inquiry's subject, its question and its answer, with
    the asker's name and phone and the personal data in them masked (``inquiries.public.scrub``)."""
    asker = _asker(inquiry)
    question = scrub(inquiry.subject, asker).strip()[:300]
    asked = linebreaks(escape(scrub(inquiry.body, asker)))
    answer = scrub(inquiry.answer_html, asker, written_by_staff=True)
    body = f"<h2>{escape(_('问题'))}</h2>{asked}<h2>{escape(_('答复'))}</h2>{answer}"
    return question, body


@transaction.atomic
def promote(actor: Actor, inquiry_pk: int) -> KnowledgeEntry:
    """转入知识库: a draft uniform answer of the inquiry's unit, pre-filled from the answered
    inquiry, never with the asker's name or phone. An inquiry is promoted once."""
    inquiry = Inquiry.objects.select_for_update(of=("self",)).select_related("unit").get(pk=inquiry_pk)
    require_editor(actor, inquiry.unit_id)
    if inquiry.state != Inquiry.State.ANSWERED:
        raise Conflict(_("只有已答复的咨询可以转入知识库"))
    if not inquiry.public:  # the asker did not agree to publication: their words stay private
        raise Conflict(_("咨询人未同意公开的咨询不能转入知识库，可另行新建统一答复口径"))
    existing = KnowledgeEntry.objects.filter(source_inquiry=inquiry).first()
    if existing is not None:
        raise Conflict(_("该咨询已转入知识库（条目编号%(pk)s）") % {"pk": existing.pk})
    question, body = promoted_text(inquiry)
    entry = create_entry(actor, inquiry.unit, question=question, answer_html=body, source_inquiry=inquiry)
    record(actor, "inquiry.promoted", inquiry, unit=inquiry.unit, after={"knowledge_entry": entry.pk})
    return entry
