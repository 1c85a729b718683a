"""Statistics dashboards for the office (every unit, or one) and for each unit's staff (their units).

Every figure comes from ``gongkai.reports.stats``; this module only lays the figures out as the
rows of a table, the series of a chart and the lines of a CSV file. The table and the CSV file are
built from the same rows, so they always carry the same numbers; the chart is drawn from them by
``static/js/dashboard.js`` and is an enhancement (without JavaScript the tables are the content).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.orgs import access as org_access
from gongkai.orgs.models import Unit
from gongkai.reports import stats
from gongkai.workbench.decorators import staff_required

YEARS_OFFERED = 5
# A horizontal bar chart with more categories than this gets the tall container (CSS .chart-tall).
TALL_AFTER = 8
OUTCOME_LABELS = {
    "disclosed": gettext_lazy("予以公开"),
    "partly_disclosed": gettext_lazy("部分公开"),
    "withheld": gettext_lazy("不予公开"),
    "unavailable": gettext_lazy("无法提供"),
    "not_processed": gettext_lazy("不予处理"),
    "other": gettext_lazy("其他处理"),
}


@dataclass(frozen=True)
class Scope:
    """What a dashboard shows: the units (already limited to those the person may see) and the year."""

    units: QuerySet[Unit]
    unit: Unit | None  # the one unit picked, or None for all the person's units
    label: str
    year: int
    today: dt.date

    def short_names(self) -> dict[int, str]:
        return {u.pk: u.short_name or u.name for u in self.units}


@dataclass
class Section:
    """One figure: a table (columns, rows of cell texts, first cell the row header), a chart and notes.
    ``rows`` is empty when the year has no data for it; the page then says so instead."""

    key: str
    title: str
    caption: str
    columns: list[str]
    rows: list[list[str]]
    chart: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    tall: bool = False

    @property
    def script_id(self) -> str:
        return f"chart-{self.key}"


def _years(today: dt.date) -> list[int]:
    return list(range(today.year, today.year - YEARS_OFFERED, -1))


def _pick_year(request: HttpRequest, years: list[int]) -> int:
    raw = request.GET.get("year", "")
    if not raw:
        return years[0]
    if not raw.isdigit() or int(raw) not in years:
        raise Http404
    return int(raw)


def _scope(request: HttpRequest) -> Scope:
    """The units and year asked for; a unit the person may not see, or a year not offered, is a 404."""
    today = timezone.localdate()
    year = _pick_year(request, _years(today))
    allowed = org_access.units_for(request.user)
    raw = request.GET.get("unit", "")
    if not raw:
        only = list(allowed[:2])
        if len(only) == 1:
            return Scope(allowed, None, only[0].name, year, today)
        label = _("全部单位") if org_access.is_office(request.user) else _("本人所在的全部单位")
        return Scope(allowed, None, label, year, today)
    unit = allowed.filter(pk=int(raw)).first() if raw.isdigit() else None
    if unit is None:
        raise Http404
    return Scope(allowed.filter(pk=unit.pk), unit, unit.name, year, today)


def _count(value: int) -> str:
    return str(value)


def _rate(rate: float | None, numerator: int, denominator: int) -> str:
    """A share as a percentage with what it was computed from; "—" when nothing was counted."""
    if rate is None or denominator == 0:
        return "—"
    return _("%(percent)s（%(numerator)s/%(denominator)s）") % {
        "percent": f"{rate * 100:.1f}%",
        "numerator": numerator,
        "denominator": denominator,
    }


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _caption(title: str, scope: Scope) -> str:
    return _("%(title)s（%(year)s年，%(scope)s）") % {"title": title, "year": scope.year, "scope": scope.label}


def _series(name: str, data: list[Any], **options: Any) -> dict[str, Any]:
    return {"name": name, "data": data, **options}


TIMELINESS_COUNTS = ("due", "on_time", "late", "overdue")


def _timeliness_row(label: str, row: dict[str, Any]) -> list[str]:
    rate = row["on_time"] / row["due"] if row["due"] else None
    return [label, *(_count(row[k]) for k in TIMELINESS_COUNTS), _rate(rate, row["on_time"], row["due"])]


def _timeliness_total(scope: Scope, rows: list[dict[str, Any]]) -> list[list[str]]:
    """The scope's own figure under the units' rows: the sums, and the rate of the sums."""
    if scope.unit is not None or len(rows) < 2:
        return []
    total = {k: sum(row[k] for row in rows) for k in TIMELINESS_COUNTS}
    return [_timeliness_row(_("合计（%(scope)s）") % {"scope": scope.label}, total)]


def _timeliness(scope: Scope) -> Section:
    title = _("主动公开及时率")
    rows = stats.timeliness(scope.units, scope.year, scope.today)
    if not any(row["due"] for row in rows):
        rows = []
    names = scope.short_names()
    notes = [
        _(
            "每次发布按该次发布自己的应公开日期判断是否按时（条例第二十六条：自形成或者变更之日起20个工作日内）；"
            "应公开日期在所选年度内且已到期的计入“应公开”，本年度统计至今天。"
        )
    ]
    if any(row["due"] == 0 for row in rows):
        notes.append(_("“—”：该单位在所选年度没有到期应公开的信息，无法计算及时公开率。"))
    return Section(
        key="timeliness",
        title=title,
        caption=_caption(title, scope),
        columns=[_("单位"), _("应公开"), _("按时公开"), _("超期公开"), _("逾期未公开"), _("及时公开率")],
        rows=[_timeliness_row(row["unit"], row) for row in rows] + _timeliness_total(scope, rows),
        chart={
            "horizontal": True,
            "categories": [names.get(row["unit_id"], row["unit"]) for row in rows],
            "axes": [{"name": _("条")}],
            "series": [
                _series(label, [row[key] for row in rows], stack="due", tone=tone)
                for key, label, tone in (
                    ("on_time", _("按时公开"), "ok"),
                    ("late", _("超期公开"), "late"),
                    ("overdue", _("逾期未公开"), "bad"),
                )
            ],
        },
        notes=notes,
        tall=len(rows) > TALL_AFTER,
    )


def _domains(scope: Scope) -> Section:
    title = _("各领域公开信息数")
    rows = stats.items_per_domain(scope.units, scope.year)
    labels = [row["domain"] or _("未关联目录事项") for row in rows]
    return Section(
        key="domains",
        title=title,
        caption=_caption(title, scope),
        columns=[_("领域"), _("公开信息数")],
        rows=[[label, _count(row["count"])] for label, row in zip(labels, rows, strict=True)],
        chart={
            "horizontal": True,
            "categories": labels,
            "axes": [{"name": _("条")}],
            "series": [_series(_("公开信息数"), [row["count"] for row in rows])],
        },
        notes=[
            _(
                "按所选年度内的发布次数计（信息变更后再次发布的另计一次）；领域为发布时关联的标准目录事项所属领域，"
                "未关联目录事项的单列。"
            )
        ],
        tall=len(rows) > TALL_AFTER,
    )


def _applications(scope: Scope) -> Section:
    title = _("依申请公开：每月收到申请与办结情况")
    months = stats.applications_by_month(scope.units, scope.year)
    keys = ["received", *stats.OUTCOME_GROUPS]
    if not any(month[key] for month in months for key in keys):
        months = []
    labels = [_("%(month)s月") % {"month": month["month"]} for month in months]
    outcomes = [
        _series(str(OUTCOME_LABELS[group]), [month[group] for month in months], stack="outcome")
        for group in stats.OUTCOME_GROUPS
    ]
    return Section(
        key="applications",
        title=title,
        caption=_caption(title, scope),
        columns=[_("月份"), _("收到申请"), *(str(OUTCOME_LABELS[group]) for group in stats.OUTCOME_GROUPS)],
        rows=[[label, *(_count(month[key]) for key in keys)] for label, month in zip(labels, months, strict=True)],
        chart={
            "horizontal": False,
            "categories": labels,
            "axes": [{"name": _("件")}],
            "series": [_series(_("收到申请"), [month["received"] for month in months], type="line"), *outcomes],
        },
        notes=[
            _(
                "收到申请按收到日期计入当月；办结情况按作出答复或其他处理的日期计入当月，分组与年度报告表三一致"
                "（不予公开、无法提供、不予处理各含其下各项，其他处理含逾期不补正、逾期不缴费和其他）。"
            )
        ],
    )


def _reply_row(label: str, figures: dict[str, Any]) -> list[str]:
    on_time = figures["on_time"]
    average = figures["average_working_days"]
    return [
        label,
        _count(figures["replied"]),
        _count(on_time["numerator"]),
        _rate(on_time["rate"], on_time["numerator"], on_time["denominator"]),
        _count(figures["due_unknown"]),
        "—" if average is None else f"{average:.1f}",
    ]


def _replies(scope: Scope) -> Section:
    """Per unit with replies in the year (the office compares units), and the scope's own figure."""
    title = _("按期答复率与平均答复工作日")
    total = stats.replies(scope.units, scope.year)
    per_unit: list[tuple[Unit, dict[str, Any]]] = []
    if total["replied"]:
        # One call per unit: stats answers for a set of units; a unit without replies gets no row.
        figures = ((u, stats.replies(scope.units.filter(pk=u.pk), scope.year)) for u in scope.units)
        per_unit = [(u, f) for u, f in figures if f["replied"]]
    rows = [_reply_row(u.name, f) for u, f in per_unit]
    if per_unit and scope.unit is None and scope.units.count() > 1:
        rows.append(_reply_row(_("合计（%(scope)s）") % {"scope": scope.label}, total))
    notes = [
        _(
            "答复日期不晚于答复时有效的答复期限（已计入补正、征求意见、延期和缴费等期间，条例第三十条至第三十三条）"
            "即为按期；答复工作日自收到申请的次日起算至答复之日（民法典第二百零一条），含依法不计入答复期限的期间，"
            "反映申请人实际等待的时间。"
        )
    ]
    if rows and total["due_unknown"]:
        # 条例 Art. 33: the 20 working days need the year's calendar (REGULATIONS.md §9); a reply
        # whose due date falls in a year not yet entered is neither on time nor late.
        notes.append(
            _(
                "另有%(n)s件已答复的申请，答复期限落在尚未录入工作日历的年度，期限待定，未计入按期答复率"
                "（“期限待定”列）；公开办录入该年度工作日历、答复期限重新计算后计入。"
            )
            % {"n": total["due_unknown"]}
        )
    if rows and total["uncounted"]:
        notes.append(_("另有%(n)s件申请因缺少工作日历，未计入平均答复工作日。") % {"n": total["uncounted"]})
    return Section(
        key="replies",
        title=title,
        caption=_caption(title, scope),
        columns=[
            _("单位"),
            _("当年答复"),
            _("按期答复"),
            _("按期答复率"),
            _("期限待定（未计入）"),
            _("平均答复工作日"),
        ],
        rows=rows,
        chart={
            "horizontal": True,
            "categories": [(u.short_name or u.name) for u, _f in per_unit],
            "axes": [{"name": "%", "max": 100}, {"name": _("工作日")}],
            "series": [
                _series(_("按期答复率（%）"), [_percent(f["on_time"]["rate"]) for _u, f in per_unit]),
                _series(_("平均答复工作日"), [f["average_working_days"] for _u, f in per_unit], axis=1),
            ],
        },
        notes=notes,
        tall=len(per_unit) > TALL_AFTER // 2,
    )


def _overdue(scope: Scope) -> Section:
    figures = stats.overdue_now(scope.units, scope.today)
    title = _("当前超期")
    labels = [_("超期未答复的申请"), _("逾期未公开的信息")]
    return Section(
        key="overdue",
        title=title,
        caption=_("%(title)s（截至%(today)s，%(scope)s）")
        % {"title": title, "today": scope.today.isoformat(), "scope": scope.label},
        columns=[_("范围"), *labels],
        rows=[[scope.label, _count(figures["requests"]), _count(figures["items"])]],
        chart={
            "horizontal": False,
            "categories": labels,
            "axes": [{"name": _("件（条）")}],
            "series": [_series(_("数量"), [figures["requests"], figures["items"]])],
        },
        notes=[
            _(
                "截至今天的情况，不随所选年度变化。申请：答复期限已过仍在办理中；信息：应公开日期已过仍未公开"
                "（含尚未公开的修订）。"
            )
        ],
    )


def _coverage(scope: Scope) -> Section:
    figures = stats.interpretation_coverage(scope.units, scope.year)
    coverage = figures["coverage"]
    title = _("规范性文件解读率")
    labels = [_("当年首次发布的规范性文件"), _("同步发布解读"), _("免于解读（签发人记录）")]
    counts = [figures["normative"], figures["interpreted"], figures["exempted"]]
    rate = _rate(coverage["rate"], coverage["numerator"], coverage["denominator"])
    return Section(
        key="coverage",
        title=title,
        caption=_caption(title, scope),
        columns=[_("范围"), *labels, _("解读率")],
        rows=[[scope.label, *(_count(n) for n in counts), rate]] if figures["normative"] else [],
        chart={
            "horizontal": False,
            "categories": labels,
            "axes": [{"name": _("件")}],
            "series": [_series(_("数量"), counts)],
        },
        notes=[
            _(
                "解读率 = 同步发布解读的文件 ÷ 当年首次发布的规范性文件（政策文件与解读同步组织、同步审签、同步发布）；"
                "经签发人记录免于解读的单列，不计入已解读。"
            )
        ],
    )


def _inquiries(scope: Scope) -> Section:
    """政务咨询 received in the year: answered, on time, still open, overdue, and the messages left
    unanswered over three months (the national website check's veto item, REGULATIONS.md §5)."""
    from gongkai.participation.inquiries.figures import inquiry_figures

    figures = inquiry_figures(scope.units, scope.year, scope.today)
    title = _("政务咨询答复情况")
    labels = [_("有效留言"), _("已答复"), _("按期答复"), _("办理中"), _("当前超期"), _("超过3个月未答复")]
    counts = [
        figures.valid,
        figures.answered,
        figures.answered_on_time,
        figures.open,
        figures.overdue_now,
        figures.unanswered_over_3_months,
    ]
    rate = figures.answered / figures.valid if figures.valid else None
    response = _rate(rate, figures.answered, figures.valid)
    return Section(
        key="inquiries",
        title=title,
        caption=_caption(title, scope),
        columns=[_("范围"), *labels, _("答复率")],
        # Always a row, zeros included: "none unanswered over three months" is the inspection's pass.
        rows=[[scope.label, *(_count(n) for n in counts), response]],
        chart={
            "horizontal": False,
            "categories": labels,
            "axes": [{"name": _("条")}],
            "series": [_series(_("数量"), counts)],
        },
        notes=[
            _(
                "按收到留言的年度统计；标为无效（广告、重复等）的留言不计入。答复率 = 已答复 ÷ 有效留言；"
                "“超过3个月未答复”对应全国政府网站检查的单项否决指标。"
            )
        ],
    )


def _supervision(scope: Scope) -> Section:
    from gongkai.workbench.views.dashboard_supervision import supervision

    return supervision(scope)


SECTIONS: dict[str, Callable[[Scope], Section]] = {
    "timeliness": _timeliness,
    "domains": _domains,
    "applications": _applications,
    "replies": _replies,
    "overdue": _overdue,
    "coverage": _coverage,
    "inquiries": _inquiries,
    "supervision": _supervision,
}


def _query(scope: Scope) -> str:
    params: dict[str, Any] = {"year": scope.year}
    if scope.unit is not None:
        params["unit"] = scope.unit.pk
    return urlencode(params)


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The figures of a year for the units asked for, each section a table, a chart and a CSV link."""
    scope = _scope(request)
    choices = list(org_access.units_for(request.user))
    return render(
        request,
        "workbench/dashboard.html",
        {
            "scope": scope,
            "years": _years(scope.today),
            "choices": choices if len(choices) > 1 else [],
            "is_office": org_access.is_office(request.user),
            "sections": [build(scope) for build in SECTIONS.values()],
            "query": _query(scope),
        },
    )


def _safe(text: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a leading = + - @ is quoted."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@staff_required
def dashboard_csv(request: HttpRequest, chart: str) -> HttpResponse:
    """One section's table as CSV: the same rows as the page, for the same people."""
    build = SECTIONS.get(chart)
    if build is None:
        raise Http404
    scope = _scope(request)
    section = build(scope)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM so that Excel opens the UTF-8 file as Chinese text
    writer = csv.writer(buffer)
    writer.writerow(section.columns)
    writer.writerows([[_safe(cell) for cell in row] for row in section.rows])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    name = f"{section.title}-{scope.year}.csv"
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response
