"""The demo ledgers: the 2021 work points (one task per numbered point), 2025 and 2026; idempotent."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

import pytest

from gongkai.orgs import demo as orgs_demo
from gongkai.orgs.models import Membership, Role, Unit
from gongkai.supervision.ledger import demo
from gongkai.supervision.ledger.models import Ledger, Notice, Progress, Task
from tests.supervision.ledger.conftest import TODAY


@pytest.fixture
def demo_district(make_person: Any) -> Any:
    government = Unit.objects.create(
        name=orgs_demo.GOVERNMENT,
        short_name="区政府",
        kind=Unit.Kind.GOVERNMENT,
        credit_code=orgs_demo.credit_code(0, "11"),
    )
    Unit.objects.bulk_create(
        Unit(name=name, short_name=short, kind=kind, credit_code=orgs_demo.credit_code(i, prefix), parent=government)
        for i, (name, short, kind, prefix) in enumerate(orgs_demo.UNITS, start=1)
    )
    office = make_person("office")
    Membership.objects.create(user=office, unit=Unit.objects.get(name=orgs_demo.OFFICE_UNIT), role=Role.OFFICE)
    return office


def test_seed_ledger_loads_the_work_points_once(demo_district: Any) -> None:
    created = demo.seed_ledger()
    with demo.DATA.open(encoding="utf-8") as handle:
        points = list(csv.DictReader(handle))
    y2021 = Ledger.objects.get(year=2021)
    assert y2021.title == "康巴什区2021年政务公开工作要点任务台账" and y2021.public
    assert [t.number for t in y2021.tasks.order_by("position")] == [p["序号"] for p in points]
    assert {t.due_on for t in y2021.tasks.all()} == {dt.date(2021, 12, 31), None}
    assert y2021.tasks.filter(due_on=None, due_text="长期坚持").exists()
    assert Progress.objects.filter(task__ledger=y2021).count() >= 3
    y2026 = Ledger.objects.get(year=2026)
    statuses = {t.title: t.status_on(TODAY) for t in y2026.tasks.all()}
    assert "overdue" in statuses.values() and "done" in statuses.values()
    carried = y2026.tasks.get(carried_from__isnull=False)
    assert carried.carried_from.ledger.year == 2025 and carried.carried_from.done_on is None
    assert created == Task.objects.count()
    counts = (Ledger.objects.count(), Task.objects.count(), Progress.objects.count(), Notice.objects.count())
    assert demo.seed_ledger() == 0
    assert (Ledger.objects.count(), Task.objects.count(), Progress.objects.count(), Notice.objects.count()) == counts


def test_without_the_office_nothing_is_seeded(db: Any) -> None:
    assert demo.seed_ledger() == 0 and not Ledger.objects.exists()
