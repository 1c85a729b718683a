"""The .xlsx import (all-or-nothing, every bad row listed) and the export's round trip."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from gongkai.audit.models import AuditEntry
from gongkai.orgs.models import Unit
from gongkai.supervision.ledger import rows, services, xlsx
from gongkai.supervision.ledger.models import Ledger, Progress, Task, TaskUnit
from tests.builders import make_code
from tests.supervision.ledger.conftest import TODAY, upload, workbook


@pytest.fixture
def finance(government: Unit) -> Unit:
    return Unit.objects.create(
        name="测试区财政局", short_name="区财政局", kind=Unit.Kind.DEPARTMENT, credit_code=make_code(9),
        parent=government,
    )  # fmt: skip


def _sheet(data: bytes) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(data), data_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_import_creates_tasks_with_lead_joint_and_cooperating_units(
    office: Any, ledger: Ledger, unit_a: Unit, unit_b: Unit, finance: Unit
) -> None:
    data = workbook([
        ["1", "全面做好各类规划主动公开", "测试区民政局、区财政局\n测试区教育局", "区财政局；测试区教育局",
         "2021年12月底", "已上传规划纲要"],
        ["2", "持续做好疫情防控信息公开", "测试区教育局", "", "长期坚持", ""],
        ["3", "推进政策文件库建设", "测试区民政局", None, dt.datetime(2026, 6, 30), None],
    ])  # fmt: skip
    assert xlsx.import_workbook(office, ledger, upload(data)) == 3
    first, second, third = ledger.tasks.order_by("position")
    assert first.unit == unit_a and (first.due_on, first.due_text) == (dt.date(2021, 12, 31), "2021年12月底")
    responsible = first.task_units.filter(role=TaskUnit.Role.RESPONSIBLE).order_by("position")
    assert [tu.unit for tu in responsible] == [unit_a, finance, unit_b]
    cooperating = first.task_units.filter(role=TaskUnit.Role.COOPERATING).order_by("position")
    assert [tu.unit for tu in cooperating] == [finance, unit_b]
    assert [p.text for p in first.progress.all()] == ["已上传规划纲要"] and first.last_progress_on == TODAY
    assert (second.due_on, second.due_text, second.progress.count()) == (None, "长期坚持", 0)
    assert third.due_on == dt.date(2026, 6, 30) and third.status_on(TODAY) == "overdue"
    assert AuditEntry.objects.filter(action="ledger.imported").count() == 1


def test_a_bad_file_creates_nothing_and_lists_every_bad_row(office: Any, ledger: Ledger, unit_a: Unit) -> None:
    data = workbook([
        ["1", "好的一行", "测试区民政局", "", "2026-12-31", ""],
        ["2", "", "测试区民政局", "", "2026-12-31", ""],
        ["3", "单位写错", "测试区不存在局", "测试区民政局、外星局", "2026-12-31", ""],
        [None, None, None, None, None, None],
        ["5", "日期写错", "测试区民政局", "", "明年春天", "进展"],
        ["6", "没有责任单位", "", "", "2026-12-31", ""],
    ])  # fmt: skip
    with pytest.raises(rows.ImportRejected) as caught:
        xlsx.import_workbook(office, ledger, upload(data))
    found = [(e.row, e.column) for e in caught.value.errors]
    assert found == [(3, "工作任务"), (4, "责任单位"), (4, "配合单位"), (6, "完成时限"), (7, "责任单位")]
    messages = " ".join(e.message for e in caught.value.errors)
    assert "测试区不存在局" in messages and "外星局" in messages and "明年春天" in messages
    assert Task.objects.count() == 0 and Progress.objects.count() == 0


def test_a_wrong_header_is_rejected_naming_the_column(office: Any, ledger: Ledger) -> None:
    data = workbook([["1", "任务", "测试区民政局", "", "", ""]], header=["序号", "任务名称", "责任单位"])
    with pytest.raises(rows.ImportRejected) as caught:
        xlsx.import_workbook(office, ledger, upload(data))
    assert {e.column for e in caught.value.errors} == {"工作任务", "配合单位", "完成时限", "进展情况"}
    assert all(e.row == 1 for e in caught.value.errors)


def test_not_a_workbook_is_refused(office: Any, ledger: Ledger) -> None:
    with pytest.raises(xlsx.UploadRefused) as caught:
        xlsx.import_workbook(office, ledger, upload(b"%PDF-1.4 not a sheet", "台账.xlsx"))
    assert "任务台账" in caught.value.message


def test_only_the_office_imports(editor_a: Any, ledger: Ledger) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        xlsx.import_workbook(editor_a, ledger, upload(workbook([])))


def test_export_then_import_round_trips(office: Any, ledger: Ledger, task_a: Task, task_b: Task, unit_a: Unit) -> None:
    services.report_progress(office, task_a, on=TODAY, text="已完成初稿", done=False)
    services.report_progress(office, task_b, on=TODAY, text="已全部公开", done=True)
    services.create_task(office, ledger=ledger, title="长期任务", unit=unit_a, due_on=None, due_text="长期坚持")
    first = xlsx.export_workbook(xlsx.export_tasks(ledger.tasks.all()), TODAY)
    sheet = _sheet(first)
    assert sheet[0] == [*rows.COLUMNS, "完成状态"]
    assert sheet[1][1:] == [
        "全面做好各类规划主动公开",
        "测试区民政局",
        "测试区教育局",
        dt.datetime(2026, 12, 31),
        "已完成初稿",
        "推进中",
    ]
    assert sheet[2][-2:] == ["已全部公开", "已完成"]
    other = services.ledger_for_year(office, 2027, title="复制的台账")
    assert xlsx.import_workbook(office, other, upload(first)) == 3
    again = xlsx.export_workbook(xlsx.export_tasks(other.tasks.all()), TODAY)
    assert _sheet(again) == sheet
