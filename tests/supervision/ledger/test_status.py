"""Status rules (status.py) and deadline wording (deadlines.py): plain Python."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.supervision.ledger import deadlines, status

D = dt.date
TODAY = D(2026, 12, 2)


@pytest.mark.parametrize(
    ("done_on", "last", "due", "expected"),
    [
        (None, None, D(2026, 12, 31), status.NOT_STARTED),
        (None, D(2026, 11, 1), D(2026, 12, 31), status.IN_PROGRESS),
        (None, D(2026, 11, 1), D(2026, 12, 1), status.OVERDUE),
        (None, None, D(2026, 12, 1), status.OVERDUE),
        (None, None, TODAY, status.NOT_STARTED),  # the deadline day itself is still on time
        (D(2026, 12, 1), D(2026, 12, 1), D(2026, 6, 30), status.DONE),  # done late is done
        (None, None, None, status.NOT_STARTED),  # 长期坚持: never overdue
        (None, D(2020, 1, 1), None, status.IN_PROGRESS),
    ],
)
def test_task_status(done_on: D | None, last: D | None, due: D | None, expected: str) -> None:
    assert status.task_status(done_on=done_on, last_progress_on=last, due_on=due, today=TODAY) == expected


def test_every_status_has_a_chinese_label_that_parses_back() -> None:
    assert [status.LABELS[s] for s in status.STATUSES] == ["未开始", "推进中", "已完成", "已逾期"]
    assert all(status.parse_label(status.LABELS[s]) == s for s in status.STATUSES)
    assert status.parse_label("差不多") is None


@pytest.mark.parametrize(
    ("cell", "due_on", "text"),
    [
        ("2021-12-31", D(2021, 12, 31), ""),
        ("2021/6/1", D(2021, 6, 1), ""),
        ("2021年12月31日", D(2021, 12, 31), ""),
        ("2021年12月31日前", D(2021, 12, 31), ""),
        ("2021年12月底", D(2021, 12, 31), "2021年12月底"),
        ("2021年2月底", D(2021, 2, 28), "2021年2月底"),
        ("2021年底", D(2021, 12, 31), "2021年底"),
        ("2021年上半年", D(2021, 6, 30), "2021年上半年"),
        ("2021年6月中旬", D(2021, 6, 20), "2021年6月中旬"),
        ("长期坚持", None, "长期坚持"),
        ("持续推进", None, "持续推进"),
        ("", None, ""),
        (None, None, ""),
        (dt.datetime(2021, 12, 31, 0, 0), D(2021, 12, 31), ""),
        (44561, D(2021, 12, 31), ""),  # an Excel day number
    ],
)
def test_deadlines(cell: object, due_on: D | None, text: str) -> None:
    assert deadlines.parse_deadline(cell) == deadlines.Deadline(due_on, text)


@pytest.mark.parametrize("cell", ["明年", "2021-02-30", "2021年13月", "尽快", 2021])
def test_bad_deadlines(cell: object) -> None:
    with pytest.raises(deadlines.BadDeadline):
        deadlines.parse_deadline(cell)


def test_unit_names_split_on_every_separator_in_order() -> None:
    cell = "区财政局、区发改委，区教育局,区民政局；区司法局;区审计局\n区商务局、区财政局"
    assert deadlines.split_names(cell) == [
        "区财政局",
        "区发改委",
        "区教育局",
        "区民政局",
        "区司法局",
        "区审计局",
        "区商务局",
    ]
