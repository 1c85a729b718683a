"""The office's inspection data: column rules, word dictionaries and the settings row. One audited
function per change; forms validate, these save."""

from __future__ import annotations

from django.db import models, transaction
from django.http import HttpRequest

from gongkai.actor import Actor
from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs import access as org_access
from gongkai.supervision.inspection.models import ColumnRule, WordEntry

COLUMN_FIELDS = ["name", "kinds", "genres", "max_age_days", "counts_for_veto", "points", "url", "note", "active"]
WORD_FIELDS = ["kind", "word", "correct", "veto", "note", "active"]
SETTINGS_FIELDS = [
    "every_days", "enabled", "home_max_age_days", "stale_veto_count", "empty_veto_count", "stale_cap",
    "empty_points", "empty_cap", "broken_link_points", "broken_link_cap", "wrong_word_points", "wrong_word_cap",
    "service_broken_veto_percent",
]  # fmt: skip


def _save(actor: Actor, obj: models.Model, fields: list[str], action: str, request: HttpRequest | None) -> None:
    """Validate, save and audit ``obj`` (already carrying the new values)."""
    org_access.require_office(actor)
    before = snapshot(type(obj).objects.get(pk=obj.pk), fields) if obj.pk else {}  # type: ignore[attr-defined]
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        old, new = changed(before, snapshot(obj, fields))
        record(actor, action, obj, before=old, after=new, request=request)


def save_column_rule(actor: Actor, rule: ColumnRule, *, request: HttpRequest | None = None) -> ColumnRule:
    _save(actor, rule, COLUMN_FIELDS, "inspection.column_rule_saved", request)
    return rule


def save_word(actor: Actor, entry: WordEntry, *, request: HttpRequest | None = None) -> WordEntry:
    entry.word = entry.word.strip()
    entry.correct = entry.correct.strip()
    _save(actor, entry, WORD_FIELDS, "inspection.word_saved", request)
    return entry


@transaction.atomic
def delete_word(actor: Actor, entry: WordEntry, *, request: HttpRequest | None = None) -> None:
    org_access.require_office(actor)
    record(actor, "inspection.word_deleted", entry, before=snapshot(entry, WORD_FIELDS), request=request)
    entry.delete()
