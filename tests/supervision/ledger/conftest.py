"""Ledger fixtures: a 2026 ledger with a task led by unit A (unit B co-operating), a task of
unit B alone, and a helper that writes an .xlsx. Time is frozen on 2026-12-02 (Shanghai)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gongkai.orgs.models import Unit
from gongkai.supervision.ledger import rows, services
from gongkai.supervision.ledger.models import Ledger, Task

SH = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 12, 2)
NOW = dt.datetime(2026, 12, 2, 10, 0, tzinfo=SH)
HEADER = list(rows.COLUMNS)


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def workbook(body: Sequence[Sequence[Any]], header: Sequence[Any] = HEADER) -> bytes:
    book = Workbook()
    sheet: Any = book.active
    sheet.append(list(header))
    for row in body:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "台账.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.fixture
def ledger(office: Any) -> Ledger:
    return services.ledger_for_year(office, 2026)


@pytest.fixture
def task_a(office: Any, ledger: Ledger, unit_a: Unit, unit_b: Unit) -> Task:
    return services.create_task(
        office, ledger=ledger, title="全面做好各类规划主动公开", unit=unit_a, due_on=dt.date(2026, 12, 31),
        co_units=[unit_b], number="1",
    )  # fmt: skip


@pytest.fixture
def task_b(office: Any, ledger: Ledger, unit_b: Unit) -> Task:
    return services.create_task(
        office, ledger=ledger, title="深化财政资金领域信息公开", unit=unit_b, due_on=dt.date(2026, 11, 30), number="2"
    )
