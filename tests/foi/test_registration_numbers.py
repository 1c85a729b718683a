"""登记号 are unique across units and readable (issue 17, point 11): two units' first applications
of a year were both 2026-00001; now each carries the unit's short name, and existing requests get
theirs by a migration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.foi import intake
from gongkai.foi.models import Request
from gongkai.orgs.models import SiteProfile, Unit


@pytest.mark.django_db
def test_two_units_first_applications_have_different_readable_numbers(
    frozen: None, site: SiteProfile, unit_a: Unit, unit_b: Unit, citizen_app: Callable[..., intake.Application]
) -> None:
    unit_a.short_name, unit_b.short_name = "区民政局", "区教育局"
    Unit.objects.bulk_update([unit_a, unit_b], ["short_name"])
    first_a = intake.register(None, citizen_app())
    first_b = intake.register(None, citizen_app(unit_id=unit_b.pk))
    second_a = intake.register(None, citizen_app())
    assert (first_a.serial, first_b.serial, second_a.serial) == (1, 1, 2)  # counted per unit and year
    assert first_a.number == "区民政局-2026-00001"
    assert first_b.number == "区教育局-2026-00001"
    assert second_a.number == "区民政局-2026-00002"
    assert Request.objects.get(pk=first_b.pk).number == "区教育局-2026-00001"  # stored, not recomputed


@pytest.mark.django_db
def test_a_short_name_two_units_share_gives_way_to_the_full_name(
    frozen: None, site: SiteProfile, unit_a: Unit, unit_b: Unit, citizen_app: Callable[..., intake.Application]
) -> None:
    Unit.objects.filter(pk__in=[unit_a.pk, unit_b.pk]).update(short_name="民政")
    first_a = intake.register(None, citizen_app())
    first_b = intake.register(None, citizen_app(unit_id=unit_b.pk))
    assert first_a.number == f"{unit_a.name}-2026-00001" and first_b.number == f"{unit_b.name}-2026-00001"
    unit_c = Unit.objects.create(name="测试区统计局", kind=Unit.Kind.DEPARTMENT, credit_code=_code(9))
    assert intake.register(None, citizen_app(unit_id=unit_c.pk)).number == "测试区统计局-2026-00001"  # no short name


def _code(n: int) -> str:
    from tests.builders import make_code

    return make_code(n)


@pytest.mark.django_db(transaction=True)
def test_the_migration_numbers_existing_requests_uniquely(unit_a: Unit, unit_b: Unit) -> None:
    Unit.objects.filter(pk=unit_a.pk).update(short_name="区民政局")  # unit_b has none: its full name
    before = [("foi", "0009_long_period")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("foi", "Request")
    common = {
        "year": 2026,
        "serial": 1,
        "channel": "letter",
        "applicant_type": "natural_person",
        "description": "2026年城乡低保标准",
        "form": "electronic",
        "delivery": "email",
        "received_on": dt.date(2026, 11, 2),
        "registered_at": dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC),
    }
    a = old.objects.create(unit_id=unit_a.pk, tracking_code="YSQ-2026-AAAA-BBBB", **common)
    b = old.objects.create(unit_id=unit_b.pk, tracking_code="YSQ-2026-CCCC-DDDD", **common)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    numbers: dict[Any, str] = dict(Request.objects.values_list("pk", "number"))
    assert numbers == {a.pk: "区民政局-2026-00001", b.pk: f"{unit_b.name}-2026-00001"}
