"""A 2026 recorded through the real services, assessed on 2027-01-10 with the default scheme.

Unit A (测试区民政局): two items due (one on time, one late); two catalogue entries of its own, one
published in March only (stale by 31 December), one never (empty); two replies (one on time, one
late); a review decided in 2026 with 结果纠正 and one decided in 2027; no normative document.
Unit B (测试区教育局): three publications all on time (one under its own catalogue entry in
November); a normative document published under a signer's exemption; no application.
Unit C (测试区司法局) and the office's unit: nothing recorded.

The expected points are counted by hand in test_services.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine

from gongkai.assessment import services
from gongkai.assessment.models import Scheme
from gongkai.catalog.models import CatalogueEntry
from gongkai.foi import appeals
from gongkai.orgs.models import SiteProfile, Unit
from gongkai.policies import services as policies
from gongkai.publishing import services as items
from gongkai.publishing.models import Item
from gongkai.publishing.workflow import drive
from tests.builders import make_code
from tests.catalog.factories import an_entry
from tests.reports.test_reports import apply, at, step

D = dt.date
ASSESSED_ON = dt.datetime(2027, 1, 10, 2, tzinfo=dt.UTC)  # 10:00 in Asia/Shanghai


@pytest.fixture
def january() -> Iterator[None]:
    with time_machine.travel(ASSESSED_ON, tick=False):
        yield


@pytest.fixture
def unit_c(government: Unit) -> Unit:
    return Unit.objects.create(
        name="测试区司法局", kind=Unit.Kind.DEPARTMENT, credit_code=make_code(5), parent=government
    )


def publish(item: Item, on: dt.date, reviewer: Any, signer: Any) -> Item:
    with at(on):
        return drive(item.pk, item.author, reviewer, signer)


def new_item(editor: Any, unit: Unit, title: str, formed_on: dt.date, entry: CatalogueEntry | None = None) -> Item:
    with at(formed_on):
        return items.create_item(
            editor, unit, title=title, formed_on=formed_on, genre="notice", topic="civil", catalogue_entry=entry
        )


def seed_a(people: dict[str, Any], unit: Unit) -> None:
    editor, reviewer, signer, handler = (people[r] for r in ("editor", "reviewer", "signer", "handler"))
    own = an_entry()  # 最低生活保障·政策和办事指南, 公开主体 测试区民政局
    an_entry(first_level="临时救助", second_level="审批结果")  # never published: an empty column
    publish(new_item(editor, unit, "低保标准调整", D(2026, 3, 2), own), D(2026, 3, 20), reviewer, signer)  # on time
    publish(new_item(editor, unit, "年度工作计划", D(2026, 3, 2)), D(2026, 4, 10), reviewer, signer)  # due 03-30
    on_time = apply(handler, unit, D(2026, 3, 2))
    step(handler, on_time, "replied", D(2026, 3, 20), outcome="disclosed", provided="见附件")
    late = apply(handler, unit, D(2026, 4, 1))
    step(handler, late, "replied", D(2026, 6, 1), outcome="withheld_process", reasons="过程性信息")
    with at(D(2026, 8, 3)):
        appeals.save_appeal(
            handler, late, kind="review", filed_on=D(2026, 6, 10), body="测试区人民政府",
            case_number="测政复〔2026〕3号", result="corrected", decided_on=D(2026, 8, 1),
        )  # fmt: skip
    with at(D(2027, 1, 6)):
        appeals.save_appeal(
            handler, on_time, kind="litigation_direct", filed_on=D(2026, 12, 1), body="测试区人民法院",
            case_number="（2026）测行初5号", result="corrected", decided_on=D(2027, 1, 5),
        )  # fmt: skip


def seed_b(people: dict[str, Any], unit: Unit) -> None:
    editor, reviewer, signer = people["editor"], people["reviewer"], people["signer"]
    entry = an_entry(first_level="学生资助", second_level="资助政策", subject="测试区教育局")
    publish(new_item(editor, unit, "招生通知", D(2026, 5, 6)), D(2026, 5, 8), reviewer, signer)
    publish(new_item(editor, unit, "资助名单", D(2026, 11, 2), entry), D(2026, 11, 4), reviewer, signer)
    with at(D(2026, 7, 1)):
        meta = {"issuer": unit.name, "level": "district", "effective_on": D(2026, 8, 1)}
        document = policies.create_policy(
            editor, unit, meta, title="学生资助办法", normative=True, formed_on=D(2026, 7, 1), genre="measures",
            topic="civil",
        )  # fmt: skip
        policies.record_exemption(signer, document, "不涉及公众切身利益")
    publish(document.item, D(2026, 7, 3), reviewer, signer)


@pytest.fixture
def people_b(make_person: Callable[..., Any], unit_b: Unit) -> dict[str, Any]:
    return {role: make_person(f"{role}_b", role, unit_b) for role in ("editor", "reviewer", "signer", "handler")}


@pytest.fixture
def seeded(
    site: SiteProfile,
    editor_a: Any,
    reviewer_a: Any,
    signer_a: Any,
    handler_a: Any,
    people_b: dict[str, Any],
    unit_a: Unit,
    unit_b: Unit,
    unit_c: Unit,
    office_unit: Unit,
) -> None:
    seed_a({"editor": editor_a, "reviewer": reviewer_a, "signer": signer_a, "handler": handler_a}, unit_a)
    seed_b(people_b, unit_b)


@pytest.fixture
def scheme(office: Any, seeded: None) -> Scheme:
    """The default scheme for 2026, created by the office and published to the units."""
    with time_machine.travel(ASSESSED_ON, tick=False):
        created = services.create_scheme(office, 2026)
        return services.change_state(office, created, "published")
