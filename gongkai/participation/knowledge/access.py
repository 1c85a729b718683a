"""Who may see and change knowledge entries, and what the public sees: the one place that answers it.

Staff see the entries of the units they act for in any role (the office: every unit); another
unit's entry is a 404. A unit's 信息员 (editor), or the office, creates entries, edits their
links and promotes the unit's answered inquiries. The answer's text goes through the item
pipeline (``publishing.workflow``), whose own checks apply. The public sees entries whose item
is published, not withdrawn, and still of kind "answer" as published.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from gongkai.actor import Actor
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit
from gongkai.participation.models import KnowledgeEntry
from gongkai.publishing.models import Kind, State

EDIT_ROLE = Role.EDITOR


def entries_visible_to(user: Actor) -> QuerySet[KnowledgeEntry]:
    entries = KnowledgeEntry.objects.select_related("item__unit", "item__published_revision")
    if access.is_office(user):
        return entries
    return entries.filter(item__unit__in=access.units_for(user))


def get_entry_for(user: Actor, pk: int) -> KnowledgeEntry:
    """The entry if ``user`` may see it; a 404 otherwise (never reveal other units' drafts)."""
    entry = entries_visible_to(user).filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def editable_units(user: Actor) -> QuerySet[Unit]:
    return access.units_for(user, EDIT_ROLE)


def can_edit(user: Actor, unit: Unit | int) -> bool:
    return access.can_act(user, unit, EDIT_ROLE)


def require_editor(user: Actor, unit: Unit | int) -> None:
    if not can_edit(user, unit):
        raise PermissionDenied(_("只有本单位信息员或公开办可以编辑知识库条目"))


def public_entries() -> QuerySet[KnowledgeEntry]:
    """Published, not withdrawn uniform answers (by their published revision's kind)."""
    return (
        KnowledgeEntry.objects.filter(
            item__published_revision__isnull=False, item__published_revision__kind=Kind.ANSWER
        )
        .exclude(item__state=State.WITHDRAWN)
        .select_related("item__unit", "item__published_revision")
    )


def get_public_entry(pk: int) -> KnowledgeEntry:
    entry = public_entries().filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry
