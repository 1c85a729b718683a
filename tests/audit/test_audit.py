"""The audit trail is append-only: through the ORM and, on PostgreSQL, in the database."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from gongkai.audit.models import AuditEntry, AuditImmutable
from gongkai.audit.services import changed, record, snapshot
from gongkai.orgs import services
from gongkai.orgs.models import Unit


def test_record_keeps_who_when_what_before_after(office: Any, unit_a: Unit) -> None:
    before = snapshot(unit_a, ["name", "parent"])
    services.update_unit(office, unit_a, name="测试区民政局（新）")
    entry = AuditEntry.objects.get(action="unit.changed")
    assert entry.actor == office and entry.actor_name == "office"
    assert entry.object_type == "orgs.unit" and entry.object_id == str(unit_a.pk)
    assert entry.before == {"name": before["name"]} and entry.after == {"name": "测试区民政局（新）"}
    assert entry.at is not None and entry.at.tzinfo is not None


def test_unchanged_save_writes_no_entry(office: Any, unit_a: Unit) -> None:
    services.update_unit(office, unit_a, name=unit_a.name)
    assert not AuditEntry.objects.filter(action="unit.changed").exists()


def test_system_actor_is_named(db: Any) -> None:
    entry = record(None, "job.ran", object_type="job", object_id="x")
    assert entry.actor is None and entry.actor_name == "系统"


def test_changed_keeps_only_differences() -> None:
    assert changed({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == ({"b": 2, "c": None}, {"b": 3, "c": 4})


def test_orm_refuses_update_and_delete(db: Any) -> None:
    entry = record(None, "x.created", object_type="x", object_id="1")
    entry.note = "rewritten"
    with pytest.raises(AuditImmutable):
        entry.save()
    with pytest.raises(AuditImmutable):
        entry.delete()
    with pytest.raises(AuditImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(note="rewritten")
    with pytest.raises(AuditImmutable):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_database_refuses_raw_update(db: Any) -> None:
    entry = record(None, "x.created", object_type="x", object_id="1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = 'rewritten' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the DELETE trigger exists on PostgreSQL only")
def test_postgresql_refuses_raw_delete(db: Any) -> None:
    entry = record(None, "x.created", object_type="x", object_id="1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_no_code_path_updates_or_deletes_audit_rows() -> None:
    """A cheap guard on the source: nothing outside the audit app touches the table directly."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "gongkai"
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "audit_auditentry" not in text or path.parent.name == "audit", path
