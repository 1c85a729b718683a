"""The reminders recorded before the engine move into it, so nobody is reminded twice on a day
they already were and the ledger's weekly rhythm goes on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.orgs.models import Unit
from gongkai.reminders.models import Reminder


@pytest.mark.django_db(transaction=True)
def test_old_reminders_move_into_the_engine(unit_a: Unit, editor_a: Any) -> None:
    before = [("foi", "0001_initial"), ("ledger", "0003_task_reminder")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    FoiReminder, Request = apps.get_model("foi", "Reminder"), apps.get_model("foi", "Request")
    Ledger, Task, LedgerReminder = (apps.get_model("ledger", n) for n in ("Ledger", "Task", "Reminder"))
    request = Request.objects.create(
        unit_id=unit_a.pk,
        year=2026,
        serial=1,
        tracking_code="YSQ-2026-AAAA-BBBB",
        channel="letter",
        applicant_type="natural_person",
        description="2026年城乡低保标准",
        form="electronic",
        delivery="email",
        received_on=dt.date(2026, 11, 2),
        registered_at=dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC),
    )
    FoiReminder.objects.create(request=request, kind="overdue", on=dt.date(2026, 12, 1), recipients=2)
    ledger = Ledger.objects.create(year=2026, title="2026年政务公开工作任务台账")
    task = Task.objects.create(ledger=ledger, unit_id=unit_a.pk, title="深化财政资金领域信息公开")
    LedgerReminder.objects.create(task=task, unit_id=unit_a.pk, kind="overdue", on=dt.date(2026, 12, 2), recipients=0)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = {(r.topic, r.key, r.kind, r.on, r.state, r.unit_id) for r in Reminder.objects.all()}
    assert moved == {
        ("foi", f"request:{request.pk}", "overdue", dt.date(2026, 12, 1), "sent", unit_a.pk),
        ("ledger", f"task:{task.pk}:unit:{unit_a.pk}", "overdue", dt.date(2026, 12, 2), "nobody", unit_a.pk),
    }
