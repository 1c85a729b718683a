"""The ledger as a table: its columns, and turning sheet rows into checked task rows.

Every row is checked before anything is saved; every problem is reported with its row number
and column (``catalog.rows.RowError`` / ``ImportRejected``, shared with the catalogue import).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from gongkai.catalog import rows as catalog_rows
from gongkai.catalog.rows import ImportRejected, RowError, text
from gongkai.orgs.models import Unit
from gongkai.supervision.ledger import deadlines, status

# The columns of a 任务台账 (API.md "Task ledger"): a data format shared with other
# governments' sheets, so they stay Chinese and are not translated.
COLUMNS: tuple[str, ...] = ("序号", "工作任务", "责任单位", "配合单位", "完成时限", "进展情况")
STATUS_COLUMN = "完成状态"  # added by the export; read back on import so a round trip keeps 已完成
MAX_ROWS = 2000
LIMITS = {"序号": 20, "工作任务": 2000, "进展情况": 4000}

__all__ = ["COLUMNS", "ImportRejected", "RowError", "TaskRow", "check_header", "validate"]


@dataclass
class TaskRow:
    """One checked data row, ready to become a task."""

    row: int
    number: str
    title: str
    units: list[Unit] = field(default_factory=list)  # responsible, the lead first
    co_units: list[Unit] = field(default_factory=list)
    due_on: dt.date | None = None
    due_text: str = ""
    progress: str = ""
    done: bool = False


def check_header(header: Sequence[Any]) -> list[RowError]:
    """The ledger's columns in order; 完成状态 (what the export adds) may follow."""
    return catalog_rows.check_header(header, COLUMNS, optional=(STATUS_COLUMN,), template=_("任务台账模板"))


class UnitNames:
    """Active units by full name and by short name (区民政局)."""

    def __init__(self) -> None:
        self.by_name: dict[str, Unit] = {}
        for unit in Unit.objects.filter(active=True).order_by("position", "id"):
            self.by_name.setdefault(unit.name, unit)
            if unit.short_name:
                self.by_name.setdefault(unit.short_name, unit)

    def get(self, name: str) -> Unit | None:
        return self.by_name.get(name)


class _Row:
    def __init__(self, number: int, cells: dict[str, Any], units: UnitNames) -> None:
        self.number = number
        self.raw = cells
        self.cell = {column: text(value) for column, value in cells.items()}
        self.units = units
        self.errors: list[RowError] = []

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, str(message)))

    def unit_list(self, column: str) -> list[Unit]:
        found: list[Unit] = []
        for name in deadlines.split_names(self.cell[column]):
            unit = self.units.get(name)
            if unit is None:
                self.fail(
                    column, _("%(column)s中的单位“%(name)s”不存在，请核对单位名称") % {"column": column, "name": name}
                )
            elif unit not in found:
                found.append(unit)
        return found

    def deadline(self) -> deadlines.Deadline:
        try:
            return deadlines.parse_deadline(self.raw["完成时限"])
        except deadlines.BadDeadline:
            self.fail(
                "完成时限",
                _("完成时限“%(value)s”无法识别，请填写日期（如2021-12-31、2021年12月31日、2021年底）或“长期坚持”")
                % {"value": self.cell["完成时限"]},
            )
            return deadlines.Deadline(None, "")

    def build(self) -> TaskRow:
        for column, limit in LIMITS.items():
            if len(self.cell[column]) > limit:
                self.fail(column, _("%(column)s不能超过%(n)d字") % {"column": column, "n": limit})
        if not self.cell["工作任务"]:
            self.fail("工作任务", _("工作任务不能为空"))
        units = self.unit_list("责任单位")
        if not self.cell["责任单位"]:
            self.fail("责任单位", _("责任单位不能为空"))
        deadline = self.deadline()
        return TaskRow(
            row=self.number,
            number=self.cell["序号"][: LIMITS["序号"]],
            title=self.cell["工作任务"],
            units=units,
            co_units=self.unit_list("配合单位"),
            due_on=deadline.due_on,
            due_text=deadline.text[:100],
            progress=self.cell["进展情况"],
            done=status.parse_label(self.cell.get(STATUS_COLUMN, "")) == status.DONE,
        )


def validate(header: Sequence[Any], rows: Iterable[tuple[int, Sequence[Any]]]) -> list[TaskRow]:
    """Checked rows for every non-empty sheet row, or ImportRejected listing every problem."""
    errors = check_header(header)
    if errors:
        raise ImportRejected(errors)
    columns = (*COLUMNS, STATUS_COLUMN)
    units = UnitNames()
    found: list[TaskRow] = []
    for number, raw in rows:
        values = list(raw)[: len(columns)]
        values += [None] * (len(columns) - len(values))
        if not any(text(value) for value in values):
            continue
        if len(found) >= MAX_ROWS:
            raise ImportRejected([RowError(number, "", _("一次最多导入%(n)d行") % {"n": MAX_ROWS})])
        row = _Row(number, dict(zip(columns, values, strict=True)), units)
        found.append(row.build())
        errors += row.errors
    if not found and not errors:
        errors.append(RowError(2, "", _("文件中没有任何任务")))
    if errors:
        raise ImportRejected(errors)
    return found
