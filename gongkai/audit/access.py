"""Who may read the audit trail: the disclosure office sees every entry; nobody else any."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.audit.models import AuditEntry
from gongkai.orgs import access


def entries_visible_to(user: Any) -> QuerySet[AuditEntry]:
    if access.is_office(user):
        return AuditEntry.objects.all()
    return AuditEntry.objects.none()
