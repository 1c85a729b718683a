"""The tables of the annual report in the national format (国办公开办函〔2021〕30号, REGULATIONS.md §3),
computed from plain rows, with their balance checks. Plain Python: no Django models.

Table 三 (applications) counts, per applicant column:
- 一 ``new``: applications received in the year;
- 二 ``carried_in``: applications received before the year and still without an outcome on 1 January;
- 三 one row per outcome code: applications whose outcome was recorded in the year (a request is
  counted in the year its outcome is recorded; it has one outcome, so 部分公开 is counted once);
- （七）``total``: the sum of the outcome rows;
- 四 ``carried_over``: applications received by 31 December still without an outcome then.
Stated in the format: 一 + 二 = 三（七） + 四. Inferred and checked: （七） = the sum of its rows; the
总计 column = the sum of the six applicant columns.

Table 四 (appeals) counts reviews and lawsuits filed in the year, with the result known on
31 December of that year (a case decided later is 尚未审结 in that year's report); 总计 = the sum of
the four results in each group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.foi.vocab import AppealKind, AppealResult, ApplicantType, Outcome

COLUMNS = [t.value for t in ApplicantType]  # 自然人, then the five kinds of 法人或其他组织
TOTAL = "total"
OUTCOME_ROWS = [o.value for o in Outcome]
ROWS = ["new", "carried_in", *OUTCOME_ROWS, TOTAL, "carried_over"]
APPEAL_KINDS = [k.value for k in AppealKind]
APPEAL_RESULTS = [r.value for r in AppealResult]

Table = dict[str, dict[str, int]]


@dataclass(frozen=True)
class Application:
    applicant_type: str
    received_on: dt.date
    outcome: str  # "" while open
    outcome_on: dt.date | None


@dataclass(frozen=True)
class AppealRow:
    kind: str
    filed_on: dt.date
    result: str
    decided_on: dt.date | None


@dataclass(frozen=True)
class Check:
    rule: str
    ok: bool
    detail: str = ""


def _empty(rows: list[str], columns: list[str]) -> Table:
    return {row: dict.fromkeys(columns, 0) for row in rows}


def _open_on(app: Application, day: dt.date) -> bool:
    """Received by ``day`` and without an outcome recorded by then."""
    return app.received_on <= day and (app.outcome_on is None or app.outcome_on > day)


def applications_table(applications: Iterable[Application], year: int) -> Table:
    """Table 三 for ``year``; every row has the six applicant columns and ``total``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = _empty(ROWS, [*COLUMNS, TOTAL])
    for app in applications:
        column = app.applicant_type
        if first <= app.received_on <= last:
            table["new"][column] += 1
        if _open_on(app, first - dt.timedelta(days=1)):
            table["carried_in"][column] += 1
        if app.outcome and app.outcome_on is not None and first <= app.outcome_on <= last:
            table[app.outcome][column] += 1
        if _open_on(app, last):
            table["carried_over"][column] += 1
    for column in COLUMNS:
        table[TOTAL][column] = sum(table[row][column] for row in OUTCOME_ROWS)
    for counts in table.values():
        counts[TOTAL] = sum(counts[column] for column in COLUMNS)
    return table


def appeals_table(appeals: Iterable[AppealRow], year: int) -> Table:
    """Table 四 for ``year``: group → result → count, with ``total`` per group."""
    last = dt.date(year, 12, 31)
    table = _empty(APPEAL_KINDS, [*APPEAL_RESULTS, TOTAL])
    for appeal in appeals:
        if appeal.filed_on.year != year:
            continue
        decided = appeal.decided_on is not None and appeal.decided_on <= last
        result = appeal.result if decided and appeal.result != AppealResult.PENDING else AppealResult.PENDING
        table[appeal.kind][result] += 1
    for counts in table.values():
        counts[TOTAL] = sum(counts[result] for result in APPEAL_RESULTS)
    return table


def application_checks(table: Table) -> list[Check]:
    """The balance rules of Table 三, each stated and judged (a failing one blocks publication)."""
    columns = [*COLUMNS, TOTAL]
    balance = [
        c for c in columns if table["new"][c] + table["carried_in"][c] != table[TOTAL][c] + table["carried_over"][c]
    ]
    sums = [c for c in columns if table[TOTAL][c] != sum(table[row][c] for row in OUTCOME_ROWS)]
    rows = [r for r in ROWS if table[r][TOTAL] != sum(table[r][c] for c in COLUMNS)]
    return [
        Check(
            _("一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理"), not balance, _columns(balance)
        ),
        Check(_("三、（七）总计 = （一）至（六）各项之和"), not sums, _columns(sums)),
        Check(_("每行“总计”列 = 自然人与法人或其他组织各列之和"), not rows, _rows(rows)),
    ]


def appeal_checks(table: Table) -> list[Check]:
    bad = [k for k in APPEAL_KINDS if table[k][TOTAL] != sum(table[k][r] for r in APPEAL_RESULTS)]
    return [
        Check(_("行政复议、行政诉讼各类“总计” = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"), not bad, "、".join(bad))
    ]


def _rows(rows: list[str]) -> str:
    labels = {o.value: str(o.label) for o in Outcome} | {
        "new": _("本年新收"),
        "carried_in": _("上年结转"),
        TOTAL: _("总计"),
        "carried_over": _("结转下年度"),
    }
    return "、".join(labels[r] for r in rows)


def _columns(columns: list[str]) -> str:
    labels = {t.value: str(t.label) for t in ApplicantType} | {TOTAL: _("总计")}
    return "、".join(labels[c] for c in columns)
