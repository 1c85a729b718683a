"""The demo ledgers for ``seed_demo``: the district's 2021 work points (康巴什区2021年政务公开
工作要点任务台账, one task per numbered point, from ``data/2021_work_points.csv``), and a 2026
ledger with an overdue task, a done one and one carried forward from a small 2025 ledger.
Running it again changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.orgs.models import Unit
from gongkai.supervision.ledger import rows, services
from gongkai.supervision.ledger.models import Ledger, Task

DATA = Path(__file__).parent / "data" / "2021_work_points.csv"
TITLE_2021 = "康巴什区2021年政务公开工作要点任务台账"
TITLE_2025 = "康巴什区2025年政务公开工作要点任务台账"
TITLE_2026 = "康巴什区2026年政务公开工作要点任务台账"
D = dt.date

# 2021: (序号, date, text, done)
PROGRESS_2021 = [
    ("一（1）", D(2021, 9, 15), "“十四五”规划纲要及专项规划已在政府门户网站规划计划栏目集中公开。", True),
    ("一（2）", D(2021, 10, 20), "各单位2021年预算已上传自治区财政预决算公开平台，直达资金公开持续推进。", False),
    ("三（一）", D(2021, 12, 20), "政策文件库已上线，现行有效规范性文件已集中公开。", True),
    ("三（二）2", D(2021, 11, 5), "政务新媒体已全部纳入全国政务新媒体报送系统。", False),
]


def _office() -> Any:
    return get_user_model().objects.filter(username="office", is_active=True).first()


def _unit(short: str) -> Unit:
    return Unit.objects.get(short_name=short)


def _seed_2021(office: Any) -> int:
    ledger = services.ledger_for_year(office, 2021, title=TITLE_2021)
    if ledger.tasks.exists():
        return 0
    with DATA.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    checked = rows.validate(table[0], enumerate(table[1:], start=2))
    for row in checked:
        services.create_task(
            office, ledger=ledger, title=row.title, unit=row.units[0], due_on=row.due_on, joint_units=row.units[1:],
            co_units=row.co_units, number=row.number, due_text=row.due_text, source="demo",
        )  # fmt: skip
    for number, on, text, done in PROGRESS_2021:
        task = ledger.tasks.get(number=number)
        services.report_progress(office, task, on=on, text=text, done=done)
    services.set_public(office, ledger, True)
    return len(checked)


def _task(office: Any, ledger: Ledger, number: str, title: str, short: str, due_on: D | None) -> Task:
    return services.create_task(
        office, ledger=ledger, title=title, unit=_unit(short), due_on=due_on, number=number, source="demo"
    )


def _seed_2025_2026(office: Any) -> int:
    last = services.ledger_for_year(office, 2025, title=TITLE_2025)
    this = services.ledger_for_year(office, 2026, title=TITLE_2026)
    if this.tasks.exists():
        return 0
    if not last.tasks.exists():
        _task(office, last, "1", "完成2024年度政府信息公开工作年度报告编制发布", "区政府办", D(2025, 1, 31))
        services.report_progress(
            office, last.tasks.get(number="1"), on=D(2025, 1, 24), text="年度报告已发布。", done=True
        )
        open_task = _task(
            office, last, "2", "集中公开现行有效行政规范性文件并标注效力状态", "区司法局", D(2025, 12, 31)
        )
        services.report_progress(office, open_task, on=D(2025, 10, 10), text="已完成约八成文件的效力标注。")
    overdue = _task(office, this, "1", "动态更新政务公开事项标准目录并集中发布", "区民政局", D(2026, 11, 30))
    services.report_progress(office, overdue, on=D(2026, 9, 1), text="已梳理社会救助、养老服务领域事项。")
    done = _task(office, this, "2", "发布2025年度政府信息公开工作年度报告", "区政府办", D(2026, 1, 31))
    services.report_progress(office, done, on=D(2026, 1, 22), text="年度报告已按期发布。", done=True)
    _task(office, this, "3", "规范政务新媒体信息发布审核", "区融媒体中心", D(2026, 12, 31))
    services.carry_forward(office, last, this)
    today = timezone.localdate()
    services.issue_notice(
        office, overdue, unit=overdue.unit, text="请说明标准目录更新逾期原因及完成时间。",
        reply_due_on=max(today, D(2026, 12, 9)),
    )  # fmt: skip
    return this.tasks.count() + last.tasks.count()


@transaction.atomic
def seed_ledger() -> int:
    """The demo ledgers; returns how many tasks were created (0 on a second run)."""
    office = _office()
    if office is None:
        return 0
    return _seed_2021(office) + _seed_2025_2026(office)
